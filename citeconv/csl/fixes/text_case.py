"""Text case: capitalize-first and text-case (title, sentence, lower, upper), as
citeproc-js applies them."""

from __future__ import annotations

from typing import Any

from citeproc.model import Text
from citeproc.string import MixedString, NoCase, String

from citeconv.csl.markup import MARKS, SMALL_CAPS
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


def capitalize_all(text: Any) -> str:
    """capitalize-all as citeproc-js applies it: each all-lower-case word, and each
    part of one split by its punctuation ("X-Ray/Y-Ray"), capitalized; the words
    joined by a space as citeproc-py joins them."""
    output = []
    for word in text.words():
        if isinstance(word, NoCase):
            output.append(word)
            continue
        chars = list(str(word))
        starts = True
        for index, char in enumerate(chars):
            if char in _WORD_ENDS:
                starts = True
            elif starts and char not in MARKS and char not in _OPENING_PUNCTUATION:
                starts = False
                if _all_lower(str(word), index):
                    chars[index] = char.upper()
        output.append(word.__class__("".join(chars)))
    return " ".join(output)


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
        return capitalize_all(text)
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
    output = []
    previous = ":"  # the first word is capitalized
    words = list(text.words())
    for index, word in enumerate(words):
        bare = "".join(c for c in str(word) if c not in MARKS)
        # The first word, a word after a colon and the last word are capitalized.
        first = previous in (":", "?", "!") or index == len(words) - 1
        if SMALL_CAPS[0] in str(word):
            pass  # citeproc-js leaves text in small caps as it is
        elif "-" in bare and not isinstance(word, NoCase):
            # citeproc-js capitalizes each part of a hyphenated word ("Multi-Year").
            parts = str(word).split("-")
            word = word.__class__(
                "-".join(
                    _capitalize(p)
                    if p.islower() and (p.strip("".join(MARKS)) not in _STOP_WORDS or n == 0)
                    else p
                    for n, p in enumerate(parts)
                )
            )
        elif word.islower() and (bare.rstrip(":;,?!") not in _STOP_WORDS or first):
            # A stop word stays lower case with punctuation after it too ("Data for:").
            word = word.capitalize_first()
        elif word.islower():
            word = word.soft_lower()
        previous = bare[-1:] or previous
        output.append(word)
    return " ".join(output)


def _capitalize(text: str) -> str:
    for index, char in enumerate(text):
        if char not in MARKS and char not in _OPENING_PUNCTUATION:
            return text[:index] + char.upper() + text[index + 1 :]
    return text
