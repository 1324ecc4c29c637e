"""The registry of replacements of citeproc-py (``citeconv.csl.patches.REGISTRY``) is
complete and honest: each attribute replaced once per layer, each entry with its
reason and a test that exists, each fix's test running citeproc-py's own method,
and the stock values saved before anything was replaced."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from citeconv.csl import guard, patches
from citeconv.csl.originals import ABSENT, STOCK

TESTS = Path(__file__).parent


def _test_functions() -> dict[str, list[tuple[Path, str]]]:
    """Every test function under tests/, by name: where each definition is, and its source."""
    found: dict[str, list[tuple[Path, str]]] = {}
    for path in sorted(TESTS.glob("test_*.py")):
        source = path.read_text("utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                segment = ast.get_source_segment(source, node) or ""
                found.setdefault(node.name, []).append((path, segment))
    return found


FUNCTIONS = _test_functions()

#: Fixes whose effect shows only with another one taken out too (each covers a
#: path the other also guards): their test is run without both.
JOINT = {
    # citeproc.model imports normalize_seam from citeproc.string: affixes and
    # joins meet the same seams, and the string fix reaches most of them first.
    "model.normalize_seam": "string.normalize_seam",
    # In a sort key the names fix leaves "et al." out itself; et_al is the guard
    # for the paths that ask the element for its term directly.
    "Name.et_al": "Name.process",
    # A macro's sort-key path (process) is charged by its render too.
    "Macro.process": "Macro.render",
}


def test_each_attribute_is_replaced_once_per_layer() -> None:
    speed = Counter(e.target for e in patches.REGISTRY if e.kind == "speed")
    rest = Counter(e.target for e in patches.REGISTRY if e.kind != "speed")
    assert [name for name, n in speed.items() if n > 1] == []
    assert [name for name, n in rest.items() if n > 1] == []
    # What the guard records is exactly what the registry replaces.
    assert set(patches.stock_targets()) == set(guard.TARGETS)


@pytest.mark.parametrize("entry", patches.REGISTRY, ids=lambda e: f"{e.kind}:{e.target}")
def test_every_entry_says_why_and_names_a_test_that_exists(entry: patches.Replacement) -> None:
    assert len(entry.why) >= 10
    assert len(FUNCTIONS.get(entry.test, [])) == 1, f"{entry.test}: no such test, or several"


@pytest.mark.parametrize(
    "entry", [e for e in patches.REGISTRY if e.kind != "speed"], ids=lambda e: e.target
)
def test_every_fix_is_shown_against_citeproc_pys_own_method(entry: patches.Replacement) -> None:
    """Its test puts the stock method back (``stock(...)`` / ``patches.without(...)``)
    for this very target, so it fails if the fix is taken out."""
    [(_, source)] = FUNCTIONS[entry.test]
    calls = re.findall(r"(?:stock|without)\(([^)]*)\)", source)
    named = {name for call in calls for name in re.findall(r'"([\w.]+)"', call)}
    assert entry.target in named


def _defined_in(value: Any) -> str:
    if isinstance(value, property):
        value = value.fget
    return getattr(value, "__module__", None) or type(value).__module__


def test_the_stock_values_are_citeproc_pys_own() -> None:
    """Saved before any speed-up or fix was installed: none of them is ours (for the
    eight methods both layers replace, the stock value is not the speed-up)."""
    patches.apply()
    assert set(STOCK) == {e.target for e in patches.REGISTRY}
    for name, value in STOCK.items():
        if value is not ABSENT:
            assert _defined_in(value).startswith("citeproc"), name


def test_applied_the_fix_over_the_speed_up() -> None:
    patches.apply()
    speed = patches.speedups_enabled()
    installed = {e.target: e.value for e in patches.REGISTRY if e.kind == "speed" and speed}
    installed.update({e.target: e.value for e in patches.REGISTRY if e.kind != "speed"})
    for name, value in installed.items():
        owner, attribute = patches.target(name)
        assert owner.__dict__[attribute] is value, name


def test_without_puts_back_the_stock_value_and_then_the_fix() -> None:
    patches.apply()
    owner, attribute = patches.target("Text.process")
    fix = owner.__dict__[attribute]
    with patches.without("Text.process"):
        assert owner.__dict__[attribute] is STOCK["Text.process"]
    assert owner.__dict__[attribute] is fix


@pytest.mark.parametrize(
    "entry", [e for e in patches.REGISTRY if e.kind != "speed"], ids=lambda e: e.target
)
def test_every_fix_s_test_fails_without_that_fix_alone(entry: patches.Replacement) -> None:
    """The registry's test for a fix, run with only that fix left out
    (``CITECONV_WITHOUT``), fails: the test can fail, and fails for this fix."""
    import os
    import subprocess
    import sys

    [(path, _)] = FUNCTIONS[entry.test]
    left_out = ",".join(filter(None, (entry.target, JOINT.get(entry.target))))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            f"{path}::{entry.test}",
        ],
        env={**os.environ, "CITECONV_WITHOUT": left_out},
        capture_output=True,
        cwd=TESTS.parent,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout.decode()[-2000:]
