"""The small public API: read inputs into Items, and convert them with a writer."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, TextIO

from citeconv.diagnostics import InputError, Report, UsageError
from citeconv.model import Item
from citeconv.writers import WriterOptions, find_writer

if TYPE_CHECKING:
    from citeconv.progress import ReadProgress

InputFormat = Literal["auto", "ris", "csl-json"]
STDIN = "-"
STDIN_NAME = "<stdin>"


def display_name(path: str) -> str:
    """The name diagnostics use for an input (``<stdin>`` for ``-``)."""
    return STDIN_NAME if path == STDIN else path


def _sniff_format(head: bytes) -> InputFormat:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "csl-json" if stripped[:1] in (b"[", b"{") else "ris"


def read_stream(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    input_format: InputFormat = "auto",
    encoding: str | None = None,
    first_index: int = 1,
) -> Iterator[Item]:
    """Items from one binary stream, RIS or CSL-JSON (``auto``: decided by content)."""
    from citeconv.csljson import read_csl_json
    from citeconv.ris import read_ris

    buffered: io.BufferedReader = (
        stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    )
    if input_format == "auto":
        input_format = _sniff_format(buffered.peek(64))
    if input_format == "csl-json":
        yield from read_csl_json(buffered, name, report, first_index=first_index)
    else:
        yield from read_ris(buffered, name, report, encoding=encoding, first_index=first_index)


def check_inputs(paths: Sequence[str]) -> None:
    """Fail before any output is written if an input cannot be opened."""
    for path in paths:
        if path == STDIN:
            continue
        p = Path(path)
        if p.is_dir():
            raise InputError("is a directory, not a file", path)
        if not p.exists():
            raise InputError("no such file", path)
        try:
            with p.open("rb"):
                pass
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path) from None


def read(
    paths: Sequence[str],
    report: Report | None = None,
    *,
    input_format: InputFormat = "auto",
    encoding: str | None = None,
    progress: ReadProgress | None = None,
) -> Iterator[Item]:
    """Items from several inputs in order (``-`` is standard input), streaming.

    Every item read is counted in ``report.records_read``. ``progress``, if given,
    hears every so often how many records and bytes were read, and is closed when
    reading ends.
    """
    from citeconv.progress import EVERY

    report = report if report is not None else Report()
    index = 1
    done = 0  # bytes of the inputs already finished, for the progress bar
    for path in paths or [STDIN]:
        name = display_name(path)
        if path == STDIN:
            handle: BinaryIO = sys.stdin.buffer
        else:
            try:
                handle = open(path, "rb")  # noqa: SIM115 - closed below, after streaming
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
        try:
            seekable = progress is not None and path != STDIN and handle.seekable()
            for item in read_stream(
                handle,
                name,
                report,
                input_format=input_format,
                encoding=encoding,
                first_index=index,
            ):
                report.records_read += 1
                index += 1
                if progress is not None and index % EVERY == 0:
                    progress.update(report.records_read, done + handle.tell() if seekable else None)
                yield item
            if seekable:
                done += handle.tell()
        finally:
            if path != STDIN:
                handle.close()
    if progress is not None:
        progress.close()


def convert(
    paths: Sequence[str],
    out: TextIO,
    to: str,
    *,
    options: WriterOptions | None = None,
    report: Report | None = None,
    input_format: InputFormat = "auto",
    encoding: str | None = None,
) -> Report:
    """Read ``paths`` and write them with the writer ``to``; return the Report."""
    report = report if report is not None else Report()
    writer_cls = find_writer(to)
    if not writer_cls.formatted and options is not None and options.style:
        raise UsageError(f"--style is only for formatted writers, not {writer_cls.name}")
    writer = writer_cls(options or WriterOptions(), report)
    check_inputs(paths)
    report.records_written += writer.write(
        read(paths, report, input_format=input_format, encoding=encoding), out
    )
    return report
