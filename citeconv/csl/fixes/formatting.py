"""Formatting and quotes: font styles and decorations, display, quotes (flipped
when nested, localized) and punctuation moved inside them, as citeproc-js renders
them."""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Date_Part, Group, Text
from citeproc.string import MixedString, String

from citeconv.csl.fixes.seams import _barrier_at_end, _last_visible, _last_visible_of
from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.markup import (
    BARRIER,
    BARRIER_BLOB,
    BASELINE,
    BLOCK,
    DISPLAY_CLOSING,
    INDENT,
    LEFT_MARGIN,
    MARKS,
    NO_DECORATION,
    QUOTE_KEEP,
    RIGHT_INLINE,
    UPRIGHT,
    _wrapper,
)
from citeconv.csl.originals import ABSENT, ORIGINALS
from citeconv.csl.scripts import has_cjk


# Bug: punctuation-in-quote ignored ("“Title”." for "“Title.”"): an en-US locale asks
# for a following period or comma to go inside the closing quotation mark, and
# citeproc-js also drops it there after "?" or "!" ("“Why?”"). citeproc-py's strings
# can only change the piece being appended at a seam, never the end of what is
# already there, so this is done on the entry's text as it leaves the layout.
def punctuation_in_quote(layout: Any, text: Any) -> Any:
    if text is None:
        return None
    option = layout.get_locale_option("punctuation-in-quote")
    if not option or option.lower() != "true":
        return text
    term = layout.get_term("close-quote")
    close = (term.text if term is not None else None) or "\u201d"
    value = str(text)
    if close not in value:
        return text
    inner_term = layout.get_term("close-inner-quote")
    close_inner = (inner_term.text if inner_term is not None else None) or "\u2019"
    opening_inner = layout.get_term("open-inner-quote")
    open_inner = (opening_inner.text if opening_inner is not None else None) or "\u2018"
    # A field's own punctuation after its quote stays (QUOTE_KEEP: see
    # citeconv.csl.quotes.keep_own_punctuation).
    marks = "".join(sorted(MARKS - {QUOTE_KEEP}))
    skip = re.escape(marks)
    pattern = re.compile(
        rf"([{skip}]*)((?:[{re.escape(close_inner + close)}][{skip}]*)*)"
        rf"{re.escape(close)}([{skip}]*)([.,])"
    )

    def move(match: re.Match[str]) -> str:
        head, inner = match.group(1), match.group(2)
        if inner[:1] == close_inner and not _closes_inner_quote(
            value[: match.start(2)], open_inner, close_inner
        ):
            # An apostrophe ("the students’”."): the punctuation goes after it.
            head, inner = head + inner, ""
        before = value[: match.start()].rstrip(marks)
        # citeproc-js drops a period after ".", "?" or "!", but keeps a comma.
        stop = "" if match.group(4) == "." and before[-1:] in ".?!" else match.group(4)
        # Inside the inner quotes that close with the outer one too (“This is ‘The
        # One.’”; “Alpha ‘Beta “Gamma.”’”).
        return f"{head}{stop}{inner}{close}{match.group(3)}"

    return pattern.sub(move, value)


def _closes_inner_quote(text: str, open_inner: str, close_inner: str) -> bool:
    """Whether a closing inner mark after ``text`` closes an inner quote (one is open:
    an inner mark followed by a letter, "don’t", is an apostrophe) or is an apostrophe."""
    depth = 0
    for n, char in enumerate(text):
        if char == open_inner:
            depth += 1
        elif char == close_inner and depth and not text[n + 1 : n + 2].isalnum():
            depth -= 1
    return depth > 0


# Bug: quotes inside quotes are not flipped ("“The “crisis” …”"): CSL and citeproc-js
# turn quotation marks inside a quoted text into the inner ones ("“The ‘crisis’ …”").
def quote(self: Any, string: Any) -> Any:
    if self.get("quotes", "false").lower() != "true":
        return string
    marks = []
    for name in ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote"):
        term = self.get_term(name)
        marks.append(term.text if term is not None and term.text else "")
    open_quote, close_quote, open_inner, close_inner = marks
    text = _flip_quotes(str(string), open_quote, close_quote, open_inner, close_inner)
    return String(open_quote) + String(text) + String(close_quote)


def _flip_quotes(
    text: str, open_quote: str, close_quote: str, open_inner: str, close_inner: str
) -> str:
    """The quotation marks of a text set inside quotes: as citeproc-js's flip-flop
    does, each quoted part takes the marks of its depth — inner ones at the first
    level, outer ones inside those, and so on — whichever marks it was written with
    (“He said ‘She said “No”’”; a ‘quoted’ part stays ‘quoted’). A closing inner
    mark that closes no inner quote is an apostrophe ("don’t", "students’") and
    stays; marks may be longer than a character (French "«\u00a0")."""
    if not (open_quote and close_quote and open_inner and close_inner):
        return text
    if open_quote not in text and open_inner not in text:
        return text
    pattern = _QUOTE_PATTERNS.get((open_quote, close_quote, open_inner, close_inner))
    if pattern is None:
        marks = sorted({open_quote, close_quote, open_inner, close_inner}, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(mark) for mark in marks))
        _QUOTE_PATTERNS[(open_quote, close_quote, open_inner, close_inner)] = pattern
    out: list[str] = []
    #: The mark that closes each quoted part still open.
    opened: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        mark = match.group()
        out.append(text[position : match.start()])
        position = match.end()
        inner = len(opened) % 2 == 0  # the depth inside the quoted text: 1, 3, …
        if (
            opened
            and mark == opened[-1]
            and not (mark == close_inner and text[position : position + 1].isalnum())
        ):
            opened.pop()
            out.append(close_inner if len(opened) % 2 == 0 else close_quote)
        elif mark in (open_quote, open_inner):
            opened.append(close_inner if mark == open_inner else close_quote)
            out.append(open_inner if inner else open_quote)
        elif mark == close_quote and opened:
            opened.pop()
            out.append(close_inner if len(opened) % 2 == 0 else close_quote)
        else:
            out.append(mark)  # an apostrophe, or a mark that closes nothing
    out.append(text[position:])
    return "".join(out)


_QUOTE_PATTERNS: dict[tuple[str, str, str, str], re.Pattern[str]] = {}


# Bug: Chinese, Japanese and Korean titles in italics: citeproc-js does not italicize
# a variable printed by a cs:text whose text is all CJK (italics are a Latin-script
# convention); italics set on a group or macro around it still apply.
_LATIN = re.compile(r"[A-Za-z]")


def font_style(self: Any, text: Any) -> Any:
    if isinstance(self, Text) and "variable" in self.attrib:
        value = str(text)
        if has_cjk(value) and not _LATIN.search(value):
            return text
    if self.get("font-style") == "normal" and not isinstance(self, Date_Part):
        # Bug: font-style="normal" inside italics printed in italics: citeproc-js
        # sets it in roman there (decorations_NoNormalWithoutDecoration).
        return _UPRIGHT(text)
    return ORIGINALS["Formatted.font_style"](self, text)


_UPRIGHT = _wrapper(UPRIGHT)


# Bug: vertical-align="baseline" dropped: citeproc-js's HTML sets such text in a
# <span style="baseline"> (inside a superscript too: decorations_Baseline).
def vertical_align(self: Any, text: Any) -> Any:
    if self.get("vertical-align") == "baseline" and not isinstance(self, Date_Part):
        return _BASELINE(text)
    return ORIGINALS["Formatted.vertical_align"](self, text)


_BASELINE = _wrapper(BASELINE)


# Bug: text-decoration="none" dropped: citeproc-js's HTML sets such text in a
# <span style="text-decoration:none;"> (bristol-university-press's "in").
def text_decoration(self: Any, text: Any) -> Any:
    if self.get("text-decoration") == "none" and not isinstance(self, Date_Part):
        return _NO_DECORATION(text)
    return ORIGINALS["Formatted.text_decoration"](self, text)


_NO_DECORATION = _wrapper(NO_DECORATION)


#: Ends of a decorated field that merge with nothing after them (see format_).
_BLOCKING_ENDS = ("?", "!", ":", ";")


#: Ends of a decorated field, group or macro that do not merge with the next
#: element's prefix (see wrap_display).
_PREFIX_BLOCKING_ENDS = (".", "?", "!", ":", ";")


#: The attributes citeproc-js keeps as a blob's decorations (any value, "normal" too).
_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def _decorated(element: Any) -> bool:
    """Whether ``element`` sets a decoration attribute (remembered; never for a
    cs:date-part, whose attributes citeproc-py copies in while rendering)."""
    try:
        return bool(element.__dict__["_citeconv_decorated"])
    except KeyError:
        flag = any(element.get(name) is not None for name in _DECORATIONS)
        if not isinstance(element, Date_Part):
            element.__dict__["_citeconv_decorated"] = flag
        return flag


def format_(self: Any, string: Any) -> Any:
    if not _decorated(self):
        # Speed (2% of APA): nothing to format nor to guard; the speed-up below this
        # patch would find the same, one call later.
        return str(string) if isinstance(string, int | float) else string
    text = ORIGINALS["Formatted.format"](self, string)
    if (
        isinstance(self, Text)
        and "variable" in self.attrib
        and _last_visible(str(string)) in _BLOCKING_ENDS
    ):
        # Bug: "<i>Why?</i> Boca Raton" for citeproc-js's "<i>Why?</i>. Boca
        # Raton" (frontiers, ACS, ISO 690): citeproc-js does not merge the marks
        # of a seam across the decorations of a field's own cs:text ("?.", "??",
        # ":." and ";." stay, with the next element's prefix, a delimiter or its
        # own suffix); a period, and a decorated group or macro: see wrap_display.
        _STATE.barriers = True
        return MixedString([text, String(BARRIER)])
    return text


# Bug: the display attribute ignored (ISO 690 styles put the note and the abstract
# each on a line of its own): citeproc-js's text output starts a block on a new line
# ("\n" before it; "\n    " for an indent) and puts a space after a left-margin
# part, its HTML wraps each in a csl-block (csl-indent, csl-left-margin,
# csl-right-inline) div. Marked here, laid out by citeconv.csl.markup.finish.
_DISPLAY_BY_VALUE = {
    "block": BLOCK,
    "indent": INDENT,
    "left-margin": LEFT_MARGIN,
    "right-inline": RIGHT_INLINE,
}


def wrap_display(self: Any, string: Any) -> Any:
    # Around the affixes: "2010. " for <group display="left-margin" suffix=".">.
    text = ORIGINALS["Affixed.wrap"](self, string)
    if (
        text
        and isinstance(self, Group | Text)  # first: a date-part's _decorated is not remembered
        and _decorated(self)
        and _last_visible_of(text) in _PREFIX_BLOCKING_ENDS
        and not _barrier_at_end(text)
    ):
        # citeproc-js: the end of a decorated group, macro or field does not merge
        # with the next element's prefix ("<i>Why?</i>. Melbourne", din-1505-2;
        # "<i>Vol.</i>. P" too), with its own suffix and a group delimiter it does
        # (see group_process), unless format_ put a BARRIER before the suffix.
        _STATE.barriers = True
        text = MixedString([text, String(BARRIER_BLOB)])
    marks = self.__dict__.get("_citeconv_display", ABSENT)
    if marks is ABSENT:
        # Only on the layout's own children, conditions between them aside
        # (citeproc-js: render_nesting_level 0); a display attribute deeper in, in
        # a group or macro, is ignored.
        parent = self.getparent()
        while parent is not None and parent.tag.rpartition("}")[2] in _CONDITION_TAGS:
            parent = parent.getparent()
        top = parent is not None and parent.tag.endswith("}layout")
        marks = _DISPLAY_BY_VALUE.get(str(self.get("display"))) if top else None
        self.__dict__["_citeconv_display"] = marks
    if marks is None or not text:
        return text
    return MixedString([String(marks[0]), text, String(marks[1])])


_CONDITION_TAGS = frozenset(["choose", "if", "else-if", "else"])


def _suffix_inside_display(layout: Any, text: Any) -> Any:
    """citeproc-js puts the layout's suffix on its last child when the layout uses
    display: inside that child's display (its div, in HTML)."""
    suffix = layout.get("suffix")
    value = str(text) if text is not None else ""
    if not suffix or not value.endswith(suffix):
        return text
    body = value[: -len(suffix)]
    marks = len(body) - len(body.rstrip(DISPLAY_CLOSING))
    if not marks:
        return text
    return String(body[:-marks] + suffix + body[-marks:])
