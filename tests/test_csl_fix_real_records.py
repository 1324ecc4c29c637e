"""Differences with citeproc-js found on real records (the corpora converted to
CSL-JSON and compared by tools/compare_styles.py): a term that starts an entry, an
entry with only its citation number, empty variables, name suffixes, and quotation
marks written in the data. Expected strings are citeproc-js 1.4.61's.
"""

from __future__ import annotations

from pathlib import Path

from csl_fixtures import csl_style, item, one, person, render, stock

from citeconv.csl.engine import finish_entry, html_entry, render_marked
from citeconv.model import Item


def test_term_that_starts_an_entry_is_capitalized() -> None:
    # An item with nothing but a type: APA's "n.d." is all it prints.
    assert one(item("a", "book"), "apa") == "(N.d.)."
    assert one(item("a", "book"), "chicago-author-date") == "N.d."
    assert one(item("a", "book"), "harvard-cite-them-right") == "(No date)."
    # Not after something printed.
    assert one(item("a", "book", title="Life"), "apa") == "Life. (n.d.)."


def _marked(items: list[dict[str, object]], style: str, markup: str) -> list[str]:
    entries = render_marked([Item.from_csl(i) for i in items], style, None)
    if markup == "html":
        return [html_entry(finish_entry(e.text, "html")) for e in entries]
    return [finish_entry(e.text, "text") for e in entries]


def test_entry_with_only_its_first_field(tmp_path: Path) -> None:
    style = tmp_path / "sfa.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="citation-number"/></layout></citation>'
            '<bibliography second-field-align="flush"><layout suffix="!" prefix="&lt;">'
            '<text variable="citation-number" prefix="[" suffix="]"/>'
            '<text variable="title"/></layout></bibliography>'
        ),
        encoding="utf-8",
    )
    items = [item("a", "book"), item("b", "book", title="T")]
    # The block of the first field alone, without the layout's suffix.
    assert _marked(items, str(style), "text") == ["<[1] ", "<[2] T!"]
    assert _marked(items, str(style), "html") == [
        '  <div class="csl-entry">\n    <div class="csl-left-margin">&#60;[1]</div></div>\n',
        '  <div class="csl-entry">\n    <div class="csl-left-margin">&#60;[2]</div>'
        '<div class="csl-right-inline">T!</div>\n  </div>\n',
    ]
    assert _marked([item("a", "book")], "ieee", "text") == ["[1] "]


def test_empty_variable_is_no_variable() -> None:
    paper = item(
        "a",
        "paper-conference",
        author=[{"family": "A"}],
        title="A",
        container_title="C",
        page="1-2",
        number="",
        issued={"date-parts": [[2020]]},
    )
    # APA prints "Article <number>" instead of the pages only for a real number.
    assert one(paper, "apa") == "A. (2020). A. C, 1–2."


def test_single_capital_suffix_is_an_initial() -> None:
    authors = [{"family": "Pampanoni", "suffix": "V"}, person("West", "T.")]
    book = item("a", "book", title="A", author=authors)
    assert one(book, "apa") == "Pampanoni, V., & West, T. (n.d.). A."
    others = [
        {"family": "Smith", "given": "John", "suffix": "III"},
        person("West", "T."),
    ]
    assert one(item("b", "book", title="B", author=others), "apa") == (
        "Smith, J., III, & West, T. (n.d.). B."
    )


def test_quotes_written_in_the_data() -> None:
    def apa(title: str) -> str:
        data = item("a", title=title, container_title="J", author=[person("A", "B")])
        return one(data, "apa")

    # The style's punctuation goes inside a quote that ends the field...
    assert apa('Alpha "Beta"') == "A, B. (n.d.). Alpha “Beta.” J."
    # ... never the field's own punctuation.
    assert apa('Alpha "Beta", gamma') == "A, B. (n.d.). Alpha “Beta”, gamma. J."
    assert apa("Alpha “Beta”. Gamma") == "A, B. (n.d.). Alpha “Beta”. Gamma. J."
    assert apa('Alpha "Beta".') == "A, B. (n.d.). Alpha “Beta”. J."
    # A straight quote that closes nothing stays straight.
    assert apa('Game" Kelma" Addition') == 'A, B. (n.d.). Game" Kelma" Addition. J.'
    assert apa('The 12" record') == 'A, B. (n.d.). The 12" record. J.'


def test_punctuation_goes_inside_every_closing_quote() -> None:
    data = item("a", title='Alpha "Beta "gamma""', container_title="J", author=[person("A", "B")])
    assert one(data, "chicago-author-date") == "A, B. n.d. “Alpha ‘Beta “Gamma.”’” J."


def test_text_value_punctuation_stays_out_of_quotes() -> None:
    # IEEE's <text value="."/> after a quoted title: not punctuation of an affix.
    data = item("a", title="RIS Plugin", author=[person("Willighagen", "Lars")])
    assert render([data], "ieee") == ["[1] L. Willighagen, “RIS Plugin”."]


def test_year_range_prints_the_era_once() -> None:
    bc = item("a", "book", title="T", issued={"date-parts": [[-334], [-333]]})
    assert one(bc, "chicago-author-date") == "T. 334–333 BC."
    ad = item("a", "book", title="T", issued={"date-parts": [[11], [12]]})
    assert one(ad, "chicago-author-date") == "T. 11–12 AD."


def test_season_of_a_year_range_prints_once() -> None:
    data = item("a", "webpage", title="T", issued={"date-parts": [[2015], [2016]], "season": 1})
    assert one(data, "modern-language-association") == "T. Spring 2015–2016."


def test_range_start_loses_its_suffix() -> None:
    data = item(
        "a",
        "book",
        title="T",
        author=[person("Doe", "John")],
        issued={"date-parts": [[1800]]},
        event_date={"date-parts": [[1800, 1, 1], [1800, 12, 31]]},
    )
    assert one(data, "chicago-author-date") == "Doe, John. 1800. T. January 1–December 31, 1800."


def test_season_month_sorts_as_no_month() -> None:
    # Alike but for the season, written once as month 13 and once as "season": the
    # entries keep their order (citeproc-js: a month outside 1-12 sorts as none).
    first = item("a", "webpage", title="T", issued={"date-parts": [[2017, 14]]})
    second = item("b", "webpage", title="T", issued={"date-parts": [[2017]], "season": 1})
    assert render([first, second], "chicago-author-date") == [
        "“T.” 2017a. Summer.",
        "“T.” 2017b. Spring.",
    ]
    with stock("source.Date.sort_key"):
        assert render([first, second], "chicago-author-date")[0] == "“T.” 2017a. Spring."


def test_title_case_after_a_quote_of_en_gb(tmp_path: Path) -> None:
    # en-GB writes a field's "…" as ‘…’ before text case: its closing ’ before a
    # space closes the quote (no apostrophe), so the word after ‘ is capitalized.
    style = tmp_path / "gb.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><text variable="title" text-case="title" quotes="true"/>'
            "</layout></bibliography>"
        ).replace('version="1.0">', 'version="1.0" default-locale="en-GB">', 1),
        encoding="utf-8",
    )
    data = item("a", title='The "replication crisis" in psychology: what\'s next?')
    assert render([data], str(style)) == ["‘The “Replication Crisis” in Psychology: What’s Next?’"]
    # A real apostrophe at a word's end stays one.
    plain = item("b", title="The students' work")
    assert render([plain], str(style)) == ["‘The Students’ Work’"]


def test_number_ranges_as_citeproc_js(tmp_path: Path) -> None:
    style = tmp_path / "num.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><group delimiter=" ">'
            '<label variable="number" form="short"/><text variable="number"/>'
            '<label variable="volume" form="short"/><number variable="volume"/>'
            "</group></layout></bibliography>"
        ),
        encoding="utf-8",
    )
    expected = {
        "e00353-20": "nos. e00353-20 vols. e00353-20",  # WoS article numbers
        "2020-August": "nos. 2020-August vols. 2020-August",
        "A1-A5": "nos. 1–5 vols. 1–5",
        "N12-14": "nos. N12-14 vols. N12-14",
        "2020-June, 1-3": "nos. 2020-June, 1–3 vols. 2020-June, 1–3",
        "12-15": "nos. 12–15 vols. 12–15",
        "3-4-5": "nos. 3-4–5 vols. 3-4–5",  # of a chain, the last pair
        "1.29.1-1.29.14": "no. 1.29.1-1.29.14 vol. 1.29.1-1.29.14",  # nor plural
    }
    for value, printed in expected.items():
        data = item("a", title="T", number=value, volume=value)
        assert render([data], str(style)) == [printed], value
