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


def test_an_unknown_id_or_an_option_not_rendered_is_refused(numeric: str) -> None:
    items = [_book("a", "Alpha")]
    with pytest.raises(UsageError, match="no item has the id 'zz'"):
        render_citations(items, numeric, parse_clusters([[{"id": "zz"}]]))
    with pytest.raises(UsageError, match="suppress-author is not supported"):
        render_citations(items, numeric, parse_clusters([[{"id": "a", "suppress-author": True}]]))


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
