"""Faults and interruptions: full disks, kills, signals, bad inputs among good ones."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE, citeconv_command, run_citeconv

RECORD = (
    b"TY  - JOUR\nTI  - A title about things\nAU  - Smith, Ann\nAU  - Jones, Bo\n"
    b"PY  - 2020\nJO  - Journal of Things\nVL  - 3\nSP  - 1\nEP  - 9\n"
    b"AB  - " + b"An abstract that goes on. " * 20 + b"\nER  - \n"
)


def _interruptible() -> None:
    """For a child we send SIGINT: Ctrl-C at its default. (A background job of a
    non-interactive shell, as a test run may be, ignores SIGINT, and children
    inherit that: citeconv then rightly ignores Ctrl-C too.)"""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def big_ris(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.ris"
    path.write_bytes(RECORD * 60_000)
    return path


def test_output_to_dev_full_fails_cleanly() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = run_citeconv("convert", str(SAMPLE), "--to", "json", "-o", "/dev/full")
    assert result.returncode == 1
    assert b"/dev/full: error: cannot write: No space left on device" in result.stderr
    assert b"Traceback" not in result.stderr
    assert Path("/dev/full").is_char_device()


def test_stdout_to_dev_full_fails_cleanly() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    command = f"'{citeconv_command()}' convert '{SAMPLE}' --to json -q > /dev/full"
    result = subprocess.run(["bash", "-c", command], capture_output=True, check=False)
    assert result.returncode == 1
    assert b"No space left on device" in result.stderr
    assert b"Traceback" not in result.stderr


def test_output_to_dev_null_is_not_replaced() -> None:
    result = run_citeconv("convert", str(SAMPLE), "--to", "json", "-o", "/dev/null", "-q")
    assert result.returncode == 0
    assert Path("/dev/null").is_char_device()


def _start(out: Path) -> subprocess.Popen[bytes]:
    """A conversion from a pipe we keep open: busy for as long as the test wants."""
    return subprocess.Popen(
        [citeconv_command(), "convert", "-", "--to", "json", "-o", str(out)],
        preexec_fn=_interruptible,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_until_busy(process: subprocess.Popen[bytes], big: Path) -> None:
    # Half the records, then the pipe stays open: citeconv has read and written part
    # of its output and waits for more. (A fixed-size file raced with fast machines:
    # the conversion could end before the signal came.)
    assert process.stdin is not None
    data = big.read_bytes()
    process.stdin.write(data[: len(data) // 2])
    process.stdin.flush()
    time.sleep(0.8)
    assert process.poll() is None, "the conversion finished before it could be interrupted"


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [
        (signal.SIGINT, 130, b"citeconv: interrupted\n"),
        (signal.SIGTERM, 143, b"citeconv: terminated\n"),
        (signal.SIGKILL, -9, b""),
    ],
)
def test_killed_mid_write_leaves_old_output_and_no_temp(
    big_ris: Path, tmp_path: Path, sig: int, code: int, message: bytes
) -> None:
    out = tmp_path / "refs.json"
    out.write_bytes(b"previous\n")
    process = _start(out)
    _wait_until_busy(process, big_ris)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert stderr.endswith(message)
    assert b"Traceback" not in stderr
    assert out.read_bytes() == b"previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.json"]


def test_missing_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "refs.json"
    result = run_citeconv("convert", str(SAMPLE), "-o", str(out))
    assert result.returncode == 1
    assert b"does not exist" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_citeconv("convert", str(SAMPLE), "-o", str(folder / "refs.json"))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert b"not writable" in result.stderr


def test_directory_as_input(tmp_path: Path) -> None:
    result = run_citeconv("convert", str(tmp_path), "--to", "json")
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path}: error: is a directory, not a file\n".encode()


def test_bad_input_among_several_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4\n...")
    result = run_citeconv("convert", str(SAMPLE), str(bad), "--to", "json")
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"PDF" in result.stderr
    out = tmp_path / "refs.json"
    missing = tmp_path / "missing.ris"
    to_file = run_citeconv("convert", str(SAMPLE), str(missing), "-o", str(out))
    assert to_file.returncode == 1
    assert not out.exists()


def test_keep_going_converts_the_good_and_lists_the_bad(tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4\n...")
    missing = tmp_path / "missing.ris"
    out = tmp_path / "refs.json"
    result = run_citeconv(
        "convert", str(missing), str(SAMPLE), str(bad), "--keep-going", "-o", str(out)
    )
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert f"{missing}: error: no such file" in stderr
    assert f"{bad}: error: not RIS" in stderr
    assert "1 record read, 1 written, 0 warnings, 2 errors" in stderr
    assert [i["title"][:7] for i in json.loads(out.read_text())] == ["Are qua"]


def test_interrupt_reading_stdin_exits_130() -> None:
    process = subprocess.Popen(
        [citeconv_command(), "convert", "--to", "json"],
        preexec_fn=_interruptible,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr == b"citeconv: interrupted\n"


def test_python_m_reports_same_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "citeconv", "convert", "/no/file.ris", "--to", "json"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == b"/no/file.ris: error: no such file\n"


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [
        (signal.SIGINT, 130, b"citeconv: interrupted\n"),
        (signal.SIGTERM, 143, b"citeconv: terminated\n"),
        (signal.SIGHUP, 129, b"citeconv: terminated by SIGHUP\n"),
        (signal.SIGUSR1, 138, b"citeconv: terminated by SIGUSR1\n"),
    ],
)
def test_signal_while_the_cli_is_still_importing_ends_cleanly(
    sig: int, code: int, message: bytes
) -> None:
    # The console script handles Ctrl-C/SIGTERM before it imports the CLI (typer,
    # click, pydantic: 0.15 s or more); a signal in that time used to end with an
    # import traceback. Simulated deterministically: the handlers, then the signal.
    script = (
        "import os, signal, time\n"
        "from citeconv import signals\n"
        "signals.install_early()\n"
        f"os.kill(os.getpid(), {int(sig)})\n"
        "time.sleep(10)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], preexec_fn=_interruptible, capture_output=True, timeout=30
    )
    assert (result.returncode, result.stderr) == (code, message)


def test_console_script_starts_with_the_early_handlers() -> None:
    from importlib.metadata import entry_points

    [script] = [ep for ep in entry_points(group="console_scripts") if ep.name == "citeconv"]
    assert script.value == "citeconv.entry:main"
