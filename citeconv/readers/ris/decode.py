"""Bytes → numbered text lines, streaming, whatever the exporter's encoding and line ends.

Order of decisions: ``--encoding`` if given; a BOM (UTF-8, UTF-32 and UTF-16 LE/BE);
UTF-32 or UTF-16 without a BOM (the NUL bytes of ASCII text in those); otherwise
strict UTF-8 line by line, falling back to cp1252 for a line that is not UTF-8, with
one warning for the file. The locale's default encoding is never used.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from citeconv.diagnostics import InputError, Report

SNIFF_BYTES = 4096
#: The size of each read after the first SNIFF_BYTES.
BLOCK_BYTES = 1 << 16

#: The longest line read (bytes) unless raised: no real RIS field comes near it.
MAX_LINE_BYTES = 64 * 1024 * 1024
#: A line longer than this is cut at collapsed-record boundaries when it has them.
_SOFT_LINE_BYTES = 1024 * 1024
# " ER  - " followed by "TY  - ": where one collapsed record ends and the next starts.
_RECORD_BOUNDARY = re.compile(rb"[ \t]ER[ \t]{1,2}-[ \t]+(?=TY[ \t]{1,2}-[ \t])")


class LineTooLong(Exception):
    """A line longer than the limit, with no record boundary to cut it at."""


#: Characters that end lines in some exports but must not end RIS values; and a
#: byte order mark met after the start (files concatenated, or " \ufeff" as in a
#: JabRef test file), which is no text.
_VALUE_BREAKS = str.maketrans(
    {"\u2028": " ", "\u2029": " ", "\x00": None, "\t": " ", "\ufeff": None}
)
_HAS_BREAKS = re.compile("[\u2028\u2029\x00\t\ufeff]")
#: The same, TABs kept (a tab-delimited export's cell separator).
_VALUE_BREAKS_TABS = str.maketrans({"\u2028": " ", "\u2029": " ", "\x00": None, "\ufeff": None})
_HAS_BREAKS_TABS = re.compile("[\u2028\u2029\x00\ufeff]")


def _detect_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: a RIS tag line in it ("TY  - " as UTF-16), or the NULs
    of ASCII text in every other byte (most of them: a CJK title lowers the share)."""
    window = head[:2048]
    for order in ("utf-16-le", "utf-16-be"):
        tag = "TY  -".encode(order)
        at = window.find(tag)
        while at != -1 and at % 2:  # one byte off: the other byte order's tag
            at = window.find(tag, at + 1)
        if at != -1:
            return order
    sample = head[:512]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _detect_utf32(head: bytes) -> str | None:
    """UTF-32 without a BOM: the high byte of every character is NUL (Unicode ends
    at U+10FFFF), the next nearly always (outside the BMP is rare), the low byte
    rarely (ASCII tags and punctuation)."""
    sample = head[: len(head[:512]) // 4 * 4]
    if len(sample) < 8:
        return None
    quarter = len(sample) // 4
    nuls = [sample[n::4].count(0) for n in range(4)]
    if nuls[3] == quarter and nuls[2] >= quarter * 0.9 and nuls[0] < quarter * 0.5:
        return "utf-32-le"
    if nuls[0] == quarter and nuls[1] >= quarter * 0.9 and nuls[3] < quarter * 0.5:
        return "utf-32-be"
    return None


def choose_encoding(head: bytes) -> tuple[str | None, int]:
    """(encoding or None for the UTF-8/cp1252 path, number of BOM bytes to skip).

    UTF-32's BOMs before UTF-16's: FF FE 00 00 starts with UTF-16-LE's FF FE."""
    if head.startswith(codecs.BOM_UTF8):
        return None, 3
    if head.startswith(codecs.BOM_UTF32_LE):
        return "utf-32-le", 4
    if head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32-be", 4
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    return _detect_utf32(head) or _detect_utf16(head), 0


def iter_lines(
    stream: BinaryIO,
    name: str,
    report: Report,
    encoding: str | None = None,
    head: bytes | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    *,
    keep_tabs: bool = False,
) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for each line, ``\\r`` and ``\\n`` removed
    (TABs become blanks, as RIS values want, unless ``keep_tabs``).

    ``head`` is the first bytes already read from ``stream`` (for sniffing); they are
    decoded first. LF, CRLF, bare CR and mixed endings all end a line.
    """
    if head is None:
        head = stream.read(SNIFF_BYTES)
    if encoding is not None:
        problem = encoding_problem(encoding)
        if problem is not None:
            raise InputError(problem, name)
        given = encoding
        encoding, skip = with_byte_order(encoding, head)
        note_encoding(report, name, given, encoding, skip)
        yield from _iter_codec_lines(head[skip:], stream, encoding, keep_tabs)
        return
    detected, skip = choose_encoding(head)
    note_encoding(report, name, None, detected, skip)
    if detected is not None:
        yield from _iter_codec_lines(head[skip:], stream, detected, keep_tabs)
        return
    yield from iter_utf8_lines(
        head[skip:], stream, name, report, max_line_bytes, keep_tabs=keep_tabs
    )


def note_encoding(
    report: Report, name: str, given: str | None, decoded: str | None, skip: int
) -> None:
    """Tell ``report`` (its :class:`~citeconv.diagnostics.InputFacts` for ``name``)
    which codec an input is decoded with and why: ``given`` is ``--encoding``,
    ``decoded`` and ``skip`` what :func:`with_byte_order` or :func:`choose_encoding`
    returned (None: the UTF-8 path)."""
    facts = report.facts(name)
    facts.encoding = codecs.lookup(decoded).name if decoded is not None else "utf-8"
    if given is not None:
        facts.encoding_by = "--encoding"
    elif skip:
        facts.encoding_by = "BOM"
    else:
        facts.encoding_by = "detected" if decoded is not None else "default"


def with_byte_order(encoding: str, head: bytes) -> tuple[str, int]:
    """(``encoding`` as decoded, BOM bytes to skip). ``utf-16`` and ``utf-32`` name no
    byte order: the BOM's, else UTF-16's pattern of NULs, else little-endian (as
    Windows writes them); a BOM is skipped, never read as text."""
    name = codecs.lookup(encoding).name
    if name in ("utf-8", "utf-8-sig"):
        return "utf-8", 3 if head.startswith(codecs.BOM_UTF8) else 0
    # A BOM that agrees with an encoding of given byte order is skipped too.
    own_bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }
    if name in own_bom:
        bom = own_bom[name]
        return name, len(bom) if head.startswith(bom) else 0
    boms = {
        "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
        "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    }
    if name not in boms:
        return encoding, 0
    for bom, ordered in boms[name]:
        if head.startswith(bom):
            return ordered, len(bom)
    if name == "utf-16":
        return _detect_utf16(head) or "utf-16-le", 0
    return _detect_utf32(head) or "utf-32-le", 0


def encoding_problem(encoding: str) -> str | None:
    """Why ``encoding`` cannot decode a text file, or None: unknown, or a codec that is
    no text encoding (``rot13``, ``base64``, ``zlib``, ``undefined``)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        import encodings.aliases

        from citeconv.suggest import did_you_mean

        known = [*encodings.aliases.aliases, *encodings.aliases.aliases.values()]
        near = did_you_mean(encoding, sorted({name.replace("_", "-") for name in known}))
        return f"unknown encoding {encoding!r}{near}"
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return f"{encoding!r} is not a text encoding (e.g. utf-8, cp1252, latin-1, utf-16)"
    try:
        # As the reader uses it: incrementally, a damaged byte replaced (idna cannot).
        ordered, _ = with_byte_order(encoding, b"")
        codecs.getincrementaldecoder(ordered)(errors="replace").decode(b"TY  - \xff", final=True)
    except (UnicodeError, LookupError, TypeError, ValueError):
        return f"{encoding!r} cannot decode a text file (e.g. utf-8, cp1252, latin-1, utf-16)"
    return None


def _iter_codec_lines(
    head: bytes, stream: BinaryIO, encoding: str, keep_tabs: bool = False
) -> Iterator[tuple[int, str]]:
    raw = io.BufferedReader(Prefixed(head, stream))
    # newline=None: universal newlines, so CR, LF and CRLF all end a line.
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=None)
    table = _VALUE_BREAKS_TABS if keep_tabs else _VALUE_BREAKS
    for number, line in enumerate(text, start=1):
        yield number, line.rstrip("\n").translate(table)


def iter_utf8_lines(
    head: bytes,
    stream: BinaryIO,
    name: str,
    report: Report,
    max_line_bytes: int = MAX_LINE_BYTES,
    first_line: int = 1,
    *,
    keep_tabs: bool = False,
) -> Iterator[tuple[int, str]]:
    """The UTF-8 (cp1252 fallback) path of :func:`iter_lines`, numbering from ``first_line``.

    Also reads a part of a file that starts at a line (a ``--jobs`` worker's range): its
    lines are those :func:`iter_lines` gives for that part of the whole file, provided
    ``head`` and the reads of ``stream`` end where the whole file's reads end
    (``SNIFF_BYTES``, then every 64 KiB), so that long lines are cut at the same places.
    """
    # Whole blocks of complete lines are decoded at once (one decode, one translate,
    # one split per 64 KiB); only a block that is not UTF-8 is taken line by line, so
    # that just the lines that are not fall back to cp1252.
    warned = nul_warned = False
    table, has_breaks = (
        (_VALUE_BREAKS_TABS, _HAS_BREAKS_TABS) if keep_tabs else (_VALUE_BREAKS, _HAS_BREAKS)
    )
    number = first_line - 1
    chunks = _iter_line_chunks(head, stream, max_line_bytes)
    continues = False
    while True:
        try:
            chunk, ends_line = next(chunks)
        except StopIteration:
            break
        except LineTooLong:
            raise InputError(
                f"line {number + 1} is longer than {max_line_bytes} bytes and has no record "
                "boundary; refused (raise the limit with --max-line-bytes)",
                name,
                number + 1,
            ) from None
        if continues:
            # The previous chunk stopped inside a long collapsed line: its last piece
            # and this chunk's first piece are the same physical line, one number.
            number -= 1
        continues = not ends_line
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if "\r" in text:
                # CRLF, then a bare CR (classic Mac), end a line.
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if has_breaks.search(text):  # translate is slow; most blocks need none
                if not nul_warned and "\x00" in text:
                    nul_warned = True
                    at = number + 1 + text.count("\n", 0, text.index("\x00"))
                    _warn_nul(report, name, at)
                text = text.translate(table)
            lines = text.split("\n")
            if not lines[-1]:
                lines.pop()  # the chunk ended with its line's newline
            for line in lines:
                number += 1
                yield number, line
            continue
        raw_lines = chunk.split(b"\n")
        if not raw_lines[-1]:
            raw_lines.pop()
        for raw_line in raw_lines:
            pieces = raw_line.split(b"\r") if b"\r" in raw_line else [raw_line]
            if len(pieces) > 1 and pieces[-1] == b"":
                pieces.pop()
            for piece in pieces:
                number += 1
                try:
                    line = piece.decode("utf-8")
                except UnicodeDecodeError:
                    line = piece.decode("cp1252", errors="replace")
                    if not warned:
                        warned = True
                        report.facts(name).encoding_fallback = "cp1252"
                        report.warn(
                            name,
                            number,
                            "encoding",
                            "not UTF-8; read as Windows-1252 (cp1252) from here on where "
                            "lines are not UTF-8 (use --encoding to choose)",
                        )
                if not nul_warned and "\x00" in line:
                    nul_warned = True
                    _warn_nul(report, name, number)
                yield number, line.translate(table)


def _warn_nul(report: Report, name: str, line: int) -> None:
    report.warn(
        name,
        line,
        "nul-bytes",
        "NUL bytes (no text) dropped from here on (so are later ones in this file)",
    )


def _iter_line_chunks(
    head: bytes, stream: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[bytes, bool]]:
    """The stream in chunks of whole lines, reading 64 KiB blocks: ``(chunk, ends_line)``.

    A line longer than a block is gathered in a list and joined once, so a file that
    is one long line (a collapsed export) costs linear time. Memory stays bounded on
    such a file: past 1 MiB, the line is cut where one collapsed record ends and the
    next begins (``ends_line`` is then False: the next chunk continues the same
    physical line). A longer line without such a place raises :class:`LineTooLong`.
    """
    carry: list[bytes] = []
    carried = 0
    block = head
    while block:
        cut = block.rfind(b"\n")
        if cut < 0:
            if carried + len(block) >= _SOFT_LINE_BYTES:
                tail = carry[-1][-16:] if carry else b""
                last = None
                for last in _RECORD_BOUNDARY.finditer(tail + block):  # noqa: B007
                    pass
                if last is not None and last.end() > len(tail):
                    split = last.end() - len(tail)
                    carry.append(block[:split])
                    yield b"".join(carry), False
                    carry, carried = [block[split:]], len(block) - split
                    block = stream.read(BLOCK_BYTES)
                    continue
            carry.append(block)
            carried += len(block)
            if carried > max_line_bytes:
                raise LineTooLong(carried)
        else:
            if carry:
                carry.append(block[: cut + 1])
                yield b"".join(carry), True
                carry = []
            else:
                yield block[: cut + 1], True
            carried = len(block) - cut - 1
            if carried:
                carry.append(block[cut + 1 :])
        block = stream.read(BLOCK_BYTES)
    if carry:
        yield b"".join(carry), True


class Prefixed(io.RawIOBase):
    """A raw stream that first returns ``head`` and then reads on from ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n
