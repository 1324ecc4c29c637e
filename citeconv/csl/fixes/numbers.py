"""Numbers and ranges: roman numerals, page ranges (page-range-format), what is
numeric and plural, en dashes in ranges, as citeproc-js renders them."""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Number, VariableError
from citeproc.string import String, join

from citeconv.csl.originals import ORIGINALS

#: citeproc-js's Romanizer writes nothing from here up.
_ROMAN_LIMIT = 6000


def romanize(number: int) -> str:
    """Roman numerals as citeproc-js writes them: none from 6000 up.

    Bug: citeproc-py writes any number as thousands of "M"s (a book series volume
    7908 became "MMMMMMMCMVIII" in institut-francais-darcheologie-orientale);
    citeproc-js's Romanizer returns an empty string for 6000 and more.
    """
    if number >= _ROMAN_LIMIT:
        return ""
    result: str = ORIGINALS["model.romanize"](number)
    return result


def to_ordinal(number: Any, context: Any) -> str:
    """An ordinal number ("1st") of a cs:number in the gender of its variable's term.

    Bug: "1.ª issue" for citeproc-js's "1.º issue" (a style whose "issue" term is
    masculine and "edition" feminine): citeproc-py takes the first ordinal term of
    the number, whatever its gender-form. citeproc-js takes the one of the gender of
    the variable's term (CSL 1.0.1), as for a day the month's (fixes/dates.py).
    """
    variable = context.get("variable") if isinstance(context, Number) else None
    if variable:
        from citeconv.csl.fixes.dates import _gendered_ordinal, _locale_terms

        gender = "neuter"
        for term in _locale_terms(context, f'@name="{variable}"'):
            if term.get("form") in (None, "long"):
                gender = str(term.get("gender") or "neuter")
                break
        suffix = _gendered_ordinal(context, int(number), gender)
        if suffix is not None:
            return f"{number}{suffix}"
    result: str = ORIGINALS["model.to_ordinal"](number, context)
    return result


def _too_large_for_roman(item: Any, variable: str) -> bool:
    value = item.reference.get(variable.replace("-", "_"))
    try:
        return int(str(value)) >= _ROMAN_LIMIT
    except ValueError:
        return False


#: cs:number variables that citeproc-py renders apart (pages, locators).
_NOT_RANGED = frozenset(["locator", "page", "page-first"])


_PAGE = re.compile(r"(\D*)(\d+)")


def format_last_page(self: Any, first: str, last: str) -> str:
    """The last page of a locator's page range ``first``-``last`` under the style's
    page-range-format, as citeproc-js prints it (see :func:`format_number_process`):
    compared only when both have the same prefix, which the last then drops."""
    range_format = self.get_root().get_option("page-range-format")
    if range_format in (None, "expanded"):
        return last
    first_match = _PAGE.fullmatch(first)
    last_match = _PAGE.fullmatch(last)
    if first_match is None or last_match is None or first_match.group(1) != last_match.group(1):
        return last
    first_number, last_number = first_match.group(2), last_match.group(2)
    if len(first_number) != len(last_number) or int(first_number) >= int(last_number):
        return last_number
    return _shortened(range_format, first_number, last_number)


def _shortened(range_format: str, first: str, last: str) -> str:
    """``last`` (as long as ``first``, and larger) under ``range_format``."""
    if range_format == "minimal":
        return _minimal(first, last, 0)
    if range_format == "minimal-two":
        return _minimal(first, last, 2)
    if range_format in ("chicago", "chicago-15", "chicago-16"):
        rule = _chicago_16 if range_format == "chicago-16" else _chicago_15
        short = rule(int(first), int(last))
        # Nothing cut: the last page as written ("01–09", "0596–0602", as citeproc-js).
        return last if short == str(int(last)) else short
    return last


# Bug: page ranges as citeproc-js (CSL.Util.PageRangeMangler) prints them: "100–4" for
# "100-4" under chicago (which keeps a first page under 100 or divisible by 100 whole:
# "100–104"), "1536–538" for "1536-538" (the last page is first completed from the
# first one: 1538, then "1536–38"), "110–5" for "110-5" under expanded ("110–115"),
# "N110–5" for "N110 - 5". A range is one when both ends have the same prefix
# ("N110 - N5", "8n11564-8n1568": the prefix is repeated on the end only when
# expanded); ends with different prefixes stay as written, joined by a hyphen
# ("N110-5", "123N110-N5").
_PAGE_RANGE = re.compile(
    # One hyphen or en dash: "12--15" (BibTeX's dash) is no range for citeproc-js.
    r"\s*((?:\d*[A-Za-z]+0*)?)(\d+[a-z]*)\s*[-\u2013]\s*((?:\d*[A-Za-z]+0*)?)(\d+[a-z]*)\s*"
)


def format_number_process(self: Any, value: Any, variable: Any) -> Any:
    roman_or_ordinal = isinstance(self, Number) and self.get("form", "numeric") != "numeric"
    if variable != "page" or not value or roman_or_ordinal:
        # Not a page, or a cs:number's roman or ordinal pages (citeproc-py's own).
        return ORIGINALS["FormatNumber._process"](self, value, variable)
    items = []
    for comma_item in str(value).split(","):
        pieces = []
        for piece in comma_item.split("&"):
            ranged = _page_range(self, piece)
            if ranged is None:
                ranged = _page_other(self, piece)
            pieces.append(String(ranged))
        items.append(join(pieces, " " + self.unicode_character("AMPERSAND") + " "))
    return join(items, ", ")


def _page_other(element: Any, text: str) -> str:
    """A piece of a page value that is no range of two numbers, as citeproc-js
    prints it: an escaped hyphen is a hyphen ("3\\-B": one page "3-B"); two roman
    numerals are a range ("i–ix"); anything else as written ("Michaelson-Morely")."""
    text = text.strip()
    if "\\-" in text:
        return text.replace("\\-", "-")
    ends = text.replace("\u2013", "-").split("-")
    if len(ends) == 2 and all(_NUMBER_PIECE.fullmatch(end.strip()) for end in ends):
        return _page_delimiter(element).join(end.strip() for end in ends)
    return text


def _page_range(element: Any, text: str) -> str | None:
    """One page range of a page value as citeproc-js prints it, or None when
    ``text`` is no range of two numbers."""
    match = _PAGE_RANGE.fullmatch(text)
    if match is None:
        return None
    prefix, first, end_prefix, last = match.groups()
    if prefix != end_prefix:
        return f"{prefix}{first}-{end_prefix}{last}"
    delimiter = _page_delimiter(element)
    range_format = element.get_root().get_option("page-range-format")
    if range_format is None or not (first.isdigit() and last.isdigit()):
        return f"{prefix}{first}{delimiter}{prefix}{last}"
    written = last
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if int(first) >= int(last):
        return f"{prefix}{first}{delimiter}{prefix}{written}"
    if range_format not in _SHORTENED:
        return f"{prefix}{first}{delimiter}{prefix}{last}"  # expanded
    return f"{prefix}{first}{delimiter}{_shortened(range_format, first, last)}"


_SHORTENED = frozenset(["minimal", "minimal-two", "chicago", "chicago-15", "chicago-16"])


def _page_delimiter(element: Any) -> str:
    return str(element.get_single_term(name="page-range-delimiter") or "\u2013")


def _minimal(first: str, last: str, keep: int) -> str:
    """``last`` without the leading digits it shares with ``first`` (same length),
    keeping at least ``keep`` digits."""
    if len(first) != len(last):
        return last
    common = 0
    while common < len(last) and first[common] == last[common] and len(last) - common > keep:
        common += 1
    return last[common:]


def _chicago_15(begin: int, end: int) -> str:
    if begin > 100 and begin % 100 and begin // 100 == end // 100:
        return str(end % 100)
    if begin >= 10000:
        for power in range(3, len(str(end))):
            divisor = 10**power
            if begin // divisor == end // divisor:
                return str(end % divisor)
    return str(end)


def _chicago_16(begin: int, end: int) -> str:
    if begin > 100 and begin % 100:
        for power in range(2, len(str(end))):
            divisor = 10**power
            if begin // divisor == end // divisor:
                return str(end % divisor)
    return str(end)


# Bug: "Nos. 2016/679", "p. xi–xx", "(2021-1232)" — citeproc-py calls a value numeric
# only when it is one number (so a range or list is not numeric, and the style's
# numeric branch is skipped), and plural whenever two digits have anything but a
# period between them (so "2016/679" is plural). citeproc-js splits a value at "-",
# "–", "&", "and", ", " and "; ": numeric when every piece is a number (letters
# around digits and roman numerals allowed), plural when there is more than one
# piece; and it prints a numeric range with an en dash ("10–11").
_NUMBER_JOINER = re.compile(r"\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*[-\u2013]+\s*")


_NUMBER_PIECE = re.compile(r"[A-Za-z]*\d+[A-Za-z]*|[ivxlcdm]+|[IVXLCDM]+")


_NUMBER_VARIABLES = frozenset(
    [
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "part-number",
        "supplement-number",
        "volume",
    ]
)


def number_pieces(value: object) -> list[str] | None:
    """The numbers of ``value`` as citeproc-js reads them, or None if not numeric."""
    text = str(value).strip()
    if not text:
        return None
    pieces = _NUMBER_JOINER.split(text)
    if all(_NUMBER_PIECE.fullmatch(piece) for piece in pieces):
        return pieces
    return None


def is_numeric(self: Any, item: Any) -> list[bool]:
    results = []
    for variable in self.get("is-numeric").split():
        if variable == "locator":
            # The cite's locator, not the item's: "chap. 3" (it was never numeric).
            value = _locator_head(self, item) if "locator" in item else None
        else:
            value = item.reference.get(variable.replace("-", "_"))
        results.append(value is not None and number_pieces(value) is not None)
    return results


def is_plural(self: Any, item: Any) -> bool:
    variable = self.get("variable")
    if variable == "locator":
        return locator_is_plural(self, item)
    else:
        try:
            value = item.reference[variable.replace("-", "_")]
        except VariableError:
            return False
    if variable.startswith("number-of"):
        try:
            return int(str(value)) > 1
        except ValueError:
            return False
    pieces = number_pieces(value)
    if pieces is not None:
        return len(pieces) > 1
    # citeproc-js splits a value at its joiners: "2020-August", "630-+" and
    # "e00353-20" are plural too ("vols.", "pp."), numeric or not.
    # (An escaped hyphen, "3\\-B", joins nothing.)
    parts = [part for part in _NUMBER_JOINER.split(str(value).strip().replace("\\-", "")) if part]
    # Only pieces of one word each ("12: 1-12: 13", "1.29.1-1.29.14" and text with
    # spaces stay singular), the first a number.
    if len(parts) < 2 or not all(_ONE_WORD.fullmatch(part) for part in parts):
        return False
    return parts[0][:1].isdigit() or _PARTICLE.fullmatch(parts[0]) is not None


_ONE_WORD = re.compile(r"[A-Za-z0-9+]+")


#: A value's joiners, kept (pieces at even places of a split).
_JOINERS = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*-+\s*)")
#: A piece's particle and number (citeproc-js's composeNumberInfo).
_PARTICLE = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))")
_ROMAN_PIECE = re.compile(r"[ivxlcmIVXLCM]+")


def _en_dash_ranges(variable: str, text: Any, element: Any) -> Any:
    """Each range of a number variable as citeproc-js joins it (processNumber): two
    numbers with the same particle, or none, joined by the locale's
    page-range-delimiter term (an en dash, but "-" in AMA's locale), the particle
    dropped ("A1-A5" is "1–5"); other pieces keep their hyphen ("e00353-20",
    "N12-14", "2020-August")."""
    if variable not in _NUMBER_VARIABLES or "-" not in str(text):
        return text
    parts = _JOINERS.split(str(text))
    if not all(_ONE_WORD.fullmatch(part) for part in parts[0::2]):
        return text  # not a list of numbers ("Nishiiwata 3-4-5, Osaka")
    hyphens = [i % 2 == 1 and "-" in part and not part.strip(" -") for i, part in enumerate(parts)]
    changed = False
    for i in range(1, len(parts) - 1, 2):
        if not hyphens[i] or (i + 2 < len(parts) and hyphens[i + 2]):
            continue  # of a chain of hyphens, only the last pair ranges ("3-4–5")
        left, right = _number_of(parts[i - 1]), _number_of(parts[i + 1])
        if left is None or right is None or left[0] != right[0]:
            continue
        parts[i - 1], parts[i], parts[i + 1] = left[1], _range_term(element), right[1]
        changed = True
    return String("".join(parts)) if changed else text


def _number_of(piece: str) -> tuple[str, str] | None:
    """(particle, number) of a piece that ranges (its number an integer or roman)."""
    match = _PARTICLE.fullmatch(piece)
    particle, number = (match.group(1) or "", match.group(2)) if match else ("", piece)
    if number[:1].isdigit() or _ROMAN_PIECE.fullmatch(number):
        return particle, number
    return None


def _range_term(element: Any) -> str:
    # Not remembered: a parsed style may render in several locales, and ranges in
    # number variables are few.
    try:
        term = element.get_single_term(name="page-range-delimiter")
    except Exception:  # no such term in the locale: CSL's default
        term = None
    return str(term) if term else "\u2013"


# Bug: "pp. 100 – 103" for the locator "100 - 103", "page 327\–30", "Hello Title: 666"
# for " 666", "p. vol. 1, fol. 186", "page 367–368, fig. 333": citeproc-py prints a
# locator as given with each "-" made an en dash, and calls it plural as any other
# number. citeproc-js (processNumber) trims it, joins a numeric range with the
# page-range-delimiter (and page-range-format for pages), keeps an escaped "\-" as
# a hyphen of one number, reads a locator that starts with a locator term ("vol. 1")
# as carrying its own label (the cs:label prints nothing), and decides plural on
# the part before a label inside it ("367-368, fig. 333": pages), the locale's
# "and" joining numbers too ("213 et 235").
_LOCATOR_TERMS = (
    "act",
    "appendix",
    "article-locator",
    "book",
    "canon",
    "chapter",
    "column",
    "elocation",
    "equation",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "paragraph",
    "part",
    "rule",
    "scene",
    "section",
    "sub-verbo",
    "supplement",
    "table",
    "timestamp",
    "title-locator",
    "verse",
    "volume",
)

_LOCATOR_RANGE = re.compile(
    r"(?<![\w\\])([A-Za-z]*\d+[A-Za-z]*)\s*[-\u2013]+\s*([A-Za-z]*\d+[A-Za-z]*)(?!\w)"
)


def _locator_labels(element: Any) -> frozenset[str]:
    """The short forms of the locale's locator terms, singular and plural
    ("vol.", "vols.", "fig."), that mark a label inside a locator."""
    root = element.get_root()
    known: frozenset[str] | None = root.__dict__.get("_citeconv_locator_labels")
    if known is None:
        found = set()
        for name in _LOCATOR_TERMS:
            for plural in (False, True):
                try:
                    get = element.get_plural_term if plural else element.get_single_term
                    term = str(get(name=name, form="short") or "")
                except Exception:  # a locale without the term
                    term = ""
                if term and not term[-1:].isdigit():
                    found.add(term)
        known = root._citeconv_locator_labels = frozenset(found)
    return known


def _label_at(element: Any, text: str, start: int) -> bool:
    """Whether a locator term starts ``text`` at ``start`` (and a space follows)."""
    return any(text.startswith(label + " ", start) for label in _locator_labels(element))


def _before_embedded_label(element: Any, text: str) -> str:
    """``text`` up to a locator term inside it ("367-368" of "367-368, fig. 333")."""
    for match in re.finditer(r"(?:^|[,;]\s*|\s)", text):
        start = match.end()
        if start and _label_at(element, text, start):
            return text[: match.start()]
    return text


def locator_has_label(element: Any, item: Any) -> bool:
    """Whether the locator starts with its own label ("vol. 1, fol. 186")."""
    return _label_at(element, str(item.locator.identifier).strip(), 0)


def locator_text(element: Any, item: Any) -> str:
    """The locator as citeproc-js prints it."""
    text = str(item.locator.identifier).strip()
    if "\\-" in text:
        return text.replace("\\-", "-")
    dash = _range_term(element)
    page = str(item.locator.label) == "page"
    if "&" in text:
        # citeproc-js prints a locator's "&" as the locale's "and" symbol term
        # (label_PluralWithLocalizedAmpersand: "213 AMPERSAND 235").
        symbol = str(element.get_single_term("and", "symbol") or "&")
        text = text.replace("&", symbol)

    def ranged(match: re.Match[str]) -> str:
        first, last = match.group(1), match.group(2)
        if page and element.get_root().get_option("page-range-format"):
            if first.isdigit() and last.isdigit() and len(last) < len(first):
                last = first[: len(first) - len(last)] + last  # "427-30": 427–430
            last = format_last_page(element, first, last)
        return first + dash + last

    return _LOCATOR_RANGE.sub(ranged, text)


def _locator_head(element: Any, item: Any) -> str | None:
    """The locator up to a label inside it; None for one number with a "\\-"."""
    text = str(item.locator.identifier).strip()
    if "\\-" in text:
        return None
    return _before_embedded_label(element, text)


def locator_is_plural(element: Any, item: Any) -> bool:
    """Whether the locator is plural (several numbers before any label in it)."""
    head = _locator_head(element, item)
    if head is None:
        return False
    pieces = number_pieces(head)
    if pieces is None:
        and_term = str(element.get_single_term(name="and") or "").strip()
        if and_term and and_term != "and":
            # Also after a comma: "213, et 235" (label_PluralWithCommaLocalizedAnd).
            pieces = number_pieces(re.sub(rf",?\s+{re.escape(and_term)}\s+", ", ", head))
    return pieces is not None and len(pieces) > 1
