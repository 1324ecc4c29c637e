"""Citation keys: readable, ASCII, unique case-insensitively, stable for the same input."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from citeconv.model import Item, Name

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
VALID_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.\-+/]*$")
#: What a kept BibTeX key may be (one documents cite already): no blank and none
#: of bibtex's special characters, starting with a letter, digit or ``_``; Unicode
#: letters are fine (biber, pandoc and bibtex take "Böttinger2018" as it is).
BIBTEX_KEY = re.compile(r"^\w[^\s{}(),=\"#%'\\~]*$")
_NOT_IN_KEYS = re.compile(r"[^A-Za-z0-9_:.\-+/]+")
#: What a CSL-JSON id or a RIS ID may be: any one line, without blanks at its ends
#: (pandoc and citeproc take Unicode, blanks, any case).
ANY_ID = re.compile(r"^\S(?:[^\r\n]*\S)?$")

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
    if text.isascii():
        return text  # NFKD leaves ASCII as it is; most names and titles are ASCII
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return text.encode("ascii", "ignore").decode("ascii")


def _word(text: str) -> str:
    return _NON_KEY.sub("", ascii_fold(text)).lower()


def _first_family(item: Item) -> list[str]:
    """Family names of the first creators (authors, else editors, else translators)."""
    for variable in ("author", "editor", "translator"):
        names = item.names.get(variable)
        if names:
            return [_family_word(n) for n in names]
    return []


def _family_word(name: Name) -> str:
    """``Tran`` → ``Tran``; ``van der Berg`` → ``Berg``; ``World Health Organization`` → ``WHO``."""
    if name.literal is not None:
        words = name.literal.split()
        if len(words) > 1:
            return "".join(w[:1] for w in words if w[:1].isupper()) or words[0]
        return name.literal
    return name.family or name.given or ""


def _title_words(item: Item, count: int) -> list[str]:
    """The first ``count`` significant words of the title, as key text."""
    title = item.get("title") or ""
    if "<" in title:
        title = _TAG.sub(" ", title)
    found: list[str] = []
    for raw in title.split():
        word = _word(raw)
        if word and word not in STOP_WORDS:
            found.append(word)
            if len(found) == count:
                break  # a long title's other words are not needed
    return found


_TAG = re.compile(r"<[^<>]*>")


def _field_author(item: Item) -> str:
    families = _first_family(item)
    return _word(families[0]) if families else ""


def _field_authors(item: Item) -> str:
    families = [_word(f) for f in _first_family(item)]
    if len(families) > 2:
        return families[0] + "etal"
    return "".join(families)


def _field_year(item: Item) -> str:
    date = item.dates.get("issued")
    year = date.year if date is not None else None
    return str(year) if year is not None else ""


def _field_title(item: Item) -> str:
    words = _title_words(item, 1)
    return words[0] if words else ""


def _field_shorttitle(item: Item) -> str:
    return "".join(_title_words(item, 3))


def _field_id(item: Item) -> str:
    return _NON_KEY.sub("", ascii_fold(item.key or item.id)).lower()


#: The fields of ``--key-format`` templates: name → (function, one-line description).
KEY_FIELDS: dict[str, tuple[Callable[[Item], str], str]] = {
    "author": (_field_author, "family name of the first author (or editor); WHO for organisations"),
    "authors": (_field_authors, "one or two family names, or the first + 'etal' for three or more"),
    "year": (_field_year, "year of publication"),
    "title": (_field_title, "first significant word of the title (skips a, the, of, der, la ...)"),
    "shorttitle": (_field_shorttitle, "first three significant title words"),
    "id": (_field_id, "the record's own ID (RIS ID) as letters and digits"),
}

DEFAULT_KEY_FORMAT = "{author}{year}{title}"

_MODIFIERS = ("upper", "lower", "capitalize")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_LITERAL = re.compile(r"^[A-Za-z0-9_:.\-]*$")


class KeyFormat:
    """A key template: ``{field}`` or ``{field:modifier:...}`` placeholders and literal text.

    Fields are in :data:`KEY_FIELDS`. Values are ASCII, lower case, letters and digits
    only; modifiers change that: ``upper``, ``capitalize`` (first letter upper case),
    or a number ``N`` (keep the first N characters). Literal text between placeholders
    may use letters, digits and ``_ : . -``. Examples: ``{author}{year}{title}`` (the
    default: ``tran2021quality``), ``{author:capitalize}{year}`` (``Tran2021``),
    ``{authors}_{year}_{shorttitle:12}`` (``tranetal_2021_qualityimpro``).
    """

    def __init__(self, template: str = DEFAULT_KEY_FORMAT) -> None:
        self.template = template
        self._parts: list[str | tuple[Callable[[Item], str], list[str]]] = []
        #: The fields the template uses, in order (``["author", "year", "title"]``).
        self.field_names: list[str] = []
        position = 0
        for match in _PLACEHOLDER.finditer(template):
            self._literal(template[position : match.start()])
            field_name, *modifiers = match.group(1).split(":")
            if field_name not in KEY_FIELDS:
                from citeconv.suggest import did_you_mean

                near = did_you_mean(field_name, KEY_FIELDS, show=lambda f: "{" + f + "}")
                raise ValueError(
                    f"unknown key field {{{field_name}}} in {template!r}{near} "
                    f"(use {', '.join('{' + f + '}' for f in KEY_FIELDS)})"
                )
            for modifier in modifiers:
                if modifier not in _MODIFIERS and not modifier.isdigit():
                    from citeconv.suggest import did_you_mean

                    near = did_you_mean(modifier, _MODIFIERS)
                    raise ValueError(
                        f"unknown key modifier {modifier!r} in {template!r}{near} "
                        "(use upper, lower, capitalize or a number)"
                    )
            self._parts.append((KEY_FIELDS[field_name][0], modifiers))
            self.field_names.append(field_name)
            position = match.end()
        self._literal(template[position:])
        if not any(isinstance(p, tuple) for p in self._parts):
            raise ValueError(f"key format {template!r} has no {{field}}: keys would all be equal")

    def _literal(self, text: str) -> None:
        if not _LITERAL.match(text):
            raise ValueError(
                f"key format text {text!r} may only hold letters, digits and _ : . - "
                "between {fields}"
            )
        if text:
            self._parts.append(text)

    def __call__(self, item: Item) -> str:
        """The key for ``item`` (not yet unique: see :class:`KeyRegistry`); never empty."""
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            function, modifiers = part
            value = function(item)
            for modifier in modifiers:
                if modifier == "upper":
                    value = value.upper()
                elif modifier == "lower":
                    value = value.lower()
                elif modifier == "capitalize":
                    value = value[:1].upper() + value[1:]
                else:
                    value = value[: int(modifier)]
            out.append(value)
        key = "".join(out)
        return key if any(c.isalnum() for c in key) else "ref"


_DEFAULT_FORMAT = KeyFormat()


def default_key(item: Item) -> str:
    """``family + year + first significant title word``, e.g. ``tran2021quality``."""
    return _DEFAULT_FORMAT(item)


class KeyRegistry:
    """Hands out unique keys: a second ``tran2021quality`` becomes ``tran2021qualitya``.

    Only the keys themselves are remembered, so memory grows with the number of keys
    and not with the records.
    """

    def __init__(self, case_sensitive: bool = False) -> None:
        self._fold = str if case_sensitive else str.lower
        self._used: set[str] = set()
        # The last suffix number given to each base key, so that the thousandth
        # "ref" does not try a, b, c, ... again (quadratic on sparse records).
        self._last: dict[str, int] = {}

    def claim(self, key: str) -> str:
        """``key`` made unique (case-insensitively, unless case_sensitive) among the
        keys claimed so far."""
        fold = self._fold
        base = fold(key)
        candidate = key
        n = self._last.get(base, 0) if base in self._used else 0
        while fold(candidate) in self._used:
            n += 1
            candidate = key + _suffix(n)
        if n:
            self._last[base] = n
        self._used.add(fold(candidate))
        return candidate


def _suffix(n: int) -> str:
    """1 → a, 26 → z, 27 → aa, ..."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class CitationKeys:
    """The citation key of each record, one rule for every writer: the BibTeX and
    BibLaTeX key, the CSL-JSON ``id``, the RIS ``ID``. So ``@tran2021quality`` cites
    the same record from ``refs.bib`` and from ``refs.json``.

    ``stem`` is the key a record asks for, when it is a valid key: the key it is
    already cited by (a BibTeX key, a CSL-JSON ``id`` or ``citation-key``:
    ``Item.key_cites``) unless a ``key_format`` was asked for; its own id of any
    kind (a RIS ``ID`` too) with ``keep_ids``; else the template's. ``claim`` makes
    it unique in input order (a second ``tran2021quality`` is
    ``tran2021qualitya``). ``stem`` depends on the record alone, so ``--jobs``
    workers compute it; ``claim`` runs in the writing process.
    """

    def __init__(
        self,
        key_format: str | None = None,
        keep_ids: bool = False,
        *,
        valid: re.Pattern[str] = BIBTEX_KEY,
        case_sensitive: bool = False,
    ) -> None:
        self.format = KeyFormat(key_format or DEFAULT_KEY_FORMAT)  # ValueError: a bad one
        self.keep_ids = keep_ids
        #: Keys documents cite already (BibTeX keys, CSL-JSON ids) are kept, unless a
        #: template was asked for.
        self.keep_cited = keep_ids or key_format is None
        #: What a kept key may be: BibTeX's keys are ASCII without blanks and unique
        #: case-insensitively (bibtex); a CSL-JSON id or a RIS ID any one line.
        self.valid = valid
        self.case_sensitive = case_sensitive
        self._registry = KeyRegistry(case_sensitive)

    def wanted(self, item: Item) -> str | None:
        """The record's own key, when the rules keep it (valid or not)."""
        own = item.key
        if own and (self.keep_ids or (self.keep_cited and item.key_cites)):
            return own
        return None

    def stem(self, item: Item) -> str:
        """The key ``item`` asks for, before it is made unique."""
        if item.key_stem is not None:
            return item.key_stem  # worked out before --fields/--exclude-fields
        own = self.wanted(item)
        if own:
            if self.valid.match(own):
                return own
            # Not a BibTeX key ("has space", "a{b}"): the nearest that is one
            # (hasspace, ab), so that it can still be found; a warning says so.
            near = _NOT_IN_KEYS.sub("", ascii_fold(own))
            if near and self.valid.match(near):
                return near
        return self.format(item)

    def claim(self, stem: str) -> str:
        """``stem`` made unique among the keys handed out so far."""
        return self._registry.claim(stem)

    def renamed(self, wanted: str | None, key: str) -> str | None:
        """Why a record whose own key is ``wanted`` is written as ``key``, or None
        when it is not renamed (a key documents cite must not change silently)."""
        if wanted is None or key == wanted:
            return None
        if not self.valid.match(wanted):
            return f"key {wanted!r} written as {key!r}: it is no valid BibTeX key"
        why = f"key {wanted!r} written as {key!r}: an earlier record has that key"
        return (
            why + " (BibTeX keys are unique whatever their case)"
            if not self.case_sensitive
            else why
        )

    def __call__(self, item: Item) -> str:
        """The unique key of ``item``, the next in input order."""
        return self.claim(self.stem(item))

    @property
    def in_input_order(self) -> bool:
        """True when a stem depends on the record's place (``{id}``: ids are numbered
        in input order), so records cannot be keyed by workers apart."""
        return "id" in self.format.field_names
