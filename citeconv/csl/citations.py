"""Citations: clusters of cites rendered by a CSL style, through (fixed) citeproc-py.

The input is what citeproc-js takes: a list of clusters, each either a list of cites
or ``{"citationItems": [...], "properties": {"noteIndex": N, "mode": M}}``; a cite is
``{"id", "locator", "label", "prefix", "suffix", "suppress-author", "author-only"}``
(a suppress-author cite leaves out the names the style prints first, an author-only
cite prints only them; a cluster's mode is its first cite's option, as in citeproc-js).
Items are found by the id they are cited by (``ids``; by default ``Item.id``).
The clusters render in order, each knowing the ones before it (positions: first,
subsequent, ibid, near-note, as citeconv.csl.positions assigns them); the items are
registered in the order they are first cited (citation numbers), sorted as the
style's bibliography sorts them, and disambiguated once, before the first cluster,
as the bibliography is (citeconv.csl.fixes.order): the bibliography after the
clusters shows the same year suffixes and added names.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from citeconv.csl.engine import (
    Entry,
    citeproc_source,
    finish_entry,
    load_any_style,
)
from citeconv.csl.fixes import order, work
from citeconv.csl.fixes.state import BIBLIOGRAPHY
from citeconv.csl.markup import MARKS_FORMATTER, Markup, finish, rich_text_to_marks
from citeconv.csl.positions import (
    FIRST,
    IBID,
    IBID_WITH_LOCATOR,
    SUBSEQUENT,
    Position,
    Positions,
)
from citeconv.csl.quotes import quote_marks, typographic_quotes
from citeconv.diagnostics import UsageError
from citeconv.model import Item

#: A cite's keys that citeconv reads (citeproc-js's CitationItem).
CITE_KEYS = frozenset(
    {
        "id",
        "locator",
        "label",
        "prefix",
        "suffix",
        "suppress-author",
        "author-only",
        "position",
        "near-note",
    }
)

#: Locator labels by their CSL 1.0.1 names: the 1.0.2 name, the locales' term.
_LABELS = {"sub verbo": "sub-verbo"}

#: citeproc-js's CSL.POSITION_FIRST … CSL.POSITION_IBID_WITH_LOCATOR, the numbers a
#: cite's "position" is given as.
_POSITIONS = {0: FIRST, 1: SUBSEQUENT, 2: IBID, 3: IBID_WITH_LOCATOR}


@dataclass(frozen=True)
class Cite:
    """One cite of a cluster, as citeproc-js reads it."""

    id: str
    locator: str | None = None
    label: str = "page"
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    #: The position given with the cite (citeproc-js's "position", 0–3, and
    #: "near-note"): read only when positions are not computed (see render_citations).
    position: str | None = None
    near_note: bool = False


@dataclass(frozen=True)
class Cluster:
    """A citation: its cites, in the order given, and the note it is in (0: none)."""

    cites: tuple[Cite, ...]
    note_index: int = 0


@dataclass(frozen=True)
class Citations:
    """Each cluster rendered, in order; the bibliography of the cited items after
    them when asked for (None otherwise)."""

    clusters: list[str]
    bibliography: list[Entry] | None = None


def parse_clusters(data: Any) -> list[Cluster]:
    """The clusters of citeproc-js's input shape (see the module's docstring); a
    UsageError saying what is wrong otherwise."""
    if not isinstance(data, list):
        raise UsageError("citations: a JSON array of clusters is expected")
    clusters = []
    for n, raw in enumerate(data, start=1):
        note_index = 0
        mode = None
        if isinstance(raw, dict):
            properties = raw.get("properties") or {}
            if not isinstance(properties, dict):
                raise UsageError(f"citation {n}: 'properties' is not an object")
            note_index = _int(properties.get("noteIndex", 0), f"citation {n}: noteIndex")
            mode = properties.get("mode")
            raw = raw.get("citationItems")
        if not isinstance(raw, list):
            raise UsageError(f"citation {n}: a list of cites or citationItems is expected")
        cites = [_cite(c, n) for c in raw]
        if cites and mode in ("author-only", "suppress-author"):
            # citeproc-js: the cluster's mode is its first cite's option.
            only = mode == "author-only"
            cites[0] = replace(cites[0], author_only=only, suppress_author=not only)
        clusters.append(Cluster(tuple(cites), note_index))
    return clusters


def _int(value: Any, what: str) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise UsageError(f"{what}: not a number ({value!r})") from None


def _cite(raw: Any, n: int) -> Cite:
    if not isinstance(raw, dict) or raw.get("id") in (None, ""):
        raise UsageError(f"citation {n}: each cite is an object with an 'id'")
    locator = raw.get("locator")
    label = str(raw.get("label") or "page")
    position = raw.get("position")
    if position is not None and position not in _POSITIONS:
        raise UsageError(f"citation {n}: 'position' is one of 0, 1, 2, 3 ({position!r})")
    return Cite(
        id=str(raw["id"]),
        locator=None if locator in (None, "") else str(locator),
        label=_LABELS.get(label, label),
        prefix=str(raw.get("prefix") or ""),
        suffix=str(raw.get("suffix") or ""),
        suppress_author=bool(raw.get("suppress-author")),
        author_only=bool(raw.get("author-only")),
        position=None if position is None else _POSITIONS[position],
        near_note=bool(raw.get("near-note")),
    )


def render_citations(
    items: Sequence[Item],
    style: str,
    clusters: Sequence[Cluster],
    locale: str | None = None,
    markup: Markup = "text",
    *,
    ids: Sequence[str] | None = None,
    bibliography: bool = False,
    given_positions: bool = False,
) -> Citations:
    """Render ``clusters`` of cites of ``items`` in ``style``.

    ``ids``: the id each item is cited by (default: each item's ``id``); the first
    item of an id wins. ``bibliography``: also the bibliography of the cited items
    (a UsageError for a style without one), with the clusters' disambiguation.
    ``given_positions``: each cite has the position given with it (first unless
    said), none computed from the clusters before it: citeproc-js's
    makeCitationCluster, where the default is its processCitationCluster.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source import Locator

    from citeconv.pipeline.workers import render_sorted_bibliography

    parsed_style = load_any_style(style, locale)
    if parsed_style.root.citation is None:
        raise UsageError(f"style {style!r} has no citation layout")
    if bibliography and parsed_style.root.bibliography is None:
        raise UsageError(f"style {style!r} has no bibliography")
    by_id: dict[str, int] = {}
    for n, cited_as in enumerate(ids if ids is not None else [item.id for item in items]):
        by_id.setdefault(cited_as, n)
    _check(clusters, by_id)
    # Registered in the order first cited (citeproc-js's citation numbers).
    cited = list(dict.fromkeys(by_id[cite.id] for cluster in clusters for cite in cluster.cites))
    keys = [f"i{n}" for n in range(len(cited))]
    key_of = {n: key for n, key in zip(cited, keys, strict=True)}
    cited_items = [items[n] for n in cited]
    source = citeproc_source(cited_items, keys, parsed_style)
    engine = CitationStylesBibliography(parsed_style, source, MARKS_FORMATTER)
    registered = []
    for key in keys:
        citation = Citation([CitationItem(key)])
        citation.bibliography = engine
        registered.extend(citation.cites)
    engine.keys = list(keys)
    engine.items = registered
    BIBLIOGRAPHY.workers = 1
    BIBLIOGRAPHY.item_ids = {key: item.id for key, item in zip(keys, cited_items, strict=True)}
    order.start_render(len(keys))
    distance = parsed_style.root.citation.get("near-note-distance")
    if not given_positions:
        near_note_distance = _int(distance, "near-note-distance") if distance else 5
        BIBLIOGRAPHY.positions = Positions(near_note_distance)
    quotes = quote_marks(parsed_style.root)
    rendered: list[str] = []
    entries: list[Entry] | None = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            if parsed_style.root.bibliography is not None:
                engine.sort()  # citation numbers follow the bibliography's order
            order.disambiguate(engine)
            for cluster in clusters:
                cites = []
                for cite in cluster.cites:
                    options: dict[str, Any] = {}
                    if cite.locator is not None:
                        # Rich text, as an affix is (citeproc-js: “gargoyle”).
                        locator = typographic_quotes(cite.locator, quotes)
                        options["locator"] = Locator(cite.label, locator)
                    # A cite's affixes are rich text, quotes included, as citeproc-js
                    # reads them: "'quote', " prints “quote”, (the locale's marks).
                    if cite.prefix:
                        options["prefix"] = _affix(cite.prefix, quotes)
                    if cite.suffix:
                        options["suffix"] = _affix(cite.suffix, quotes)
                    cite_item = CitationItem(key_of[by_id[cite.id]], **options)
                    if cite.author_only or cite.suppress_author:
                        mode = "author-only" if cite.author_only else "suppress-author"
                        cite_item.__dict__["citeconv_mode"] = mode  # fixes/cites.py
                    if given_positions and (cite.position or cite.near_note):
                        given = Position(cite.position or FIRST, cite.near_note)
                        cite_item.__dict__["citeconv_position"] = given  # fixes/elements.py
                    cites.append(cite_item)
                citation = Citation(cites, note_index=cluster.note_index)
                citation.bibliography = engine
                text = engine.cite(citation, _unknown)
                # citeproc-js prints a cluster that renders nothing as an error.
                text = finish(str(text).replace(_KEEP, ""), markup) if text else ""
                rendered.append(text or order.NO_PRINTED_FORM)
            if bibliography:
                order.register_in_bibliography_order(engine)
                texts = render_sorted_bibliography(engine, 1)
                entries = []
                for number, (key, text) in enumerate(zip(engine.keys, texts, strict=True), 1):
                    if not text:
                        text = order.empty_entry(parsed_style.root, number) or text
                    if text is not None:
                        entry = Entry(cited_items[keys.index(key)].id, finish_entry(text, markup))
                        entries.append(entry)
    except work.StyleTooComplex:
        raise UsageError(
            f"style {style}: its layout and macros stand for more than "
            f"{work.MACRO_WORK_PER_ENTRY:,} elements per cite; refused"
        ) from None
    finally:
        BIBLIOGRAPHY.positions = None
    return Citations(rendered, entries)


#: Between a closing quotation mark of a cite's affix and the period or comma the
#: affix has after it: punctuation-in-quote leaves it there (citeproc-js moves
#: punctuation into quotes where rendered pieces meet, never inside an affix:
#: "“quote”, Hello"). Taken out before the cluster is finished.
_KEEP = "\ue0ff"


def _affix(text: str, quotes: tuple[str, str, str, str]) -> str:
    marked = typographic_quotes(rich_text_to_marks(text), quotes)
    close = quotes[1]
    if close not in marked:
        return marked
    out = []
    for n, char in enumerate(marked):
        out.append(char)
        if char == close and marked[n + 1 : n + 2] in (".", ","):
            out.append(_KEEP)
    return "".join(out)


def _check(clusters: Sequence[Cluster], by_id: Mapping[str, int]) -> None:
    for n, cluster in enumerate(clusters, start=1):
        for cite in cluster.cites:
            if cite.id not in by_id:
                raise UsageError(f"citation {n}: no item has the id {cite.id!r}")


def _unknown(item: Any) -> str:
    # Never called: every id was checked to be an item (_check).
    raise UsageError(f"no item {item.key!r}")
