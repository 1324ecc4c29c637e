"""End-to-end tests of the installed ``citeconv`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SAMPLE, run_citeconv

SAMPLE_APA = (
    "Tran, K., Webster, F., Ivers, N. M., Laupacis, A., & Dhalla, I. A. (2021). Are quality "
    "improvement plans perceived to improve the quality of primary care in Ontario? Canadian "
    "Family Physician, 67(10), 759–766. https://doi.org/10.46747/cfp.6710759\n"
)
SAMPLE_VANCOUVER = (
    "1. Tran K, Webster F, Ivers NM, Laupacis A, Dhalla IA. Are quality improvement plans "
    "perceived to improve the quality of primary care in Ontario? Can Fam Physician. 2021 Oct "
    "1;67(10):759–66. doi:10.46747/cfp.6710759\n"
)
TWO_RECORDS = b"TY  - JOUR\nTI  - First\nAU  - Smith, Ann\nPY  - 2020\nER  - \n"
OTHER_RECORD = b"TY  - BOOK\nTI  - Second\nAU  - Jones, Bo\nPY  - 2019\nER  - \n"


def test_sample_apa_exact() -> None:
    result = run_citeconv("convert", str(SAMPLE), "--to", "apa")
    assert result.returncode == 0
    assert result.stdout.decode() == SAMPLE_APA
    assert result.stderr.decode() == "citeconv: 1 record read, 1 written, 0 warnings, 0 errors\n"


def test_sample_vancouver_exact() -> None:
    result = run_citeconv("convert", str(SAMPLE), "--to", "vancouver", "--quiet")
    assert result.returncode == 0
    assert result.stdout.decode() == SAMPLE_VANCOUVER
    assert result.stderr == b""


def test_sample_csl_json_fields() -> None:
    result = run_citeconv("convert", str(SAMPLE), "--to", "json", "-q")
    [item] = json.loads(result.stdout)
    assert item["type"] == "article-journal"
    assert item["page"] == "759-766"
    assert item["issued"] == {"date-parts": [[2021, 10, 1]]}
    assert [(a["family"], a["given"]) for a in item["author"]] == [
        ("Tran", "Kim"),
        ("Webster", "Fiona"),
        ("Ivers", "Noah M."),
        ("Laupacis", "Andreas"),
        ("Dhalla", "Irfan A."),
    ]
    assert item["abstract"].startswith("Objective To explore")
    assert item["abstract"].endswith("among organizations.")


def test_version_and_help() -> None:
    version = run_citeconv("--version")
    assert version.returncode == 0
    assert version.stdout.decode().startswith("citeconv ")
    for command in ([], ["convert"], ["writers"], ["check"], ["styles"]):
        result = run_citeconv(*command, "--help")
        assert result.returncode == 0, command
        text = result.stdout.decode()
        assert "Usage" in text
    convert_help = run_citeconv("convert", "--help").stdout.decode()
    assert "Exit codes" in convert_help and "Examples" in convert_help


def test_exit_codes_are_documented_from_one_table() -> None:
    """citeconv.exits is the one place: each command's --help prints its text, and
    the README's table is the table there."""
    from citeconv import exits

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert exits.readme_table() in readme
    for command, text in (
        ([], exits.CONVERT),
        (["convert"], exits.CONVERT),
        (["check"], exits.CHECK),
        (["writers"], exits.WRITERS),
        (["styles"], exits.STYLES),
    ):
        shown = " ".join(run_citeconv(*command, "--help").stdout.decode().split())
        assert text in shown, command


def test_stdin_and_dash(tmp_path: Path) -> None:
    by_stdin = run_citeconv("convert", "--to", "apa", "-q", input=SAMPLE.read_bytes())
    by_dash = run_citeconv("convert", "-", "--to", "apa", "-q", input=SAMPLE.read_bytes())
    assert by_stdin.stdout.decode() == by_dash.stdout.decode() == SAMPLE_APA


def test_stdin_diagnostics_name_stdin() -> None:
    result = run_citeconv("convert", "--to", "json", input=b"TY  - JOUR\nTI  - No end\n")
    assert result.returncode == 0
    assert b"<stdin>:1: warning:" in result.stderr


def test_several_inputs_in_order(tmp_path: Path) -> None:
    a = tmp_path / "a.ris"
    b = tmp_path / "b.ris"
    a.write_bytes(TWO_RECORDS)
    b.write_bytes(OTHER_RECORD)
    result = run_citeconv("convert", str(a), str(b), "--to", "json", "-q")
    items = json.loads(result.stdout)
    assert [i["title"] for i in items] == ["First", "Second"]
    assert len({i["id"] for i in items}) == 2


def test_writer_from_output_suffix(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    result = run_citeconv("convert", str(SAMPLE), "-o", str(out), "-q")
    assert result.returncode == 0
    assert out.read_text().startswith("@article{tran2021quality,")
    assert result.stdout == b""


@pytest.mark.parametrize("name", ["refs.txt", "refs.html", "refs.md", "refs"])
def test_undecided_suffix_is_usage_error(tmp_path: Path, name: str) -> None:
    result = run_citeconv("convert", str(SAMPLE), "-o", str(tmp_path / name))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "--to" in err and "csl-json" in err and "bibtex" in err
    assert not (tmp_path / name).exists()


def test_no_writer_at_all_is_usage_error() -> None:
    result = run_citeconv("convert", str(SAMPLE))
    assert result.returncode == 2
    assert b"writers:" in result.stderr


def test_unknown_writer() -> None:
    result = run_citeconv("convert", str(SAMPLE), "--to", "endnote")
    assert result.returncode == 2
    assert b"unknown writer 'endnote'" in result.stderr
    assert b"Traceback" not in result.stderr


def test_missing_input_exit_1() -> None:
    result = run_citeconv("convert", "/no/such/file.ris", "--to", "json")
    assert result.returncode == 1
    assert result.stderr.decode() == "/no/such/file.ris: error: no such file\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>results</body></html>\n", b"XML/HTML"),
        (b"%PDF-1.7\n\x00\x01", b"PDF"),
        (b"hello world\n", b"not RIS"),  # an empty file is no error: tests/test_empty_inputs.py
    ],
)
def test_not_ris_is_error(tmp_path: Path, content: bytes, message: bytes) -> None:
    path = tmp_path / "in.ris"
    path.write_bytes(content)
    result = run_citeconv("convert", str(path), "--to", "json")
    assert result.returncode == 1
    assert message in result.stderr
    assert str(path).encode() + b": error:" in result.stderr
    assert b"Traceback" not in result.stderr


def test_failed_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    out.write_bytes(b"precious\n")
    bad = tmp_path / "bad.ris"
    bad.write_bytes(b"not ris at all\n")
    result = run_citeconv("convert", str(SAMPLE), str(bad), "-o", str(out))
    assert result.returncode == 1
    assert out.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ris", "refs.json"]


def test_strict_warning_fails_and_keeps_output(tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    out.write_bytes(b"precious\n")
    src = tmp_path / "in.ris"
    src.write_bytes(b"TY  - JOUR\nTI  - No end\n")
    result = run_citeconv("convert", str(src), "-o", str(out), "--strict")
    assert result.returncode == 1
    assert out.read_bytes() == b"precious\n"
    relaxed = run_citeconv("convert", str(src), "-o", str(out))
    assert relaxed.returncode == 0
    assert json.loads(out.read_text())[0]["title"] == "No end"


def test_output_naming_an_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_bytes(SAMPLE.read_bytes())
    result = run_citeconv("convert", str(src), "-o", str(src))
    assert result.returncode == 2
    assert src.read_bytes() == SAMPLE.read_bytes()


def test_output_is_deterministic_lf_final_newline(tmp_path: Path) -> None:
    for writer in ("csl-json", "bibtex", "biblatex", "apa", "vancouver"):
        first = run_citeconv("convert", str(SAMPLE), "--to", writer, "-q").stdout
        second = run_citeconv("convert", str(SAMPLE), "--to", writer, "-q").stdout
        assert first == second, writer
        assert first.endswith(b"\n") and b"\r" not in first, writer


def test_no_colour_when_not_a_terminal() -> None:
    result = run_citeconv("convert", "--to", "json", input=b"TY  - JOUR\nTI  - x\n")
    assert b"\x1b[" not in result.stderr


def test_writers_lists_builtins() -> None:
    result = run_citeconv("writers")
    lines = result.stdout.decode().splitlines()
    names = {line.split()[0] for line in lines[1:]}
    assert {"csl-json", "bibtex", "biblatex", "apa", "vancouver", "csl"} <= names
    assert any("csljson" in line and ".json" in line for line in lines)


def test_version_does_not_import_citeproc_or_writers() -> None:
    code = textwrap.dedent(
        """
        import sys
        from citeconv.cli import app
        try:
            app(["--version"])
        except SystemExit:
            pass
        heavy = [m for m in ("citeproc", "bibtexparser", "lxml", "citeconv.writers.formatted")
                 if m in sys.modules]
        print("HEAVY", heavy)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert result.stdout.decode().splitlines()[-1] == "HEAVY []"


def test_version_fast_path_prints_what_the_cli_prints() -> None:
    """The console script answers a lone --version without importing typer or the
    CLI; what it prints must stay what the CLI's own --version prints."""
    fast = run_citeconv("--version")
    code = "from citeconv.cli import app\napp(['--version'])"
    slow = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert (fast.returncode, fast.stdout, fast.stderr) == (0, slow.stdout, b"")
    assert slow.returncode == 0
    probe = textwrap.dedent(
        """
        import sys
        sys.argv = ["citeconv", "--version"]
        from citeconv.entry import main
        main()
        print("LOADED", [m for m in ("typer", "citeconv.cli") if m in sys.modules])
        """
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert loaded.stdout.decode().splitlines()[-1] == "LOADED []"
    # Anything more than a lone --version goes through the CLI.
    assert run_citeconv("--version", "--help").stdout.decode().startswith("citeconv ")


def test_third_party_writer_plugin(tmp_path: Path) -> None:
    """A writer from another distribution is listed and used like a built-in one."""
    package = tmp_path / "titles_writer.py"
    package.write_text(
        textwrap.dedent(
            """
            from citeconv.writers import Writer

            class TitlesWriter(Writer):
                name = "titles"
                aliases = ("just-titles",)
                suffixes = (".titles",)
                description = "one title per line"

                def write(self, items, out):
                    n = 0
                    for item in items:
                        out.write((item.get("title") or "") + "\\n")
                        n += 1
                    return n
            """
        )
    )
    dist = tmp_path / "titles_writer-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: titles-writer\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[citeconv.writers]\ntitles = titles_writer:TitlesWriter\n"
    )
    env = {"PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    listing = run_citeconv("writers", env=env)
    assert any(
        line.split()[:2] == ["titles", "just-titles"]
        for line in listing.stdout.decode().splitlines()
    )
    converted = run_citeconv("convert", str(SAMPLE), "--to", "just-titles", "-q", env=env)
    assert converted.returncode == 0
    assert converted.stdout.decode().startswith("Are quality improvement plans")
    by_suffix = run_citeconv(
        "convert", str(SAMPLE), "-o", str(tmp_path / "out.titles"), "-q", env=env
    )
    assert by_suffix.returncode == 0
    assert (tmp_path / "out.titles").read_text().startswith("Are quality")


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "citeconv", "convert", str(SAMPLE), "--to", "apa", "-q"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.decode() == SAMPLE_APA


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    big = tmp_path / "big.ris"
    big.write_bytes(TWO_RECORDS * 20000)
    command = (
        f"set -o pipefail; '{sys.executable}' -m citeconv convert '{big}' --to json -q | head -c 10"
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, check=False)
    assert result.stdout == b"[\n  {\n    "
    # No word, and SIGPIPE's status (141), as `yes | head` gives: not 1 without a line.
    assert (result.returncode, result.stderr) == (141, b"")


def test_check_reads_only_and_reports(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.ris"
    damaged.write_bytes(b"Record 1 of 1\nTY  - JOUR\nTI  - x\n")
    ok = run_citeconv("check", str(SAMPLE))
    assert ok.returncode == 0
    assert ok.stdout.startswith(f"{SAMPLE}\n  reader ".encode())  # the report: test_check.py
    assert ok.stderr == b"citeconv: 1 record read, 0 warnings, 0 errors\n"
    warned = run_citeconv("check", str(damaged))
    assert warned.returncode == 0
    lines = warned.stderr.decode().splitlines()
    assert lines[0] == f"{damaged}:1: warning: text outside any record skipped"
    assert lines[-1] == "citeconv: 1 record read, 2 warnings, 0 errors"
    assert run_citeconv("check", str(damaged), "--strict").returncode == 1
    missing = run_citeconv("check", "/no/such.ris", str(SAMPLE))
    assert missing.returncode == 1
    assert b"/no/such.ris: error: no such file" in missing.stderr


def test_styles_lists_and_searches() -> None:
    result = run_citeconv("styles", "nlm citation sequence")
    assert result.returncode == 0
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert ["nlm-citation-sequence", "independent"] in [row[:2] for row in rows]
    assert run_citeconv("styles", "no-such-style-anywhere").returncode == 1


def test_public_api_reads_and_converts() -> None:
    import io

    import citeconv

    [item] = list(citeconv.read([str(SAMPLE)]))
    assert isinstance(item, citeconv.Item)
    assert item.names["author"][0].family == "Tran"
    out = io.StringIO()
    report = citeconv.convert([str(SAMPLE)], out, "apa")
    assert out.getvalue() == SAMPLE_APA
    assert (report.records_read, report.records_written) == (1, 1)
    assert "bibtex" in {info.name for info in citeconv.available_writers()}


def test_a_style_without_a_bibliography_is_a_usage_error(tmp_path: Path) -> None:
    """A note style that only formats citations (agora: no cs:bibliography) is refused
    by name, before any output: it was an internal error inside citeproc-py."""
    source = tmp_path / "one.ris"
    source.write_bytes(b"TY  - JOUR\nAU  - Smith, Ann\nTI  - A title\nPY  - 2020\nER  - \n")
    out = tmp_path / "refs.txt"
    result = run_citeconv("convert", str(source), "--to", "csl", "--style", "agora", "-o", str(out))
    assert result.returncode == 2
    assert b"style 'agora' has no bibliography" in result.stderr
    assert b"internal error" not in result.stderr
    assert not out.exists()
