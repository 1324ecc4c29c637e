"""citeconv.pipeline.workers: how many processes, slices, and an ordered map in worker processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeconv.diagnostics import UsageError
from citeconv.pipeline import workers as parallel
from citeconv.pipeline.workers import map_slices, resolve_jobs, slices

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="worker processes need fork")


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=16))
def test_slices_cover_the_range_in_order(total: int, jobs: int) -> None:
    ranges = slices(total, jobs)
    flat = [i for start, end in ranges for i in range(start, end)]
    assert flat == list(range(total))
    assert all(end > start for start, end in ranges)


def test_resolve_jobs() -> None:
    cores = parallel.usable_cores()
    if parallel.can_fork():
        assert resolve_jobs(None, 10) == 1  # small input: one process
        assert resolve_jobs(0, 10_000) == cores
        assert resolve_jobs(None, parallel.AUTO_MIN_ITEMS) == cores
        assert resolve_jobs(3, 10_000) == 3  # explicit: honoured
        assert resolve_jobs(8, 2) == 2  # but not more processes than items
    assert resolve_jobs(4, 1) == 1
    assert resolve_jobs(1, 10_000) == 1
    with pytest.raises(UsageError, match="jobs must be 0"):  # a CiteconvError, exit 2
        resolve_jobs(-1, 10)


@needs_fork
def test_map_slices_keeps_order_and_uses_workers() -> None:
    parent = os.getpid()
    results = map_slices(lambda a, b: [(i, os.getpid()) for i in range(a, b)], 1000, 2)
    assert [i for i, _ in results] == list(range(1000))
    # The work ran in worker processes (how many of the two took slices is up to the
    # scheduler: a fast worker may take them all).
    assert parent not in {pid for _, pid in results}


def test_map_slices_with_one_job_runs_here() -> None:
    results = map_slices(lambda a, b: [(i, os.getpid()) for i in range(a, b)], 300, 1)
    assert results == [(i, os.getpid()) for i in range(300)]


@needs_fork
def test_map_slices_raises_a_worker_error() -> None:
    def task(start: int, end: int) -> list[int]:
        if start <= 500 < end:
            raise RuntimeError("boom in a worker")
        return list(range(start, end))

    with pytest.raises(RuntimeError, match="boom in a worker"):
        map_slices(task, 1000, 2)


@needs_fork
@pytest.mark.parametrize("style", ["apa", "nlm-citation-sequence"])
def test_render_sorted_bibliography_equals_one_process(tmp_path: Path, style: str) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON
    from test_perf_cli import ris_corpus

    from citeconv.api import read
    from citeconv.csl.engine import load_style

    items = list(read([str(ris_corpus(tmp_path / "in.ris", 200))]))
    source = CiteProcJSON([{**item.to_csl(), "id": f"i{n}"} for n, item in enumerate(items)])
    bibliography = CitationStylesBibliography(load_style(style, None), source, formatter.plain)
    for n in range(len(items)):
        bibliography.register(Citation([CitationItem(f"i{n}")]))
    bibliography.sort()
    expected = [None if t is None else str(t) for t in bibliography.bibliography()]
    assert len(expected) == 200
    assert parallel.render_sorted_bibliography(bibliography, 2) == expected


def test_subsequent_author_substitute_survives_slicing() -> None:
    """MLA replaces a repeated author list by "———": a slice's first entry must still
    see the entry before it, which another worker renders."""
    from citeconv.csl.engine import render_bibliography
    from citeconv.model import Item
    from citeconv.pipeline.workers import MIN_SLICE, slices

    items = [
        Item.from_csl(
            {
                "id": f"b{n}",
                "type": "book",
                "title": f"Book {n}",
                "author": [{"family": "Smith", "given": "Ann"}],
                "issued": {"date-parts": [[2000 + n]]},
                "publisher": "Press",
            }
        )
        for n in range(3 * MIN_SLICE)
    ]
    alone = [e.text for e in render_bibliography(items, "modern-language-association", jobs=1)]
    sliced = [e.text for e in render_bibliography(items, "modern-language-association", jobs=2)]
    assert len(slices(len(items), 2)) > 1
    assert sum("———" in text for text in alone) == len(items) - 1
    assert sliced == alone
