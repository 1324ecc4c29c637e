"""A citation's layout as citeproc-js renders it: its cites in the order given (or
the citation's cs:sort, one author's cites brought together), suppress-author and
author-only cites, citation numbers collapsed into ranges and one author's cites
into "Smith 2000a, b, 2003", the delimiters between cites, and each cite's position
(citeconv.csl.positions) before it renders. citeconv.csl.citations renders
clusters through it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from citeproc.model import VariableError
from citeproc.string import String, join

from citeconv.csl.fixes.formatting import punctuation_in_quote
from citeconv.csl.fixes.order import _subsequent_etal
from citeconv.csl.fixes.state import BIBLIOGRAPHY as _BIB
from citeconv.csl.fixes.state import STATE
from citeconv.csl.fixes.work import _charge
from citeconv.csl.markup import strip_marks
from citeconv.csl.positions import FIRST, CiteRef

#: What joins the first and last cite of a collapsed run ("[1]–[4]").
RANGE_DASH = "\u2013"


# Bug: citeproc-py sorts a cluster's cites into bibliography order even when the
# style's citation has no cs:sort ("Jones …; Smith …" for a cluster that cites Smith
# first: affix_WithCommas), and ignores collapse="citation-number" ("[1], [2], [3]"
# for citeproc-js's "[1]–[3]": collapse_CitationNumberRangesMixed) and collapse="year"
# ("(Smith 1900, Smith 2000)" for "(Smith 1900, 2000)": collapse_AuthorCollapse).
# citeproc-js keeps the order given unless the citation sorts, joins three or more
# consecutive numbers into a range, and prints the author of consecutive cites of
# one author once (collapse="year"), and their year once when only the year suffix
# tells them apart (collapse="year-suffix": "2000a, b"; "year-suffix-ranged":
# "2000a–c"). It also renders suppress-author and author-only cites (cite_mode).
def render_citation(self: Any, citation: Any, callback: Any) -> Any:
    parent = self.getparent()
    good = [cite for cite in citation.cites if not cite.is_bad()]
    bad = [cite for cite in citation.cites if cite.is_bad()]
    if parent.sort is not None:
        good = parent.sort.sort(good, self)
    collapse = parent.get("collapse")
    group_delimiter = parent.get("cite-group-delimiter")
    by_author = collapse in _YEAR_COLLAPSE or group_delimiter is not None
    # citeproc-js: a cluster with an author-only cite prints the authors of its
    # author-only cites alone, without the layout's affixes ("Smith", not "(Smith)").
    author_only = any(cite_mode(item) == "author-only" for item in good)
    grouped = not author_only and parent.sort is not None
    if grouped and _grouped_sort(self, collapse, group_delimiter):
        good = _grouped(self, good)
    if _BIB.positions is not None:
        _assign_positions(_BIB.positions, good, citation, author_only)
    if author_only:
        good = [item for item in good if cite_mode(item) == "author-only"]
    cites: list[_Cite] = []
    capitalize = self.get_root().get("class") != "in-text"
    printed = False  # citeproc-js's term_predecessor: the cluster printed something
    for item in good:
        prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
        if prefix:
            printed = not _prefix_ends_a_sentence(str(prefix))
        output = _render(self, item, cite_mode(item), capitalize and not printed)
        if output is None and author_only and (prefix or suffix):
            output = String("")  # citeproc-js keeps the affixes ("see  and more")
        if output is None:
            continue
        cite = _Cite(item, prefix + output + suffix)
        printed = True
        cites.append(cite)
        parent.cites.append(item)
        if by_author and cite_mode(item) is None:
            cite.text_variable = STATE.cite_text_variable
            author = _render(self, item, "author-only")
            cite.author = str(author) if author else ""
            if author:
                cite.rest = _render(self, item, "suppress-author")
            else:
                cite.rest = output
            if collapse not in (None, "year") and "year_suffix" in item.reference:
                cite.year_suffix = str(item.reference["year_suffix"])
                cite.without_suffix = _without_year_suffix(self, item)
    if author_only:
        return self.join([cite.text for cite in cites]) if cites else None
    if collapse == "citation-number" or not cites:
        out = self.join(_collapse_numbers([(cite.item, cite.text) for cite in cites]))
    elif by_author:
        out = _collapse_years(self, cites, collapse)
    else:
        out = _join_cites(self.get("delimiter", ""), cites)
    extra = [callback(item) or f"{item.key}?" for item in bad]
    if extra:
        out = self.join([out, *extra] if out is not None else extra)
    text = self.format(self.wrap(out))
    return punctuation_in_quote(self, text)


_YEAR_COLLAPSE = ("year", "year-suffix", "year-suffix-ranged")


@dataclass
class _Cite:
    """One rendered cite of a cluster, and what collapsing it needs."""

    item: Any
    text: Any
    #: Its author (its first names, as printed; "" without); None: a cite that
    #: never collapses (suppress-author, author-only).
    author: str | None = None
    #: Whether it rendered a cs:text variable other than locator and year-suffix
    #: (citeproc-js: "If some text variable is rendered, we're not collapsing").
    text_variable: bool = False
    #: The cite without its author, its year suffix, and the cite without either.
    rest: Any = None
    year_suffix: str | None = None
    without_suffix: str | None = None


def _splice_delimiter(delimiter: str, before: Any, item: Any) -> str:
    """The delimiter between two cites as citeproc-js shortens it when the first
    cite's suffix ends, or the second's prefix starts, with punctuation (", and
    David Jones", not "; , and David Jones")."""
    suffix, prefix = str(before.get("suffix", "")), str(item.get("prefix", ""))
    ends = strip_marks(suffix)[-1:] in (";", ".", ",")
    starts = not suffix and strip_marks(prefix)[:1] in (";", ".", ",")
    if not (ends or starts):
        return delimiter
    space = delimiter.find(" ")
    return delimiter[space:] if space >= 0 and not starts else ""


def _join_cites(delimiter: str, cites: list[_Cite]) -> Any:
    """The cites joined with ``delimiter``, shortened where punctuation meets it."""
    out: Any = None
    for n, cite in enumerate(cites):
        if n == 0:
            out = cite.text
        else:
            between = _splice_delimiter(delimiter, cites[n - 1].item, cite.item)
            out = join([out, cite.text], between)
    return out


def _render(layout: Any, item: Any, mode: str | None, capitalize: bool = False) -> Any:
    """The cite ``item`` rendered by ``layout``, in ``mode`` (see cite_mode): for
    "author-only", its author alone (None without one); with ``capitalize``, a
    term it starts with capitalized."""
    _BIB.entry_item = None  # each render of the cite has the work bound afresh
    _charge(layout, item)  # the layout's own elements count for the cite too
    layout.repressed = {}
    STATE.cite_mode = mode
    STATE.cite_capitalize = capitalize
    position = item.__dict__.get("citeconv_position")
    previous_etal = STATE.subsequent_etal
    if position is not None and position.position != FIRST:
        # CSL: et-al-subsequent-min and -use-first replace et-al-min and -use-first
        # in a cite that is not the item's first (citeproc-js: position > first).
        STATE.subsequent_etal = _subsequent_etal(layout.getparent())
    try:
        output = layout.render_children(item)
    except VariableError:
        return None
    finally:
        STATE.cite_mode = None
        STATE.cite_capitalize = False
        STATE.subsequent_etal = previous_etal
    return STATE.author_text if mode == "author-only" else output


def _without_year_suffix(layout: Any, item: Any) -> str | None:
    reference = item.reference
    saved = reference.pop("year_suffix")
    try:
        rest = _render(layout, item, "suppress-author")
    finally:
        reference["year_suffix"] = saved
    return None if rest is None else str(rest)


def _grouped_sort(layout: Any, collapse: str | None, group_delimiter: str | None) -> bool:
    """Whether citeproc-js sorts the cites of one author together (its
    ``grouped_sort``: an in-text style that collapses, or one with a
    cite-group-delimiter whose cites neither test positions nor are numbered)."""
    root = layout.get_root()
    if root.get("class") == "in-text" and collapse:
        return True
    if not group_delimiter:
        return False
    citation = layout.getparent()
    numbered = bool(citation.xpath_search('.//cs:text[@variable="citation-number"]'))
    return not numbered and not citation.xpath_search(".//cs:if[@position]")


def _grouped(layout: Any, items: list[Any]) -> list[Any]:
    """The sorted cites with those of one author brought to where that author is
    first cited (citeproc-js's grouped sort)."""
    order: dict[str, list[Any]] = {}
    for n, item in enumerate(items):
        author = None if cite_mode(item) else _render(layout, item, "author-only")
        order.setdefault(str(author) if author else f"\0{n}", []).append(item)
    return [item for group in order.values() for item in group]


def _collapse_years(layout: Any, cites: list[_Cite], collapse: str | None) -> Any:
    """The cites joined as citeproc-js joins them (CSL.getSpliceDelimiter): the
    author of consecutive cites printed once, the year too for year-suffix."""
    parent = layout.getparent()
    delimiter = layout.get("delimiter", "")
    group_delimiter = parent.get("cite-group-delimiter")
    after_collapse = parent.get("after-collapse-delimiter")
    suffix_delimiter = parent.get("year-suffix-delimiter")
    in_text = layout.get_root().get("class") == "in-text"
    out: Any = None
    last_names: str | None = None
    last: _Cite | None = None
    last_collapsed = False
    use_group_delimiter = False
    run: list[tuple[Any, _Cite]] = []  # (delimiter, cite): year suffixes printed alone

    for cite in cites:
        # citeproc-js: a cite is "collapsed" when it prints the names printed last.
        same = cite.author is not None and cite.author == last_names
        collapsed = bool(collapse) and same and not cite.text_variable
        if cite.author is not None:
            use_group_delimiter = same and group_delimiter is not None
            last_names = cite.author
        suffix_only = bool(collapse and same and _suffix_only(str(collapse), last, cite))
        if last is None:
            join_with = None
        elif suffix_only and use_group_delimiter:
            join_with = group_delimiter
        elif suffix_only:
            # What citeproc-js prints (punctuation_DefaultYearSuffixDelimiter), for
            # in-text styles too: "2000a; b" under delimiter="; ".
            join_with = delimiter if suffix_delimiter is None else suffix_delimiter
        elif after_collapse is not None:
            after = last.item.has_locator or (last_collapsed and not collapsed)
            if after or (not last_collapsed and not collapsed and collapse != "year-suffix"):
                join_with = after_collapse
            else:
                join_with = delimiter
        elif use_group_delimiter:
            join_with = group_delimiter
        elif collapsed and in_text:
            join_with = ", "
        else:
            join_with = delimiter
        if suffix_only:
            run.append((join_with, cite))
        else:
            out = _flush(out, run, collapse)
            if same and collapse in _YEAR_COLLAPSE:
                if cite.rest is None:  # nothing but the author: all collapsed away
                    last, last_collapsed = cite, collapsed
                    continue
                prefix, suffix = cite.item.get("prefix", ""), cite.item.get("suffix", "")
                piece = prefix + cite.rest + suffix
            else:
                piece = cite.text
            if join_with is not None and last is not None:
                join_with = _splice_delimiter(join_with, last.item, cite.item)
            out = piece if join_with is None else join([out, piece], join_with)
            if cite.year_suffix is not None:
                run.append((None, cite))
        last, last_collapsed = cite, collapsed
    return _flush(out, run, collapse)


def _flush(out: Any, run: list[tuple[Any, _Cite]], collapse: str | None) -> Any:
    """``out`` followed by the year suffixes of ``run`` after its first cite (which
    ``out`` ends with); for year-suffix-ranged, three or more consecutive suffixes
    as "a–c"."""
    start = 0
    while start < len(run):
        end = start + 1
        while end < len(run) and _follows(run[end - 1][1], run[end][1]):
            end += 1
        chain = run[start:end]
        if collapse == "year-suffix-ranged" and len(chain) >= 3:
            if start:
                out = _add_suffix(out, chain[0])
            last = String(RANGE_DASH + str(chain[-1][1].year_suffix))
            out = join([out, last], "")
        else:
            for piece in chain[1:] if not start else chain:
                out = _add_suffix(out, piece)
        start = end
    run.clear()
    return out


def _add_suffix(out: Any, piece: tuple[Any, _Cite]) -> Any:
    join_with, cite = piece
    return join([out, String(str(cite.year_suffix))], join_with)


def _follows(before: _Cite, after: _Cite) -> bool:
    return _suffix_number(str(after.year_suffix)) == _suffix_number(str(before.year_suffix)) + 1


def _suffix_only(collapse: str, previous: Any, cite: _Cite) -> bool:
    """Whether ``cite`` prints its year suffix alone: the cite before it differs
    from it only there, and neither has a locator, prefix or suffix."""
    if collapse == "year" or cite.year_suffix is None or previous.year_suffix is None:
        return False
    if not (_plain(cite.item) and not previous.item.has_locator):
        return False
    return cite.without_suffix is not None and cite.without_suffix == previous.without_suffix


def _suffix_number(suffix: str) -> int:
    """a → 1 … z → 26, aa → 27 (the inverse of order._suffix, from 1)."""
    n = 0
    for letter in suffix:
        n = n * 26 + ord(letter) - ord("a") + 1
    return n


def _assign_positions(positions: Any, items: list[Any], citation: Any, author_only: bool) -> None:
    refs = []
    for item in items:
        locator = item.locator if item.has_locator else None
        pinpoint = (str(locator.identifier), str(locator.label)) if locator else (None, None)
        refs.append(CiteRef(item.key, *pinpoint))
    note = int(citation.get("note_index", 0) or 0)
    for item, position in zip(items, positions.cluster(refs, note, author_only), strict=True):
        item.__dict__["citeconv_position"] = position


#: Quotes and spaces after a prefix's last punctuation (citeproc-js's
#: checkIgnorePredecessor).
_PREFIX_END = re.compile("<[^>]+>|[\"'\u201d\u2019\u00bb\u202f\u00a0 ]+$")


def _prefix_ends_a_sentence(prefix: str) -> bool:
    """Whether a cite's prefix ends a sentence ("He said “Please work.” "): a term
    after it is capitalized, as at the start of the cluster."""
    text = _PREFIX_END.sub("", strip_marks(prefix))
    return text[-1:] in (":", ".", ";", "!", "?") and " " in prefix.strip()


def cite_mode(item: Any) -> str | None:
    """The cite's "suppress-author" or "author-only", or None: what
    citeconv.csl.citations set on the CitationItem (an attribute, not a cite option)."""
    mode: str | None = item.__dict__.get("citeconv_mode")
    return mode


def _plain(item: Any) -> bool:
    """A cite that may be part of a range: no locator, prefix or suffix."""
    return not (item.get("prefix") or item.get("suffix") or item.has_locator)


def _collapse_numbers(rendered: list[tuple[Any, Any]]) -> list[Any]:
    """Runs of three or more consecutive citation numbers as "first–last"."""
    out: list[Any] = []
    run: list[tuple[int, Any]] = []

    def close() -> None:
        if len(run) >= 3:
            out.append(run[0][1] + RANGE_DASH + run[-1][1])
        else:
            out.extend(text for _, text in run)
        run.clear()

    for item, text in rendered:
        number = item.number if _plain(item) else None
        if number is None:
            close()
            out.append(text)
            continue
        if run and number != run[-1][0] + 1:
            close()
        run.append((number, text))
    close()
    return out
