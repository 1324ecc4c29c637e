"""The Ovid tagged reader (Ovid MEDLINE, Embase, PsycINFO, BIOSIS): numbered
records, the tags' indent, continuation lines, the SO citation read for what the
tags leave out, Zotero's own import expectations, and the choice of reader."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.diagnostics import InputError, Report
from citeconv.readers import ReadOptions, choose_reader, read_stream
from citeconv.readers.ovid import read_ovid

from conftest import ROOT, run_citeconv

FORMATS = Path(ROOT.parent / "shared" / "corpus-formats" / "pubmed-medline")

#: An Ovid MEDLINE record as "Complete Reference" writes it: short names (AU) and
#: full ones (FA), UI the PMID, SO the citation, the DOI as a link.
MEDLINE = (
    b"<1. >\n"
    b"VN  - Ovid Technologies\n"
    b"DB  - Ovid MEDLINE(R) ALL\n"
    b"UI  - 31234567\n"
    b"TI  - Effects of things on other things: a randomised trial of the\n"
    b"      very long title.\n"
    b"LG  - English\n"
    b"AU  - van der Berg J\n"
    b"AU  - Smith AB\n"
    b"FA  - van der Berg, Jan\n"
    b"FA  - Smith, Alice B\n"
    b"IN  - van der Berg, Jan. Department of Medicine, Leiden, Netherlands.\n"
    b"SO  - Journal of Things. 12(3):123-30, 2019 Mar.\n"
    b"IS  - 1234-5678\n"
    b"PT  - Journal Article\n"
    b"YR  - 2019\n"
    b"EP  - 20190115\n"
    b"DI  - https://dx.doi.org/10.1000/xyz.123\n"
    b"MH  - *Things\n"
    b"MH  - Humans\n"
    b"XL  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=31234567\n"
)

#: An Embase record: its own SO shape ("41 (6) (pp 1033-1040), 2011."), JN/VO/IP/PG.
EMBASE = (
    b"<2. >\n"
    b"VN  - Ovid Technologies\n"
    b"DB  - Embase\n"
    b"AN  - 2011301234\n"
    b"TI  - Sepsis in the elderly.\n"
    b"AU  - Rossi M.\n"
    b"AU  - Bianchi L.\n"
    b"SO  - Intensive Care Medicine. 41 (6) (pp 1033-1040), 2011. Date of Publication: June 2011.\n"
    b"PT  - Journal: Article\n"
    b"DT  - Conference Abstract\n"
    b"YR  - 2011\n"
    b"PM  - 21345678\n"
    b"DO  - http://dx.doi.org/10.1007/s00134-011-0000-1\n"
)


def read(data: bytes, report: Report | None = None) -> list[dict[str, Any]]:
    items = read_ovid(io.BytesIO(data), "in.ovd", report or Report())
    return [item.to_csl() for item in items]


def test_an_ovid_medline_record() -> None:
    [item] = read(MEDLINE)
    assert item["type"] == "article-journal"
    assert item["title"] == (
        "Effects of things on other things: a randomised trial of the very long title"
    )
    assert item["PMID"] == "31234567"
    assert item["DOI"] == "10.1000/xyz.123"
    assert item["source"] == "Ovid MEDLINE(R) ALL"
    # The full names (FA) over the short ones, particles read.
    assert [(a.get("non-dropping-particle"), a["family"], a["given"]) for a in item["author"]] == [
        ("van der", "Berg", "Jan"),
        (None, "Smith", "Alice B"),
    ]
    # From SO: the journal, volume, issue, pages (the range written in full), date.
    assert item["container-title"] == "Journal of Things"
    assert (item["volume"], item["issue"], item["page"]) == ("12", "3", "123-130")
    assert item["issued"] == {"date-parts": [[2019, 3]]}
    assert item["available-date"] == {"date-parts": [[2019, 1, 15]]}
    assert item["keyword"] == "Things, Humans"  # "*" marks a major heading
    # SO is kept whole, and the tags without a CSL home under their own names.
    assert item["custom"]["SO"] == ["Journal of Things. 12(3):123-30, 2019 Mar."]
    assert item["custom"]["XL"] == ["http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=31234567"]
    assert "VN" not in item["custom"] and "YR" not in item["custom"]


def test_an_embase_record_and_its_citation_shape() -> None:
    [item] = read(EMBASE)
    assert item["type"] == "paper-conference"  # DT over PT
    assert item["container-title"] == "Intensive Care Medicine"
    assert (item["volume"], item["issue"], item["page"]) == ("41", "6", "1033-1040")
    assert item["PMID"] == "21345678" and item["archive_location"] == "2011301234"
    assert [(a["family"], a["given"]) for a in item["author"]] == [
        ("Rossi", "M."),
        ("Bianchi", "L."),
    ]
    assert item["issued"] == {"date-parts": [[2011, 6]]}  # "Date of Publication: June 2011"


def test_tags_win_over_the_citation() -> None:
    data = EMBASE + b"JN  - Intensive Care Med (Tagged)\nVO  - 42\nIP  - 7\nPG  - 1-9\n"
    [item] = read(data)
    assert item["container-title"] == "Intensive Care Med (Tagged)"
    assert (item["volume"], item["issue"], item["page"]) == ("42", "7", "1-9")


def test_records_by_marker_and_by_vn_without_markers() -> None:
    assert len(read(MEDLINE + b"\n" + EMBASE)) == 2
    bare = (MEDLINE + EMBASE).replace(b"<1. >\n", b"").replace(b"<2. >\n", b"")
    assert [i["title"][:6] for i in read(bare)] == ["Effect", "Sepsis"]


def test_a_line_that_looks_like_a_tag_inside_an_indented_value_is_text() -> None:
    """Continuations are indented: "HIV - positive" wrapped to a line's start is
    text (its indent is not the tags'), where the tags are themselves indented."""
    data = b" <1. >\n VN  - Ovid Technologies\n TI  - Care of\n HIV - positive adults\n"
    # A line at the tags' indent that is not a known shape still joins the field.
    [item] = read(data)
    assert item["title"] == "Care of"
    assert item["custom"]["HIV"] == ["positive adults"]
    indented = b"<1. >\nVN  - Ovid Technologies\nTI  - Care of\n      HIV - positive adults\n"
    [item] = read(indented)
    assert item["title"] == "Care of HIV - positive adults"


def test_blank_lines_and_untagged_lines_inside_a_field_belong_to_it() -> None:
    data = (
        b" <1. >\n VN  - Ovid Technologies\n TI  - T\n"
        b" GS  - <b>Sponsor: </b>Japan Society\n <b>Grant: </b>G108\n\n\n"
        b" AB  - An abstract.\n"
    )
    [item] = read(data)
    assert item["custom"]["GS"] == ["<b>Sponsor: </b>Japan Society <b>Grant: </b>G108"]
    assert item["abstract"] == "An abstract."


def test_crlf_single_space_separator_and_marker_without_a_period() -> None:
    data = b"<1>\r\nVN - Ovid Technologies\r\nDB - PsycINFO\r\nTI - One\r\n<2>\r\nTI - Two\r\n"
    assert [i["title"] for i in read(data)] == ["One", "Two"]


def test_bracketed_notes_leave_the_names_and_none_values_are_dropped() -> None:
    data = (
        b"<1. >\nVN  - Ovid Technologies\nTI  - T\n"
        b"AU  - Werner, S. M. [Author, Reprint Author; E-mail: a@b.c]\n"
        b"PG  - No Pagination Specified\nPT  - Article\n"
    )
    [item] = read(data)
    assert item["author"] == [{"family": "Werner", "given": "S. M."}]
    assert item["custom"]["AU"] == ["Werner, S. M. [Author, Reprint Author; E-mail: a@b.c]"]
    assert "page" not in item
    assert item["custom"]["PG"] == ["No Pagination Specified"]


def test_a_chapter_takes_its_editors_and_book_from_the_citation() -> None:
    data = (
        b"<1. >\nVN  - Ovid Technologies\nDB  - PsycINFO\nTI  - A chapter\n"
        b"AU  - Neenan, Michael\n"
        b"SO  - Neenan, Michael [Ed]; Palmer, Stephen [Ed]. (2012). Coaching in practice: An"
        b" approach. (pp. 11-31). xvii, 254 pp. New York, NY, US: Routledge.\n"
        b"PU  - Routledge/Taylor & Francis Group; US\n"
        b"PT  - Book\nDT  - Chapter\nYR  - 2012\n"
    )
    [item] = read(data)
    assert item["type"] == "chapter"
    assert [e["family"] for e in item["editor"]] == ["Neenan", "Palmer"]
    assert item["container-title"] == "Coaching in practice: An approach"
    assert item["page"] == "11-31"
    assert (item["publisher"], item["publisher-place"]) == (
        "Routledge/Taylor & Francis Group",
        "US",
    )


def test_a_patent_keeps_its_number_assignee_and_grant_date() -> None:
    data = (
        b"<1. >\nVN  - Ovid Technologies\nDB  - BIOSIS Previews\nTI  - Supplements\n"
        b"SO  - Official Gazette of the United States Patent & Trademark Office Patents."
        b" 1288(3), Nov. 16, 2004.\n"
        b"PT  - Patent\nPN  - US 6818228\nDG  - November 16, 2004\nPA  - Mission Co\n"
        b"PC  - USA\nYR  - 2004\n"
    )
    [item] = read(data)
    assert item["type"] == "patent"
    assert (item["number"], item["publisher"], item["jurisdiction"]) == (
        "US 6818228",
        "Mission Co",
        "USA",
    )
    assert item["issued"] == {"date-parts": [[2004, 11, 16]]}
    assert "container-title" not in item  # the Gazette is where it was announced


def test_a_date_not_understood_is_kept_with_a_warning() -> None:
    report = Report()
    [item] = read(b"<1. >\nVN  - Ovid Technologies\nTI  - T\nYR  - Forthcoming\n", report)
    assert item["issued"] == {"raw": "Forthcoming"}
    assert any("YR" in d.message for d in report.diagnostics)


def test_text_before_the_first_record_is_a_warning_and_no_record_an_error() -> None:
    report = Report()
    read(b"Search history\n<1. >\nVN  - Ovid Technologies\nTI  - T\n", report)
    assert [(d.line, d.message) for d in report.diagnostics] == [
        (1, "text outside an Ovid record; skipped")
    ]
    with pytest.raises(InputError, match="no records"):
        read(b"just text\n")


@pytest.mark.parametrize(
    "source",
    ["1(" + "a" * 200_000, "a" * 200_000 + "[X] [Ed]", "x. " + "1" * 200_000 + "(", "(" * 100_000],
)
def test_a_hostile_citation_costs_nothing(source: str) -> None:
    """SO is read for its first 1,000 characters: nested or unclosed brackets and
    long runs made the volume and editor patterns quadratic."""
    import time

    for kind in ("Journal Article", "Chapter"):
        data = f"<1. >\nVN  - Ovid\nTI  - T\nPT  - {kind}\nSO  - {source}\n".encode()
        start = time.process_time()
        [item] = read(data)
        assert time.process_time() - start < 1.0
        assert item["custom"]["SO"] == [source]


def test_a_record_longer_than_the_bound_is_refused_with_its_line() -> None:
    data = b"<1. >\nVN  - Ovid Technologies\nAB  - " + b"x" * 2000 + b"\n"
    with pytest.raises(InputError, match="longer than") as raised:
        list(read_ovid(io.BytesIO(data), "in", Report(), max_line_bytes=1000))
    assert raised.value.line == 1


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["TI", "AU", "AB", "SO", "JN", "XX", "KW", "YR"]),
                st.text(
                    alphabet=st.characters(
                        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
                    ),
                    max_size=40,
                ),
            ),
            max_size=6,
        ),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
)
def test_any_records_read_one_item_each_and_titles_survive(
    records: list[list[tuple[str, str]]], indented: bool
) -> None:
    pad = " " if indented else ""
    lines = []
    for number, fields in enumerate(records, start=1):
        lines.append(f"{pad}<{number}. >")
        lines.append(f"{pad}VN  - Ovid Technologies")
        lines.extend(f"{pad}{tag}  - {' '.join(value.split())}" for tag, value in fields)
        lines.append("")
    items = read("\n".join(lines).encode("utf-8"))
    assert len(items) == len(records)
    for item, fields in zip(items, records, strict=True):
        titles = [" ".join(v.split()) for tag, v in fields if tag == "TI" and v.strip()]
        if titles:
            assert item["title"].strip(" .") or titles[0].strip(" .[]") == ""


# ---------------------------------------------------------------- choice of reader


def test_auto_chooses_ovid_and_ris_or_medline_asked_for_are_refused_with_a_hint(
    tmp_path: Path,
) -> None:
    assert choose_reader(MEDLINE, "x.txt")[0].name == "ovid"
    assert choose_reader(b" " + EMBASE.replace(b"\n", b"\n "), "x.txt")[0].name == "ovid"
    path = tmp_path / "export.txt"
    path.write_bytes(MEDLINE)
    result = run_citeconv("convert", str(path), "--to", "csl-json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["PMID"] == "31234567"
    for forced in ("ris", "medline"):
        result = run_citeconv("convert", str(path), "--from", forced, "--to", "csl-json")
        assert result.returncode != 0
        assert "--from ovid" in result.stderr.decode(), result.stderr


def test_read_stream_reads_ovid_from_a_pipe() -> None:
    items = list(read_stream(io.BytesIO(MEDLINE + EMBASE), "-", Report(), ReadOptions()))
    assert [i.fields["PMID"] for i in items] == ["31234567", "21345678"]


# ---------------------------------------------------------------- real exports


_ZOTERO_TYPES = {
    "journalArticle": "article-journal",
    "bookSection": "chapter",
    "patent": "patent",
    "thesis": "thesis",
}
#: Where citeconv reads a record otherwise than Zotero, on purpose: (file, record,
#: field) → why.
DISAGREEMENTS = {
    # Zotero's cleanAuthor adds a period to a bare initial ("Donna L" → "Donna L.");
    # citeconv keeps the given name as written (a style initialises it).
    ("006-zotero-ovid-tc5-psycinfo-leading-space", 1, "authors"): "initials as written",
    ("007-zotero-ovid-tc6-psycinfo-single-space-sep", 0, "authors"): "initials as written",
    # Zotero reads "Palmer" as "; Palmer" (its editor pattern keeps the separator).
    ("007-zotero-ovid-tc6-psycinfo-single-space-sep", 1, "editors"): "Zotero's '; Palmer'",
    # Zotero gives a year and month; SO has the day too ("November 15, 2004").
    ("005-zotero-ovid-tc0-biosis", 1, "date"): "the day from SO",
    # A patent's date is its grant date (DG "November 16, 2004"); Zotero gives YR.
    ("005-zotero-ovid-tc0-biosis", 0, "date"): "the grant date DG",
    # Zotero's patent has no call number or catalogue; CSL's does (the accession
    # number and the database are not dropped for a patent).
    ("005-zotero-ovid-tc0-biosis", 0, "accession"): "kept for a patent",
    ("005-zotero-ovid-tc0-biosis", 0, "database"): "kept for a patent",
    # A dissertation's JN/VO/IP (Dissertation Abstracts International, 75, 2-A(E))
    # stay where the tags put them; Zotero's thesis has no such fields.
    ("007-zotero-ovid-tc6-psycinfo-single-space-sep", 0, "container"): "DAI kept",
    ("007-zotero-ovid-tc6-psycinfo-single-space-sep", 0, "volume"): "DAI kept",
    ("007-zotero-ovid-tc6-psycinfo-single-space-sep", 0, "issue"): "DAI kept",
    # PsycINFO's PU "Routledge/Taylor & Francis Group; US" is publisher; place.
    ("007-zotero-ovid-tc6-psycinfo-single-space-sep", 1, "publisher"): "PU split",
    # The patent's assignee (PA) is its publisher, as WoS's AE; Zotero drops it.
    ("005-zotero-ovid-tc0-biosis", 0, "publisher"): "the assignee",
}


@pytest.mark.parametrize(
    "stem",
    [
        "005-zotero-ovid-tc0-biosis",
        "006-zotero-ovid-tc5-psycinfo-leading-space",
        "007-zotero-ovid-tc6-psycinfo-single-space-sep",
    ],
)
def test_zotero_import_expectations(stem: str) -> None:
    path = FORMATS / f"{stem}.expected.json"
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    expected = json.loads(path.read_text("utf-8"))
    ours = read((FORMATS / f"{stem}.txt").read_bytes())
    assert len(ours) == len(expected)
    months = ["", "January", "February", "March", "April", "May", "June", "July"]
    months += ["August", "September", "October", "November", "December"]
    for n, (theirs, mine) in enumerate(zip(expected, ours, strict=True)):
        parts = (mine.get("issued") or {}).get("date-parts", [[]])[0]
        theirs_date = theirs.get("date") or theirs.get("issueDate")
        # Zotero's "2004 November" / "2015 Sep" / "2004": the same words from ours.
        words = [str(p) for p in parts[:1]]
        if len(parts) > 1:
            month = months[parts[1]]
            given = (theirs_date or "").split()[1:2]
            words.append(month[: len(given[0])] if given else month)
        words += [str(p) for p in parts[2:]]
        date = " ".join(words)
        compared = {
            "type": (_ZOTERO_TYPES[theirs["itemType"]], mine["type"]),
            "title": (theirs.get("title"), mine.get("title")),
            "date": (theirs_date, date),
            "pages": (theirs.get("pages"), mine.get("page")),
            "volume": (theirs.get("volume"), mine.get("volume")),
            "issue": (theirs.get("issue"), mine.get("issue")),
            "DOI": (theirs.get("DOI"), mine.get("DOI")),
            "container": (
                theirs.get("publicationTitle") or theirs.get("bookTitle"),
                mine.get("container-title"),
            ),
            "accession": (theirs.get("callNumber"), mine.get("archive_location")),
            "database": (theirs.get("libraryCatalog"), mine.get("source")),
            "patent number": (theirs.get("patentNumber"), mine.get("number")),
            "publisher": (
                theirs.get("university") or theirs.get("publisher"),
                mine.get("publisher"),
            ),
            "authors": (
                [
                    (c["lastName"], c["firstName"])
                    for c in theirs["creators"]
                    if c["creatorType"] == "author"
                ],
                [(a["family"], a["given"]) for a in mine.get("author", [])],
            ),
            "editors": (
                [c["lastName"] for c in theirs["creators"] if c["creatorType"] == "editor"],
                [a["family"] for a in mine.get("editor", [])],
            ),
        }
        for field, (want, got) in compared.items():
            if (stem, n, field) in DISAGREEMENTS:
                assert want != got, (n, field)
                continue
            assert (want or None) == (got or None), (n, field)


# ------------------------------------------------- shapes seen in real exports


def test_embase_conference_abstract_its_meeting_and_its_accession_number() -> None:
    """Embase's UI is its own record number (not a PMID); its conference SO names the
    journal, then the meeting and its place; "(no pagination)" and the date note are
    not pages (knh11545/commandline4expertsearchers' Embase export)."""
    data = (
        b"<1. >\nVN  - Ovid Technologies\nDB  - Embase\nUI  - 621381829\n"
        b"TI  - Quality of life in PCD: A systematic review.\n"
        b"SO  - BMC Proceedings. Conference: 2nd BEAT-PCD Conference and 3rd PCD Training"
        b" School: Part 2. Spain. 12 (Supplement 3) (no pagination), 2018. Date of"
        b" Publication: 2018.\n"
        b"AU  - Behan L.\nPT  - Conference Abstract\nYR  - 2018\n"
    )
    [item] = read(data)
    assert "PMID" not in item and item["archive_location"] == "621381829"
    assert item["container-title"] == "BMC Proceedings"
    assert item["event-title"] == "2nd BEAT-PCD Conference and 3rd PCD Training School: Part 2"
    assert item["event-place"] == "Spain"
    assert (item["volume"], item["issue"]) == ("12", "Supplement 3")
    assert "page" not in item


def test_journals_at_ovid_citation_names_and_quoted_title() -> None:
    """Journals@Ovid: "Journal Month YYYY;vol(issue):pages", degrees and affiliation
    numbers after names, the title in quotes with its label."""
    data = (
        b"<6. >\nVN  - Ovid Technologies\nDB  - Journals@Ovid\nAN  - 01445365-201506000-00011.\n"
        b"AU  - Lefkowitz, Rafael Y. MD, MPH 1\nAU  - Slade, Martin D. MPH 1\n"
        b'TI  - "Injury, Illness, and Work Restriction in Merchant Seafarers".  [Article]\n'
        b"SO  - American Journal Of Industrial Medicine June 2015;58(6):688-696\n"
        b"LG  - English.\nDT  - Research Articles.\nDI  - 10.1002/ajim.22459\n"
    )
    [item] = read(data)
    assert item["title"] == "Injury, Illness, and Work Restriction in Merchant Seafarers"
    assert item["author"] == [
        {"family": "Lefkowitz", "given": "Rafael Y."},
        {"family": "Slade", "given": "Martin D."},
    ]
    assert item["container-title"] == "American Journal Of Industrial Medicine"
    assert (item["volume"], item["issue"], item["page"]) == ("58", "6", "688-696")
    assert item["issued"] == {"date-parts": [[2015]]}
    assert item["language"] == "English"
    assert item["archive_location"] == "01445365-201506000-00011"


def test_books_at_ovid_several_editors_in_one_line_make_a_book() -> None:
    data = (
        b"<1. >\nVN  - Ovid Technologies\nDB  - Books@Ovid\nTI  - Colour Atlas, A\n"
        b"ED  - McGarry, John W.;  Elsheikha, Hany M.;  Taylor, Suzanne\n"
        b"PU  - CABI Publishing\nPT  - Text/Reference\nYR  - 2024\n"
    )
    [item] = read(data)
    assert item["type"] == "book"
    assert [e["family"] for e in item["editor"]] == ["McGarry", "Elsheikha", "Taylor"]
    assert item["publisher"] == "CABI Publishing"


def test_ovid_medline_ui_is_the_pmid_and_an_embase_an_wins_over_ui() -> None:
    [medline] = read(MEDLINE)
    assert medline["PMID"] == "31234567"
    [embase] = read(EMBASE + b"UI  - 999\n")
    assert embase["archive_location"] == "2011301234" and embase["custom"]["UI"] == ["999"]


# ------------------------------------------- from the adversarial review


def test_the_search_history_before_the_records_is_skipped_with_one_note(tmp_path: Path) -> None:
    """Ovid's search history can fill the first 4 KiB: the file was read as RIS and
    its records merged."""
    history = b"Database: Embase <1974 to 2019 March 01>\nSearch Strategy:\n" + b"-" * 80 + b"\n"
    history += b"".join(b"%d     exp neoplasm/ or cancer.tw. (1000)\n" % n for n in range(200))
    path = tmp_path / "ovid.txt"
    path.write_bytes(history + b"\n" + MEDLINE + b"\n" + EMBASE)
    done = run_citeconv("convert", str(path), "--to", "csl-json")
    assert done.returncode == 0, done.stderr
    assert [i["title"][:6] for i in json.loads(done.stdout)] == ["Effect", "Sepsis"]
    assert done.stderr.count(b"note: the search history skipped") == 1
    assert b": warning:" not in done.stderr


def test_records_without_numbers_are_ovid_by_their_vn_and_split_at_a_second_title() -> None:
    bare = (MEDLINE + EMBASE).replace(b"<1. >\n", b"").replace(b"<2. >\n", b"")
    assert choose_reader(bare, "x.txt")[0].name == "ovid"
    report = Report()
    no_vn = bare.replace(b"VN  - Ovid Technologies\n", b"")
    assert [i["title"][:6] for i in read(no_vn, report)] == ["Effect", "Sepsis"]
    assert [d.message for d in report.diagnostics] == [
        "a second TI with no record number: a new record"
    ]


def test_publication_types_match_whole_words_case_reports_is_an_article() -> None:
    data = MEDLINE.replace(
        b"PT  - Journal Article\n", b"PT  - Case Reports\nPT  - Journal Article\n"
    )
    [item] = read(data)
    assert item["type"] == "article-journal"
    assert item["container-title"] == "Journal of Things"


@pytest.mark.parametrize(
    ("source", "volume", "issue", "page"),
    [
        (b"Annals of the New York Academy of Sciences. 1234:1-10, 2011 Aug.", "1234", None, "1-10"),
        (b"BMJ. 2019;364:l1234.", "364", None, "l1234"),
        (b"Journal of Surgery. 41 (pp 1033-1040), 2011.", "41", None, "1033-1040"),
    ],
)
def test_a_volume_without_an_issue_and_pages_that_are_not_an_issue(
    source: bytes, volume: str, issue: str | None, page: str
) -> None:
    data = b"<1. >\nVN  - Ovid Technologies\nDB  - Embase\nTI  - T\nSO  - " + source + b"\n"
    [item] = read(data)
    assert (item.get("volume"), item.get("issue"), item.get("page")) == (volume, issue, page)


def test_a_chapters_book_keeps_its_volume_and_a_short_name_its_suffix() -> None:
    data = (
        b"<1. >\nVN  - Ovid Technologies\nDB  - PsycINFO\nTI  - A chapter\nDT  - Chapter\n"
        b"SO  - Weiner, Irving B [Ed]. (2003). Handbook of psychology: Personality and social"
        b" psychology, Vol. 5. (pp. 1-20). Hoboken, NJ, US: John Wiley.\n"
        b"AU  - Smith J Jr\nAU  - Moore JH 3rd\n"
    )
    [item] = read(data)
    assert item["container-title"] == (
        "Handbook of psychology: Personality and social psychology, Vol. 5"
    )
    assert item["page"] == "1-20"
    assert [(a["family"], a["given"], a.get("suffix")) for a in item["author"]] == [
        ("Smith", "J.", "Jr"),
        ("Moore", "J. H.", "3rd"),
    ]


@pytest.mark.parametrize("tag", [b"MH", b"TI"])
def test_many_keywords_and_a_long_blank_title_cost_linear_time(tag: bytes) -> None:
    """40,000 MH lines took 12.5 s (each checked against a list); a title of 60,000
    blanks 7 s (its label pattern ran over all of it)."""
    import time

    if tag == b"MH":
        body = b"".join(b"MH  - heading %d\n" % n for n in range(30_000))
    else:
        body = b"TI  - a" + b" " * 60_000 + b"b\n"
    start = time.process_time()
    [item] = read(b"<1. >\nVN  - Ovid Technologies\n" + body)
    assert time.process_time() - start < 2.0
    assert len(item.get("keyword", "").split(", ")) == (30_000 if tag == b"MH" else 1)
