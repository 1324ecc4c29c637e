"""Golden files: every writer's output for each case in tests/golden, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLDEN, run_citeconv
from golden_variants import INPUT_SUFFIXES, VARIANTS


def _cases() -> list[tuple[Path, Path, tuple[str, ...]]]:
    cases = []
    for source in sorted(GOLDEN.iterdir()):
        suffix = next((s for s in INPUT_SUFFIXES if source.name.endswith(s)), None)
        if suffix is None:
            continue
        stem = source.name[: -len(suffix)]
        for variant, args in VARIANTS.items():
            expected = GOLDEN / f"{stem}.{variant}"
            if expected.exists():
                cases.append((source, expected, args))
    return cases


CASES = _cases()


def test_every_case_has_expectations() -> None:
    inputs = [p for p in GOLDEN.iterdir() if p.name.endswith(INPUT_SUFFIXES)]
    assert inputs, "no golden inputs found"
    covered = {source for source, _, _ in CASES}
    assert covered == set(inputs), f"inputs without expected files: {set(inputs) - covered}"


@pytest.mark.parametrize(("source", "expected", "args"), CASES, ids=[e.name for _, e, _ in CASES])
def test_golden(source: Path, expected: Path, args: tuple[str, ...]) -> None:
    result = run_citeconv("convert", str(source), *args, "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == expected.read_text(encoding="utf-8")
