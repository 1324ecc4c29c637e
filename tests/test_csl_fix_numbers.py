"""Numbers and ranges: numeric tests, plural labels, page ranges, roman numerals.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

from csl_fixtures import (
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)

from citeconv.csl.engine import render_bibliography
from citeconv.model import Item


def test_page_range_minimal_keeps_longer_last_page() -> None:
    short = item(
        "p",
        author=[person("Dubois", "David")],
        title="Pages",
        container_title="Bioethics",
        volume="12",
        page="1-10",
    )
    assert one(short, "vancouver").endswith("Bioethics. 12:1–10.")
    with stock("FormatNumber._process"):
        assert one(short, "vancouver").endswith("Bioethics. 12:1–0.")


PAGES_STYLE = csl_style(
    """
  <citation><layout delimiter=" | "><text variable="page"/></layout></citation>
"""
)


def test_page_ranges_as_citeproc_js(tmp_path: Path) -> None:
    """The last page is completed from the first, then shortened by the style's
    page-range-format; ends with different prefixes stay as written, with a hyphen.
    Expected: citeproc-js's output (the CSL suite's page_Chicago, page_Expand)."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    pages = ["100-4", "1536-538", "11564-11568", "8n11564-8n1568", "N110 - 5", "N110 - N5"]
    items = [Item.from_csl(item(str(n), "book", title="T", page=p)) for n, p in enumerate(pages)]
    cluster = [Cluster(tuple(Cite(str(n)) for n in range(len(pages))))]

    def cited(range_format: str) -> str:
        text = PAGES_STYLE.replace(
            'class="in-text"', f'class="in-text" page-range-format="{range_format}"'
        )
        style = tmp_path / f"{range_format}.csl"
        style.write_text(text, encoding="utf-8")
        return str(render_citations(items, str(style), cluster).clusters[0])

    assert cited("chicago") == "100–104 | 1536–38 | 11564–68 | 8n11564–68 | N110-5 | N110–15"
    assert (
        cited("expanded")
        == "100–104 | 1536–1538 | 11564–11568 | 8n11564–8n11568 | N110-5 | N110–N115"
    )
    with stock("FormatNumber._process"):
        assert cited("chicago") == "100–4 | 1536–538 | 11564–68 | 8n11564–8n1568 | N110–5 | N110–N5"


def test_page_ranges_keep_leading_zeros_and_double_hyphens(tmp_path: Path) -> None:
    """Found on real IEEE records (chicago-author-date, American Sociological
    Association): a range nothing shortens keeps its last page as written, and a
    BibTeX double hyphen is no range. Expected: citeproc-js 1.4.61's output."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    pages = ["01-09", "0596-0602", "001-010", "12--15"]
    items = [Item.from_csl(item(str(n), "book", title="T", page=p)) for n, p in enumerate(pages)]
    cluster = [Cluster(tuple(Cite(str(n)) for n in range(len(pages))))]
    for range_format in ("chicago", "chicago-16"):
        text = PAGES_STYLE.replace(
            'class="in-text"', f'class="in-text" page-range-format="{range_format}"'
        )
        style = tmp_path / f"{range_format}.csl"
        style.write_text(text, encoding="utf-8")
        cited = str(render_citations(items, str(style), cluster).clusters[0])
        assert cited == "01–09 | 0596–0602 | 001–010 | 12--15", range_format


def test_number_ranges_and_plural_labels() -> None:
    report = item(
        "r",
        "report",
        author=[{"literal": "Council"}],
        title="Spending",
        number="12-3",
        publisher="Council",
        issued={"date-parts": [[2020]]},
    )
    assert one(report, "apa") == "Council. (2020). Spending (Nos. 12–3). Council."
    with stock("If._is_numeric", "Label._is_plural"):
        assert "Spending (12–3)." in one(report, "apa")  # no label: not numeric
    patent = item(
        "p",
        "patent",
        author=[person("Rossi", "Rosa")],
        title="Widget",
        number="2016/679",
        issued={"date-parts": [[2018]]},
    )
    assert "(Patent No. 2016/679)" in one(patent, "apa")


def test_number_ranges_use_the_locale_range_delimiter() -> None:
    """AMA's locale makes page-range-delimiter "-": citeproc-js joins an issue range
    with it too ("12(5-10)"); en-US styles get an en dash."""
    article = item(
        "r",
        author=[person("Russo", "Anna")],
        title="Ranges",
        container_title="PLoS One",
        volume="12",
        issue="5-10",
        page="1-9",
        issued={"date-parts": [[2019]]},
    )
    assert "2019;12(5-10):1-9." in one(article, "american-medical-association")
    assert "12(5–10)" in one(article, "apa")


NUMBER_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <text variable="title" suffix=": "/>
    <number variable="volume"/>
    <number variable="issue" prefix=" (" suffix=")"/>
  </layout></bibliography>
"""
)


def test_number_that_is_not_numeric_prints_as_it_is(tmp_path: Path) -> None:
    """A cs:number whose value is not a number ("AHRQ Publication No. 13-7975") is
    printed as it is; a numeric range gets its en dash. Expected: citeproc-js's."""
    style = tmp_path / "number.csl"
    style.write_text(NUMBER_STYLE, encoding="utf-8")
    report = item("a", "report", title="A", volume="AHRQ Publication No. 13-7975", issue="5-10")
    assert render([report], str(style)) == ["A: AHRQ Publication No. 13-7975 (5–10)"]
    with stock("Number.process"):
        assert render([report], str(style)) == ["A: AHRQ Publication No. 13–7975 (5–10)"]
    # A numeric range is joined with the locale's page-range-delimiter.
    for locale, joined in (("es-ES", "5-10"), ("fr-FR", "5\u201110")):
        entries = render_bibliography([Item.from_csl(report)], str(style), locale)
        assert entries[0].text == f"A: AHRQ Publication No. 13-7975 ({joined})"


ROMAN_STYLE = csl_style(
    """
  <macro name="volume"><number variable="volume" form="roman" text-case="uppercase"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <group delimiter="|">
      <text variable="title"/><text macro="volume"/><text variable="publisher"/>
    </group>
  </layout></bibliography>
"""
)


def test_no_roman_numerals_from_6000_up(tmp_path: Path) -> None:
    """citeproc-js's Romanizer gives nothing for 6000 and more, and the number still
    counts as printed (the group keeps its delimiter). Expected: citeproc-js 2.4.63."""
    style = tmp_path / "roman.csl"
    style.write_text(ROMAN_STYLE, encoding="utf-8")
    books = [
        item("a", "book", title="Small", volume="12", publisher="P"),
        item("b", "book", title="Large", volume="7908", publisher="P"),
        item("c", "book", title="Edge", volume="5999", publisher="P"),
    ]
    assert render(books, str(style)) == ["Small|XII|P", "Large||P", "Edge|MMMMMCMXCIX|P"]
    assert render(books, str(style), "html")[1] == "Large||P"
    with stock("model.romanize", "Number.process"):
        assert render(books, str(style))[1] == "Large|MMMMMMMCMVIII|P"


def test_no_roman_numerals_from_6000_up_in_a_range(tmp_path: Path) -> None:
    """A range is not a number, so the cs:number fix hands it to citeproc-py, which
    romanizes each end: the Romanizer itself must stop at 6000 (citeproc-js's)."""
    style = tmp_path / "roman.csl"
    style.write_text(
        csl_style(
            "<citation><layout><text variable='title'/></layout></citation><bibliography>"
            "<layout><text variable='title'/><number variable='volume' form='roman'"
            " prefix=' '/></layout></bibliography>"
        )
    )
    book = item("b", "book", title="T", volume="6000-6002")
    assert render([book], str(style)) == ["T –"]
    with stock("model.romanize"):
        assert render([book], str(style)) == ["T mmmmmm–mmmmmmii"]


LOCATOR_STYLE = csl_style(
    """
  <locale xml:lang="fr"><terms>
    <term name="and" form="symbol">AMPERSAND</term>
  </terms></locale>
  <citation><layout delimiter=" | "><group delimiter=" ">
    <label variable="locator"/><text variable="locator"/>
  </group></layout></citation>
"""
).replace('class="in-text"', 'class="in-text" default-locale="fr-FR"')


def test_locator_lists_with_the_locale_and(tmp_path: Path) -> None:
    """citeproc-js reads "213, et 235" as two pages in French (label_
    PluralWithCommaLocalizedAnd) and prints a locator's "&" as the locale's "and"
    symbol (label_PluralWithLocalizedAmpersand)."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    style = tmp_path / "locators.csl"
    style.write_text(LOCATOR_STYLE, encoding="utf-8")
    items = [Item.from_csl(item("a", "book", title="T"))]
    cites = (Cite("a", locator="213, et 235"), Cite("a", locator="213 & 235"))
    done = render_citations(items, str(style), [Cluster(cites)])
    assert done.clusters == ["pages 213, et 235 | pages 213 AMPERSAND 235"]


GENDERED_STYLE = csl_style(
    """
  <locale><terms>
    <term name="ordinal">.a</term>
    <term name="ordinal-01" gender-form="masculine">.o</term>
    <term name="ordinal-01" gender-form="feminine">.a</term>
    <term name="issue" gender="masculine">issue</term>
    <term name="edition" gender="feminine">edition</term>
  </terms></locale>
  <citation><layout delimiter=" | "><group delimiter=" ">
    <number variable="edition" form="ordinal"/><number variable="issue" form="ordinal"/>
  </group></layout></citation>
"""
)


def test_ordinals_take_the_gender_of_the_variable_term(tmp_path: Path) -> None:
    """The ordinal term of a cs:number is the one of its variable's term's gender
    (citeproc-js; the CSL suite's number_SeparateOrdinalNamespaces)."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    style = tmp_path / "gendered.csl"
    style.write_text(GENDERED_STYLE, encoding="utf-8")
    items = [Item.from_csl(item("a", "book", title="T", edition="1", issue="1"))]
    cluster = [Cluster((Cite("a"),))]
    assert render_citations(items, str(style), cluster).clusters == ["1.a 1.o"]
    with stock("model.to_ordinal"):
        assert render_citations(items, str(style), cluster).clusters == ["1.o 1.o"]


def test_page_pieces_that_are_no_range(tmp_path: Path) -> None:
    """An escaped hyphen is one page; words joined by a hyphen stay as written;
    roman numerals are a range (number_PlainHyphenOrEnDashAlwaysPlural)."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    style = tmp_path / "pages.csl"
    style.write_text(PAGES_STYLE, encoding="utf-8")
    pages = ["3\\-B", "Michaelson-Morely", "i-ix"]
    items = [Item.from_csl(item(str(n), "book", title="T", page=p)) for n, p in enumerate(pages)]
    cluster = [Cluster(tuple(Cite(str(n)) for n in range(len(pages))))]
    assert render_citations(items, str(style), cluster).clusters == [
        "3-B | Michaelson-Morely | i–ix"
    ]
    with stock("FormatNumber._process"):
        assert render_citations(items, str(style), cluster).clusters == [
            "3\\–B | Michaelson–Morely | i–ix"
        ]
