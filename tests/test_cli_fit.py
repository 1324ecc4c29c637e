"""The command line as pandoc, LaTeX and Makefile users meet it (issue 19): empty
exports, options a writer does not read, --style alone, field filters, the bar."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from citeconv.api import convert
from citeconv.pipeline.fields import FieldFilter, field_name, parse_fields
from citeconv.progress import WorkProgress
from citeconv.writers.base import WriterOptions

from conftest import SAMPLE, run_citeconv

# --------------------------------------------------------------- empty exports

EMPTY = {
    "empty.ris": b"",
    "blank.ris": b"\n\n  \r\n",
    "blank.bib": b"\n",
    "bom.ris": b"\xef\xbb\xbf\n",
    "utf16.ris": "\ufeff\n\n".encode("utf-16-le"),
    "empty.json": b"[]\n",
    "items.json": b'{"items": []}',
    "empty.yaml": b"---\nreferences: []\n---\n",
}
EMPTY_OUTPUT = {"csl-json": b"[]\n", "bibtex": b"", "ris": b"", "apa": b""}


@pytest.mark.parametrize("name", sorted(EMPTY))
@pytest.mark.parametrize("writer", sorted(EMPTY_OUTPUT))
def test_an_export_with_zero_hits_converts_to_an_empty_output(
    tmp_path: Path, name: str, writer: str
) -> None:
    path = tmp_path / name
    path.write_bytes(EMPTY[name])
    out = tmp_path / "out"
    done = run_citeconv("convert", str(path), "--to", writer, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == EMPTY_OUTPUT[writer]
    assert f"{path}: warning: empty input".encode() in done.stderr
    strict = run_citeconv("convert", str(path), "--to", writer, "--strict")
    assert strict.returncode == 1


def test_empty_stdin_and_empty_among_others(tmp_path: Path) -> None:
    done = run_citeconv("convert", "--to", "csl-json", input=b"")
    assert (done.returncode, done.stdout) == (0, b"[]\n")
    assert b"<stdin>: warning: empty input" in done.stderr
    empty = tmp_path / "none.ris"
    empty.write_bytes(b"")
    both = run_citeconv("convert", str(empty), str(SAMPLE), "--to", "bibtex", "-q")
    assert both.returncode == 0
    assert both.stdout.count(b"@article{") == 1
    dedupe = run_citeconv("dedupe", str(empty), "--to", "ris", "-q")
    assert (dedupe.returncode, dedupe.stdout) == (0, b"")


def test_junk_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.ris"
    path.write_text("no records here\n")
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    assert done.returncode == 1
    nuls = tmp_path / "nuls.ris"
    nuls.write_bytes(b"\x00" * 100)
    assert run_citeconv("convert", str(nuls), "--to", "bibtex").returncode == 1


# ------------------------------------------------- options a writer does not read


@pytest.mark.parametrize(
    ("writer", "args", "flag"),
    [
        ("bibtex", ("--locale", "de-DE"), "--locale"),
        ("bibtex", ("--markup", "html"), "--markup"),
        ("bibtex", ("--links",), "--links"),
        ("csl-json", ("--ascii",), "--ascii"),
        ("csl-json", ("--protect-case", "all"), "--protect-case"),
        ("ris", ("--max-entries", "5"), "--max-entries"),
        ("apa", ("--key-format", "{author}"), "--key-format"),
        ("vancouver", ("--keep-ids",), "--keep-ids"),
    ],
)
def test_an_option_the_writer_does_not_read_is_a_warning(
    writer: str, args: tuple[str, ...], flag: str
) -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", writer, *args)
    assert done.returncode == 0, done.stderr
    expected = f"citeconv: warning: {flag} has no effect on the {writer} writer"
    assert expected.encode() in done.stderr
    assert run_citeconv("convert", str(SAMPLE), "--to", writer, *args, "--strict").returncode == 1


@pytest.mark.parametrize(
    ("writer", "args"),
    [
        ("bibtex", ("--ascii", "--keep-ids", "--no-abstract", "-x", "note")),
        ("csl-json", ("--key-format", "{author}{year}", "--no-abstract")),
        ("apa", ("--locale", "en-GB", "--markup", "html", "--links", "--no-abstract")),
        ("bibtex", ()),
        ("apa", ()),
    ],
)
def test_options_the_writer_reads_draw_no_warning(writer: str, args: tuple[str, ...]) -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", writer, *args, "--strict")
    assert done.returncode == 0, done.stderr
    assert b"warning:" not in done.stderr


def test_style_alone_means_csl(tmp_path: Path) -> None:
    alone = run_citeconv("convert", str(SAMPLE), "--style", "ieee", "-q")
    explicit = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", "ieee", "-q")
    assert alone.returncode == 0 and alone.stdout == explicit.stdout
    assert alone.stdout.startswith(b"[1] K. Tran")
    html = tmp_path / "refs.html"
    done = run_citeconv(
        "convert", str(SAMPLE), "--style", "apa", "--markup", "html", "-o", str(html)
    )
    assert done.returncode == 0 and html.read_text().startswith('<div class="csl-bib-body">')
    bib = run_citeconv("convert", str(SAMPLE), "--style", "apa", "-o", str(tmp_path / "x.bib"))
    assert bib.returncode == 2 and b"--style is for formatted writers" in bib.stderr


# ----------------------------------------------------------------- field filters


def test_field_names_and_aliases() -> None:
    assert parse_fields(["abstract,Keywords", " journal ", "YEAR", "doi"]) == (
        "abstract",
        "keyword",
        "container-title",
        "issued",
        "DOI",
    )
    with pytest.raises(Exception, match="did you mean journal"):
        field_name("jornal")
    with pytest.raises(Exception, match="always written"):
        field_name("id")


@pytest.mark.parametrize("writer", ["csl-json", "bibtex", "ris"])
def test_exclude_fields_for_every_writer(writer: str) -> None:
    full = run_citeconv("convert", str(SAMPLE), "--to", writer, "-q").stdout
    cut = run_citeconv(
        "convert", str(SAMPLE), "--to", writer, "-q", "--exclude-fields", "abstract,keyword,DOI"
    ).stdout
    markers = {"csl-json": b'"abstract"', "bibtex": b"abstract = ", "ris": b"AB  - "}
    doi = {"csl-json": b'"DOI"', "bibtex": b"doi = ", "ris": b"DO  - "}
    assert markers[writer] in full and markers[writer] not in cut
    assert doi[writer] in full and doi[writer] not in cut
    assert b"Tran" in cut


def test_only_fields_keep_id_and_type() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "csl-json", "-q", "--fields", "title,year")
    [item] = json.loads(done.stdout)
    assert sorted(item) == ["id", "issued", "title", "type"]
    assert item["id"] == "tran2021quality"  # the key comes from the whole record


def test_field_filter_on_custom_and_export_notes() -> None:
    from citeconv.model import EXPORT_NOTES, Item

    def item() -> Item:
        return Item(id="a", type="book", custom={EXPORT_NOTES: ["Export Date: 1"], "AN": ["x"]})

    assert FieldFilter([EXPORT_NOTES]).apply(item()).custom == {"AN": ["x"]}
    assert FieldFilter(["custom"]).apply(item()).custom == {}
    assert FieldFilter([], ["title", EXPORT_NOTES]).apply(item()).custom == {
        EXPORT_NOTES: ["Export Date: 1"]
    }
    assert FieldFilter([], ["custom"]).apply(item()).custom == item().custom


def test_field_filter_applies_in_jobs_workers(tmp_path: Path) -> None:
    record = "TY  - JOUR\nAU  - Lee, Bo\nTI  - T{}\nPY  - 2021\nAB  - {}\nER  - \n\n"
    path = tmp_path / "big.ris"
    path.write_text("".join(record.format(n, "x" * 900) for n in range(5000)), encoding="utf-8")
    for jobs in ("1", "2"):
        done = run_citeconv("convert", str(path), "--to", "ris", "-q", "-j", jobs, "-x", "abstract")
        assert done.returncode == 0
        assert b"AB  - " not in done.stdout and done.stdout.count(b"TY  - ") == 5000


# ------------------------------------------------------------ the formatting bar


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_bar_moves_and_changes_no_byte(tmp_path: Path, jobs: int) -> None:
    from citeconv.api import read
    from citeconv.diagnostics import Report
    from citeconv.writers import find_writer

    path = tmp_path / "many.ris"
    path.write_text(
        "".join(
            f"TY  - JOUR\nAU  - Smith, A{n % 7}\nTI  - Title {n % 13}\nPY  - {2000 + n % 5}\n"
            "ER  - \n"
            for n in range(800)
        )
    )
    plain = io.StringIO()
    convert([str(path)], plain, "apa", options=WriterOptions(jobs=jobs))

    steps: list[tuple[str, int]] = []

    class Recording(WorkProgress):
        def begin(self, label: str, total: int) -> None:
            steps.append((label, total))
            super().begin(label, total)

        def advance(self, count: int) -> None:
            steps.append(("+", count))
            super().advance(count)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    writer = find_writer("apa")(WriterOptions(jobs=jobs), Report())
    writer.progress = Recording(None, enabled=True, stream=shown, delay=0)
    barred = io.StringIO()
    writer.write(read([str(path)]), barred)
    assert barred.getvalue() == plain.getvalue()
    assert ("formatting", 800) in steps
    advanced = [n for label, n in steps if label == "+"]
    assert len(advanced) > 5 and sum(advanced) >= 800
    assert "formatting" in shown.getvalue()


def test_no_bar_off_a_terminal_or_with_quiet() -> None:
    assert not WorkProgress.for_terminal(None, quiet=True).enabled
    # Under pytest stderr is no terminal.
    assert not WorkProgress.for_terminal(None).enabled


def test_a_plug_in_writer_takes_typed_options_of_its_own() -> None:
    from dataclasses import dataclass
    from typing import ClassVar

    from citeconv.model import Item
    from citeconv.writers.base import Writer

    @dataclass
    class ShoutOptions(WriterOptions):
        exclamations: int = 1

    class ShoutWriter(Writer):
        name: ClassVar[str] = "shout"
        options_class: ClassVar[type[WriterOptions]] = ShoutOptions

        def write(self, items, out):  # type: ignore[no-untyped-def]
            options = self.options
            assert isinstance(options, ShoutOptions)
            for item in items:
                out.write((item.get("title") or "").upper() + "!" * options.exclamations + "\n")
            return 1

    item = Item(id="a", type="book", fields={"title": "Loud"})
    out = io.StringIO()
    ShoutWriter(ShoutOptions(exclamations=3)).write([item], out)
    # From the command line's plain WriterOptions: its values, the plug-in's defaults.
    ShoutWriter(WriterOptions(locale="de-DE")).write([item], out)
    assert out.getvalue() == "LOUD!!!\nLOUD!\n"
    assert ShoutWriter(WriterOptions(locale="de-DE")).options.locale == "de-DE"


def test_the_api_applies_the_field_filters_as_the_command_line_does() -> None:
    out = io.StringIO()
    convert([str(SAMPLE)], out, "csl-json", options=WriterOptions(exclude_fields=("abstract",)))
    [item] = json.loads(out.getvalue())
    assert "abstract" not in item and item["id"] == "tran2021quality"
    out = io.StringIO()
    convert([str(SAMPLE)], out, "csl-json", options=WriterOptions(no_abstract=True))
    assert "abstract" not in json.loads(out.getvalue())[0]


# ------------------------------------------------- from the review of issue 19


def test_review_fixes_on_the_command_line(tmp_path: Path) -> None:
    assert run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "--fields", "").returncode == 2
    links = run_citeconv("convert", str(SAMPLE), "--to", "apa", "--links")
    assert b"warning: --links has no effect on --markup text" in links.stderr
    html = tmp_path / "refs.html"
    assert run_citeconv("convert", str(SAMPLE), "--style", "apa", "-o", str(html)).returncode == 0
    assert html.read_text().startswith('<div class="csl-bib-body">')
    markdown = tmp_path / "refs.md"
    run_citeconv("convert", str(SAMPLE), "--to", "apa", "--links", "-o", str(markdown))
    assert "<https://doi.org/10.46747/cfp.6710759>" in markdown.read_text()
    dry = run_citeconv("dedupe", str(SAMPLE), "--dry-run", "--report", str(tmp_path / "r.tsv"))
    assert b"has no effect" not in dry.stderr
    jabref = tmp_path / "new.bib"
    jabref.write_text("% Encoding: UTF-8\n\n@Comment{jabref-meta: databaseType:bibtex;}\n")
    done = run_citeconv("convert", str(jabref), "--to", "csl-json")
    assert (done.returncode, done.stdout) == (0, b"[]\n")
    import os

    env = {**os.environ, "_CITECONV_COMPLETE": "complete_bash"}
    env.pop("COMP_WORDS", None)
    import subprocess

    from conftest import citeconv_command

    hand = subprocess.run([citeconv_command()], env=env, capture_output=True, check=False)
    assert hand.returncode == 2 and b"Traceback" not in hand.stderr


def test_the_api_takes_an_empty_export() -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".ris") as empty:
        out = io.StringIO()
        report = convert([empty.name], out, "csl-json")
        assert out.getvalue() == "[]\n" and report.warnings == 1


def test_cite_on_the_command_line(tmp_path: Path) -> None:
    """issue 20: one cluster per --key, the usual -o, -q, --strict."""
    done = run_citeconv(
        "cite", str(SAMPLE), "--style", "apa", "--key", "tran2021quality", "-k", "tran2021quality"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"(Tran et al., 2021)\n(Tran et al., 2021)\n"
    clusters = tmp_path / "c.json"
    clusters.write_text(
        json.dumps(
            [
                [{"id": "tran2021quality", "locator": "760", "label": "page"}],
                [{"id": "tran2021quality", "suppress-author": True}],
            ]
        )
    )
    out = tmp_path / "cites.txt"
    quiet = run_citeconv(
        "cite", str(SAMPLE), "--style", "apa", "--citations", str(clusters), "-q", "-o", str(out)
    )
    assert (quiet.returncode, quiet.stderr) == (0, b"")
    assert out.read_text() == "(Tran et al., 2021, p. 760)\n(2021)\n"
    unknown = run_citeconv("cite", str(SAMPLE), "--style", "apa", "--key", "nosuch")
    assert unknown.returncode == 2 and b"no item has the id 'nosuch'" in unknown.stderr
    assert run_citeconv("cite", str(SAMPLE), "--key", "x").returncode == 2  # no style
