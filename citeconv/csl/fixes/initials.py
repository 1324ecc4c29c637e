"""Initials: initialize-with and initialize="false" as citeproc-js's initializer
(``CSL.Util.Names.initializeWith``); the given names disambiguation leaves whole."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from citeconv.csl.fixes.rich_text import around_words
from citeconv.csl.markup import MARKS


class _WholeGiven(str):
    """A given name that disambiguation shows whole: never initialized."""


# Given names with initialize-with: see _initialize_with, a port of citeproc-js's.
_PERIOD_BEFORE_TEXT = re.compile(r"\.(?=[^ ])")


_SPACED_HYPHEN = re.compile(r"\s*-\s*")


_WHITESPACE_RUN = re.compile(r"[\t\n\x0b\x0c\r ]+")


def initialize(self: Any, given: str, mark: str, context: Any) -> str:
    if isinstance(given, _WholeGiven):
        return str(given)
    normalize_only = self.get("initialize", "true").lower() == "false"
    hyphen = self.get_option("initialize-with-hyphen", context)
    text = str(given)
    if not MARKS.isdisjoint(text):
        # Rich text ("<b>John</b> Quiggly"): initialized as if plain, its marks kept.
        return around_words(text, lambda n: _initialize_with(n, mark, normalize_only, hyphen))
    return _initialize_with(text, mark, normalize_only, hyphen)


# citeproc-js's character classes (CSL.NAME_INITIAL_REGEXP, CSL.ROMANESQUE_REGEXP,
# CSL.STARTSWITH_ROMANESQUE_REGEXP).
_ROMANESQUE_CHARS = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219"
    "\u021a\u021b\u202a-\u202e"
)


_STARTS_ROMANESQUE = re.compile(f"^[&{_ROMANESQUE_CHARS}]")


_ROMANESQUE = re.compile(f"[-0-9{_ROMANESQUE_CHARS}]")


_NAME_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff"
    "\u0600-\u06ff\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6"
    "\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff"
    "\u1f00-\u1fff]*|)(\\.)*"
)


_NAME_SPLIT = re.compile(r"([-\s]+)")


_TRAILING_SPACE = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")


_HYPHEN_LOWER = re.compile("-([a-z])")


_DASH_LOWER = re.compile("\u2013([a-z])")


_AFTER_LAST_PERIOD = re.compile(r"[^.]+$")


_LAST_PERIOD = re.compile(r"^(.*)\.(.*)$")


@lru_cache(maxsize=8192)  # Speed: a name is initialized for its entry and sort keys alike
def _initialize_with(name: str, terminator: str, normalize_only: bool, hyphen: bool) -> str:
    """citeproc-js's ``CSL.Util.Names.initializeWith`` (names without markup).

    Bugs it replaces: citeproc-py initialized a given name whatever initialize="false"
    said ("Abbott, A.-M." for "Anne-Marie" in chicago-author-date), wrote the mark
    of an empty group of initials before a lower-case word ("hooks, . bell ."; "J.-.
    paul . Doe" for "Jean-paul"), and ignored initialize-with-hyphen="false"
    ("Marie-Claire" for citeproc-js's "Marie Claire", "M.C."). With initialize="false"
    only initials already there get the mark (doNormalize: "J.D." → "J. D.").
    """
    if not name:
        return ""
    if name in ("Lord", "Lady") or (not _STARTS_ROMANESQUE.match(name) and "%s" not in terminator):
        return name
    if hyphen is False:
        name = name.replace("-", " ")
    name = _WHITESPACE_RUN.sub(" ", _SPACED_HYPHEN.sub("-", name))
    name = _HYPHEN_LOWER.sub("\u2013\\1", name)
    name = _PERIOD_BEFORE_TEXT.sub(". ", name)
    parts = _NAME_SPLIT.split(name)  # names at even places, separators at odd ones
    if len(parts) == 1:
        tail = _AFTER_LAST_PERIOD.search(parts[0])
        if tail and len(tail.group(0)) == 1 and tail.group(0) != tail.group(0).lower():
            parts[0] += "."
    if normalize_only:
        text = _normalize_parts(parts, terminator)
    else:
        text = _initialize_parts(parts, terminator)
    return _DASH_LOWER.sub("-\\1", text)


def _tidy_name(parts: list[str]) -> str:
    text = _TRAILING_SPACE.sub("", "".join(parts))
    return _WHITESPACE_RUN.sub(" ", _SPACED_HYPHEN.sub("-", text))


def _initialize_parts(parts: list[str], terminator: str) -> str:
    """citeproc-js's doInitialize."""
    count = len(parts)
    for i in range(0, count, 2):
        part = parts[i]
        if not part:
            continue
        match = _NAME_INITIAL.match(part)
        initial, rest, period = match.groups() if match else ("", "", None)
        if (
            match is None
            and not _STARTS_ROMANESQUE.match(part)
            and len(part) > 1
            and "%s" in terminator
        ):
            initial, rest, period = part[0], part[1:], None
            match = True  # type: ignore[assignment]
        if match and rest and period:
            initial, rest = initial + rest, ""
        if match and initial[:1] == initial[:1].upper():
            upper = ""
            for char in rest:
                if char != char.upper():
                    break
                upper += char
            extra = upper.lower() if rest and len(upper) < len(rest) else ""
            parts[i] = initial + extra
            if i < count - 1:
                if "%s" in terminator:
                    parts[i] = terminator.replace("%s", parts[i])
                elif "-" in parts[i + 1]:
                    parts[i + 1] = terminator + "-"
                else:
                    parts[i + 1] = terminator
            elif "%s" in terminator:
                parts[i] = terminator.replace("%s", parts[i])
            else:
                parts.append(terminator)
        elif _ROMANESQUE.search(part) and (not match or not period):
            parts[i] = " " + part
    return _tidy_name(parts)


def _normalize_parts(parts: list[str], terminator: str) -> str:
    """citeproc-js's doNormalize: initials already in the name get the mark."""
    abbreviation = []
    for i, part in enumerate(parts):
        if len(part) > 1 and part.endswith("."):
            parts[i] = _LAST_PERIOD.sub("\\1\\2", part)
            abbreviation.append(True)
        else:
            abbreviation.append(len(part) == 1 and part.upper() == part)
    count = len(parts)
    for i in range(0, count, 2):
        if not abbreviation[i]:
            continue
        if i < count - 2:
            parts[i + 1] = "" if abbreviation[i + 2] else " "
            if len(parts[i + 2]) > 1:
                parts[i + 1] = terminator.rstrip("\ufeff") + parts[i + 1]
            else:
                parts[i + 1] = terminator
        if i == count - 1:
            parts[i] = parts[i] + terminator
    return _tidy_name(parts)
