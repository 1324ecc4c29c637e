"""Reading EndNote tagged text and refer (``.enw``, Google Scholar's and publishers'
"EndNote" downloads, BibIX): ``%`` + one character + a blank + the value.

A record is a run of field lines, ended by a blank line (Google Scholar writes
two); ``%0`` names the EndNote type (the last one wins when a record has two; a
record without one is typed by its fields). A line that does not start with
``%`` goes on with the value before it. ``%A``/``%E`` repeat once per person;
``%K`` holds one keyword per line (or several, separated by ``;``). What each tag
means is :data:`TAGS`; tags it does not name are kept in ``Item.custom`` under
``%X``-style names. Spec: EndNote's "tagged import format"; refer(1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from citeconv.dates import parse_free_date
from citeconv.diagnostics import InputError, Report
from citeconv.model import Date, Item, KeywordSet, Name, Origin
from citeconv.names import parse_name
from citeconv.readers.endnote_xml import REF_TYPES
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.ris.fields import item_id, normalise_doi

#: Tag → CSL variable. Names, dates, keywords, ISBN/ISSN and the type are read
#: in _item.
TAGS: dict[str, str] = {
    "%T": "title",
    "%B": "container-title",
    "%J": "container-title",
    "%S": "collection-title",
    "%!": "title-short",
    "%V": "volume",
    "%N": "issue",
    "%P": "page",
    "%I": "publisher",
    "%C": "publisher-place",
    "%R": "DOI",
    "%U": "URL",
    "%X": "abstract",
    "%Z": "note",
    "%G": "language",
    "%7": "edition",
    "%9": "genre",
    "%&": "section",
    "%6": "number-of-volumes",
    "%(": "original-title",
    "%O": "container-title-short",
}
ROLES = {"%A": "author", "%E": "editor", "%Y": "collection-editor", "%?": "translator"}

# "%" + one character, then a blank (or nothing): "%50 g" is no tag "%5".
_LINE = re.compile(r"^%(\S)(?: (.*)|)$")
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


def read_refer(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read EndNote tagged / refer text and yield one Item per record."""
    index = first_index
    record: list[tuple[str, str, int]] = []
    more: list[str] = []  # continuation lines of the last field, joined once
    size = 0

    def close_field() -> None:
        if record and more:
            tag, value, line = record[-1]
            record[-1] = (tag, " ".join([value, *more]).strip(), line)
        more.clear()

    for number, text in iter_lines(stream, name, report, encoding, None, max_line_bytes):
        text = text.lstrip("\ufeff")
        if not text.strip():
            close_field()
            if record:
                yield _item(record, name, report, index)
                index += 1
                record, size = [], 0
            continue
        size += len(text)
        if size > max_line_bytes:
            raise InputError(
                f"a record longer than {max_line_bytes:,} characters (--max-line-bytes); refused",
                name,
                record[0][2] if record else number,
            )
        match = _LINE.match(text)
        if match is not None:
            close_field()
            tag = f"%{match.group(1)}"
            if tag == "%0" and any(t != "%0" for t, _, _ in record):
                # Downloads joined without a blank line: a type line after fields
                # starts the next record (two %0 at a record's start are one record).
                yield _item(record, name, report, index)
                index += 1
                record, size = [], len(text)
            record.append((tag, (match.group(2) or "").strip(), number))
        elif record:
            more.append(text.strip())
        else:
            report.warn(name, number, "refer", "text outside a record; skipped")
    close_field()
    if record:
        yield _item(record, name, report, index)
        index += 1
    if index == first_index:
        raise InputError("not EndNote tagged text: no records found (a record starts '%0 ')", name)


_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _slashed_date(value: str) -> Date:
    """An access date: ISO or words, or "12/7/2023" when the day cannot be the
    month (EndNote writes it in the computer's order, D/M or M/D)."""
    match = _SLASHED.match(value)
    if match is None:
        return parse_free_date(value)
    first, second, year = (int(g) for g in match.groups())
    if first > 12 >= second:
        return Date(parts=[[year, second, first]])
    if second > 12 >= first:
        return Date(parts=[[year, first, second]])
    return Date(raw=value)


def _item(record: list[tuple[str, str, int]], name: str, report: Report, index: int) -> Item:
    item = Item(id=item_id(index), type="document", origin=Origin(name, record[0][2]))
    keywords = KeywordSet(item)
    types = [value for tag, value, _ in record if tag == "%0" and value]
    tags = {tag for tag, _, _ in record}
    for tag, value, line in record:
        if not value or tag == "%0":
            continue
        if tag in ROLES:
            item.names.setdefault(ROLES[tag], []).append(parse_name(value) or Name(literal=value))
        elif tag == "%K":
            for keyword in re.split(r"[;\n]", value):
                keyword = keyword.strip()
                keywords.add(keyword)
        elif tag == "%@":
            compact = value.replace(" ", "")
            variable = "ISSN" if _ISSN.match(compact) else "ISBN"
            item.fields.setdefault(variable, value)
        elif tag == "%[":
            accessed = _slashed_date(value)
            if not accessed.parts:
                report.warn(
                    name, line, "refer", f"access date {value!r} kept as raw (day and month?)"
                )
            item.dates["accessed"] = accessed
        elif tag in ("%D", "%8"):
            continue  # below: the year and the date together
        elif tag in TAGS:
            variable = TAGS[tag]
            if variable == "DOI":
                if not normalise_doi(value):
                    item.custom.setdefault(tag, []).append(value)  # an id, not a DOI
                    continue
                value = normalise_doi(value)
            if variable in item.fields and variable in ("abstract", "note"):
                # Each %Z a line of the note (citeconv.notes reads them by lines).
                item.fields[variable] += ("\n" if variable == "note" else " ") + value
            else:
                item.fields.setdefault(variable, value)
        else:
            item.custom.setdefault(tag, []).append(value)
    year = next((v for t, v, _ in record if t == "%D" and v), "")
    day = next((v for t, v, _ in record if t == "%8" and v), "")
    if year or day:
        text = f"{day} {year}" if day and year and year not in day else day or year
        date = parse_free_date(text)
        if not date.parts and year:
            date = parse_free_date(year)
            if day:
                item.custom.setdefault("%8", []).append(day)
        if not date.parts:
            report.warn(name, record[0][2], "refer", f"date {text!r} not understood; kept as raw")
        item.dates["issued"] = date
    if types:
        label = types[-1].strip().lower()
        item.type = REF_TYPES.get(label, "document")
        if label not in REF_TYPES:
            report.warn(name, record[0][2], "refer", f"type {types[-1]!r} read as document")
    elif "%J" in tags:
        item.type = "article-journal"
    elif "%B" in tags:
        item.type = "chapter"
    elif "%I" in tags:
        item.type = "book"
    if item.type == "book" and "page" in item.fields:
        item.fields.setdefault(
            "number-of-pages", item.fields.pop("page")
        )  # a book's pages: its length
    if item.type == "article-journal" and "issue" not in item.fields and "number" in item.fields:
        item.fields["issue"] = item.fields.pop("number")
    elif not item.type.startswith("article") and "issue" in item.fields:
        item.fields["number"] = item.fields.pop("issue")
    return item
