"""Every file of ``../shared/corpus-formats`` (real exports in the formats other
than RIS), read as a user would, with ``--from auto``: the reader chosen is the
file's format, exactly the records INDEX.tsv counts are read, each has a title,
and no error is reported. Skipped when the shared corpus is not here."""

from __future__ import annotations

import io

import pytest

from citeconv.diagnostics import Report
from citeconv.readers import ReadOptions, choose_reader, read_stream

from conftest import ROOT

FORMATS = ROOT.parent / "shared" / "corpus-formats"

#: INDEX.tsv's format → the reader that must be chosen (Ovid files sit among
#: MEDLINE's, their names say "ovid").
READERS = {
    "pubmed-medline": "medline",
    "wos-tagged": "wos",
    "wos-tabdelimited": "wos-tab",
    "endnote-xml": "endnote-xml",
    "endnote-refer": "endnote",
    "bibtex": "bibtex",
    "csl-json": "csl-json",
    "csl-yaml": "csl-yaml",
    "scopus-csv": "scopus-csv",
}
#: Records without a title in the source itself: file → how many.
UNTITLED = {
    # JabRef's deliberately broken MEDLINE records: 2 of 7 have a TI line.
    "pubmed-medline/009-jabref-medlineplain-multiple-entries.txt": 5,
    # JabRef's refer type test: only the first record has %T.
    "endnote-refer/001-jabref-endnote-entries.enw": 4,
    # pandoc's test item has no title.
    "csl-json/005-pandoc-7668-bibtex-to-csljson.json": 1,
}


def _rows() -> list[tuple[str, str, int]]:
    index = FORMATS / "INDEX.tsv"
    if not index.exists():
        return []
    lines = index.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = dict(zip(header, line.split("\t"), strict=False))
        rows.append((cells["file"], cells["format"], int(cells["records"])))
    return rows


ROWS = _rows()


def test_the_corpus_lists_every_format() -> None:
    if not ROWS:
        pytest.skip("the shared corpus of other formats is not here")
    assert {fmt for _, fmt, _ in ROWS} == set(READERS)
    assert len(ROWS) == 72


@pytest.mark.parametrize(("file", "fmt", "records"), ROWS or [("-", "-", 0)])
def test_each_export_is_read_whole_by_the_reader_of_its_format(
    file: str, fmt: str, records: int
) -> None:
    if not ROWS:
        pytest.skip("the shared corpus of other formats is not here")
    path = FORMATS / file
    data = path.read_bytes()
    expected = "ovid" if "-ovid-" in file else READERS[fmt]
    assert choose_reader(data[:4096], path.name)[0].name == expected
    report = Report()
    items = list(read_stream(io.BytesIO(data), file, report, ReadOptions()))
    assert len(items) == records
    assert report.errors == 0, [d.message for d in report.diagnostics]
    untitled = [i.id for i in items if not i.fields.get("title")]
    assert len(untitled) == UNTITLED.get(file, 0), untitled
