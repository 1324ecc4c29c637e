"""Rich text in a style's own text: a cs:text value read as citeproc-js reads a
field (its tags and quotation marks are markup)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from citeproc.string import String

from citeconv.csl.markup import MARKS, QUOTE_KEEP, rich_text_to_marks
from citeconv.csl.originals import ORIGINALS
from citeconv.csl.quotes import quote_marks, typographic_quotes


# Bug: "Speak, &#60;b&#62;friend&#60;/b&#62;" and "Speak, 'friend'": citeproc-py
# prints a cs:text value as it is written, where citeproc-js passes it through the
# flip-flopper that reads fields (<text value="&lt;b&gt;friend&lt;/b&gt;"/> is
# "friend" in bold, or roman in a bold layout; value="'friend'" is “friend” in the
# locale's quotation marks, and ‘friend’ inside a quoted text).
def text_markup(self: Any, text: Any, language: Any) -> Any:
    valued = self.__dict__.get("_citeconv_valued")
    if valued is None:
        attrib = self.attrib
        valued = self.__dict__["_citeconv_valued"] = (
            "value" in attrib and "variable" not in attrib and "macro" not in attrib
        )
    if valued and text:
        text = _value(self, text)
    return ORIGINALS["Text.markup"](self, text, language)


def _value(element: Any, text: Any) -> Any:
    """The element's value as marks and typographic quotes (remembered: a style's
    values and locale never change)."""
    cached = element.__dict__.get("_citeconv_value")
    if cached is not None and cached[0] == str(text):
        return cached[1]
    value = str(text)
    converted = rich_text_to_marks(value)
    if "'" in converted or '"' in converted:
        converted = typographic_quotes(converted, quote_marks(element))
    if converted[:1] in (".", ","):
        # citeproc-js moves into a quote only the punctuation of affixes and
        # delimiters, never a cs:text value's ('“RIS Plugin”.' in IEEE's
        # <text value="."/> after a title): QUOTE_KEEP stops punctuation_in_quote.
        converted = QUOTE_KEEP + converted
    result = String(converted) if converted != value else text
    element.__dict__["_citeconv_value"] = (value, result)
    return result


# Bug: "<b>John</b> Quiggly" not initialized ("Doe, John Quiggly" for citeproc-js's
# "Doe, J. Q." with "J." in bold): a given name's rich text hid its letters from
# the initials (name_InTextMarkupInitialize, name_InTextMarkupNormalizeInitials).
_NAME_WORDS = re.compile(r"([-\s\u2013]+)")
_MARK_CLASS = "".join(sorted(MARKS))
_WORD_MARKS = re.compile(f"^([{_MARK_CLASS}]*)(.*?)([{_MARK_CLASS}]*)$", re.DOTALL)


def around_words(name: str, change: Callable[[str], str]) -> str:
    """``change`` of ``name`` without the marks around its words, each word of the
    result given back the marks of its word (when the words still correspond)."""
    parts = _NAME_WORDS.split(name)
    peeled = [_WORD_MARKS.match(word) for word in parts[0::2]]
    groups = [
        match.groups() if match else ("", word, "")
        for match, word in zip(peeled, parts[0::2], strict=True)
    ]
    if any(c in MARKS for _, middle, _ in groups for c in middle):
        return change(name)  # marks inside a word: nothing to put back
    parts[0::2] = [middle for _, middle, _ in groups]
    result = change("".join(parts))
    changed = _NAME_WORDS.split(result)
    words = changed[0::2]
    if len(words) != len(groups):
        return result
    changed[0::2] = [
        f"{before}{word}{after}" for (before, _, after), word in zip(groups, words, strict=True)
    ]
    return "".join(changed)
