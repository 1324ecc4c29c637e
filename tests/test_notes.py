"""Export bookkeeping in notes: out of ``note``, kept in ``custom["export-notes"]``."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeconv.model import EXPORT_NOTES, Item
from citeconv.notes import file_bookkeeping, split_note

from conftest import CORPUS, citeconv_command

SCOPUS = CORPUS / "misc" / "016-asreview-scopus.ris"


def test_scopus_lines_all_bookkeeping() -> None:
    note = (
        "Export Date: 18 November 2019\n\nCODEN: PSYCD\n\nCorrespondence Address: "
        "Elsenbruch, S.; Hufelandstr. 55, Germany; email: s@uk-essen.de\n\n"
        "Funding text\xa01:\xa0Funded by the DFG\n\nReferences: Agostini, A., (2014) Gut;\n"
        "Allen, A.P., (2016) Transl Psychiatry"
    )
    user, found = split_note(note)
    assert user == ""
    assert found == [
        "Export Date: 18 November 2019",
        "CODEN: PSYCD",
        "Correspondence Address: Elsenbruch, S.; Hufelandstr. 55, Germany; email: s@uk-essen.de",
        "Funding text\xa01:\xa0Funded by the DFG",
        "References: Agostini, A., (2014) Gut;\nAllen, A.P., (2016) Transl Psychiatry",
    ]


def test_old_scopus_one_line() -> None:
    user, found = split_note("Cited By (since 1996): 5; Export Date: 1 April 2016; Source: Scopus")
    assert (user, found) == (
        "",
        ["Cited By (since 1996): 5", "Export Date: 1 April 2016", "Source: Scopus"],
    )


def test_scopus_bibtex_cited_by() -> None:
    assert split_note("cited By 12") == ("", ["cited By 12"])


def test_user_note_kept_beside_bookkeeping() -> None:
    user, found = split_note(
        "Read for chapter 3\n\nExport Date: 7 December 2022\n\nDisagree with §4"
    )
    assert user == "Read for chapter 3\n\nDisagree with §4"
    assert found == ["Export Date: 7 December 2022"]
    user, found = split_note("Important; Export Date: 1 April 2016")
    assert (user, found) == ("Important", ["Export Date: 1 April 2016"])


@pytest.mark.parametrize(
    "note",
    [
        "References to older work are in the appendix",  # no colon after the label
        "The source: a survey of 300 clinics",  # Source: without a database name
        "Cited by many as the first trial",  # no count
        "See the export date: it is wrong",  # a label not at a segment's start
        "Phase 2 trial; status: recruiting",
    ],
)
def test_user_sentences_untouched(note: str) -> None:
    assert split_note(note) == (note, [])


def test_item_note_moves_to_custom() -> None:
    item = Item(id="a", type="article-journal", fields={"note": "Export Date: 1 April 2016"})
    file_bookkeeping(item)
    assert "note" not in item.fields
    assert item.custom[EXPORT_NOTES] == ["Export Date: 1 April 2016"]


_WORDS = st.sampled_from(
    [
        "Export Date: 1 May 2020",
        "CODEN: X",
        "References: A, B;",
        "Cited By :3",
        "my note",
        "Source: Scopus",
        "; ",
        "\n",
        "\n\n",
        " ",
        "text",
        "\xa0",
        ":",
        "Funding text 2: y",
    ]
)


@given(st.lists(_WORDS, max_size=12).map("".join))
def test_nothing_lost(note: str) -> None:
    """Every character of the note but blanks and ``;`` is in the user's note or in
    a bookkeeping segment, as often as it was in the note."""
    user, found = split_note(note)

    def letters(text: str) -> Counter[str]:
        return Counter(re.sub(r"[\s;]", "", text))

    assert letters(note) == letters(user) + sum((letters(f) for f in found), Counter())
    again_user, again_found = split_note(user)
    assert again_found == [] and again_user == user  # what stays is no bookkeeping


@pytest.mark.skipif(not SCOPUS.exists(), reason="shared corpus absent")
def test_scopus_export_cli(tmp_path: Path) -> None:
    """A real Scopus export: no bookkeeping in BibTeX, all of it in CSL-JSON's custom,
    written back as N1 lines by RIS, and RIS → RIS → CSL-JSON the same."""
    cmd = [citeconv_command()]
    bib = subprocess.run(
        [*cmd, "convert", str(SCOPUS), "--to", "bibtex", "-q"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Export Date" not in bib and "References:" not in bib and "CODEN" not in bib
    assert "Funding text" not in bib
    data = json.loads(
        subprocess.run(
            [*cmd, "convert", str(SCOPUS), "--to", "csl-json", "-q"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert len(data) == 6
    assert all(any(n.startswith("Export Date") for n in d["custom"][EXPORT_NOTES]) for d in data)
    ris = tmp_path / "again.ris"
    subprocess.run([*cmd, "convert", str(SCOPUS), "--to", "ris", "-q", "-o", str(ris)], check=True)
    assert ris.read_text().count("N1  - Export Date:") == 6
    back = json.loads(
        subprocess.run(
            [*cmd, "convert", str(ris), "--to", "csl-json", "-q"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert [d["custom"][EXPORT_NOTES] for d in back] == [
        [re.sub(r"\s*\n\s*", " ", n) for n in d["custom"][EXPORT_NOTES]] for d in data
    ]
    apa = subprocess.run(
        [*cmd, "convert", str(SCOPUS), "--to", "apa", "-q"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Export Date" not in apa and apa.count("\n") >= 6


@pytest.mark.parametrize(
    "note",
    [
        "References: see chapter 2 of my thesis",
        "Sponsors: we thank the ACM",
        "Cited by 3 colleagues as a key paper",
        "Document Type: my own classification of this paper",
        "Open Access: yes, I checked this myself",
        "Publication Type: I think it is a review",
        "Entry Date: when I added it",
        "CODEN: ask the librarian",
        "Source: interview with the author",
        "Correspondence Address: my office",
    ],
)
def test_a_users_note_that_starts_with_a_label_word_stays(note: str) -> None:
    """The value must have the databases' shape (found by the review of issue 19)."""
    assert split_note(note) == (note, [])


def test_a_one_line_label_ends_at_its_line() -> None:
    # Zotero's Extra, as CSL-JSON has it: the key: value lines are citeproc-js's.
    note = (
        "Publisher: Elsevier\nSource: Scopus\nPMID: 12345\nCitation Key: smith2020\n"
        "original-date: 1999\nMy own remark"
    )
    user, found = split_note(note)
    assert found == ["Source: Scopus"]
    assert user == (
        "Publisher: Elsevier\nPMID: 12345\nCitation Key: smith2020\noriginal-date: 1999\n"
        "My own remark"
    )
    assert split_note("Export Date: 18 November 2019\nMy own remark") == (
        "My own remark",
        ["Export Date: 18 November 2019"],
    )


def test_a_reference_list_runs_over_its_lines_and_holds_labels() -> None:
    references = (
        "References: Smith, A., Trial one (2001) Lancet, 1, pp. 1-2;\n"
        "Cited by 3: Jones, B., Trial two (2002) BMJ, 2, pp. 3-4;\nLee, C., Three (2003) Gut"
    )
    user, found = split_note(f"{references}\n\nMy note")
    assert (user, found) == ("My note", [references])


def test_no_quadratic_time_on_a_long_run_of_blanks() -> None:
    import time

    start = time.monotonic()
    for note in ("Cited by" + " " * 40_000, "Export Date" + " " * 40_000 + "x"):
        assert split_note(note) == (note, [])
    assert time.monotonic() - start < 1


def test_endnote_xml_and_refer_notes_keep_their_lines(tmp_path: Path) -> None:
    """EndNote joined a note's lines into one (&#xD; lost), so a Scopus reference
    list imported into EndNote stayed in the BibTeX note (review of issue 19)."""
    refs = "References: Smith, A., One (2001) Lancet, 1; Jones, B., Two (2002) BMJ, 2"
    xml = tmp_path / "lib.xml"
    xml.write_text(
        "<xml><records><record><ref-type name='Journal Article'>17</ref-type>"
        "<titles><title>A study</title></titles>"
        f"<notes>Read for chapter 3&#xD;Export Date: 18 November 2019&#xD;{refs}</notes>"
        "</record></records></xml>",
        encoding="utf-8",
    )
    enw = tmp_path / "lib.enw"
    enw.write_text(
        f"%0 Journal Article\n%T A study\n%Z Read for chapter 3\n"
        f"%Z Export Date: 18 November 2019\n%Z {refs}\n",
        encoding="utf-8",
    )
    cmd = [citeconv_command()]
    for path in (xml, enw):
        data = json.loads(
            subprocess.run(
                [*cmd, "convert", str(path), "--to", "csl-json", "-q"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        assert data[0]["note"] == "Read for chapter 3", path.name
        assert data[0]["custom"][EXPORT_NOTES] == ["Export Date: 18 November 2019", refs]
