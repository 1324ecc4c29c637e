"""Collation: how sort keys compare, as citeproc-js's Intl collator orders them
(symbols, case, accents, Spanish ñ, Cyrillic before Latin in Slavic locales)."""

from __future__ import annotations

from typing import Any

#: ICU root order of the symbols that the collator does not ignore (node's ICU):
#: all sort before digits and letters. "|" stands for a space (see ``sort``).
_SYMBOL_ORDER = {c: n for n, c in enumerate("`^°©®+±÷×<=>¬|~$£€™")}


_SEPARATOR = (-1, _SYMBOL_ORDER["|"])


#: Letters that ICU's root collation treats as a base letter plus a secondary
#: difference, but that Unicode does not decompose.
_BASE_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ł": "l", "æ": "ae", "œ": "oe"}
    # Letters of their own, right after a base letter ("Yılmaz" after "Yilmaz" and
    # any "Yi…", before "Yj…"): the base letter and a character above all others.
    | {"ı": "i\U0010ffff", "ŋ": "n\U0010ffff", "ĸ": "q\U0010ffff"}
)


def _collation_key(value: Any) -> tuple[tuple[int, Any], ...] | None:
    """A key that orders as citeproc-js's ICU collation of its key string (see ``sort``).

    Pieces: (-1, rank) a space or symbol, (0, n) a number, (1, text) letters.
    Punctuation is ignored between letters (they run on) but ends a number:
    "2019-03-19" compares as 2019, 3, 19.
    """
    if value is None:
        return None
    if isinstance(value, int):
        return ((0, value),)
    import unicodedata

    # A no-break space is not a word break in citeproc-js's key (only spaces become
    # "|"), and its collator ignores it: "de\u00a0Böhm" compares as "deböhm".
    plain = str(value).replace("\u00a0", "").replace("\u202f", "")
    if _COLLATION_LANGUAGE == "es":
        plain = unicodedata.normalize("NFC", plain).translate(_SPANISH)
    text = unicodedata.normalize("NFKD", plain).casefold().translate(_BASE_LETTERS)
    if not text:
        return None
    pieces: list[tuple[int, Any]] = []
    letters: list[str] = []
    digits: list[str] = []

    def flush_digits() -> None:
        if digits:
            pieces.append((0, int("".join(digits))))
            digits.clear()

    def flush_letters() -> None:
        if letters:
            word = "".join(letters)
            if _COLLATION_LANGUAGE in _CYRILLIC_FIRST:
                word = "".join(_after_cyrillic(char) for char in word)
            pieces.append((1, word))
            letters.clear()

    for char in text:
        if char.isdigit() and char.isascii():
            flush_letters()
            digits.append(char)
        elif char.isalnum() or char == "\U0010ffff":  # see _BASE_LETTERS, _SPANISH
            flush_digits()
            letters.append(char)
        elif char.isspace():
            flush_digits()
            flush_letters()
            pieces.append(_SEPARATOR)
        else:
            category = unicodedata.category(char)
            if category[0] == "M":
                continue  # accents: ignored at base strength, inside a word
            flush_digits()
            if category[0] == "S":
                flush_letters()
                pieces.append((-1, _SYMBOL_ORDER.get(char, 100 + ord(char))))
    flush_digits()
    flush_letters()
    pieces.append(_SEPARATOR)
    return tuple(pieces)


def packed_collation_key(value: Any) -> str | None:
    """:func:`_collation_key` as one string that compares as the tuple does
    (``<``, ``==``): what a bibliography keeps of every entry's sort keys.

    Memory: a tuple of (kind, value) pairs was ~1–2 KB per APA author key, kept for
    every entry between the sorts before and after disambiguation (100k records:
    ~200 MB). Each piece is written as a kind mark below every letter (a word's
    letters are all above U+0020, so a word that is a prefix of another sorts
    first, as in the tuple), then its value: a symbol's rank in two characters of
    fixed width; a number's sign, its digit count and its digits (the count
    complemented, and the digits, for a negative number); a word as it is.
    """
    pieces = _collation_key(value)
    if pieces is None:
        return None
    out: list[str] = []
    for kind, piece in pieces:
        if kind == 1:
            out.append("\x03")
            out.append(piece)
        elif kind == 0:
            digits = str(abs(piece))
            if piece < 0:
                out.append("\x02N")
                out.append(chr(_MAX_COUNT - min(len(digits), _MAX_COUNT)))
                out.append(digits.translate(_COMPLEMENT))
            else:
                out.append("\x02P")
                out.append(chr(min(len(digits), _MAX_COUNT)))
                out.append(digits)
        else:
            out.append("\x01")
            out.append(chr(piece >> 11))
            out.append(chr(piece & 0x7FF))
    return "".join(out)


#: The largest digit count a number piece writes (a character's code).
_MAX_COUNT = 0x10FFFF
_COMPLEMENT = str.maketrans("0123456789", "9876543210")


# Bug: bibliography order in Spanish and Russian differs from citeproc-js's, whose
# ICU collator follows the locale's tailoring: Spanish "ñ" is a letter after "n"
# ("Núñez" before "Ñúñez"), and Russian (also Ukrainian, Belarusian, Bulgarian,
# Macedonian, Serbian) puts Cyrillic before Latin. Set by ``sort`` from the
# style's default locale; other locales keep the root order.
_COLLATION_LANGUAGE = ""


_SPANISH = str.maketrans({"ñ": "n\U0010ffff", "Ñ": "N\U0010ffff"})


_CYRILLIC_FIRST = frozenset(["ru", "uk", "be", "bg", "mk", "sr"])


def _after_cyrillic(char: str) -> str:
    """Every letter but Cyrillic moved above the Cyrillic block, in its own order."""
    code = ord(char)
    if 0x0400 <= code < 0x0530 or code >= 0x10FFFF - 0x10000:
        return char
    return chr(code + 0x10000)


def set_language(language: str) -> None:
    """The two-letter language whose collation the next sort follows."""
    global _COLLATION_LANGUAGE
    _COLLATION_LANGUAGE = language
