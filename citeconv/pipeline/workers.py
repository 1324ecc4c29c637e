"""Using the machine's cores: how many worker processes, and an ordered map over them.

Formatting a bibliography is CPU-bound pure Python (citeproc-py), so threads do not
help; worker processes do. The style, the locale and the sorted bibliography are
set up once in the parent and reach the workers by ``fork`` (copy-on-write, nothing
pickled on the way in); each worker renders consecutive slices and sends back only
strings. The parent concatenates the slices in order, so the output is the same as
a one-process run whatever the number of workers.

Where ``fork`` is not available (Windows; macOS, where it is unsafe), everything
runs in one process: same output, one core.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from citeconv import signals

T = TypeVar("T")

#: Below this many items, ``--jobs`` automatic means one process: forking and
#: collecting cost more than rendering a few hundred entries (~3 ms each).
AUTO_MIN_ITEMS = 500
#: Slices per worker: more than one, so a slow slice does not leave a core idle.
SLICES_PER_WORKER = 4
#: The smallest slice worth a round trip to a worker.
MIN_SLICE = 50

# The task of the current ``map_slices`` call, inherited by the forked workers.
_TASK: Callable[[int, int], list[Any]] | None = None


def usable_cores() -> int:
    """The number of cores this process may run on (its CPU affinity, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether worker processes can inherit the parent's state by ``fork`` (on POSIX
    multiprocessing always offers it; not importing it saves 4 ms of start-up)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def resolve_jobs(jobs: int | None, items: int) -> int:
    """How many processes to use for ``items`` items.

    ``jobs`` None or 0 is automatic: the usable cores, but 1 for small inputs. An
    explicit ``jobs`` is honoured up to one process per item. Always 1 without fork.
    """
    if jobs is not None and jobs < 0:
        from citeconv.diagnostics import UsageError

        raise UsageError(f"jobs must be 0 (automatic) or more, not {jobs}")
    if not can_fork() or items <= 1:
        return 1
    if not jobs:
        return usable_cores() if items >= AUTO_MIN_ITEMS else 1
    return min(jobs, items)


def slices(total: int, jobs: int, per_worker: int = SLICES_PER_WORKER) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` ranges covering ``range(total)`` for ``jobs``
    workers, ``per_worker`` each (fewer when a slice would be under MIN_SLICE)."""
    if total <= 0:
        return []
    count = max(1, min(jobs * max(1, per_worker), total // MIN_SLICE or 1))
    size, extra = divmod(total, count)
    ranges: list[tuple[int, int]] = []
    start = 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        ranges.append((start, end))
        start = end
    return ranges


def _quiet_worker_signals() -> None:
    """In a worker: the parent's handlers (which raise, for cleanup) must not run, or
    the pool's own terminate() at exit prints a traceback per worker; Ctrl-C is the
    parent's to handle, which then ends the pool; and a worker dies with its parent
    (see citeconv.signals)."""
    signals.in_worker()


def _run_slice(start: int, end: int) -> list[Any]:
    assert _TASK is not None, "map_slices sets the task before the workers fork"
    return _TASK(start, end)


class Progress(Protocol):
    """What :func:`map_slices` tells a progress bar (citeconv.progress.WorkProgress)."""

    def begin(self, label: str, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


# The bar the current formatting reports to (reporting_to); None: no bar.
_PROGRESS: Progress | None = None
#: Slices when a bar is shown: enough for it to move, few enough that the
#: one-entry overlap of each slice (render_sorted_bibliography) costs nothing.
PROGRESS_SLICES = 24


@contextlib.contextmanager
def reporting_to(progress: Progress | None) -> Iterator[None]:
    """While in this block, :func:`map_slices` reports its steps to ``progress``."""
    global _PROGRESS
    before, _PROGRESS = _PROGRESS, progress
    try:
        yield
    finally:
        _PROGRESS = before


def map_slices(
    task: Callable[[int, int], Sequence[T]], total: int, jobs: int, label: str = "formatting"
) -> list[T]:
    """``task(start, end)`` over consecutive slices of ``range(total)``, concatenated in order.

    With ``jobs`` > 1 the slices run in ``jobs`` forked worker processes. ``task`` and
    whatever it reads are inherited, not pickled (a closure is fine); what it returns
    must be picklable (strings, numbers). An exception in a worker is raised here.
    The slices' results do not depend on how ``range(total)`` is cut (every task is
    written so), which lets a progress bar (:func:`reporting_to`) cut it finer;
    ``label`` names the step on the bar.
    """
    global _TASK
    progress = _PROGRESS if total > 1 else None
    if progress is not None:
        progress.begin(label, total)
    if jobs <= 1 or total <= 1 or not can_fork():
        if progress is None:
            return list(task(0, total))
        out: list[T] = []
        for start, end in slices(total, 1, PROGRESS_SLICES):
            out.extend(task(start, end))
            progress.advance(end - start)
        return out
    ranges = slices(total, jobs, PROGRESS_SLICES // jobs if progress else SLICES_PER_WORKER)
    _TASK = lambda start, end: list(task(start, end))  # noqa: E731 - set before fork
    parts: list[list[T]] = []
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(
            processes=min(jobs, len(ranges)), initializer=_quiet_worker_signals
        ) as pool:
            if progress is None:
                parts = pool.starmap(_run_slice, ranges, chunksize=1)
            else:
                for (start, end), part in zip(
                    ranges, pool.imap(_run_range, ranges, chunksize=1), strict=True
                ):
                    parts.append(part)
                    progress.advance(end - start)
    finally:
        _TASK = None
    return [value for part in parts for value in part]


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    return _run_slice(*bounds)


def render_sorted_bibliography(bibliography: Any, jobs: int) -> list[str | None]:
    """The entries of a registered and sorted citeproc-py bibliography, in order.

    The same as ``[str(t) if t is not None else None for t in bibliography.bibliography()]``,
    rendered by ``jobs`` processes. Rendering one entry depends only on that entry
    and its number (its place in ``bibliography.keys``), which every worker has, so
    slices are independent. Anything that needs the whole list (sorting, year
    suffixes) must be done before this call.
    """
    items = bibliography.items
    style = bibliography.style

    def render(start: int, end: int) -> list[str | None]:
        # One entry of overlap: subsequent-author-substitute (MLA's "———") compares
        # each entry's names with the previous entry's, so a slice renders its first
        # entry after its predecessor and drops that one again.
        low = max(0, start - 1)
        texts = style.render_bibliography(items[low:end])[start - low :]
        return [None if text is None else str(text) for text in texts]

    return map_slices(render, len(items), jobs)


__all__ = [
    "AUTO_MIN_ITEMS",
    "Progress",
    "can_fork",
    "map_slices",
    "render_sorted_bibliography",
    "reporting_to",
    "resolve_jobs",
    "slices",
    "usable_cores",
]
