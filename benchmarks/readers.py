#!/usr/bin/env python3
"""Benchmark citeconv's readers against pandoc's and bibutils' on the same files:
wall time, CPU time (user + system of the command and its children) and peak
memory, each format → CSL-JSON (bibutils: → MODS XML, the reading half of its
conversions), the tools in alternation, several runs each.

The inputs are real exports from ``../shared/corpus-formats`` repeated to about
10,000 records (each format's own shapes, at a size where start-up does not
dominate), plus RIS from ``make_corpus.py`` as the baseline a reader is held to;
BibTeX is citeconv's own BibTeX of that RIS corpus (unique keys; the real .bib
files are too small to repeat without duplicate keys). Made once, cached in
``benchmarks/corpora``.

    python benchmarks/readers.py                  # every format, 3 runs
    python benchmarks/readers.py --formats medline,bibtex --runs 5

Only the standard library (and citeconv, for the BibTeX corpus) is needed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import CORPORA, DEFAULT_MAKE_CORPUS, find_citeconv, find_pandoc, first_line

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus-formats"
TARGET = 10_000


@dataclass
class Timing:
    wall: float
    cpu: float
    peak: int
    failure: str | None = None


def measure(argv: list[str], stdin: Path, out: Path, timeout: float) -> Timing:
    """Wall and CPU time and peak RSS of ``argv`` reading ``stdin`` (a file) or
    taking it as an argument; ``os.wait4`` gives that child's own rusage."""
    with open(out, "wb") as sink, open(stdin, "rb") as source:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE, stdin=source)
        assert proc.stderr is not None
        os.set_blocking(proc.stderr.fileno(), False)
        errors: list[bytes] = []
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            chunk = proc.stderr.read()
            if chunk:
                errors.append(chunk)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                return Timing(timeout, 0.0, 0, f"timeout > {timeout:.0f} s")
            time.sleep(0.003)
        wall = time.perf_counter() - start
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if code != 0:
        text = b"".join(errors).decode("utf-8", "replace").strip().splitlines()
        return Timing(wall, cpu, usage.ru_maxrss * 1024, f"exit {code}: {text[-1] if text else ''}")
    return Timing(wall, cpu, usage.ru_maxrss * 1024)


# ------------------------------------------------------------------ corpora


def _repeat(source: Path, target: Path, split: Callable[[str], tuple[str, str, str]]) -> int:
    """Write ``target``: the head, the body repeated to about TARGET records, the tail."""
    head, body, tail = split(source.read_text("utf-8-sig"))
    records = _count(source, body)
    times = max(1, TARGET // records)
    target.write_text(head + body * times + tail, "utf-8")
    return records * times


def _count(source: Path, body: str) -> int:
    patterns = {
        ".nbib": r"(?m)^PMID- ",
        ".txt": r"(?m)^PT ",
        ".xml": r"<record>",
        ".enw": r"(?m)^%0 ",
    }
    return len(re.findall(patterns[source.suffix], body))


def _whole(text: str) -> tuple[str, str, str]:
    return "", text.rstrip("\n") + "\n\n", ""


def _wos(text: str) -> tuple[str, str, str]:
    start = text.index("\nPT ") + 1
    end = text.rfind("\nEF")
    return text[:start], text[start : end + 1 if end > 0 else len(text)], "EF\n"


def _xml(text: str) -> tuple[str, str, str]:
    start, end = text.index("<record>"), text.rindex("</record>") + len("</record>")
    return text[:start], text[start:end], text[end:]


SOURCES: dict[str, tuple[str, Callable[[str], tuple[str, str, str]]]] = {
    "medline": ("pubmed-medline/013-revtools-restoration-pubmed.nbib", _whole),
    "wos": ("wos-tagged/012-pitcherplant-wos-savedrecs.txt", _wos),
    "endnote-xml": ("endnote-xml/006-zotero-endnotexml-tc0-pretty.xml", _xml),
    "endnote": ("endnote-refer/010-srl-extractor-google-scholar-citations.enw", _whole),
}


def corpora(citeconv: list[str], make_corpus: Path) -> dict[str, tuple[Path, int]]:
    CORPORA.mkdir(parents=True, exist_ok=True)
    made: dict[str, tuple[Path, int]] = {}
    ris = CORPORA / "ris-10k-seed42-wrap0.ris"
    if not ris.exists():
        make = [sys.executable, str(make_corpus), "--records", "10000", "--seed", "42"]
        subprocess.run([*make, "--wrap-rate", "0", "--output", str(ris)], check=True)
    made["ris"] = (ris, 10_000)
    bib = CORPORA / "bibtex-10k-seed42.bib"
    if not bib.exists():
        subprocess.run([*citeconv, "convert", str(ris), "--to", "bibtex", "-q", "-o", str(bib)])
    made["bibtex"] = (bib, 10_000)
    for fmt, (name, split) in SOURCES.items():
        source = SHARED / name
        if not source.exists():
            print(f"readers.py: {source} not found; {fmt} skipped", file=sys.stderr)
            continue
        target = CORPORA / f"{fmt}-10k{source.suffix}"
        count_file = target.with_suffix(target.suffix + ".count")
        if not target.exists() or not count_file.exists():
            count_file.write_text(str(_repeat(source, target, split)))
        made[fmt] = (target, int(count_file.read_text()))
    return made


# ------------------------------------------------------------------ tools

#: format → bibutils' reader (to MODS XML).
BIBUTILS = {
    "ris": "ris2xml",
    "medline": "med2xml",
    "wos": "isi2xml",
    "bibtex": "bib2xml",
    "endnote-xml": "endx2xml",
    "endnote": "end2xml",
}
#: format → pandoc's reader name.
PANDOC = {"ris": "ris", "bibtex": "bibtex", "endnote-xml": "endnotexml"}


def commands(citeconv: list[str], pandoc: str | None, fmt: str) -> dict[str, list[str]]:
    found = {"citeconv": [*citeconv, "convert", "-", "--from", fmt, "--to", "csl-json", "-q"]}
    if pandoc and fmt in PANDOC:
        found["pandoc"] = [pandoc, "-f", PANDOC[fmt], "-t", "csljson"]
    tool = shutil.which(BIBUTILS[fmt])
    if tool:
        found["bibutils"] = [tool]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="ris,medline,wos,bibtex,endnote-xml,endnote")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--citeconv", default=None, help="the citeconv command")
    parser.add_argument("--pandoc", default=None, help="the pandoc binary")
    parser.add_argument("--make-corpus", default=str(DEFAULT_MAKE_CORPUS))
    parser.add_argument("--measuring", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    citeconv = find_citeconv(args.citeconv)
    if citeconv is None:
        sys.exit("readers.py: citeconv not found")
    pandoc = find_pandoc(args.pandoc)
    made = corpora(citeconv, Path(args.make_corpus))
    if not args.measuring:
        # A child's peak RSS starts at its parent's at fork: measured from a fresh,
        # small process (this one held the corpora while making them).
        os.execv(sys.executable, [sys.executable, __file__, *sys.argv[1:], "--measuring"])
    print(f"citeconv: {first_line([*citeconv, '--version'])}")
    if pandoc:
        print(f"pandoc: {first_line([pandoc, '--version'])}")
    print(f"load before: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")
    print()
    print("| input | records | tool | wall s | CPU s | peak MB | µs/record (CPU) |")
    print("|---|---:|---|---:|---:|---:|---:|")
    out = CORPORA / "readers-out.tmp"
    for fmt in args.formats.split(","):
        if fmt not in made:
            continue
        path, records = made[fmt]
        tools = commands(citeconv, pandoc, fmt)
        timings: dict[str, list[Timing]] = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, argv in tools.items():
                timings[name].append(measure(argv, path, out, args.timeout))
        for name, runs in timings.items():
            failed = [r.failure for r in runs if r.failure]
            if failed:
                print(f"| {fmt} | {records:,} | {name} | {failed[0]} | | | |")
                continue
            wall = statistics.median(r.wall for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            peak = max(r.peak for r in runs) / 1e6
            per = cpu / records * 1e6
            cells = f"{wall:.2f} | {cpu:.2f} | {peak:.0f} | {per:.0f}"
            print(f"| {fmt} | {records:,} | {name} | {cells} |")
    out.unlink(missing_ok=True)
    print(f"\nload after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
