"""The official CSL test suite, as a ratchet: a fixture that passed must still pass.

tests/csl/suite_passing.txt (bibliography fixtures) and suite_passing_citations.txt
(citation fixtures) list what citeconv passes (tools/csl_suite.py); they only grow.
tests/csl/suite_failing.tsv says, for every fixture citeconv fails, why (as
jgm/citeproc keeps its list): a failure without a line there fails the tests, and
so does a line for a fixture that now passes (it moves to the ratchet).
The suite is read in place from ../shared/csl-test-suite/humans (or
$CITECONV_CSL_SUITE); without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from csl_fixtures import suite_runner

ROOT = Path(__file__).resolve().parent.parent
RATCHETS = {
    "bibliography": ROOT / "tests" / "csl" / "suite_passing.txt",
    "citation": ROOT / "tests" / "csl" / "suite_passing_citations.txt",
}


suite = suite_runner()


def _recorded(mode: str) -> list[str]:
    lines = RATCHETS[mode].read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def folder() -> Path:
    found = suite.suite_folder()
    if not found.is_dir() or not suite.fixtures(found):
        pytest.skip(f"CSL test suite not found at {found}")
    return found


NOTES = ROOT / "tests" / "csl" / "suite_failing.tsv"


@pytest.fixture(scope="module")
def results(folder: Path) -> dict[str, dict[str, Any]]:
    """Every fixture's outcome, by mode then name (the suite runs once)."""
    return {
        mode: {o.name: o for o in suite.run(folder, mode=mode, timeout=10.0)} for mode in RATCHETS
    }


def _notes() -> dict[str, tuple[str, str]]:
    """fixture name -> (mode, why citeconv fails it)."""
    notes: dict[str, tuple[str, str]] = {}
    for line in NOTES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, mode, why = line.split("\t")
        assert name not in notes, f"{name} twice in {NOTES.name}"
        assert mode in RATCHETS and why.strip(), line
        notes[name] = (mode, why)
    return notes


def test_every_failing_fixture_is_explained(results: dict[str, dict[str, Any]]) -> None:
    notes = _notes()
    failing = {
        name: mode
        for mode, by_name in results.items()
        for name, o in by_name.items()
        if not o.passed
    }
    unexplained = sorted(f"{name}\t{mode}" for name, mode in failing.items() if name not in notes)
    assert not unexplained, f"fixtures failing without a line in {NOTES.name}:\n" + "\n".join(
        unexplained
    )
    passing_now = sorted(name for name in notes if name not in failing)
    assert not passing_now, (
        f"these pass now: take them out of {NOTES.name} and run tools/csl_suite.py "
        "--list passed:\n" + "\n".join(passing_now)
    )
    for name, (mode, _) in notes.items():
        assert failing[name] == mode, name


@pytest.mark.parametrize("mode", sorted(RATCHETS))
def test_fixtures_that_passed_still_pass(results: dict[str, dict[str, Any]], mode: str) -> None:
    recorded = _recorded(mode)
    outcomes = results[mode]
    now_failing = [
        f"{name} ({outcomes[name].failure}: {outcomes[name].detail or 'output differs'})"
        if name in outcomes
        else f"{name} (no longer in the suite)"
        for name in recorded
        if name not in outcomes or not outcomes[name].passed
    ]
    assert not now_failing, f"{mode} fixtures that passed and now fail:\n" + "\n".join(now_failing)
    passing = sum(o.passed for o in outcomes.values())
    assert passing >= len(recorded)


def test_ratchet_files_are_sorted_and_unique() -> None:
    for mode in RATCHETS:
        names = _recorded(mode)
        assert names == sorted(set(names)), RATCHETS[mode]


def test_a_citations_fixture_has_its_markers_left_out(tmp_path: Path) -> None:
    fixture = tmp_path / "position_Made.txt"
    fixture.write_text(
        ">>===== MODE =====>>\ncitation\n<<===== MODE =====<<\n"
        ">>===== RESULT =====>>\n..[0] (A)\n>>[1] (B)\n<<===== RESULT =====<<\n"
        ">>===== CITATIONS =====>>\n[]\n<<===== CITATIONS =====<<\n",
        encoding="utf-8",
    )
    parsed = suite.parse_fixture(fixture)
    assert parsed.mode == "citation"
    assert parsed.expected == "(A)\n(B)"


def test_a_fixture_that_runs_too_long_is_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    fixture = tmp_path / "slow_Made.txt"
    fixture.write_text(
        ">>===== MODE =====>>\ncitation\n<<===== MODE =====<<\n"
        ">>===== RESULT =====>>\nx\n<<===== RESULT =====<<\n"
        ">>===== CSL =====>>\n<style/>\n<<===== CSL =====<<\n"
        ">>===== INPUT =====>>\n[]\n<<===== INPUT =====<<\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(suite, "render", lambda fixture, path: time.sleep(5))
    outcome = suite.run_fixture(fixture, tmp_path, timeout=0.2)
    assert (outcome.passed, outcome.failure) == (False, "timeout")
