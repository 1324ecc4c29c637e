"""Run the official CSL processor test suite through citeconv's CSL engine.

    python tools/csl_suite.py                      # every fixture: totals by mode
    python tools/csl_suite.py --mode bibliography  # one mode
    python tools/csl_suite.py --match date_        # fixtures whose name has "date_"
    python tools/csl_suite.py --show name_EtAl     # one fixture: expected, actual, diff
    python tools/csl_suite.py --json out.json      # every result, for a script
    python tools/csl_suite.py --stock              # citeproc-py without citeconv's fixes

The suite (github.com/citation-style-language/test-suite, processor-tests/humans) is
read in place from ../shared/csl-test-suite/humans (or --suite DIR, or
$CITECONV_CSL_SUITE); its off-spec/ and experiments/ folders, which the suite says
processors may omit, are not run. Every other fixture counts: one that needs what
citeconv does not do is a failure, classed "unsupported".

A fixture runs as citeconv's ``csl`` writer would run it: its INPUT read by the
CSL-JSON reader, its style file through the same checks, rendered as HTML. The
bibliography of a fixture with CITATION-ITEMS or CITATIONS holds the cited items in
the order first cited (citeproc-js registers items as they are cited). A citation
fixture renders its clusters through citeconv.csl.citations: CITATION-ITEMS
(cluster n in note n), CITATIONS (a citation given again by its citationID replaces
the earlier one, as jgm/citeproc's runner reads it), or else one cluster of every
input item. The output is compared with the fixture's RESULT as the suite's runners
do: line endings made LF, and the whitespace around the whole text left out
(jgm/citeproc's section reader, hayagriva's trim); a CITATIONS result's "..[0] " and
">>[1] " markers are left out (jgm/citeproc's removeCitationNums).

Each fixture has ``--timeout`` seconds (SIGALRM; a fixture that runs longer is a
failure, "timeout"). Failures are classed: "unsupported" (citeconv refuses: a
CiteconvError such as a cite option not rendered yet, a style it refuses),
"crash" (any other exception), "timeout", "wrong" (output differs).
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SUITE = ROOT.parent / "shared" / "csl-test-suite" / "humans"
MODES = ("bibliography", "citation")
CLASSES = ("unsupported", "crash", "timeout", "wrong")


def suite_folder(given: str | None = None) -> Path:
    """The folder of the suite's human-readable fixtures."""
    return Path(given or os.environ.get("CITECONV_CSL_SUITE") or DEFAULT_SUITE)


@dataclass
class Fixture:
    """One fixture of the suite: its sections by name (upper case), as text."""

    name: str
    sections: dict[str, str]

    @property
    def mode(self) -> str:
        return self.sections.get("MODE", "").strip()

    @property
    def expected(self) -> str:
        result = self.sections.get("RESULT", "")
        if "CITATIONS" in self.sections:
            result = "\n".join(_CITATION_MARKER.sub("", line) for line in result.splitlines())
        return normalise(result)

    def json(self, section: str) -> Any:
        text = self.sections.get(section)
        return None if text is None else json.loads(text)


_CITATION_MARKER = re.compile(r"^(?:\.\.|>>)\[\d+\] ?")
_SECTION_START = re.compile(r"^>>=+\s*([A-Z-]+)\s*=+>>\s*$")
_SECTION_END = re.compile(r"^<<=+\s*([A-Z-]+)\s*=+<<\s*$")


def parse_fixture(path: Path) -> Fixture:
    """A fixture's sections: lines between ``>>== NAME ==>>`` and ``<<== NAME ==<<``."""
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    text = path.read_text(encoding="utf-8-sig")
    for line in text.replace("\r\n", "\n").split("\n"):
        if current is None:
            start = _SECTION_START.match(line)
            if start:
                current, lines = start.group(1), []
        elif _SECTION_END.match(line):
            sections[current] = "\n".join(lines)
            current = None
        else:
            lines.append(line)
    return Fixture(path.stem, sections)


def fixtures(folder: Path) -> list[Path]:
    """The suite's fixtures (the top folder only: not off-spec/ or experiments/)."""
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


def normalise(text: str) -> str:
    """Text as the runners compare it: LF line endings, no whitespace around it."""
    return text.replace("\r\n", "\n").strip()


@dataclass
class Outcome:
    """What one fixture did."""

    name: str
    mode: str
    passed: bool
    #: None when passed, else one of CLASSES.
    failure: str | None = None
    detail: str = ""
    expected: str = ""
    actual: str = ""
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class FixtureTimeout(BaseException):
    """A fixture ran past its time (a BaseException: no ``except Exception`` in the
    engine may swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise FixtureTimeout after ``seconds`` (SIGALRM; the main thread only)."""

    def expire(signum: int, frame: Any) -> None:
        raise FixtureTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _items(fixture: Fixture) -> list[Any]:
    from citeconv.diagnostics import Report
    from citeconv.readers.csljson import read_csl_json

    data = fixture.sections.get("INPUT", "[]").encode("utf-8")
    items = read_csl_json(io.BytesIO(data), f"{fixture.name}:INPUT", Report())
    # citeproc-js's harness keeps the items by id: an id given twice is one item,
    # the one given last (number_PlainHyphenOrEnDashAlwaysPlural).
    by_id: dict[Any, Any] = {}
    for item in items:
        by_id[item.id if item.id else object()] = item
    return list(by_id.values())


def _clusters(fixture: Fixture, items: list[Any]) -> list[Any]:
    """The fixture's clusters in citeproc-js's input shape."""
    if "CITATIONS" in fixture.sections:
        return _document(fixture.json("CITATIONS"))
    if "CITATION-ITEMS" in fixture.sections:
        return [
            {"citationItems": cites, "properties": {"noteIndex": n}}
            for n, cites in enumerate(fixture.json("CITATION-ITEMS"), start=1)
        ]
    return [[{"id": item.id} for item in items]]


def _document(calls: list[Any]) -> list[Any]:
    """The citations of the document after the last of citeproc-js's
    ``processCitationCluster(citation, citationsPre, citationsPost)`` calls, as
    citeproc-js's own test harness (``Sys.prototype.updateDoc``) prints them: the
    document is the last call's citationsPre, its citation, its citationsPost (a
    citation no call lists is gone), each citation as it was last given (by its
    citationID) and in the note its [id, noteIndex] pair names."""
    latest: dict[Any, Any] = {}
    last: tuple[Any, list[Any], list[Any]] | None = None
    for call in calls:
        citation, pre, post = [*call, [], []][:3] if isinstance(call, list) else (call, [], [])
        latest[citation.get("citationID")] = citation
        last = (citation, pre or [], post or [])
    if last is None:
        return []
    citation, pre, post = last
    doc: list[Any] = []
    for pair in pre:
        doc.append(_in_note(latest.get(pair[0]), pair[1]))
    doc.append(citation)
    for pair in post:
        doc.append(_in_note(latest.get(pair[0]), pair[1]))
    return [c for c in doc if c is not None]


def _in_note(citation: Any, note: Any) -> Any:
    if citation is None:
        return None
    properties = dict(citation.get("properties") or {}, noteIndex=note)
    return dict(citation, properties=properties)


def _cited_order(clusters: list[Any], items: list[Any]) -> list[Any]:
    by_id = {item.id: item for item in items}
    seen: dict[str, Any] = {}
    for cluster in clusters:
        cites = cluster.get("citationItems", []) if isinstance(cluster, dict) else cluster
        for cite in cites:
            key = str(cite.get("id"))
            if key in by_id:
                seen.setdefault(key, by_id[key])
    return list(seen.values())


_BIBLIOGRAPHY_SORT = re.compile(r"<bibliography\b.*<sort\b", re.DOTALL)


def _registry_order(fixture: Fixture, style_path: Path, items: list[Any]) -> list[Any]:
    """The items in the order of citeproc-js's registry: a fixture without
    CITATION-ITEMS or CITATIONS cites every item in one cluster, which citeproc-js's
    harness builds from ``registry.reflist`` after ``updateItems`` (sorted by the
    style's bibliography sort, if it has one), not from the INPUT's order."""
    from citeconv.csl.engine import render_bibliography
    from citeconv.diagnostics import CiteconvError

    if len(items) < 2 or not _BIBLIOGRAPHY_SORT.search(fixture.sections.get("CSL", "")):
        return items
    try:
        entries = render_bibliography(items, str(style_path), jobs=1)
    except CiteconvError:
        return items
    position = {entry.id: n for n, entry in enumerate(entries)}
    return sorted(items, key=lambda item: position.get(item.id, len(position)))


def render(fixture: Fixture, style_path: Path) -> str:
    """The fixture's output, as citeconv renders it (HTML)."""
    from citeconv.csl import citations as csl_citations
    from citeconv.csl.engine import HTML_BIB_END, HTML_BIB_START, html_entry, render_bibliography

    items = _items(fixture)
    if fixture.mode == "bibliography":
        if "CITATIONS" in fixture.sections or "CITATION-ITEMS" in fixture.sections:
            items = _cited_order(_clusters(fixture, items), items)
        entries = render_bibliography(items, str(style_path), markup="html", jobs=1)
        return HTML_BIB_START + "".join(html_entry(e.text) for e in entries) + HTML_BIB_END
    if fixture.mode == "citation":
        cited = items
        if "CITATIONS" not in fixture.sections and "CITATION-ITEMS" not in fixture.sections:
            cited = _registry_order(fixture, style_path, items)
        clusters = csl_citations.parse_clusters(_clusters(fixture, cited))
        # CITATION-ITEMS: citeproc-js's harness calls makeCitationCluster, which
        # computes no positions (a cite is first unless it gives its "position").
        given = "CITATIONS" not in fixture.sections and "CITATION-ITEMS" in fixture.sections
        rendered = csl_citations.render_citations(
            items, str(style_path), clusters, markup="html", given_positions=given
        )
        return "\n".join(rendered.clusters)
    raise ValueError(f"unknown mode {fixture.mode!r}")


def run_fixture(path: Path, workdir: Path, timeout: float) -> Outcome:
    """Run one fixture (bounded by ``timeout`` seconds) and class its outcome."""
    from citeconv.diagnostics import CiteconvError

    started = time.perf_counter()
    try:
        fixture = parse_fixture(path)
    except (OSError, UnicodeDecodeError) as exc:
        return Outcome(path.stem, "?", False, "crash", f"unreadable: {exc}")
    outcome = Outcome(fixture.name, fixture.mode, False, expected=fixture.expected)
    # A file per fixture: the engine caches parsed styles by path.
    style_path = workdir / f"{fixture.name}.csl"
    style_path.write_text(fixture.sections.get("CSL", ""), encoding="utf-8")
    try:
        with time_limit(timeout):
            actual = render(fixture, style_path)
    except FixtureTimeout:
        outcome.failure, outcome.detail = "timeout", f"over {timeout:g} s"
    except CiteconvError as exc:
        outcome.failure, outcome.detail = "unsupported", str(exc).splitlines()[0][:200]
    except Exception as exc:  # the engine's bug: counted, and the run goes on
        outcome.failure, outcome.detail = "crash", f"{type(exc).__name__}: {exc}"[:200]
    else:
        outcome.actual = normalise(actual)
        outcome.passed = outcome.actual == outcome.expected
        if not outcome.passed:
            outcome.failure = "wrong"
    finally:
        outcome.seconds = time.perf_counter() - started
        style_path.unlink(missing_ok=True)
    return outcome


def run(
    folder: Path,
    mode: str | None = None,
    match: str | None = None,
    timeout: float = 10.0,
    stock: bool = False,
) -> list[Outcome]:
    """Run the fixtures of ``folder`` (one ``mode``, names containing ``match``)."""
    from citeconv.csl import engine, patches

    patches.apply()
    paths = [p for p in fixtures(folder) if not match or match.lower() in p.stem.lower()]
    outcomes = []
    context = patches.without(*{e.target for e in patches.REGISTRY}) if stock else nullcontext()
    with tempfile.TemporaryDirectory(prefix="citeconv-csl-suite-") as tmp, context:
        for path in paths:
            if mode is not None:
                found = parse_fixture(path).mode
                if found != mode:
                    continue
            outcomes.append(run_fixture(path, Path(tmp), timeout))
            engine.load_any_style.cache_clear()
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    """Totals by mode, failure class and fixture category."""
    lines = []
    for mode in MODES:
        chosen = [o for o in outcomes if o.mode == mode]
        if not chosen:
            continue
        passed = sum(o.passed for o in chosen)
        classes = Counter(o.failure for o in chosen if o.failure)
        shown = ", ".join(f"{name} {classes[name]}" for name in CLASSES if classes[name])
        lines.append(
            f"{mode:<13} {passed:>4} / {len(chosen):<4} passed ({passed / len(chosen):.1%})"
            + (f"; failed: {shown}" if shown else "")
        )
        runnable = [o for o in chosen if not o.extra.get("positions")]
        if len(runnable) != len(chosen):
            ok = sum(o.passed for o in runnable)
            lines.append(f"{'':<13} {ok:>4} / {len(runnable):<4} without CITATIONS")
    passed = sum(o.passed for o in outcomes)
    lines.append(f"{'total':<13} {passed:>4} / {len(outcomes):<4} passed")
    details = Counter(
        (o.mode, o.failure, _short(o.detail)) for o in outcomes if o.failure in CLASSES[:3]
    )
    if details:
        lines.append("\nreasons (unsupported, crash, timeout):")
        for (mode, failure, detail), count in details.most_common(25):
            lines.append(f"  {count:>4}  {mode[:4]} {failure:<11} {detail}")
    categories = Counter(o.name.split("_")[0] for o in outcomes if o.failure == "wrong")
    if categories:
        lines.append("\nwrong output, by category:")
        lines.append(
            "  " + ", ".join(f"{name} {count}" for name, count in categories.most_common())
        )
    return "\n".join(lines)


def _short(detail: str) -> str:
    # "citation 3: no item ..." and "'ITEM-2'" vary per fixture: class them together.
    detail = re.sub(r"^citation \d+: ", "", detail)
    detail = re.sub(r"'[^']*'", "'…'", detail)
    return detail[:90]


def show(outcome: Outcome) -> str:
    """One fixture's expected and actual output, and their diff."""
    diff = difflib.unified_diff(
        outcome.expected.splitlines(),
        outcome.actual.splitlines(),
        "expected",
        "actual",
        lineterm="",
    )
    state = "passed" if outcome.passed else f"FAILED ({outcome.failure}: {outcome.detail})"
    return (
        f"{outcome.name} [{outcome.mode}] {state}\n--- expected\n{outcome.expected}\n"
        f"--- actual\n{outcome.actual}\n" + "\n".join(diff)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", help=f"the humans/ folder (default {DEFAULT_SUITE})")
    parser.add_argument("--mode", choices=MODES)
    parser.add_argument("--match", metavar="SUBSTRING", help="fixtures whose name has it")
    parser.add_argument("--show", metavar="NAME", help="one fixture's output and diff")
    parser.add_argument("--json", metavar="FILE", help="write every outcome as JSON")
    parser.add_argument("--stock", action="store_true", help="without citeconv's fixes")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per fixture")
    parser.add_argument("--list", choices=("passed", "failed"), help="print those names")
    args = parser.parse_args(argv)
    folder = suite_folder(args.suite)
    if not folder.is_dir():
        print(f"csl_suite: no test suite at {folder}", file=sys.stderr)
        return 2
    if args.show:
        name = args.show.removesuffix(".txt")
        outcomes = run(folder, match=name, timeout=args.timeout, stock=args.stock)
        outcomes = [o for o in outcomes if o.name == name] or outcomes
        if not outcomes:
            print(f"csl_suite: no fixture {name}", file=sys.stderr)
            return 2
        print("\n\n".join(show(o) for o in outcomes))
        return 0
    outcomes = run(folder, args.mode, args.match, args.timeout, args.stock)
    for outcome in outcomes:
        outcome.extra["positions"] = (
            "CITATIONS" in parse_fixture(folder / f"{outcome.name}.txt").sections
        )
    if args.list:
        if args.list == "passed" and args.mode and not args.match:
            # The header of the ratchet files (tests/csl/suite_passing*.txt).
            print(f"# CSL test suite fixtures (MODE {args.mode}) that citeconv passes: a")
            print("# ratchet (tests/test_csl_suite.py), it only grows. Regenerate with")
            print(f"# python tools/csl_suite.py --mode {args.mode} --list passed > THIS_FILE")
        for outcome in outcomes:
            if outcome.passed == (args.list == "passed"):
                print(outcome.name)
    else:
        for outcome in outcomes:
            state = "pass" if outcome.passed else f"FAIL {outcome.failure}"
            print(f"{state:<16} {outcome.mode:<13} {outcome.name}")
        print()
    print(
        ("stock citeproc-py (no citeconv fixes)\n" if args.stock else "") + summary(outcomes),
        file=sys.stderr if args.list else sys.stdout,
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps([asdict(o) for o in outcomes], indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
