"""Shared test helpers: the installed command, the shared corpus, golden files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = ROOT / "samples" / "cfp-2021.ris"
#: The shared corpus of real RIS exports; tests read it in place and skip without it.
CORPUS = Path(os.environ.get("CITECONV_CORPUS", ROOT.parent / "shared" / "corpus"))


def citeconv_command() -> str:
    """The installed ``citeconv`` script next to this Python (the venv's)."""
    candidate = Path(sys.executable).parent / "citeconv"
    if not candidate.exists():
        pytest.skip("the citeconv command is not installed in this environment")
    return str(candidate)


def run_citeconv(
    *args: str,
    input: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed command; stdout and stderr captured as bytes."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [citeconv_command(), *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
        check=False,
    )


_MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.buffer.write(r.stderr)\n"
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss_mb(*args: str) -> tuple[int, bytes, float]:
    """Exit code, stderr and peak RSS (MB) of one ``citeconv`` run (stdout discarded).

    Measured from a small fresh Python process: Linux keeps a process's peak RSS
    across ``exec``, so a child forked straight from a large pytest process would
    report pytest's own memory.
    """
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, citeconv_command(), *args],
        capture_output=True,
        check=True,
    )
    code, kilobytes = result.stdout.split()
    return int(code), result.stderr, int(kilobytes) / 1024


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
