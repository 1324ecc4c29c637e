"""``citeconv check``: what a user wants to know about exports before converting them.

Every input is read as ``convert`` reads it (any reader, ``--from`` or by content)
and nothing is written but a report: per input, the reader chosen and why, the
encoding its text was decoded with (:class:`~citeconv.diagnostics.InputFacts`,
which the readers fill in), the RIS dialect, the records by CSL type, the records
without a title, an author or editor, a year or a DOI, the DOIs given to more
than one record, and the number of warnings and errors; then the same counts over
all inputs (DOIs compared across them). Items are not kept: the counts are of all
records, the lists name the first :data:`LIST_CAP` of each. Only the DOIs are
remembered (each with its first record), to find the repeated ones.

:func:`run_check` reads; :func:`to_json` and :func:`format_text` give the two
forms of the result. The JSON object (``citeconv check --json``), with stable keys::

    {"files": [FILE, ...], "totals": TOTALS}
    FILE    {"file": name, "ok": bool (read to its end), "error": what stopped it or
             null, "reader": name or null, "reader_by": "content" | "--from" | null,
             "reader_doubt": the note when the content could be several formats,
             "encoding": codec or null, "encoding_by": "--encoding" | "BOM" |
             "detected" | "declared" | "default" | null, "encoding_fallback":
             "cp1252" when some lines were not UTF-8, else null, "dialect": [...]
             (RIS: "endnote" or "zotero" tag reading, then "procite",
             "collapsed-lines" when met), COUNTS...}
    TOTALS  {"files": n, "unreadable": n, COUNTS...}
    COUNTS  "records": n, "types": {csl-type: n}, "missing": {"title": SAMPLE,
            "author": SAMPLE, "year": SAMPLE, "doi": SAMPLE}, "repeated_dois":
            {"count": DOIs given to several records, "records": records holding
            one, "first": [{"doi": doi, "count": n, "records": [RECORD, ...]}]},
            "warnings": n, "errors": n
    SAMPLE  {"count": n, "first": [RECORD, ...]}
    RECORD  {"file": name, "line": its first line or null, "n": its position in its
             file (from 1), "id": its own id (RIS ID, BibTeX key, CSL-JSON id, else
             its PMID) or null}

DOIs are compared in lower case, without ``https://doi.org/`` or ``doi:``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from citeconv.diagnostics import (
    CiteconvError,
    Diagnostic,
    EmptyInput,
    InputFacts,
    Report,
    UsageError,
    printable,
)
from citeconv.model import Item
from citeconv.readers.base import ReadOptions

#: How many records each list names (the counts are of all).
LIST_CAP = 10
#: What a record may lack, as the report and the JSON name it.
MISSING: tuple[str, ...] = ("title", "author", "year", "doi")
_MISSING_LABELS = {"title": "no title", "author": "no author", "year": "no year", "doi": "no DOI"}
#: The RIS reader's traits, as the human report describes them.
_DIALECTS = {
    "endnote": "EndNote tags (--mapping endnote)",
    "zotero": "Zotero tags (--mapping zotero)",
    "procite": "ProCite notes (N1 Label: value)",
    "collapsed-lines": "collapsed lines (newlines lost)",
}
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\.org/)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where to find a record: its file, first line, position in the file (from 1),
    and its own id (see :func:`own_id`), if it has one."""

    file: str
    line: int | None
    n: int
    id: str | None

    @classmethod
    def of(cls, item: Item, file: str, n: int) -> RecordRef:
        line = item.origin.line if item.origin is not None and item.origin.line else None
        return cls(file, line, n, own_id(item, n))

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "n": self.n, "id": self.id}

    def label(self, with_file: bool) -> str:
        """``id (line 12)``, ``id (file:12)``; ``line 12`` without an id."""
        if self.line is not None:
            where = f"{self.file}:{self.line}" if with_file else f"line {self.line}"
        else:
            where = f"{self.file} record {self.n}" if with_file else f"record {self.n}"
        return where if self.id is None else f"{self.id} ({where})"


def own_id(item: Item, n: int) -> str | None:
    """The id the ``n``-th record of its input was given there (a RIS ``ID``, a
    BibTeX key, a CSL-JSON id), else its PMID, else None: not the id a reader
    made up for it (``item{n}``)."""
    if item.key:
        return item.key
    if item.id and item.id != f"item{n}":
        return item.id
    return item.fields.get("PMID") or None


@dataclass(slots=True)
class Sample:
    """A count of records and the first few of them."""

    cap: int
    count: int = 0
    first: list[RecordRef] = field(default_factory=list)

    def add(self, ref: RecordRef) -> None:
        self.count += 1
        if len(self.first) < self.cap:
            self.first.append(ref)

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "first": [ref.to_json() for ref in self.first]}


class DoiIndex:
    """The DOIs seen, to find those given to more than one record.

    Each DOI is held once: with its first record while it was seen once, then as
    its number of records. The first ``cap`` repeated DOIs keep up to ``cap`` of
    their records; all are counted.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._seen: dict[str, RecordRef | int] = {}
        #: DOIs given to more than one record, and the records holding one of them.
        self.count = 0
        self.records = 0
        self.listed: dict[str, list[RecordRef]] = {}

    def add(self, doi: str, ref: RecordRef) -> None:
        before = self._seen.get(doi)
        if before is None:
            self._seen[doi] = ref
        elif isinstance(before, RecordRef):
            self._seen[doi] = 2
            self.count += 1
            self.records += 2
            if len(self.listed) < self.cap:
                self.listed[doi] = [before, ref]
        else:
            self._seen[doi] = before + 1
            self.records += 1
            refs = self.listed.get(doi)
            if refs is not None and len(refs) < self.cap:
                refs.append(ref)

    def times(self, doi: str) -> int:
        """How many records have ``doi`` (a listed one)."""
        seen = self._seen.get(doi)
        return seen if isinstance(seen, int) else 1

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "records": self.records,
            "first": [
                {"doi": doi, "count": self.times(doi), "records": [r.to_json() for r in refs]}
                for doi, refs in self.listed.items()
            ],
        }


def comparable_doi(value: str) -> str:
    """A DOI as compared: without a resolver's prefix or ``doi:``, in lower case."""
    return _DOI_PREFIX.sub("", value).strip().rstrip(".").lower()


def has_year(item: Item) -> bool:
    """Whether the record's ``issued`` date gives a year (parsed, or in its text)."""
    issued = item.dates.get("issued")
    if issued is None:
        return False
    if issued.year is not None:
        return True
    return any(_YEAR.search(text) for text in (issued.raw, issued.literal) if text)


def lacks(item: Item, doi: str) -> list[str]:
    """Which of :data:`MISSING` the record has not (``doi``: its comparable DOI)."""
    missing = []
    if not (item.fields.get("title") or "").strip():
        missing.append("title")
    if not (item.names.get("author") or item.names.get("editor")):
        missing.append("author")
    if not has_year(item):
        missing.append("year")
    if not doi:
        missing.append("doi")
    return missing


class Tally:
    """The counts over some records: one input's, or all inputs'."""

    def __init__(self, cap: int = LIST_CAP) -> None:
        self.records = 0
        self.types: Counter[str] = Counter()
        self.missing = {what: Sample(cap) for what in MISSING}
        self.dois = DoiIndex(cap)
        self.warnings = 0
        self.errors = 0

    def add(self, ref: RecordRef, csl_type: str, lacking: list[str], doi: str) -> None:
        """Count a record: its type, what it lacks (:func:`lacks`), its DOI or ""."""
        self.records += 1
        self.types[csl_type] += 1
        for what in lacking:
            self.missing[what].add(ref)
        if doi:
            self.dois.add(doi, ref)

    def counts_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "types": dict(sorted(self.types.items())),
            "missing": {what: sample.to_json() for what, sample in self.missing.items()},
            "repeated_dois": self.dois.to_json(),
            "warnings": self.warnings,
            "errors": self.errors,
        }


class FileCheck(Tally):
    """One input's counts, with what its reader found out and what stopped it."""

    def __init__(self, name: str, cap: int = LIST_CAP) -> None:
        super().__init__(cap)
        self.name = name
        self.error: str | None = None
        self.facts = InputFacts()
        self.dialect: list[str] = []

    def to_json(self) -> dict[str, Any]:
        facts = self.facts
        return {
            "file": self.name,
            "ok": self.error is None,
            "error": self.error,
            "reader": facts.reader,
            "reader_by": facts.reader_by,
            "reader_doubt": facts.reader_doubt,
            "encoding": facts.encoding,
            "encoding_by": facts.encoding_by,
            "encoding_fallback": facts.encoding_fallback,
            "dialect": self.dialect,
            **self.counts_json(),
        }


@dataclass
class CheckResult:
    """Every input's :class:`FileCheck`, in order, and the :class:`Tally` of all."""

    files: list[FileCheck]
    totals: Tally
    #: An input could not be read (to its end).
    failed: bool = False


def run_check(
    paths: Sequence[str], options: ReadOptions, report: Report, cap: int = LIST_CAP
) -> CheckResult:
    """Read each of ``paths`` (``-``: standard input) as ``convert`` would, counting.

    Diagnostics go to ``report`` as they come; an input that cannot be read is an
    error there (``FILE: error: ...``) and the next one is read. A usage error
    (:class:`~citeconv.diagnostics.UsageError`) stops the run.
    """
    from citeconv.api import display_name, input_problem, read

    totals = Tally(cap)
    result = CheckResult([], totals)
    for path in paths:
        name = display_name(path)
        checked = FileCheck(name, cap)
        result.files.append(checked)
        warnings, errors = report.warnings, report.errors
        try:
            problem = input_problem(path, options)
            if problem is not None and not isinstance(problem, EmptyInput):
                raise problem  # an empty input is a warning when it is read, as in convert
            for n, item in enumerate(read([path], report, options), start=1):
                ref = RecordRef.of(item, name, n)
                doi = comparable_doi(item.fields.get("DOI") or "")
                lacking = lacks(item, doi)
                checked.add(ref, item.type, lacking, doi)
                totals.add(ref, item.type, lacking, doi)
        except UsageError:
            raise
        except CiteconvError as exc:
            result.failed = True
            checked.error = exc.message
            report.add(Diagnostic(exc.file or name, exc.line, "error", "input", exc.message))
        checked.warnings = report.warnings - warnings
        checked.errors = report.errors - errors
        checked.facts = report.inputs.get(name) or InputFacts()
        if checked.facts.reader == "ris":
            checked.dialect = [options.tag_mapping]
        checked.dialect += checked.facts.traits
    totals.warnings, totals.errors = report.warnings, report.errors
    return result


def to_json(result: CheckResult) -> dict[str, Any]:
    """The result as the one JSON object ``citeconv check --json`` writes (keys above)."""
    return {
        "files": [checked.to_json() for checked in result.files],
        "totals": {
            "files": len(result.files),
            "unreadable": sum(1 for checked in result.files if checked.error is not None),
            **result.totals.counts_json(),
        },
    }


#: The column where values start, and the width lists are wrapped at.
_LABEL_WIDTH = 15
_WIDTH = 88
_INDENT = " " * (2 + _LABEL_WIDTH)


class _Text:
    """Lines of the human report: ``label  value``, aligned, colour on a terminal."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour
        self.lines: list[str] = []

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def heading(self, text: str) -> None:
        self.lines.append(self.paint(printable(text), "1"))

    def row(self, label: str, value: str, warn: bool = False) -> None:
        shown = self.paint(value, "33") if warn else value
        self.lines.append(f"  {label:<{_LABEL_WIDTH}}{shown}".rstrip())

    def more(self, pieces: Sequence[str], first: str = "") -> None:
        """Pieces under the value column, ``, ``-separated, wrapped between pieces
        (never inside one: a file name or id stays whole)."""
        line = _INDENT + first
        bare = True
        for n, piece in enumerate(pieces):
            text = piece + ("," if n < len(pieces) - 1 else "")
            if not bare and len(line) + 1 + len(text) > _WIDTH:
                self.lines.append(line)
                line, bare = _INDENT + "  ", True
            line += ("" if bare else " ") + text
            bare = False
        self.lines.append(line)

    def grid(self, label: str, cells: list[tuple[str, int]]) -> None:
        """``(name, count)`` cells, as many a line as fit, counts aligned."""
        width = max(len(name) for name, _ in cells)
        digits = max(len(str(count)) for _, count in cells)
        shown = [f"{name:<{width}}  {count:>{digits}}" for name, count in cells]
        columns = max(1, (_WIDTH - len(_INDENT) + 4) // (len(shown[0]) + 4))
        rows = -(-len(shown) // columns)
        for n in range(rows):  # down the first column, then the next: ranked
            self.row(label if n == 0 else "", "    ".join(shown[n::rows]))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _describe_facts(out: _Text, checked: FileCheck) -> None:
    facts = checked.facts
    if facts.reader is not None:
        how = "--from" if facts.reader_by == "--from" else "by content"
        out.row("reader", f"{facts.reader} ({how})")
        if facts.reader_doubt is not None:
            out.more([printable(facts.reader_doubt)])
    if facts.encoding is not None:
        encoding = f"{facts.encoding} ({facts.encoding_by})"
        if facts.encoding_fallback is not None:
            encoding += f", {facts.encoding_fallback} for lines that are not UTF-8"
        out.row("encoding", encoding, warn=facts.encoding_fallback is not None)
    if checked.dialect:
        out.row("dialect", "; ".join(_DIALECTS.get(d, d) for d in checked.dialect))


def _describe_counts(out: _Text, tally: Tally, with_file: bool) -> None:
    """The counts; the records lacking something are named per input only (the
    totals would repeat them), repeated DOIs in the totals too (across inputs)."""
    out.row("records", str(tally.records))
    if tally.types:
        out.grid("types", sorted(tally.types.items(), key=lambda kv: (-kv[1], kv[0])))
    for what, sample in tally.missing.items():
        out.row(_MISSING_LABELS[what], str(sample.count), warn=sample.count > 0)
        if sample.first and not with_file:
            out.more(_refs(sample.first, sample.count, with_file))
    dois = tally.dois
    value = str(dois.count)
    if dois.count:
        value += f" ({dois.records} records)"
    out.row("repeated DOIs", value, warn=dois.count > 0)
    for doi, refs in dois.listed.items():
        out.more(_refs(refs, dois.times(doi), with_file), first=f"{printable(doi)}: ")
    if dois.count > len(dois.listed):
        out.more([f"… {dois.count - len(dois.listed)} more DOIs"])
    diagnostics = f"{_plural(tally.warnings, 'warning')}, {_plural(tally.errors, 'error')}"
    out.row("diagnostics", diagnostics, warn=bool(tally.warnings or tally.errors))


def _refs(refs: list[RecordRef], count: int, with_file: bool) -> list[str]:
    shown = [printable(ref.label(with_file)) for ref in refs]
    return shown + ([f"… {count - len(refs)} more"] if count > len(refs) else [])


def format_text(result: CheckResult, colour: bool = False) -> str:
    """The human report: a block per input, then one for all (with several inputs)."""
    out = _Text(colour)
    for n, checked in enumerate(result.files):
        if n:
            out.lines.append("")
        out.heading(checked.name)
        if checked.error is not None:
            label = out.paint(f"{'error':<{_LABEL_WIDTH}}", "31")
            out.lines.append(f"  {label}{printable(checked.error)}")
        _describe_facts(out, checked)
        if checked.error is None or checked.records:
            _describe_counts(out, checked, with_file=False)
    if len(result.files) > 1:
        unreadable = sum(1 for checked in result.files if checked.error is not None)
        out.lines.append("")
        out.heading(f"all {len(result.files)} inputs")
        if unreadable:
            out.row("unreadable", str(unreadable), warn=True)
        _describe_counts(out, result.totals, with_file=True)
    return "\n".join(out.lines) + "\n"
