"""Text case: capitalize-first and text-case (title, sentence, lower, upper), as
citeproc-js applies them."""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Text
from citeproc.string import MixedString, NoCase, String

from citeconv.csl.markup import (
    FIELD_SMALL_CAPS,
    MARKS,
    NODECOR,
    SMALL_CAPS,
    SUBSCRIPT,
    SUPERSCRIPT,
)
from citeconv.csl.originals import ORIGINALS


# Bug: capitalize-first and title case miss a word that starts with formatting
# ("<i>nature</i>" stays lower case): citeproc-py upper-cases the first character,
# which is then a mark. citeproc-js capitalizes the first letter. And "ArXiv",
# "IPhone", "ELife": citeproc-js's capitalize-first and capitalize-all
# (CSL.Output.Formatters) change only a word that is all lower case, a word ending
# at a space or at the punctuation its text-case engine splits on (so "e-Life" is
# "E-Life" and "multi-year" under capitalize-all "Multi-Year").
def capitalize_first(self: Any) -> Any:
    text = str(self)
    for index, char in enumerate(text):
        if char not in MARKS and char not in _OPENING_PUNCTUATION:
            if not _all_lower(text, index):
                return self
            return self.__class__(text[:index] + char.upper() + text[index + 1 :])
    return self


#: Where citeproc-js's text-case engine ends a word: spaces (its wordDoppel) and the
#: punctuation and double quotes of its tagDoppel (an apostrophe is inside a word:
#: "Don’t", "Rock’n’roll").
_WORD_ENDS = frozenset(
    ' \u00a0\u3000\u205f-\u2013\u2014/.,;?!:[]()"\u2018\u201c\u201d'
    + "".join(chr(c) for c in range(0x2000, 0x200C))
)


def _all_lower(text: str, start: int) -> bool:
    """Whether the word of ``text`` that starts at ``start`` has no capital letter."""
    end = start
    while end < len(text) and text[end] not in _WORD_ENDS and text[end] not in MARKS:
        end += 1
    word = text[start:end]
    return word == word.lower()


_OPENING_PUNCTUATION = frozenset("\"'“‘„‚«‹([{¿¡")


# Bug: label text-case ignored ("eds." for "Eds."): citeproc-py's title case applies
# only to English, and a cs:label (or a name part) passes no language, which counts as
# "not English" (citeproc-js title-cases terms and labels in any locale). And "v." is
# a stop word for citeproc-js ("Brown v. Board of Education").
#: citeproc-js's CSL.SKIP_WORDS (single words): never capitalized by title case.
_STOP_WORDS = frozenset(
    [
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "al",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "aside",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "et",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "than",
        "through",
        "thru",
        "throughout",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "vs.",
        "v.",
        "vs",
        "v",
        "via",
        "vis-à-vis",
        "with",
        "within",
        "without",
        "or",
        "yet",
        "so",
        "and",
        "nor",
        "a",
        "an",
        "the",
        "de",
        "d'",
        "von",
        "van",
        "c",
        "ca",
    ]
)


def _as_string(text: Any) -> Any:
    """``text`` with every plain str (whole, or a piece of a MixedString) a String,
    and a number a String of its digits (a day with text-case="lowercase")."""
    if type(text) is str or isinstance(text, int):
        return String(str(text))
    if isinstance(text, MixedString) and any(type(piece) is str for piece in text):
        return MixedString([_as_string(piece) for piece in text])
    return text


def case(self: Any, text: Any, language: Any = None) -> Any:
    text_case = self.get("text-case")
    if text_case is not None and isinstance(self, Text) and "macro" in self.attrib:
        # citeproc-js applies text-case to the strings an element prints itself, and
        # a <text macro> prints none (its macro's elements do): the attribute has no
        # effect there ("<text macro=... text-case="title"/>" in 206 styles).
        return text
    if text is None:
        return None  # a name without a given name, cased by its cs:name-part
    if text_case is not None:
        # Bug: AttributeError "'str' object has no attribute 'capitalize_first'"
        # (or 'words'): citeproc-py joins a name's particle and family name into a
        # plain str before its cs:name-part cases it (pesquisa-agropecuaria-
        # brasileira's text-case="capitalize-first" on the family name), and some
        # of its joins leave plain str pieces in a MixedString.
        text = _as_string(text)
    if text_case == "capitalize-all" and hasattr(text, "words"):
        return _case_engine(text, _CapitalizeAll(language))
    if text_case in ("lowercase", "uppercase") and hasattr(text, "words"):
        # Bug: "a smith pencil" for "a Smith pencil": citeproc-py lower- and
        # upper-cases a <span class="nocase"> too (and small caps, superscripts).
        return _case_engine(text, _ChangeCase(text_case == "uppercase", language))
    if text_case != "title":
        return ORIGINALS["TextCased.case"](self, text, language)
    if language is None:
        # A term or label (no item language): citeproc-js title-cases it in any
        # locale ("Éd." in French); only variables follow the item's language.
        language = "en"
    # citeproc-js (getFieldLocale) reads the first two letters of the item's
    # language, lower-cased: "English" and "en-GB" are English, "French" is not.
    if str(language)[:2].lower() != "en" or not hasattr(text, "words"):
        return text
    return _case_engine(text, _TitleCase())


# -- citeproc-js's text-case engine (CSL.Output.Formatters._textcaseEngine) ------
# Bug: title case split words at spaces only and joined them with one space ("The
# Mirror , the Window", a no-break space lost), capitalized each part of "07-x" and
# "cat/mouse" differently from citeproc-js, and cased text in small caps,
# superscript and subscript. citeproc-js splits the text at its "tags": quotation
# marks, hyphens and dashes, "/", ".,;?!:", brackets and rich-text tags; the text
# inside <span class="nocase">, small caps, <sup>, <sub> and nodecor is left as it
# is; each piece between tags is split at spaces, and a word is capitalized when it
# is all lower case and longer than one letter and not a stop word, or first, or
# after "!", "?" or ":"; a stop word ending the title is capitalized.

#: Where a <span class="nocase"> starts and ends, only inside the engine.
_NOCASE = ("\ue030", "\ue031")
#: The tags whose text is not cased, with the tag that ends each.
_UNCASED = {
    _NOCASE[0]: _NOCASE[1],
    SMALL_CAPS[0]: SMALL_CAPS[1],
    FIELD_SMALL_CAPS[0]: FIELD_SMALL_CAPS[1],
    SUPERSCRIPT[0]: SUPERSCRIPT[1],
    SUBSCRIPT[0]: SUBSCRIPT[1],
    NODECOR[0]: NODECOR[1],
}
_CASE_TAGS = re.compile(
    "([\u2018\u2019\u201c\u201d\"'\\-\u2010\u2013\u2014/.,;?!:\\[\\]()"
    + "".join(sorted(MARKS | set(_NOCASE)))
    + "])"
)
_CASE_SPACES = re.compile("([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_GREEK = re.compile("[\u0370-\u03ff]")
#: citeproc-js's quotation marks as text-case tags: (what may open inside, what closes).
#: Its straight quotes' rules for the typographic ones too, which the field's straight
#: quotes have become before text case (citeconv.csl.engine.typographic_quotes).
_QUOTE_OPENERS = {
    "\u2018": ("\u201c", "\u2019"),
    "\u201c": ("\u2018", "\u201d"),
    ' "': (" '", '"'),
    " '": (' "', "'"),
}


def _upper(text: str, language: str) -> str:
    if language in ("tr", "az"):
        # CSL.toLocaleUpperCase: the dotted and dotless i of Turkish.
        text = text.replace("i", "\u0130")
    return text.upper()


def _lower(text: str, language: str) -> str:
    if language in ("tr", "az"):
        text = text.replace("I", "\u0131").replace("\u0130", "i")
    return text.lower()


def _capitalise(word: str, language: str = "en") -> str:
    """citeproc-js's _capitalise: the first character upper case, but a lone Greek
    letter ("β-carotine")."""
    if not word or (len(word) == 1 and _GREEK.match(word)):
        return word
    return _upper(word[0], language) + word[1:]


class _TitleCase:
    """The title case of citeproc-js's engine."""

    quotes = True
    after_punct: bool | None = False

    def __init__(self) -> None:
        self.is_first = True
        #: (the piece, the word in it) of the last word, while it may be capitalized.
        self.last_word: tuple[int, int] | None = None

    def words(self, text: str, piece: int, following_tag: str | None) -> str:
        if not text.strip():
            return text
        words = _CASE_SPACES.split(text)
        last = len(words) - 1
        for j in range(0, len(words), 2):
            word = words[j]
            if not word:
                continue
            lower = word.lower()
            capitalize = (
                (len(word) > 1 and lower not in _STOP_WORDS)
                or (j == last and following_tag == "-")
                or self.is_first
                or bool(self.after_punct)
            )
            if capitalize and word == lower:
                words[j] = _capitalise(word)
            self.after_punct = False
            self.is_first = False
            self.last_word = (piece, j)
        return "".join(words)

    def finish(self, pieces: list[str]) -> None:
        if self.last_word is None:
            return
        piece, j = self.last_word
        words = _CASE_SPACES.split(pieces[piece])
        if j < len(words):
            word = words[j]
            if len(word) > 1 and word.lower() in _STOP_WORDS:
                words[j] = _capitalise(word)
                pieces[piece] = "".join(words)


class _ChangeCase:
    """lowercase or uppercase, as citeproc-js's engine applies them."""

    quotes = False
    after_punct: bool | None = None
    is_first = False
    last_word: tuple[int, int] | None = None

    def __init__(self, upper: bool, language: Any) -> None:
        self.upper = upper
        self.language = str(language or "")[:2].lower()

    def words(self, text: str, piece: int, following_tag: str | None) -> str:
        return _upper(text, self.language) if self.upper else _lower(text, self.language)

    def finish(self, pieces: list[str]) -> None:
        pass


class _CapitalizeAll(_ChangeCase):
    """capitalize-all as citeproc-js's engine applies it: each all-lower-case word,
    and each part of one split by its tags ("X-Ray/Y-Ray"), capitalized."""

    quotes = True

    def __init__(self, language: Any) -> None:
        super().__init__(False, language)

    def words(self, text: str, piece: int, following_tag: str | None) -> str:
        words = _CASE_SPACES.split(text)
        for j in range(0, len(words), 2):
            word = words[j]
            if word and word == _lower(word, self.language):
                words[j] = _capitalise(word, self.language)
        return "".join(words)


def _case_engine(text: Any, config: _TitleCase | _ChangeCase) -> Any:
    """``text`` (a String or a MixedString with NoCase pieces) cased by ``config``
    as citeproc-js's _textcaseEngine does it."""
    if isinstance(text, MixedString):
        flat = "".join(
            f"{_NOCASE[0]}{piece}{_NOCASE[1]}" if isinstance(piece, NoCase) else str(piece)
            for piece in text
        )
    elif isinstance(text, NoCase):
        return text
    else:
        flat = str(text)
    if not flat:
        return text
    split = _CASE_TAGS.split(flat)
    strings = split[0::2]
    tags = split[1::2]
    opened = 0  # the ‘ still open: a ’ before a space may close one
    for i, tag in enumerate(tags):
        if tag == "\u2018":
            opened += 1
        elif tag in "'\u2019" and strings[i + 1]:
            if tag == "\u2019" and opened and not strings[i + 1][0].isalnum():
                # The ’ of a field's quote made typographic (en-GB's ‘…’ for "…"):
                # citeproc-js reads the straight quote, a tag ("‘The “Replication”").
                opened -= 1
                continue
            # An apostrophe ("what’s next"), not a tag (citeproc-js's Doppeler).
            strings[i + 1] = tag + strings[i + 1]
            tags[i] = ""
    if config.quotes:
        for i, tag in enumerate(tags):
            # A straight quotation mark after a space opens (citeproc-js's " \"").
            if tag and tag in "\"'" and strings[i].endswith(" "):
                tags[i] = " " + tag
                strings[i] = strings[i][:-1]
    original = list(strings)
    if strings[0].strip():
        strings[0] = config.words(strings[0], 0, tags[0] if tags else None)
    uncased: list[str] = []
    quote_state: list[tuple[str, str, int | None]] = []
    for i, tag in enumerate(tags):
        following = strings[i + 1]
        if tag in _UNCASED:
            uncased.append(_UNCASED[tag])
        elif uncased and tag == uncased[-1]:
            uncased.pop()
        if config.after_punct is not None and tag and tag in "!?:":
            config.after_punct = True
        if not uncased:
            # (citeproc-js passes the following tag to the first piece only.)
            strings[i + 1] = config.words(following, i + 1, None)
        elif following.strip():
            config.last_word = None
        if (
            config.quotes
            and tag
            and (tag[0] in "\u2018\u2019\u201c\u201d\"'" or tag in _QUOTE_OPENERS)
        ):
            position = _quote_fix(quote_state, tag, i)
            if position is not None:
                restored = strings[position + 1]
                strings[position + 1] = original[position + 1][:1] + restored[1:]
                config.last_word = None
        if config.is_first and following.strip():
            config.is_first = False
        if config.after_punct and following.strip():
            config.after_punct = False
    for _, _, position in quote_state:
        if position is not None:
            strings[position + 1] = original[position + 1][:1] + strings[position + 1][1:]
    config.finish(strings)
    out = "".join(s + t for s, t in zip(strings, tags, strict=False)) + strings[-1]
    if _NOCASE[0] not in out:
        return String(out)
    pieces: list[Any] = []
    for n, piece in enumerate(re.split(f"[{_NOCASE[0]}{_NOCASE[1]}]", out)):
        if piece:
            pieces.append(NoCase(piece) if n % 2 else String(piece))
    return MixedString(pieces)


def _quote_fix(state: list[tuple[str, str, int | None]], tag: str, position: int) -> int | None:
    """citeproc-js's quoteFix: where a quotation mark that pairs with nothing is (the
    text after it is not capitalized), or None."""
    if tag in _QUOTE_OPENERS:
        opener, closer = _QUOTE_OPENERS[tag]
        if not state or tag == state[-1][0]:
            state.append((opener, closer, position))
            return None
        previous = state.pop()[2]
        state.append((opener, closer, None))
        return previous
    if state and tag[:1] == state[-1][1]:
        state.pop()
        return None
    return position
