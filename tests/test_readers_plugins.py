"""Readers are plug-ins: the built-in ones and a third-party one are listed, chosen
by ``--from`` and by content, and a tie in content is broken by the suffix, with a
note saying so."""

from __future__ import annotations

import io
import json
import os
import textwrap
from pathlib import Path

import pytest

from citeconv.diagnostics import Report, UsageError
from citeconv.readers import ReadOptions, available_readers, choose_reader, find_reader, read_stream
from citeconv.readers.base import Reader

from conftest import SAMPLE, run_citeconv

LINES_READER = """
from citeconv.model import Item
from citeconv.readers.base import Reader


class LinesReader(Reader):
    name = "lines"
    aliases = ("titles-in",)
    suffixes = (".lines", ".ris")
    description = "one title per line"

    @classmethod
    def detect(cls, head, text):
        return 10 if text.startswith("TITLES\\n") else 0

    def read(self, stream, name, report, options, first_index=1):
        for n, line in enumerate(stream.read().decode().splitlines()[1:], start=first_index):
            if line.strip():
                yield Item(id=f"item{n}", type="book", fields={"title": line.strip()})
"""


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "lines_reader.py").write_text(textwrap.dedent(LINES_READER))
    dist = tmp_path / "lines_reader-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lines-reader\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[citeconv.readers]\nlines = lines_reader:LinesReader\n")
    return {"PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_builtin_readers_are_listed() -> None:
    done = run_citeconv("readers")
    assert done.returncode == 0
    names = [line.split()[0] for line in done.stdout.decode().splitlines()[1:]]
    builtin = ["bibtex", "csl-json", "csl-yaml", "endnote", "endnote-xml", "medline", "ovid"]
    builtin += ["ris", "scopus-csv", "wos", "wos-tab"]
    assert names == builtin  # built-in first, by name
    assert [cls.name for cls in available_readers()] == builtin


def test_names_and_aliases_find_a_reader() -> None:
    assert find_reader("PubMed").name == "medline"
    assert find_reader("json").name == "csl-json"
    unknown = r"unknown input format 'bibtx'; did you mean bibtex\? \(formats: auto, bibtex,"
    with pytest.raises(UsageError, match=unknown):
        find_reader("bibtx")
    done = run_citeconv("convert", str(SAMPLE), "--from", "bibtx", "--to", "bibtex")
    assert done.returncode == 2 and b"unknown input format 'bibtx'" in done.stderr


def test_content_decides_before_the_suffix(tmp_path: Path) -> None:
    assert choose_reader(b'[{"id": "a"}]', "refs.ris") == (find_reader("csl-json"), None)
    assert choose_reader(b"PMID- 1\nTI  - T\n", "refs.ris")[0].name == "medline"
    assert choose_reader(b"TY  - JOUR\nER  - \n", "refs.json")[0].name == "ris"


def test_a_third_party_reader_is_listed_forced_and_chosen(
    tmp_path: Path, plugin_env: dict[str, str]
) -> None:
    listing = run_citeconv("readers", env=plugin_env)
    assert any(
        line.split()[:2] == ["lines", "titles-in"] for line in listing.stdout.decode().splitlines()
    )
    source = tmp_path / "books.lines"
    source.write_text("TITLES\nFirst book\nSecond book\n")
    forced = run_citeconv(
        "convert", str(source), "--from", "titles-in", "--to", "csl-json", env=plugin_env
    )
    assert forced.returncode == 0, forced.stderr
    assert [i["title"] for i in json.loads(forced.stdout)] == ["First book", "Second book"]
    # Its content test ties with RIS's fallback score: the suffix decides, and a note says so.
    chosen = run_citeconv("convert", str(source), "--to", "csl-json", env=plugin_env)
    assert chosen.returncode == 0, chosen.stderr
    assert len(json.loads(chosen.stdout)) == 2
    assert (
        b"note: read as lines (the content could also be ris; chose its suffix .lines"
        in chosen.stderr
    )
    # The RIS sample is still RIS (the plug-in's test says 0 for it).
    sample = run_citeconv("convert", str(SAMPLE), "--to", "csl-json", "-q", env=plugin_env)
    assert json.loads(sample.stdout)[0]["type"] == "article-journal"


def test_a_tie_without_a_matching_suffix_takes_the_first_and_says_so() -> None:
    class Other(Reader):
        name = "other"

        @classmethod
        def detect(cls, head: bytes, text: str) -> int:
            return 10

    import citeconv.readers as readers

    saved = readers._LOADED
    readers._LOADED = [*available_readers(), Other]
    try:
        chosen, note = choose_reader(b"TY  - JOUR\n", "x.dat")
    finally:
        readers._LOADED = saved
    assert chosen.name == "ris"
    assert note == (
        "read as ris (the content could also be other; chose the first of them; "
        "use --from to choose)"
    )


def test_read_stream_gives_no_note_when_the_content_is_clear() -> None:
    report = Report()
    items = list(read_stream(io.BytesIO(SAMPLE.read_bytes()), "in.ris", report, ReadOptions()))
    assert len(items) == 1 and report.diagnostics == []
