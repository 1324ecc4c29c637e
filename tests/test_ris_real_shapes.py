"""The RIS reader on the shapes real exports take that put values in the wrong place.

Each class was seen in real exports none of our earlier fixtures came from (the
reader issue, round 2); each fixture is our own, small, and named after what it
shows. The property tests at the end give each class with a shape (link lists,
name tails, tag lines, joined files) inputs we did not think of.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.diagnostics import InputError, Report
from citeconv.model import ET_AL, Item
from citeconv.names import parse_name
from citeconv.readers.ris.fields import split_links
from citeconv.readers.ris.reader import read_ris

from conftest import SAMPLE, run_citeconv

NAME = "fixture.ris"


def read(data: str | bytes, tag_mapping: str = "endnote") -> list[Item]:
    raw = data.encode() if isinstance(data, str) else data
    return list(read_ris(io.BytesIO(raw), NAME, Report(), tag_mapping=tag_mapping))


def read_one(data: str | bytes, tag_mapping: str = "endnote") -> dict[str, Any]:
    items = read(data, tag_mapping)
    assert len(items) == 1, [i.to_csl() for i in items]
    return items[0].to_csl()


def record(*lines: str, ty: str = "JOUR") -> str:
    return "".join(f"{line}\n" for line in (f"TY  - {ty}", "TI  - A title", *lines, "ER  - "))


# -------------------------------------------------------------------------- links


def test_web_of_science_link_is_an_accession_number_not_the_url() -> None:
    item = read_one(record("UR  - <Go to ISI>://WOS:000298449100001"))
    assert "URL" not in item
    assert item["custom"]["AN"] == ["WOS:000298449100001"]


def test_accession_link_repeating_the_an_is_not_kept_twice() -> None:
    item = read_one(record("AN  - WOS:000298449100001", "UR  - <Go to ISI>://WOS:000298449100001"))
    assert item["archive_location"] == "WOS:000298449100001"
    assert "URL" not in item
    assert "custom" not in item


@pytest.mark.parametrize(
    "link",
    [
        "internal-pdf://2009 Castoe Mol Eco Resources-1114744832/x.pdf",
        "file:///Users/me/Documents/Mendeley Desktop/paper.pdf",
        "C:\\Users\\me\\My Documents\\paper.pdf",
        "washingtonpost.com",
    ],
    ids=["endnote-internal-pdf", "file-url", "windows-path", "bare-host"],
)
def test_a_link_that_is_no_web_address_is_kept_but_never_the_url(link: str) -> None:
    item = read_one(record(f"UR  - {link}"))
    assert "URL" not in item
    assert item["custom"]["UR"] == [link]


def test_several_links_on_continuation_lines_are_separate_links() -> None:
    item = read_one(
        record(
            "UR  - https://www.embase.com/search/results?id=L2005",
            "http://dx.doi.org/10.1016/j.x.2020.01.001",
            "internal-pdf://0193/paper.pdf",
        )
    )
    assert item["URL"] == "https://www.embase.com/search/results?id=L2005"
    assert item["custom"]["UR"] == [
        "http://dx.doi.org/10.1016/j.x.2020.01.001",
        "internal-pdf://0193/paper.pdf",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "https://a.org/x; https://b.org/y",
        "https://a.org/x;https://b.org/y",
        "https://a.org/x, https://b.org/y",
        "https://a.org/x https://b.org/y",
        "https://a.org/x and https://b.org/y",
    ],
)
def test_several_links_in_one_value_are_not_glued(value: str) -> None:
    item = read_one(record(f"UR  - {value}"))
    assert item["URL"] == "https://a.org/x"
    assert item["custom"]["UR"] == ["https://b.org/y"]


def test_a_url_and_an_attachment_in_one_value() -> None:
    item = read_one(record("UR  - https://a.org/x, internal-pdf://12/x.pdf"))
    assert item["URL"] == "https://a.org/x"
    assert item["custom"]["UR"] == ["internal-pdf://12/x.pdf"]


def test_protocol_relative_link_is_a_web_address() -> None:
    item = read_one(record("UR  - //www.sciencedirect.com/science/article/pii/S1359645416307273"))
    assert item["URL"] == "https://www.sciencedirect.com/science/article/pii/S1359645416307273"


def test_publisher_url_with_the_doi_is_kept_and_gives_the_doi() -> None:
    item = read_one(record("UR  - https://www.nejm.org/doi/full/10.1056/NEJMoa2034577"))
    assert item["URL"] == "https://www.nejm.org/doi/full/10.1056/NEJMoa2034577"
    assert item["DOI"] == "10.1056/NEJMoa2034577"


@pytest.mark.parametrize(
    "url",
    [
        "https://onlinelibrary.wiley.com/doi/abs/10.1111/jcpp.12345/abstract",
        "https://onlinelibrary.wiley.com/doi/10.1111/jcpp.12345/full",
        "https://doi.org/10.1111/jcpp.12345?af=R",
        "https://link.springer.com/article/10.1111%2Fjcpp.12345",
    ],
)
def test_doi_taken_from_a_link_leaves_the_page_and_query_behind(url: str) -> None:
    item = read_one(record(f"UR  - {url}"))
    assert item["DOI"] == "10.1111/jcpp.12345"
    assert item["URL"] == url


def test_a_note_listing_cited_references_gives_no_doi() -> None:
    note = "References: Smith, J., (2010) A, doi:10.1000/one; Jones, K., (2012) B, doi:10.1000/two"
    item = read_one(record(f"N1  - {note}"))
    assert "DOI" not in item


def test_a_note_naming_the_doi_gives_it() -> None:
    assert read_one(record("N1  - doi: 10.1000/abc"))["DOI"] == "10.1000/abc"


# --------------------------------------------------------------- journal, source


def test_journal_named_only_by_its_abbreviation_is_also_its_title() -> None:
    item = read_one(record("JA  - Cochrane Database Syst Rev", "VL  - 3"))
    assert item["container-title"] == "Cochrane Database Syst Rev"
    assert item["container-title-short"] == "Cochrane Database Syst Rev"


def test_abbreviation_is_no_title_for_a_book() -> None:
    item = read_one(record("J2  - Handb. Physiol.", ty="BOOK"))
    assert "container-title" not in item


def test_name_of_database_is_the_source_not_an_archive() -> None:
    item = read_one(record("DB  - Scopus"))
    assert item["source"] == "Scopus"
    assert "archive" not in item


def test_name_of_database_after_the_database_provider_is_kept() -> None:
    item = read_one(record("DP  - EBSCOhost", "DB  - ecn"))
    assert item["source"] == "EBSCOhost"
    assert item["custom"]["DB"] == ["ecn"]


# -------------------------------------------------------------------------- names


@pytest.mark.parametrize("marker", ["et al.", "et al", "Et Al.", "and others", "[et al.]"])
def test_et_al_is_no_person_but_the_fact_is_kept(marker: str) -> None:
    item = read_one(record("AU  - Smith, John", f"AU  - {marker}"))
    assert item["author"] == [{"family": "Smith", "given": "John"}]
    assert item["custom"][ET_AL] == ["author"]


def test_et_al_after_the_last_name_in_one_value() -> None:
    item = read_one(record("AU  - Videen, T. O. et al."))
    assert item["author"] == [{"family": "Videen", "given": "T. O."}]
    assert item["custom"][ET_AL] == ["author"]


def test_et_al_becomes_and_others_in_bibtex() -> None:
    done = run_citeconv(
        "convert", "--to", "bibtex", input=record("AU  - Smith, John", "AU  - et al.").encode()
    )
    assert done.returncode == 0, done.stderr
    assert b"author = {Smith, John and others}" in done.stdout


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Moore, Ami, PhD, MPH, CPH", {"family": "Moore", "given": "Ami"}),
        ("Smith, John, M.D., Ph.D.", {"family": "Smith", "given": "John"}),
        ("Smith, John, Jr., MD", {"family": "Smith", "given": "John", "suffix": "Jr."}),
        ("Smith, John, Jr.", {"family": "Smith", "given": "John", "suffix": "Jr."}),
        ("Jane Doe, PhD", {"family": "Doe", "given": "Jane"}),
        ("Dr. Jane Doe", {"family": "Doe", "given": "Jane"}),
        ("Doe, Prof. Jane", {"family": "Doe", "given": "Jane"}),
        ("Lee, Kim, PhD(c)", {"family": "Lee", "given": "Kim"}),
        # Alone after a family name, capitals are initials, not a degree.
        ("Smith, MD", {"family": "Smith", "given": "M. D."}),
        ("Garcia Lopez, MA", {"family": "Garcia Lopez", "given": "M. A."}),
        ("Kim MD", {"family": "Kim", "given": "M. D."}),
    ],
)
def test_degrees_and_honorifics_are_not_given_names(written: str, expected: dict[str, str]) -> None:
    parsed = parse_name(written)
    assert parsed is not None
    assert parsed.to_csl() == expected


# ---------------------------------------------------------------------- tag lines


def test_four_letter_tag_after_the_pages_is_a_tag_not_more_pages() -> None:
    item = read_one(record("SP  - 10", "EP  - 20", "PMID  - 33355555"))
    assert item["page"] == "10-20"
    assert item["PMID"] == "33355555"


def test_four_letter_tag_after_ty_leaves_the_type_alone() -> None:
    item = read_one("TY  - JOUR\nPMID  - 33355555\nTI  - T\nER  - \n")
    assert item["type"] == "article-journal"
    assert item["PMID"] == "33355555"


def test_unknown_long_tag_padded_as_ris_is_kept_in_custom() -> None:
    item = read_one(record("AB  - An abstract", "XYZW  - something"))
    assert item["abstract"] == "An abstract"
    assert item["custom"]["XYZW"] == ["something"]


def test_capitals_and_a_hyphen_in_wrapped_text_stay_text() -> None:
    item = read_one(record("AB  - An abstract that wraps", "NASA - Goddard was there"))
    assert item["abstract"] == "An abstract that wraps NASA - Goddard was there"


def test_tag_in_proper_case_wins_over_one_matching_only_ignoring_case() -> None:
    item = read_one("TY  - JOUR\nTi  - Cited:0\nTI  - The real title\nER  - \n")
    assert item["title"] == "The real title"
    assert item["custom"]["TI"] == ["Cited:0"]


# -------------------------------------------------------------------------- dates


def test_most_specific_of_agreeing_dates_is_kept() -> None:
    item = read_one(record("PY  - 1970", "Y1  - June 1970"))
    assert item["issued"] == {"date-parts": [[1970, 6]]}
    assert "custom" not in item


def test_disagreeing_dates_keep_the_precedence_and_the_other() -> None:
    item = read_one(record("PY  - 1970", "Y1  - June 1971"))
    assert item["issued"] == {"date-parts": [[1970]]}
    assert item["custom"]["Y1"] == ["June 1971"]


def test_decision_date_of_a_case_is_not_an_access_date() -> None:
    item = read_one(record("DA  - 1954/05/17/", "PY  - 1954", ty="CASE"))
    assert item["issued"] == {"date-parts": [[1954, 5, 17]]}
    assert "accessed" not in item


def test_access_date_before_the_web_is_the_date_of_the_work() -> None:
    item = read_one(record("DA  - 1985/03/02", ty="EJOUR"))
    assert item["issued"] == {"date-parts": [[1985, 3, 2]]}
    assert "accessed" not in item


def test_a_real_access_date_stays_one() -> None:
    item = read_one(record("PY  - 2015", "DA  - 2020/03/01", ty="EJOUR"))
    assert item["issued"] == {"date-parts": [[2015]]}
    assert item["accessed"] == {"date-parts": [[2020, 3, 1]]}


# -------------------------------------------------------------------------- roles


@pytest.mark.parametrize("tag_mapping", ["endnote", "zotero"])
def test_edited_book_with_only_secondary_authors_has_them_as_editors(tag_mapping: str) -> None:
    item = read_one(record("A2  - Smith, John", "A2  - Doe, Jane", ty="EDBOOK"), tag_mapping)
    assert [n["family"] for n in item["editor"]] == ["Smith", "Doe"]
    assert "collection-editor" not in item


def test_edited_book_with_editors_keeps_a2_as_series_editors() -> None:
    item = read_one(record("AU  - Smith, John", "A2  - Doe, Jane", ty="EDBOOK"))
    assert item["editor"] == [{"family": "Smith", "given": "John"}]
    assert item["collection-editor"] == [{"family": "Doe", "given": "Jane"}]


# -------------------------------------------------------------- joined, refused


ONE = "TY  - JOUR\nTI  - one\nER  - "
TWO = "TY  - BOOK\nTI  - two\nER  - \n"


@pytest.mark.parametrize(
    "joined",
    [
        ONE + "TY  - BOOK\nTI  - two\nER  - \n",
        ONE.rstrip() + TWO,
        ONE + " " + TWO,
        ONE + "\n" + TWO,
    ],
    ids=["er-space-ty", "er-ty", "er-blank-ty", "newline"],
)
def test_files_joined_without_a_newline_keep_every_record(joined: str) -> None:
    titles = [item.fields["title"] for item in read(joined)]
    assert titles == ["one", "two"]


def test_collapsed_export_without_final_newline_then_another_file() -> None:
    sample_bytes = SAMPLE.read_bytes()
    assert not sample_bytes.endswith(b"\n")  # the shape this shows
    items = read(sample_bytes + TWO.encode())
    assert [i.type for i in items] == ["article-journal", "book"]
    assert len(items[0].names["author"]) == 5


def test_concatenated_files_through_a_pipe_keep_every_record() -> None:
    done = run_citeconv("convert", "--to", "csl-json", input=SAMPLE.read_bytes() + TWO.encode())
    assert done.returncode == 0, done.stderr
    assert [i["title"] for i in json.loads(done.stdout)][1] == "two"
    assert b"2 records read" in done.stderr


@pytest.mark.parametrize(
    "data",
    [
        b"\nPMID- 33301246\nOWN - NLM\nSTAT- MEDLINE\nTI  - BNT162b2 vaccine.\n"
        b"FAU - Polack, Fernando P\nAU  - Polack FP\n",
        b"\nOWN - ERIC\nTI  - Findings\nOT  - Field Tests\nFAU - Doe, Jane\nAU  - Doe J\n",
    ],
    ids=["pubmed-nbib", "eric-without-pmid"],
)
def test_medline_with_ris_like_lines_is_refused_by_name(data: bytes) -> None:
    with pytest.raises(InputError, match="MEDLINE"):
        read(data)


def test_ovid_export_is_refused_by_name() -> None:
    data = b"<1. >\nVN  - Ovid Technologies\nDB  - Embase\nTI  - T\nAU  - Doe J\n"
    with pytest.raises(InputError, match="Ovid"):
        read(data)


def test_ris_record_carrying_a_pmid_line_is_still_ris() -> None:
    item = read_one("TY  - JOUR\nTI  - T\nPMID- 33301246\nER  - \n")
    assert item["title"] == "T"


# ---------------------------------------------------------------------- properties

_HOST = st.from_regex(r"[a-z]{1,8}\.(org|com|net)", fullmatch=True)
# A path ending in a letter or digit: a final "." or "," reads as punctuation.
_PATH = st.from_regex(r"(/[A-Za-z0-9_.~%=&-]{0,7}[A-Za-z0-9]){0,3}", fullmatch=True)
_WEB = st.builds(lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(["http", "https"]), _HOST, _PATH)
_ODD_WEB = st.sampled_from(
    [
        "https://doi.org/10.1002/(SICI)1097-4636(199602)30:2<131::AID-JBM1>3.0.CO;2-T",
        "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85&doi=10.1016%2fj.x&origin=a",
        "http://link.sub.su.se/?url_ver=Z39.88-2004&rft.atitle=A+B;C&sid=ProQ",
        "https://en.wikipedia.org/wiki/A_(b)",
    ]
)
_NOT_WEB = st.sampled_from(
    ["internal-pdf://1234/paper.pdf", "file:///tmp/a.pdf", "<Go to ISI>://WOS:000123456700001"]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(_WEB, _ODD_WEB, _NOT_WEB), min_size=1, max_size=5),
    st.sampled_from(["; ", ";", ", ", " ", "\n"]),
)
def test_links_in_any_arrangement_are_each_kept_once_and_only_a_web_address_is_the_url(
    links: list[str], separator: str
) -> None:
    item = read_one(record("UR  - " + separator.join(links)))
    web = [link for link in links if link.startswith("http")]
    kept = [item.get("URL"), *item.get("custom", {}).get("UR", [])]
    kept += [f"<Go to ISI>://{an}" for an in item.get("custom", {}).get("AN", [])]
    if web:
        assert item["URL"] == web[0]
    else:
        assert "URL" not in item
    for link in links:
        assert link in kept, (link, item)  # each one whole, none glued to another


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True),
    st.lists(st.sampled_from(["PhD", "MD", "MPH", "M.D.", "RN", "MSc", "DrPH"]), max_size=3),
)
def test_a_name_with_any_degrees_after_it_keeps_family_and_given(
    family: str, given_name: str, degrees: list[str]
) -> None:
    parsed = parse_name(", ".join([family, given_name, *degrees]))
    assert parsed is not None
    assert (parsed.family, parsed.given) == (family, given_name)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["JOUR", "BOOK", "CHAP", "RPRT"]), min_size=2, max_size=5),
    st.lists(st.sampled_from(["\n", "", " ", "\r\n"]), min_size=5, max_size=5),
)
def test_any_number_of_files_joined_in_any_way_keep_every_record(
    types: list[str], joints: list[str]
) -> None:
    data = "".join(f"TY  - {ty}\nTI  - record {n}\nER  - {joints[n]}" for n, ty in enumerate(types))
    titles = [item.fields["title"] for item in read(data)]
    assert titles == [f"record {n}" for n in range(len(types))]


@settings(max_examples=100, deadline=None)
@given(
    st.from_regex(r"[A-Z][A-Z0-9]{2,3}", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True),
)
def test_a_long_tag_padded_as_ris_never_joins_the_value_before_it(tag: str, value: str) -> None:
    item = read_one(record("SP  - 10", "EP  - 20", f"{tag}  - {value}"))
    assert item["page"] == "10-20"


def test_split_links_keeps_the_rest_but_the_words_joining_links() -> None:
    web, accessions, rest = split_links("see http://a.org/x and C:\\a b.pdf")
    assert (web, accessions, rest) == (["http://a.org/x"], [], ["see", "C:\\a b.pdf"])


# ------------------------------------------------ found in real exports, round 2


def test_bare_er_without_its_hyphen_ends_the_record() -> None:
    items = read(
        "TY  - GEN\nTI  - Plotting\nUR  - https://github.com/a/b/\nER\nTY  - BOOK\nTI  - B\nER\n"
    )
    assert [i.fields.get("URL") for i in items] == ["https://github.com/a/b/", None]
    assert "UR" not in items[0].custom


def test_medline_record_pasted_after_a_ris_record_is_skipped_with_a_warning() -> None:
    data = (
        "TY  - JOUR\nTI  - RIS one\nER  - \n"
        "PMID- 30376915\nOWN - NLM\nTI  - Influenza vaccine effectiveness in reducing\n"
        "      severe outcomes.\nLID - 10.2807/1560-7917 [doi]\nAU  - Godoy P\n\n"
        "TY  - JOUR\nTI  - RIS two\nER  - \n"
    )
    report = Report()
    items = list(read_ris(io.BytesIO(data.encode()), NAME, report))
    assert [i.fields["title"] for i in items] == ["RIS one", "RIS two"]
    [warning] = report.diagnostics
    assert (warning.code, warning.line) == ("not-ris-record", 4)


def test_garbled_tag_is_not_glued_onto_the_previous_name() -> None:
    report = Report()
    data = b"TY  - JOUR\nAU  - Welsh, Raymond M.\nA# U  - Fujinami, Robert S.\nTI  - T\nER  - \n"
    [item] = read_ris(io.BytesIO(data), NAME, report)
    assert item.to_csl()["author"] == [{"family": "Welsh", "given": "Raymond M."}]
    assert item.custom["A# U"] == ["Fujinami, Robert S."]
    assert [d.code for d in report.diagnostics] == ["garbled-tag"]


# ------------------------------------ an adversarial review of the round above


@pytest.mark.parametrize(
    ("written", "family", "given_name"),
    [
        ("Al Mamun, Md", "Al Mamun", "Md"),
        ("Dela Cruz, Ma", "Dela Cruz", "Ma"),
        ("De la Cruz, Ma.", "De la Cruz", "Ma."),
        ("Van der Berg, Ms", "Van der Berg", "Ms"),
        ("Al Mamun, Md, PhD", "Al Mamun", "Md"),
        ("Smith, John, MD, Dr.", "Smith", "John"),
        ("Dr. Smith, J", "Smith", "J."),
        ("Smith, John MD", "Smith", "John"),
        # Capitals with stops after a family name are initials ("M.A." Taylor).
        ("van der Taylor, M.A.", "van der Taylor", "M.A."),
    ],
)
def test_short_given_names_are_not_degrees(written: str, family: str, given_name: str) -> None:
    parsed = parse_name(written)
    assert parsed is not None
    assert (parsed.full_family, parsed.given) == (family, given_name)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85000000000"
        "&doi=10.1016%2fj.x.2019.01.001&partnerID=40&md5=abc",
        "https://sfx.example.org/sfx?sid=EMBASE&issn=01406736&id=doi:10.1016%2Fj.x.2019.01.001"
        "&atitle=Clinical+features",
    ],
)
def test_doi_from_a_resolver_query_stops_at_the_next_parameter(url: str) -> None:
    assert read_one(record(f"UR  - {url}"))["DOI"] == "10.1016/j.x.2019.01.001"


def test_a_link_wrapped_onto_the_next_line_is_one_link() -> None:
    item = read_one(record("UR  - http://x.org/very/long/path/that/", "continues/here.html"))
    assert item["URL"] == "http://x.org/very/long/path/that/continues/here.html"


def test_a_blank_inside_one_address_keeps_it_whole() -> None:
    assert read_one(record("UR  - http://x.org/my file.pdf"))["URL"] == "http://x.org/my file.pdf"


def test_sici_doi_link_is_whole_and_gives_the_whole_doi() -> None:
    sici = "10.1002/(SICI)1097-4636(199602)30:2<131::AID-JBM1>3.0.CO;2-T"
    item = read_one(record(f"UR  - https://doi.org/{sici}"))
    assert (item["URL"], item["DOI"]) == (f"https://doi.org/{sici}", sici)
    assert read_one(record(f"DO  - {sici}"))["DOI"] == sici


@pytest.mark.parametrize(
    "lower", ["1970/06/15-1970/06/20", "1970/06/15 ca.", "1970/06//Summer", "1970/06/15/Reprint"]
)
def test_a_lower_date_with_more_than_a_plain_date_is_kept_whole(lower: str) -> None:
    item = read_one(record("PY  - 1970", f"Y1  - {lower}"))
    assert item["issued"] == {"date-parts": [[1970]]}
    assert item["custom"]["Y1"] == [lower]


def test_a_year_range_is_no_reason_to_take_the_access_date_as_the_date() -> None:
    item = read_one(record("PY  - 2020-2021", "DA  - 2020/11/30", ty="EJOUR"))
    assert item["issued"] == {"date-parts": [[2020], [2021]]}
    assert item["accessed"] == {"date-parts": [[2020, 11, 30]]}


def test_a_mixed_case_author_tag_keeps_the_authors_order() -> None:
    item = read_one("TY  - JOUR\nAu  - Smith, A\nAU  - Jones, B\nTI  - X\nER  - \n")
    assert [n["family"] for n in item["author"]] == ["Smith", "Jones"]


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [("DOI - 10.1000/abc", "DOI", "10.1000/abc"), ("ISSN - 1234-5678", "ISSN", "1234-5678")],
)
def test_long_identifier_tags_reach_their_fields(line: str, field: str, value: str) -> None:
    assert read_one(record(line))[field] == value


@pytest.mark.parametrize("ur", ["doi:10.1000/xyz", "10.1000/xyz"])
def test_ur_holding_only_a_doi_gives_the_doi(ur: str) -> None:
    item = read_one(record(f"UR  - {ur}"))
    assert item["DOI"] == "10.1000/xyz"
    assert "URL" not in item


def test_er_and_ty_inside_a_value_are_text() -> None:
    item = read_one(record("AB  - The value ER - TY - B was", "N1  - see ER  - TY  - JOUR here"))
    assert item["abstract"] == "The value ER - TY - B was"


def test_utf16_medline_is_refused_as_medline() -> None:
    data = "\nPMID- 33301246\nOWN - NLM\nTI  - T\nFAU - Doe, Jane\n".encode("utf-16")
    with pytest.raises(InputError, match="MEDLINE"):
        read(data)


@pytest.mark.parametrize(
    "value",
    [
        "https://a.org/x;" * 20_000,
        "https://doi.org/10.1000/x" + "/full" * 20_000 + "x",
        "http://a.org/x," * 20_000,
    ],
    ids=["semicolons", "doi-pages", "commas"],
)
def test_pathological_links_are_read_in_linear_time(value: str) -> None:
    """These took 20-45 s each (regex backtracking); a bound far above linear time."""
    import time

    started = time.process_time()
    read_one(record(f"UR  - {value}"))
    assert time.process_time() - started < 5


@pytest.mark.parametrize(
    "name",
    ["Smith" + " " * 40_000 + "John", "Smith" + " ," * 20_000 + "x"],
    ids=["blanks", "commas"],
)
def test_pathological_names_are_read_in_linear_time(name: str) -> None:
    import time

    started = time.process_time()
    read_one(record(f"AU  - {name}"))
    assert time.process_time() - started < 5


def test_bibtex_leaves_out_a_url_that_is_the_dois_own_link() -> None:
    """CSL-JSON keeps the export's URL; bibtex styles print doi and url both, so the
    DOI's resolver link is not written twice (another URL is)."""
    doi_link = record("DO  - 10.1000/ABC", "UR  - https://doi.org/10.1000/abc")
    done = run_citeconv("convert", "--to", "bibtex", input=doi_link.encode())
    assert b"doi = {10.1000/ABC}" in done.stdout and b"url =" not in done.stdout
    other = record("DO  - 10.1000/abc", "UR  - https://www.nejm.org/doi/full/10.1000/abc")
    done = run_citeconv("convert", "--to", "bibtex", input=other.encode())
    assert b"url = {https://www.nejm.org/doi/full/10.1000/abc}" in done.stdout


@pytest.mark.parametrize("marker", ["...", "…"])
def test_an_ellipsis_as_the_last_author_is_a_cut_list_not_a_person(marker: str) -> None:
    """Publish or Perish (Google Scholar) writes "AU  - ..." after the names it has."""
    item = read_one(record("AU  - Zanko, A", "AU  - Hill, JL", f"AU  - {marker}"))
    assert [n["family"] for n in item["author"]] == ["Zanko", "Hill"]
    assert item["custom"][ET_AL] == ["author"]


def test_ovid_export_with_crlf_is_refused_by_name() -> None:
    """Zotero's Ovid BIOSIS test case (CRLF): the Ovid test missed "\\r", and read as
    RIS its four records became one."""
    data = (
        b"<1. >\r\nVN  - Ovid Technologies\r\nDB  - BIOSIS\r\nTI  - T\r\n\r\n"
        b"<2. >\r\nVN  - Ovid\r\n"
    )
    with pytest.raises(InputError, match="Ovid"):
        read(data)
