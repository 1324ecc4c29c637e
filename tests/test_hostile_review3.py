"""Hostile input, round 2, third review: what a third adversarial pass found.

One reproducer per finding, named after what it shows, run through the installed
command (see tests/test_hostile_review2.py for the second pass).
"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_hostile_review2 import _one_line
from test_hostile_round2 import _bomb, _shell

from conftest import SAMPLE, run_citeconv

TEXT = SAMPLE.read_text(encoding="utf-8")
JAPANESE = "TY  - JOUR\nTI  - 日本語のタイトル、とても長い\nAU  - 山田, 太郎\nER  - \n"


def _same_through_file_and_pipe(path: Path, *options: str) -> bytes:
    """The output for ``path``, which must be the same from the file and from a pipe."""
    from_file = run_citeconv("convert", str(path), "--to", "bibtex", "-q", *options)
    piped = _shell('"$0" convert - --to bibtex -q "${@:2}" < "$1"', path, *options)
    assert (from_file.returncode, from_file.stdout) == (piped.returncode, piped.stdout), (
        from_file.stderr,
        piped.stderr,
    )
    assert from_file.returncode == 0, from_file.stderr
    return from_file.stdout


def test_style_with_a_huge_layout_and_no_macros_is_refused_not_slow(tmp_path: Path) -> None:
    """80,000 texts straight in the layout (2 MB, schema-valid) cost 0.5 s per entry:
    the layout's elements count against the per-entry bound as macros do."""
    layout = '<text variable="archive"/>' * 80_000
    style = tmp_path / "flat.csl"
    style.write_text(
        _bomb(0).replace(
            '<bibliography><layout><text macro="m0"/>', f"<bibliography><layout>{layout}"
        )
    )
    assert style.stat().st_size < 2 * 1024 * 1024
    start = time.monotonic()
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), timeout=120)
    _one_line(done, 2, b"its layout and macros stand for more than 20,000 elements per entry")
    assert time.monotonic() - start < 60


def test_encoding_given_reads_a_file_as_it_reads_a_pipe(tmp_path: Path) -> None:
    """The input check of a regular file ignored --encoding: refused as "not RIS"
    while the same bytes through a pipe converted."""
    path = tmp_path / "ebcdic.ris"
    path.write_bytes("TY  - JOUR\nTI  - Café\nER  - \n".encode("cp037"))
    assert b"title = {Caf\xc3\xa9}" in _same_through_file_and_pipe(path, "--encoding", "cp037")


def test_from_csl_json_with_an_encoding_reads_a_file_as_a_pipe(tmp_path: Path) -> None:
    path = tmp_path / "ebcdic.json"
    path.write_bytes(json.dumps([{"id": "a", "type": "book", "title": "T"}]).encode("cp037"))
    out = _same_through_file_and_pipe(path, "-f", "csl-json", "--encoding", "cp037")
    assert b"title = {T}" in out


@pytest.mark.parametrize(
    ("prefix", "warning"),
    [(b"\n" * 5000, b""), (b"header text\n" * 450, b"text outside any record skipped")],
)
def test_records_after_4_kib_without_a_tag_line_are_read(
    tmp_path: Path, prefix: bytes, warning: bytes
) -> None:
    """5,000 blank lines were "empty input"; a 5 KB header "not RIS"."""
    path = tmp_path / "late.ris"
    path.write_bytes(prefix + SAMPLE.read_bytes())
    assert b"author = {Tran, Kim and Webster" in _same_through_file_and_pipe(path)
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    assert warning in done.stderr


def test_long_text_with_no_record_is_still_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes about the review, no records.\n" * 500)
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    _one_line(done, 1, b"not RIS: no records found")
    assert done.stdout == b""


@pytest.mark.parametrize(
    ("encoded", "options"),
    [
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), ()),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), ()),
        (TEXT.encode("utf-32-le"), ()),
        (TEXT.encode("utf-32-be"), ("--encoding", "utf-32")),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), ("--encoding", "utf-16-be")),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), ("--encoding", "utf-32-le")),
    ],
    ids=["utf32le-bom", "utf32be-bom", "utf32le", "utf32be-told", "utf16be-bom-told", "bom-told"],
)
def test_utf32_and_explicit_byte_orders_are_read(
    tmp_path: Path, encoded: bytes, options: tuple[str, ...]
) -> None:
    path = tmp_path / "wide.ris"
    path.write_bytes(encoded)
    assert b"author = {Tran, Kim and Webster" in _same_through_file_and_pipe(path, *options)


def test_utf32_csl_json_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    data = json.dumps([{"id": "a", "type": "book", "title": "Wide"}])
    path.write_bytes(codecs.BOM_UTF32_LE + data.encode("utf-32-le"))
    assert b"title = {Wide}" in _same_through_file_and_pipe(path)


def test_a_reader_that_goes_away_ends_the_run_with_sigpipe_status_and_no_word(
    tmp_path: Path,
) -> None:
    """Exit 1 with an empty stderr was undocumented: 141, as `yes | head`."""
    big = tmp_path / "big.ris"
    big.write_text(TEXT * 3000)
    done = _shell('set -o pipefail; "$0" convert "$1" --to csl-json -q | head -c 100', big)
    assert (done.returncode, done.stderr) == (141, b"")


def test_standard_input_that_is_the_output_file_is_refused(tmp_path: Path) -> None:
    same = tmp_path / "same.ris"
    same.write_bytes(SAMPLE.read_bytes())
    done = _shell('"$0" convert - -o "$1" --to csl-json < "$1"', same)
    _one_line(done, 2, b"is also the input (standard input)")
    assert same.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("text", "warnings"),
    [
        ('[{"id":"x","type":"book","title":1e999999999}]', [b"title is inf, not a number"]),
        ('[{"id":true,"type":"book","title":"t"}]', [b"item #1: id is true"]),
        (
            '[{"id":"x","type":"book","custom":{"b":[1,{"c":NaN}]}}]',
            [b"holds objects or arrays", b"holds NaN or an infinite number; kept as null"],
        ),
        (
            '[{"id":"x","type":"book","title":' + "7" * 100 + "}]",
            [b"title is the number 77777777777777777777\xe2\x80\xa6, not text"],
        ),
    ],
)
def test_csl_json_oddities_get_one_consistent_warning_each(
    text: str, warnings: list[bytes]
) -> None:
    done = run_citeconv("convert", "-", "--to", "csl-json", input=text.encode())
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if b": warning: " in line]
    assert len(lines) == len(warnings), done.stderr
    for line, warning in zip(lines, warnings, strict=True):
        assert warning in line


def test_a_huge_float_is_written_as_javascript_writes_it() -> None:
    text = '[{"id":"x","type":"book","volume":1e308}]'
    done = run_citeconv("convert", "-", "--to", "csl-json", "-q", input=text.encode())
    assert json.loads(done.stdout)[0]["volume"] == "1e+308"


def test_json_that_is_no_bibliography_is_no_records() -> None:
    """A package.json became "@misc{ref, version = {1.3.0}}" with exit 0."""
    text = '{"name": "left-pad", "version": "1.3.0", "dependencies": {"a": "^1"}}'
    done = run_citeconv("convert", "-", "--to", "bibtex", input=text.encode())
    _one_line(done, 1, b"no records: the JSON object is no CSL-JSON item")
    assert done.stdout == b""


# ------------------------------------------------------------- the fourth review


def test_thousands_of_blank_lines_are_refused_at_once(tmp_path: Path) -> None:
    """A regex whose \\s* ran across blank lines from every line start took minutes
    on 4 KiB of newlines (it ran when a file of blank lines was refused)."""
    path = tmp_path / "blank.ris"
    path.write_text("\n" * 500_000)
    start = time.monotonic()
    done = run_citeconv("convert", str(path), "--to", "csl-json", "-q", timeout=60)
    # Blank lines only: an export with zero hits (issue 19), a warning and exit 0.
    assert (done.returncode, done.stdout) == (0, b"[]\n")
    assert done.stderr == str(path).encode() + b": warning: empty input: no records\n"
    assert time.monotonic() - start < 15


def test_csl_json_after_thousands_of_blank_lines_is_read_as_csl_json(tmp_path: Path) -> None:
    path = tmp_path / "late.json"
    path.write_text("\n" * 4100 + json.dumps([{"id": "a", "type": "book", "title": "Late"}]))
    assert b"title = {Late}" in _same_through_file_and_pipe(path)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("TY  - JOUR\nAU  - Šťastný, Čeněk\nTI  - Czech\nER  - \n", "utf-32-le"),
        ("TY  - JOUR\nAU  - Šťastný, Čeněk\nTI  - Czech\nER  - \n", "utf-32-be"),
        (JAPANESE, "utf-16-le"),
        (JAPANESE, "utf-16-be"),
    ],
)
def test_bom_less_utf32_and_utf16_with_text_beyond_latin_1_are_read(
    tmp_path: Path, text: str, codec: str
) -> None:
    """The NUL-pattern tests wanted (nearly) every character in Latin-1."""
    path = tmp_path / "wide.ris"
    path.write_bytes(text.encode(codec))
    out = _same_through_file_and_pipe(path)
    assert ("Šťastný" if "Š" in text else "山田").encode() in out


def test_library_misuse_is_a_citeconv_error_not_a_raw_python_error() -> None:
    import io

    import citeconv
    from citeconv.diagnostics import CiteconvError, Report

    with pytest.raises(CiteconvError):
        list(
            citeconv.read_stream(
                io.BytesIO(SAMPLE.read_bytes()),
                "x",
                Report(),
                citeconv.ReadOptions(tag_mapping="foo"),
            )
        )
    with pytest.raises(CiteconvError):
        citeconv.ReadOptions(max_line_bytes=0)
    with pytest.raises(CiteconvError):
        citeconv.convert(
            [str(SAMPLE)], io.StringIO(), "apa", options=citeconv.WriterOptions(jobs=-1)
        )


def test_a_signal_raised_inside_a_finalizer_still_ends_the_run() -> None:
    """Found by tools/hostile.py in CI: a SIGUSR1 whose exception was raised while a
    finalizer ran was printed as "Exception ignored … Terminated: 10" and the run
    went on to exit 0. Now it is delivered again outside the finalizer."""
    script = textwrap.dedent(
        """
        import signal, time
        from citeconv import cli

        class Finalized:
            def __del__(self):
                raise cli.Terminated(signal.SIGTERM)  # as if the signal came here

        @cli.guarded
        def work() -> None:
            Finalized()  # collected at once: its __del__ raises
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                sum(range(1000))
            print("not stopped")

        try:
            work()
        except cli.typer.Exit as exc:  # what typer's runner does with it
            raise SystemExit(exc.exit_code)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 143, done.stderr
    assert b"not stopped" not in done.stdout
    assert done.stderr.decode().strip().endswith("citeconv: terminated")


def test_a_name_with_no_text_is_left_out_of_formatted_output(tmp_path: Path) -> None:
    """Found by the review of the registry change (it predates it): an editor
    {"literal": ""} made citeproc-py add None to a str (exit 3)."""
    source = tmp_path / "x.json"
    source.write_text(
        '[{"id":"a","type":"book","title":"T","editor":[{"literal":""}]},'
        '{"id":"b","type":"book","title":"U",'
        '"author":[{"family":"  "},{"family":"Doe","given":"J"}]}]'
    )
    done = run_citeconv("convert", str(source), "--to", "apa", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == "Doe, J. (n.d.). U.\nT. (n.d.).\n"
