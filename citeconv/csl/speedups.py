"""Speed-ups of citeproc-py's per-entry work, applied with the fixes in ``patches``.

These change how fast citeproc-py renders, never what: each replacement returns
exactly what the method it replaces returned (the output of the whole test suite
and of the benchmark corpora is compared byte for byte before and after). Each
says what is slow and why skipping the work is safe.

Most of them remember something about a style element on the element itself. lxml
creates a Python proxy object for an element on demand and forgets it (with its
attributes) when nothing refers to it, so :func:`pin` keeps a reference to every
element of a parsed style: the attributes then live as long as the style. A proxy
that is not pinned (an element citeproc-py inserts while rendering) still works:
what it remembers is only computed again.
"""

from __future__ import annotations

from typing import Any

_APPLIED = False

#: The citeproc-py functions replaced here.
ORIGINALS: dict[str, Any] = {}


def apply() -> None:
    """Install every speed-up (idempotent); called by ``patches.apply``."""
    global _APPLIED
    if _APPLIED:
        return
    from citeproc import model, source

    for owner, name, replacement in (
        (source.CitationItem, "reference", _CachedLookup("reference")),
        (source.CitationItem, "bibliography", _CachedLookup("bibliography")),
        (model.CitationStylesElement, "get_root", get_root),
        (model.CitationStylesElement, "get_formatter", get_formatter),
        (model.Formatted, "format", format_),
        (model.Affixed, "wrap", wrap),
    ):
        ORIGINALS[f"{owner.__name__}.{name}"] = owner.__dict__[name]
        setattr(owner, name, replacement)
    _APPLIED = True


def pin(style: Any) -> None:
    """Keep the Python proxies of every element of a parsed style (and its locales)
    alive as long as the style, so that what is remembered on them stays."""
    root = style.root
    elements = list(root.iter())
    for locale in getattr(root, "locales", None) or []:
        elements.extend(locale.iter())
    root._citeconv_pinned = elements


class _CachedLookup:
    """A citeproc-py ``CitationItem`` property whose value is remembered per cite.

    Slow: ``item.reference`` is ``item.citation.bibliography.source[item.key]``, four
    lookups through ``CustomDict.__getattr__`` (a Python method that raises and
    catches ``KeyError`` on a miss), asked ~500 times per entry. Safe: a cite's
    citation, the citation's bibliography and the bibliography's source are set
    once, before the first render, and never replaced (citeconv makes them afresh
    for every bibliography). As a non-data descriptor, the value stored in the
    instance's ``__dict__`` is found first next time, at plain attribute speed.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, item: Any, owner: type | None = None) -> Any:
        if item is None:
            return self
        value = ORIGINALS[f"CitationItem.{self.name}"].__get__(item, owner)
        item.__dict__[self.name] = value
        return value


def get_root(self: Any) -> Any:
    """The style (or locale) element at the top of this element's tree.

    Slow: ``getroottree().getroot()`` builds an ElementTree object every call, ~2M
    calls per 1k APA entries (from every ``get_formatter``, ``get_option``,
    ``get_term``). Safe: an element never moves to another tree.
    """
    root = self._citeconv_root
    if root is None:
        root = self.getroottree().getroot()
        self._citeconv_root = root
    return root


def get_formatter(self: Any) -> Any:
    """The output formatter of the style (citeproc-py asks for it 5 times per element
    rendered). Same value as the stock method: the formatter is set once per style."""
    root = self.get_root()
    owner = root.__dict__.get("style") if "style" in root.__dict__ else root  # a locale's style
    formatter = owner.__dict__.get("formatter") if owner is not None else None
    if formatter is None:
        return ORIGINALS["CitationStylesElement.get_formatter"](self)
    return formatter


#: The attributes of ``Formatted.format``, with the value that means "unchanged".
_FORMAT_DEFAULTS = (
    ("font-style", "normal"),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", "none"),
    ("vertical-align", "baseline"),
)


def _plain(element: Any) -> tuple[bool, bool]:
    """Whether ``element`` sets no font attribute, and no affix (remembered).

    Never for cs:date-part: citeproc-py's ``Date_Part.process`` copies the attributes
    of the style's date-part into the locale's date-part while rendering.
    """
    plain: tuple[bool, bool] | None = element._citeconv_plain
    if plain is None:
        from citeproc.model import Date_Part

        get = element.get
        if isinstance(element, Date_Part):
            plain = (False, False)
        else:
            plain = (
                all(get(name, default) == default for name, default in _FORMAT_DEFAULTS),
                not get("prefix") and not get("suffix"),
            )
        element._citeconv_plain = plain
    return plain


def format_(self: Any, string: Any) -> Any:
    """``Formatted.format`` that returns the text at once when the element sets no font
    attribute: the five font methods (each a formatter and an attribute lookup)
    then return their text unchanged."""
    if _plain(self)[0]:
        if isinstance(string, (int, float)):
            return str(string)
        return string
    return ORIGINALS["Formatted.format"](self, string)


def wrap(self: Any, string: Any) -> Any:
    """``Affixed.wrap`` without the seam checks when the element has no prefix and no
    suffix: the stock method then returns ``'' + string`` (kept: it turns a str
    subclass into a str, as before)."""
    if string is not None and _plain(self)[1]:
        return "" + string
    return ORIGINALS["Affixed.wrap"](self, string)
