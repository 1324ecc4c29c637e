"""Dates: localized formats, ranges, seasons, ordinals, year suffixes on the year part.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

from csl_fixtures import (
    JOURNAL,
    SAMPLE,
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)

from citeconv.csl.engine import render_bibliography
from citeconv.model import Item


def test_localized_date_parts_are_delimited() -> None:
    assert "Can Fam Physician. 2021 Oct 1;67(10)" in one(SAMPLE, "vancouver")
    with stock("Date.render_single_date"):
        assert "2021Oct1" in one(SAMPLE, "vancouver")


def test_raw_date_and_season() -> None:
    raw = item(
        "r",
        author=[person("Yilmaz", "Yusuf")],
        title="A raw date",
        issued={"raw": "2017-05-12"},
        container_title="Raw Journal",
        volume="1",
        page="5",
    )
    assert one(raw, "vancouver") == "1. Yilmaz Y. A raw date. Raw Journal. 2017 May 12;1:5."
    season = item(
        "s",
        author=[person("Xu", "Xin")],
        title="A seasonal issue",
        issued={"date-parts": [[2018]], "season": 3},
        container_title="Seasonal Quarterly",
        volume="4",
        page="1-2",
    )
    assert "Seasonal Quarterly. 2018 Autumn;4:1–2." in one(season, "vancouver")
    # Both fixes find the season: the term's long form, and the season term itself.
    with stock("Date_Part.process", "CitationStylesElement.get_term"):
        assert "Seasonal Quarterly. 2018;4:1–2." in one(season, "vancouver")


def test_date_range_within_a_year() -> None:
    ranged = item(
        "d",
        author=[person("Varga", "Viktor")],
        title="Range",
        issued={"date-parts": [[2019, 3], [2019, 5]]},
        **JOURNAL,
    )
    assert "Journal of Tests. 2019 Mar–May;4:1–9." in one(ranged, "vancouver")
    assert one(ranged, "apa").startswith("Varga, V. (2019). Range.")
    with stock("Date.render_date_range"):
        assert "Varga, V. Range." in one(ranged, "apa")


def test_year_suffix_without_a_year_suffix_variable() -> None:
    """springer-basic-author-date asks for year suffixes but prints no year-suffix
    variable: the suffix goes after the first year printed (citeproc-js's output)."""
    caro = {"author": [person("Caro", "Tim")], "issued": {"date-parts": [[2019]]}, **JOURNAL}
    items = [
        item("z", title="Zebra stripes", **caro),
        item("a", title="Aardvark burrows", **caro),
    ]
    assert render(items, "springer-basic-author-date") == [
        "Caro T (2019a) Zebra stripes. Journal of Tests 4:1–9",
        "Caro T (2019b) Aardvark burrows. Journal of Tests 4:1–9",
    ]
    with stock("Date.render_single_date"):
        assert all("(2019) " in text for text in render(items, "springer-basic-author-date"))


YEAR_PARTS_STYLE = csl_style(
    """
  <citation disambiguate-add-year-suffix="true">
    <layout><text variable="volume"/></layout>
  </citation>
  <bibliography><layout>
    <text variable="title"/>
    <date variable="issued" prefix=" A[" suffix="]">
      <date-part name="year" prefix="(" suffix=")" font-style="italic"/>
      <date-part name="month" prefix=" "/>
    </date>
    <date variable="issued" prefix=" B[" suffix="]" form="text"/>
    <group delimiter=" " prefix=" C[" suffix="]">
      <text value="X"/>
      <date variable="issued"><date-part name="month"/></date>
    </group>
  </layout></bibliography>
"""
)


def test_year_suffix_and_literal_dates_go_with_the_year_part(tmp_path: Path) -> None:
    """Alike (here: empty) cites get year suffixes; with no year-suffix variable the
    suffix follows the first year part, inside its affixes and formatting, once; a
    literal date prints only where a year part would, yet counts as a rendered
    variable. Expected: what citeproc-js 2.4.63 prints for this style."""
    style = tmp_path / "year-parts.csl"
    style.write_text(YEAR_PARTS_STYLE, encoding="utf-8")
    items = [
        item("a", "book", title="One", issued={"date-parts": [[2019, 5, 3]]}),
        item("b", "book", title="Two", issued={"literal": "Spring 2015"}),
        item("c", "book", title="Three", volume="3", issued={"date-parts": [[2019, 6]]}),
    ]
    assert render(items, str(style)) == [
        "One A[(2019)(a) May] B[May 3, 2019] C[X May]",
        "Two A[(Spring 2015)] B[Spring 2015] C[X]",
        "Three A[(2019) June] B[June 2019] C[X June]",
    ]
    assert render(items, str(style), "html")[:2] == [
        "One A[(<i>2019</i>)(<i>a</i>) May] B[May 3, 2019] C[X May]",
        "Two A[(<i>Spring 2015</i>)] B[Spring 2015] C[X]",
    ]
    with stock("Date.process"):
        assert render(items, str(style))[1] == "Two A[Spring 2015] B[Spring 2015] C[X Spring 2015]"


def test_day_ordinals_take_the_month_gender() -> None:
    """pt-BR writes the first day "1º de outubro": citeproc-js takes the ordinal term
    of the month's gender (none here: the plain "ordinal" term), and only the ordinal
    terms of the first locale that defines any (German: "1.", not English "1st")."""
    page = item(
        "w",
        "webpage",
        title="Page",
        URL="https://example.org",
        accessed={"date-parts": [[2023, 10, 1]]},
        issued={"date-parts": [[2023]]},
    )
    [entry] = render_bibliography([Item.from_csl(page)], "ieee", "pt-BR")
    assert "Acesso em: 1º de outubro de 2023." in entry.text
    with stock("Date_Part.process"):
        [entry] = render_bibliography([Item.from_csl(page)], "ieee", "pt-BR")
        assert "Acesso em: 1ª de outubro de 2023." in entry.text


SEASONS_STYLE = csl_style(
    """
  <citation><layout delimiter=" | ">
    <date variable="issued" form="text" date-parts="year-month"/>
  </layout></citation>
"""
)


def test_season_months_and_open_ranges(tmp_path: Path) -> None:
    """A month of 13-24 is a season (21 Spring, 24 Winter, 13-16 too), also in a
    range; an end of year 0 is an open range. Expected: citeproc-js's output (the
    CSL suite's date_SeasonRange1-3, date_TextFormYeardateYearRangeOpen)."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    style = tmp_path / "seasons.csl"
    style.write_text(SEASONS_STYLE, encoding="utf-8")
    dates = [
        [[1999, 21], [2001, 22]],
        [[1999, 22], [1999, 21]],
        [[1965, 13]],
        [[1965, 24]],
        [[1987], [0]],
    ]
    items = [
        Item.from_csl(item(str(n), "book", issued={"date-parts": parts}))
        for n, parts in enumerate(dates)
    ]
    cluster = [Cluster(tuple(Cite(str(n)) for n in range(len(dates))))]
    assert render_citations(items, str(style), cluster).clusters == [
        "Spring 1999–Summer 2001 | Summer–Spring 1999 | Spring 1965 | Winter 1965 | 1987–"
    ]
    with stock("Date_Part.process"):
        assert render_citations(items, str(style), cluster).clusters == [
            "1999–2001 | 1999 | 1965 | 1965 | 1987–"
        ]


def test_ad_only_below_500(tmp_path: Path) -> None:
    """citeproc-js adds the "ad" term to a year below 500 only ("499 AD", "700")."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    style = tmp_path / "years.csl"
    style.write_text(SEASONS_STYLE, encoding="utf-8")
    items = [
        Item.from_csl(item(str(year), "book", issued={"date-parts": [[year]]}))
        for year in (499, 700, 1999)
    ]
    cluster = [Cluster(tuple(Cite(str(year)) for year in (499, 700, 1999)))]
    assert render_citations(items, str(style), cluster).clusters == ["499 AD | 700 | 1999"]
    with stock("Date_Part.process"):
        assert render_citations(items, str(style), cluster).clusters == ["499 AD | 700 AD | 1999"]
