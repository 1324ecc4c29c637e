"""Hostile input, round 2, second review: what a second adversarial pass found.

One reproducer per finding, named after what it shows, run through the installed
command as a user would (see tests/test_hostile_round2.py for the first pass).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from test_hostile_round2 import RECORDS, _bomb, _shell

from conftest import SAMPLE, citeconv_command, run_citeconv

LONG_NAME = "x" * 300
#: The shipped styles with the most macro work for one item (tools/style_work.py).
HEAVIEST_STYLES = (
    "taylor-and-francis-chicago-author-date",
    "chicago-notes-bibliography-subsequent-title",
    "apa",
)


def _one_line(done: subprocess.CompletedProcess[bytes], code: int, text: bytes) -> None:
    """Exit ``code`` and one line on stderr that holds ``text``; no traceback."""
    assert done.returncode == code, done.stderr
    assert text in done.stderr, done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr


# --------------------------------------------------------- inputs read as streams


def test_random_bytes_through_a_pipe_are_refused_at_once_not_read_for_ever() -> None:
    """`citeconv convert /dev/urandom`: refused from its first bytes (it grew to 1 GB)."""
    start = time.monotonic()
    done = run_citeconv("convert", "/dev/urandom", "--to", "bibtex", timeout=30)
    _one_line(done, 1, b"binary data")
    assert time.monotonic() - start < 20
    piped = _shell('head -c 50000000 /dev/urandom | "$0" convert - --to bibtex', timeout=60)
    _one_line(piped, 1, b"<stdin>: error: not RIS: this looks like binary data")


def test_nul_bytes_only_are_binary_not_empty_input() -> None:
    done = run_citeconv("convert", "/dev/zero", "--to", "bibtex", timeout=30)
    _one_line(done, 1, b"binary data (NUL bytes)")
    assert b"empty input" not in done.stderr


@pytest.mark.parametrize(("text", "kind"), [("42", b"number"), ('"refs"', b"string")])
def test_json_that_is_no_array_or_object_is_named_as_json(text: str, kind: bytes) -> None:
    done = run_citeconv("convert", "-", "--to", "bibtex", input=text.encode())
    _one_line(done, 1, b"this is a JSON " + kind + b"; CSL-JSON is an array of items")


def test_utf16_csl_json_is_read_not_called_binary() -> None:
    data = json.dumps([{"id": "a", "type": "book", "title": "Café"}], ensure_ascii=False)
    for encoded in (data.encode("utf-16"), data.encode("utf-16-le")):
        done = run_citeconv("convert", "-", "--to", "bibtex", "-q", input=encoded)
        assert done.returncode == 0, done.stderr
        assert "title = {Café}".encode() in done.stdout


def test_encoding_option_applies_to_csl_json_too() -> None:
    data = json.dumps([{"id": "a", "type": "book", "title": "Café"}], ensure_ascii=False)
    cp1252 = data.encode("cp1252")
    guessed = run_citeconv("convert", "-", "--to", "bibtex", input=cp1252)
    _one_line(guessed, 1, b"CSL-JSON is not UTF-8")
    assert b"--encoding" in guessed.stderr
    told = run_citeconv(
        "convert", "-", "--to", "bibtex", "-q", "--encoding", "cp1252", input=cp1252
    )
    assert told.returncode == 0, told.stderr
    assert "title = {Café}".encode() in told.stdout


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf_16", "UTF16"])
def test_byte_order_free_encoding_on_a_utf8_file_is_one_line_not_exit_3(codec: str) -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "--encoding", codec)
    _one_line(done, 1, f"not RIS when read as {codec}".encode())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_explicit_utf16_and_utf32_read_with_or_without_a_bom(codec: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    done = run_citeconv(
        "convert", "-", "--to", "bibtex", "-q", "--encoding", codec, input=text.encode(codec)
    )
    assert done.returncode == 0, done.stderr
    assert b"Tran, Kim and Webster, Fiona" in done.stdout


def test_codec_that_cannot_replace_a_bad_byte_is_a_usage_error() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "--encoding", "idna")
    _one_line(done, 2, b"'idna' cannot decode a text file")


def test_array_whose_values_are_all_skipped_is_no_records_and_exit_1() -> None:
    for text in ('[[{"id": "a"}], 3]', '{"items": [1, "x"]}'):
        done = run_citeconv("convert", "-", "--to", "bibtex", input=text.encode())
        _one_line(done, 1, b"no records: none of")
        assert done.stdout == b""


# ---------------------------------------------------- all of the output, or none


def test_standard_output_gets_nothing_when_a_later_item_is_broken() -> None:
    """Streamed CSL-JSON with a syntax error after good items: no part on stdout that
    looks whole (as -o FILE is left untouched)."""
    items = [json.dumps({"id": f"i{n}", "type": "book", "title": f"T{n}"}) for n in range(2000)]
    text = "[" + ",".join(items) + ", {broken]"
    done = run_citeconv("convert", "-", "--to", "csl-json", input=text.encode())
    _one_line(done, 1, b"not valid JSON")
    assert done.stdout == b""


def test_standard_output_gets_everything_of_a_good_run_in_one_piece(tmp_path: Path) -> None:
    source = tmp_path / "many.ris"
    source.write_text(RECORDS * 20)  # 60,000 records, more output than is held in memory
    done = run_citeconv("convert", str(source), "--to", "csl-json", "-q", timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 60000


def test_output_to_a_pipe_that_closes_early_is_quiet() -> None:
    # pipefail: the status is citeconv's, not head's (without it this could not fail).
    done = _shell(
        'set -o pipefail; "$0" convert "$1" --to csl-json -q | head -c 10 > /dev/null', SAMPLE
    )
    # 0 when the output fitted in the pipe before head left, else SIGPIPE's 141.
    assert done.returncode in (0, 141) and done.stderr == b"", done.stderr


# ------------------------------------------------------------ -o and file names


def test_output_fifo_without_a_reader_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    start = time.monotonic()
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", str(fifo), timeout=60)
    _one_line(done, 1, b"is a FIFO with no reader")
    assert time.monotonic() - start < 30


def test_output_fifo_whose_reader_comes_later_is_written(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read_later() -> None:
        time.sleep(1)
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read_later)
    reader.start()
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", str(fifo), "-q")
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert got and got[0].startswith(b"@article{tran2021quality,")


def test_read_only_output_file_is_refused_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("mine\n")
    target.chmod(0o444)
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", str(target))
    _one_line(done, 1, b"is read-only; refusing to replace it")
    assert target.read_text() == "mine\n"


def test_output_into_proc_is_one_clear_line() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", "/proc/version")
    _one_line(done, 1, b"/proc/version: error: is read-only")


def test_file_names_too_long_are_one_line_not_exit_3(tmp_path: Path) -> None:
    long_path = str(tmp_path / LONG_NAME)
    as_input = run_citeconv("convert", long_path + ".ris", "--to", "bibtex")
    _one_line(as_input, 1, b"cannot read: File name too long")
    as_output = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", long_path + ".bib")
    _one_line(as_output, 1, b"cannot write: File name too long")
    as_style = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", long_path + ".csl")
    _one_line(as_style, 2, b"File name too long")


def test_loop_of_symbolic_links_as_output_is_one_line_not_exit_3(tmp_path: Path) -> None:
    (tmp_path / "a.bib").symlink_to(tmp_path / "b.bib")
    (tmp_path / "b.bib").symlink_to(tmp_path / "a.bib")
    done = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-o", str(tmp_path / "a.bib"))
    _one_line(done, 1, b"Too many levels of symbolic links")


def test_signals_are_held_while_the_temporary_name_is_given_and_used(tmp_path: Path) -> None:
    """A SIGTERM between naming the temporary file and renaming it could leave a
    stray ``.citeconv-*.tmp``: it is held back until the rename is done."""
    from citeconv.output import _signals_held

    received: list[int] = []
    old = signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))
    try:
        with _signals_held():
            os.kill(os.getpid(), signal.SIGUSR1)
            time.sleep(0.05)
            assert received == []
        time.sleep(0.05)
        assert received == [signal.SIGUSR1]
    finally:
        signal.signal(signal.SIGUSR1, old)


# ------------------------------------------------------------------------ signals


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGHUP, 129, b"citeconv: terminated by SIGHUP\n"),
        (signal.SIGQUIT, 131, b"citeconv: terminated by SIGQUIT\n"),
        (signal.SIGUSR1, 138, b"citeconv: terminated by SIGUSR1\n"),
        (signal.SIGTERM, 143, b"citeconv: terminated\n"),
    ],
)
def test_terminating_signal_with_workers_is_one_line_and_leaves_nothing(
    tmp_path: Path, signum: int, code: int, line: bytes
) -> None:
    """With -j 2, SIGHUP, SIGQUIT or SIGUSR1 killed the parent outright and each
    worker printed a BrokenPipeError traceback; the output folder kept a temporary."""
    source = tmp_path / "big.ris"
    source.write_text(RECORDS * 4)
    out = tmp_path / "out"
    out.mkdir()
    command = [citeconv_command(), "convert", str(source), "--to", "apa", "-j", "2", "-q"]
    process = subprocess.Popen(
        [*command, "-o", str(out / "refs.txt")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(2.0)  # reading and rendering, workers running
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("finished before the signal (a fast machine)")
    assert (process.returncode, stderr) == (code, line)
    time.sleep(0.5)
    assert list(out.iterdir()) == []
    leftover = subprocess.run(
        ["pgrep", "-f", str(source)], capture_output=True, check=False
    ).stdout.split()
    assert leftover == []


def test_workers_die_with_a_parent_killed_outright(tmp_path: Path) -> None:
    source = tmp_path / "big.ris"
    source.write_text(RECORDS * 4)
    process = subprocess.Popen(
        [citeconv_command(), "convert", str(source), "--to", "apa", "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(2.0)
    process.kill()
    _, stderr = process.communicate(timeout=60)
    time.sleep(1.0)
    leftover = subprocess.run(
        ["pgrep", "-f", str(source)], capture_output=True, check=False
    ).stdout.split()
    assert leftover == []
    assert b"Traceback" not in stderr


# ------------------------------------------------------------------------- styles


def test_style_through_a_pipe_or_fifo_is_read_once(tmp_path: Path) -> None:
    from citeconv.csl.styles import styles_folder

    apa = styles_folder() / "apa.csl"
    piped = _shell('"$0" convert "$1" --to csl --style <(cat "$2") -q', SAMPLE, apa)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"Tran, K., Webster, F.")
    fifo = tmp_path / "style"
    os.mkfifo(fifo)
    feeder = threading.Thread(target=lambda: fifo.write_bytes(apa.read_bytes()))
    feeder.start()
    done = run_citeconv(
        "convert", str(SAMPLE), "--to", "csl", "--style", "style", "-q", cwd=tmp_path
    )
    feeder.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Tran, K., Webster, F.")


def test_endless_style_device_is_refused_by_size_not_read_for_ever() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", "/dev/zero", timeout=30)
    _one_line(done, 2, b"style file /dev/zero is larger than")


def test_utf16_style_with_a_doctype_is_refused(tmp_path: Path) -> None:
    """The DOCTYPE check looked at bytes: in UTF-16 ``<!DOCTYPE`` is not those bytes."""
    style = tmp_path / "dt.csl"
    text = _bomb(0).replace(
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE style [<!ENTITY t "Injected">]>\n',
    )
    style.write_bytes(text.encode("utf-16"))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    _one_line(done, 2, b"has a DOCTYPE or ENTITY declaration; refused")


def test_utf16_style_renders_as_its_utf8_twin(tmp_path: Path) -> None:
    from citeconv.csl.styles import styles_folder

    text = (styles_folder() / "apa.csl").read_text(encoding="utf-8")
    style = tmp_path / "apa16.csl"
    style.write_bytes(text.replace('encoding="utf-8"', 'encoding="UTF-16"').encode("utf-16"))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), "-q")
    stock = run_citeconv("convert", str(SAMPLE), "--to", "apa", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout == stock.stdout


def test_schema_refusal_names_the_line_of_the_style_file(tmp_path: Path) -> None:
    style = tmp_path / "bad.csl"
    lines = _bomb(0).replace("><", ">\n<").splitlines()
    at = next(n for n, line in enumerate(lines) if "<bibliography>" in line)
    lines.insert(at + 2, '<text variable="title" font-style="bogus"/>')
    style.write_text("\n".join(lines))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    # The bibliography that holds the bad text (libxml2 names the element whose
    # content fails), never "line 0" of a re-serialised copy.
    assert any(f"(line {n}: ".encode() in done.stderr for n in (at + 1, at + 2, at + 3))
    _one_line(done, 2, b"does not follow the CSL schema")


def test_fifo_named_like_a_style_id_is_read_as_a_file(tmp_path: Path) -> None:
    """`--style ff` where ff is a FIFO here said "unknown style"."""
    os.mkfifo(tmp_path / "ff")
    feeder = threading.Thread(target=lambda: (tmp_path / "ff").write_bytes(b"<notcsl/>"))
    feeder.start()
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", "ff", cwd=tmp_path)
    feeder.join(timeout=10)
    _one_line(done, 2, b"is not a CSL style")


def test_schema_valid_style_with_huge_macros_is_refused_within_seconds(tmp_path: Path) -> None:
    """A macro of 10,000 elements called 1,000 times passes the static expansion
    bound (10 million) and the schema; counted in calls, it took 123 s per entry.
    Counted in elements per item, it is refused during the first entry."""
    big = '<text variable="title" prefix="x"/>' * 10_000
    calls = '<text macro="big"/>' * 1_000
    style = tmp_path / "huge.csl"
    style.write_text(
        _bomb(0)
        .replace(
            '<macro name="m0">',
            f'<macro name="big"><group>{big}</group></macro>'
            f'<macro name="caller"><group>{calls}</group></macro><macro name="m0">',
        )
        .replace(
            '<bibliography><layout><text macro="m0"/>',
            '<bibliography><layout><text macro="caller"/>',
        )
    )
    start = time.monotonic()
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), timeout=60)
    _one_line(done, 2, b"elements per entry; refused")
    assert time.monotonic() - start < 20


def test_no_shipped_style_comes_near_the_macro_work_bound() -> None:
    """The bound is ten times what the most demanding shipped style needs for one item
    (tools/style_work.py over every independent style): spot-check the heaviest."""
    from citeconv import api
    from citeconv.csl import engine
    from citeconv.csl.fixes import work
    from citeconv.csl.fixes.state import BIBLIOGRAPHY
    from citeconv.diagnostics import Report

    items = list(api.read([str(SAMPLE)], Report()))
    for style in HEAVIEST_STYLES:
        engine.render_bibliography(items, style, jobs=1)
        work.close_entry()
        assert BIBLIOGRAPHY.macro_work_peak * 10 <= work.MACRO_WORK_PER_ENTRY, style


@pytest.mark.parametrize(
    ("value", "warning"),
    [
        ({"type": 5}, b"type 5 is not a CSL item type; read as document"),
        ({"type": "journalArticle"}, b"'journalArticle' is no CSL type; read as its CSL name"),
        ({"type": "website"}, b"read as its CSL name, 'webpage'"),
        ({"type": "journal_articles"}, b"'journal_articles' is not a CSL item type"),
        ({"type": "Article_Journal"}, b"is spelled 'article-journal' in CSL"),
        ({"author": [{"literal": 5}]}, b"author literal is the number 5, not text"),
        ({"title": 1984}, b"title is the number 1984, not text; read as text"),
        ({"issued": {"date-parts": [[2020, 0]]}}, b"month 0 is no month"),
        ({"issued": {"date-parts": [[2020, -1]]}}, b"month -1 is no month"),
        ({"issued": {"date-parts": [[2020, 17]]}}, b"month 17 is no month"),
        ({"issued": {"date-parts": [[2020, 2, 40]]}}, b"day 40 is no day"),
        ({"custom": {"x": {"b": 1}}}, b"custom 'x' is an object; kept as its JSON text"),
    ],
)
def test_csl_json_value_outside_the_schema_is_said_not_coerced_silently(
    value: dict[str, object], warning: bytes
) -> None:
    item = {"id": "a", "type": "book", "title": "T", **value}
    done = run_citeconv("convert", "-", "--to", "csl-json", input=json.dumps([item]).encode())
    assert done.returncode == 0, done.stderr
    assert warning in done.stderr, done.stderr
    assert done.stderr.count(b": warning: ") == 1, done.stderr  # one, not a second "no type"


def test_season_months_are_dates_not_warnings() -> None:
    item = {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2020, 13]]}}
    done = run_citeconv("convert", "-", "--to", "csl-json", "-q", input=json.dumps([item]).encode())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["issued"] == {"date-parts": [[2020, 13]]}
    assert done.stderr == b""


def test_unknown_type_is_kept_in_custom() -> None:
    item = {"id": "a", "type": "journal articles", "title": "T"}
    done = run_citeconv("convert", "-", "--to", "csl-json", "-q", input=json.dumps([item]).encode())
    out = json.loads(done.stdout)[0]
    assert out["type"] == "document" and out["custom"]["type"] == ["journal articles"]


def test_zotero_and_crossref_type_names_read_as_their_csl_names() -> None:
    items = [
        {"id": "a", "type": "journalArticle", "title": "T"},
        {"id": "b", "type": "book-chapter", "title": "T"},
        {"id": "c", "type": "website", "title": "T"},
    ]
    done = run_citeconv("convert", "-", "--to", "csl-json", "-q", input=json.dumps(items).encode())
    types = [(i["type"], i.get("custom")) for i in json.loads(done.stdout)]
    assert types == [("article-journal", None), ("chapter", None), ("webpage", None)]
