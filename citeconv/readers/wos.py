"""Reading Web of Science "plain text" (ISI export format, ``savedrecs.txt``,
``.isi``, ``.ciw``): numbered lines → tag lines → records → Item.

A file opens with ``FN`` (its producer: "ISI Export Format", "Thomson Reuters Web
of Knowledge", "Clarivate Analytics Web of Science", ...) and ``VR 1.0``, and ends
with ``EF`` (often missing, with no final newline). A record runs from ``PT`` to
``ER``. A line is a two-character tag, a blank and the value; a continuation line
starts with blanks: for a list field (``AU``, ``AF``, ``CR``, ``C1``, ...) it is
one more item, for a text field (``TI``, ``AB``, ``DE``) a wrapped line joined
with a space. What each tag means is :data:`TAGS`; tags it does not name are kept
in ``Item.custom`` under their own name. Spec: Clarivate's field-tag list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from citeconv.dates import parse_free_date
from citeconv.diagnostics import InputError, Report
from citeconv.model import Date, Item, KeywordSet, Name, Origin
from citeconv.names import parse_name
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.ris.fields import item_id

Kind = Literal["text", "name", "corporate", "keywords", "list"]

#: Tags whose continuation lines are further items, not wrapped text.
LIST_TAGS = frozenset(
    {"AU", "AF", "BA", "BF", "BE", "CA", "GP", "CR", "C1", "C3", "RP", "EM", "RI", "OI", "SP"}
)

#: WoS tag → (CSL variable, how it is read). AF (full names) wins over AU, BF over
#: BA; BP/EP/AR make the page; PY/PD the date; PT/DT the type (see _csl_type).
TAGS: dict[str, tuple[str, Kind]] = {
    "TI": ("title", "text"),
    "SO": ("container-title", "text"),
    "SE": ("collection-title", "text"),
    "JI": ("container-title-short", "text"),
    "J9": ("container-title-short", "text"),
    "LA": ("language", "text"),
    "AB": ("abstract", "text"),
    "VL": ("volume", "text"),
    "IS": ("issue", "text"),
    "PN": ("part-number", "text"),
    "DI": ("DOI", "text"),
    "PU": ("publisher", "text"),
    "PI": ("publisher-place", "text"),
    "SN": ("ISSN", "text"),
    "EI": ("ISSN", "text"),
    "BN": ("ISBN", "text"),
    "PG": ("number-of-pages", "text"),
    "PM": ("PMID", "text"),
    "CT": ("event-title", "text"),
    "CL": ("event-place", "text"),
    "AF": ("author", "name"),
    "AU": ("author", "name"),
    "BF": ("editor", "name"),
    "BE": ("editor", "name"),
    "BA": ("editor", "name"),
    "CA": ("author", "corporate"),
    "DE": ("keyword", "keywords"),
    "ID": ("keyword", "keywords"),
}

#: Document types (DT) that say more than PT does.
DOCUMENT_TYPES: tuple[tuple[str, str], ...] = (
    ("proceedings paper", "paper-conference"),
    ("meeting abstract", "paper-conference"),
    ("book chapter", "chapter"),
    ("book review", "review-book"),
    ("book", "book"),
    ("patent", "patent"),
    ("data paper", "article-journal"),
)
PUBLICATION_TYPES = {"J": "article-journal", "B": "book", "S": "chapter", "P": "patent"}

#: Words of a WoS publisher or city kept in capitals (the rest are capitalised).
_ACRONYMS = frozenset(
    {
        "IEEE",
        "IEE",
        "ACM",
        "SPIE",
        "MIT",
        "IOP",
        "BMJ",
        "ASME",
        "SIAM",
        "AIP",
        "APS",
        "ACS",
        "RSC",
        "OSA",
        "AAAS",
        "AMS",
        "AIAA",
        "ASCE",
        "ASM",
        "IOS",
        "IET",
        "CRC",
        "BMC",
        "MDPI",
        "PLOS",
        "OECD",
        "WHO",
        "UNESCO",
        "NBER",
        "IAEA",
        "EDP",
        "ASTM",
        "ISO",
        "AOAC",
        "CSIRO",
        "IGI",
        "NRC",
        "BV",
        "AG",
        "SA",
        "NV",
        "AB",
        "AS",
        "GMBH",
        "PLC",
        "USA",
        "UK",
        "US",
        "DC",
        "NY",
        "NJ",
        "MA",
        "CA",
        "PA",
        "IL",
        "MD",
    }
)
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*)|)$")


@dataclass
class Record:
    line: int
    #: tag → its values (a list field's items; a text field's single value), line.
    fields: dict[str, tuple[list[str], int]] = field(default_factory=dict)
    last: str | None = None


def read_wos(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read Web of Science tagged text and yield one Item per record."""
    index = first_index
    lines = iter_lines(stream, name, report, encoding, None, max_line_bytes)
    for record in _records(lines, name, report, max_line_bytes):
        yield record_item(record, name, report, index)
        index += 1
    if index == first_index:
        raise InputError("not Web of Science: no records found (a record starts 'PT ')", name)


def _records(
    lines: Iterator[tuple[int, str]], name: str, report: Report, limit: int = MAX_LINE_BYTES
) -> Iterator[Record]:
    """Records from PT to ER; one longer than ``limit`` characters is refused."""
    record: Record | None = None
    more: list[str] = []  # wrapped lines of the last text field, joined once
    size = 0

    def close_field() -> None:
        if record is not None and record.last is not None and more:
            values, _ = record.fields[record.last]
            values[-1] = " ".join([values[-1], *more])
        more.clear()

    for number, text in lines:
        text = text.lstrip("\ufeff").rstrip()
        if not text:
            continue
        size += len(text)
        if record is not None and size > limit:
            raise InputError(
                f"a record longer than {limit:,} characters (--max-line-bytes); refused",
                name,
                record.line,
            )
        if text[:1] in " \t":
            if record is None or record.last is None:
                report.warn(name, number, "wos", "continuation line outside a record; skipped")
                continue
            if record.last in LIST_TAGS:
                record.fields[record.last][0].append(text.strip())
            else:
                more.append(text.strip())
            continue
        close_field()
        match = _TAG_LINE.match(text)
        if match is None:
            report.warn(name, number, "wos", "not a Web of Science tag line; skipped")
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "PT":
            if record is not None:
                report.warn(name, number, "wos", "record ends without ER; the next one starts here")
                yield record
            record, size = Record(number), len(text)
        if tag in ("FN", "VR", "EF") and record is None:
            continue
        if tag == "ER":
            if record is None:
                report.warn(name, number, "wos", "ER outside a record; skipped")
            else:
                yield record
            record, size = None, 0
            continue
        if record is None:
            report.warn(
                name, number, "wos", f"{tag} line outside a record (no PT before it); skipped"
            )
            continue
        if tag in record.fields:
            # A tag given twice: its values go on (a list), or the text does.
            values, _ = record.fields[tag]
            if tag in LIST_TAGS:
                values.append(value)
            else:
                values[-1] = f"{values[-1]}; {value}" if values[-1] else value
        else:
            record.fields[tag] = ([value], number)
        record.last = tag
    close_field()
    if record is not None:
        report.warn(name, record.line, "wos", "the last record ends without ER")
        yield record


def _names(values: list[str]) -> list[Name]:
    found = []
    for value in values:
        person = parse_name(value)
        if person is not None:
            found.append(person)
    return found


def record_item(record: Record, name: str, report: Report, index: int) -> Item:
    item = Item(id=item_id(index), type="article-journal", origin=Origin(name, record.line))
    keywords = KeywordSet(item)
    fields = record.fields

    def first(tag: str) -> str | None:
        values = fields.get(tag)
        return values[0][0] if values and values[0] and values[0][0] else None

    for tag, (values, _) in fields.items():
        rule = TAGS.get(tag)
        if rule is None or tag in ("AU", "BE", "BA", "J9", "EI") or not any(values):
            if rule is None and any(values):
                item.custom[tag] = [v for v in values if v]
            continue
        variable, kind = rule
        if kind == "text":
            item.fields.setdefault(variable, values[0])
        elif kind == "keywords":
            for value in values:
                for keyword in value.split(";"):
                    keyword = keyword.strip()
                    keywords.add(keyword)
        elif kind == "corporate":
            item.names.setdefault(variable, []).extend(Name(literal=v) for v in values if v)
    # Full names over short ones, role by role.
    for variable, full, short in (("author", "AF", "AU"), ("editor", "BF", "BE")):
        people = _names(fields.get(full, ([], 0))[0])
        fewer = _names(fields.get(short, ([], 0))[0])
        if len(fewer) > len(people):  # some AF missing: the full list would drop people
            if people:
                report.warn(
                    name,
                    record.line,
                    "wos",
                    f"{len(people)} {full} names for {len(fewer)} {short}; the {short} ones read",
                )
            people = fewer
        if not people and variable == "editor":
            people = _names(fields.get("BA", ([], 0))[0])
        if people:
            item.names[variable] = people + item.names.get(variable, [])
    abbreviation = first("JI") or first("J9")
    if abbreviation:
        item.fields["container-title-short"] = abbreviation
    issns = [v for v in (first("SN"), first("EI")) if v]
    if issns:
        item.fields["ISSN"] = " ".join(dict.fromkeys(issns))
    start, end, article = first("BP"), first("EP"), first("AR")
    if start:
        item.fields["page"] = f"{start}-{end}" if end and end != start else start
    elif article:
        item.fields["page"] = article
    if article:
        item.fields["number"] = article
    early = first("EA")  # early access ("MAR 2021"): online before the issue
    if early:
        item.dates["available-date"] = _date(None, early) or Date(raw=early)
    date = _date(first("PY"), first("PD")) or (_date(None, early) if early else None)
    if date is not None:
        if date.raw is not None and not date.parts:
            report.warn(name, record.line, "wos", f"date {date.raw!r} not understood; kept as raw")
        item.dates["issued"] = date
    conference = first("CY")
    if conference:
        item.dates["event-date"] = parse_free_date(conference)
    item.type = _csl_type(first("PT"), first("DT"), fields)
    if item.type == "patent":
        # A patent's number (PN), its assignee (AE) and country (PC).
        number = item.fields.pop("part-number", None)
        if number:
            item.fields["number"] = number
        for tag, variable in (("AE", "publisher"), ("PC", "jurisdiction")):
            given = first(tag)
            if given:
                item.fields.setdefault(variable, given)
    for variable in ("publisher", "publisher-place"):
        held = item.fields.get(variable)
        if held is not None and held.isupper():
            # WoS writes publishers and their cities in capitals (as Zotero, not the
            # journal title: an all-caps SO may be an acronym).
            item.fields[variable] = " ".join(_capitalised(word) for word in held.split())
    if item.type == "book" and "container-title" in item.fields and "title" not in item.fields:
        item.fields["title"] = item.fields.pop("container-title")
    return item


def _capitalised(word: str) -> str:
    """A word of an all-caps publisher or city as Zotero writes it ("Wiley-Blackwell",
    "Amer Soc", but "IEEE")."""
    if word.strip(",.()&") in _ACRONYMS or len(word) == 1:
        return word
    return "-".join(
        piece if piece.strip(",.()&") in _ACRONYMS else piece.capitalize()
        for piece in word.split("-")
    )


def _date(year: str | None, published: str | None) -> Date | None:
    """PY (the year) with PD ("FEB", "JAN 15", "FEB 2011", "SPR", "2019")."""
    if published and year and year not in published:
        text = f"{published} {year}"
    else:
        text = published or year or ""
    if not text:
        return None
    text = re.sub(r"\bSPR\b", "Spring", text)
    text = re.sub(r"\bSUM\b", "Summer", text)
    text = re.sub(r"\bFAL\b", "Autumn", text)
    text = re.sub(r"\bWIN\b", "Winter", text)
    date = parse_free_date(text)
    if not date.parts and year and year.isascii() and year.isdigit():
        date = Date(parts=[[int(year)]], raw=None)  # PD not understood: the year stands
    return date


def _csl_type(pt: str | None, dt: str | None, fields: dict[str, tuple[list[str], int]]) -> str:
    document = (dt or "").lower()
    for label, csl_type in DOCUMENT_TYPES:
        if label in document:
            if csl_type == "book" and "chapter" in document:
                continue
            return csl_type
    base = PUBLICATION_TYPES.get((pt or "J").strip().upper()[:1], "article-journal")
    if base == "chapter" and "CT" in fields:
        return "paper-conference"
    if base == "book" and "SO" in fields and "TI" in fields:
        return "chapter"  # a chapter: its title, and the book's (SO)
    return base
