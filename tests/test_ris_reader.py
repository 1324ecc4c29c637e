"""The RIS reader on small fixtures of our own, one per quirk of real exports.

Each test is named after what it shows; the input bytes are written out in the test
so that the quirk is visible where it is checked.
"""

from __future__ import annotations

import codecs
import io
from typing import Any

import pytest

from citeconv.diagnostics import Diagnostic, InputError, Report
from citeconv.model import Item
from citeconv.readers.ris.reader import read_ris

NAME = "fixture.ris"


def read(data: bytes, encoding: str | None = None) -> tuple[list[Item], Report]:
    report = Report()
    items = list(read_ris(io.BytesIO(data), NAME, report, encoding=encoding))
    return items, report


def read_one(data: bytes, encoding: str | None = None) -> tuple[dict[str, Any], Report]:
    items, report = read(data, encoding)
    assert len(items) == 1, [i.to_csl() for i in items]
    return items[0].to_csl(), report


def codes(report: Report) -> list[str]:
    return [d.code for d in report.diagnostics]


def only(report: Report, code: str) -> Diagnostic:
    [diagnostic] = [d for d in report.diagnostics if d.code == code]
    return diagnostic


JOURNAL = (
    "TY  - JOUR\n"
    "AU  - Müller, Jürgen\n"
    "TI  - Über café société\n"
    "T2  - Revue d’études\n"
    "PY  - 2019\n"
    "ER  - \n"
)


# ----------------------------------------------------------------------- encodings


def _assert_journal(data: bytes, encoding: str | None = None) -> Report:
    item, report = read_one(data, encoding)
    assert item["title"] == "Über café société"
    assert item["author"] == [{"family": "Müller", "given": "Jürgen"}]
    assert item["container-title"] == "Revue d’études"
    return report


def test_utf8_bom_is_removed() -> None:
    report = _assert_journal(codecs.BOM_UTF8 + JOURNAL.encode("utf-8"))
    assert report.warnings == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert _assert_journal(bom + JOURNAL.encode(codec)).warnings == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(codec: str) -> None:
    assert _assert_journal(JOURNAL.encode(codec)).warnings == 0


def test_cp1252_fallback_warns_once_naming_file_and_line() -> None:
    data = ("TY  - JOUR\nTI  - Ça coûte\nAU  - Dvořák, Antonín\nPY  - 2019\nER  - \n").encode(
        "cp1252", errors="replace"
    )
    item, report = read_one(data)
    assert item["title"] == "Ça coûte"
    warning = only(report, "encoding")
    assert (warning.file, warning.line) == (NAME, 2)
    assert "cp1252" in warning.message


def test_encoding_option_overrides_detection() -> None:
    data = "TY  - JOUR\nTI  - Ελληνικά\nER  - \n".encode("iso-8859-7")
    item, report = read_one(data, encoding="iso-8859-7")
    assert item["title"] == "Ελληνικά"
    assert report.warnings == 0


def test_unknown_encoding_option_is_a_clean_error() -> None:
    with pytest.raises(InputError, match="unknown encoding"):
        read(JOURNAL.encode(), encoding="no-such-codec")


# --------------------------------------------------------------------- line endings


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "bare-cr"])
def test_line_endings(newline: str) -> None:
    data = JOURNAL.replace("\n", newline).encode()
    item, _ = read_one(data)
    assert item["title"] == "Über café société"
    assert "\r" not in repr(item)


def test_mixed_line_endings_leave_no_carriage_return() -> None:
    data = b"TY  - JOUR\r\nTI  - A title\rT2  - Journal\nAU  - Doe, J\r\nER  - \r"
    item, _ = read_one(data)
    assert (item["title"], item["container-title"]) == ("A title", "Journal")
    assert "\r" not in repr(item)


def test_line_and_paragraph_separators_become_spaces() -> None:
    data = "TY  - JOUR\nTI  - Augmentative\u2028communication\u2029today\nER  - \n".encode()
    item, _ = read_one(data)
    assert item["title"] == "Augmentative communication today"


# ---------------------------------------------------------------------- tag lines


@pytest.mark.parametrize(
    "line",
    ["TI  - A title", "TI - A title", "TI  -  A title  ", "TI\t- A title", "TI  - A title\t"],
    ids=["two-spaces", "one-space", "extra-blanks", "tab", "trailing-tab"],
)
def test_tag_spacing_variants(line: str) -> None:
    item, _ = read_one(f"TY  - JOUR\n{line}\nER  - \n".encode())
    assert item["title"] == "A title"


def test_empty_value_tag_is_ignored() -> None:
    item, report = read_one(b"TY  - JOUR\nTI  - A title\nIS  -\nVL  - \nER  -\n")
    assert "issue" not in item and "volume" not in item
    assert report.warnings == 0


def test_lower_case_tags_read_with_one_warning() -> None:
    data = b"ty  - JOUR\nti  - A title\nau  - Doe, Jane\npy  - 2001\ner  - \n"
    item, report = read_one(data)
    assert item["title"] == "A title"
    assert item["author"] == [{"family": "Doe", "given": "Jane"}]
    assert only(report, "lower-case-tag").line == 1


def test_continuation_lines_join_with_one_space() -> None:
    data = (
        b"TY  - JOUR\nTI  - Blood-brain barrier breach following\n"
        b"cortical contusion\n   in the rat\nAB  - First part\nsecond part\nER  - \n"
    )
    item, report = read_one(data)
    assert item["title"] == "Blood-brain barrier breach following cortical contusion in the rat"
    assert item["abstract"] == "First part second part"
    assert report.warnings == 0


def test_keyword_continuation_lines_are_separate_keywords() -> None:
    # EndNote wraps a KW value onto the next line for each further keyword.
    data = b"TY  - JOUR\nTI  - T\nKW  - alpha beta\ngamma; delta\nKW  - epsilon\nER  - \n"
    item, _ = read_one(data)
    assert item["keyword"] == "alpha beta, gamma, delta, epsilon"


# ------------------------------------------------------------------ collapsed files


def test_collapsed_record_is_split_on_known_tags_only() -> None:
    data = (
        b"TY - JOUR TI - Staffing in the ER - department of a hospital AB - Results: A - "
        b"the first arm; B - the second arm. The ER - was busy. AU - Kim Tran "
        b"AU - Noah M. Ivers PY - 2021 ER - "
    )
    item, report = read_one(data)
    assert item["title"] == "Staffing in the ER - department of a hospital"
    assert item["abstract"] == (
        "Results: A - the first arm; B - the second arm. The ER - was busy."
    )
    assert item["author"] == [
        {"family": "Tran", "given": "Kim"},
        {"family": "Ivers", "given": "Noah M."},
    ]
    assert report.warnings == 0


def test_several_collapsed_records_on_one_line() -> None:
    data = (
        b"TY - JOUR TI - First title here VL - 1 ER - TY - BOOK TI - Second title "
        b"PB - A press ER - TY - CHAP TI - Third title ER - "
    )
    items, report = read(data)
    assert [(i.type, i.fields["title"]) for i in items] == [
        ("article-journal", "First title here"),
        ("book", "Second title"),
        ("chapter", "Third title"),
    ]
    assert report.warnings == 0


def test_collapsed_record_keeps_a_repeated_unrepeatable_tag_as_text() -> None:
    # "PY - " inside the abstract is not a second year: PY cannot repeat.
    data = b"TY - JOUR TI - A study PY - 2020 AB - Data from PY - 2019 were used. ER - "
    item, _ = read_one(data)
    assert item["abstract"] == "Data from PY - 2019 were used."
    assert item["issued"] == {"date-parts": [[2020]]}


# ---------------------------------------------------------- structure and recovery


def test_text_before_and_between_records_skipped_with_one_warning() -> None:
    data = (
        b"Record #1 of 2\nProvider: Some Database\n\nTY  - JOUR\nTI  - One\nER  - \n"
        b"Record #2 of 2\n\nTY  - JOUR\nTI  - Two\nER  - \n"
    )
    items, report = read(data)
    assert [i.fields["title"] for i in items] == ["One", "Two"]
    warning = only(report, "outside-record")
    assert (warning.file, warning.line) == (NAME, 1)
    assert "Record" not in repr([i.to_csl() for i in items])


def test_stray_tag_after_er_is_not_glued_onto_a_record() -> None:
    data = b"TY  - JOUR\nTI  - One\nER  - \nN1  - stray\nTY  - JOUR\nTI  - Two\nER  - \n"
    items, report = read(data)
    assert [i.to_csl().get("note") for i in items] == [None, None]
    assert only(report, "outside-record").line == 4


def test_missing_final_er_keeps_the_record_and_warns() -> None:
    items, report = read(b"TY  - JOUR\nTI  - One\nER  - \nTY  - BOOK\nTI  - Two\nPY  - 2000\n")
    assert [i.fields["title"] for i in items] == ["One", "Two"]
    assert only(report, "missing-er").line == 4


def test_ty_inside_an_open_record_closes_it_and_warns() -> None:
    items, report = read(b"TY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nER  - \n")
    assert [(i.type, i.fields["title"]) for i in items] == [
        ("article-journal", "One"),
        ("book", "Two"),
    ]
    warning = only(report, "missing-er")
    assert warning.line == 1 and "line 3" in warning.message


def test_record_without_ty_is_recovered_and_warns() -> None:
    data = b"TY  - JOUR\nTI  - One\nER  - \nAU  - Doe, J\nTI  - Two\nJO  - A journal\nER  - \n"
    items, report = read(data)
    assert [i.fields["title"] for i in items] == ["One", "Two"]
    assert items[1].type == "article-journal"  # closest type: it has a journal
    assert only(report, "missing-ty").line == 4


def test_empty_ty_becomes_document_with_warning() -> None:
    item, report = read_one(b"TY  - \nTI  - Something\nER  - \n")
    assert item["type"] == "document"
    assert only(report, "empty-type").line == 1


def test_unknown_ty_is_kept_and_warned_with_closest_type() -> None:
    item, report = read_one(b"TY  - WHATSIT\nTI  - Something\nJF  - A Journal\nER  - \n")
    assert item["type"] == "article-journal"
    assert item["custom"]["TY"] == ["WHATSIT"]
    warning = only(report, "unknown-type")
    assert warning.line == 1 and "WHATSIT" in warning.message


def test_generic_record_with_journal_tags_is_a_journal_article() -> None:
    item, report = read_one(b"TY  - GEN\nTI  - T\nT2  - Some Journal\nVL  - 3\nER  - \n")
    assert item["type"] == "article-journal"
    assert report.warnings == 0
    bare, _ = read_one(b"TY  - GEN\nTI  - T\nPB  - Someone\nER  - \n")
    assert bare["type"] == "document"


def test_truncated_file_converts_what_is_whole_and_warns() -> None:
    data = b"TY  - JOUR\nTI  - Whole\nER  - \nTY  - JOUR\nTI  - Cut off in the mid"
    items, report = read(data)
    assert [i.fields["title"] for i in items] == ["Whole", "Cut off in the mid"]
    assert only(report, "missing-er").line == 4


def test_every_warning_names_file_and_line() -> None:
    data = (
        b"junk\nty  - WHATSIT\nti  - x\nTY  - \nTI  - y\nPY  - sometime\nER  - \n"
        b"AU  - Doe, J\nTI  - z\nER  - \nTY  - JOUR\nTI  - w"
    )
    _, report = read(data)
    assert report.warnings >= 5
    assert all(d.file == NAME and d.line is not None for d in report.diagnostics)


# ---------------------------------------------------------------- not RIS at all


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"@article{key,\n  title = {A title},\n}\n", "BibTeX"),
        (b"\nPMID- 12345678\nOWN - NLM\nTI  - A title\n", "MEDLINE"),
        (b"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Doe, J\nER\n", "Web of Sci"),
        (b"%0 Journal Article\n%T A title\n%A Doe, J\n", "EndNote tagged"),
        (b'[{"id": "a", "type": "book", "title": "T"}]', "CSL-JSON"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (bytes(range(256)) * 4, "binary"),
    ],
    ids=["bibtex", "medline", "wos", "endnote", "csl-json", "pdf", "binary"],
)
def test_not_ris_is_named(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=kind):
        read(data)


def test_empty_input_is_a_clean_error() -> None:
    with pytest.raises(InputError, match="empty"):
        read(b"\n\n  \n")


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Smith, John", [{"family": "Smith", "given": "John"}]),
        ("John Smith", [{"family": "Smith", "given": "John"}]),
        ("Ivers NM", [{"family": "Ivers", "given": "N. M."}]),
        ("Baldwin,S.A.", [{"family": "Baldwin", "given": "S.A."}]),
        ("Smith, J.A.", [{"family": "Smith", "given": "J.A."}]),
        (
            "van der Berg, Jan",
            [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}],
        ),
        (
            "de la Cruz, María",
            [{"family": "Cruz", "given": "María", "non-dropping-particle": "de la"}],
        ),
        (
            "King, Martin Luther, Jr.",
            [{"family": "King", "given": "Martin Luther", "suffix": "Jr."}],
        ),
        ("Henry Ford III", [{"family": "Ford", "given": "Henry", "suffix": "III"}]),
        ("World Health Organization", [{"literal": "World Health Organization"}]),
        (
            "Doe, Jane; Roe, Richard",
            [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Richard"}],
        ),
    ],
    ids=[
        "family-comma-given",
        "given-family",
        "family-initials",
        "no-space-after-comma",
        "initials-with-stops",
        "particle-van-der",
        "particle-de-la",
        "suffix-jr",
        "suffix-iii",
        "organisation",
        "several-in-one-line",
    ],
)
def test_names(value: str, expected: list[dict[str, str]]) -> None:
    item, _ = read_one(f"TY  - JOUR\nTI  - T\nAU  - {value}\nER  - \n".encode())
    assert item["author"] == expected


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("PY  - 2019\nDA  - 2019/03/15", {"date-parts": [[2019, 3, 15]]}),
        ("Y1  - 2018\nPY  - 2019", {"date-parts": [[2019]]}),
        ("Y1  - 2018/05/02/", {"date-parts": [[2018, 5, 2]]}),
        ("PY  - 2019///", {"date-parts": [[2019]]}),
        ("PY  - 2019/Spring", {"date-parts": [[2019]], "season": 1}),
        ("DA  - 2019/03//", {"date-parts": [[2019, 3]]}),
        ("DA  - 2019/03/15/Conference date", {"date-parts": [[2019, 3, 15]]}),
        ("DA  - March 2019", {"date-parts": [[2019, 3]]}),
        ("DA  - 2019 Jul-Aug", {"date-parts": [[2019, 7], [2019, 8]]}),
    ],
    ids=[
        "da-over-py",
        "py-over-y1",
        "y1-alone",
        "year-slashes",
        "season",
        "month-only",
        "other-part",
        "month-name",
        "month-range",
    ],
)
def test_dates(tags: str, expected: dict[str, Any]) -> None:
    item, report = read_one(f"TY  - JOUR\nTI  - T\n{tags}\nER  - \n".encode())
    assert item["issued"] == expected
    assert report.warnings == 0


def test_y2_only_becomes_accessed_never_issued() -> None:
    item, _ = read_one(b"TY  - ELEC\nTI  - T\nY2  - 2020/01/31\nER  - \n")
    assert item["accessed"] == {"date-parts": [[2020, 1, 31]]}
    assert "issued" not in item


def test_unparseable_date_kept_raw_with_warning() -> None:
    item, report = read_one(b"TY  - JOUR\nTI  - T\nPY  - sometime soon\nER  - \n")
    assert item["issued"] == {"raw": "sometime soon"}
    assert only(report, "date").line == 3


def test_year_zero_is_no_date_but_kept() -> None:
    item, report = read_one(b"TY  - JOUR\nTI  - T\nPY  - 0000\nER  - \n")
    assert "issued" not in item
    assert item["custom"]["PY"] == ["0000"]
    assert only(report, "date").line == 3


# ------------------------------------------------------------- DOI, pages, abstract


@pytest.mark.parametrize(
    "value",
    [
        "10.1000/xyz123",
        "https://doi.org/10.1000/xyz123",
        "doi:10.1000/xyz123",
        "http://dx.doi.org/10.1000/xyz123",
        "DOI 10.1000/xyz123",
    ],
)
def test_doi_normalised(value: str) -> None:
    item, _ = read_one(f"TY  - JOUR\nTI  - T\nDO  - {value}\nER  - \n".encode())
    assert item["DOI"] == "10.1000/xyz123"


@pytest.mark.parametrize("tag", ["M3", "N1", "UR", "L3"])
def test_doi_found_elsewhere_when_do_is_empty(tag: str) -> None:
    data = f"TY  - JOUR\nTI  - T\n{tag}  - https://doi.org/10.1000/abc\nER  - \n"
    item, _ = read_one(data.encode())
    assert item["DOI"] == "10.1000/abc"


def test_a_doi_link_in_ur_stays_the_url() -> None:
    """The URL the export gives is data (Zotero keeps it): a DOI link is the URL, the
    next address is kept under UR; whether a style prints both is the style's call."""
    data = (
        b"TY  - JOUR\nTI  - T\nDO  - 10.1000/abc\nUR  - https://doi.org/10.1000/abc\n"
        b"UR  - https://example.org/paper\nER  - \n"
    )
    item, _ = read_one(data)
    assert item["DOI"] == "10.1000/abc"
    assert item["URL"] == "https://doi.org/10.1000/abc"
    assert item["custom"]["UR"] == ["https://example.org/paper"]


@pytest.mark.parametrize(
    ("tags", "page"),
    [
        ("SP  - 759\nEP  - 766", "759-766"),
        ("SP  - 759\nLP  - 766", "759-766"),
        ("SP  - 759\nEP  - 766\nLP  - 766", "759-766"),
        ("SP  - 1-25\nEP  - 25", "1-25"),
        ("SP  - e0123456", "e0123456"),
        ("SP  - 1234", "1234"),
    ],
    ids=["sp-ep", "sp-lp", "ep-and-lp-once", "range-in-sp", "article-number", "single-page"],
)
def test_pages(tags: str, page: str) -> None:
    item, _ = read_one(f"TY  - JOUR\nTI  - T\n{tags}\nER  - \n".encode())
    assert item["page"] == page
    assert "EP" not in item.get("custom", {})


def test_lone_sp_of_a_book_is_its_page_count() -> None:
    item, _ = read_one(b"TY  - BOOK\nTI  - T\nSP  - 320\nER  - \n")
    assert item["number-of-pages"] == "320"
    assert "page" not in item


def test_abstract_prefers_ab_and_never_concatenates_n2() -> None:
    item, _ = read_one(b"TY  - JOUR\nTI  - T\nN2  - Longer abstract\nAB  - Abstract\nER  - \n")
    assert item["abstract"] == "Abstract"
    assert item["custom"]["N2"] == ["Longer abstract"]
    n2_only, _ = read_one(b"TY  - JOUR\nTI  - T\nN2  - From N2\nER  - \n")
    assert n2_only["abstract"] == "From N2"


# ------------------------------------------------------- repeated and unmapped tags


def test_multiple_kw_ur_sn_kept() -> None:
    data = (
        b"TY  - JOUR\nTI  - T\nKW  - one\nKW  - two\nUR  - https://a.example\n"
        b"UR  - https://b.example\nSN  - 0028-0836\nSN  - 1476-4687\nER  - \n"
    )
    item, _ = read_one(data)
    assert item["keyword"] == "one, two"
    assert item["URL"] == "https://a.example"
    assert item["custom"]["UR"] == ["https://b.example"]
    assert item["ISSN"] == "0028-0836 1476-4687"


@pytest.mark.parametrize(
    ("value", "field", "expected"),
    [
        ("0028-0836", "ISSN", "0028-0836"),
        ("00280836", "ISSN", "00280836"),
        ("978-3-16-148410-0", "ISBN", "978-3-16-148410-0"),
        ("0-521-46674-1\\0-521-46128-6", "ISBN", "0-521-46674-1 0-521-46128-6"),
        ("1476-4687 (Electronic); 0028-0836 (Linking)", "ISSN", "1476-4687 0028-0836"),
    ],
    ids=["issn", "issn-compact", "isbn-13", "two-isbns-backslash", "pubmed-labels"],
)
def test_sn_is_issn_or_isbn_by_shape(value: str, field: str, expected: str) -> None:
    item, _ = read_one(f"TY  - CHAP\nTI  - T\nSN  - {value}\nER  - \n".encode())
    assert item[field] == expected


def test_unmapped_tags_are_kept_in_custom() -> None:
    data = b"TY  - JOUR\nTI  - T\nZZ  - mystery\nRP  - Not In File\nC8  - x\nER  - \n"
    item, _ = read_one(data)
    assert item["custom"] == {"ZZ": ["mystery"], "RP": ["Not In File"], "C8": ["x"]}


# --------------------------------------------------------------- type-dependent tags


def test_thesis_degree_university_and_advisor() -> None:
    data = (
        b"TY  - THES\nTI  - T\nAU  - Doe, Jane\nA3  - Roe, Rick\nPB  - MIT\n"
        b"M3  - PhD thesis\nCY  - Cambridge, MA\nER  - \n"
    )
    item, _ = read_one(data)
    assert item["type"] == "thesis"
    assert item["publisher"] == "MIT"
    assert item["genre"] == "PhD thesis"
    assert item["contributor"] == [{"family": "Roe", "given": "Rick"}]


def test_report_number_and_institution() -> None:
    data = b"TY  - RPRT\nTI  - T\nPB  - RAND\nM1  - RR-123\nT2  - Research Reports\nER  - \n"
    item, _ = read_one(data)
    assert (item["publisher"], item["number"]) == ("RAND", "RR-123")
    assert item["collection-title"] == "Research Reports"


def test_conference_paper_proceedings_and_event() -> None:
    data = (
        b"TY  - CONF\nTI  - T\nT2  - Conf on Things\nC3  - Proceedings of Things\n"
        b"CY  - Oslo\nC1  - Berlin\nER  - \n"
    )
    item, _ = read_one(data)
    assert item["container-title"] == "Proceedings of Things"
    assert item["event-title"] == "Conf on Things"
    assert (item["publisher-place"], item["event-place"]) == ("Berlin", "Oslo")
    scopus, _ = read_one(b"TY  - CONF\nTI  - T\nT2  - Proceedings of X\nER  - \n")
    assert scopus["container-title"] == "Proceedings of X"


def test_patent_number_and_authority() -> None:
    data = b"TY  - PAT\nTI  - T\nAU  - Doe, J\nSN  - US 4,904,581\nA2  - USPTO\nER  - \n"
    item, _ = read_one(data)
    assert item["number"] == "US 4,904,581"
    assert item["authority"] == "USPTO"


def test_book_series_editor_and_editor_follow_endnote() -> None:
    data = b"TY  - BOOK\nTI  - T\nA2  - Series, Sam\nA3  - Editor, Ed\nT2  - A Series\nER  - \n"
    item, _ = read_one(data)
    assert item["collection-editor"] == [{"family": "Series", "given": "Sam"}]
    assert item["editor"] == [{"family": "Editor", "given": "Ed"}]
    assert item["collection-title"] == "A Series"


def test_chapter_editor_and_book_title() -> None:
    data = b"TY  - CHAP\nTI  - T\nA2  - Ed, Ed\nT2  - The Book\nED  - Other, O\nER  - \n"
    item, _ = read_one(data)
    assert item["container-title"] == "The Book"
    assert item["editor"] == [{"family": "Ed", "given": "Ed"}, {"family": "Other", "given": "O."}]


def test_edited_book_authors_are_editors() -> None:
    item, _ = read_one(b"TY  - EDBOOK\nTI  - T\nAU  - Doe, J\nER  - \n")
    assert item["editor"] == [{"family": "Doe", "given": "J."}]
    assert "author" not in item


def test_journal_full_title_and_abbreviation() -> None:
    data = b"TY  - JOUR\nTI  - T\nJO  - J Neurosurg\nJF  - Journal of Neurosurgery\nER  - \n"
    item, _ = read_one(data)
    assert item["container-title"] == "Journal of Neurosurgery"
    assert item["container-title-short"] == "J Neurosurg"


def test_short_collapsed_record_is_split_too() -> None:
    # Found by the property test: a collapsed record shorter than a line of text.
    item, report = read_one(b"TY - JOUR TI - 0 ER - ")
    assert (item["type"], item["title"]) == ("article-journal", "0")
    assert report.warnings == 0


def test_byte_order_mark_after_the_start_is_no_text() -> None:
    # JabRef's test file starts " \ufeff": a BOM after a blank, and two files
    # concatenated carry a BOM in the middle.
    data = " \ufeff\nTY  - JOUR\nTI  - One\nER  - \n\ufeffTY  - JOUR\nTI  - Two\nER  - \n"
    items, report = read(data.encode())
    assert [i.fields["title"] for i in items] == ["One", "Two"]
    assert report.warnings == 0


def test_empty_slashed_date_is_no_date_and_no_warning() -> None:
    item, report = read_one(b"TY  - JOUR\nTI  - T\nPY  - ///\nER  - \n")
    assert "issued" not in item
    assert report.warnings == 0


def test_m3_holding_only_a_doi_is_the_doi_not_a_genre() -> None:
    item, _ = read_one(b"TY  - JOUR\nTI  - T\nM3  - doi:10.1000/abc.123\nER  - \n")
    assert item["DOI"] == "10.1000/abc.123"
    assert "genre" not in item
    typed, _ = read_one(b"TY  - RPRT\nTI  - T\nM3  - Technical report\nER  - \n")
    assert typed["genre"] == "Technical report"


def test_not_ris_gets_the_error_alone_without_junk_warnings() -> None:
    report = Report()
    with pytest.raises(InputError, match="BibTeX"):
        list(read_ris(io.BytesIO(b"@book{k,\n title={T}}\n"), NAME, report))
    assert report.diagnostics == []


def test_article_number_in_c7_is_the_number() -> None:
    # Scopus: no pages, the article number in C7; APA prints it as "Article 104501".
    item, _ = read_one(
        b"TY  - JOUR\nTI  - T\nT2  - Psychoneuroendocrinology\nC7  - 104501\nER  - \n"
    )
    assert item["number"] == "104501"
    assert "page" not in item


def test_da_of_electronic_types_is_the_access_date() -> None:
    # EndNote's layout for EBOOK, EJOUR, AGGR, DBASE, MULTI and CASE: DA "Date Accessed".
    item, _ = read_one(b"TY  - EBOOK\nTI  - T\nPY  - 2015\nDA  - 2019/09/18/\nER  - \n")
    assert item["issued"] == {"date-parts": [[2015]]}
    assert item["accessed"] == {"date-parts": [[2019, 9, 18]]}
    both, _ = read_one(b"TY  - EJOUR\nTI  - T\nY2  - 2020/01/02\nDA  - 2019/09/18\nER  - \n")
    assert both["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert both["custom"]["DA"] == ["2019/09/18"]


def test_lower_date_tag_is_dropped_only_when_it_repeats_the_chosen_date() -> None:
    item, _ = read_one(
        b"TY  - JOUR\nTI  - T\nDA  - 2019/03/15\nPY  - 2019\nY1  - 2019/03/16\nER  - \n"
    )
    assert item["issued"] == {"date-parts": [[2019, 3, 15]]}
    assert item["custom"] == {"Y1": ["2019/03/16"]}


def test_cp1252_line_deep_in_a_large_file_is_named_by_its_line() -> None:
    good = b"TY  - JOUR\r\nTI  - Fine\r\nER  - \r\n" * 5000  # well past one 64 KiB block
    data = good + "TY  - JOUR\r\nTI  - Ça coûte\r\nER  - \r\n".encode("cp1252")
    items, report = read(data)
    assert len(items) == 5001
    assert items[-1].fields["title"] == "Ça coûte"
    assert only(report, "encoding").line == 15002


def test_crlf_split_across_read_blocks_is_one_line_end() -> None:
    # Pad so that a CR ends the first 4 KiB head and its LF starts the next block.
    first = b"TY  - JOUR\r\nTI  - " + b"x" * (4096 - 19) + b"\r"
    assert len(first) == 4096
    item, report = read_one(first + b"\nER  - \r\n")
    assert item["title"] == "x" * (4096 - 19)
    assert report.warnings == 0


def test_embase_family_then_dotted_initials() -> None:
    item, _ = read_one(b"TY  - JOUR\nTI  - T\nA1  - Liu R.\nA1  - Adler D.G.\nER  - \n")
    assert item["author"] == [
        {"family": "Liu", "given": "R."},
        {"family": "Adler", "given": "D.G."},
    ]


def test_pubmed_epub_date_in_et_is_not_an_edition() -> None:
    item, _ = read_one(b"TY  - JOUR\nTI  - T\nPY  - 2011\nET  - 2011/05/11\nER  - \n")
    assert item["available-date"] == {"date-parts": [[2011, 5, 11]]}
    assert "edition" not in item


def test_chapter_number_series_volume_and_volumes() -> None:
    data = b"TY  - CHAP\nTI  - T\nSE  - 7\nSV  - 12\nM1  - 3\nER  - \n"
    item, _ = read_one(data)
    assert (item["chapter-number"], item["collection-number"]) == ("7", "12")
    assert item["number-of-volumes"] == "3"


def test_m3_repeating_the_doi_is_dropped_and_a_different_one_kept() -> None:
    same, _ = read_one(b"TY  - JOUR\nTI  - T\nDO  - 10.1000/a\nM3  - doi: 10.1000/a\nER  - \n")
    assert same["DOI"] == "10.1000/a"
    assert "genre" not in same and "custom" not in same
    other, _ = read_one(b"TY  - JOUR\nTI  - T\nDO  - 10.1000/a\nM3  - doi: 10.1000/b\nER  - \n")
    assert other["DOI"] == "10.1000/a"
    assert other["custom"] == {"M3": ["doi: 10.1000/b"]}


def test_collapsed_line_starting_with_a_header_keeps_its_records() -> None:
    data = b"Search results from Some Database TY - JOUR TI - One ER - TY - BOOK TI - Two ER - "
    items, report = read(data)
    assert [(i.type, i.fields["title"]) for i in items] == [
        ("article-journal", "One"),
        ("book", "Two"),
    ]
    assert only(report, "outside-record").line == 1


# --- ProCite's dialect (citeconv/readers/ris/procite.py) --------------------------------------


def test_procite_labelled_notes_become_fields_and_its_tags_their_procite_meaning() -> None:
    csl, _ = read_one(
        b"TY  - BOOK\nN1  - Record ID: 7\nTI  - Coastal erosion\nVL  - 3rd\nIS  - 2\n"
        b"N1  - Series Title: Earth Surface Studies\nN1  - Series Volume ID: 14\n"
        b"N1  - Issue ID: no. 5\nN1  - Notes: Signed copy.\nER  - \n"
    )
    assert csl["edition"] == "3rd"  # ProCite's VL of a book is its edition
    assert csl["volume"] == "2"  # and its IS the volume
    assert csl["collection-title"] == "Earth Surface Studies"
    assert csl["collection-number"] == "14"
    assert csl["issue"] == "5"  # "no. 5": the number only, as Zotero takes it
    assert csl["note"] == "Record ID: 7\n\nSigned copy."


def test_procite_note_for_a_field_a_tag_gives_stays_a_note() -> None:
    csl, _ = read_one(
        b"TY  - CHAP\nN1  - Record ID: 8\nTI  - Soil carbon\nT2  - Soils\nSP  - 4-9\n"
        b"N1  - Page(s): 1-3\nN1  - Issue ID: Spring\nER  - \n"
    )
    assert csl["page"] == "4-9"
    assert csl["note"] == "Record ID: 8\n\nPage(s): 1-3\n\nIssue ID: Spring"


def test_labelled_notes_without_procite_record_number_stay_notes() -> None:
    csl, _ = read_one(
        b"TY  - BOOK\nTI  - Coastal erosion\nVL  - 2\nN1  - Edition: revised\nER  - \n"
    )
    assert csl["volume"] == "2"
    assert "edition" not in csl
    assert csl["note"] == "Edition: revised"


def test_pandas_nan_values_are_empty_cells_warned_once_per_file() -> None:
    items, report = read(
        b"TY  - JOUR\nTI  - One\nVL  - 8\nIS  - nan\nSP  - 1395\nEP  - nan\nER  - \n"
        b"TY  - JOUR\nTI  - Two\nVL  - nan\nAU  - Li, Nan\nER  - \n"
    )
    one, two = (item.to_csl() for item in items)
    assert "issue" not in one and one["page"] == "1395"
    assert "volume" not in two and two["author"] == [{"family": "Li", "given": "Nan"}]
    warning = only(report, "empty-cell")
    assert warning.line == 4
