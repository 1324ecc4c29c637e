"""Variables in a CSL-JSON note (Zotero's Extra), Zotero's CSL-JSON keys, and
citeproc-js's name conventions (a family name in quotes, "parse-names": false).

Each expectation below was checked against citeproc-js 1.4.61 (APA,
chicago-author-date, NLM, AMA) where it shows in a formatted reference.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.csl.engine import finish_entry, render_marked
from citeconv.diagnostics import Report
from citeconv.model import Item, Name
from citeconv.readers.csl_note import take_note_variables
from citeconv.readers.csl_yaml import read_csl_yaml
from citeconv.readers.csljson import read_csl_json


def read(entry: dict[str, Any]) -> Item:
    data = json.dumps([{"id": "x", "type": "book", "title": "T", **entry}]).encode()
    (item,) = read_csl_json(io.BytesIO(data), "test.json", Report())
    return item


def test_original_date_line_is_read_as_a_date_and_leaves_the_note() -> None:
    item = read({"note": "original-date: 1859"})
    assert item.dates["original-date"].parts == [[1859]]
    assert "note" not in item.fields


def test_issued_with_a_month_is_parsed() -> None:
    assert read({"note": "issued: 2020-05"}).dates["issued"].parts == [[2020, 5]]


def test_a_date_that_does_not_parse_is_kept_raw() -> None:
    assert read({"note": "issued: spring of the comet"}).dates["issued"].raw == (
        "spring of the comet"
    )


def test_a_note_date_does_not_replace_the_items_date() -> None:
    item = read({"issued": {"date-parts": [[2009]]}, "note": "issued: 1859"})
    assert item.dates["issued"].parts == [[2009]]
    assert item.fields["note"] == "issued: 1859"


def test_type_line_sets_the_type() -> None:
    assert read({"type": "article-journal", "note": "type: book"}).type == "book"


def test_type_line_that_is_no_csl_type_stays_in_the_note() -> None:
    item = read({"note": "type: blog"})
    assert item.type == "book"
    assert item.fields["note"] == "type: blog"


def test_upper_case_variables_are_read() -> None:
    item = read({"note": "DOI: 10.1000/xyz\nPMID: 12345"})
    assert item.fields["DOI"] == "10.1000/xyz"
    assert item.fields["PMID"] == "12345"


def test_a_variable_the_item_has_stays_in_the_note() -> None:
    item = read({"DOI": "10.1000/keep", "note": "DOI: 10.1000/other"})
    assert item.fields["DOI"] == "10.1000/keep"
    assert item.fields["note"] == "DOI: 10.1000/other"


def test_names_are_family_and_given_or_literal_one_per_line() -> None:
    item = read({"note": "editor: Hand || Learned\neditor: Ford || Henry\ntranslator: World Bank"})
    assert item.names["editor"] == [
        Name(family="Hand", given="Learned"),
        Name(family="Ford", given="Henry"),
    ]
    assert item.names["translator"] == [Name(literal="World Bank")]


def test_a_name_of_three_parts_stays_in_the_note() -> None:
    item = read({"note": "editor: A || B || C"})
    assert "editor" not in item.names
    assert item.fields["note"] == "editor: A || B || C"


def test_names_the_item_has_are_kept() -> None:
    item = read({"editor": [{"family": "Kept"}], "note": "editor: Hand || Learned"})
    assert item.names["editor"] == [Name(family="Kept")]
    assert item.fields["note"] == "editor: Hand || Learned"


def test_a_key_that_is_no_variable_stays_but_does_not_end_the_block() -> None:
    item = read({"note": "tex-key: value\nDOI: 10.1/x"})
    assert item.fields["DOI"] == "10.1/x"
    assert item.fields["note"] == "tex-key: value"


def test_the_first_line_that_is_no_variable_ends_the_block() -> None:
    item = read({"note": "publisher-place: London\nA remark\noriginal-date: 1800"})
    assert item.fields["publisher-place"] == "London"
    assert "original-date" not in item.dates
    assert item.fields["note"] == "A remark\noriginal-date: 1800"


def test_free_text_on_the_first_line_does_not_end_the_block() -> None:
    # citeproc-js: the first line may be free text ("Remark {:DOI: …}").
    item = read({"note": "My remark\n\nDOI: 10.1/x"})
    assert item.fields["DOI"] == "10.1/x"
    assert item.fields["note"] == "My remark"


def test_inline_variables_are_read_and_the_text_around_them_kept() -> None:
    item = read({"note": "Some remark {:DOI: 10.1/abc}{:original-date: 1950} and more"})
    assert item.fields["DOI"] == "10.1/abc"
    assert item.dates["original-date"].parts == [[1950]]
    assert item.fields["note"] == "Some remark  and more"


def test_an_inline_variable_after_free_text_on_a_later_line_is_left() -> None:
    item = read({"note": "DOI: 10.1/a\nsee {:PMID: 1}"})
    assert "PMID" not in item.fields
    assert item.fields["note"] == "see {:PMID: 1}"


def test_cite_variables_are_not_set_by_a_note() -> None:
    item = read({"note": "locator: 12\nnote: hello"})
    assert "locator" not in item.fields
    assert item.fields["note"] == "locator: 12\nnote: hello"


def test_windows_line_ends() -> None:
    item = read({"note": "DOI: 10.1/x\r\nMy remark\r\n"})
    assert item.fields["DOI"] == "10.1/x"
    assert item.fields["note"] == "My remark"


def test_journal_abbreviation_and_short_title_are_the_csl_short_forms() -> None:
    item = read({"journalAbbreviation": "J. Things", "shortTitle": "Short"})
    assert item.fields["container-title-short"] == "J. Things"
    assert item.fields["title-short"] == "Short"
    assert "journalAbbreviation" not in item.fields and "shortTitle" not in item.fields


def test_journal_abbreviation_does_not_replace_the_short_title() -> None:
    item = read({"container-title-short": "JT", "journalAbbreviation": "J. Things"})
    assert item.fields["container-title-short"] == "JT"
    assert item.fields["journalAbbreviation"] == "J. Things"  # kept: nothing lost


def test_a_note_short_title_wins_over_journal_abbreviation() -> None:
    # citeproc-js reads the note before journalAbbreviation.
    item = read({"journalAbbreviation": "J. A.", "note": "container-title-short: J. B."})
    assert item.fields["container-title-short"] == "J. B."


def test_csl_yaml_reads_note_variables_too() -> None:
    text = b"references:\n- id: y\n  type: book\n  title: T\n  note: 'original-date: 1900'\n"
    (item,) = read_csl_yaml(io.BytesIO(text), "test.yaml", Report())
    assert item.dates["original-date"].parts == [[1900]]


def test_bibtex_gets_the_original_date_of_the_note() -> None:
    from citeconv.writers.bibtex import BiblatexWriter

    item = read({"author": [{"family": "Darwin", "given": "C."}], "note": "original-date: 1859"})
    out = io.StringIO()
    BiblatexWriter().write([item], out)
    assert "origdate = {1859}" in out.getvalue()


_LINE = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.builds(
        "{}: {}".format,
        st.sampled_from(["DOI", "issued", "original-date", "editor", "type", "title", "x-y"]),
        st.sampled_from(["10.1/x", "1900", "Hand || Learned", "book", "A || B || C", "}", ""]),
    ),
    st.builds("{{:{}: {}}}".format, st.sampled_from(["DOI", "PMID", "note"]), st.just("1")),
)


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINE, max_size=6), has_doi=st.booleans())
def test_no_text_of_the_note_is_lost(lines: list[str], has_doi: bool) -> None:
    note = "\n".join(lines)
    data: dict[str, Any] = {"id": "x", "type": "article", "note": note}
    if has_doi:
        data["DOI"] = "10.1/kept"
    before = dict(data)
    taken = take_note_variables(data)
    # What left the note is exactly what was taken, character for character.
    assert _chars(note) == _chars(data.get("note", "")) + _chars("".join(taken))
    # And each piece taken is now a variable of the item.
    for piece in taken:
        key = piece.strip("{}").split(":")[1 if piece.startswith("{") else 0].strip()
        assert key in data and (key not in before or key == "type")


def render(item: Item, style: str) -> str:
    (entry,) = render_marked([item], style)
    return finish_entry(entry.text, "text")


def book(*names: dict[str, Any]) -> Item:
    return Item.from_csl(
        {
            "id": "n",
            "type": "book",
            "title": "T",
            "author": list(names),
            "issued": {"date-parts": [[2001]]},
            "publisher": "Press",
        }
    )


def test_a_family_name_in_quotes_is_printed_without_them_and_not_parsed() -> None:
    item = book({"family": '"van Hand"', "given": "Learned"})
    assert render(item, "apa") == "van Hand, L. (2001). T. Press."


def test_parse_names_false_reads_no_particle() -> None:
    item = book({"family": "van Hand", "given": "Learned", "parse-names": False})
    assert render(item, "chicago-author-date").startswith("van Hand, Learned. 2001.")
    assert item.names["author"][0].parse_names is False
    assert item.to_csl()["author"][0]["parse-names"] is False


def test_a_family_name_alone_keeps_its_particle() -> None:
    # citeproc-js parses particles only when there is a given name.
    assert render(book({"family": "van Hand"}), "chicago-author-date").startswith("van Hand.")
