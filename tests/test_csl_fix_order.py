"""Sorting, collation and disambiguation: bibliography order, sort keys, year
suffixes, names and given names added to tell cites apart.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from csl_fixtures import (
    JOURNAL,
    article,
    caro,
    csl_style,
    item,
    person,
    render,
    stock,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.csl.engine import render_bibliography
from citeconv.csl.fixes import collation, order
from citeconv.model import Item


def test_year_suffix_in_bibliography_order(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [caro("z", "Zebra stripes"), caro("a", "Aardvark burrows")]
    texts = render(items, "apa")
    assert texts[0].startswith("Caro, T. (2019a). Aardvark burrows.")
    assert texts[1].startswith("Caro, T. (2019b). Zebra stripes.")
    monkeypatch.setattr(order, "disambiguate", lambda bibliography: None)
    assert render(items, "apa")[0].startswith("Caro, T. (2019). Aardvark")


def test_no_year_suffix_when_names_differ() -> None:
    items = [
        item(
            "a",
            "book",
            author=[person("Smith", "Adam")],
            title="Marine",
            issued={"date-parts": [[2010]]},
        ),
        item(
            "b",
            "book",
            author=[person("Smith", "Beth")],
            title="Fresh",
            issued={"date-parts": [[2010]]},
        ),
    ]
    assert all("(2010)." in text for text in render(items, "apa"))


def test_ids_differing_only_in_case_do_not_collide() -> None:
    upper = item("Case-ID", "book", author=[person("Anderson", "Alice")], title="Upper")
    lower = item("case-id", "book", author=[person("Brown", "Ben")], title="Lower")
    texts = render([upper, lower], "apa")
    assert len(texts) == 2 and "Upper" in texts[0] and "Lower" in texts[1]


def test_sort_order_as_citeproc_js() -> None:
    items = [
        item("z", "book", author=[person("Zhang", "Zoe")], title="Z"),
        item("a", "book", author=[person("Ångström", "Anders")], title="A"),
        item(
            "e1",
            "book",
            author=[person("Evans", "Emma")],
            title="Later",
            issued={"date-parts": [[2023, 5, 2]]},
        ),
        item(
            "e2",
            "speech",
            author=[person("Evans", "Emma")],
            title="Earlier",
            issued={"date-parts": [[2019, 3, 19]]},
        ),
    ]
    texts = render(items, "apa")
    assert [t.split(".")[0][:3] for t in texts] == ["Ång", "Eva", "Eva", "Zha"]
    assert "Earlier" in texts[1] and "Later" in texts[2]
    with stock("Sort.sort"):
        assert render(items, "apa")[-1].startswith("Ångström")


def test_sort_key_leaves_out_labels() -> None:
    items = [
        item(
            "b",
            "book",
            author=[person("Tanaka", "Tomoko")],
            title="Later",
            issued={"date-parts": [[2012]]},
        ),
        item(
            "a",
            "book",
            editor=[person("Tanaka", "Tomoko")],
            title="Earlier",
            issued={"date-parts": [[1950]]},
        ),
    ]
    assert "Earlier" in render(items, "apa")[0]
    with stock("Label.process", "Text.process"):
        assert "Later" in render(items, "apa")[0]


def test_citation_numbers_follow_the_input_order() -> None:
    # Numbers come from an index (citeproc-py's list search is quadratic); they must
    # still be the input order, and registration must keep every item.
    items = [item(f"n{n}", title=f"Title {n}", **JOURNAL) for n in range(30)]
    texts = render(items, "vancouver")
    assert [text.split(".")[0] for text in texts] == [str(n) for n in range(1, 31)]
    assert "Title 29" in texts[-1]


def test_names_added_to_tell_alike_cites_apart() -> None:
    # MLA cites "(Ivanova et al.)" for both: citeproc-js shows more names until the
    # cites differ, and the bibliography shows them too.
    names = [person("Ivanova", "Inès"), person("Jensen", "Jan"), person("Kowalski", "Karl")]
    items = [
        item("a", author=names, title="Effects", issued={"date-parts": [[2014]]}, **JOURNAL),
        item("b", author=[*names, person("Lee", "Lucy")], title="Sleep", **JOURNAL),
    ]
    first, second = render(items, "modern-language-association")
    assert first.startswith("Ivanova, Inès, Jan Jensen, and Karl Kowalski. “Effects.”")
    # The substitute compares the names as they were before any were added.
    assert second.startswith("———. “Sleep.”")
    with stock("Name.process"):
        assert render(items, "modern-language-association")[0].startswith(
            "Ivanova, Inès, et al. “Effects.”"
        )


def test_sort_keys_collate_as_citeproc_js() -> None:
    # citeproc-js turns every space of a key into "|", an ICU symbol that is not
    # ignored: a word break sorts before any letter ("Smith Jones" before
    # "Smithers", "Smith & Sons" before "Smith, A."), and a padded name first.
    for key in (collation._collation_key, collation.packed_collation_key):
        assert key("Smith & Sons, J.") < key("Smith, A.")  # type: ignore[operator]
        assert key("Smith Jones, A.") < key("Smithers, A.")  # type: ignore[operator]
        assert key(" Smith , Anna") < key("Abbott, A.")  # type: ignore[operator]
        assert key("Ørsted, H.") < key("Pabst, A.")  # type: ignore[operator]
        assert key("2019-03-9") < key("2019-03-19")  # type: ignore[operator]
    items = [
        item("b", "book", author=[person("Smithers", "Ann")], title="B"),
        item("a", "book", author=[person("Smith Jones", "Ann")], title="A"),
    ]
    assert [t[:6] for t in render(items, "apa")] == ["Smith ", "Smithe"]


_KEY_TEXT = st.text(
    alphabet=st.sampled_from("aAbzZ09 7,.-|&$£+~`^°é\u0301\u00a0ıñÑøæßÅЖя\u0663²字\U0001d400"),
    max_size=12,
)
_KEY_VALUES = st.one_of(st.none(), _KEY_TEXT, st.integers(-(10**30), 10**30))


@settings(max_examples=400, deadline=None)
@given(a=_KEY_VALUES, b=_KEY_VALUES, language=st.sampled_from(["en", "es", "ru"]))
def test_packed_sort_keys_compare_as_the_tuples(a: object, b: object, language: str) -> None:
    """A bibliography keeps each sort key as one string (memory): it must order and
    tie exactly as the tuple it stands for."""
    if isinstance(a, int) != isinstance(b, int) and None not in (a, b):
        b = a  # an int key and a text key never meet in one column
    collation.set_language(language)
    try:
        ta, tb = collation._collation_key(a), collation._collation_key(b)
        pa, pb = collation.packed_collation_key(a), collation.packed_collation_key(b)
    finally:
        collation.set_language("en")
    assert (pa is None) == (ta is None) and (pb is None) == (tb is None)
    if ta is None or tb is None:
        return
    assert (pa == pb) == (ta == tb)
    assert (pa < pb) == (ta < tb)  # type: ignore[operator]


def test_sort_key_names_have_no_and_or_et_al() -> None:
    # In a sort key citeproc-js joins names with the delimiter alone: the "&" of a
    # two-author list would otherwise add a word break ("Chen, C., & Dubois" before
    # "Chen, C., Adams").
    two = item("two", "book", author=[person("Chen", "Chloé"), person("Dubois", "David")])
    three = item(
        "three",
        "book",
        author=[person("Chen", "Chloé"), person("Adams", "Ann"), person("Brown", "Ben")],
    )
    assert render([two, three], "apa")[0].startswith("Chen, C., Adams")
    with stock("Name.process", "Name.et_al"):
        assert render([two, three], "apa")[0].startswith("Chen, C., & Dubois")


def test_names_added_by_disambiguation_do_not_sort() -> None:
    # citeproc-js renders sort keys without disambiguation's added names: all three
    # sort as "Brown, Ben", then by title.
    ben = person("Brown", "Ben")
    items = [
        item("a", author=[ben], title="Lower", **JOURNAL),
        item("c", author=[ben, person("Chen", "Chloé"), person("Evans", "Emma")], title="Is it"),
        item("b", author=[ben, person("Chen", "Chloé"), person("Dubois", "Dan")], title="Start"),
    ]
    texts = render(items, "modern-language-association")
    assert ["Is It" in texts[0], "Lower" in texts[1], "Start" in texts[2]] == [True] * 3


def test_given_names_tell_cites_apart_under_primary_name_with_initials() -> None:
    # APA (primary-name-with-initials): "J. Lindqvist" twice is still alike, so the
    # year gets a suffix; "C. Okafor" and "N. Okafor" differ, so they need none.
    items = [
        article("j1", [person("Lindqvist", "John")], 2019, "Fjords"),
        article("j2", [person("Lindqvist", "Jane")], 2019, "Glaciers"),
        article("o1", [person("Okafor", "Chidi")], 2019, "Soil"),
        article("o2", [person("Okafor", "Ngozi")], 2019, "Rain"),
    ]
    texts = render(items, "apa")
    assert [t.split(". ", 1)[1][:7] for t in texts] == ["(2019a)", "(2019b)", "(2019)."] * 1 + [
        "(2019)."
    ]
    with stock("Name.process"):
        assert "(2019a)" in render(items, "apa")[2]


def test_given_names_by_cite_show_in_the_bibliography() -> None:
    # Harvard (rule "by-cite"): the cites "(Ferreira, 2020)" get initials, then given
    # names for the two still alike; the bibliography shows those given names where
    # it would show only initials, and no year suffix is needed. A second author's
    # given name counts too.
    items = [
        article("f1", [person("Ferreira", "Maria")], 2020, "Erosion"),
        article("f2", [person("Ferreira", "Mario")], 2020, "Dunes"),
        article("f3", [person("Ferreira", "Luis")], 2020, "Mangroves"),
        article("m1", [person("Moreau", "Luc"), person("Bernard", "Paul")], 2018, "Soils"),
        article("m2", [person("Moreau", "Luc"), person("Bernard", "Pierre")], 2018, "Cellars"),
    ]
    texts = render(items, "harvard-cite-them-right")
    starts = [t.split(" (")[0] for t in texts]
    assert starts == [
        "Ferreira, L.",
        "Ferreira, Mario",
        "Ferreira, Maria",
        "Moreau, L. and Bernard, Pierre",
        "Moreau, L. and Bernard, Paul",
    ]
    assert not any("2020a" in t or "2018a" in t for t in texts)
    with stock("Name.process"):
        assert "Ferreira, M. (2020b)" in render(items, "harvard-cite-them-right")[1]


def test_given_names_of_the_name_registry_sort_and_print() -> None:
    # Rule "all-names" (citeproc-js's name registry): names sharing a family name
    # show given names wherever the style would show less, sort keys included.
    style = "institut-francais-darcheologie-orientale-en"
    items = [
        article("j1", [person("Lindqvist", "John")], 2019, "Fjords"),
        article("j2", [person("Lindqvist", "Jane")], 2019, "Glaciers"),
    ]
    # Exactly citeproc-js's text, display blocks and the en-US punctuation-in-quote
    # under the style's own <locale> (see test_display_and_locale_options) included.
    assert render(items, style) == [
        "\nJane Lindqvist\xa02019"
        "Jane Lindqvist, “Glaciers,” Journal of Tests\xa04, 2019, pp.\xa01–9. ",
        "\nJohn Lindqvist\xa02019"
        "John Lindqvist, “Fjords,” Journal of Tests\xa04, 2019, pp.\xa01–9. ",
    ]
    with stock("Name.process"):
        assert "2019a" in render(items, style)[0]


def test_disambiguate_condition_holds_for_ambiguous_cites_only() -> None:
    # zitierguide cites "Brandt" and, where that stays ambiguous after given names,
    # adds the short title; its bibliography entries carry "(zit. …)" for exactly
    # those items (citeproc-js's disambiguate="true", also in the bibliography).
    style = "zitierguide-leitfaden-zum-fachgerechten-zitieren-in-rechtswissenschaftlichen-arbeiten"
    hanna, helmut = person("Brandt", "Hanna"), person("Brandt", "Helmut")
    items = [
        item(
            "b1",
            "book",
            author=[hanna],
            title="Grundrechte in der Praxis",
            title_short="Grundrechte",
            issued={"date-parts": [[2019]]},
        ),
        item(
            "b2",
            "book",
            author=[hanna],
            title="Verwaltungsrecht im Überblick",
            title_short="Verwaltungsrecht",
            issued={"date-parts": [[2021]]},
        ),
        item(
            "b3",
            "book",
            author=[helmut],
            title="Europarecht",
            title_short="Europarecht",
            issued={"date-parts": [[2020]]},
        ),
    ]
    texts = render(items, style)
    assert ["Grundrechte)" in texts[0], "Verwaltungsrecht)" in texts[1]] == [True, True]
    assert "(" not in texts[2]
    with stock("If.render"):
        assert "Grundrechte)" not in render(items, style)[0]  # citeproc-py: never


def test_disambiguation_is_the_same_in_worker_processes() -> None:
    items = [
        Item.from_csl(data)
        for data in [
            article(f"f{n}", [person("Ferreira", given)], 2020, f"Title {n}")
            for n, given in enumerate(["Maria", "Mario", "Luis", "Maria", "Ana"] * 3)
        ]
    ]
    for style in ("apa", "harvard-cite-them-right", "modern-language-association"):
        one_job = render_bibliography(items, style, jobs=1)
        two_jobs = render_bibliography(items, style, jobs=2)
        assert [e.text for e in one_job] == [e.text for e in two_jobs]


def test_alike_cites_start_from_the_item_citeproc_js_starts_from() -> None:
    # citeproc-js orders a group of alike cites by their number of names compared
    # as strings ("12" before "3"): the first item's count bounds the names added,
    # so the 12-name item lets "Quinn et al." grow to the fifth name.
    four = [person("Quinn", "Ava"), person("Reyes", "Ben"), person("Stone", "Cy")]
    four.append(person("Tate", "Tom"))
    more = [person(f"Extra{n}", "Ed") for n in range(8)]
    items = [
        article("a", [*four, person("Ward", "Gus")], 2015, "Tidal pools"),
        article("b", four + more, 2016, "Kelp forests"),
        article(
            "c",
            [person("Quinn", "Ava"), person("Reyes", "Ben"), person("Zeller", "Uma")],
            2017,
            "Sea grass",
        ),
    ]
    [tidal] = [t for t in render(items, "modern-language-association") if "Tidal" in t]
    assert tidal.startswith("Quinn, Ava, Ben Reyes, Cy Stone, Tom Tate, and Gus Ward.")


DATE_SORT_STYLE = csl_style(
    """
  <macro name="issued">
    <choose>
      <if variable="issued"><date variable="issued"><date-part name="year"/></date></if>
      <else><text term="no date" form="short"/></else>
    </choose>
  </macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <sort><key macro="issued" sort="descending"/></sort>
    <layout><text variable="title"/></layout>
  </bibliography>
"""
)


def test_sort_key_of_a_date_macro_is_its_dates(tmp_path: Path) -> None:
    """A macro holding a date sorts by its dates only: "n.d." makes an empty key,
    which goes last also when descending. Expected: citeproc-js 2.4.63's order."""
    style = tmp_path / "date-sort.csl"
    style.write_text(DATE_SORT_STYLE, encoding="utf-8")
    items = [
        item("n", "book", title="Undated"),
        item("y", "book", title="2019", issued={"date-parts": [[2019]]}),
        item("z", "book", title="2021", issued={"date-parts": [[2021]]}),
        item("b", "book", title="Undated too"),
    ]
    assert render(items, str(style)) == ["2021", "2019", "Undated", "Undated too"]
    with stock("Sort.sort"):
        assert render(items, str(style))[0] == "Undated"


def test_names_sort_key_keeps_the_inherited_et_al() -> None:
    """springer-basic-author-date sorts by the author macro, then the author variable,
    both cut at three names of five (its bibliography's et-al options): five authors
    and their first three tie, and keep input order (citeproc-js's order)."""
    names = [
        person(f, g) for f, g in (("Fischer", "Frank"), ("García", "Grace"), ("Hughes", "Hiro"))
    ]
    five = item(
        "five",
        author=[*names, person("Ivanova", "Inès"), person("Jensen", "Jan")],
        title="Five",
        issued={"date-parts": [[2020]]},
        **JOURNAL,
    )
    three = item("three", author=names, title="Three", issued={"date-parts": [[2019]]}, **JOURNAL)
    assert [
        text.split(") ")[1][:5] for text in render([five, three], "springer-basic-author-date")
    ] == [
        "Five.",
        "Three",
    ]
    with stock("Key._format_name"):
        assert render([five, three], "springer-basic-author-date")[0].startswith(
            "Fischer F, García G, Hughes H (2019)"
        )


def test_names_an_entry_prints_register_for_the_entries_after_it() -> None:
    """apa-6th-edition (rule primary-name): an editor "Roberts, D." printed by an
    entry sorted before "Roberts, Dmitri" makes that author show his given name; an
    editor "Nielsen, A." printed after "Nielsen, Aisha" does not (citeproc-js
    registers those names as its bibliography pass renders them)."""
    chapter = {"container_title": "Handbook", "publisher": "Wiley"}
    items = [
        item(
            "r",
            author=[person("Roberts", "Dmitri")],
            title="Burnout",
            issued={"date-parts": [[2023]]},
            **JOURNAL,
        ),
        item(
            "o",
            "chapter",
            author=[person("O'Connor", "Anne")],
            editor=[person("Roberts", "D.")],
            title="Chapter one",
            issued={"date-parts": [[2018]]},
            **chapter,
        ),
        item(
            "n",
            author=[person("Nielsen", "Aisha")],
            title="Peer support",
            issued={"date-parts": [[2025]]},
            **JOURNAL,
        ),
        item(
            "t",
            "chapter",
            author=[person("Tran", "Chi")],
            editor=[person("Nielsen", "A.")],
            title="Chapter two",
            issued={"date-parts": [[2006]]},
            **chapter,
        ),
    ]
    assert render(items, "apa-6th-edition") == [
        "Nielsen, A. (2025). Peer support. Journal of Tests, 4, 1–9.",
        "O’Connor, A. (2018). Chapter one. In D. Roberts (Ed.), Handbook. Wiley.",
        "Roberts, Dmitri. (2023). Burnout. Journal of Tests, 4, 1–9.",
        "Tran, C. (2006). Chapter two. In A. Nielsen (Ed.), Handbook. Wiley.",
    ]


def test_sort_follows_spanish_and_russian_collation() -> None:
    """citeproc-js's collator follows the locale: Spanish "ñ" is a letter after "n",
    Russian puts Cyrillic before Latin; English ties "Ñúñez" and "Núñez" (input
    order decides). Expected: citeproc-js's orders."""
    authors = [("a", "Ñúñez"), ("b", "Núñez"), ("c", "Zhang"), ("d", "Кузнецова"), ("e", "Abbott")]
    items = [
        Item.from_csl(
            item(
                key,
                author=[person(family, "X")],
                title=key,
                issued={"date-parts": [[2019]]},
                **JOURNAL,
            )
        )
        for key, family in authors
    ]

    def order(locale: str | None) -> list[str]:
        return [e.id for e in render_bibliography(items, "apa", locale)]  # type: ignore[arg-type]

    assert order("es-ES") == ["e", "b", "a", "c", "d"]
    assert order("ru-RU") == ["d", "e", "a", "b", "c"]
    assert order(None) == ["e", "a", "b", "c", "d"]


def test_year_suffixes_go_on_past_zz() -> None:
    """citeproc-js's Suffixator (bijective base 26, no limit); ours stopped at "zz"
    with an IndexError, a traceback for a style whose cites are alike for a whole
    library (pesquisa-agropecuaria-brasileira on 2,000 records)."""
    expected = {0: "a", 25: "z", 26: "aa", 51: "az", 52: "ba", 701: "zz", 702: "aaa", 18278: "aaaa"}
    assert {n: order._suffix(n) for n in expected} == expected
    same = [
        item(
            f"i{n:04d}",
            author=[person("Caro", "Tim")],
            title=f"Paper {n:04d}",
            issued={"date-parts": [[2019]]},
            **JOURNAL,
        )
        for n in range(703)
    ]
    texts = render(same, "apa")
    assert texts[0].startswith("Caro, T. (2019a). Paper 0000.")
    assert texts[701].startswith("Caro, T. (2019zz). Paper 0701.")
    assert texts[702].startswith("Caro, T. (2019aaa). Paper 0702.")


def test_an_unrenderable_cite_is_alike_no_other() -> None:
    class Broken:
        """A layout (an lxml element to citeproc-py) that fails to render."""

        def render_children(self, item: Any) -> Any:
            raise ValueError("hostile style")

        def iter(self) -> Any:  # its elements, counted per entry (fixes.work._charge)
            return iter(())

    class Citation:
        layout = Broken()

    first = order._render_cite(Citation(), item("a"))
    second = order._render_cite(Citation(), item("b"))
    assert first and second and first != second


SUBSEQUENT_STYLE = csl_style(
    """
  <citation et-al-min="4" et-al-use-first="1" et-al-subsequent-min="3"
            et-al-subsequent-use-first="1" disambiguate-add-year-suffix="true">
    <layout><group delimiter=" ">
      <names variable="author"><name form="short" and="symbol"/></names>
      <date variable="issued"><date-part name="year"/></date><text variable="year-suffix"/>
    </group></layout>
  </citation>
  <bibliography><layout><group delimiter=" ">
    <names variable="author"><name form="short" and="symbol"/></names>
    <date variable="issued"><date-part name="year"/></date><text variable="year-suffix"/>
  </group></layout></bibliography>
"""
)


def test_cites_are_told_apart_in_their_subsequent_form(tmp_path: Path) -> None:
    """With et-al-subsequent-* set apart from et-al-*, citeproc-js disambiguates the
    cites as subsequent cites: "Allen et al. 2010" twice, so year suffixes
    (deutsche-gesellschaft-fur-psychologie 1,998 -> 2,000 of 2,000 entries).
    Expected: citeproc-js 2.4.63's output; without the subsequent options, none."""
    style = tmp_path / "subsequent.csl"
    style.write_text(SUBSEQUENT_STYLE, encoding="utf-8")
    five = [person(family, "S") for family in ("Allen", "B", "C", "D", "E")]
    three = [person(family, "S") for family in ("Allen", "Garcia", "Becker")]
    items = [
        item("a", "book", title="T", author=five, issued={"date-parts": [[2010]]}),
        item("b", "book", title="U", author=three, issued={"date-parts": [[2010]]}),
    ]
    assert render(items, str(style)) == [
        "Allen, B, C, D, & E 2010 a",
        "Allen, Garcia, & Becker 2010 b",
    ]
    plain = tmp_path / "first-only.csl"
    plain.write_text(SUBSEQUENT_STYLE.replace('et-al-subsequent-min="3"', ""), encoding="utf-8")
    assert render(items, str(plain)) == ["Allen, B, C, D, & E 2010", "Allen, Garcia, & Becker 2010"]


EMPTY_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout delimiter="; ">
    <choose><if type="book"><text variable="{cited}"/></if></choose>
  </layout></citation>
  <bibliography><layout>
    <choose><if type="book"><group delimiter=". ">
      <text variable="citation-number"/><text variable="title"/>
    </group></if></choose>
  </layout></bibliography>
</style>"""


def test_what_renders_nothing_prints_an_error_as_in_citeproc_js(tmp_path: Path) -> None:
    """A cluster that renders nothing prints citeproc-js's error; so does an entry of
    a numeric style (its number first), while another style leaves the entry out
    (the CSL suite's date_DateNoDateNoTest, sort_OmittedBibRefMixedNumericStyle)."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    items = [
        Item.from_csl(item("a", "book", title="One")),
        Item.from_csl(item("b", "personal_communication", title="Two")),
    ]
    numeric = tmp_path / "numeric.csl"
    numeric.write_text(EMPTY_STYLE.replace("{cited}", "citation-number"), encoding="utf-8")
    titled = tmp_path / "titled.csl"
    titled.write_text(EMPTY_STYLE.replace("{cited}", "title"), encoding="utf-8")
    done = render_citations(items, str(numeric), [Cluster((Cite("a"),)), Cluster((Cite("b"),))])
    assert done.clusters == ["1", order.NO_PRINTED_FORM]
    assert [e.text for e in render_bibliography(items, str(numeric))] == [
        "1. One",
        f"2. {order.NO_PRINTED_FORM}",
    ]
    assert [e.text for e in render_bibliography(items, str(titled))] == ["1. One"]


ACCESSED_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true"><layout delimiter="; ">
    <group delimiter=" ">
      <names variable="author"/>
      <text term="no date" form="short"/><text variable="year-suffix"/>
      <date variable="accessed" form="text" date-parts="year"/>
    </group>
  </layout></citation>
</style>"""


def test_accessed_dates_do_not_tell_cites_apart(tmp_path: Path) -> None:
    """citeproc-js renders no accessed date in the cites it compares
    (date_YearSuffixWithNoDate): cites alike but for it take year suffixes."""
    from citeconv.csl.citations import Cite, Cluster, render_citations

    style = tmp_path / "accessed.csl"
    style.write_text(ACCESSED_STYLE, encoding="utf-8")
    doe = [person("Doe", "John")]
    items = [
        Item.from_csl(item(key, "book", author=doe, accessed={"date-parts": [[year]]}))
        for key, year in (("a", 1965), ("b", 2065))
    ]
    cluster = [Cluster((Cite("a"), Cite("b")))]
    done = render_citations(items, str(style), cluster)
    assert done.clusters == ["John Doe n.d. a 1965; John Doe n.d. b 2065"]
