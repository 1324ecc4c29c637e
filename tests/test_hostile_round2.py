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
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, citeconv_command, run_citeconv

RECORDS = "".join(f"TY  - JOUR\nTI  - Record {n}\nPY  - 2020\nER  - \n\n" for n in range(3000))


def _shell(
    script: str, *args: str | Path, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """``script`` run by bash with the installed command as ``$0``, ``args`` as ``$1``…"""
    return subprocess.run(
        ["bash", "-c", script, citeconv_command(), *map(str, args)],
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def _titles(stdout: bytes) -> list[str]:
    return [item["title"] for item in json.loads(stdout)]


# ------------------------------------------------------------------------ pipes


def test_process_substitution_input_keeps_its_first_bytes(tmp_path: Path) -> None:
    """`citeconv convert <(cat x.ris)`: the input is a pipe read once, from its start."""
    source = tmp_path / "x.ris"
    source.write_text(RECORDS)
    done = _shell('"$0" convert <(cat "$1") --to csl-json -q', source, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _titles(done.stdout) == [f"Record {n}" for n in range(3000)]


def test_one_record_through_a_pipe_is_not_empty_input() -> None:
    done = _shell('"$0" convert <(cat "$1") --to apa -q', SAMPLE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Tran, K., Webster, F., Ivers, N. M.")


def test_csl_json_through_a_pipe_is_read_as_csl_json() -> None:
    data = json.dumps([{"id": "a", "type": "book", "title": "Piped"}])
    done = _shell('"$0" convert <(printf %s "$1") --to bibtex -q', data)
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
    assert b"elements per entry; refused" in done.stderr
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


# ------------------------------------------------------- CSL-JSON, checked and streamed


def _convert_json(
    tmp_path: Path, text: str, to: str = "csl-json"
) -> subprocess.CompletedProcess[bytes]:
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return run_citeconv("convert", str(path), "--to", to)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, b"nested too deeply"),
        ('[{"id": "a"},', b"the array is not closed"),
        ('[{"id": "a"} {"id": "b"}]', b"expected ',' or ']'"),
    ],
    ids=["deeply-nested", "unclosed", "no-comma"],
)
def test_broken_csl_json_is_one_line_and_exit_1(tmp_path: Path, text: str, message: bytes) -> None:
    done = _convert_json(tmp_path, text)
    assert done.returncode == 1, done.stderr
    assert message in done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr


@pytest.mark.parametrize(
    ("value", "field", "expected", "warning"),
    [
        ('"volume": ' + "9" * 5000, "volume", "9" * 5000, None),
        ('"title": "\\ud800x"', "title", "\ufffdx", b"lone surrogate"),
        ('"issued": {"date-parts": 2020}', "issued", {"date-parts": [[2020]]}, b"read as one"),
        ('"issued": {"date-parts": [[1e999]]}', "issued", None, b"not a whole number"),
        ('"editor": "Smith, John"', "editor", [{"family": "Smith", "given": "John"}], b"one name"),
        ('"title": true', "title", None, b"title is true"),
        ('"volume": NaN', "volume", None, b"volume is nan"),
        ('"note": {"a": 1}', "custom", {"note": ['{"a": 1}']}, b"kept in custom"),
    ],
    ids=[
        "long-integer",
        "lone-surrogate",
        "number-date-parts",
        "infinite-date",
        "editor-string",
        "boolean-title",
        "nan",
        "object-note",
    ],
)
def test_csl_json_value_of_the_wrong_type_is_a_warning_never_exit_3(
    tmp_path: Path, value: str, field: str, expected: object, warning: bytes | None
) -> None:
    done = _convert_json(tmp_path, '[{"id": "a", "type": "book", "title": "T", ' + value + "}]")
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)
    assert item.get(field) == expected
    if warning is not None:
        assert warning in done.stderr and b"item 'a'" in done.stderr
    for to in ("apa", "bibtex"):
        assert (
            _convert_json(tmp_path, '[{"id": "a", "type": "book", ' + value + "}]", to).returncode
            == 0
        )


def test_csl_json_is_read_item_by_item_in_bounded_memory(tmp_path: Path) -> None:
    """One 40 MB array: memory follows the largest item, not the file (887 MB for a
    146 MB file when it was read whole)."""
    from conftest import peak_rss_mb

    path = tmp_path / "big.json"
    item = {"type": "article-journal", "title": "T" * 200, "abstract": "A" * 2000}
    with path.open("w") as out:
        out.write("[")
        for n in range(18_000):
            out.write(("," if n else "") + json.dumps({"id": f"i{n}", **item}))
        out.write("]")
    code, stderr, megabytes = peak_rss_mb("convert", str(path), "--to", "bibtex", "-q")
    assert code == 0, stderr
    assert megabytes < 150, megabytes


# --------------------------------------------------------------- encodings, signals


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "undefined"])
def test_codec_that_is_no_text_encoding_is_a_usage_error(codec: str) -> None:
    done = run_citeconv("convert", str(SAMPLE), "--encoding", codec, "--to", "apa")
    assert done.returncode == 2
    assert b"is not a text encoding" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_sigterm_at_any_moment_of_start_up_is_one_line_and_exit_143(tmp_path: Path) -> None:
    import time

    big = tmp_path / "big.ris"
    big.write_text(RECORDS * 3)
    for delay in (0.02, 0.06, 0.1, 0.13, 0.16, 0.19, 0.22, 0.26, 0.3, 0.4):
        process = subprocess.Popen(
            [citeconv_command(), "convert", str(big), "--to", "apa", "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.terminate()
        _, stderr = process.communicate(timeout=60)
        if process.returncode == 0:
            continue  # finished first
        if process.returncode == -15:
            # Before Python has run a line of citeconv: the default action, silent.
            assert stderr == b"", (delay, stderr)
            continue
        assert process.returncode == 143, (delay, stderr)
        assert stderr == b"citeconv: terminated\n", (delay, stderr)


# --------------------------------------------------- styles citeproc-py cannot read


_BIB = "<bibliography><layout>{}</layout></bibliography>"


@pytest.mark.parametrize(
    "layout",
    [
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>',
        '<text variable="title" font-style="bogus"/>',
        '<date variable="issued" form="bogus"/>',
        '<number variable="volume" form="bogus"/>',
        '<names variable="author"><name and="bogus"/></names>',
        '<bogus/><text variable="title"/>',
        "<text/>",
    ],
    ids=["xinclude", "font-style", "date-form", "number-form", "name-and", "unknown", "empty-text"],
)
def test_style_outside_the_csl_schema_is_refused_not_an_internal_error(
    tmp_path: Path, layout: str
) -> None:
    style = tmp_path / "bad.csl"
    style.write_text(_bomb(0).replace(_BIB.format('<text macro="m0"/>'), _BIB.format(layout)))
    assert layout in style.read_text()
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    assert done.returncode == 2, done.stderr
    assert b"does not follow the CSL schema" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_long_chain_of_macros_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    macros = "".join(f'<macro name="m{i}"><text macro="m{i + 1}"/></macro>' for i in range(3000))
    style = tmp_path / "chain.csl"
    style.write_text(_bomb(0).replace('<macro name="m0">', macros + '<macro name="m3000">'))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    assert done.returncode == 2, done.stderr
    assert b"macros call macros more than 40 deep" in done.stderr


# ------------------------------------------------------------------------ smaller


def test_control_characters_in_a_file_name_are_escaped_in_diagnostics(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b[31m\nfake.ris:1: error: x.ris"
    name.write_text("TY  - JOUR\nTI  - T\nPY  - 0000\nER  - \n")
    done = run_citeconv("convert", str(name), "--to", "csl-json", "-q")
    assert done.returncode == 0
    [line] = done.stderr.splitlines()
    assert b"evil\\x1b[31m\\x0afake.ris:1: error: x.ris:3: warning:" in line


def test_nul_bytes_are_dropped_with_a_warning() -> None:
    done = run_citeconv("convert", "--to", "csl-json", input=b"TY  - JOUR\nTI  - A\x00B\nER  - \n")
    assert json.loads(done.stdout)[0]["title"] == "AB"
    assert b"<stdin>:2: warning: NUL bytes (no text) dropped" in done.stderr


def test_a_million_warnings_are_capped_per_file_with_a_count(tmp_path: Path) -> None:
    path = tmp_path / "w.ris"
    path.write_text("".join(f"TY  - JOUR\nTI  - T{i}\nPY  - 0000\nER  - \n" for i in range(300)))
    done = run_citeconv("convert", str(path), "--to", "csl-json")
    lines = done.stderr.decode().splitlines()
    assert sum("warning: PY '0000'" in line for line in lines) == 100
    assert f"{path}: note: 200 more 'date' warnings not shown (the first 100 are)" in lines
    assert lines[-1] == "citeconv: 300 records read, 300 written, 300 warnings, 0 errors"


def test_unknown_default_locale_of_a_style_is_said(tmp_path: Path) -> None:
    style = tmp_path / "loc.csl"
    style.write_text(_bomb(0).replace('version="1.0">', 'version="1.0" default-locale="xx-YY">'))
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    assert done.returncode == 0, done.stderr
    assert b"default locale 'xx-YY' is not known; rendered in en-US" in done.stderr


def test_a_record_of_many_long_lines_is_bounded_like_a_line(tmp_path: Path) -> None:
    """Four 40 MB lines in one record used 1.09 GB; the line bound now bounds a record."""
    path = tmp_path / "big.ris"
    path.write_text("TY  - JOUR\nTI  - T\n" + ("AB  - " + "x" * 300_000 + "\n") * 4 + "ER  - \n")
    done = run_citeconv("convert", str(path), "--to", "csl-json", "--max-line-bytes", "1000000")
    assert done.returncode == 1
    assert b"big.ris:1: error: the record from line 1 is longer than 1000000 characters" in (
        done.stderr
    )
    assert run_citeconv("convert", str(path), "--to", "csl-json", "-q").returncode == 0


# -------------------------------------------------------- well-formed HTML, Markdown

_PIECES = [
    "<i>",
    "</i>",
    "<b>",
    "</b>",
    "<sup>",
    "</sup>",
    "<sub>",
    "</sub>",
    "<i >",
    '<span style="font-variant:small-caps;">',
    '<span class="nocase">',
    "</span>",
    "word",
    " ",
    "&",
    "<",
    ">",
    "\n",
]


@settings(max_examples=150, deadline=None)
@example([["<sub>", '<span class="nocase">', "</sub>"]])  # found by this test in CI
@given(
    st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), min_size=1, max_size=3)
)
def test_html_output_is_well_formed_whatever_tags_the_fields_hold(titles: list[list[str]]) -> None:
    """Stray "</i></b>" or an unclosed "<b>" in a field never unbalance the HTML
    (parsed here as XML: every tag closed, in order)."""
    from lxml import etree

    from citeconv.csl.engine import render_bibliography
    from citeconv.model import Item, Name

    items = [
        Item(
            id=f"i{n}",
            type="article-journal",
            fields={"title": "".join(t), "container-title": "".join(reversed(t))},
            names={"author": [Name(family=f"Roe{n}")]},
        )
        for n, t in enumerate(titles)
    ]
    for style in ("apa", "vancouver"):
        for entry in render_bibliography(items, style, markup="html", jobs=1):
            etree.fromstring(f"<div>{entry.text}</div>".encode())


def test_a_line_break_in_a_value_starts_no_markdown_block(tmp_path: Path) -> None:
    text = '[{"id": "b", "type": "book", "title": "Line one\\n\\n# heading\\n- item"}]'
    done = _convert_json(tmp_path, text, "apa")
    markdown = run_citeconv(
        "convert", str(tmp_path / "in.json"), "--to", "apa", "--markup", "markdown", "-q"
    )
    assert done.returncode == 0
    assert markdown.stdout.decode().strip() == "*Line one \\# heading - item*. (n.d.)."


def test_ascii_keeps_what_latex_cannot_spell_and_says_so() -> None:
    """--ascii: "Nguyễn" has stacked accents, an emoji and CJK have no LaTeX spelling
    (they were ⟨U+1F600⟩ placeholders, silently)."""
    data = "TY  - JOUR\nAU  - Nguyễn, Văn\nTI  - Emoji 😀 and 中文\nPY  - 2020\nER  - \n"
    done = run_citeconv("convert", "--to", "bibtex", "--ascii", input=data.encode())
    assert done.returncode == 0
    assert "author = {Nguy{\\~{\\^{e}}}n, V{\\u{a}}n}" in done.stdout.decode()
    assert "title = {Emoji 😀 and 中文}" in done.stdout.decode()
    assert "U+" not in done.stdout.decode()
    assert (
        "warning: entry nguyen2020emoji: 3 characters with no LaTeX spelling kept as UTF-8"
        in done.stderr.decode()
    )


@pytest.mark.parametrize(
    "how",
    ['-o /dev/stdout >> "$1"', '-o /dev/fd/3 3>> "$1"', '-o "$1.link" >> "$1"'],
    ids=["dev-stdout-append", "dev-fd-3", "link-to-dev-stdout"],
)
def test_output_to_a_descriptor_appends_to_what_it_holds(tmp_path: Path, how: str) -> None:
    """`-o /dev/stdout >> log`: the stream is written, never the file behind it
    replaced (the symlink change lost "PREVIOUS"; found by an adversarial review)."""
    log = tmp_path / "log.txt"
    log.write_text("PREVIOUS\n")
    (tmp_path / "log.txt.link").symlink_to("/dev/stdout")
    script = f'"$0" convert "$2" --to bibtex -q {how}; echo AFTER >> "$1"'
    done = _shell(script, str(log), str(SAMPLE))
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("PREVIOUS\n@article{tran2021quality,")
    assert text.endswith("}\nAFTER\n")
    assert (tmp_path / "log.txt.link").is_symlink()
