"""Reading Web of Science's tab-delimited export (``savedrecs.txt`` saved as
"Tab-delimited"): a header line of the field tags (``PT AU BA BE GP AF ... UT PM``,
TAB-separated, a BOM before it at times), then one record per line with as many
TAB-separated cells; no quoting; a list field's items (``AU``, ``AF``, ``CR`` ...)
joined by ``; ``. Each line becomes the same record the plain-text reader builds,
and the same table (:data:`citeconv.readers.wos.TAGS`) makes the Item, so both
exports of one search give the same records. Streams: one line at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from citeconv.diagnostics import EmptyInput, InputError, Report
from citeconv.model import Item
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.wos import LIST_TAGS, Record, record_item

#: List fields whose items hold "; " themselves, kept as one value: C1 ("[Smith, J;
#: Doe, A] Univ X") and the funding text.
_WHOLE = frozenset({"C1", "FU", "FX"})


def read_wos_tab(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read a Web of Science tab-delimited export; yield one Item per record line."""
    index = first_index
    header: list[str] | None = None
    pending: tuple[int, list[str]] | None = None  # a row cut short by a line break
    for number, text in iter_lines(
        stream, name, report, encoding, None, max_line_bytes, keep_tabs=True
    ):
        text = text.lstrip("\ufeff") if header is None else text
        if not text.strip():
            continue
        cells = text.split("\t")
        if header is None:
            header = [cell.strip().upper() for cell in cells]
            if "PT" not in header or not ({"TI", "AU", "AF", "SO"} & set(header)):
                raise InputError(
                    "not a Web of Science tab-delimited export: its first line is not a "
                    "header of field tags (PT, AU, TI, ...)",
                    name,
                    number,
                )
            continue
        start = number
        if pending is not None:
            joined = [*pending[1][:-1], f"{pending[1][-1]} {cells[0]}", *cells[1:]]
            if len(joined) <= len(header) + 1:
                # A line break inside a cell (an abstract's): the two lines are one row.
                report.warn(
                    name, number, "wos", "a line break inside a cell; joined to the line before"
                )
                start, cells = pending[0], joined
            else:
                yield _row(header, pending[1], name, report, index, pending[0], short=True)
                index += 1
            pending = None
        if len(cells) < len(header) - 1:
            pending = (start, cells)  # short: joined to the next line, or warned
            continue
        yield _row(header, cells, name, report, index, start)
        index += 1
    if pending is not None:
        yield _row(header or [], pending[1], name, report, index, pending[0], short=True)
        index += 1
    if index == first_index:
        raise EmptyInput("empty input: a Web of Science tab-delimited header and no records", name)


def _row(
    header: list[str],
    cells: list[str],
    name: str,
    report: Report,
    index: int,
    number: int,
    *,
    short: bool = False,
) -> Item:
    """One record line → the plain-text reader's record → Item."""
    if short:
        report.warn(
            name,
            number,
            "wos",
            f"{len(cells)} cells for {len(header)} columns: the row is cut short; read as is",
        )
    elif len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        report.warn(
            name,
            number,
            "wos",
            f"{len(cells)} cells for {len(header)} columns; the last "
            f"{len(cells) - len(header)} kept as EXTRA",
        )
    record = Record(number)
    for tag, cell in zip(header, cells, strict=False):
        value = cell.strip()
        if not value:
            continue
        if tag in LIST_TAGS and tag not in _WHOLE:
            values = [v.strip() for v in value.split(";") if v.strip()]
        else:
            values = [value]
        record.fields[tag] = (values, number)
    extra = [c.strip() for c in cells[len(header) :] if c.strip()]
    if extra:
        record.fields["EXTRA"] = (extra, number)
    return record_item(record, name, report, index)
