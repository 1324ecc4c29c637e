"""Hostile input, round 2: pipes lose nothing, styles cannot hang, -o keeps its promises.

One reproducer per defect of the hostile-input issue (round 2), named after what it
shows, each run through the installed command as a user would.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import SAMPLE, citeconv_command, run_citeconv

RECORDS = "".join(f"TY  - JOUR\nTI  - Record {n}\nPY  - 2020\nER  - \n\n" for n in range(3000))


def _titles(stdout: bytes) -> list[str]:
    return [item["title"] for item in json.loads(stdout)]


# ------------------------------------------------------------------------ pipes


def test_process_substitution_input_keeps_its_first_bytes(tmp_path: Path) -> None:
    """`citeconv convert <(cat x.ris)`: the input is a pipe read once, from its start."""
    source = tmp_path / "x.ris"
    source.write_text(RECORDS)
    done = subprocess.run(
        ["bash", "-c", '"$0" convert <(cat "$1") --to csl-json -q', citeconv_command(), source],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _titles(done.stdout) == [f"Record {n}" for n in range(3000)]


def test_one_record_through_a_pipe_is_not_empty_input() -> None:
    done = subprocess.run(
        ["bash", "-c", '"$0" convert <(cat "$1") --to apa -q', citeconv_command(), SAMPLE],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Tran, K., Webster, F., Ivers, N. M.")


def test_csl_json_through_a_pipe_is_read_as_csl_json() -> None:
    data = json.dumps([{"id": "a", "type": "book", "title": "Piped"}])
    done = subprocess.run(
        ["bash", "-c", '"$0" convert <(printf %s "$1") --to bibtex -q', citeconv_command(), data],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"title = {Piped}" in done.stdout


def test_named_fifo_input_is_read_once_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "in.ris"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w") as handle:
            handle.write(RECORDS)

    writer = threading.Thread(target=feed)
    writer.start()
    done = run_citeconv("convert", str(fifo), "--to", "csl-json", "-q", timeout=60)
    writer.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert len(_titles(done.stdout)) == 3000


# ----------------------------------------------------------------------- styles


def _bomb(levels: int) -> str:
    """Macros that each call the next one twice: 2**levels titles."""
    macros = "".join(
        f'<macro name="m{i}"><group><text macro="m{i + 1}"/><text macro="m{i + 1}"/>'
        "</group></macro>"
        for i in range(levels)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>bomb</title><id>bomb</id><updated>2020-01-01T00:00:00+00:00</updated>"
        f'</info>{macros}<macro name="m{levels}"><text variable="title"/></macro>'
        '<citation><layout><text macro="m0"/></layout></citation>'
        '<bibliography><layout><text macro="m0"/></layout></bibliography></style>'
    )


def test_style_whose_macros_double_a_billion_times_is_refused_at_once(tmp_path: Path) -> None:
    style = tmp_path / "bomb.csl"
    style.write_text(_bomb(30))
    assert style.stat().st_size < 3000
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), timeout=30)
    assert done.returncode == 2
    assert b"expand to more than" in done.stderr
    assert b"Traceback" not in done.stderr


def test_style_expanding_past_the_per_entry_bound_is_refused_while_rendering(
    tmp_path: Path,
) -> None:
    """2**16 expansions pass the static check; rendering stops at the bound."""
    style = tmp_path / "bomb16.csl"
    style.write_text(_bomb(16))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), timeout=30)
    assert done.returncode == 2
    assert b"times per entry; refused" in done.stderr
    assert done.stdout == b""


def test_style_path_without_csl_suffix_is_checked_like_any_style_file(tmp_path: Path) -> None:
    """`--style /abs/file` names a file: never joined onto the styles folder unchecked."""
    (tmp_path / "bomb.csl").write_text(_bomb(30))
    named = tmp_path / "bomb"
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(named), timeout=30)
    assert done.returncode == 2
    assert b"style file not found" in done.stderr
    named.write_text(_bomb(30))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(named), timeout=30)
    assert done.returncode == 2
    assert b"expand to more than" in done.stderr


def test_style_name_with_a_path_in_it_is_not_looked_up_in_the_styles_folder() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", "../styles/apa")
    assert done.returncode == 2
    assert b"style file not found: ../styles/apa" in done.stderr


# ------------------------------------------------------------------------ -o


def test_output_never_keeps_setuid_or_setgid_bits(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")
    target.chmod(0o6755)
    done = run_citeconv("convert", str(SAMPLE), "-o", str(target), "-q")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_symlinked_output_updates_the_link_target_and_keeps_the_link(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    real = papers / "refs.bib"
    real.write_text("stale")
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    done = run_citeconv("convert", str(SAMPLE), "-o", str(link), "-q")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("@article{tran2021quality,")
    assert sorted(p.name for p in papers.iterdir()) == ["refs.bib"]


def test_dangling_symlink_output_creates_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "new.bib"
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    done = run_citeconv("convert", str(SAMPLE), "-o", str(link), "-q")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("@article{")


def test_output_to_dev_stdout_through_a_pipe_still_works() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", "/dev/stdout", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"@article{tran2021quality,")


@pytest.mark.parametrize(
    ("output", "message"),
    [("", b"-o needs a file name"), ("new.bib/", b"is a folder name")],
    ids=["empty", "trailing-slash"],
)
def test_output_that_is_no_file_name_is_one_line_and_exit_1(
    tmp_path: Path, output: str, message: bytes
) -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", output, cwd=tmp_path)
    assert done.returncode == 1
    assert message in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------ linear reading

_CPU = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(r.ru_utime + r.ru_stime)\n"
)


def _cpu_seconds(path: Path) -> float:
    done = subprocess.run(
        ["python3", "-c", _CPU, citeconv_command(), "convert", str(path), "--to", "csl-json", "-q"],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return float(done.stdout)


@pytest.mark.parametrize(
    "shape",
    ["KW  - keyword {i}", "wrapped line {i} of one abstract", "SN  - 1234-{i:04d}"],
    ids=["keyword-lines", "wrapped-lines", "serial-lines"],
)
def test_reading_one_huge_record_is_linear_in_its_lines(tmp_path: Path, shape: str) -> None:
    """Four times the lines take about four times as long, not sixteen (100k keyword
    lines took 94 s): a ratio of CPU times, robust to a busy machine."""
    times = []
    for lines in (20_000, 80_000):
        path = tmp_path / f"{lines}.ris"
        body = "".join(
            shape.format(i=i % 10_000 if "SN" in shape else i) + "\n" for i in range(lines)
        )
        path.write_text(f"TY  - JOUR\nTI  - T\nAB  - start\n{body}ER  - \n")
        times.append(_cpu_seconds(path))
    # Start-up (~0.15 s) is in both; linear reading gives about 2-3, quadratic 10+.
    assert times[1] / times[0] < 6, times
