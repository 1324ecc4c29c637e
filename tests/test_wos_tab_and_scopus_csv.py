"""The Web of Science tab-delimited and Scopus CSV readers: columns found by the
header, list cells split, quoted cells with commas and newlines, the same Item as
the plain-text WoS reader for the same record, and the choice of reader."""

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
from citeconv.readers.scopus_csv import read_scopus_csv
from citeconv.readers.wos import read_wos
from citeconv.readers.wos_tab import read_wos_tab

from conftest import ROOT, run_citeconv

FORMATS = Path(ROOT.parent / "shared" / "corpus-formats")

HEADER = "\t".join(
    [
        "PT",
        "AU",
        "AF",
        "TI",
        "SO",
        "LA",
        "DT",
        "DE",
        "ID",
        "AB",
        "C1",
        "CR",
        "PU",
        "PI",
        "SN",
        "EI",
        "J9",
        "JI",
        "PD",
        "PY",
        "VL",
        "IS",
        "BP",
        "EP",
        "AR",
        "DI",
        "UT",
    ]
)
ROW = (
    "J\tPiersanti, S; Orlandi, A\tPiersanti, Stefano; Orlandi, Antonio\t"
    "Genetic Algorithm Optimization\tIEEE TRANSACTIONS ON EMC\tEnglish\tArticle\t"
    "neural network; genetic algorithms\tDESIGN\tAn abstract.\t"
    "[Piersanti, S; Orlandi, A] Univ Aquila, Italy.\tAdams B, 2001, NATURE, V1, P2; Bo C, 2002, X\t"
    "IEEE-INST ELECTRICAL ELECTRONICS ENGINEERS INC\tPISCATAWAY\t0018-9375\t1558-187X\t"
    "IEEE T ELECTROMAGN C\tIEEE Trans. Electromagn. Compat.\tAUG\t2018\t60\t4\t1014\t1017\t\t"
    "10.1109/TEMC.2017.2764623\tWOS:000439951800015"
)
#: The same record as WoS's plain text writes it.
PLAIN = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Piersanti, S
   Orlandi, A
AF Piersanti, Stefano
   Orlandi, Antonio
TI Genetic Algorithm Optimization
SO IEEE TRANSACTIONS ON EMC
LA English
DT Article
DE neural network; genetic algorithms
ID DESIGN
AB An abstract.
C1 [Piersanti, S; Orlandi, A] Univ Aquila, Italy.
CR Adams B, 2001, NATURE, V1, P2
   Bo C, 2002, X
PU IEEE-INST ELECTRICAL ELECTRONICS ENGINEERS INC
PI PISCATAWAY
SN 0018-9375
EI 1558-187X
J9 IEEE T ELECTROMAGN C
JI IEEE Trans. Electromagn. Compat.
PD AUG
PY 2018
VL 60
IS 4
BP 1014
EP 1017
DI 10.1109/TEMC.2017.2764623
UT WOS:000439951800015
ER

EF
"""


def tab(text: str, report: Report | None = None) -> list[dict[str, Any]]:
    items = read_wos_tab(io.BytesIO(text.encode("utf-8")), "savedrecs.txt", report or Report())
    return [item.to_csl() for item in items]


def test_a_tab_delimited_record_is_the_plain_text_record() -> None:
    [ours] = tab(f"\ufeff{HEADER}\n{ROW}\n")
    [plain] = [i.to_csl() for i in read_wos(io.BytesIO(PLAIN.encode()), "p.txt", Report())]
    ours.pop("id"), plain.pop("id")
    assert ours == plain
    assert [a["family"] for a in ours["author"]] == ["Piersanti", "Orlandi"]
    assert ours["page"] == "1014-1017" and ours["DOI"] == "10.1109/TEMC.2017.2764623"
    assert ours["publisher"] == "IEEE-Inst Electrical Electronics Engineers Inc"
    assert ours["custom"]["CR"] == ["Adams B, 2001, NATURE, V1, P2", "Bo C, 2002, X"]
    assert ours["custom"]["C1"] == ["[Piersanti, S; Orlandi, A] Univ Aquila, Italy."]


def test_extra_cells_are_kept_with_a_warning_and_short_rows_read() -> None:
    report = Report()
    [item, short] = tab(f"{HEADER}\n{ROW}\tstray\nJ\tDoe, J\n", report)
    assert item["custom"]["EXTRA"] == ["stray"]
    assert [(d.line, d.message.split(";")[-1].strip()) for d in report.diagnostics] == [
        (2, "the last 1 kept as EXTRA"),
        (3, "read as is"),
    ]
    assert short["author"] == [{"family": "Doe", "given": "J."}]


def test_a_line_break_inside_a_cell_joins_the_two_lines() -> None:
    """An abstract with a line break in it split the record in two, the second with
    its values in the wrong columns (found by an adversarial review)."""
    report = Report()
    broken = ROW.replace("An abstract.", "An abstract\nwith a second line.")
    [item] = tab(f"{HEADER}\n{broken}\n", report)
    assert item["abstract"] == "An abstract with a second line."
    assert item["DOI"] == "10.1109/TEMC.2017.2764623"
    assert [d.line for d in report.diagnostics] == [3]


def test_a_file_without_the_header_is_refused_with_its_line() -> None:
    with pytest.raises(InputError, match="header") as raised:
        tab("J\tDoe, J\tT\n")
    assert raised.value.line == 1
    with pytest.raises(InputError, match="no records"):
        tab(HEADER + "\n\n")


def test_utf16_tab_delimited_with_bom_reads() -> None:
    """WoS's older "Tab-delimited (Win)" export is UTF-16LE."""
    data = f"\ufeff{HEADER}\r\n{ROW}\r\n".encode("utf-16-le")
    items = list(read_wos_tab(io.BytesIO(data), "s.txt", Report()))
    assert items[0].fields["title"] == "Genetic Algorithm Optimization"
    assert choose_reader(data, "savedrecs.txt")[0].name == "wos-tab"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(
                alphabet=st.characters(
                    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
                ),
                max_size=20,
            ),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=10,
    )
)
def test_any_rows_read_one_item_each_with_their_titles(rows: list[list[str]]) -> None:
    lines = ["PT\tAU\tTI\tSO"]
    for n, (author, title, source) in enumerate(rows):
        lines.append("\t".join(["J", author, f"T{n} {title}", source]))
    items = tab("\n".join(lines) + "\n")
    assert [i["title"] for i in items] == [f"T{n} {r[1]}".strip() for n, r in enumerate(rows)]


# ---------------------------------------------------------------- Scopus CSV

SCOPUS = (
    '\ufeff"Authors","Author full names","Author(s) ID","Title","Year","Source title",'
    '"Volume","Issue","Art. No.","Page start","Page end","Cited by","DOI","Link",'
    '"Abstract","Author Keywords","Index Keywords","ISSN","PubMed ID",'
    '"Language of Original Document","Abbreviated Source Title","Document Type","EID"\n'
    '"Liu F.; Van Der Berg J.-P.","Liu, Fengyuan (60410297700); Van Der Berg, Jean-Pierre (1)",'
    '"60410297700; 1","A title, with a comma and ""quotes""","2026","Digital Health","12","",'
    '"e46688","","","0","10.1177/20552076261415846","https://www.scopus.com/x",'
    '"Line one.\nLine two.","AI; bibliometrics","","20552076","41431061","English",'
    '"Digit. Health","Conference Paper","2-s2.0-105030721984"\n'
)


def scopus(text: str, report: Report | None = None) -> list[dict[str, Any]]:
    items = read_scopus_csv(io.BytesIO(text.encode("utf-8")), "scopus.csv", report or Report())
    return [item.to_csl() for item in items]


def test_a_scopus_row_maps_to_csl() -> None:
    [item] = scopus(SCOPUS)
    assert item["title"] == 'A title, with a comma and "quotes"'
    assert item["type"] == "paper-conference"
    # Full names over "Liu F."; a capitalised "Van Der" stays part of the family
    # name (as parse_name reads "Family, Given").
    assert item["author"] == [
        {"family": "Liu", "given": "Fengyuan"},
        {"family": "Van Der Berg", "given": "Jean-Pierre"},
    ]
    assert item["abstract"] == "Line one.\nLine two."
    assert item["ISSN"] == "2055-2076" and item["PMID"] == "41431061"
    assert item["page"] == "e46688" and item["number"] == "e46688"
    assert item["issued"] == {"date-parts": [[2026]]}
    assert item["keyword"] == "AI, bibliometrics"
    assert item["custom"]["EID"] == ["2-s2.0-105030721984"]
    assert "Year" not in item["custom"] and "Authors" not in item["custom"]


def test_the_older_export_and_its_comma_separated_authors() -> None:
    text = (
        "Authors,Title,Year,Source title,Page start,Page end,Document Type,Source,EID\n"
        '"Pan, Y., Yu, C., Seiler, J.R.",A title,2015,"Ecological Indicators",184,191,'
        "Article,Scopus,2-s2.0-1\n"
    )
    [item] = scopus(text)
    assert [(a["family"], a["given"]) for a in item["author"]] == [
        ("Pan", "Y."),
        ("Yu", "C."),
        ("Seiler", "J.R."),
    ]
    assert item["page"] == "184-191" and item["source"] == "Scopus"


def test_a_row_of_the_wrong_length_is_read_with_a_warning() -> None:
    report = Report()
    text = 'Title,Authors,Source title\nOne,"Doe J.",J\nTwo,"Roe R.",J,extra\n'
    items = scopus(text, report)
    assert [i["title"] for i in items] == ["One", "Two"]
    assert items[1]["custom"]["EXTRA1"] == ["extra"]
    assert [d.line for d in report.diagnostics] == [3]


def test_a_csv_that_is_not_scopus_is_refused() -> None:
    with pytest.raises(InputError, match="not a Scopus CSV"):
        scopus("name,age\nx,1\n")


def test_auto_chooses_the_readers_by_content(tmp_path: Path) -> None:
    assert choose_reader(SCOPUS.encode(), "export.csv")[0].name == "scopus-csv"
    assert choose_reader(f"{HEADER}\n{ROW}\n".encode(), "savedrecs.txt")[0].name == "wos-tab"
    path = tmp_path / "scopus.csv"
    path.write_text(SCOPUS, "utf-8")
    done = run_citeconv("convert", str(path), "--to", "csl-json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["DOI"] == "10.1177/20552076261415846"


@pytest.mark.parametrize(
    ("path", "records"),
    [
        ("wos-tabdelimited/001-sciencescape-savedrecs.txt", 1),
        ("wos-tabdelimited/002-sciencescape-input-parser.txt", 2),
        ("scopus-csv/001-bibliometrix-scopus-sample.csv", 8),
        ("scopus-csv/002-tethne-scopus.csv", 20),
    ],
)
def test_real_exports_read_every_record(path: str, records: int) -> None:
    file = FORMATS / path
    if not file.exists():
        pytest.skip("the shared corpus of other formats is not here")
    done = run_citeconv("convert", str(file), "--to", "csl-json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == records
    assert all(i.get("title") and i.get("author") and i.get("issued") for i in items)
    assert all(i.get("DOI") for i in items) or path.startswith("scopus-csv/002")


# ------------------------------------------- from the adversarial review


def test_scopus_authors_are_read_in_linear_time() -> None:
    """ "Smith A.A.A.…x" took 27 s (a nested pattern backtracked exponentially)."""
    import time

    text = 'Authors,Title,Source title\n"Smith ' + "A." * 5000 + 'x",T,J\n'
    start = time.process_time()
    [item] = scopus(text)
    assert time.process_time() - start < 1.0
    assert item["title"] == "T"


def test_a_repeated_scopus_column_is_read_not_overwritten() -> None:
    report = Report()
    text = 'Title,Authors,Source title,Author Keywords,Author Keywords\nT,"Doe J.",J,"a; b",c\n'
    [item] = scopus(text, report)
    assert item["keyword"] == "a, b, c"
    assert [d.message for d in report.diagnostics] == [
        "column 'Author Keywords' given twice; both read"
    ]


def test_scopus_older_authors_with_a_suffix_and_comma_separated_editors() -> None:
    text = (
        "Authors,Title,Source title,Editors\n"
        '"Smith Jr., J.A., Doe, B.",T,J,"Barolli L., Takizawa M., Xhafa F."\n'
    )
    [item] = scopus(text)
    assert [a["family"] for a in item["author"]] == ["Smith Jr.", "Doe"]
    assert [a["given"] for a in item["author"]] == ["J.A.", "B."]
    assert [e["family"] for e in item["editor"]] == ["Barolli", "Takizawa", "Xhafa"]


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8"), ("\t", "utf-16")])
def test_excel_resaved_scopus_csv_is_read(delimiter: str, encoding: str) -> None:
    """Excel writes ";" in some locales, and TAB in its "Unicode text" (UTF-16)."""
    header = delimiter.join(["Authors", "Title", "Year", "Source title", "EID"])
    # Excel quotes a cell holding the delimiter.
    row = delimiter.join(
        ['"Liu F.; Li C."', "A title, with a comma", "2026", "Digital Health", "e"]
    )
    data = f"\ufeff{header}\r\n{row}\r\n".encode(encoding)
    assert choose_reader(data, "export.csv")[0].name == "scopus-csv"
    [item] = [i.to_csl() for i in read_scopus_csv(io.BytesIO(data), "x.csv", Report())]
    assert item["title"] == "A title, with a comma"
    assert [a["family"] for a in item["author"]] == ["Liu", "Li"]


@pytest.mark.parametrize("reader", ["scopus-csv", "wos-tab"])
def test_a_stray_nul_is_dropped_with_a_warning_not_the_file_refused(
    tmp_path: Path, reader: str
) -> None:
    text = SCOPUS if reader == "scopus-csv" else f"{HEADER}\n{ROW}\n"
    path = tmp_path / "in.txt"
    path.write_bytes(
        text.replace("Digital", "Digi\x00tal").replace("Genetic", "Gen\x00etic").encode()
    )
    done = run_citeconv("convert", str(path), "--to", "csl-json")
    assert done.returncode == 0, done.stderr
    assert b"NUL bytes" in done.stderr
    assert len(json.loads(done.stdout)) == 1
