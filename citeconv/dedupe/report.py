"""What ``citeconv dedupe`` tells a reviewer: the report (one line per input
record, for a PRISMA flow diagram), the pairs to decide by hand, and the summary."""

from __future__ import annotations

from typing import TextIO

from citeconv.dedupe import Duplicates

REPORT_HEADER = "id\tcluster\tkept\tsource\trule\n"
MAYBE_HEADER = "id\tother\tscore\twhy\ttitle\tother_title\n"


def write_report(found: Duplicates, out: TextIO) -> None:
    """``id  cluster  kept  source  rule``, in input order: ``cluster`` numbers the
    works (``c00001`` ... by their first record), ``kept`` is the id of the record
    the merged one starts from, ``rule`` what joined the record to its cluster."""
    labels: dict[int, str] = {}
    for first in sorted(found.members):
        labels[first] = f"c{len(labels) + 1:05d}"
    out.write(REPORT_HEADER)
    for position, key in enumerate(found.keys):
        first = found.clusters.of[position]
        kept = found.keys[found.kept(first)].source_id
        pair = found.clusters.why.get(position)
        rule = pair.verdict.rule if pair is not None else ""
        cells = [key.source_id, labels[first], kept, found.files[position], rule]
        out.write("\t".join(_cell(c) for c in cells) + "\n")


def write_maybe(found: Duplicates, out: TextIO) -> None:
    """The pairs that look alike but were not merged: ``id  other  score  why``
    and both titles (folded), surest first."""
    out.write(MAYBE_HEADER)
    pairs = sorted(found.clusters.maybe, key=lambda p: (-p.verdict.score, p.a, p.b))
    for pair in pairs:
        a, b = found.keys[pair.a], found.keys[pair.b]
        cells = [a.source_id, b.source_id, f"{pair.verdict.score:.2f}", pair.verdict.rule]
        out.write("\t".join(_cell(c) for c in [*cells, a.title, b.title]) + "\n")


def summary(found: Duplicates) -> str:
    """One line: records in, duplicates removed (by file), works, pairs to review."""
    works = len(found.keys) - found.removed
    by_file = found.per_file()
    per = "; ".join(f"{name} {count:,}" for name, count in sorted(by_file.items()))
    with_duplicates = sum(1 for m in found.members.values() if len(m) > 1)
    text = (
        f"dedupe: {len(found.keys):,} records in, {found.removed:,} duplicates removed"
        f"{f' ({per})' if per else ''}, {works:,} works ({with_duplicates:,} had duplicates)"
    )
    if found.clusters.maybe:
        text += f"; {len(found.clusters.maybe):,} pairs to review (--maybe)"
    return text


def _cell(value: str) -> str:
    return " ".join(str(value).split())
