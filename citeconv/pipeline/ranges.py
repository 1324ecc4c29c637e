"""Reading one large RIS file with several processes: byte ranges cut at records.

For CSL-JSON and BibTeX the work is per record (read, map, render), so a large file
is cut into byte ranges that forked workers read, map and render while the parent
does the first range; the parent then hands the workers' renderings to the writer,
in order. Output and diagnostics are those of a one-process run:

- a range starts at a ``TY`` line whose previous non-blank line is an ``ER`` that
  closes a record (checked by reading the lines before it as the reader does), so
  the reader is in its starting state there: no open record, nothing pending;
- a worker numbers lines from its range's first line (it counts the line ends
  before it), and reads in the same blocks as a whole-file read, so that a long
  line is cut at the same places (:func:`citeconv.readers.ris.decode.iter_utf8_lines`);
- what depends on the records before (item ids, BibTeX key suffixes) is added by
  the parent: workers send the writer's ``render`` of each item;
- warnings given once per file ("lower-case RIS tags", "not UTF-8", "text outside
  any record") are shown only the first time, whichever range found them; a
  worker's diagnostics and errors come out where a one-process run gives them.

Anything else is read by one process: standard input, a file that is not regular,
not UTF-8 (UTF-16, ``--encoding``), without a clean boundary (a collapsed one-line
export), or small (unless ``--jobs`` is given).
"""

from __future__ import annotations

import io
import marshal
import os
import re
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from citeconv import signals
from citeconv.diagnostics import Diagnostic, InputError, Report
from citeconv.model import Rendered
from citeconv.readers import ReadOptions

if TYPE_CHECKING:
    from citeconv.model import Item

#: Automatic ``--jobs``: files smaller than this are read by one process.
MIN_SPLIT_BYTES = 4 * 1024 * 1024
#: The parent's range, against a worker's: the parent also writes every record and
#: takes in the workers' renderings, so it reads less (measured on 100k records).
PARENT_SHARE = 0.95
#: Diagnostic codes the reader gives at most once per file.
ONCE_PER_FILE = frozenset(
    {"encoding", "lower-case-tag", "outside-record", "empty-cell", "nul-bytes"}
)
#: How far past a range's ideal start a boundary is looked for, and how far back
#: from a candidate its record's ``TY`` may be.
_SEARCH_BYTES = 1 << 22
_LOOKBACK_BYTES = 1 << 20
#: Candidates tried for one boundary (each reads up to _LOOKBACK_BYTES).
_ATTEMPTS = 16
#: A worker sends its renderings in batches of this many frames.
_BATCH = 256

_CANDIDATE = re.compile(rb"\nTY[ \t]{0,4}-")


def plan_ranges(
    path: str, jobs: int | None, options: ReadOptions | None = None
) -> list[int] | None:
    """Where the ranges of ``path`` start (the first at 0), or None for one process.

    ``jobs`` None or 0 is automatic: the usable cores for a file of at least
    :data:`MIN_SPLIT_BYTES`; an explicit number splits any file that has boundaries.
    """
    options = options or ReadOptions()
    if path == "-" or jobs == 1 or options.encoding is not None:
        return None
    if options.input_format not in ("auto", "ris"):
        return None  # ranges are RIS records
    try:
        info = os.stat(path)
    except OSError:
        return None
    size = info.st_size
    if not stat.S_ISREG(info.st_mode) or (not jobs and size < MIN_SPLIT_BYTES):
        return None  # decided before importing multiprocessing (start-up time)
    from citeconv.pipeline.workers import can_fork, usable_cores
    from citeconv.readers import choose_reader
    from citeconv.readers.ris.decode import SNIFF_BYTES, choose_encoding

    if not can_fork():
        return None
    count = jobs or usable_cores()
    if count < 2:
        return None
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
        detected, _ = choose_encoding(head)
        if detected is not None or choose_reader(head, path)[0].name != "ris":
            return None  # UTF-16, or not RIS
        # Ranges: the parent's a little shorter, the workers' equal.
        unit = size / (count - 1 + PARENT_SHARE)
        starts = [0]
        for n in range(1, count):
            boundary = _find_boundary(
                handle, max(int(unit * (n - 1 + PARENT_SHARE)), starts[-1] + 1)
            )
            if boundary is not None and boundary > starts[-1]:
                starts.append(boundary)
    return starts if len(starts) > 1 else None


def _find_boundary(handle: BinaryIO, target: int) -> int | None:
    """The first offset from ``target`` on where a range can start, or None."""
    handle.seek(target)
    window = handle.read(_SEARCH_BYTES)
    for attempt, match in enumerate(_CANDIDATE.finditer(window)):
        if attempt == _ATTEMPTS:
            break
        candidate = target + match.start() + 1
        if _starts_a_record(handle, candidate):
            return candidate
    return None


def _starts_a_record(handle: BinaryIO, at: int) -> bool:
    """Whether the reader, reading the whole file, is in its starting state at ``at``:
    a ``TY`` line there, and before it only blank lines back to an ``ER`` line that
    closes a record (the last ``TY``/``ER`` before that ``ER`` is a ``TY``)."""
    from citeconv.readers.ris.reader import _COLLAPSED_TAG, _TAG_LINE

    low = max(0, at - _LOOKBACK_BYTES)
    handle.seek(low)
    before = handle.read(at - low)
    after = handle.read(1 << 16)
    if b"\n" not in after and b"\r" not in after:
        return False  # a very long TY line: not a plain record start
    if low > 0:
        newline = before.find(b"\n")
        if newline < 0:
            return False
        before = before[newline + 1 :]  # from a whole line on
    lines = before.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    lines.pop()  # ``before`` ends with the newline before ``at``
    first = _decode(after.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")[0])
    match = _TAG_LINE.match(first)
    if match is None or match.group(1) != "TY" or _COLLAPSED_TAG.search(match.group(2)):
        return False
    seen_er = False
    for raw in reversed(lines):
        line = _decode(raw)
        match = _TAG_LINE.match(line)
        if not seen_er:
            if not line.strip():
                continue
            if match is None or match.group(1) != "ER":
                return False
            seen_er = True
            continue
        if match is None:
            continue  # a wrapped value
        tag = match.group(1)
        if not tag.isupper() or tag == "ER":
            return False  # a lower-case tag (read by state), or no open record
        if tag == "TY":
            return _COLLAPSED_TAG.search(match.group(2)) is None
    return False


def _decode(line: bytes) -> str:
    """One line's text as the reader gets it (UTF-8, else cp1252; breaks removed)."""
    from citeconv.readers.ris.decode import _HAS_BREAKS, _VALUE_BREAKS

    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("cp1252", errors="replace")
    return text.translate(_VALUE_BREAKS) if _HAS_BREAKS.search(text) else text


def count_line_ends(fd: int, end: int) -> int:
    """The lines that end before byte ``end`` (LF, CRLF and bare CR each end one)."""
    count = 0
    offset = 0
    previous_cr = False
    while offset < end:
        block = os.pread(fd, min(1 << 20, end - offset), offset)
        if not block:
            break
        count += block.count(b"\n")
        carriage_returns = block.count(b"\r")
        if carriage_returns:  # most files have none: one pass fewer
            count += carriage_returns - block.count(b"\r\n")
        if previous_cr and block[:1] == b"\n":
            count -= 1  # a CRLF cut between two blocks
        previous_cr = block[-1:] == b"\r"
        offset += len(block)
    return count


class _Window(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, by ``pread`` (the file's position is not used)."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        super().__init__()
        self._fd = fd
        self.position = start
        self._end = end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self._end - self.position)
        if n <= 0:
            return 0
        data = os.pread(self._fd, n, self.position)
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)


class _FileReport(Report):
    """Passes one file's diagnostics on to ``target``, each once-per-file one once."""

    def __init__(self, target: Report) -> None:
        super().__init__()
        self.target = target
        self.seen: set[str] = set()

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.code in ONCE_PER_FILE:
            if diagnostic.code in self.seen:
                return
            self.seen.add(diagnostic.code)
        self.target.add(diagnostic)


@dataclass
class _Worker:
    pid: int
    spill: IO[bytes]
    status: int | None = None

    def finished(self) -> bool:
        """Wait for the worker; whether it finished its range (its frames are whole)."""
        if self.status is None:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
        return self.status == 0

    def frames(self) -> Iterator[tuple[Any, ...]]:
        """The frames of a worker that finished, up to the end frame."""
        self.spill.seek(0)
        while True:
            for frame in marshal.load(self.spill):
                if frame[0] == "x":
                    return
                yield frame

    def stop(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.status = -signal.SIGKILL
        self.spill.close()


class SplitRead:
    """The items of one RIS file read in ranges (see :func:`plan_ranges`), in order:
    :class:`~citeconv.model.Item` for the parent's range, :class:`Rendered` after."""

    def __init__(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        starts: list[int],
        render: Callable[[Item], Any],
        options: ReadOptions,
        *,
        first_index: int = 1,
    ) -> None:
        self.fd = stream.fileno()
        self.size = os.fstat(self.fd).st_size
        self.name = name
        self.report = report
        self.starts = starts
        self.render = render
        self.first_index = first_index
        self.max_line_bytes = options.max_line_bytes
        self.tag_mapping = options.tag_mapping
        self._window: _Window | None = None
        self.parent = os.getpid()
        self._done = 0

    def tell(self) -> int:
        """Bytes read so far (for the progress bar)."""
        return self._window.position if self._window is not None else self._done

    def __iter__(self) -> Iterator[Item | Rendered]:
        from citeconv.readers.ris.fields import item_id
        from citeconv.readers.ris.reader import read_ris

        ends = [*self.starts[1:], self.size]
        workers: list[_Worker | None] = []
        try:
            for start, end in zip(self.starts[1:], ends[1:], strict=True):
                workers.append(self._fork(start, end))
            report = _FileReport(self.report)
            self._window = _Window(self.fd, 0, self.starts[1])
            index = self.first_index
            for item in read_ris(
                io.BufferedReader(self._window),
                self.name,
                report,
                first_index=index,
                max_line_bytes=self.max_line_bytes,
                tag_mapping=self.tag_mapping,
            ):
                index += 1
                yield item
            self._window = None
            for worker, start, end in zip(workers, self.starts[1:], ends[1:], strict=True):
                if worker is None or not worker.finished():
                    # No worker (fork failed) or it died (killed, out of memory or
                    # disk): its range is read here, with the same result.
                    for item in self._range_items(start, end, report, index):
                        index += 1
                        yield item
                else:
                    for frame in worker.frames():
                        kind = frame[0]
                        if kind == "p":
                            yield Rendered(item_id(index), frame[1])
                            index += 1
                        elif kind == "d":
                            report.add(Diagnostic(*frame[1:]))
                        elif kind == "e":
                            raise InputError(frame[1], frame[2], frame[3])
                self._done = end
        finally:
            for worker in workers:
                if worker is not None:
                    worker.stop()

    def _fork(self, start: int, end: int) -> _Worker | None:
        try:
            spill = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Worker.stop
            pid = os.fork()
        except OSError:
            return None  # no room for a temporary file, or no process: read it here
        if pid:
            return _Worker(pid, spill)
        # The worker: never returns, and never runs the parent's cleanup (no flush of
        # its output buffers, no atexit): os._exit. Its exit status says whether its
        # frames are complete.
        code = 1
        try:
            signals.in_worker()  # Ctrl-C and SIGTERM are the parent's; dies with it
            with open(spill.fileno(), "wb", closefd=False) as out:
                self._work(start, end, out)
            code = 0
        finally:
            os._exit(code)

    def _range_items(
        self, start: int, end: int, report: Report, first_index: int
    ) -> Iterator[Item]:
        """The items of the range ``start``–``end``, numbered from ``first_index``."""
        from citeconv.readers.ris.decode import BLOCK_BYTES, SNIFF_BYTES, iter_utf8_lines
        from citeconv.readers.ris.fields import map_record
        from citeconv.readers.ris.reader import iter_records

        # The whole-file read's blocks: SNIFF_BYTES, then BLOCK_BYTES each.
        if start < SNIFF_BYTES:
            first = SNIFF_BYTES - start
        else:
            first = BLOCK_BYTES - (start - SNIFF_BYTES) % BLOCK_BYTES
        reader = io.BufferedReader(_Window(self.fd, start, end), buffer_size=BLOCK_BYTES)
        head = reader.read(first)
        first_line = count_line_ends(self.fd, start) + 1
        lines = iter_utf8_lines(head, reader, self.name, report, self.max_line_bytes, first_line)
        records = iter_records(lines, self.name, report, self.max_line_bytes)
        for index, record in enumerate(records, first_index):
            yield map_record(record, self.name, report, index, self.tag_mapping)

    def _work(self, start: int, end: int, out: IO[bytes]) -> None:
        """In a worker: read, map and render the range; send frames: ``p`` a rendering,
        ``d`` a diagnostic, ``e`` an input error, ``x`` the end."""
        report = Report()
        batch: list[tuple[Any, ...]] = []
        parent = self.parent

        def diagnostics() -> None:
            for d in report.diagnostics:
                batch.append(("d", d.file, d.line, d.severity, d.code, d.message))
            report.diagnostics.clear()

        try:
            # Ids are the parent's to give: 1, 2, ... here (CSL-JSON renders without).
            for item in self._range_items(start, end, report, 1):
                piece = self.render(item)
                if report.diagnostics:
                    diagnostics()
                batch.append(("p", piece))
                if len(batch) >= _BATCH:
                    marshal.dump(batch, out)
                    batch.clear()
                    if os.getppid() != parent:
                        return  # the parent is gone (killed): nobody will read this
        except InputError as exc:
            diagnostics()
            batch.append(("e", exc.message, exc.file, exc.line))
        diagnostics()
        batch.append(("x",))
        marshal.dump(batch, out)


__all__ = ["MIN_SPLIT_BYTES", "Rendered", "SplitRead", "count_line_ends", "plan_ranges"]
