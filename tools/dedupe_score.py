#!/usr/bin/env python3
"""Score a de-duplication against a truth file, as bib-dedupe's benchmark does.

    python tools/dedupe_score.py TRUTH.tsv PREDICTED.tsv

Both files: one line per record, ``id<TAB>cluster`` (a prediction may have more
columns after these two; citeconv's ``--report`` has). Record level (bib-dedupe's
``compare_dedupe_id``): the record that survives from each predicted cluster is
its smallest id; a distinct work with no survivor is a false positive (FP), a
duplicate left in a false negative (FN). Pairwise: every pair of records that
share a cluster. Prints both, and exits 1 if an id is missing or unknown.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path


def read(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "id" and len(found) == 0 and cells[1:2] == ["cluster"]:
            continue  # a header
        found[cells[0]] = cells[1]
    return found


def groups(labels: dict[str, str]) -> list[list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for record, label in labels.items():
        found[label].append(record)
    return list(found.values())


def record_level(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, int]:
    survivors = {min(members) for members in groups(predicted)}
    counts = {"TP": 0, "FP": 0, "TN": 0, "FN": 0}
    for members in groups(truth):
        kept = sum(1 for m in members if m in survivors)
        if len(members) == 1:
            counts["TN" if kept else "FP"] += 1
        elif kept == 0:
            counts["FP"] += 1
            counts["TP"] += len(members) - 1
        else:
            counts["TN"] += 1
            counts["FN"] += kept - 1
            counts["TP"] += len(members) - kept
    return counts


def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    found = set()
    for members in groups(labels):
        found.update(combinations(sorted(members), 2))
    return found


def main() -> int:
    truth, predicted = read(Path(sys.argv[1])), read(Path(sys.argv[2]))
    missing, unknown = set(truth) - set(predicted), set(predicted) - set(truth)
    if missing or unknown:
        print(f"{len(missing)} ids missing, {len(unknown)} unknown", file=sys.stderr)
        return 1
    counts = record_level(truth, predicted)
    tp, fp, fn = counts["TP"], counts["FP"], counts["FN"]
    print(
        f"record level: TP {tp} FP {fp} TN {counts['TN']} FN {fn}"
        f"  precision {tp / max(tp + fp, 1):.4f} recall {tp / max(tp + fn, 1):.4f}"
    )
    want, got = pairs(truth), pairs(predicted)
    hit = len(want & got)
    print(
        f"pairwise: TP {hit} FP {len(got - want)} FN {len(want - got)}"
        f"  precision {hit / max(len(got), 1):.4f} recall {hit / max(len(want), 1):.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
