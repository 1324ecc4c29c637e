"""Reading Scopus's CSV export: RFC 4180 CSV (a real CSV parser: cells may hold
commas, quotes and newlines), UTF-8 usually with a BOM, a header row of column
names whose set depends on the options chosen and the year (``Authors``, ``Author
full names``, ``Title``, ``Year``, ``Source title``, ``Volume``, ``Issue``, ``Art.
No.``, ``Page start``, ``Page end``, ``DOI``, ``Link``, ``Abstract``, ``Author
Keywords``, ``Document Type``, ``EID`` ...). Columns are found by name, so their
order and number do not matter; what each means is :data:`COLUMNS`, and a column
it does not name is kept in ``Item.custom`` under its own name. Streams: one row
at a time.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from typing import BinaryIO, Literal

from citeconv.dates import parse_free_date
from citeconv.diagnostics import EmptyInput, InputError, Report
from citeconv.model import Date, Item, KeywordSet, Name, Origin
from citeconv.names import parse_name
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.ris.fields import item_id, normalise_doi

Kind = Literal["text", "keywords", "names", "doi", "issn"]

#: Column (lower-cased) → (CSL variable, how it is read). Authors are read apart
#: (``Author full names`` over ``Authors``), as are the year, pages and type.
COLUMNS: dict[str, tuple[str, Kind]] = {
    "title": ("title", "text"),
    "source title": ("container-title", "text"),
    "abbreviated source title": ("container-title-short", "text"),
    "volume": ("volume", "text"),
    "issue": ("issue", "text"),
    "art. no.": ("number", "text"),
    "page count": ("number-of-pages", "text"),
    "doi": ("DOI", "doi"),
    "link": ("URL", "text"),
    "abstract": ("abstract", "text"),
    "author keywords": ("keyword", "keywords"),
    "index keywords": ("keyword", "keywords"),
    "publisher": ("publisher", "text"),
    "conference name": ("event-title", "text"),
    "conference location": ("event-place", "text"),
    "issn": ("ISSN", "issn"),
    "isbn": ("ISBN", "text"),
    "pubmed id": ("PMID", "text"),
    "language of original document": ("language", "text"),
    "editors": ("editor", "names"),
    "source": ("source", "text"),
}

#: Document Type → CSL type.
DOCUMENT_TYPES = {
    "article": "article-journal",
    "review": "article-journal",
    "letter": "article-journal",
    "editorial": "article-journal",
    "note": "article-journal",
    "erratum": "article-journal",
    "short survey": "article-journal",
    "data paper": "article-journal",
    "retracted": "article-journal",
    "article in press": "article-journal",
    "conference paper": "paper-conference",
    "conference review": "paper-conference",
    "book chapter": "chapter",
    "book": "book",
    "report": "report",
}

#: The columns read apart (not kept in ``custom`` as well).
_READ_APART = frozenset(
    {"authors", "author full names", "year", "page start", "page end", "document type"}
)
#: R's write.csv writes a missing cell as NA (bibliometrix's re-saved files).
_MISSING = frozenset({"", "NA", "[No author name available]", "[No title available]"})
_ID = re.compile(r"\s*\(\d+\)\s*$")
#: Initials: "F.", "J.-P.", "J.R.", "A.B.C." (one word, no backtracking).
_INITIALS = re.compile(r"^(?:[A-Z]\.-?){1,6}$")


def read_scopus_csv(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read a Scopus CSV export; yield one Item per row."""
    numbers: list[int] = [0]

    def text_lines() -> Iterator[str]:
        for number, text in iter_lines(
            stream, name, report, encoding, None, max_line_bytes, keep_tabs=True
        ):
            numbers[0] = number
            yield text + "\n"

    if csv.field_size_limit() < max_line_bytes:
        csv.field_size_limit(max_line_bytes)
    lines = text_lines()
    first = ""
    for first in lines:
        if first.strip():
            break
    # Excel re-saves Scopus's CSV with ";" (some locales) or as TAB-separated
    # "Unicode text": the header, whose names hold none of these, tells which.
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    rows = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=False)
    index = first_index
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            raise InputError(f"not CSV here: {error}", name, numbers[0]) from None
        line, start = start, numbers[0] + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = _unique(row, name, line, report)
            lowered = {_base(h).lower() for h in header}
            if "title" not in lowered or not ({"authors", "source title", "eid"} & lowered):
                raise InputError(
                    "not a Scopus CSV export: its first row is not a header with Title "
                    "and Authors or Source title columns",
                    name,
                    line,
                )
            continue
        if len(row) != len(header):
            report.warn(
                name,
                line,
                "scopus",
                f"{len(row)} cells for {len(header)} columns; read by position",
            )
        cells = {
            h: c.strip() for h, c in zip(header, row, strict=False) if c.strip() not in _MISSING
        }
        for extra, cell in enumerate(row[len(header) :], start=1):
            if cell.strip():
                cells[f"EXTRA{extra}"] = cell.strip()
        yield _item(cells, name, report, index, line)
        index += 1
    if header is None:
        raise InputError("empty input: no Scopus CSV header", name)
    if index == first_index:
        raise EmptyInput("empty input: a Scopus CSV header and no rows", name)


def _unique(row: list[str], name: str, line: int, report: Report) -> list[str]:
    """The header's names, a repeated one numbered ("Author Keywords (2)") with a
    warning: both columns are read, neither value lost."""
    header: list[str] = []
    for cell in row:
        column = cell.lstrip("\ufeff").strip()
        if column in header:
            count = sum(1 for h in header if _base(h) == column) + 1
            report.warn(name, line, "scopus", f"column {column!r} given twice; both read")
            column = f"{column} ({count})"
        header.append(column)
    return header


def _base(column: str) -> str:
    return re.sub(r" \(\d+\)$", "", column)


def _item(cells: dict[str, str], name: str, report: Report, index: int, line: int) -> Item:
    item = Item(id=item_id(index), type="article-journal", origin=Origin(name, line))
    keywords = KeywordSet(item)
    by_name: dict[str, str] = {}
    for key, value in cells.items():
        by_name.setdefault(_base(key).lower(), value)
    for column, value in cells.items():
        key = _base(column).lower()
        rule = COLUMNS.get(key)
        if rule is None:
            if key not in _READ_APART:
                item.custom[column] = [value]
            continue
        variable, kind = rule
        if kind == "keywords":
            for keyword in value.split(";"):
                keyword = keyword.strip()
                keywords.add(keyword)
        elif kind == "names":
            people = _people(value)
            if people and variable not in item.names:
                item.names[variable] = people
            else:
                item.custom[column] = [value]
        elif kind == "doi":
            doi = normalise_doi(value)
            if doi:
                item.fields[variable] = doi
            else:
                item.custom[column] = [value]
        elif kind == "issn":
            issns = [v.strip() for v in value.split(";") if v.strip()]
            item.fields[variable] = " ".join(
                f"{v[:4]}-{v[4:]}" if len(v) == 8 and "-" not in v else v for v in issns
            )
        elif variable in item.fields:
            item.custom[column] = [value]  # a repeated column: kept, not overwritten
        else:
            item.fields[variable] = value
    authors = _authors(by_name, name, report, line)
    if authors:
        item.names["author"] = authors
    year = by_name.get("year")
    if year:
        date = parse_free_date(year)
        if not date.parts:
            report.warn(name, line, "scopus", f"Year {year!r} not understood; kept as raw")
            date = Date(raw=year)
        item.dates["issued"] = date
    start, end = by_name.get("page start"), by_name.get("page end")
    if start:
        item.fields["page"] = f"{start}-{end}" if end and end != start else start
    elif end:
        item.fields["page"] = end
    elif "number" in item.fields:
        item.fields["page"] = item.fields["number"]  # an article number stands for pages
    document = (by_name.get("document type") or "").lower()
    if document:
        item.custom["Document Type"] = [by_name["document type"]]
    item.type = DOCUMENT_TYPES.get(document, "article-journal" if not document else "document")
    if item.type == "document" and "container-title" in item.fields:
        item.type = "article-journal"
    if item.type == "book" and "title" not in item.fields and "container-title" in item.fields:
        item.fields["title"] = item.fields.pop("container-title")
    return item


def _authors(by_name: dict[str, str], name: str, report: Report, line: int) -> list[Name]:
    """``Author full names`` ("Liu, Fengyuan (60410297700); ...") over ``Authors``
    ("Liu F.; Li C." or, in older exports, "Pan, Y., Yu, C."), when as many."""
    full = [
        p
        for p in (
            parse_name(_ID.sub("", v)) for v in by_name.get("author full names", "").split(";")
        )
        if p is not None
    ]
    short = _people(by_name.get("authors", ""))
    if len(short) > len(full):
        if full:
            report.warn(
                name,
                line,
                "scopus",
                f"{len(full)} full names for {len(short)} authors; Authors read",
            )
        return short
    return full


def _people(value: str) -> list[Name]:
    """People as Scopus lists them: "Liu F.; Li C." (the newer export), "Pan, Y., Yu,
    C., Seiler Jr., J.R." (the older: family and initials alternate), or "Barolli
    L., Takizawa M." (editors)."""
    if ";" in value:
        pieces = value.split(";")
    elif "," in value:
        parts = [p.strip() for p in value.split(",")]
        if len(parts) % 2 == 0 and all(_INITIALS.match(p) for p in parts[1::2]):
            pieces = [
                f"{family}, {given}" for family, given in zip(parts[::2], parts[1::2], strict=True)
            ]
        else:
            pieces = parts
    else:
        pieces = [value]
    return [p for p in (_short(piece) for piece in pieces) if p is not None]


def _short(value: str) -> Name | None:
    """ "Liu F." / "Van Der Berg J.-P." / "Pan, Y." as family and initials (the
    trailing words that are initials are the given name)."""
    value = value.strip()
    if not value:
        return None
    if "," in value:
        return parse_name(value)
    words = value.split()
    at = len(words)
    while at > 1 and _INITIALS.match(words[at - 1]):
        at -= 1
    if at == len(words):
        return Name(literal=value) if len(words) == 1 else parse_name(value)
    return Name(family=" ".join(words[:at]), given=" ".join(words[at:]))
