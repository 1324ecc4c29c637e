"""Reading a RIS file in ranges with several processes (``--jobs`` for CSL-JSON, BibTeX).

Whatever the number of processes, everything observable is the same: output bytes,
diagnostics (messages, lines, order, the once-per-file ones once), counts, errors.
Each test first checks that the file really is split (a test of a one-process run
against itself could not fail).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citeconv.api import read_rendered
from citeconv.diagnostics import InputError, Report
from citeconv.pipeline.ranges import count_line_ends, plan_ranges
from citeconv.pipeline.workers import can_fork
from citeconv.readers import ReadOptions
from citeconv.writers import WriterOptions, find_writer

from conftest import run_citeconv

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked")


def convert(
    path: Path, writer: str, jobs: int, max_line_bytes: int = 1 << 26, **extra: object
) -> tuple[str, list[str], tuple[int, int, int], str | None]:
    """In this process (the workers forked from it): output, diagnostics, counts
    (read, warnings, errors) and the error that stopped the run, if any."""
    report = Report()
    out = io.StringIO()
    instance = find_writer(writer)(WriterOptions(**extra), report)
    assert instance.can_render_apart()
    error = None
    try:
        options = ReadOptions(max_line_bytes=max_line_bytes)
        parts = read_rendered([str(path)], report, options, render=instance.render, jobs=jobs)
        instance.write_rendered(parts, out)
    except InputError as exc:
        error = str(exc)
    diagnostics = [str(d) for d in report.diagnostics]
    return out.getvalue(), diagnostics, (report.records_read, report.warnings, report.errors), error


def assert_same_for_any_jobs(path: Path, writers: tuple[str, ...] = ("csl-json", "bibtex")) -> None:
    for writer in writers:
        one = convert(path, writer, 1)
        for jobs in (2, 3):
            assert convert(path, writer, jobs) == one, (writer, jobs)


def record(n: int, *, tag_case: str = "AU", extra: str = "", end: str = "ER  - \n") -> str:
    return (
        f"TY  - JOUR\n{tag_case}  - Smith, Ann\nTI  - Trial number {n % 3}\nPY  - 2020\n"
        f"AB  - An abstract\nwrapped onto a second line\n{extra}{end}\n"
    )


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_warnings_in_every_range_come_out_as_in_one_process(tmp_path: Path) -> None:
    first = "".join(record(n) for n in range(20))
    second = "".join(
        record(n, tag_case="au" if n == 23 else "AU", extra="pb  - Press\n" if n == 25 else "")
        for n in range(20, 40)
    )
    damaged = (
        "junk between records\n"  # text outside any record: warned once per file...
        + record(40, extra="DA  - sometime\n")  # a date not understood
        + "TY  - NOPE\nTI  - Unknown type\nER  - \n\n"
        + "TY  - JOUR\nTI  - Missing ER\n"  # closed by the next TY, with a warning
        + record(41)
        + "more junk\n"  # ...so not again
        + "TY  - JOUR\nTI  - Truncated last record\nAU  - Doe, J"
    )
    path = write(tmp_path, "warnings.ris", "noise before\n" + first + second + damaged)
    starts = plan_ranges(str(path), 3)
    assert starts is not None and len(starts) == 3
    assert_same_for_any_jobs(path)
    _, diagnostics, counts, _ = convert(path, "csl-json", 2)
    assert sum("lower-case RIS tags" in d for d in diagnostics) == 1
    assert sum("outside any record" in d for d in diagnostics) == 1
    assert any("last record has no ER" in d for d in diagnostics)
    assert counts[0] == 45


def test_lower_case_tags_and_junk_only_in_the_second_half_are_warned(tmp_path: Path) -> None:
    text = "".join(record(n) for n in range(30)) + "junk\n" + record(31, tag_case="au")
    path = write(tmp_path, "late.ris", text)
    assert plan_ranges(str(path), 2) is not None
    assert_same_for_any_jobs(path)
    _, diagnostics, _, _ = convert(path, "csl-json", 2)
    assert [d.split(": ", 1)[1] for d in diagnostics] == [
        "warning: text outside any record skipped",
        "warning: lower-case RIS tags read as upper",
    ]


def test_cp1252_lines_in_both_halves_are_warned_once(tmp_path: Path) -> None:
    text = "".join(record(n, extra="N1  - café\n" if n in (4, 30) else "") for n in range(40))
    path = write(tmp_path, "cp1252.ris", text, encoding="cp1252")
    assert plan_ranges(str(path), 2) is not None
    assert_same_for_any_jobs(path)
    _, diagnostics, _, _ = convert(path, "bibtex", 2)
    assert len([d for d in diagnostics if "Windows-1252" in d]) == 1


def test_pandas_nan_cells_in_both_halves_are_warned_once(tmp_path: Path) -> None:
    text = "".join(record(n, extra="IS  - nan\n" if n in (3, 33) else "") for n in range(40))
    path = write(tmp_path, "nan.ris", text)
    assert plan_ranges(str(path), 2) is not None
    assert_same_for_any_jobs(path)
    _, diagnostics, _, _ = convert(path, "csl-json", 2)
    assert len([d for d in diagnostics if "'nan'" in d]) == 1


def test_bibtex_keys_stay_unique_across_ranges(tmp_path: Path) -> None:
    # The same author, year and title everywhere: smith2020trial, smith2020triala, ...
    # and records without author or title, whose key is also their sort key.
    nameless = "TY  - GEN\nPY  - 2020\nER  - \n\n"
    text = "".join(record(0) + nameless for _ in range(40))
    path = write(tmp_path, "keys.ris", text)
    assert plan_ranges(str(path), 3) is not None
    assert_same_for_any_jobs(path, ("bibtex", "biblatex"))
    output, _, _, _ = convert(path, "bibtex", 2)
    assert "@article{smith2020triala," in output
    assert "key = {2020am}" in output  # the key of last resort, with its suffix
    assert output.count("@") == 80


def test_crlf_and_bom_files_split_with_the_right_line_numbers(tmp_path: Path) -> None:
    text = "".join(record(n, extra="DA  - whenever\n") for n in range(30))
    path = tmp_path / "crlf.ris"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert plan_ranges(str(path), 2) is not None
    assert_same_for_any_jobs(path)


def test_a_line_too_long_in_the_second_half_fails_as_in_one_process(tmp_path: Path) -> None:
    text = "".join(record(n) for n in range(4000)) + "N1  - " + "x" * 300_000 + "\n"
    text += "".join(record(n) for n in range(3))
    path = write(tmp_path, "long.ris", text)
    starts = plan_ranges(str(path), 2)
    assert starts is not None and starts[1] < text.index("N1  - x")  # a worker's range
    one = convert(path, "csl-json", 1, 100_000)
    assert one[3] is not None and "longer than" in one[3]
    assert convert(path, "csl-json", 2, 100_000) == one
    assert convert(path, "bibtex", 3, 100_000) == convert(path, "bibtex", 1, 100_000)
    one_cli = run_citeconv(
        "convert", str(path), "--to", "json", "--max-line-bytes", "100000", "-j1"
    )
    two_cli = run_citeconv(
        "convert", str(path), "--to", "json", "--max-line-bytes", "100000", "-j2"
    )
    assert one_cli.returncode == two_cli.returncode == 1
    assert two_cli.stderr == one_cli.stderr


def test_files_without_a_clean_boundary_are_read_by_one_process(tmp_path: Path) -> None:
    collapsed = write(
        tmp_path, "one-line.ris", " ".join(record(n) for n in range(40)).replace("\n", " ")
    )
    utf16 = write(tmp_path, "utf16.ris", "".join(record(n) for n in range(40)), "utf-16")
    json = write(tmp_path, "items.ris", '[{"id": "a", "type": "book"}]' + " " * 5000)
    # Every ER closes nothing: records without TY.
    no_ty = write(
        tmp_path, "no-ty.ris", "".join(record(n)[len("TY  - JOUR\n") :] for n in range(40))
    )
    for path in (collapsed, utf16, json, no_ty):
        assert plan_ranges(str(path), 2) is None, path.name
    assert plan_ranges(str(collapsed), 2, ReadOptions(encoding="utf-8")) is None
    assert plan_ranges("-", 2) is None


def test_small_files_split_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "small.ris", "".join(record(n) for n in range(40)))
    assert plan_ranges(str(path), None) is None
    assert plan_ranges(str(path), 0) is None
    assert plan_ranges(str(path), 1) is None
    assert plan_ranges(str(path), 2) is not None


@pytest.mark.parametrize("data", [b"a\nb\r\nc\rd\r\r\n", b"\r\n" * 3, b"", b"x"])
def test_count_line_ends_counts_as_the_reader_does(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "lines"
    path.write_bytes(data)
    with path.open("rb") as handle:
        for end in range(len(data) + 1):
            prefix = data[:end]
            expected = len(prefix.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")) - 1
            assert count_line_ends(handle.fileno(), end) == expected, (data, end)


def test_cli_output_and_stderr_are_the_same_for_any_jobs(tmp_path: Path) -> None:
    text = "".join(record(n, tag_case="au" if n == 33 else "AU") for n in range(40))
    path = write(tmp_path, "cli.ris", text + "TY  - JOUR\nTI  - no end")
    for writer in ("csl-json", "bibtex"):
        one = run_citeconv("convert", str(path), "--to", writer, "--jobs", "1", "--strict")
        two = run_citeconv("convert", str(path), "--to", writer, "--jobs", "2", "--strict")
        assert one.returncode == two.returncode == 1  # warnings with --strict
        assert two.stdout == one.stdout
        assert two.stderr == one.stderr
        assert b"41 records read, 41 written, 2 warnings" in two.stderr


_LINES = st.sampled_from(
    [
        "TY  - JOUR",
        "TY  - BOOK",
        "ty  - JOUR",
        "ER  - ",
        "er  - ",
        "AU  - Smith, Ann",
        "au  - Doe, J",
        "TI  - A title",
        "PY  - 2020",
        "DA  - not a date",
        "KW  - one",
        "wrapped text",
        "",
        "   ",
        "TY  - JOUR TI  - Collapsed ER  - TY  - JOUR ER  - ",
        "\tER  - ",
        "TY  - ",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_LINES, min_size=1, max_size=60), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_file_reads_the_same_with_any_jobs(tmp_path: Path, lines: list[str], end: str) -> None:
    # Well-formed records around arbitrary lines: the ranges start wherever the
    # reader's state allows, and nowhere else.
    good = end.join(record(n).rstrip("\n").replace("\n", end) for n in range(6)) + end
    path = tmp_path / "any.ris"
    path.write_bytes((good + end.join(lines) + end + good).encode())
    for writer in ("csl-json", "bibtex"):
        one = convert(path, writer, 1)
        for jobs in (2, 4):
            assert convert(path, writer, jobs) == one


def test_corpus_files_read_the_same_with_any_jobs(corpus: Path) -> None:
    split = 0
    for path in sorted(corpus.rglob("*.ris")):
        if plan_ranges(str(path), 2) is None:
            continue
        split += 1
        assert_same_for_any_jobs(path)
    assert split > 50  # most real exports can be split


def test_a_collapsed_line_in_a_workers_range_is_cut_as_in_one_process(tmp_path: Path) -> None:
    # Past 1 MiB a line is cut where a collapsed record ends (where reads end: a worker
    # reads in the whole file's blocks, so its cuts are those of a one-process read).
    collapsed = " ".join(record(n, extra=f"N1  - {n}\n") for n in range(14000))
    text = "".join(record(n) for n in range(24000)) + collapsed.replace("\n", " ") + "\n"
    path = write(tmp_path, "collapsed-inside.ris", text + record(1))
    starts = plan_ranges(str(path), 2)
    assert starts is not None and starts[1] < text.index("N1  - 0")
    assert len(collapsed) > 1.5 * 2**20
    assert_same_for_any_jobs(path, ("csl-json",))


def test_ids_and_keys_continue_across_inputs(tmp_path: Path) -> None:
    big = write(tmp_path, "a.ris", "".join(record(n) for n in range(40)))
    small = write(tmp_path, "b.ris", record(0) + "junk\n" + record(1, tag_case="au"))
    assert plan_ranges(str(big), 2) is not None
    for writer in ("csl-json", "bibtex"):
        args = ("convert", str(big), str(small), str(big), "--to", writer)
        one = run_citeconv(*args, "--jobs", "1")
        two = run_citeconv(*args, "--jobs", "2")
        assert one.returncode == two.returncode == 0
        assert (two.stdout, two.stderr) == (one.stdout, one.stderr)
        # 40 + 2 + 40 records: the 82nd key (the same in BibTeX and CSL-JSON)
        assert b"smith2020trialaz" in two.stdout


def test_small_conversions_do_not_import_multiprocessing(tmp_path: Path) -> None:
    # Start-up time: deciding that a small file is read by one process costs a stat.
    import subprocess
    import sys

    from conftest import SAMPLE

    marker = tmp_path / "modules.txt"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write(' '.join(sys.modules)))\n"
        f"sys.argv = ['citeconv', 'convert', {str(SAMPLE)!r}, '--to', 'bibtex']\n"
        "from citeconv.cli import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    modules = marker.read_text().split()
    assert "citeconv.pipeline.ranges" in modules
    assert "multiprocessing" not in modules


@pytest.mark.parametrize("failure", ["worker dies", "no fork"])
def test_a_range_without_a_worker_is_read_by_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    import os

    from citeconv.pipeline.ranges import SplitRead

    text = "".join(record(n, tag_case="au" if n in (5, 30) else "AU") for n in range(40))
    path = write(tmp_path, "fallback.ris", text + "junk\n")
    one = convert(path, "bibtex", 1)
    if failure == "worker dies":
        # Killed half-way, say: its frames are not used, whatever it wrote.
        monkeypatch.setattr(SplitRead, "_work", lambda *args: os._exit(9))
    else:

        def no_fork() -> int:
            raise OSError(11, "Resource temporarily unavailable")

        monkeypatch.setattr(os, "fork", no_fork)
    assert convert(path, "bibtex", 3) == one


def test_workers_read_with_the_chosen_mapping(tmp_path: Path) -> None:
    """--mapping reaches the worker processes: their records are read as the parent's."""
    ebook = "TY  - EBOOK\nAU  - Roe, Ann\nA2  - Editor, Edna\nTI  - A book\nER  - \n\n"
    path = write(tmp_path, "ebooks.ris", ebook * 40)
    for tag_mapping, role in (("endnote", "editor"), ("zotero", "collection-editor")):
        args = ("convert", str(path), "--to", "csl-json", "--mapping", tag_mapping)
        one = run_citeconv(*args, "--jobs", "1")
        two = run_citeconv(*args, "--jobs", "2")
        assert two.stdout == one.stdout
        assert two.stdout.count(f'"{role}": ['.encode()) == 40
