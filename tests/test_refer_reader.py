"""The EndNote tagged / refer reader: records by blank lines, the last %0, types
from fields without %0, continuation lines, keywords, dates, real exports."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from citeconv.diagnostics import InputError, Report
from citeconv.readers import choose_reader
from citeconv.readers.refer import read_refer

from conftest import ROOT, run_citeconv

FORMATS = ROOT.parent / "shared" / "corpus-formats" / "endnote-refer"

RECORD = (
    "%0 Journal Article\n"
    "%T The evolving relationship between general and specific computer\n"
    "self-efficacy\n"
    "%A Agarwal, Ritu\n"
    "%A Sambamurthy, Vallabh\n"
    "%J Information systems research\n"
    "%V 11\n"
    "%N 4\n"
    "%P 418-430\n"
    "%@ 1047-7047\n"
    "%D 2000\n"
    "%8 December\n"
    "%R https://doi.org/10.1287/isre.11.4.418.11876\n"
    "%K self-efficacy\n"
    "%K computers; training\n"
    "%[ 25/7/2023\n"
    "%~ Google Scholar\n"
)


def read(text: str, report: Report | None = None) -> list[dict[str, Any]]:
    return [i.to_csl() for i in read_refer(io.BytesIO(text.encode()), "s.enw", report or Report())]


def test_a_record_maps_to_csl() -> None:
    [item] = read(RECORD)
    assert item["type"] == "article-journal"
    assert item["title"] == (
        "The evolving relationship between general and specific computer self-efficacy"
    )
    assert [a["family"] for a in item["author"]] == ["Agarwal", "Sambamurthy"]
    assert (item["volume"], item["issue"], item["page"]) == ("11", "4", "418-430")
    assert item["ISSN"] == "1047-7047" and item["DOI"] == "10.1287/isre.11.4.418.11876"
    assert item["issued"] == {"date-parts": [[2000, 12]]}
    assert item["accessed"] == {"date-parts": [[2023, 7, 25]]}
    assert item["keyword"] == "self-efficacy, computers, training"
    assert item["custom"]["%~"] == ["Google Scholar"]


def test_google_scholar_double_blank_lines_and_no_final_newline() -> None:
    items = read(RECORD + "\n\n" + RECORD.replace("Agarwal", "Other").rstrip("\n"))
    assert [i["author"][0]["family"] for i in items] == ["Agarwal", "Other"]


def test_the_last_type_wins_and_fields_type_a_record_without_one() -> None:
    [audio] = read("%0 Serial\n%0 Audio\n%T Podcast\n%I Studio\n")
    [book] = read("%T Corn\n%A Newman, W. H.\n%I Station\n%D 1891\n%P 173 s.\n")
    assert audio["type"] == "song"
    assert (book["type"], book["number-of-pages"]) == ("book", "173 s.")


def test_an_id_that_is_not_a_doi_is_kept_but_not_as_doi() -> None:
    [item] = read("%0 Book\n%T T\n%R oai:nb.bibsys.no:998320569524702202\n")
    assert "DOI" not in item and item["custom"]["%R"] == ["oai:nb.bibsys.no:998320569524702202"]


def test_an_ambiguous_access_date_is_kept_raw_with_a_warning() -> None:
    report = Report()
    [item] = read("%0 Web Page\n%T T\n%[ 5/7/2023\n", report)
    assert item["accessed"] == {"raw": "5/7/2023"}
    assert report.warnings == 1 and report.diagnostics[0].line == 3


def test_no_record_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not EndNote tagged"):
        read("\n\n")


def test_content_chooses_this_reader(tmp_path: Path) -> None:
    assert choose_reader(RECORD.encode())[0].name == "endnote"
    assert choose_reader(b"TY  - JOUR\nN1  - 50% of %A x\nER  - \n")[0].name == "ris"
    path = tmp_path / "scholar.enw"
    path.write_text(RECORD)
    done = run_citeconv("convert", str(path), "--to", "csl-json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["container-title"] == "Information systems research"


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("001-jabref-endnote-entries.enw", 5),  # as JabRef: a %0 after fields starts one
        ("002-jabref-endnote-book-example.enw", 1),
        ("003-zotero-refer-tc0-cnki-chinese.txt", 1),
        ("004-zotero-refer-tc1-bibsys.txt", 1),
        ("005-zotero-refer-tc2-no-type-line.txt", 1),
        ("006-zotero-refer-tc3-two-type-lines.txt", 1),
        ("007-citationjs-enw-hal.enw", 1),
        ("008-citationjs-enw-pericles.enw", 1),
        ("009-citationjs-enw-oup-mnras.enw", 1),
        ("010-srl-extractor-google-scholar-citations.enw", 338),
    ],
)
def test_real_exports_read_every_record(name: str, records: int) -> None:
    path = FORMATS / name
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    items = read(path.read_text("utf-8-sig"))
    assert len(items) == records
    if not name.startswith("001"):  # JabRef's synthetic field-coverage records
        assert all(i.get("title") for i in items)


@pytest.mark.parametrize("stem", ["008-citationjs-enw-pericles", "009-citationjs-enw-oup-mnras"])
def test_citation_js_expectations(stem: str) -> None:
    path = FORMATS / f"{stem}.expected.csl.json"
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    theirs = json.loads(path.read_text("utf-8"))
    theirs = theirs[0] if isinstance(theirs, list) else theirs
    [ours] = read((FORMATS / f"{stem}.enw").read_text("utf-8-sig"))
    # On purpose: the DOI without its resolver; a D/M or M/D access date kept raw.
    theirs["DOI"] = theirs["DOI"].removeprefix("https://doi.org/")
    theirs.pop("accessed", None), ours.pop("accessed", None)
    for key in set(theirs) - {"id", "_graph", "custom"}:
        assert ours.get(key) == theirs[key], key
