"""Readers: the bytes of an export in, :class:`citeconv.model.Item` out.

Readers are plug-ins (:class:`citeconv.readers.base.Reader`) found through the
entry-point group ``citeconv.readers``; the built-in ones (``readers/formats.py``)
register the same way. :func:`read_stream` is the one interface: it takes the
reader :class:`ReadOptions` names, or with ``auto`` the one :func:`choose_reader`
picks (the one content test: each reader's score for the first bytes, then the
file's suffix), and hands it the stream. A reader streams: it yields each item
as its record is read, reports per-record problems to the
:class:`~citeconv.diagnostics.Report` and raises
:class:`~citeconv.diagnostics.InputError` for input it cannot read at all.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from citeconv.diagnostics import Diagnostic, EmptyInput, Report
from citeconv.model import Item
from citeconv.plugins import READERS, plugins
from citeconv.readers.base import AUTO, DEFAULT_MAPPING, Reader, ReadOptions
from citeconv.readers.ris.decode import SNIFF_BYTES, Prefixed

GROUP = READERS


_LOADED: list[type[Reader]] | None = None


def available_readers() -> list[type[Reader]]:
    """Every installed reader, built-in first then by name; broken plug-ins skipped."""
    global _LOADED
    if _LOADED is None:
        found: list[type[Reader]] = []
        for ep in plugins(GROUP):
            try:
                cls = ep.load()
            except Exception:  # a broken third-party plug-in must not break the tool
                continue
            if isinstance(cls, type) and issubclass(cls, Reader) and cls.name:
                found.append(cls)
        builtin = [c for c in found if c.__module__.startswith("citeconv.")]
        others = sorted(
            (c for c in found if not c.__module__.startswith("citeconv.")), key=lambda c: c.name
        )
        _LOADED = builtin + others
    return list(_LOADED)


def reader_names() -> list[str]:
    """``auto`` and the name of every reader, for help and error messages."""
    return [AUTO, *(cls.name for cls in available_readers())]


def find_reader(name: str) -> type[Reader]:
    """The reader called ``name`` (or an alias)."""
    from citeconv.diagnostics import UsageError

    wanted = name.lower()
    readers = available_readers()
    for cls in readers:
        if wanted == cls.name or wanted in cls.aliases:
            return cls
    from citeconv.suggest import did_you_mean

    near = did_you_mean(name, [AUTO, *(n for cls in readers for n in (cls.name, *cls.aliases))])
    raise UsageError(f"unknown input format {name!r}{near} (formats: {', '.join(reader_names())})")


def choose_reader(head: bytes, filename: str | None = None) -> tuple[type[Reader], str | None]:
    """The reader for an input starting with ``head``: the surest by content, then by
    ``filename``'s suffix; and a note naming the choice when the content was
    ambiguous (two readers as sure), else None."""
    from citeconv.readers.ris.sniff import head_text

    # CR-only and CRLF files: the content tests look at lines.
    text = head_text(head).replace("\r\n", "\n").replace("\r", "\n")
    scored = [(cls.detect(head, text), n, cls) for n, cls in enumerate(available_readers())]
    best = max(score for score, _, _ in scored)
    top = [cls for score, _, cls in scored if score == best]
    if len(top) == 1:
        return top[0], None
    suffix = Path(filename).suffix.lower() if filename else ""
    by_suffix = [cls for cls in top if suffix and suffix in cls.suffixes]
    chosen = by_suffix[0] if by_suffix else top[0]
    others = ", ".join(cls.name for cls in top if cls is not chosen)
    why = f"its suffix {suffix}" if by_suffix else "the first of them"
    return (
        chosen,
        f"read as {chosen.name} (the content could also be {others}; chose {why}; "
        "use --from to choose)",
    )


def reader_for(
    options: ReadOptions, head: bytes, filename: str | None = None
) -> tuple[type[Reader], str | None]:
    """The reader ``options`` names, or the one :func:`choose_reader` picks."""
    if options.input_format != AUTO:
        return find_reader(options.input_format), None
    return choose_reader(head, filename)


#: Bytes that are blank in UTF-8 and in UTF-16/32 (NULs), BOMs included.
_BLANK_BYTES = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
_MAX_BLANK_PREFIX = 1 << 20


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


def _blank(data: bytes) -> bool:
    """Whether ``data`` is blank text: white space only, after a byte order mark
    (and, in UTF-16/32 by their BOM, the NULs of their code units). NULs without a
    BOM are binary data, refused as such by the readers."""
    bom = next((b for b in _BOMS if data.startswith(b)), b"")
    rest = data[len(bom) :]
    if bom and bom != _BOMS[0]:  # UTF-16 or UTF-32
        rest = rest.replace(b"\x00", b"")
    return not rest.strip(b" \t\r\n\x0b\x0c")


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
    options = options or ReadOptions()
    buffered: io.BufferedReader = (
        stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    )
    # The first SNIFF_BYTES, however many reads a pipe needs for them (peek gave
    # only what the writer's first write held: `curl | citeconv` was "not RIS").
    head = _read_up_to(buffered, SNIFF_BYTES)
    ended = len(head) < SNIFF_BYTES
    while not ended and not head.strip(_BLANK_BYTES) and len(head) < _MAX_BLANK_PREFIX:
        # Nothing but blank lines so far (4,100 newlines before a JSON array):
        # look further, up to 1 MiB.
        more = _read_up_to(buffered, SNIFF_BYTES)
        ended = len(more) < SNIFF_BYTES
        head += more
    if ended and _blank(head):
        # Whatever the reader: an export with zero hits (a warning, not an error).
        raise EmptyInput("empty input: no records", name)
    buffered = io.BufferedReader(Prefixed(head, buffered))
    reader, note = reader_for(options, head, name)
    facts = report.facts(name)
    facts.reader, facts.reader_doubt = reader.name, note
    facts.reader_by = "content" if options.input_format == AUTO else "--from"
    if note is not None:
        report.add(Diagnostic(name, None, "note", "reader", note))
    from citeconv.notes import file_bookkeeping

    for item in reader().read(buffered, name, report, options, first_index):
        file_bookkeeping(item)  # every reader's notes: the export's bookkeeping apart
        yield item


__all__ = [
    "AUTO",
    "DEFAULT_MAPPING",
    "GROUP",
    "ReadOptions",
    "Reader",
    "available_readers",
    "choose_reader",
    "find_reader",
    "read_stream",
    "reader_for",
    "reader_names",
]
