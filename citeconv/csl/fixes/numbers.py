"""Numbers and ranges: roman numerals, page ranges (page-range-format), what is
numeric and plural, en dashes in ranges, as citeproc-js renders them."""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import VariableError
from citeproc.string import String

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


def _too_large_for_roman(item: Any, variable: str) -> bool:
    value = item.reference.get(variable.replace("-", "_"))
    try:
        return int(str(value)) >= _ROMAN_LIMIT
    except ValueError:
        return False


#: cs:number variables that citeproc-py renders apart (pages, locators).
_NOT_RANGED = frozenset(["locator", "page", "page-first"])


# Bug: "1–0" for pages "1-10" and "D1–0" for "D1-D10" under page-range-format
# "minimal": citeproc-py strips the digits the two numbers share even when they differ
# in length. citeproc-js keeps the whole second number then, and compares numbers
# only when both have the same non-numeric prefix (which the second one then drops).
_PAGE = re.compile(r"(\D*)(\d+)")


def format_last_page(self: Any, first: str, last: str) -> str:
    range_format = self.get_root().get_option("page-range-format")
    if range_format in (None, "expanded"):
        return last
    first_match = _PAGE.fullmatch(first)
    last_match = _PAGE.fullmatch(last)
    if first_match is None or last_match is None or first_match.group(1) != last_match.group(1):
        return last
    first_number, last_number = first_match.group(2), last_match.group(2)
    if range_format == "chicago-16" and len(first_number) == len(last_number):
        # CMOS 16 (as citeproc-js): 101–9 but 2899–908 and 1177–230 (at least two
        # digits once the first number's last two are 10 or more).
        value = int(first_number)
        if value < 100 or value % 100 == 0:
            return last_number
        common = 0
        for a, b in zip(first_number, last_number, strict=True):
            if a != b:
                break
            common += 1
        keep = 1 if value % 100 < 10 else 2
        return last_number[min(common, len(last_number) - keep) :]
    if len(first_number) != len(last_number):
        return last_number
    result: str = ORIGINALS["FormatNumber._format_last_page"](self, first_number, last_number)
    return result


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
    return pieces is not None and len(pieces) > 1


def _en_dash_ranges(variable: str, text: Any, element: Any) -> Any:
    """A numeric range joined as citeproc-js joins it: with the locale's
    page-range-delimiter term (an en dash, but "-" in AMA's locale)."""
    if variable not in _NUMBER_VARIABLES or "-" not in str(text):
        return text
    if number_pieces(text) is None:
        return text
    return String(re.sub(r"\s*-+\s*", _range_term(element), str(text)))


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
            pieces = number_pieces(re.sub(rf"\s+{re.escape(and_term)}\s+", ", ", head))
    return pieces is not None and len(pieces) > 1
