#!/usr/bin/env python3
"""De-duplication beside bib-dedupe, on the labelled sets of ../shared/dedupe:
record-level FP/FN (tools/dedupe_score.py), pairwise, wall and CPU time, peak
memory (GNU time), the same RIS given to both.

    python benchmarks/dedupe.py [--bib-dedupe-python PATH]

bib-dedupe runs through benchmarks/peers/bibdedupe_run.py with a Python that has
it (``pip install bib-dedupe``); without one, citeconv alone is measured.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SETS = ROOT.parent / "shared" / "dedupe"
sys.path.insert(0, str(ROOT / "tools"))

from dedupe_score import pairs, read, record_level  # noqa: E402


def timed(argv: list[str], out: Path) -> tuple[float, float, int]:
    """Wall s, CPU s, peak KB of ``argv`` (stdout to ``out``), by GNU time."""
    stats = out.with_suffix(".time")
    with open(out, "wb") as sink:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(stats), *argv],
            stdout=sink,
            stderr=subprocess.DEVNULL,
            check=True,
        )
    wall, user, system, peak = stats.read_text().split()[-4:]
    return float(wall), float(user) + float(system), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bib-dedupe-python", default=None)
    parser.add_argument("--citeconv", default=shutil.which("citeconv") or "citeconv")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dedupe-bench-"))
    print("| set | records | tool | FP | FN | pairs FP | pairs FN | wall s | CPU s | peak MB |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for folder in sorted(p for p in SETS.iterdir() if (p / "truth.tsv").exists()):
        truth = read(folder / "truth.tsv")
        records = folder / "records.ris"
        tools = {
            "citeconv": (
                [
                    args.citeconv,
                    "dedupe",
                    str(records),
                    "--dry-run",
                    "-q",
                    "--report",
                    "/dev/stdout",
                ]
            )
        }
        if args.bib_dedupe_python:
            tools["bib-dedupe"] = [
                args.bib_dedupe_python,
                str(HERE / "peers" / "bibdedupe_run.py"),
                str(records),
            ]
        for name, argv in tools.items():
            out = work / f"{folder.name}-{name}.tsv"
            wall, cpu, peak = timed(argv, out)
            predicted = read(out)
            counts = record_level(truth, predicted)
            want, got = pairs(truth), pairs(predicted)
            cells = [folder.name, f"{len(truth):,}", name, counts["FP"], counts["FN"]]
            cells += [len(got - want), len(want - got), f"{wall:.2f}", f"{cpu:.2f}"]
            print("| " + " | ".join(str(c) for c in [*cells, f"{peak / 1024:.0f}"]) + " |")


if __name__ == "__main__":
    main()
