"""Dates: localized and numeric dates, ranges and their delimiters, gendered
ordinals, year suffixes and dates as sort keys, as citeproc-js renders them."""

from __future__ import annotations

from typing import Any

from citeproc.model import VariableError
from citeproc.source import DateRange, LiteralDate
from citeproc.string import String

from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.fixes.state import note as _note
from citeconv.csl.originals import ORIGINALS


# Bug: date ranges — "Mar–May2019" (shared parts glued to the range), "2019" lost
# when only the year is shown and both ends share it, and a crash ("'NoneType' object
# is not callable") through a macro. CSL: the parts the two ends share are printed
# once, in the date's order, and the differing parts as one range, with the
# range-delimiter of the largest differing part (as citeproc-js: "2019 Mar–May").
def render_date_range(
    self: Any, date_range: Any, show_parts: Any = None, context: Any = None
) -> Any:
    begin, end = date_range.begin, date_range.end
    shown = list(show_parts or ("year", "month", "day"))
    part_context = context if context is not self else None
    if end.is_nil():
        # An open range (CSL-JSON's end of year 0: [[1987], [0]]): citeproc-js prints
        # the start and the year's range delimiter, "1987–".
        text = render_single_date(self, begin, show_parts, context)
        years = [part for part in self.iterchildren() if part.get("name") == "year"]
        if text is None or not years or "year" not in shown:
            return text
        return text + String(_range_delimiter(years[0], part_context))
    differ: set[str] = set()
    for name in ("year", "month", "day"):
        if name == "month" and _shared_season(begin, end):
            continue  # the date's season, not an end's: printed once ("Spring 12–13 BC")
        if differ or _date_value(begin, name) != _date_value(end, name):
            differ.add(name)
    children = [part for part in self.iterchildren() if part.get("name") in shown]
    pieces: list[Any] = []
    index = 0
    while index < len(children):
        if children[index].get("name") not in differ:
            text = _render_part(children[index], begin, part_context)
            if text:
                pieces.append(text)
            index += 1
            continue
        stop = index
        while stop < len(children) and children[stop].get("name") in differ:
            stop += 1
        segment = children[index:stop]
        # citeproc-js: a year range prints the era once, after the end, the era of
        # the start ("334–333 BC", "11–12 AD"); the start's last part loses its
        # suffix before the range delimiter ("January 1–December 31, 1800").
        era = _era(begin, self if context is None else context) if "year" in differ else None
        _RANGE_ERA[0] = "" if era is not None else None
        try:
            rendered = [(p, _render_part(p, begin, part_context)) for p in segment]
            _RANGE_ERA[0] = era
            last = [t for t in (_render_part(p, end, part_context) for p in segment) if t]
        finally:
            _RANGE_ERA[0] = None
        first = [t for _, t in rendered if t]
        if first:
            part = [p for p, t in rendered if t][-1]
            suffix = _part_attribute(part, "suffix", part_context)
            if suffix and str(first[-1]).endswith(suffix):
                first[-1] = String(str(first[-1])[: -len(suffix)])
        if first and last:
            largest = min(segment, key=lambda p: ("year", "month", "day").index(p.get("name")))
            delimiter = _range_delimiter(largest, part_context)
            pieces.append(self.join(first).rstrip() + delimiter + self.join(last))
        index = stop
    return self.join(pieces) if pieces else None


#: While a year range renders: None (no range), "" (the start: no era), or the era
#: term the end prints (see render_date_range).
_RANGE_ERA: list[str | None] = [None]


def _shared_season(begin: Any, end: Any) -> bool:
    season = begin.get("season")
    return (
        bool(season)
        and not begin.get("month")
        and not end.get("month")
        and (end.get("season") == season)
    )


def _era(date: Any, owner: Any) -> str:
    """The era term citeproc-js prints after ``date``'s year ("" for none)."""
    year = date.get("year")
    if not isinstance(year, int) or year >= 500:
        return ""
    term = owner.get_single_term(name="bc" if year < 0 else "ad") if year else None
    return str(term) if term else ""


def _date_value(date: Any, name: str) -> Any:
    if name == "month":
        return date.get("month") or date.get("season")
    return date.get(name)


def _render_part(part: Any, date: Any, context: Any) -> Any:
    try:
        return part.render(date, context)
    except (VariableError, KeyError, TypeError):
        return None


def _range_delimiter(part: Any, context: Any) -> str:
    delimiter = part.get("range-delimiter")
    if delimiter is None and context is not None:
        found = context.xpath_search(f'./cs:date-part[@name="{part.get("name")}"]')
        if found:
            delimiter = found[0].get("range-delimiter")
    return delimiter if delimiter is not None else "\u2013"


# Bug: seasons dropped ("2018" for Autumn 2018): a month part in short form looks up
# the season's short term, which locales do not have. citeproc-js prints the
# season's (long) term, capitalized.
#
# Bug: a month of 13-24 (CSL-JSON's way of writing a season in date-parts: 21 is
# Spring) printed nothing ("1999" for "Spring 1999"). citeproc-js
# (CSL.Util.Dates.normalizeMonth) takes 17-24 four lower, then 13-16 as seasons 1-4,
# in the long and short forms; a numeric month form prints nothing for them, nor
# does any form for a month outside 1-24.
#
# Bug: "700 AD" for citeproc-js's "700": citeproc-py adds the "ad" term to a year
# below 1000, citeproc-js to one below 500 (date_DateAD: "499 AD").
def date_part_process(self: Any, date: Any, context: Any = None) -> Any:
    if self.get("name") == "month":
        month = date.get("month")
        if month is None and date.get("season"):
            owner = context if context is not None else self
            term = owner.get_single_term(name=f"season-{int(date.get('season')):02}")
            return term if term else None  # as the locale writes it ("hiver" in French)
        if isinstance(month, int) and not 1 <= month <= 12:
            return _season_month(self, month, context)
    elif self.get("name") == "year":
        # citeproc-py adds the "ad" term below 1000; citeproc-js below 500 only.
        year = date.get("year")
        era = _RANGE_ERA[0]
        if era is not None and isinstance(year, int):
            form = _part_attribute(self, "form", context) or "long"
            if form == "long":
                return str(abs(year)) + era
        if isinstance(year, int) and 500 <= year < 1000:  # rare: no lookup otherwise
            form = _part_attribute(self, "form", context) or "long"
            if form == "long":
                return str(year)
    text = ORIGINALS["Date_Part.process"](self, date, context)
    if self.get("name") == "day" and text and not str(text).isdigit():
        # Bug: "1ª de outubro" for citeproc-js's "1º de outubro" (pt-BR): citeproc-py
        # takes the first ordinal term, whatever its gender-form. citeproc-js takes
        # the one of the month's gender (none in pt-BR: the plain "ordinal").
        owner = context if context is not None else self
        day = date.get("day")
        if isinstance(day, int) or str(day).isdigit():
            suffix = _gendered_ordinal(owner, int(day), _month_gender(owner, date))
            if suffix is not None:
                return f"{int(day)}{suffix}"
    return text


def _season_month(part: Any, month: int, context: Any) -> Any:
    """What citeproc-js prints for ``month`` outside 1-12 (a season or nothing)."""
    if not 13 <= month <= 24:
        return None
    form = _part_attribute(part, "form", context) or "long"
    if form not in ("long", "short"):
        return None
    while month > 16:
        month -= 4
    owner = context if context is not None else part
    term = owner.get_single_term(name=f"season-{month - 12:02}")
    return term if term else None


def _part_attribute(part: Any, name: str, context: Any) -> Any:
    """An attribute of a cs:date-part, the style's own (``context``'s date-part of the
    same name) overriding the locale's."""
    if context is not None and context is not part:
        found = context.xpath_search(f'./cs:date-part[@name="{part.get("name")}"]')
        if found and found[0].get(name) is not None:
            return found[0].get(name)
    return part.get(name)


def _locale_terms(element: Any, test: str) -> list[Any]:
    """The cs:term elements passing ``test`` (an XPath predicate) of the first locale
    that has any (the style's own locale, then the locale file, then the English
    fallback)."""
    root = element.get_root()
    for locale in getattr(root, "locales", None) or [root]:
        found = locale.xpath_search(f"./cs:terms/cs:term[{test}]")
        if found:
            return list(found)
    return []


def _month_gender(element: Any, date: Any) -> str:
    month = date.get("month")
    if not month:
        return "neuter"
    for term in _locale_terms(element, f'@name="month-{int(month):02}"'):
        if term.get("form") in (None, "long"):
            return str(term.get("gender") or "neuter")
    return "neuter"


def _gendered_ordinal(element: Any, number: int, gender: str) -> str | None:
    """citeproc-js's ordinal suffix (CSL.Util.Ordinalizer, CSL 1.0.1 terms): the
    term of ``gender`` (a term without gender-form is neuter) matching the whole
    number, its last two digits or its last digit, else the plain "ordinal" term."""
    # CSL 1.0.1: the ordinal terms all come from the first locale that defines any.
    terms = _locale_terms(element, 'starts-with(@name, "ordinal")')
    candidates = (
        (f"ordinal-{number:02}", "whole-number"),
        (f"ordinal-{number % 100:02}", "last-two-digits"),
        (f"ordinal-{number % 10:02}", "last-digit"),
    )
    for name, match in candidates:
        for term in terms:
            if term.get("name") != name:
                continue
            default = "last-digit" if int(name[-2:]) < 10 else "last-two-digits"
            if (term.get("match") or default) != match:
                continue
            if (term.get("gender-form") or "neuter") == gender and term.text is not None:
                return str(term.text)
    for term in terms:
        if term.get("name") == "ordinal" and term.text is not None:
            return str(term.text)
    return None


# Bug: "2021Oct1" — for a localized date (``<date form="text">``) citeproc-py joins
# the parts with the *style's* cs:date delimiter (none) instead of the locale's
# date format delimiter (" "). CSL 1.0.2: the localized format's delimiter applies.
#
# Bug: no year suffix at all ("Caro T (2019)" twice in springer-basic-author-date)
# in a style that asks for disambiguate-add-year-suffix but prints no year-suffix
# variable: CSL (and citeproc-js) then add the suffix after the first year the entry
# prints through a cs:date-part — not a date range's, not a literal date's — with
# that date part's affixes and formatting (citeproc-js: "(2019)(a)" for a year part
# with prefix "(" and suffix ")").
def render_single_date(self: Any, date: Any, show_parts: Any = None, context: Any = None) -> Any:
    parts = self.parts(date, show_parts, context if context is not self else None)
    if not parts:
        return None
    suffix = _STATE.year_suffix
    if suffix is not None and not _STATE.year_suffix_done:
        parts = _with_year_suffix(self, date, show_parts, context, parts, suffix)
    return self.join(parts)


def _with_year_suffix(
    self: Any, date: Any, show_parts: Any, context: Any, parts: list[Any], suffix: str
) -> list[Any]:
    """``parts`` with the year suffix after the year (they are rendered in the order
    of the cs:date-part children, the ones that print something)."""
    shown = show_parts if show_parts is not None else ("year", "month", "day")
    part_context = context if context is not self else None
    index = 0
    for part in self.iterchildren():
        name = part.get("name")
        if name not in shown:
            continue
        if _render_part(part, date, part_context) is None:
            continue
        if name == "year":
            _STATE.year_suffix_done = True
            return [*parts[: index + 1], part.markup(String(suffix)), *parts[index + 1 :]]
        index += 1
    return parts


class _Looking:
    """citeproc-js's ``state.tmp.just_looking``: set while cites are rendered only
    to be compared (disambiguation, citeconv.csl.fixes.order), when an accessed
    date is not rendered (CSL.Node.date), so that two cites told apart only by the
    day they were accessed are alike (date_YearSuffixWithNoDate: "n.d.-a")."""

    active = False


LOOKING = _Looking()


def date_process(
    self: Any,
    item: Any,
    variable: Any = None,
    show_parts: Any = None,
    context: Any = None,
    **kwargs: Any,
) -> Any:
    name = variable or self.get("variable")
    if LOOKING.active and name == "accessed":
        _note(name, False)
        return None
    own = not self.is_locale_date()  # the style's cs:date, not the locale's it uses
    value = item.reference.get(name.replace("-", "_")) if own and name else None
    if _STATE.sort_dates is not None and own:
        _STATE.sort_dates.append(_date_sort_string(self, value))
        return None
    if name in _STATE.suppressed:
        _note(name, False)
        return None
    pending = False
    if own:
        if isinstance(value, LiteralDate) and self.get("form") is None:
            # A literal date is printed in place of the year part, with its affixes
            # and formatting (citeproc-js: "Render literal only when year is
            # included in date output"), and counts as a rendered variable even
            # where it is not printed.
            _note(name, True)
            for part in self.iterchildren():
                if part.get("name") == "year":
                    return self.wrap(part.markup(String(value.text)))
            return None
        if isinstance(value, LiteralDate) and "year" not in _shown_parts(self):
            _note(name, True)
            return None
        pending = (
            kwargs.get("sort_options") is None
            and not _STATE.year_suffix_done
            and "year_suffix" in item.reference
            and not isinstance(value, LiteralDate)
            and not (isinstance(value, DateRange) and not value.end.is_nil())
            and not _has_year_suffix_variable(self)
        )
    if pending:
        _STATE.year_suffix = str(item.reference["year_suffix"])
    try:
        text = ORIGINALS["Date.process"](self, item, variable, show_parts, context, **kwargs)
    except VariableError:
        _note(name, False)
        raise
    finally:
        if pending:
            _STATE.year_suffix = None
    _note(name, bool(text))
    return text


def _shown_parts(date: Any) -> list[str]:
    """The date parts a style's cs:date prints (by its form or its children)."""
    if date.get("form") is not None:
        return str(date.get("date-parts") or "year-month-day").split("-")
    return [str(part.get("name")) for part in date.iterchildren()]


def _has_year_suffix_variable(element: Any) -> bool:
    """Whether the style prints year-suffix itself (a <text variable="year-suffix">,
    or "citation-label")."""
    root = element.get_root()
    known: bool | None = getattr(root, "_citeconv_year_suffix", None)
    if known is None:
        # citeproc-js: citation-label prints the year suffix too (opt.has_year_suffix).
        known = bool(root.xpath_search('.//cs:text[@variable="year-suffix"]')) or bool(
            root.xpath_search('.//cs:text[@variable="citation-label"]')
        )
        root._citeconv_year_suffix = known
    return known


# Bug: a season written as a month (13-24: "2017-21") sorted after every month, so
# two entries alike but for that came in another order than citeproc-js's, with
# their year suffixes swapped: its sort keys take a month outside 1-12 as none
# (CSL.dateAsSortKey, normalizeMonth).
def date_sort_key(self: Any) -> str:
    month = self.get("month", 0)
    if not isinstance(month, int) or not 1 <= month <= 12:
        month = 0
    return f"{self.year + 10000:05}{month:02}{self.get('day', 0):02}"


def _date_sort_string(date: Any, value: Any) -> str:
    """citeproc-js's sort string of a date ``value`` printed by the style's cs:date
    ``date``."""
    if isinstance(value, LiteralDate) or value is None:
        return ""
    if isinstance(value, DateRange):
        begin, end = value.begin, (None if value.end.is_nil() else value.end)
    else:
        begin, end = value, None
    if not begin.get("year"):
        return ""
    parts = set(_shown_parts(date))
    out = []
    for single in (begin, end):
        for name in ("year", "month", "day"):
            number = single.get(name) if single is not None and name in parts else None
            number = int(number) if number else 0
            if name == "month" and not 1 <= number <= 12:
                number = 0  # a season (13-24) sorts as no month (normalizeMonth)
            if name == "year":
                out.append(f"0{9999 + number:04d}" if number < 0 else f"1{number:04d}")
            else:
                out.append(f"{number:02d}")
    return "".join(out)
