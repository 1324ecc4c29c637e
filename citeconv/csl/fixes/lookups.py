"""Remembered lookups (speed, never output): citation numbers, macros, XPath
queries and calls_variable, which depend only on the parsed style, asked again and
again per entry."""

from __future__ import annotations

from typing import Any

from citeconv.csl.originals import ORIGINALS


# Slowness: a citation number is ``bibliography.keys.index(key) + 1``, a linear
# search per entry (quadratic for a numbered bibliography); look it up in an index
# that is rebuilt whenever the keys list is replaced (after sorting).
def citation_number(self: Any) -> int:
    bibliography = self.bibliography
    index = getattr(bibliography, "_citeconv_index", None)
    if index is None or index[0] is not bibliography.keys:
        index = (bibliography.keys, {key: n for n, key in enumerate(bibliography.keys)})
        bibliography._citeconv_index = index
    number: int = index[1][self.key] + 1
    return number


# Slowness: ``get_macro`` runs an XPath query for every macro reference of every
# item (a third of APA's time), and ``calls_variable`` (asked by every group of every
# item) walks the macros again. Both depend only on the parsed style, which never
# changes: remember them. The element is kept in the value so that its ``id`` is not
# reused while the entry exists.
_MACROS: dict[tuple[int, str], tuple[Any, Any]] = {}


_CALLS_VARIABLE: dict[int, tuple[Any, bool]] = {}


_XPATH: dict[tuple[int, str], tuple[Any, Any]] = {}


def xpath_search(self: Any, expression: str) -> Any:
    """citeproc-py's XPath lookups (terms, options, layouts) of a style that never
    changes shape: each (element, expression) is evaluated once."""
    hit = _XPATH.get((id(self), expression))
    if hit is None or hit[0] is not self:
        hit = (self, ORIGINALS["CitationStylesElement.xpath_search"](self, expression))
        _XPATH[(id(self), expression)] = hit
    return hit[1]


def get_macro(self: Any, name: str) -> Any:
    root = self.get_root()
    hit = _MACROS.get((id(root), name))
    if hit is None or hit[0] is not root:
        hit = (root, ORIGINALS["CitationStylesElement.get_macro"](self, name))
        _MACROS[(id(root), name)] = hit
    return hit[1]


def _remembered_calls_variable(self: Any, original: str) -> bool:
    hit = _CALLS_VARIABLE.get(id(self))
    if hit is None or hit[0] is not self:
        hit = (self, bool(ORIGINALS[original](self)))
        _CALLS_VARIABLE[id(self)] = hit
    return hit[1]


def calls_variable(self: Any) -> bool:
    return _remembered_calls_variable(self, "Parent.calls_variable")


def calls_variable_text(self: Any) -> bool:
    return _remembered_calls_variable(self, "Text.calls_variable")
