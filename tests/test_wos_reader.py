"""The Web of Science tagged reader: header and records, list fields against
wrapped text, AF over AU, pages and dates, patents, Zotero's own import
expectations and the real exports of the shared corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.diagnostics import InputError, Report
from citeconv.readers import choose_reader
from citeconv.readers.wos import read_wos

from conftest import ROOT, run_citeconv

FORMATS = ROOT.parent / "shared" / "corpus-formats" / "wos-tagged"

RECORD = (
    "\ufeffFN Clarivate Analytics Web of Science\n"
    "VR 1.0\n"
    "PT J\n"
    "AU Zelle, RM\n"
    "   van Maris, AJA\n"
    "AF Zelle, Rintze M.\n"
    "   van Maris, Antonius J. A.\n"
    "TI Anaplerotic Role for Cytosolic Malic Enzyme in Engineered Saccharomyces\n"
    "   cerevisiae Strains\n"
    "SO APPLIED AND ENVIRONMENTAL MICROBIOLOGY\n"
    "DE malic enzyme; anaplerosis;\n"
    "   yeast\n"
    "PU AMER SOC MICROBIOLOGY\n"
    "PI WASHINGTON\n"
    "SN 0099-2240\n"
    "EI 1098-5336\n"
    "J9 APPL ENVIRON MICROB\n"
    "JI Appl. Environ. Microbiol.\n"
    "PD FEB\n"
    "PY 2011\n"
    "VL 77\n"
    "IS 3\n"
    "BP 732\n"
    "EP 738\n"
    "DI 10.1128/AEM.02132-10\n"
    "UT WOS:000286597100004\n"
    "ER\n"
    "\n"
    "EF"
)


def read(text: str, report: Report | None = None) -> list[dict[str, Any]]:
    items = read_wos(io.BytesIO(text.encode("utf-8")), "savedrecs.txt", report or Report())
    return [item.to_csl() for item in items]


def test_a_record_maps_to_csl() -> None:
    [item] = read(RECORD)
    assert item["type"] == "article-journal"
    assert item["title"] == (
        "Anaplerotic Role for Cytosolic Malic Enzyme in Engineered Saccharomyces cerevisiae Strains"
    )
    assert [(a.get("non-dropping-particle"), a["family"], a["given"]) for a in item["author"]] == [
        (None, "Zelle", "Rintze M."),
        ("van", "Maris", "Antonius J. A."),
    ]
    assert item["keyword"] == "malic enzyme, anaplerosis, yeast"
    assert item["page"] == "732-738"
    assert item["issued"] == {"date-parts": [[2011, 2]]}
    assert item["ISSN"] == "0099-2240 1098-5336"
    assert item["container-title"] == "APPLIED AND ENVIRONMENTAL MICROBIOLOGY"
    assert item["container-title-short"] == "Appl. Environ. Microbiol."
    assert (item["publisher"], item["publisher-place"]) == ("Amer Soc Microbiology", "Washington")
    assert item["custom"]["UT"] == ["WOS:000286597100004"]


def test_short_names_stand_in_and_an_article_number_is_the_page() -> None:
    [item] = read("PT J\nAU Doe, J\nTI T\nAR 104523\nPY 2020\nER\n")
    assert item["author"] == [{"family": "Doe", "given": "J."}]
    assert (item["page"], item["number"]) == ("104523", "104523")


def test_missing_er_and_ef_and_no_final_newline_are_recovered_with_warnings() -> None:
    report = Report()
    items = read("PT J\nTI One\nPT J\nTI Two", report)
    assert [i["title"] for i in items] == ["One", "Two"]
    assert [(d.file, d.line) for d in report.diagnostics] == [
        ("savedrecs.txt", 3),
        ("savedrecs.txt", 3),
    ]


def test_a_patent() -> None:
    [item] = read(
        "PT P\nAU Solar, Matthew S.\nTI Catheter\nPN US 07967789\nAE Medtronic Inc\n"
        "PC USA\nPY 2011\nER\n"
    )
    assert item["type"] == "patent"
    assert (item["number"], item["publisher"], item["jurisdiction"]) == (
        "US 07967789",
        "Medtronic Inc",
        "USA",
    )


def test_early_access_dates_an_article_without_a_year() -> None:
    [item] = read("PT J\nTI T\nEA MAR 2021\nER\n")
    assert item["issued"] == item["available-date"] == {"date-parts": [[2021, 3]]}


def test_no_record_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not Web of Science"):
        read("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n")


def test_content_chooses_this_reader_and_ris_still_its_own() -> None:
    assert choose_reader(RECORD.encode())[0].name == "wos"
    assert choose_reader(b"PT J\nAU Doe, J\nTI T\nER\n")[0].name == "wos"
    assert choose_reader(b"TY  - JOUR\nPT  - J\nER  - \n")[0].name == "ris"


def test_the_command_reads_it_by_content(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    path.write_text(RECORD, encoding="utf-8")
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    assert done.returncode == 0, done.stderr
    assert b"@article{zelle2011anaplerotic," in done.stdout


_VALUE = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["TI", "AU", "AF", "SO", "AB", "DE", "XX"]),
                st.lists(_VALUE, min_size=1, max_size=3),
            ),
            min_size=1,
            max_size=6,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_records_read_one_item_each(records: list[list[tuple[str, list[str]]]]) -> None:
    lines = []
    for fields in records:
        lines.append("PT J")
        for tag, values in fields:
            lines.append(f"{tag} {values[0]}")
            lines.extend(f"   {v}" for v in values[1:])
        lines.append("ER")
    items = read("\n".join(lines) + "\n")
    assert len(items) == len(records)


# ---------------------------------------------------------------- real exports


_ZOTERO_TYPES = {
    "journalArticle": "article-journal",
    "bookSection": "chapter",
    "patent": "patent",
    "conferencePaper": "paper-conference",
}
#: Where citeconv reads a record otherwise than Zotero, on purpose: a chapter's DOI
#: and its series abbreviation are kept (Zotero's book section drops them).
DISAGREEMENTS = {("002-zotero-wos-tc3-book-series", 0, "DOI")}


@pytest.mark.parametrize(
    "stem",
    [
        "001-zotero-wos-tc0-five-records-bom",
        "002-zotero-wos-tc3-book-series",
        "003-zotero-wos-tc4-biosis-patent",
        "004-zotero-wos-tc8-clarivate-conference",
    ],
)
def test_zotero_import_expectations(stem: str) -> None:
    expected_path = FORMATS / f"{stem}.expected.json"
    if not expected_path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    expected = json.loads(expected_path.read_text("utf-8"))
    ours = read((FORMATS / f"{stem}.txt").read_text("utf-8"))
    assert len(ours) == len(expected)
    for n, (theirs, mine) in enumerate(zip(expected, ours, strict=True)):
        people = [c for c in theirs["creators"] if c["creatorType"] in ("author", "inventor")]

        def name(c: dict[str, Any]) -> str:
            return " ".join(p for p in (c.get("non-dropping-particle"), c.get("family")) if p)

        compared = {
            "type": (_ZOTERO_TYPES[theirs["itemType"]], mine["type"]),
            "title": (theirs.get("title"), mine.get("title")),
            "pages": (theirs.get("pages"), mine.get("page")),
            "volume": (theirs.get("volume"), mine.get("volume")),
            "issue": (theirs.get("issue"), mine.get("issue")),
            "DOI": (theirs.get("DOI"), mine.get("DOI")),
            "place": (theirs.get("place"), mine.get("publisher-place")),
            "authors": (
                [(c["lastName"], c["firstName"]) for c in people],
                [(name(a), a["given"]) for a in mine.get("author", [])],
            ),
        }
        if theirs["itemType"] != "patent":
            compared["publisher"] = (theirs.get("publisher"), mine.get("publisher"))
        else:
            compared["assignee"] = (theirs.get("assignee"), mine.get("publisher"))
            compared["number"] = (theirs.get("patentNumber"), mine.get("number"))
        for field, (want, got) in compared.items():
            if (stem, n, field) in DISAGREEMENTS:
                assert want != got
                continue
            assert (want or None) == (got or None), (n, field)


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("005-jabref-isi-test1.isi", 1),
        ("006-jabref-isi-wos.isi", 2),
        ("007-jabref-isi-inspec.isi", 2),
        ("008-metaknowledge-testfile.isi", 34),
        ("009-metaknowledge-onepaper.isi", 1),
        ("010-tethne-wos.txt", 10),
        ("011-tethne-valentin-crlf.txt", 2),
        ("012-pitcherplant-wos-savedrecs.txt", 117),
        ("013-wostools-single-article.txt", 1),
    ],
)
def test_real_exports_read_every_record(name: str, records: int) -> None:
    path = FORMATS / name
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    items = read(path.read_bytes().decode("utf-8-sig"))
    assert len(items) == records
    assert all(item.get("title") and item.get("author") and item.get("issued") for item in items)
