"""Rendering a bibliography of Items with a CSL style through (fixed) citeproc-py."""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from citeconv.csl import patches
from citeconv.csl.styles import check_locale, resolve_style
from citeconv.model import Item

Markup = Literal["text", "html", "markdown"]

#: CSL 1.0.2 types that citeproc-py (CSL 1.0.1) does not know, and the 1.0.1 type
#: that styles written for 1.0.1 treat the same way (what citeproc-js falls back to).
_TYPE_FALLBACK = {
    "classic": "book",
    "collection": "book",
    "document": "article",
    "dataset": "dataset",
    "event": "speech",
    "hearing": "bill",
    "performance": "speech",
    "periodical": "book",
    "regulation": "legislation",
    "software": "book",
    "standard": "report",
}


@dataclass(frozen=True)
class Entry:
    """One formatted bibliography entry: the item it renders and its text."""

    item: Item
    text: str


@lru_cache(maxsize=16)
def load_style(style: str, locale: str | None) -> Any:
    """Parse a style once per (style, locale) in this process."""
    from citeproc import CitationStylesStyle

    patches.apply()
    path, dependent_locale = resolve_style(style)
    chosen = check_locale(locale) if locale else dependent_locale
    return CitationStylesStyle(str(Path(path)), locale=chosen, validate=False)


def render_bibliography(
    items: Sequence[Item], style: str, locale: str | None = None, markup: Markup = "text"
) -> list[Entry]:
    """The bibliography of ``items`` in the style's order, one Entry per item."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    parsed_style = load_style(style, locale)
    # citeproc-py lower-cases ids (so "A" and "a" collide): give it our own.
    keys = [f"i{n}" for n in range(len(items))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        source = CiteProcJSON([_to_citeproc(item, key) for item, key in zip(items, keys, strict=True)])
    chosen = formatter.html if markup == "html" else formatter.plain
    bibliography = CitationStylesBibliography(parsed_style, source, chosen)
    for key in keys:
        bibliography.register(Citation([CitationItem(key)]))
    by_key = dict(zip(keys, items, strict=True))
    entries: list[Entry] = []
    with warnings.catch_warnings():
        # citeproc-py warns about every variable it does not know; not the user's business.
        warnings.simplefilter("ignore", UserWarning)
        bibliography.sort()
        rendered = bibliography.bibliography()
    for key, text in zip(bibliography.keys, rendered, strict=True):
        if text is not None:
            entries.append(Entry(by_key[key], _finish(str(text), markup)))
    return entries


def _to_citeproc(item: Item, key: str) -> dict[str, Any]:
    data = item.to_csl()
    data["id"] = key
    data["type"] = _TYPE_FALLBACK.get(item.type, item.type)
    data.pop("custom", None)
    for date_variable in ("issued", "accessed", "original-date", "event-date", "submitted"):
        date = data.get(date_variable)
        if isinstance(date, dict) and "date-parts" not in date:
            # citeproc-py cannot read raw or literal dates; keep the text literally.
            text = date.get("literal") or date.get("raw")
            if text:
                data[date_variable] = {"literal": text}
            else:
                del data[date_variable]
    return data


def _finish(text: str, markup: Markup) -> str:
    first, separator, rest = text.partition(patches.FIELD_SEPARATOR)
    if not separator:
        return text
    if markup == "html":
        # citeproc-js's layout of the two blocks, byte for byte.
        return (
            f'\n    <div class="csl-left-margin">{first}</div>'
            f'<div class="csl-right-inline">{rest}</div>\n  '
        )
    return f"{first} {rest}"


def html_entry(text: str) -> str:
    """One entry of an HTML bibliography, laid out as citeproc-js does (with its newline)."""
    return f'  <div class="csl-entry">{text}</div>\n'


#: What citeproc-js puts around the entries of an HTML bibliography.
HTML_BIB_START = '<div class="csl-bib-body">\n'
HTML_BIB_END = "</div>\n"


def escape_html(text: str) -> str:
    """HTML-escape a field value (citeproc-py does not)."""
    return html.escape(text, quote=False)
