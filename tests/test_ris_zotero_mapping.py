"""``--mapping zotero``: type-dependent tags read as Zotero's RIS import reads them.

Each fixture is one record of a type where EndNote's layout (the default reading)
and Zotero disagree; the expected values are what Zotero's RIS.js makes of it,
exported as CSL (its item type's CSL type, its creator types' CSL roles). What the
issue asks beyond Zotero (names "Given Family", J2 as the abbreviation, DOI rules)
holds in both readings.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from citeconv.diagnostics import Report, UsageError
from citeconv.readers.ris.reader import read_ris

from conftest import run_citeconv


def read_one(text: str, tag_mapping: str) -> dict[str, Any]:
    items = list(
        read_ris(io.BytesIO(text.encode()), "fixture.ris", Report(), tag_mapping=tag_mapping)
    )
    assert len(items) == 1
    return items[0].to_csl()


def family(csl: dict[str, Any], role: str) -> list[str]:
    return [name.get("family") or name.get("literal") for name in csl.get(role, [])]


EBOOK = """TY  - EBOOK
AU  - Roe, Ann
A2  - Editor, Edna
A3  - Series, Sam
TI  - An electronic book
T2  - A Series
PY  - 2020
ER  -
"""


def test_ebook_secondary_and_tertiary_authors_by_reading() -> None:
    # EndNote's Electronic Book layout: A2 "Editor", A3 "Editor, Series". Zotero
    # reads an EBOOK as a book, whose A2 is the series editor and A3 the editor.
    endnote = read_one(EBOOK, "endnote")
    assert family(endnote, "editor") == ["Editor"]
    assert family(endnote, "collection-editor") == ["Series"]
    zotero = read_one(EBOOK, "zotero")
    assert family(zotero, "editor") == ["Series"]
    assert family(zotero, "collection-editor") == ["Editor"]
    assert zotero["collection-title"] == "A Series"


UNPUBLISHED = """TY  - UNPB
AU  - Smith, Jane
TI  - A draft
PY  - 2021
ER  -
"""


def test_unpublished_work_is_a_journal_article_for_zotero() -> None:
    # Zotero's type table has UNPD, not the specification's UNPB: an unknown TY
    # becomes its default type, journalArticle. The default reading keeps it a
    # manuscript.
    assert read_one(UNPUBLISHED, "endnote")["type"] == "manuscript"
    assert read_one(UNPUBLISHED, "zotero")["type"] == "article-journal"


@pytest.mark.parametrize(
    ("ris_type", "endnote", "zotero"),
    [
        ("CTLG", "book", "article-magazine"),
        ("CHART", "figure", "graphic"),
        ("STAND", "standard", "report"),
        ("MUSIC", "musical_score", "song"),
        ("JFULL", "periodical", "article-journal"),
        ("INPR", "article-journal", "manuscript"),
        ("LEGAL", "regulation", "legal_case"),
        ("ANCIENT", "classic", "document"),
    ],
)
def test_types_by_reading(ris_type: str, endnote: str, zotero: str) -> None:
    record = f"TY  - {ris_type}\nTI  - A title\nER  - \n"
    assert read_one(record, "endnote")["type"] == endnote
    assert read_one(record, "zotero")["type"] == zotero


def test_generic_record_without_journal_tags() -> None:
    record = "TY  - GEN\nAU  - Smith, Jane\nTI  - A thing\nPB  - Someone\nER  - \n"
    assert read_one(record, "endnote")["type"] == "document"
    assert read_one(record, "zotero")["type"] == "article-journal"  # every GEN


MUSIC = """TY  - MUSIC
AU  - Composer, Carl
A2  - Performer, Pat
A3  - Series, Sam
A4  - Producer, Pia
TI  - A score
ER  -
"""


def test_music_roles_for_zotero_are_an_audio_recording_s() -> None:
    zotero = read_one(MUSIC, "zotero")
    assert family(zotero, "composer") == ["Composer"]
    assert family(zotero, "author") == ["Performer"]  # performer: the CSL author
    assert family(zotero, "translator") == ["Producer"]  # A4's default role
    assert "collection-editor" not in zotero
    assert zotero["custom"]["A3"] == ["Series, Sam"]  # Zotero: a note; kept, not lost


def test_film_cast_and_conference_name_for_zotero() -> None:
    film = "TY  - MPCT\nAU  - Director, Dee\nA2  - Series, Sam\nC1  - Cast, Cat\nER  - \n"
    zotero = read_one(film, "zotero")
    assert family(zotero, "author") == ["Director"]
    assert "performer" not in zotero  # Zotero's film has no cast member
    assert zotero["custom"]["A2"] == ["Series, Sam"]
    assert zotero["custom"]["C1"] == ["Cast, Cat"]
    paper = "TY  - CPAPER\nTI  - A talk\nT2  - Conf 2020\nER  - \n"
    assert read_one(paper, "endnote")["container-title"] == "Conf 2020"
    zotero_paper = read_one(paper, "zotero")
    assert zotero_paper["event-title"] == "Conf 2020"
    assert "container-title" not in zotero_paper


def test_access_date_in_da_is_the_date_for_zotero() -> None:
    record = "TY  - EJOUR\nTI  - A page\nPY  - 2019\nDA  - 2021/03/04\nER  - \n"
    endnote = read_one(record, "endnote")
    assert endnote["issued"] == {"date-parts": [[2019]]}
    assert endnote["accessed"] == {"date-parts": [[2021, 3, 4]]}
    zotero = read_one(record, "zotero")
    assert zotero["issued"] == {"date-parts": [[2021, 3, 4]]}
    assert "accessed" not in zotero


PROCITE_BOOK = """TY  - BOOK
N1  - Record ID: 200
A1  - Author, Ann
N1  - Author Role: author
N1  - Author, Subsidiary: Sam Subsidiary
N1  - Author Role: compiler
TI  - A book
ER  -
"""


def test_procite_creator_notes_become_names_for_zotero_only() -> None:
    # Zotero: the note takes the first free tag of A1, A2, A3 (here A2, a book's
    # series editor), the name written "Given Family".
    zotero = read_one(PROCITE_BOOK, "zotero")
    assert zotero["collection-editor"] == [{"family": "Subsidiary", "given": "Sam"}]
    endnote = read_one(PROCITE_BOOK, "endnote")
    assert "collection-editor" not in endnote
    assert "Author, Subsidiary: Sam Subsidiary" in endnote["note"]


def test_what_the_issue_asks_holds_in_the_zotero_reading() -> None:
    record = """TY  - JOUR
AU  - Jane Smith
TI  - A title
JO  - J. Abbr.
J2  - J Abbr
UR  - https://doi.org/10.1000/xyz
ER  -
"""
    zotero = read_one(record, "zotero")
    assert zotero["author"] == [{"family": "Smith", "given": "Jane"}]
    assert zotero["DOI"] == "10.1000/xyz"
    assert zotero["URL"] == "https://doi.org/10.1000/xyz"  # the export's URL is data
    assert zotero["container-title-short"] == "J Abbr"


def test_unknown_mapping_is_refused() -> None:
    # A usage error (a CiteconvError, exit 2), not a raw ValueError for API users.
    with pytest.raises(UsageError, match="unknown tag mapping"):
        read_one(UNPUBLISHED, "mendeley")


def test_command_line_mapping_option() -> None:
    done = run_citeconv("convert", "--to", "csl-json", "--mapping", "zotero", input=EBOOK.encode())
    assert done.returncode == 0, done.stderr
    assert b'"collection-editor": [\n      {\n        "family": "Editor"' in done.stdout
    default = run_citeconv("convert", "--to", "csl-json", input=EBOOK.encode())
    assert b'"collection-editor": [\n      {\n        "family": "Series"' in default.stdout
    refused = run_citeconv("convert", "--to", "apa", "--mapping", "zoter", input=EBOOK.encode())
    assert refused.returncode == 2
    assert b"unknown mapping 'zoter'; did you mean zotero? (use endnote or zotero)" in (
        refused.stderr
    )
    assert refused.stdout == b""
    checked = run_citeconv("check", "--mapping", "zotero", input=EBOOK.encode())
    assert checked.returncode == 0
    assert b"1 record read" in checked.stderr
