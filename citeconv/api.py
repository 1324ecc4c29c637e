"""The small public API: read inputs into Items, and convert them with a writer."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

from citeconv.diagnostics import EmptyInput, InputError, Report, UsageError, input_error
from citeconv.model import Item
from citeconv.readers import ReadOptions, read_stream
from citeconv.readers.ris.decode import SNIFF_BYTES
from citeconv.writers import WriterOptions, find_writer

if TYPE_CHECKING:
    from citeconv.model import Rendered
    from citeconv.progress import ReadProgress

STDIN = "-"
STDIN_NAME = "<stdin>"


def display_name(path: str) -> str:
    """The name diagnostics use for an input (``<stdin>`` for ``-``)."""
    return STDIN_NAME if path == STDIN else path


def input_problem(path: str, options: ReadOptions | None = None) -> InputError | None:
    """Why ``path`` cannot be converted, found before any output is written, or None.

    Checks that the file exists, is a file, can be read, and that its first bytes,
    decoded as ``options`` says, could be RIS or CSL-JSON (so that ``a.ris
    notes.pdf`` fails before writing): the test a stream gets from its first read.
    """
    if path == STDIN:
        return None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return InputError("no such file", path)
    except (OSError, ValueError) as exc:  # a loop of links, a name too long, a NUL
        return InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path)
    if stat.S_ISDIR(info.st_mode):
        return InputError("is a directory, not a file", path)
    if not stat.S_ISREG(info.st_mode):
        # A pipe, FIFO or device (<(cat x.ris), /dev/stdin): read once, as a stream,
        # and sniffed from that read; opening it here would eat its first bytes (or
        # wait forever for a FIFO's writer).
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        return InputError(f"cannot read: {exc.strerror or exc}", path)
    options = options or ReadOptions()
    complete = len(head) < SNIFF_BYTES or info.st_size <= len(head)
    from citeconv.readers import reader_for

    reader, _ = reader_for(options, head, path)
    problem = reader.problem(head, options.encoding, complete)
    return input_error(problem, path) if problem is not None else None


def check_inputs(paths: Sequence[str], options: ReadOptions | None = None) -> None:
    """Raise the first input problem (see :func:`input_problem`), if any."""
    for path in paths:
        problem = input_problem(path, options)
        if problem is not None and not isinstance(problem, EmptyInput):
            raise problem  # an empty export is a warning when it is read


@contextlib.contextmanager
def _open_input(path: str, name: str) -> Iterator[BinaryIO]:
    """The bytes of an input: standard input (left open) or the file (closed after)."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after streaming
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    with handle:
        yield handle


def read(
    paths: Sequence[str],
    report: Report | None = None,
    options: ReadOptions | None = None,
    *,
    progress: ReadProgress | None = None,
) -> Iterator[Item]:
    """Items from several inputs in order (``-`` is standard input), streaming.

    Every item read is counted in ``report.records_read``. With
    ``options.keep_going``, an input that fails is reported as an error and the next
    one is read; otherwise the :class:`InputError` propagates. ``progress``, if
    given, hears every so often how many records and bytes were read, and is closed
    when reading ends.
    """
    return cast(Iterator[Item], read_rendered(paths, report, options, progress=progress))


def read_rendered(
    paths: Sequence[str],
    report: Report | None = None,
    options: ReadOptions | None = None,
    *,
    render: Callable[[Item], Any] | None = None,
    jobs: int | None = None,
    progress: ReadProgress | None = None,
) -> Iterator[Item | Rendered]:
    """:func:`read`, with ``jobs`` processes on large RIS files (:mod:`citeconv.pipeline.ranges`).

    ``render`` is a writer's ``render``: worker processes apply it to the items they
    read, which come out as :class:`~citeconv.model.Rendered`; the rest come out as
    items. Without ``render`` everything is read by this process.
    """
    from citeconv.pipeline.ranges import SplitRead, plan_ranges
    from citeconv.progress import EVERY

    report = report if report is not None else Report()
    options = options or ReadOptions()
    index = 1
    done = 0  # bytes of the inputs already finished, for the progress bar
    for path in paths or [STDIN]:
        name = display_name(path)
        try:
            starts = None
            if render is not None:
                starts = plan_ranges(path, jobs, options)
            with _open_input(path, name) as stream:
                seekable = progress is not None and path != STDIN and stream.seekable()
                source: Iterable[Item | Rendered]
                if starts is not None and render is not None:
                    split = SplitRead(
                        stream, name, report, starts, render, options, first_index=index
                    )
                    source, tell = split, split.tell
                else:
                    source = read_stream(stream, name, report, options, first_index=index)
                    tell = stream.tell
                for item in source:
                    report.records_read += 1
                    index += 1
                    if progress is not None and index % EVERY == 0:
                        progress.update(report.records_read, done + tell() if seekable else None)
                    yield item
                if seekable:
                    done += tell()
        except EmptyInput as exc:
            # Zero hits: nothing to convert, which is no failure (--strict makes it one).
            report.warn(exc.file or name, exc.line, "input", exc.message)
        except InputError as exc:
            if not options.keep_going:
                raise
            report.error(exc.file or name, exc.line, "input", exc.message)
    if progress is not None:
        progress.close()


def convert(
    paths: Sequence[str],
    out: TextIO,
    to: str,
    *,
    options: WriterOptions | None = None,
    report: Report | None = None,
    read_options: ReadOptions | None = None,
) -> Report:
    """Read ``paths`` and write them with the writer ``to``; return the Report."""
    report = report if report is not None else Report()
    writer_cls = find_writer(to)
    if not writer_cls.formatted and options is not None and options.style:
        raise UsageError(f"--style is only for formatted writers, not {writer_cls.name}")
    from citeconv.pipeline.fields import with_fields

    # exclude_fields, fields, no_abstract: the same filter as the command line's.
    writer = with_fields(writer_cls(options or WriterOptions(), report))
    check_inputs(paths, read_options)
    report.records_written += writer.write(read(paths, report, read_options), out)
    return report
