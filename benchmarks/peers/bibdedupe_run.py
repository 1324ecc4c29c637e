#!/usr/bin/env python3
"""Run bib-dedupe (CoLRev-Environment/bib-dedupe, from PyPI) on a RIS file the way
its benchmark does (prep, block, match, cluster), and write ``id<TAB>cluster``
for every record, as ``citeconv dedupe --report`` does, for tools/dedupe_score.py.

    python benchmarks/peers/bibdedupe_run.py records.ris > predicted.tsv

Run with the Python that has bib-dedupe (``pip install bib-dedupe``); the RIS is
read by a small parser here (the shared sets' tags: ID TI AU PY T2 VL IS SP EP DO).
"""

from __future__ import annotations

import sys

import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep


def records(path: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    record: dict[str, list[str]] = {}
    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if len(line) < 6 or line[2:6] != "  - ":
            continue
        tag, value = line[:2], line[6:].strip()
        if tag == "ER":
            found.append(
                {
                    "ID": (record.get("ID") or [str(len(found) + 1)])[0],
                    "ENTRYTYPE": "article",
                    "title": " ".join(record.get("TI", [])),
                    "author": " and ".join(record.get("AU", [])),
                    "year": (record.get("PY") or [""])[0],
                    "journal": (record.get("T2") or record.get("JO") or [""])[0],
                    "volume": (record.get("VL") or [""])[0],
                    "number": (record.get("IS") or [""])[0],
                    "pages": "--".join(record.get("SP", []) + record.get("EP", [])),
                    "doi": (record.get("DO") or [""])[0],
                }
            )
            record = {}
        else:
            record.setdefault(tag, []).append(value)
    return found


def main() -> None:
    frame = pd.DataFrame(records(sys.argv[1]))
    prepared = prep(frame, verbosity_level=0, cpu=1)
    matched = match(block(prepared, verbosity_level=0, cpu=1), verbosity_level=0, cpu=1)
    label = {record_id: record_id for record_id in frame["ID"]}
    for group in cluster(matched, verbosity_level=0):
        first = min(group)
        for record_id in group:
            label[record_id] = first
    for record_id in frame["ID"]:
        print(f"{record_id}\t{label[record_id]}")


if __name__ == "__main__":
    main()
