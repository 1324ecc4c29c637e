"""A citation's layout: its cites in the order given, and citation numbers collapsed
into ranges (citeconv.csl.citations renders clusters through it)."""

from __future__ import annotations

from typing import Any

from citeproc.model import VariableError

from citeconv.csl.fixes.formatting import punctuation_in_quote
from citeconv.csl.fixes.work import _charge

#: What joins the first and last cite of a collapsed run ("[1]–[4]").
RANGE_DASH = "\u2013"


# Bug: citeproc-py sorts a cluster's cites into bibliography order even when the
# style's citation has no cs:sort ("Jones …; Smith …" for a cluster that cites Smith
# first: affix_WithCommas), and ignores collapse="citation-number" ("[1], [2], [3]"
# for citeproc-js's "[1]–[3]": collapse_CitationNumberRangesMixed). citeproc-js keeps
# the order given unless the citation sorts, and joins three or more consecutive
# numbers into a range.
def render_citation(self: Any, citation: Any, callback: Any) -> Any:
    parent = self.getparent()
    good = [cite for cite in citation.cites if not cite.is_bad()]
    bad = [cite for cite in citation.cites if cite.is_bad()]
    if parent.sort is not None:
        good = parent.sort.sort(good, self)
    rendered: list[tuple[Any, Any]] = []
    for item in good:
        _charge(self, item)  # the layout's own elements count for the cite too
        self.repressed = {}
        try:
            output = self.render_children(item)
        except VariableError:
            continue
        if output is None:
            continue
        prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
        rendered.append((item, prefix + output + suffix))
        parent.cites.append(item)
    if parent.get("collapse") == "citation-number":
        out = _collapse_numbers(rendered)
    else:
        out = [text for _, text in rendered]
    for item in bad:
        value = callback(item)
        out.append(value or f"{item.key}?")
    text = self.format(self.wrap(self.join(out)))
    return punctuation_in_quote(self, text)


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
