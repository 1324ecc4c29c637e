"""De-duplication across exports (``citeconv dedupe``, ``convert --dedupe``).

:func:`find_duplicates` reads the inputs once and keeps a small :class:`Key` per
record (never its abstract); :mod:`~citeconv.dedupe.cluster` groups them;
:meth:`Duplicates.records` reads the inputs again to yield one record per work,
merged (:mod:`~citeconv.dedupe.merge`), in the order of each cluster's first
record. Only the records that have duplicates are held whole, between the second
read and the third. Standard input, which cannot be read twice, is held in a
temporary file. The clusters do not depend on the input's order.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from citeconv.dedupe.cluster import Clusters, cluster
from citeconv.dedupe.keys import Key, make_key
from citeconv.dedupe.merge import merge
from citeconv.diagnostics import EmptyInput, InputError, Report
from citeconv.model import Item
from citeconv.readers.base import ReadOptions

STDIN = "-"

__all__ = ["Duplicates", "find_duplicates", "source_id"]


def source_id(item: Item, position: int) -> str:
    """The record's own id, as a reviewer knows it: RIS ``ID`` (or a BibTeX key),
    a CSL-JSON id, a PMID; else its place, ``#N`` (1-based) in the inputs."""
    if item.key:
        return item.key
    if item.id and not (item.id.startswith("item") and item.id[4:].isdigit()):
        return item.id
    pmid = item.fields.get("PMID")
    if pmid:
        return f"PMID:{pmid}"
    return f"#{position + 1}"


@dataclass
class Duplicates:
    """The result: keys (by position), clusters, each record's file, and the inputs
    to read again for the records."""

    keys: list[Key]
    clusters: Clusters
    files: list[str]
    paths: list[str]
    options: ReadOptions
    spooled: list[str] = field(default_factory=list)

    @functools.cached_property
    def members(self) -> dict[int, list[int]]:
        """Each cluster's records (positions), by its first record."""
        return self.clusters.members()

    @property
    def removed(self) -> int:
        return len(self.keys) - len(self.members)

    def kept(self, first: int) -> int:
        """The record a cluster's merge starts from: the fullest; between records as
        full, the least by fingerprint (not the first: the merge must not depend on
        the input's order)."""
        return min(
            self.members[first],
            key=lambda p: (-self.keys[p].filled, self.keys[p].fingerprint()),
        )

    def per_file(self) -> Counter[str]:
        """Records removed (merged into another's), by the file they came from."""
        counts: Counter[str] = Counter()
        for first, members in self.members.items():
            kept = self.kept(first)
            for position in members:
                if position != kept:
                    counts[self.files[position]] += 1
        return counts

    def records(self) -> Iterator[Item]:
        """One record per work, merged, in the order of each cluster's first record."""
        groups = {first: m for first, m in self.members.items() if len(m) > 1}
        wanted = {p for members in groups.values() for p in members}
        held: dict[int, Item] = {}
        if wanted:
            for position, item in enumerate(self._read_again()):
                if position in wanted:
                    held[position] = item
        for position, item in enumerate(self._read_again()):
            first = self.clusters.of[position]
            if first != position:
                continue  # merged into its cluster's record
            members = groups.get(first)
            if members is None:
                yield item
                continue
            kept = self.kept(first)
            ids = [self.keys[p].source_id for p in members]
            # What the others add is taken in fingerprint order, not input order.
            ordered = sorted(members, key=lambda p: self.keys[p].fingerprint())
            yield merge([held[p] for p in ordered], ordered.index(kept), ids)

    def _read_again(self) -> Iterator[Item]:
        from citeconv.api import read

        # The diagnostics were given on the first read.
        return read(self.paths, Report(), self.options)

    def close(self) -> None:
        for path in self.spooled:
            os.unlink(path)
        self.spooled.clear()


class _Tee(io.RawIOBase):
    """Standard input, copied to ``spool`` as it is read (the later reads read that)."""

    def __init__(self, source: BinaryIO, spool: BinaryIO) -> None:
        self.source, self.spool = source, spool

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(len(buffer))
        self.spool.write(data)
        buffer[: len(data)] = data
        return len(data)


def find_duplicates(
    paths: Sequence[str],
    report: Report,
    options: ReadOptions,
    *,
    merge_preprints: bool = False,
) -> Duplicates:
    """Read ``paths`` (``-`` is standard input) and cluster their records."""
    from citeconv.api import display_name
    from citeconv.readers import read_stream

    keys: list[Key] = []
    files: list[str] = []
    spooled: list[str] = []
    readable: list[str] = []
    for path in list(paths) or [STDIN]:
        name = display_name(path)
        try:
            with ExitStack() as stack:
                if path == STDIN:
                    handle, spool = tempfile.mkstemp(prefix="citeconv-dedupe-", suffix=".in")
                    spooled.append(spool)
                    copy = stack.enter_context(os.fdopen(handle, "wb"))
                    stream: BinaryIO = io.BufferedReader(_Tee(sys.stdin.buffer, copy))
                    readable.append(spool)
                else:
                    stream = stack.enter_context(open(path, "rb"))
                    readable.append(path)
                for item in read_stream(stream, name, report, options, first_index=len(keys) + 1):
                    report.records_read += 1
                    keys.append(make_key(item, len(keys), source_id(item, len(keys))))
                    files.append(name)
        except OSError as exc:
            readable.pop()
            problem = InputError(f"cannot read: {exc.strerror or exc}", name)
            if not options.keep_going:
                raise problem from None
            report.error(name, None, "input", problem.message)
        except EmptyInput as exc:
            readable.pop()  # zero hits: a warning, as in convert
            report.warn(exc.file or name, exc.line, "input", exc.message)
        except InputError as exc:
            readable.pop()
            if not options.keep_going:
                raise
            report.error(exc.file or name, exc.line, "input", exc.message)
    result = cluster(keys, merge_preprints=merge_preprints)
    return Duplicates(keys, result, files, readable, options, spooled)
