"""Reading PubMed/MEDLINE (``.nbib``, PubMed's "MEDLINE" text, ERIC's MEDLINE-style
export): numbered lines → tag lines → records → :class:`~citeconv.model.Item`.

A line is a tag of up to four letters padded to four, ``- ``, and the value
(``PMID- 8692918``, ``FAU - van Raaij, M J``, ``TI  - The structure …``); a value
that wraps goes on in lines indented by six spaces (joined with one space).
Records are separated by blank lines, or begin at a ``PMID-`` line. What each tag
means is the table :data:`TAGS`; tags it does not name are kept in
``Item.custom`` under their own name, so nothing is lost. Streams: one record is
held at a time. Spec: NLM, "MEDLINE/PubMed Data Element (Field) Descriptions".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from citeconv.dates import parse_free_date
from citeconv.diagnostics import InputError, Report
from citeconv.model import Item, KeywordSet, Name, Origin
from citeconv.names import parse_name
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.ris.fields import item_id

#: How a tag's value is read: ``text`` (first value; several joined with a space
#: for AB), ``list`` (every value, for keywords and ids), ``name`` / ``short-name``
#: (a person, full or as "Family Initials"), ``corporate`` (an organisation),
#: ``date``, ``pages``, ``id`` (an identifier with its kind in brackets), ``issn``.
Kind = Literal["text", "name", "short-name", "corporate", "date", "pages", "id", "issn", "keyword"]

#: MEDLINE tag → (CSL variable, how its value is read). The NLM element list names
#: some 70 tags; those here have a CSL home, the rest go to ``custom``.
TAGS: dict[str, tuple[str, Kind]] = {
    "PMID": ("PMID", "text"),
    "PMC": ("PMCID", "text"),
    "TI": ("title", "text"),
    "TT": ("original-title", "text"),  # transliterated/vernacular title
    "BTI": ("container-title", "text"),  # book title (a chapter's book, or the book)
    "CTI": ("collection-title", "text"),
    "AB": ("abstract", "text"),
    "VI": ("volume", "text"),
    "IP": ("issue", "text"),
    "PG": ("page", "pages"),
    "DP": ("issued", "date"),
    "DEP": ("available-date", "date"),  # electronic publication date
    "JT": ("container-title", "text"),
    "TA": ("container-title-short", "text"),
    "LA": ("language", "text"),
    "PB": ("publisher", "text"),
    "EN": ("edition", "text"),
    "ISBN": ("ISBN", "text"),
    "IS": ("ISSN", "issn"),
    "LID": ("DOI", "id"),
    "AID": ("DOI", "id"),
    "FAU": ("author", "name"),
    "AU": ("author", "short-name"),
    "CN": ("author", "corporate"),
    "FED": ("editor", "name"),
    "ED": ("editor", "short-name"),
    "MH": ("keyword", "keyword"),
    "OT": ("keyword", "keyword"),
}

#: Publication types (PT) → CSL type, the first listed that a record has wins;
#: ERIC's own types included. A record with a book title (BTI) is a chapter, or a
#: book when it has no title of its own.
PUBLICATION_TYPES: tuple[tuple[str, str], ...] = (
    ("preprint", "article"),
    ("dataset", "dataset"),
    ("dissertation", "thesis"),
    ("theses", "thesis"),
    ("congress", "paper-conference"),
    ("speeches/meeting papers", "paper-conference"),
    ("journal article", "article-journal"),
    ("journal articles", "article-journal"),
    ("book", "book"),
    ("books", "book"),
    ("reports", "report"),
    ("report", "report"),
    ("guides", "report"),
)

# A tag line: the tag (2-4 characters) padded to four, "-", a blank (hand-edited
# files drop it: "PMID-22664220"), the value.
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}-(?: ?(.*))$")
_ID_KIND = re.compile(r"^(.*?)\s*\[([a-z-]+)\]\s*$")
_ISSN_KIND = re.compile(r"^(\S+)\s*(?:\(([^)]*)\))?\s*$")
_PAGES = re.compile(r"^(\d+)-(\d+)$")
_LINK = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


@dataclass
class _Record:
    line: int
    fields: list[tuple[str, str, int]] = field(default_factory=list)  # tag, value, line


def read_medline(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read MEDLINE from a binary stream and yield one Item per record (see the
    module's docstring); input with no record raises InputError."""
    index = first_index
    lines = iter_lines(stream, name, report, encoding, None, max_line_bytes)
    for record in _records(lines, name, report, max_line_bytes):
        yield _item(record, name, report, index)
        index += 1
    if index == first_index:
        raise InputError("not MEDLINE: no records found (a record starts 'PMID- ')", name)


def _records(
    lines: Iterator[tuple[int, str]], name: str, report: Report, limit: int = MAX_LINE_BYTES
) -> Iterator[_Record]:
    """Records of tag lines; a record longer than ``limit`` characters is refused
    (memory stays bounded, as in the RIS reader)."""
    record: _Record | None = None
    more: list[str] = []  # the continuation lines of the last field, joined once
    size = 0

    def close_field() -> None:
        if record is not None and record.fields and more:
            tag, value, line = record.fields[-1]
            record.fields[-1] = (tag, " ".join([value, *more]).strip(), line)
        more.clear()

    for number, text in lines:
        text = text.lstrip("\ufeff")
        if not text.strip():
            close_field()
            if record is not None and record.fields:
                yield record
            record, size = None, 0
            continue
        size += len(text)
        if size > limit:
            raise InputError(
                f"a record longer than {limit:,} characters (--max-line-bytes); refused",
                name,
                record.line if record is not None else number,
            )
        match = _TAG_LINE.match(text)
        if match is not None:
            close_field()
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "PMID" and record is not None and record.fields:
                yield record  # no blank line before the next record
                record, size = None, len(text)
            if record is None:
                record = _Record(number)
            record.fields.append((tag, value, number))
        elif record is not None and record.fields:
            if text[:1] not in " \t":
                report.warn(
                    name,
                    number,
                    "medline",
                    "not a MEDLINE tag line; read as part of the value before it",
                )
            more.append(text.strip())
        else:
            report.warn(name, number, "medline", "text outside a MEDLINE record; skipped")
    close_field()
    if record is not None and record.fields:
        yield record


def expand_pages(value: str) -> str:
    """ "6913-7" → "6913-6917": PubMed writes the end of a range as its last digits."""
    match = _PAGES.match(value.strip())
    if match is None:
        return value
    first, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}"


def _item(record: _Record, name: str, report: Report, index: int) -> Item:
    item = Item(id=item_id(index), type="article-journal", origin=Origin(name, record.line))
    keywords = KeywordSet(item)
    full: dict[str, list[Name]] = {}
    short: dict[str, list[Name]] = {}
    corporate: dict[str, list[Name]] = {}
    types: list[str] = []
    issns: list[str] = []
    for tag, value, line in record.fields:
        if not value:
            continue
        if tag == "PT":
            types.append(value)
            item.custom.setdefault(tag, []).append(value)
            continue
        if tag == "PL":
            item.custom.setdefault(tag, []).append(value)
            continue
        rule = TAGS.get(tag)
        if rule is None:
            item.custom.setdefault(tag, []).append(value)
            continue
        variable, kind = rule
        if kind in ("name", "short-name", "corporate"):
            person = Name(literal=value) if kind == "corporate" else parse_name(value)
            if person is None:
                item.custom.setdefault(tag, []).append(value)
                continue
            target = {"short-name": short, "name": full, "corporate": corporate}[kind]
            target.setdefault(variable, []).append(person)
        elif kind == "keyword":
            keywords.add(value)
        elif kind == "issn":
            match = _ISSN_KIND.match(value)
            issn = match.group(1) if match else value
            if issn not in issns:
                issns.append(issn)
        elif kind == "id":
            match = _ID_KIND.match(value)
            if match is not None and match.group(2) == "doi":
                item.fields.setdefault("DOI", match.group(1))
            elif match is None and value.lower().startswith("doi:"):
                item.fields.setdefault("DOI", value[4:].strip())
            elif match is None and _LINK.match(value):
                item.fields.setdefault("URL", value)  # ERIC's LID and AID
            else:
                item.custom.setdefault(tag, []).append(value)
        elif kind == "date":
            if variable not in item.dates:
                date = parse_free_date(value)
                if date.raw is not None and not date.parts:
                    report.warn(
                        name, line, "medline", f"{tag} date {value!r} not understood; kept as raw"
                    )
                item.dates[variable] = date
        elif kind == "pages":
            item.fields.setdefault(variable, expand_pages(value))
        elif variable in item.fields and tag in ("AB", "CI"):
            item.fields[variable] += " " + value
        elif variable == "container-title" and tag == "BTI":
            item.fields["container-title"] = value  # a book's title over a journal's
        else:
            item.fields.setdefault(variable, value)
    # FAU (full names) over AU, role by role; AU where a record has fewer FAU (none,
    # or some missing: then the full list would drop people); group authors (CN)
    # after the people.
    for variable in ("author", "editor"):
        people_full, people_short = full.get(variable, []), short.get(variable, [])
        if len(people_short) > len(people_full):
            if people_full:
                report.warn(
                    name,
                    record.line,
                    "medline",
                    f"{len(people_full)} full names for {len(people_short)} short ones;"
                    " the short ones read",
                )
            people_full = people_short
        names = people_full + corporate.get(variable, [])
        if names:
            item.names[variable] = names
    if issns:
        item.fields["ISSN"] = " ".join(issns)
    item.type = _csl_type(types, record, item)
    if item.type in ("book", "chapter") and "PL" in item.custom:
        item.fields.setdefault("publisher-place", item.custom["PL"][0])
    if item.type == "report" and "container-title" in item.fields and "BTI" not in _tags(record):
        # ERIC names a report's source (its publisher) in JT.
        item.fields.setdefault("publisher", item.fields.pop("container-title"))
    if item.type == "book" and "container-title" in item.fields and "title" not in item.fields:
        item.fields["title"] = item.fields.pop("container-title")
    return item


def _tags(record: _Record) -> set[str]:
    return {tag for tag, _, _ in record.fields}


def _csl_type(types: list[str], record: _Record, item: Item) -> str:
    tags = _tags(record)
    if "BTI" in tags:
        return "chapter" if "TI" in tags else "book"
    lowered = [t.lower() for t in types]
    for label, csl_type in PUBLICATION_TYPES:
        if any(t == label or t.startswith(label + " ") for t in lowered):
            if csl_type in ("book", "report") and "JT" in tags and tags & {"VI", "IP"}:
                continue  # ERIC: a journal's volume or issue makes it an article
            return csl_type
    return "article-journal" if ("JT" in tags or "TA" in tags or not types) else "document"
