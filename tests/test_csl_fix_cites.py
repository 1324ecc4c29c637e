"""Cites and clusters as citeproc-js renders them: affixes, positions and the
subsequent form, citation labels, and how the suite's runner reads CITATIONS.

Expected outputs are citeproc-js's (the CSL test suite's fixtures named with each)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csl_fixtures import csl_style, item, person, render, suite_runner

from citeconv.csl.citations import Cite, Cluster, parse_clusters, render_citations
from citeconv.model import Item

ROOT = Path(__file__).resolve().parent.parent


def _style(tmp_path: Path, body: str, cls: str = "in-text") -> str:
    path = tmp_path / "style.csl"
    path.write_text(csl_style(body).replace('class="in-text"', f'class="{cls}"'), encoding="utf-8")
    return str(path)


def _cite(items: list[dict[str, Any]], style: str, clusters: Any, **options: Any) -> list[str]:
    parsed = parse_clusters(clusters)
    return render_citations([Item.from_csl(i) for i in items], style, parsed, **options).clusters


TITLE = "<citation><layout><text variable='title'/></layout></citation>"


def test_cite_affixes_have_typographic_quotes_and_keep_their_punctuation(tmp_path: Path) -> None:
    """affix_CommaAfterQuote, affix_SpaceWithQuotes, affix_MovingPunctuation: quotes in
    a cite's affixes are the locale's, punctuation-in-quote moves a suffix's period
    into the field's quotes but never the comma an affix has after its own quote."""
    style = _style(tmp_path, TITLE.replace("variable='title'", "variable='title' quotes='true'"))
    book = item("a", "book", title="The Title")
    prefix = [[{"id": "a", "prefix": "'quote', "}]]
    assert _cite([book], style, prefix) == ["“quote”, “The Title”"]
    suffix = [[{"id": "a", "suffix": '. And "so it goes"'}]]
    assert _cite([book], style, suffix) == ["“The Title.” And “so it goes”"]


def test_subsequent_cites_take_the_subsequent_et_al_options(tmp_path: Path) -> None:
    """bugreports_EtAlSubsequent: et-al-subsequent-min/-use-first replace et-al-min and
    -use-first in a cite that is not the item's first."""
    style = _style(
        tmp_path,
        '<citation et-al-min="5" et-al-use-first="1" et-al-subsequent-min="3"'
        ' et-al-subsequent-use-first="1"><layout><names variable="author"><name/></names>'
        "</layout></citation>",
        "note",
    )
    book = item(
        "a", "book", author=[person("Doe", "John"), person("Roe", "Jane"), person("Poe", "E")]
    )
    clusters = [
        {"citationItems": [{"id": "a"}], "properties": {"noteIndex": 1}},
        {"citationItems": [{"id": "a"}], "properties": {"noteIndex": 2}},
    ]
    assert _cite([book], style, clusters) == ["John Doe, Jane Roe, E Poe", "John Doe et al."]


def test_no_et_al_when_no_name_is_left_out(tmp_path: Path) -> None:
    """disambiguate_BasedOnEtAlSubsequent: three names under et-al-min="3"
    et-al-use-first="3" all print, without "et al."."""
    style = _style(
        tmp_path,
        '<citation et-al-min="3" et-al-use-first="3"><layout><names variable="author">'
        '<name and="symbol" delimiter=", " delimiter-precedes-last="never" form="short"/>'
        "</names></layout></citation>",
    )
    names = [person("Baur", "A"), person("Schileyko", "B"), person("Baur", "C")]
    assert _cite([item("a", "book", author=names)], style, [[{"id": "a"}]]) == [
        "Baur, Schileyko & Baur"
    ]


def test_cites_are_disambiguated_in_their_subsequent_form(tmp_path: Path) -> None:
    """bugreports_OldMhraDisambiguationFailure: citeproc-js compares cites as
    subsequent cites (CSL.getAmbiguousCite), so a note style's "Doe" and "Doe" are
    alike and its disambiguate="true" branch adds the titles."""
    style = _style(
        tmp_path,
        '<citation><layout delimiter="; "><choose><if position="subsequent">'
        '<group delimiter=", "><names variable="author"><name form="short"/></names>'
        '<choose><if disambiguate="true"><text variable="title"/></if></choose></group>'
        '</if><else><names variable="author"><name/></names><text variable="title"'
        ' prefix=", "/></else></choose></layout></citation>',
        "note",
    )
    doe = [person("Doe", "John")]
    books = [
        item("a", "book", title="Book A", author=doe),
        item("b", "book", title="Book B", author=doe),
    ]
    cluster = [{"id": "a"}, {"id": "b"}]
    clusters = [
        {"citationItems": cluster, "properties": {"noteIndex": 1}},
        {"citationItems": cluster, "properties": {"noteIndex": 2}},
    ]
    assert _cite(books, style, clusters) == [
        "John Doe, Book A; John Doe, Book B",
        "Doe, Book A; Doe, Book B",
    ]


def test_citation_label_is_made_and_takes_the_year_suffix(tmp_path: Path) -> None:
    """disambiguate_CitationLabelInData, magic_CitationLabelInBibliography: an item's
    own citation-label, else citeproc-js's trigraph; the year suffix goes after the
    label, and not after the year too."""
    style = _style(
        tmp_path,
        '<citation disambiguate-add-year-suffix="true"><sort><key variable="citation-label"/>'
        '</sort><layout delimiter="; "><text variable="citation-label"/></layout></citation>'
        '<bibliography><sort><key variable="citation-label"/></sort><layout>'
        '<text variable="citation-label"/><date variable="issued" prefix=" ">'
        '<date-part name="year"/></date></layout></bibliography>',
    )
    year = {"date-parts": [[1900]]}
    items = [
        item("a", "book", author=[person("Asthma", "Albert")], issued=year),
        item("b", "book", author=[person("Asthma", "Zeppo")], issued=year),
        item("c", "book", author=[person("Bronchitis", "B"), person("Cholera", "C")], issued=year),
        item("d", "book", citation_label="Spiff", issued=year),
        item("e", "book", author=[person("von Dipheria", "D"), *[person(f, "X") for f in "EFGH"]]),
    ]
    clusters = [[{"id": i["id"]} for i in items]]
    assert _cite(items, style, clusters) == ["Asth00a; Asth00b; BrCh00; DEFG00; Spiff"]
    bibliography = ["Asth00a 1900", "Asth00b 1900", "BrCh00 1900", "DEFG00", "Spiff 1900"]
    assert render(items, style) == bibliography


def test_given_positions_are_read_and_none_are_computed(tmp_path: Path) -> None:
    """bugreports_DemoPageFullCiteCruftOnSubsequent, position_IbidWithLocator:
    citeproc-js's makeCitationCluster computes no positions; a cite is first unless
    it gives its "position" (0–3)."""
    style = _style(
        tmp_path,
        '<citation><layout><choose><if position="subsequent"><text value="later"/></if>'
        '<else><text variable="title"/></else></choose></layout></citation>',
        "note",
    )
    book = item("a", "book", title="Book")
    twice = [[{"id": "a"}], [{"id": "a"}]]
    assert _cite([book], style, twice) == ["Book", "later"]
    assert _cite([book], style, twice, given_positions=True) == ["Book", "Book"]
    given = [[{"id": "a", "position": 1}]]
    assert _cite([book], style, given, given_positions=True) == ["later"]
    assert Cite("a").position is None and parse_clusters(given)[0] == Cluster(
        (Cite("a", position="subsequent"),)
    )


def test_suite_runner_reads_citations_as_citeproc_js_harness_does() -> None:
    """bugreports_OverwriteCitationItems, position_ResetNoteNumbers: the document is
    the last call's citationsPre, citation and citationsPost, each citation as last
    given, in the note its pair names."""
    document = suite_runner()._document

    def call(cid: str, ids: list[str], note: int, pre: Any = (), post: Any = ()) -> Any:
        citation = {
            "citationID": cid,
            "citationItems": [{"id": i} for i in ids],
            "properties": {"noteIndex": note},
        }
        return [citation, [list(p) for p in pre], [list(p) for p in post]]

    calls = [
        call("C1", ["a"], 1),
        call("C2", ["b", "c"], 2, [("C1", 1)]),
        call("C1", ["d"], 1, [], [("C2", 3)]),
    ]
    doc = document(calls)
    assert [c["citationID"] for c in doc] == ["C1", "C2"]
    assert [[i["id"] for i in c["citationItems"]] for c in doc] == [["d"], ["b", "c"]]
    assert [c["properties"]["noteIndex"] for c in doc] == [1, 3]


def test_suite_runner_cites_every_item_in_bibliography_order(tmp_path: Path) -> None:
    """bugreports_ChicagoAuthorDateLooping: without CITATION-ITEMS or CITATIONS,
    citeproc-js's harness cites the registry's reflist, sorted by the bibliography."""
    runner = suite_runner()
    body = (
        "<citation><layout delimiter='; '><text variable='title'/></layout></citation>"
        "<bibliography><sort><key variable='title'/></sort><layout><text variable='title'/>"
        "</layout></bibliography>"
    )
    style = Path(_style(tmp_path, body))
    fixture = runner.Fixture("t", {"MODE": "citation", "CSL": style.read_text(encoding="utf-8")})
    items = [Item.from_csl(item(k, "book", title=t)) for k, t in (("a", "Zeta"), ("b", "Alpha"))]
    assert [i.id for i in runner._registry_order(fixture, style, items)] == ["b", "a"]


def test_locator_quotes_and_the_sub_verbo_label(tmp_path: Path) -> None:
    """bugreports_MovePunctuationInsideQuotesForLocator: a locator is rich text (its
    quotes the locale's, the layout's period moved inside them), and "sub verbo"
    (CSL 1.0.1's name) is the locales' sub-verbo term."""
    style = _style(
        tmp_path,
        '<citation><layout suffix="."><group delimiter=" "><label variable="locator"'
        ' form="short"/><text variable="locator"/></group></layout></citation>',
        "note",
    )
    cites = [[{"id": "a", "label": "sub verbo", "locator": '"gargoyle"'}]]
    assert _cite([item("a", "book", title="T")], style, cites) == ["s.v. “gargoyle.”"]
