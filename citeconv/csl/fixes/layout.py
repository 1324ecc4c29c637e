"""The layout of a bibliography entry: second-field-align (the citation number
apart from the rest, as citeproc-js lays it out), subsequent-author-substitute, and
how a group's pieces are joined."""

from __future__ import annotations

from typing import Any

from citeproc.model import VariableError
from citeproc.string import String, join

from citeconv.csl import speedups
from citeconv.csl.fixes.formatting import _suffix_inside_display, punctuation_in_quote
from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.fixes.work import StyleTooComplex, _charge
from citeconv.csl.markup import BLOCK, INDENT, LEFT_MARGIN, RIGHT_INLINE


# Bug: "1.Tran" — ``second-field-align`` is ignored: the first field (the citation
# number) and the rest of the entry are run together. citeproc-js's text output puts
# one space between them; its HTML output wraps them in csl-left-margin and
# csl-right-inline blocks, which the HTML writer adds around our text.
def render_bibliography(self: Any, citation_items: Any) -> Any:
    bibliography = self.getparent()
    align = bibliography.get("second-field-align")
    substitute = bibliography.get("subsequent-author-substitute")
    _STATE.track_names = substitute is not None
    # citeproc-js (term_predecessor, reset before each entry): a cs:text term that
    # is the first thing an entry prints is capitalized ("N.d.-a.", "(No date d)"),
    # whatever the style's class (only an in-text style's citations are exempt).
    _STATE.cite_capitalize = True
    try:
        return _render_entries(self, citation_items, align, substitute)
    finally:
        _STATE.track_names = False
        _STATE.cite_capitalize = False


def _render_entries(self: Any, citation_items: Any, align: Any, substitute: Any) -> Any:
    output_items = []
    previous_names: str | None = None
    for item in citation_items:
        _charge(self, item)  # the layout's own elements count for the entry too
        self.repressed = {}
        if align:
            text = _render_aligned(self, item)
        else:
            text = self.format(self.wrap(self.render_children(item)))
            text = _suffix_inside_display(self, text)
        text = punctuation_in_quote(self, text)
        printed, names = _STATE.first_names or ("", "")
        if substitute is not None and text is not None and names:
            # Bug: subsequent-author-substitute ignored (MLA's "———"): the names of
            # an entry that repeats the previous entry's names are replaced
            # (rule "complete-all", the default).
            if names == previous_names:
                # A final period of the names ("et al.") also ended the names'
                # group: it stays after the substitute, unless punctuation follows
                # the names ("Alan Alto Inc.: Book Four" gives "---: Book Four";
                # substitute_SharedMacro).
                # A label printed with the names stays after the substitute ("---
                # ed."; sort_SeparateAuthorsAndOthers).
                entry = str(text)
                at = entry.find(printed)
                after = entry[at + len(printed) : at + len(printed) + 1] if at >= 0 else ""
                label = _STATE.first_label
                if label and printed.endswith(label):
                    replacement = substitute + label
                else:
                    kept = printed.endswith(".") and after not in _PUNCTUATION
                    replacement = substitute + ("." if kept else "")
                text = entry.replace(printed, replacement, 1)
                if not substitute:
                    # An empty substitute leaves the names' display block empty:
                    # citeproc-js prints no empty block (display_AuthorAsHeading).
                    for opening, closing in _DISPLAYS:
                        text = text.replace(opening + closing, "")
            previous_names = names
        # Unlike citeproc-py, keep a None for an item that renders to nothing, so
        # that the output stays aligned with the items.
        output_items.append(text)
    return output_items


#: The display marks (opening, closing) of a group with display="…".
_DISPLAYS = (BLOCK, INDENT, LEFT_MARGIN, RIGHT_INLINE)

#: What may follow the names without the period of their "et al." (see above).
_PUNCTUATION = frozenset(".,:;!?")

#: Separator between the first field and the rest under ``second-field-align``.
FIELD_SEPARATOR = "\u0000"


def _render_aligned(layout: Any, item: Any) -> Any:
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
    if first is None:
        return layout.format(layout.wrap(layout.join(r for r in rendered if r is not None)))
    if not rest:
        # citeproc-js: an entry that prints only its first field keeps the field's
        # block alone, without the layout's suffix ("[3] " in text; in HTML a
        # csl-left-margin and no csl-right-inline).
        return layout.format(String(layout.get("prefix", "")) + first + FIELD_SEPARATOR)
    body = layout.join(rest)
    # The layout's prefix belongs to the first field, its suffix to the rest.
    prefix = layout.get("prefix", "")
    suffix = layout.get("suffix", "")
    return layout.format(String(prefix) + first + FIELD_SEPARATOR + body + String(suffix))


# Bug: citeproc-py's ``Delimited.join`` ends in a bare ``except:``, which catches
# KeyboardInterrupt and our SIGTERM exception (``cli.Terminated``) while a group's
# children render: Ctrl-C was swallowed, the group rendered as nothing, and the run
# went on to exit 0 (found by an adversarial review). Only errors become "".
def delimited_join(self: Any, strings: Any, default_delimiter: str = "") -> Any:
    delimiter = speedups.delimiter(self)
    if delimiter is None:
        delimiter = default_delimiter
    try:
        return join((s for s in strings if s is not None), delimiter)
    except StyleTooComplex:
        raise  # the children render inside the join: not an error to hide
    except Exception:
        return String("")
