"""Straight quotes and apostrophes made typographic, as citeproc-js makes them: for
field values (citeconv.csl.engine), cite affixes (citeconv.csl.citations) and a
style's own ``cs:text`` values (citeconv.csl.fixes.rich_text)."""

from __future__ import annotations

import re
from typing import Any

from citeconv.csl.markup import MARKS, QUOTE_KEEP


def quote_marks(owner: Any) -> tuple[str, str, str, str]:
    """The locale's open, close, open-inner and close-inner quotation marks, from
    anything citeproc-py can ask for a term (a style's root, any of its elements)."""
    marks = []
    for name, fallback in (
        ("open-quote", "\u201c"),
        ("close-quote", "\u201d"),
        ("open-inner-quote", "\u2018"),
        ("close-inner-quote", "\u2019"),
    ):
        term = owner.get_term(name)
        marks.append((term.text if term is not None else None) or fallback)
    return marks[0], marks[1], marks[2], marks[3]


_OPENING_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/")


def typographic_quotes(
    text: str, quotes: tuple[str, str, str, str], apostrophes: bool = False
) -> str:
    """Straight quotes and apostrophes made typographic, as citeproc-js does.

    A ``'`` after a letter or digit is an apostrophe (’) unless it closes a quote
    opened by a ``'``; other straight quotes open after a space or an opening bracket
    (or at the start) and close elsewhere. As citeproc-js reads them (quote markup, not
    characters), a pair of either kind is the outer quotation marks, and a pair inside
    it the inner ones ("'The One'" is “The One”, as "\"The One\"" is); a quote that
    never closes, or a ``"`` that closes nothing ('The 12" record'), is text: a ``"``
    stays straight, a ``'`` is an apostrophe (in a field as in a name part:
    citeproc-js prints the particle "’t" of "'t Horvath"; with or without
    ``apostrophes``), and so is a ``'`` between spaces.
    """
    if "'" not in text and '"' not in text:
        return keep_own_punctuation(text, quotes)
    open_quote, close_quote, open_inner, close_inner = quotes
    out: list[str] = []
    #: (the straight character, its index in ``out``) of each quote still open.
    opened: list[tuple[str, int]] = []
    in_tag = False

    def close(char: str) -> bool:
        if not opened or opened[-1][0] != char:
            return False
        _, at = opened.pop()
        inner = len(opened) % 2 == 1
        out[at] = open_inner if inner else open_quote
        out.append(close_inner if inner else close_quote)
        return True

    for n, char in enumerate(text):
        # Leave the quotes of a tag that citeproc-py reads (<span class="nocase">).
        if char == "<":
            in_tag = text.startswith("<span", n) or text.startswith("</span", n)
        elif char == ">" and in_tag:
            in_tag = False
            out.append(char)
            continue
        if in_tag:
            out.append(char)
            continue
        before = text[n - 1] if n else " "
        after = text[n + 1] if n + 1 < len(text) else ""
        opening = n == 0 or before in _OPENING_CONTEXT
        if char == '"':
            if opening:
                opened.append((char, len(out)))
                out.append(open_quote)
            elif not close(char):
                out.append(char)  # closes nothing: text ('The 12" record')
        elif char == "'":
            # An apostrophe also starts an abbreviated year ("CHI ’23").
            if before.isalnum() or (opening and after.isdigit()):
                if after.isalnum() or not close(char):
                    out.append("\u2019")
            elif not opening:
                if not close(char):
                    out.append(close_inner)
            elif after.isspace():
                # citeproc-js (_apostropheForce): "d ' eau" is "d ’ eau", no quote.
                out.append("\u2019")
            else:
                opened.append((char, len(out)))
                out.append(open_inner)
        else:
            out.append(char)
    for char, at in opened:
        # citeproc-js: a quote that never closes is text, a straight double quote
        # ('of "Positive Obligations " of') or an apostrophe.
        out[at] = "\u2019" if char == "'" else '"'
    return keep_own_punctuation("".join(out), quotes)


def keep_own_punctuation(text: str, quotes: tuple[str, str, str, str]) -> str:
    """The text with QUOTE_KEEP between each closing quotation mark and a period or
    comma the text itself has after it: citeproc-js's punctuation-in-quote moves the
    punctuation a style adds after a field ("Alpha “Beta.”"), never the field's own
    ("Alpha “Beta”, gamma", "“Beta”." for 'Alpha "Beta".')."""
    closing = quotes[1] + quotes[3]
    if not any(mark in text for mark in closing) or ("." not in text and "," not in text):
        return text
    return _own_punctuation(closing).sub("\\g<0>" + QUOTE_KEEP, text)


def _own_punctuation(closing: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(closing)
    if pattern is None:
        marks = re.escape("".join(sorted(MARKS - {QUOTE_KEEP})))
        pattern = re.compile(f"[{re.escape(closing)}](?=[{marks}]*[.,])")
        _PATTERNS[closing] = pattern
    return pattern


_PATTERNS: dict[str, re.Pattern[str]] = {}
