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
        value = item.reference.get(variable.replace("-", "_"))
        results.append(value is not None and number_pieces(value) is not None)
    return results


def is_plural(self: Any, item: Any) -> bool:
    variable = self.get("variable")
    if variable == "locator":
        value = item.locator.identifier
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
