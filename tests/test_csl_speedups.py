"""Speed-ups of formatting change how fast, never what: each is checked against the
slow way here (the golden and tests/csl cases check the output as a whole)."""

from __future__ import annotations

import gc
import json
import marshal
import re
from dataclasses import replace
from functools import cmp_to_key
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.csl import engine
from citeconv.csl import packed as packed_module
from citeconv.csl.engine import load_style, packer, render_bibliography
from citeconv.csl.fixes import collation, order
from citeconv.model import Item

from conftest import run_citeconv

CSL_ITEMS = Path(__file__).parent / "csl" / "items.json"
AUTHORS = [[{"family": "Lee", "given": "Ann"}], [{"family": "Ng", "given": "Bo"}], []]
TITLES = ["Alpha", "Beta", "alpha"]


def _book(n: int, author: int, year: int, title: int, volume: int) -> Item:
    data: dict[str, Any] = {
        "id": f"b{n}",
        "type": "book",
        "title": TITLES[title],
        "issued": {"date-parts": [[2000 + year]]},
        "volume": str(volume),
    }
    if AUTHORS[author]:
        data["author"] = AUTHORS[author]
    return Item.from_csl(data)


def _full_key_order(bibliography: Any) -> list[str]:
    """The order when every key of every entry is rendered (how sorting worked before)."""
    layout = bibliography.style.root.bibliography.layout
    sort = bibliography.style.root.bibliography.find("cs:sort", layout.nsmap)
    keys = list(sort.findall("cs:key", layout.nsmap))
    items = list(bibliography.items)  # in registration order
    columns = [[collation._collation_key(v) for v in key.sort_keys(items, layout)] for key in keys]
    descending = [key.get("sort", "ascending") == "descending" for key in keys]

    def compare(left: int, right: int) -> int:
        for column, reverse in zip(columns, descending, strict=True):
            a, b = column[left], column[right]
            if a is None and b is None:
                continue
            if a is None or b is None:
                return 1 if a is None else -1
            if a != b:
                return (-1 if a < b else 1) * (-1 if reverse else 1)
        return 0

    return [items[n].key for n in sorted(range(len(items)), key=cmp_to_key(compare))]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2), st.integers(1, 3)),
        min_size=2,
        max_size=12,
    )
)
def test_sort_renders_keys_only_for_ties_same_order(rows: list[tuple[int, ...]]) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    from citeconv.csl.markup import MARKS_FORMATTER

    items = [_book(n, *row) for n, row in enumerate(rows)]
    source = CiteProcJSON([{**item.to_csl(), "id": f"i{n}"} for n, item in enumerate(items)])
    bibliography = CitationStylesBibliography(load_style("apa", None), source, MARKS_FORMATTER)
    for n in range(len(items)):
        bibliography.register(Citation([CitationItem(f"i{n}")]))
    order.start_render()
    expected = _full_key_order(bibliography)
    order.start_render()
    bibliography.sort()
    assert [item.key for item in bibliography.items] == expected


def test_sort_skips_the_keys_that_no_tie_needs() -> None:
    """APA sorts by author, then date, ..., then title: with all authors different,
    the title key is never rendered."""
    items = [
        Item.from_csl(
            {
                "id": f"b{n}",
                "type": "book",
                "title": f"Title {n}",
                "author": [{"family": f"Author{chr(65 + n)}", "given": "A"}],
                "issued": {"date-parts": [[2001]]},
            }
        )
        for n in range(5)
    ]
    style = load_style("apa", None)
    title_macro = style.root.get_macro("title")
    calls = 0
    original = type(title_macro).render

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        if self is title_macro and kwargs.get("sort_options") is not None:
            calls += 1
        return original(self, *args, **kwargs)

    type(title_macro).render = counting  # type: ignore[method-assign]
    try:
        texts = [entry.text for entry in render_bibliography(items, "apa", jobs=1)]
    finally:
        type(title_macro).render = original  # type: ignore[method-assign]
    assert [text[:7] for text in texts] == [f"Author{chr(65 + n)}" for n in range(5)]
    assert calls == 0


def test_style_element_proxies_are_pinned() -> None:
    """What the speed-ups remember on a style element survives the proxy's last user."""
    style = load_style("apa", None)
    style.root.find("cs:info", style.root.nsmap)._citeconv_probe = 1
    gc.collect()
    assert style.root.find("cs:info", style.root.nsmap)._citeconv_probe == 1


def test_names_without_a_name_do_not_grow_the_style() -> None:
    """citeproc-py inserted a new cs:name into the style for every entry rendered by a
    cs:names that has none (Vancouver's editors): the style grew with the input."""
    style = load_style("nlm-citation-sequence", None)
    editors = [{"family": "Ode", "given": "Ed"}]
    items = [
        Item.from_csl({"id": f"c{n}", "type": "chapter", "title": f"Part {n}", "editor": editors})
        for n in range(20)
    ]
    first = [entry.text for entry in render_bibliography(items[:1], "nlm-citation-sequence")]
    size = sum(1 for _ in style.root.iter())
    texts = [entry.text for entry in render_bibliography(items, "nlm-citation-sequence")]
    assert sum(1 for _ in style.root.iter()) == size
    assert texts[0] == first[0]
    assert all("Ode E, editor" in text for text in texts)


@pytest.mark.parametrize("style", ["apa", "nlm-citation-sequence", "chicago-author-date", "ieee"])
def test_output_is_the_same_without_the_speedups(tmp_path: Path, style: str) -> None:
    """The whole output, for the tests/csl items and a generated corpus, in every
    markup, with and without the speed-ups (CITECONV_NO_SPEEDUPS)."""
    from test_perf_cli import ris_corpus

    ris = ris_corpus(tmp_path / "corpus.ris", 120, seed=3)
    inputs = [str(CSL_ITEMS), str(ris)]
    for markup in ("text", "html"):
        args = ["convert", *inputs, "--to", "csl", "--style", style, "--markup", markup, "-q"]
        fast = run_citeconv(*args)
        slow = run_citeconv(*args, env={"CITECONV_NO_SPEEDUPS": "1"})
        assert fast.returncode == slow.returncode == 0, slow.stderr
        assert fast.stdout.count(b"\n") > 300
        assert fast.stdout == slow.stdout


def test_free_text_a_style_names_is_kept(tmp_path: Path) -> None:
    """citeproc-py is not given the abstract, keywords or note unless the style names
    them (memory): a style that prints them still gets them."""
    from citeconv.csl.engine import _unused_free_text

    assert {"abstract", "keyword"} <= _unused_free_text(load_style("apa", None))
    head = (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
    )
    style = tmp_path / "abstracts.csl"
    style.write_text(
        f'<?xml version="1.0"?>\n{head}<bibliography><layout><group delimiter=" | ">'
        '<text variable="title"/><text variable="abstract"/>'
        '<choose><if variable="keyword note"><text value="kw+note"/></if></choose>'
        "</group></layout></bibliography></style>\n"
    )
    item = Item.from_csl(
        {
            "id": "a",
            "type": "article",
            "title": "T",
            "abstract": "We found it.",
            "keyword": "k",
            "note": "n",
        }
    )
    [entry] = render_bibliography([item], str(style))
    assert entry.text == "T | We found it. | kw+note"


def _alike_articles(count: int) -> list[Item]:
    """``count`` articles whose APA cites all read "Lee et al., 2020" until names are
    added: each has its own second author, so citeproc-js's steps part them one by one."""
    return [
        Item.from_csl(
            {
                "id": f"a{n}",
                "type": "article-journal",
                "title": f"Study {n}",
                "issued": {"date-parts": [[2020]]},
                "author": [
                    {"family": "Lee", "given": "Ann"},
                    {"family": f"Second{n}", "given": "Bo"},
                    {"family": "Third", "given": "Cy"},
                ],
            }
        )
        for n in range(count)
    ]


def test_disambiguation_renders_each_cite_configuration_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    renders = 0
    real = order._render_cite

    def counting(citation: Any, item: Any) -> str | None:
        nonlocal renders
        renders += 1
        return real(citation, item)

    monkeypatch.setattr(order, "_render_cite", counting)
    items = _alike_articles(12)
    remembered = [entry.text for entry in render_bibliography(items, "apa", jobs=1)]
    with_memo = renders
    renders = 0
    monkeypatch.setattr(order, "memoized", lambda render: render)
    again = [entry.text for entry in render_bibliography(items, "apa", jobs=1)]
    assert again == remembered
    assert "Lee, A., Second0, B., & Third, C. (2020)" in remembered[0]
    # Without the memo each step renders the rest of the group again.
    assert with_memo < renders * 0.7, (with_memo, renders)


def _with_free_text() -> Item:
    return Item.from_csl(
        {
            "id": "f1",
            "type": "article-journal",
            "title": "Held for sorting",
            "author": [{"family": "Lee", "given": "Ann"}],
            "issued": {"date-parts": [[2020]]},
            "abstract": "A long abstract.",
            "note": "A note.",
            "keyword": "alpha, beta",
            "custom": {"ZZ": ["an unmapped tag"]},
        }
    )


def test_held_items_drop_only_what_the_style_cannot_print() -> None:
    item = _with_free_text()
    packed = packer("apa")(item)
    data = marshal.loads(packed.blob)
    assert packed.id == item.id
    assert not {"abstract", "note", "keyword", "custom", "id"} & set(data)
    assert data["title"] == "Held for sorting" and data["author"] == [
        {"family": "Lee", "given": "Ann"}
    ]
    # The input item is not changed (it may be another writer's too).
    assert item.fields["abstract"] == "A long abstract." and item.custom
    # A style that prints the abstract keeps it, and prints it.
    kept = packer("apa-with-abstract")(item)
    assert marshal.loads(kept.blob)["abstract"] == "A long abstract."
    [entry] = render_bibliography([kept], "apa-with-abstract")
    assert "A long abstract." in entry.text
    # Packed or not, the same entry.
    assert render_bibliography([item], "apa-with-abstract") == [entry]


@pytest.mark.parametrize(
    ("style", "suffixes"),
    [("apa", True), ("harvard-cite-them-right", True), ("modern-language-association", False)],
)
def test_references_let_go_and_built_again_render_the_same(
    style: str, suffixes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for only two built references, every reference is let go and built
    again many times (sorting, disambiguation, rendering): the year suffixes and the
    names disambiguation gave must come back with it."""
    items = [Item.from_csl(entry) for entry in json.loads(CSL_ITEMS.read_text(encoding="utf-8"))]
    whole = render_bibliography(items, style)
    built = []
    original = packed_module.PackedSource.__getitem__

    def counting(self: Any, key: str) -> Any:
        hit = key in self._built
        reference = original(self, key)
        built.append(hit)
        return reference

    monkeypatch.setattr(packed_module, "KEPT", 2)
    monkeypatch.setattr(packed_module.PackedSource, "__getitem__", counting)
    assert render_bibliography(items, style) == whole
    assert built.count(False) > 3 * len(items)  # built again, not kept
    # The golden items have year suffixes in those styles: the test reaches them.
    assert any(re.search(r"\b(1|2)\d{3}[ab]\b", e.text) for e in whole) == suffixes


def test_a_packed_item_may_hold_str_subclasses() -> None:
    """marshal knows only the built-in types: text of a str subclass (as a plug-in
    reader may make) is packed as plain text, not refused."""

    class Marked(str):
        pass

    item = Item.from_csl(
        {
            "id": "s1",
            "type": "book",
            "title": "Subclassed title",
            "author": [{"family": "Lee", "given": "Ann"}],
            "issued": {"date-parts": [[2020]]},
        }
    )
    item = replace(item, fields={**item.fields, "title": Marked("Subclassed title")})
    with pytest.raises(ValueError):
        marshal.dumps(item.to_csl())  # what the fallback is for
    packed = packer("apa")(item)
    assert marshal.loads(packed.blob)["title"] == "Subclassed title"
    [entry] = render_bibliography([packed], "apa")
    assert entry.text.startswith("Lee, A. (2020). ") and "Subclassed title" in entry.text


@pytest.mark.parametrize("kept", [1024, 1])
def test_an_inputs_year_suffix_orders_the_first_sort(
    kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """west-european-politics sorts on year-suffix: an input's own suffix orders the
    sort before disambiguation (which then gives its own suffixes in that order), as
    with citeproc-py's own source; packed references must not drop it earlier."""
    monkeypatch.setattr(packed_module, "KEPT", kept)
    items = [
        Item.from_csl(
            {
                "id": key,
                "type": "book",
                "title": title,
                "author": [{"family": "Lee", "given": "Ann"}],
                "issued": {"date-parts": [[2020]]},
                "year-suffix": suffix,
            }
        )
        for key, title, suffix in [("p", "Alpha", "b"), ("q", "Zeta", "a")]
    ]
    assert [e.text for e in render_bibliography(items, "west-european-politics")] == [
        "Lee, Ann (2020a). Zeta.",
        "Lee, Ann (2020b). Alpha.",
    ]


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFFFF), max_size=8))
def test_has_cjk_is_the_character_class_it_stands_for(text: str) -> None:
    """The class is compiled at first use; the ASCII shortcut changes no answer."""
    from citeconv.csl.scripts import _CJK_CLASS, has_cjk

    assert has_cjk(text) == (re.search(_CJK_CLASS, text) is not None)
    assert has_cjk("山田") and has_cjk("ひらがな") and has_cjk("한국") and not has_cjk("Éire")


def test_a_reference_built_twice_is_kept_as_its_pickle_and_parsed_no_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """citeproc-py parses an item's CSL-JSON at most twice: its second build is
    pickled, and every later build (a bibliography's passes, with room for two
    references) is that pickle loaded, the same reference: same types, values, key
    and shared name lists. A reference built once stays a marshal."""
    from citeproc.source.json import CiteProcJSON

    items = [Item.from_csl(entry) for entry in json.loads(CSL_ITEMS.read_text(encoding="utf-8"))]
    pack = packer("apa")
    blobs = [(f"i{n}", pack(item).blob) for n, item in enumerate(items)]
    source = packed_module.PackedSource(blobs, engine._build_reference)
    monkeypatch.setattr(packed_module, "KEPT", 1)
    for key, _ in blobs:
        fresh = source[key]
        source._let_go(key)
        assert source._blobs[key][0] != 0x80  # built once: still a marshal
        assert source[key] is not fresh
        source._let_go(key)
        assert source._blobs[key][0] == 0x80  # built twice: a pickle
        built = source[key]
        source._let_go(key)
        assert type(built) is type(fresh) and built.keys() == fresh.keys()
        for variable, value in fresh.items():
            assert type(built[variable]) is type(value), variable
            assert repr(built[variable]) == repr(value), variable
        for variable in [v for v in built if "-" in v]:  # the aliases of citeproc-py's names
            assert built[variable] is built[variable.replace("-", "_")]

    parsed: list[int] = []
    builds: list[int] = []
    original = CiteProcJSON.__init__
    getitem = packed_module.PackedSource.__getitem__

    def counting(self: Any, data: Any) -> None:
        parsed.append(1)
        original(self, data)

    def building(self: Any, key: str) -> Any:
        builds.append(key not in self._built)
        return getitem(self, key)

    monkeypatch.setattr(packed_module, "KEPT", 2)
    monkeypatch.setattr(CiteProcJSON, "__init__", counting)
    monkeypatch.setattr(packed_module.PackedSource, "__getitem__", building)
    render_bibliography(items, "apa")
    assert sum(builds) > 3 * len(items)  # the test reaches the pickles
    assert len(parsed) <= 2 * len(items)
