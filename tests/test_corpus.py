"""The shared corpus of real RIS exports: every file reads, and we agree with Zotero.

Two checks over ``../shared/corpus`` (read in place, skipped when absent):

* every one of its files converts with the record count INDEX.tsv gives, or - for
  the three files INDEX.tsv marks ``NO-TY-LINES`` - fails with the clear error
  (Web of Science) or is recovered record by record with a ``missing-ty`` warning;
  never another exception;
* for the Zotero translator test cases (``zotero/*.expected.json``, Zotero item
  JSON), each expected item is translated to the CSL variables Zotero itself
  exports it as, and compared field by field with what we read, in each reading
  (``--mapping``). With ``zotero``, at least 97% of the compared fields must agree
  (the issue's bar); ``endnote``, the default, differs on purpose where EndNote's
  layout and Zotero disagree. Every known difference is listed, with the reason, in
  the reading's ratchet (``corpus_known_differences.tsv``,
  ``corpus_known_differences_zotero.tsv``): the test fails when a new difference
  appears AND when a listed one disappears, so that list only ever shrinks.

``python tests/test_corpus.py [endnote|zotero]`` prints the agreement and the
current differences of that ``--mapping`` (in its ratchet's format, to update it
after a deliberate change).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from citeconv.dates import parse_ris_date
from citeconv.diagnostics import CiteconvError, InputError, Report
from citeconv.model import Item, Name
from citeconv.readers.ris.reader import read_ris

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import CORPUS

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Bar:
    """What one ``--mapping`` must reach: its ratchet and its agreement floors."""

    ratchet: Path
    min_agreement: float
    min_agreement_real: float


#: The issue asks for 97% over all compared fields. Zotero's cases are 174 EndNote
#: "every reference type" placeholder records (003, 005 and their one-record cuts)
#: and 11 real records.
#:
#: ``zotero``, the reading that follows Zotero, is held to the issue's 97% (97.12% of
#: 1,424): what differs is what the issue asks beyond Zotero (names "Given Family",
#: J2 as the abbreviation) and TI being the title of a case or statute. The URL the
#: export gives is kept (the reader issue, round 2), so on the 11 real records
#: every compared field now agrees but for a journal abbreviation.
#:
#: ``endnote``, the default, reads type-dependent tags as EndNote's layout names
#: them; on the placeholders it differs from Zotero in type choices and A2-A4 roles
#: (each listed with its reason in its ratchet): 87.74% of 1,468 (180 differences;
#: 183 of 1,642 before the placeholders' UR "URL", which is no web address, stopped
#: being compared); on the real records also a bare Citavi GEN record that it
#: keeps a document (97.1%). The floors guard what we have; each ratchet says why
#: each difference stays.
BARS: dict[str, Bar] = {
    "endnote": Bar(HERE / "corpus_known_differences.tsv", 0.877, 0.971),
    "zotero": Bar(HERE / "corpus_known_differences_zotero.tsv", 0.97, 0.985),
}
#: The EndNote placeholder cases, whose values are field names ("Title", "Year").
PLACEHOLDER_CASE = re.compile(r"zotero/(003|005|0\d\d-tc0[24])-")

pytestmark = pytest.mark.corpus


# ----------------------------------------------------------------- every file reads


@dataclass(frozen=True)
class IndexEntry:
    file: str
    records: int
    quirks: str


def index_entries(corpus: Path) -> list[IndexEntry]:
    """The rows of INDEX.tsv (file, expected record count, quirks)."""
    rows = (corpus / "INDEX.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    at = {name: i for i, name in enumerate(header)}
    entries = []
    for row in rows[1:]:
        cells = row.split("\t")
        entries.append(
            IndexEntry(cells[at["file"]], int(cells[at["records"]]), cells[at["quirks"]])
        )
    return entries


def read_file(path: Path, name: str, tag_mapping: str = "endnote") -> tuple[list[Item], Report]:
    report = Report()
    with path.open("rb") as handle:
        items = list(read_ris(handle, name, report, tag_mapping=tag_mapping))
    return items, report


def test_index_lists_every_ris_file(corpus: Path) -> None:
    listed = {e.file for e in index_entries(corpus)}
    on_disk = {str(p.relative_to(corpus)) for p in corpus.rglob("*.ris")}
    assert listed == on_disk
    assert len(listed) == 213


@pytest.mark.parametrize("tag_mapping", sorted(BARS))
def test_every_corpus_file_reads(corpus: Path, tag_mapping: str) -> None:
    """All 213 files, in either reading: the right number of records, or the error
    they deserve."""
    problems: list[str] = []
    records = warnings = 0
    for entry in index_entries(corpus):
        path = corpus / entry.file
        if "NO-TY-LINES" in entry.quirks:
            try:
                items, report = read_file(path, entry.file, tag_mapping)
            except InputError as exc:
                # Only the Web of Science file is not RIS at all; say so by name.
                if "Web of Science" not in exc.message:
                    problems.append(f"{entry.file}: unclear error {exc}")
                continue
            codes = {d.code for d in report.diagnostics}
            if not items or "missing-ty" not in codes:
                problems.append(f"{entry.file}: recovered without a missing-ty warning")
            continue
        try:
            items, report = read_file(path, entry.file, tag_mapping)
        except CiteconvError as exc:
            problems.append(f"{entry.file}: {exc}")
            continue
        records += len(items)
        warnings += report.warnings
        if len(items) != entry.records:
            problems.append(f"{entry.file}: {len(items)} records, INDEX.tsv says {entry.records}")
        for diagnostic in report.diagnostics:
            if diagnostic.file != entry.file or diagnostic.line is None:
                problems.append(f"{entry.file}: warning without file and line: {diagnostic}")
    assert not problems, "\n".join(problems)
    print(f"\ncorpus: {records} records read from 210 RIS files, {warnings} warnings")


def test_wos_file_is_named_web_of_science(corpus: Path) -> None:
    with pytest.raises(InputError, match="Web of Science"):
        read_file(corpus / "rispy/015-wos.ris", "015-wos.ris")


def test_no_value_keeps_a_carriage_return(corpus: Path) -> None:
    """The bare-CR and mixed-EOL bibutils files leave no \\r in any value."""
    for name in ("misc/059-bibutils-archive-test.ris", "misc/061-bibutils-archive-main1.ris"):
        items, _ = read_file(corpus / name, name)
        text = json.dumps([item.to_csl() for item in items])
        assert "\\r" not in text


# ------------------------------------------------------ agreement with Zotero's RIS.js

#: Zotero item type → CSL type, as Zotero exports it (its schema's CSL mapping).
ZOTERO_TYPES: dict[str, str] = {
    "artwork": "graphic",
    "audioRecording": "song",
    "bill": "bill",
    "blogPost": "post-weblog",
    "book": "book",
    "bookSection": "chapter",
    "case": "legal_case",
    "computerProgram": "software",
    "conferencePaper": "paper-conference",
    "dataset": "dataset",
    "dictionaryEntry": "entry-dictionary",
    "document": "document",
    "email": "personal_communication",
    "encyclopediaArticle": "entry-encyclopedia",
    "film": "motion_picture",
    "hearing": "hearing",
    "interview": "interview",
    "journalArticle": "article-journal",
    "letter": "personal_communication",
    "magazineArticle": "article-magazine",
    "manuscript": "manuscript",
    "map": "map",
    "newspaperArticle": "article-newspaper",
    "patent": "patent",
    "podcast": "broadcast",
    "preprint": "article",
    "presentation": "speech",
    "report": "report",
    "standard": "standard",
    "statute": "legislation",
    "thesis": "thesis",
    "videoRecording": "motion_picture",
    "webpage": "webpage",
}

#: Each item type's primary creator, which Zotero exports to CSL as ``author``.
ZOTERO_PRIMARY = frozenset(
    {"artist", "cartographer", "director", "inventor", "performer", "programmer", "sponsor"}
)
#: Zotero creator type → CSL name variable; roles missing here have no CSL variable
#: (wordsBy, counsel, attorneyAgent, ...) and are not compared.
ZOTERO_ROLES: dict[str, str] = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "seriesEditor": "collection-editor",
    "bookAuthor": "container-author",
    "composer": "composer",
    "recipient": "recipient",
    "interviewer": "interviewer",
    "reviewedAuthor": "reviewed-author",
    "contributor": "contributor",
    "producer": "producer",
    "castMember": "performer",
}

#: CSL variable → the Zotero fields that export to it.
ZOTERO_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "caseName", "nameOfAct", "subject"),
    "container-title": (
        "publicationTitle",
        "bookTitle",
        "proceedingsTitle",
        "websiteTitle",
        "blogTitle",
        "dictionaryTitle",
        "encyclopediaTitle",
        "reporter",
        "code",
    ),
    "volume": ("volume", "codeVolume", "reporterVolume"),
    "issue": ("issue",),
    "page": ("pages", "codePages", "firstPage"),
    "DOI": ("DOI",),
    "ISBN": ("ISBN",),
    "ISSN": ("ISSN",),
    "URL": ("url",),
    "publisher": (
        "publisher",
        "company",
        "distributor",
        "studio",
        "label",
        "institution",
        "university",
        "repository",
    ),
    "publisher-place": ("place",),
    "issued": ("date", "dateDecided", "dateEnacted", "issueDate"),
}

#: Creators are compared role by role: each CSL name variable is one field.
NAME_FIELDS = tuple(dict.fromkeys(["author", *ZOTERO_ROLES.values()]))
COMPARED = ("type", "title", *NAME_FIELDS, *[v for v in ZOTERO_FIELDS if v != "title"])


def _space(text: str) -> str:
    return " ".join(text.split())


def _zotero_name(creator: dict[str, Any]) -> str:
    if creator.get("fieldMode") == 1 or "name" in creator:
        return _space(creator.get("lastName") or creator.get("name") or "")
    return _space(f"{creator.get('lastName', '')}, {creator.get('firstName', '')}").rstrip(", ")


def _our_name(name: Name) -> str:
    if name.literal is not None:
        return _space(name.literal)
    # CSL's inverted form, "Koning, A. P. Jason de": a dropping particle follows the
    # given name (as exports write it, and as Zotero keeps it, inside the given name).
    family = name.full_family
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    if name.suffix:
        given = f"{given}, {name.suffix}" if given else name.suffix
    return _space(f"{family}, {given}").rstrip(", ")


def _date_text(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts))


#: How a date that is not one shows in the comparison, on either side: Zotero writes
#: it as "0000 <text>" and we keep it as a raw date; neither claims a date.
NOT_A_DATE = "(not a date)"


def _zotero_date(text: str) -> str:
    if text.startswith("0000"):
        return NOT_A_DATE
    iso = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:[ T].*)?", text.strip())
    if iso:
        parts = [int(g) for g in iso.groups() if g is not None and int(g)]
        return _date_text(parts)
    parsed = parse_ris_date(text)
    if parsed is not None and parsed.parts:
        return _date_text(parsed.parts[0])
    return _space(text)


def _compact_numbers(text: str) -> str:
    return " ".join(sorted({t.replace("-", "").upper() for t in re.split(r"[\s,;]+", text) if t}))


def zotero_to_csl(item: dict[str, Any]) -> dict[str, str]:
    """The comparable CSL fields of one Zotero item, as strings."""
    out: dict[str, str] = {"type": ZOTERO_TYPES.get(item["itemType"], item["itemType"])}
    primary = {
        c.get("creatorType") for c in item.get("creators", ()) if c.get("creatorType")
    } & ZOTERO_PRIMARY
    names: dict[str, list[str]] = {}
    for creator in item.get("creators", ()):
        role = creator.get("creatorType", "author")
        variable = "author" if role in primary else ZOTERO_ROLES.get(role)
        if variable is not None:
            names.setdefault(variable, []).append(_zotero_name(creator))
    for variable, listed in names.items():
        out[variable] = " | ".join(listed)
    for variable, sources in ZOTERO_FIELDS.items():
        for source in sources:
            if item.get(source):
                out[variable] = _space(str(item[source]))
                break
    extra = item.get("extra") or ""
    doi = re.search(r"^DOI:\s*(\S+)", extra, re.MULTILINE)
    if doi and "DOI" not in out:
        out["DOI"] = doi.group(1)
    if "issued" in out:
        out["issued"] = _zotero_date(out["issued"])
    for variable in ("ISBN", "ISSN"):
        if variable in out:
            out[variable] = _compact_numbers(out[variable])
    if "page" in out:
        out["page"] = re.sub(r"\s*[-–]\s*", "-", out["page"])
    return out


def ours_to_csl(item: Item) -> dict[str, str]:
    """The same comparable fields of one Item we read."""
    out: dict[str, str] = {"type": item.type}
    names = {
        variable: [_our_name(n) for n in values]
        for variable, values in item.names.items()
        if values and variable in set(ZOTERO_ROLES.values())
    }
    for variable, listed in names.items():
        out[variable] = " | ".join(listed)
    for variable in ZOTERO_FIELDS:
        value = item.fields.get(variable)
        if value:
            out[variable] = _space(value)
    issued = item.dates.get("issued")
    if issued is not None:
        out["issued"] = _date_text(issued.parts[0]) if issued.parts else NOT_A_DATE
    for variable in ("ISBN", "ISSN"):
        if variable in out:
            out[variable] = _compact_numbers(out[variable])
    return out


@dataclass(frozen=True)
class Difference:
    file: str
    item: int
    field: str
    ours: str
    zotero: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.file, self.item, self.field)


def _shorten(text: str) -> str:
    text = text.replace("\t", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def zotero_schema(cases: list[list[dict[str, Any]]]) -> dict[str, set[str]]:
    """Which compared variables each Zotero item type can hold, learnt from the cases.

    Zotero's item types have fixed fields: a value its type cannot hold goes to a
    note, so Zotero's silence there is its schema, not a reading we could disagree
    with. The EndNote "all reference types" cases fill every field, so the fields
    Zotero's expected items show for a type are the ones it can hold.
    """
    schema: dict[str, set[str]] = {}
    for items in cases:
        for item in items:
            schema.setdefault(item["itemType"], set()).update(zotero_to_csl(item))
    return schema


#: A web address, the only kind of value that may be ``URL``.
WEB_ADDRESS = re.compile(r"(?:https?|ftp)://\S+$", re.IGNORECASE)

#: Compared whatever the Zotero type: a different value here is always a difference.
ALWAYS_COMPARED = frozenset({"type", "title", *NAME_FIELDS, "issued", "URL", "DOI"})


def compare_with_zotero(corpus: Path, tag_mapping: str) -> tuple[dict[str, int], list[Difference]]:
    """(number of compared fields per case file, the differences) over the Zotero
    test cases, read with ``tag_mapping``."""
    compared: dict[str, int] = {}
    differences: list[Difference] = []
    cases = []
    for expected_path in sorted((corpus / "zotero").glob("*.expected.json")):
        ris = expected_path.with_name(expected_path.name.replace(".expected.json", ".ris"))
        cases.append((ris, json.loads(expected_path.read_text(encoding="utf-8"))))
    schema = zotero_schema([expected for _, expected in cases])
    for ris, expected in cases:
        name = f"zotero/{ris.name}"
        compared[name] = 0
        items, _ = read_file(ris, name, tag_mapping)
        for n in range(max(len(expected), len(items))):
            theirs = zotero_to_csl(expected[n]) if n < len(expected) else {}
            ours = ours_to_csl(items[n]) if n < len(items) else {}
            holds = schema.get(expected[n]["itemType"], set()) if n < len(expected) else set()
            for variable in COMPARED:
                if variable not in theirs and variable not in ours:
                    continue
                if variable == "URL" and not WEB_ADDRESS.match(theirs.get("URL", "http://")):
                    # Only a web address may be the URL (the reader issue, round 2);
                    # Zotero takes any UR ("URL", "Location/URL" in the placeholder
                    # cases). Not compared: checked to be kept, under UR.
                    kept = items[n].custom.get("UR", []) if n < len(items) else []
                    if theirs["URL"] not in kept or "URL" in ours:
                        differences.append(
                            Difference(name, n + 1, "URL", "(not kept under UR)", theirs["URL"])
                        )
                    continue
                if variable not in ALWAYS_COMPARED and variable not in holds:
                    continue
                compared[name] += 1
                if theirs.get(variable) != ours.get(variable):
                    differences.append(
                        Difference(
                            name,
                            n + 1,
                            variable,
                            _shorten(ours.get(variable, "")),
                            _shorten(theirs.get(variable, "")),
                        )
                    )
    return compared, differences


def read_ratchet(ratchet: Path) -> dict[tuple[str, int, str], tuple[str, str, str]]:
    """The known differences: (file, item, field) → (ours, zotero, why)."""
    known: dict[tuple[str, int, str], tuple[str, str, str]] = {}
    for row in ratchet.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        file, item, field, ours, zotero, why = row.split("\t")
        assert why.strip(), f"known difference without a reason: {row}"
        known[(file, int(item), field)] = (ours, zotero, why)
    return known


@pytest.mark.parametrize("tag_mapping", sorted(BARS))
def test_agreement_with_zotero(corpus: Path, tag_mapping: str) -> None:
    bar = BARS[tag_mapping]
    by_file, differences = compare_with_zotero(corpus, tag_mapping)
    compared = sum(by_file.values())
    agreement = 1 - len(differences) / compared
    # The 11 real records, without the EndNote placeholder cases.
    real_compared = sum(n for name, n in by_file.items() if not PLACEHOLDER_CASE.match(name))
    real_differences = [d for d in differences if not PLACEHOLDER_CASE.match(d.file)]
    real_agreement = 1 - len(real_differences) / real_compared
    print(
        f"\nZotero agreement (--mapping {tag_mapping}): {agreement:.2%} of {compared} "
        f"compared fields; {real_agreement:.2%} of {real_compared} on the real "
        "(non-placeholder) records"
    )
    known = read_ratchet(bar.ratchet)
    found = {d.key: d for d in differences}
    new = [d for key, d in found.items() if key not in known]
    changed = [
        d for key, d in found.items() if key in known and known[key][:2] != (d.ours, d.zotero)
    ]
    gone = [key for key in known if key not in found]
    message = []
    if new:
        message.append("new differences from Zotero (fix, or list with a reason):")
        message += [f"  {d.file}\t{d.item}\t{d.field}\t{d.ours}\t{d.zotero}" for d in new]
    if changed:
        message.append("known differences whose values changed (update the ratchet):")
        message += [f"  {d.file}\t{d.item}\t{d.field}\t{d.ours}\t{d.zotero}" for d in changed]
    if gone:
        message.append("listed differences that no longer occur (remove them - well done):")
        message += [f"  {key}" for key in gone]
    assert not message, "\n".join(message)
    assert agreement >= bar.min_agreement
    assert real_agreement >= bar.min_agreement_real


# ------------------------------------------- agreement with citation-js and pandoc

#: Differences from the CSL-JSON that citation-js and pandoc expect for their own test
#: files: (file, item, variable) → why. Like the Zotero ratchet, it only shrinks.
CSL_KNOWN_DIFFERENCES: dict[tuple[str, int, str], str] = {
    ("citation-js/008-literal-name.ris", 1, "author"): (
        "'De Vlinderstichting' has no comma: we read 'Given Family' (the sample's form); "
        "citation-js makes every comma-less name a literal"
    ),
    ("citation-js/010-larsgw-citation-js-issues-214.ris", 1, "source"): (
        "DP (database provider) is CSL source, as in Zotero; citation-js drops it"
    ),
    ("citation-js/013-citation-js-citation-js-issues-213-3.ris", 1, "issued"): (
        "we parse the ISO date 2023-10-24; citation-js keeps it raw"
    ),
    ("citation-js/009-larsgw-citation-js-issues-215.ris", 1, "URL"): (
        "UR 'washingtonpost.com' is no web address: kept under UR, not made the URL "
        "(the reader issue, round 2: only http(s)/ftp addresses); citation-js takes it"
    ),
}
#: Not compared: ids are generated, keyword order/spacing and notes are presentation,
#: custom holds what each tool could not map.
CSL_NOT_COMPARED = frozenset({"id", "custom", "note", "keyword", "citation-key"})


def test_agreement_with_citation_js_and_pandoc(corpus: Path) -> None:
    """Their expected CSL-JSON, variable by variable, against ours."""
    compared = 0
    found: dict[tuple[str, int, str], str] = {}
    for expected_path in sorted(corpus.glob("*/*.expected.csl.json")):
        ris = expected_path.with_name(expected_path.name.replace(".expected.csl.json", ".ris"))
        name = f"{ris.parent.name}/{ris.name}"
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        items, _ = read_file(ris, name)
        assert len(items) == len(expected), name
        for n, (theirs, item) in enumerate(zip(expected, items, strict=True), start=1):
            ours = item.to_csl()
            for variable in sorted((set(theirs) | set(ours)) - CSL_NOT_COMPARED):
                compared += 1
                if theirs.get(variable) != ours.get(variable):
                    found[(name, n, variable)] = (
                        f"ours {ours.get(variable)!r}, theirs {theirs.get(variable)!r}"
                    )
    agreement = 1 - len(found) / compared
    print(f"\ncitation-js/pandoc agreement: {agreement:.2%} of {compared} compared variables")
    new = {key: diff for key, diff in found.items() if key not in CSL_KNOWN_DIFFERENCES}
    gone = [key for key in CSL_KNOWN_DIFFERENCES if key not in found]
    assert not new, f"new differences: {new}"
    assert not gone, f"listed differences that no longer occur (remove them): {gone}"


def _main(tag_mapping: str) -> Iterator[str]:
    by_file, differences = compare_with_zotero(CORPUS, tag_mapping)
    compared = sum(by_file.values())
    ratchet = BARS[tag_mapping].ratchet
    known = read_ratchet(ratchet) if ratchet.exists() else {}
    yield f"# agreement {1 - len(differences) / compared:.2%} of {compared} fields"
    for d in differences:
        why = known.get(d.key, ("", "", "TODO"))[2]
        yield f"{d.file}\t{d.item}\t{d.field}\t{d.ours}\t{d.zotero}\t{why}"


if __name__ == "__main__":
    for line in _main(sys.argv[1] if len(sys.argv) > 1 else "endnote"):
        print(line)
