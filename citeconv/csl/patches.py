"""Fixes for citeproc-py bugs, applied to its classes once, before the first render.

citeproc-py builds its element classes through an lxml class lookup, so the only
way to change how an element renders is to replace the method on its class. Each
fix names the bug and has a test in ``tests/test_csl_patches.py`` that fails
without it (the tests run the stock method too and assert that it shows the bug).
The target is citeproc-js, the engine inside Zotero: its output is what we match.
"""

from __future__ import annotations

from typing import Any

_APPLIED = False

#: Original citeproc-py functions, kept so that tests can show each bug.
ORIGINALS: dict[str, Any] = {}


def apply() -> None:
    """Install every fix (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    import citeproc
    from citeproc import model, string

    ORIGINALS["normalize_seam"] = string.normalize_seam
    ORIGINALS["Date.render_single_date"] = model.Date.render_single_date
    ORIGINALS["Layout.render_bibliography"] = model.Layout.render_bibliography

    # Bug: CSL 1.0.1/1.0.2 name and date variables that citeproc-py does not list
    # ("director", "available-date", ...) are read as strings, and a <names> element
    # naming one crashes ("'String' object has no attribute 'parts'"). The lists are
    # shared by reference across citeproc's modules, so extending them in place
    # teaches all of them.
    citeproc.NAMES.extend(n for n in _MISSING_NAMES if n not in citeproc.NAMES)
    citeproc.DATES.extend(d for d in _MISSING_DATES if d not in citeproc.DATES)
    citeproc.VARIABLES.extend(
        v for v in (*_MISSING_NAMES, *_MISSING_DATES, *_MISSING_VARIABLES)
        if v not in citeproc.VARIABLES
    )

    ORIGINALS["Date.render_date_range"] = model.Date.render_date_range
    model.Date.render_date_range = render_date_range

    string.normalize_seam = normalize_seam
    model.normalize_seam = normalize_seam
    model.Date.render_single_date = render_single_date
    model.Layout.render_bibliography = render_bibliography
    _APPLIED = True


_MISSING_NAMES = (
    "director", "chair", "compiler", "contributor", "curator", "editorial_director",
    "executive_producer", "guest", "host", "narrator", "organizer", "performer",
    "producer", "reviewed_author", "script_writer", "series_creator",
)  # fmt: skip
_MISSING_DATES = ("available_date",)
_MISSING_VARIABLES = (
    "reviewed_title", "scale", "event_title", "part_number", "part_title",
    "volume_title", "container_title_short", "chapter_number", "number_of_volumes",
    "division", "medium", "status", "archive_collection", "title_short",
)  # fmt: skip


# Bug: a date range whose start and end share a part crashes ("'NoneType' object is
# not callable") when the cs:date is rendered through a macro: citeproc-py joins the
# two halves with the *calling* element's delimiter, and a cs:text has no join().
def render_date_range(
    self: Any, date_range: Any, show_parts: Any = None, context: Any = None
) -> Any:
    join = getattr(context, "join", None)
    if not callable(join):
        context = self
    return ORIGINALS["Date.render_date_range"](self, date_range, show_parts, context)


# Bug: "Ontario?." — citeproc-py only drops a punctuation mark repeated at a seam
# ("..") while citeproc-js also lets "?" and "!" swallow a following "." (and a
# following "," or ";" keeps both, as citeproc-js does).
_SWALLOWING = frozenset("?!")


def normalize_seam(left: Any, other: Any) -> Any:
    """citeproc-py's seam rule plus citeproc-js's "?." → "?" and "!." → "!"."""
    from citeproc.string import _strip_first_char

    result = ORIGINALS["normalize_seam"](left, other)
    left_text = str(left)
    other_text = str(result)
    if left_text and other_text and other_text[0] == "." and left_text[-1] in _SWALLOWING:
        return _strip_first_char(result)
    return result


# Bug: "2021Oct1" — for a localized date (``<date form="text">``) citeproc-py joins
# the parts with the *style's* cs:date delimiter (none) instead of the locale's
# date format delimiter (" "). CSL 1.0.2: the localized format's delimiter applies.
def render_single_date(self: Any, date: Any, show_parts: Any = None, context: Any = None) -> Any:
    parts = self.parts(date, show_parts, context if context is not self else None)
    if not parts:
        return None
    return self.join(parts)


# Bug: "1.Tran" — ``second-field-align`` is ignored: the first field (the citation
# number) and the rest of the entry are run together. citeproc-js's text output puts
# one space between them; its HTML output wraps them in csl-left-margin and
# csl-right-inline blocks, which the HTML writer adds around our text.
def render_bibliography(self: Any, citation_items: Any) -> Any:
    bibliography = self.getparent()
    align = bibliography.get("second-field-align")
    output_items = []
    for item in citation_items:
        self.repressed = {}
        if align:
            text = _render_aligned(self, item)
        else:
            text = self.format(self.wrap(self.render_children(item)))
        # Unlike citeproc-py, keep a None for an item that renders to nothing, so
        # that the output stays aligned with the items.
        output_items.append(text)
    return output_items


#: Separator between the first field and the rest under ``second-field-align``.
FIELD_SEPARATOR = "\u0000"


def _render_aligned(layout: Any, item: Any) -> Any:
    from citeproc.model import VariableError
    from citeproc.string import String

    children = list(layout.iterchildren())
    if not children:
        return None
    rendered: list[Any] = []
    for child in children:
        try:
            text = child.render(item)
        except VariableError:
            text = None
        rendered.append(text)
    first, rest = rendered[0], [r for r in rendered[1:] if r is not None]
    if first is None or not rest:
        return layout.format(layout.wrap(layout.join(r for r in rendered if r is not None)))
    body = layout.join(rest)
    # The layout's prefix belongs to the first field, its suffix to the rest.
    prefix = layout.get("prefix", "")
    suffix = layout.get("suffix", "")
    return layout.format(String(prefix) + first + FIELD_SEPARATOR + body + String(suffix))
