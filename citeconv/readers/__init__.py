"""Readers: the bytes of an export in, :class:`citeconv.model.Item` out.

One interface for every input format: :func:`read_stream` decides the format by
content (:func:`citeconv.readers.ris.sniff.sniff_format`, the one content sniff) unless
:class:`ReadOptions` names it, and hands the stream to that format's reader. A
reader streams: it yields each item as its record is read, reports per-record
problems to the :class:`~citeconv.diagnostics.Report` and raises
:class:`~citeconv.diagnostics.InputError` for input it cannot read at all.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Literal

from citeconv.diagnostics import Report
from citeconv.model import Item
from citeconv.readers.ris.decode import MAX_LINE_BYTES, SNIFF_BYTES, Prefixed

InputFormat = Literal["auto", "ris", "csl-json", "medline"]
INPUT_FORMATS: tuple[InputFormat, ...] = ("auto", "ris", "csl-json", "medline")
#: The reading of RIS tags whose meaning depends on the type (readers.ris.mapping).
DEFAULT_MAPPING = "endnote"


@dataclass(frozen=True)
class ReadOptions:
    """How the inputs of a run are read.

    ``input_format``: ``auto`` (by content), ``ris``, ``csl-json`` or ``medline``
    (PubMed/MEDLINE ``.nbib``); ``encoding``:
    None for the BOM / UTF-16 / UTF-8 / cp1252 decision; ``max_line_bytes``: the
    longest line (and, in characters, record) read; ``tag_mapping``: how RIS
    type-dependent tags are read (``endnote``, ``zotero``); ``keep_going``: an input
    that fails is reported and the next one read.
    """

    input_format: InputFormat = "auto"
    encoding: str | None = None
    max_line_bytes: int = MAX_LINE_BYTES
    tag_mapping: str = DEFAULT_MAPPING
    keep_going: bool = False

    def __post_init__(self) -> None:
        from citeconv.diagnostics import UsageError

        if self.input_format not in INPUT_FORMATS:
            raise UsageError(f"unknown input format {self.input_format!r}; one of {INPUT_FORMATS}")
        if not isinstance(self.max_line_bytes, int) or self.max_line_bytes < 1024:
            raise UsageError(f"max_line_bytes must be at least 1024, not {self.max_line_bytes!r}")


#: Bytes that are blank in UTF-8 and in UTF-16/32 (NULs), BOMs included.
_BLANK_BYTES = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
_MAX_BLANK_PREFIX = 1 << 20


def read_stream(
    stream: BinaryIO,
    name: str,
    report: Report,
    options: ReadOptions | None = None,
    *,
    first_index: int = 1,
) -> Iterator[Item]:
    """Items from one binary stream, in the format ``options`` names or, with
    ``auto``, the one its content shows. ``name`` is the input's name in
    diagnostics; generated ids are numbered from ``first_index``."""
    from citeconv.readers.csljson import read_csl_json
    from citeconv.readers.ris import read_ris
    from citeconv.readers.ris.sniff import sniff_format

    options = options or ReadOptions()
    buffered: io.BufferedReader = (
        stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    )
    input_format = options.input_format
    if input_format == "auto":
        head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        if not head.strip(_BLANK_BYTES):
            # Nothing but blank lines so far (4,100 newlines before a JSON array):
            # look further, up to 1 MiB, and hand the reader those bytes first.
            head = buffered.read(SNIFF_BYTES)
            while head and not head.strip(_BLANK_BYTES) and len(head) < _MAX_BLANK_PREFIX:
                more = buffered.read(SNIFF_BYTES)
                if not more:
                    break
                head += more
            buffered = io.BufferedReader(Prefixed(head, buffered))
        input_format = sniff_format(head)
    if input_format == "medline":
        from citeconv.readers.medline import read_medline

        yield from read_medline(
            buffered,
            name,
            report,
            encoding=options.encoding,
            first_index=first_index,
            max_line_bytes=options.max_line_bytes,
        )
    elif input_format == "csl-json":
        yield from read_csl_json(
            buffered, name, report, first_index=first_index, encoding=options.encoding
        )
    else:
        yield from read_ris(
            buffered,
            name,
            report,
            encoding=options.encoding,
            first_index=first_index,
            max_line_bytes=options.max_line_bytes,
            tag_mapping=options.tag_mapping,
        )


__all__ = ["DEFAULT_MAPPING", "INPUT_FORMATS", "InputFormat", "ReadOptions", "read_stream"]
