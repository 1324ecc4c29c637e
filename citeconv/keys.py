"""Citation keys: readable, ASCII, unique case-insensitively, stable for the same input."""

from __future__ import annotations

import re
import unicodedata

from citeconv.model import Item

#: Words skipped when looking for the first significant title word.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "about",
        "as",
        "into",
        "is",
        "are",
        "was",
        "were",
        "be",
        "how",
        "what",
        "why",
        "when",
        "which",
        "who",
        "whose",
        "do",
        "does",
        "did",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
    ]
)

_NON_KEY = re.compile(r"[^A-Za-z0-9]+")
#: Characters BibTeX and biber accept in a key without trouble.
VALID_KEY = re.compile(r"^[A-Za-z0-9_:.\-+/]+$")

_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "ı": "i",
    }
)


def ascii_fold(text: str) -> str:
    """``Müller`` → ``Muller``; letters with no ASCII form are dropped."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return text.encode("ascii", "ignore").decode("ascii")


def _word(text: str) -> str:
    return _NON_KEY.sub("", ascii_fold(text)).lower()


def default_key(item: Item) -> str:
    """``family + year + first significant title word``, e.g. ``tran2021quality``."""
    family = ""
    for variable in ("author", "editor", "translator"):
        names = item.names.get(variable)
        if names:
            first = names[0]
            family = first.family or first.literal or ""
            if first.literal and " " in first.literal:
                family = "".join(w[:1] for w in first.literal.split() if w[:1].isupper())
            break
    year = item.dates["issued"].year if "issued" in item.dates else None
    title_word = ""
    for word in (item.get("title") or "").split():
        folded = _word(word)
        if folded and folded not in STOP_WORDS:
            title_word = folded
            break
    key = f"{_word(family)}{year or ''}{title_word}"
    return key or "ref"


class KeyRegistry:
    """Hands out unique keys: a second ``tran2021quality`` becomes ``tran2021qualitya``.

    Only the keys themselves are remembered, so memory grows with the number of keys
    and not with the records.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, key: str) -> str:
        """``key`` made unique (case-insensitively) among the keys claimed so far."""
        candidate = key
        n = 0
        while candidate.lower() in self._used:
            n += 1
            candidate = key + _suffix(n)
        self._used.add(candidate.lower())
        return candidate


def _suffix(n: int) -> str:
    """1 → a, 26 → z, 27 → aa, ..."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
