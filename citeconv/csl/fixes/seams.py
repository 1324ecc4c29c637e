"""Punctuation and seams: what happens where two rendered pieces meet (a period
after a question mark, doubled spaces, quotes and barriers), as citeproc-js joins them."""

from __future__ import annotations

from typing import Any

from citeproc.string import MixedString, String

from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.markup import BARRIER, BARRIER_BLOB, MARKS

# Bug: "Ontario?." and "Africa?: WP 21-7957" — citeproc-py only drops a punctuation
# mark repeated at a seam ("..") while citeproc-js merges the two marks of a seam by
# its table (CSL.Output.Queue.adjust, LtoR_MAP): "?" and "!" swallow a following "."
# or ":", ";" a following "." or ":" ("2018; 992–9" in PLOS, not "2018;: 992–9"), and
# a repeated mark goes; a following "," or ";" keeps both. The table's ":." → ":" is
# left out: citeproc-js merges only a suffix with the next sibling's prefix, and
# the ":" seams of real styles are mostly elsewhere ("Sci Rep 12:. https://…" in
# springer-basic-author-date, a volume's suffix inside a group); a seam here does
# not know the structure that made it.
# And formatting must not hide a seam: "<i>What is life?</i>." is a "?." seam too
# (see citeconv.csl.markup).
#: The marks that a mark (the key) swallows when it is followed by them.
_SWALLOWS = {
    "?": frozenset("?.:"),
    "!": frozenset("!.:"),
    ".": frozenset("."),
    ":": frozenset(":"),
    ";": frozenset(";.:"),
    ",": frozenset(","),
}


def normalize_seam(left: Any, other: Any) -> Any:
    """The piece ``other`` to append to ``left``, without a doubled space or stop."""
    other_text = str(other)
    if not other_text or other_text[0] not in _SEAM_STARTS:
        # Speed: nothing below changes a piece that starts with a visible character
        # other than a space or a stop (most of them); the left side is not looked at.
        return other
    last = _last_visible_of(left)
    index, first = _first_visible(other_text)
    if last is None or first is None:
        return other
    if last == " " and first == " ":
        return _strip_char(other, index)
    if first in _SWALLOWS.get(last, ()) and not _barrier_at_end(left):
        return _strip_char(other, index)
    if last in _CLOSING_QUOTES and first in ".:" and _quoted_end(left) in ("?", "!"):
        # „Why?“. → „Why?“ (de-DE, fr-FR: no punctuation-in-quote): citeproc-js
        # merges the marks through the closing quotation mark.
        return _strip_char(other, index)
    return other


#: The first characters of a piece that normalize_seam may change: a space or a stop
#: (see _SWALLOWS), or a mark before them.
_SEAM_STARTS = frozenset(" ") | frozenset().union(*_SWALLOWS.values()) | MARKS

#: Closing quotation marks of the CSL locales (English, German, French, …).
_CLOSING_QUOTES = frozenset("”“»«›‹’‘\"'」』")


def _quoted_end(value: Any) -> str | None:
    """The last character of ``value`` before its closing quotation marks (and the
    spaces French sets inside them)."""
    for char in reversed(str(value)):
        if char in MARKS or char in _CLOSING_QUOTES or char in " \u00a0\u202f":
            continue
        return char
    return None


def _without_barrier(value: Any, barriers: str = BARRIER + BARRIER_BLOB) -> Any:
    """``value`` without a barrier (one of ``barriers``) at its end: a group or
    macro around a decorated field is a blob of its own for citeproc-js, without
    decorations, so the seams after it merge again (IEEE's "<i>What is life?</i>
    Cambridge")."""
    if not _STATE.barriers:
        return value
    if isinstance(value, MixedString) and value:
        last = value[-1]
        stripped = _without_barrier(last, barriers)
        if stripped is last:
            return value
        return MixedString([*value[:-1], stripped]) if stripped else MixedString(value[:-1])
    if isinstance(value, str) and value and value[-1] in barriers:
        return type(value)(value[:-1]) if isinstance(value, String) else value[:-1]
    return value


def _barrier_at_end(value: Any) -> bool:
    """Whether a barrier follows the last visible character of ``value``."""
    # Slowness: ``str()`` of a MixedString joins all its pieces; walk them from the end.
    segments = reversed(value) if isinstance(value, MixedString) else (value,)
    for segment in segments:
        for char in reversed(str(segment)):
            if char in (BARRIER, BARRIER_BLOB):
                return True
            if char not in MARKS:
                return False
    return False


def _last_visible_of(value: Any) -> str | None:
    # Slowness: ``str()`` of a MixedString joins all its pieces, and the entry being
    # built is the left side of every seam; its last piece is enough.
    if isinstance(value, MixedString):
        for segment in reversed(value):
            last = _last_visible(str(segment))
            if last is not None:
                return last
        return None
    return _last_visible(str(value))


def _last_visible(text: str) -> str | None:
    for char in reversed(text):
        if char not in MARKS:
            return char
    return None


def _first_visible(text: str) -> tuple[int, str | None]:
    for index, char in enumerate(text):
        if char not in MARKS:
            return index, char
    return 0, None


def _strip_char(other: Any, index: int) -> Any:
    """``other`` without its character at ``index``, keeping its String segments."""
    if isinstance(other, MixedString):
        segments = list(other)
        position = index
        for n, segment in enumerate(segments):
            text = str(segment)
            if position < len(text):
                stripped = type(segment)(text[:position] + text[position + 1 :])
                segments[n : n + 1] = [stripped] if stripped != "" else []
                return MixedString(segments)
            position -= len(text)
        return other
    text = str(other)
    return type(other)(text[:index] + text[index + 1 :])
