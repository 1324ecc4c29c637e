"""Progress bars for long reads (records and bytes) and for formatting (records
rendered, rate, time left): on stderr, only on a terminal.

The bar appears only when stderr is a terminal, ``--quiet`` is not given, and the
read has already taken :data:`DELAY` seconds — so short runs, pipes, CI logs and
Makefiles never see it, and never pay for importing rich (imported on first show).
It is transient: when reading ends it disappears, leaving the summary line alone.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any, TextIO, cast

from citeconv.diagnostics import Report

#: Seconds of reading before the bar is shown.
DELAY = 0.5
#: Seconds between two redraws (rich's own refresh thread is off: no threads here,
#: so that the formatted writer can fork its workers safely).
REDRAW = 0.1
#: ``api.read`` reports every this many records (a ``tell()`` each time).
EVERY = 64


class ReadProgress:
    """Receives ``update(records, bytes)`` from :func:`citeconv.api.read`; draws a bar.

    ``total_bytes`` is None when an input's size is unknown (standard input): the
    bar then shows records and bytes without a percentage.
    """

    def __init__(
        self,
        total_bytes: int | None,
        report: Report | None = None,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        delay: float = DELAY,
    ) -> None:
        self.total_bytes = total_bytes
        self.report = report
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._bar: Any = None
        self._task: Any = None
        self._sink: TextIO | None = None

    @classmethod
    def for_inputs(
        cls, paths: Sequence[str], report: Report | None = None, *, quiet: bool = False
    ) -> ReadProgress:
        """The progress of reading ``paths``: enabled only for a terminal and without quiet."""
        enabled = not quiet and _stderr_is_a_terminal()
        total: int | None = 0
        for path in paths:
            try:
                size = None if path == "-" else os.path.getsize(path)
            except OSError:
                size = None
            total = None if total is None or size is None else total + size
        return cls(total, report, enabled=enabled)

    @property
    def shown(self) -> bool:
        """Whether the bar is on screen."""
        return self._bar is not None

    def update(self, records: int, bytes_read: int | None) -> None:
        """Records and bytes read so far (``bytes_read`` None when unknown)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < REDRAW:
            return
        if self._bar is None:
            if now - self.started < self.delay:
                return
            self._start()
        self._last_draw = now
        fields: dict[str, Any] = {"records": records}
        if bytes_read is not None:
            fields["completed"] = bytes_read
        self._bar.update(self._task, **fields)
        self._bar.refresh()

    def _start(self) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar, self._sink = _show(
            self.stream,
            self.report,
            TextColumn("reading"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[records]:,} records"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        self._task = self._bar.add_task("reading", total=self.total_bytes, records=0)

    def close(self) -> None:
        """Remove the bar (if shown). Reading is over; safe to call twice."""
        if self._bar is None:
            self.enabled = False
            return
        self._bar.stop()
        self._bar = None
        self.enabled = False
        if self.report is not None:
            self.report.sink = self._sink

    def __enter__(self) -> ReadProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _stderr_is_a_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def _show(stream: TextIO, report: Report | None, *columns: Any) -> tuple[Any, TextIO | None]:
    """A transient rich bar of ``columns`` on ``stream``, started (no refresh thread:
    the formatted writer forks workers); ``report``'s warnings printed while it is up
    go above it, whole (not cut at the terminal's width: a FILE:LINE: line stays one
    line). Returns the bar and the report's own sink, to put back on close."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(file=stream)
    bar = Progress(
        *columns, console=console, transient=True, auto_refresh=False, redirect_stdout=False
    )
    bar.start()
    sink = None
    if report is not None:
        sink = report.sink
        report.sink = cast(TextIO, _AboveTheBar(console))
    return bar, sink


class _AboveTheBar(io.TextIOBase):
    """A text sink that prints complete lines above the live bar, unwrapped."""

    def __init__(self, console: Any) -> None:
        super().__init__()
        self.console = console
        self.pending = ""

    def write(self, text: str) -> int:
        from rich.text import Text

        self.pending += text
        lines, _, self.pending = self.pending.rpartition("\n")
        if lines:
            # The report paints with ANSI codes itself; keep them, and never wrap.
            self.console.print(Text.from_ansi(lines), soft_wrap=True, highlight=False)
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.write("\n")


class WorkProgress:
    """A bar for formatting a bibliography: records done of the total, the rate and
    the time left, per step (sorting, disambiguating, formatting). The same rules
    as :class:`ReadProgress`: a terminal only, never with ``--quiet``, after
    :data:`DELAY` seconds, transient; rich imported on first show.

    :func:`citeconv.pipeline.workers.map_slices` reports to it (``begin`` a step,
    ``advance`` by each slice done) while :func:`citeconv.pipeline.workers.reporting_to`
    holds it.
    """

    def __init__(
        self,
        report: Report | None = None,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        delay: float = DELAY,
    ) -> None:
        self.report = report
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self._sink: TextIO | None = None
        self._label = "formatting"
        self._total = 0
        self._done = 0
        self._step_started = self.started
        self._last_draw = 0.0

    @classmethod
    def for_terminal(cls, report: Report | None = None, *, quiet: bool = False) -> WorkProgress:
        """Enabled only when stderr is a terminal (not TERM=dumb) and not quiet."""
        enabled = not quiet and _stderr_is_a_terminal()
        return cls(report, enabled=enabled)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def begin(self, label: str, total: int) -> None:
        """A new step of ``total`` records."""
        if not self.enabled:
            return
        self._label, self._total, self._done = label, total, 0
        self._step_started = time.monotonic()
        if self._bar is not None:
            self._bar.reset(self._task, total=total, description=label, rate="")
            self._draw(force=True)

    def advance(self, count: int) -> None:
        """``count`` more records of the step done."""
        if not self.enabled:
            return
        self._done += count
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < REDRAW and self._done < self._total:
            return
        if self._bar is None:
            if now - self.started < self.delay:
                return
            self._start()
        self._last_draw = now
        elapsed = now - self._step_started
        rate = f"{self._done / elapsed:,.0f} records/s" if elapsed > 0 and self._done else ""
        self._bar.update(
            self._task,
            completed=self._done,
            total=self._total,
            description=self._label,
            rate=rate,
        )
        self._bar.refresh()

    def _start(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar, self._sink = _show(
            self.stream,
            self.report,
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("records"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        self._task = self._bar.add_task(self._label, total=self._total, rate="")

    def close(self) -> None:
        """Remove the bar (if shown); safe to call twice."""
        self.enabled = False
        if self._bar is None:
            return
        self._bar.stop()
        self._bar = None
        if self.report is not None:
            self.report.sink = self._sink
