"""The CSL-YAML reader (pandoc's references: metadata, Better BibTeX's .csl.yml),
and pandoc's reading of BibLaTeX as a check on the BibTeX reader."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from citeconv.diagnostics import InputError, Report
from citeconv.readers import choose_reader
from citeconv.readers.bibtex import read_bibtex
from citeconv.readers.csl_yaml import read_csl_yaml

from conftest import ROOT, run_citeconv

FORMATS = ROOT.parent / "shared" / "corpus-formats"

PANDOC = """---
nocite: "[@*]"
references:
- id: article-req
  type: article-journal
  author:
  - family: Author
    given: Ann
  issued: 2013-07-29
  title: An article
  volume: 12
  doi: 10.1086/520976
- id: '062'
  type: book
  title: "Ranges: a book"
  issued: 2019-05/2020
  accessed:
  - year: 2020
    season: 1
---

Some markdown after the block, which is not YAML: [@article-req].
"""


def read(text: str, report: Report | None = None) -> list[dict[str, Any]]:
    return [
        i.to_csl() for i in read_csl_yaml(io.BytesIO(text.encode()), "r.yaml", report or Report())
    ]


def test_pandoc_metadata_block() -> None:
    first, second = read(PANDOC)
    assert first["id"] == "article-req"
    assert first["issued"] == {"date-parts": [[2013, 7, 29]]}  # YAML read it as a date
    assert first["volume"] == "12" and first["DOI"] == "10.1086/520976"
    assert second["id"] == "062"
    assert second["issued"] == {"date-parts": [[2019, 5], [2020]]}
    assert second["accessed"] == {"date-parts": [[2020]], "season": 1}


def test_anchors_and_aliases_are_refused() -> None:
    bomb = "references:\n- &a {id: x, title: t}\n- *a\n"
    with pytest.raises(InputError, match="anchors and aliases"):
        read(bomb)


def test_bad_yaml_is_an_input_error_with_its_line() -> None:
    with pytest.raises(InputError, match="not valid YAML") as caught:
        read("references:\n- id: a\n  title: [unclosed\n")
    assert caught.value.line is not None


def test_no_references_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no 'references:'"):
        read("title: A paper\nauthor: Me\n")


def test_content_chooses_this_reader(tmp_path: Path) -> None:
    assert choose_reader(PANDOC.encode())[0].name == "csl-yaml"
    path = tmp_path / "paper.md"
    path.write_text(PANDOC)
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b"@") == 2


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("csl-yaml/001-bbt-pandoc-schomd.csl.yml", 4),
        ("csl-yaml/002-bbt-original-date-922.csl.yml", 1),
        ("csl-yaml/003-bbt-season-ranges-860.csl.yml", 6),
        ("csl-yaml/004-bbt-year-ranges-3482.csl.yml", 1),
        ("csl-yaml/005-pandoc-biblatex-article.yaml", 2),
    ],
)
def test_real_files_read_every_item(name: str, records: int) -> None:
    path = FORMATS / name
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    report = Report()
    items = read(path.read_text("utf-8"), report)
    assert len(items) == records and report.warnings == 0


def test_the_bibtex_reader_reads_biblatex_as_pandoc_does() -> None:
    """pandoc's own reading of its BibLaTeX test (as CSL-YAML) against ours. On
    purpose: pandoc puts English titles in sentence case (CSL's expectation for
    its own input); citeconv keeps them as written, as Zotero and Better BibTeX
    do; citeconv keeps the fields CSL has no name for in custom."""
    bib = FORMATS / "bibtex" / "009-pandoc-biblatex-article.bib"
    if not bib.exists():
        pytest.skip("the shared corpus of other formats is not here")
    theirs = read((FORMATS / "bibtex" / "009-pandoc-biblatex-article.expected.yaml").read_text())
    ours = [i.to_csl() for i in read_bibtex(io.BytesIO(bib.read_bytes()), "x.bib", Report())]
    for mine, pandoc in zip(ours, theirs, strict=True):
        mine.pop("custom", None)
        for key in ("title", "title-short"):
            if key in pandoc:
                assert mine.pop(key).lower() == pandoc.pop(key).lower()
        assert mine == pandoc
    assert json.dumps(ours)  # plain data
