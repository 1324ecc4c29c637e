"""Parsing the dates found in exports into CSL dates.

Understands the RIS ``YYYY/MM/DD/other`` grammar (``2019///``, ``2019/Spring``,
``2021/10/01/``), ISO ``2019-03-15``, ``March 2019``, ``15 Mar 2019``,
``2019 Mar 15``, month and season ranges (``2019 Jul-Aug``), and year ranges.
Anything else is kept as a raw date (and the caller warns), never dropped.
"""

from __future__ import annotations

import re

from citeconv.model import Date

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janv janvier januar enero gennaio",
        "february feb febr fevr février februar febrero febbraio",
        "march mar mars märz marz marzo",
        "april apr avr avril abril aprile",
        "may mai mayo maggio",
        "june jun juin juni junio giugno",
        "july jul juil juillet juli julio luglio",
        "august aug aout août agosto",
        "september sep sept septembre settembre septiembre",
        "october oct octobre oktober octubre ottobre",
        "november nov novembre noviembre",
        "december dec déc décembre dezember diciembre dicembre",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

#: CSL seasons: 1 spring, 2 summer, 3 autumn, 4 winter.
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

_YEAR = r"(\d{4})"
_ISO = re.compile(
    r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?|(\d{2})(\d{2}))?(?:T[\d:.]+Z?)?$"
)  # 2019, 2019-03, 2019-03-15, and the compact 20190315 (EndNote's Epub dates)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+\.?|\d+")


def _valid(year: int, month: int | None, day: int | None) -> list[int] | None:
    if not 0 < year < 10000:
        return None
    if month is None or month == 0:
        return [year]
    if not 1 <= month <= 12:
        return None
    if day is None or day == 0:
        return [year, month]
    if not 1 <= day <= 31:
        return None
    return [year, month, day]


def parse_ris_date(text: str) -> Date | None:
    """Parse a RIS date field (``PY``, ``DA``, ``Y1``, ``Y2``); None when empty.

    A value that cannot be understood comes back as ``Date(raw=text)`` so that the
    caller can warn and keep it.
    """
    text = " ".join(text.split()).strip()
    if not text:
        return None
    if "/" in text:
        date = _parse_slashed(text)
        if date is not None:
            return date
    return parse_free_date(text)


def _parse_slashed(text: str) -> Date | None:
    """``YYYY/MM/DD/other`` of the RIS specification; also ``MM/DD/YYYY`` (EndNote)."""
    pieces = [p.strip() for p in text.split("/")]
    if (
        len(pieces) >= 3
        and re.fullmatch(r"\d{1,2}", pieces[0])
        and re.fullmatch(r"\d{4}", pieces[2])
    ):
        parts = _valid(int(pieces[2]), int(pieces[0]), int(pieces[1]) if pieces[1] else None)
        return Date(parts=[parts]) if parts else None
    if not re.fullmatch(r"\d{4}", pieces[0]):
        return None
    year = int(pieces[0])
    rest = pieces[1:]
    month = int(rest[0]) if rest and rest[0].isdecimal() else None
    day = int(rest[1]) if len(rest) > 1 and rest[1].isdecimal() else None
    # Words in any part ("2019/Spring", "2019//Fall/", "2019//Mar 15/") are "other".
    other = " ".join(p for i, p in enumerate(rest) if p and not (i < 2 and p.isdecimal()))
    parts = _valid(year, month, day)
    if parts is None:
        return None
    date = Date(parts=[parts])
    if other:
        season = SEASONS.get(other.lower())
        if season is not None and len(parts) == 1:
            date.season = season
        elif len(parts) == 1:
            # "2019//Mar 15/"-like "other" parts still carry a month or day.
            free = parse_free_date(f"{other} {year}")
            if free.parts:
                return free
    return date


def parse_free_date(text: str) -> Date:
    """Dates written in words or ISO form; ``Date(raw=text)`` when not understood."""
    text = " ".join(text.split()).strip().rstrip(".")
    match = _ISO.match(text)
    if match:
        month = match.group(2) or match.group(4)
        day = match.group(3) or match.group(5)
        parts = _valid(
            int(match.group(1)),
            int(month) if month else None,
            int(day) if day else None,
        )
        return Date(parts=[parts]) if parts else Date(raw=text)
    range_match = re.fullmatch(rf"{_YEAR}\s*[-–/]\s*{_YEAR}", text)
    if range_match:
        return Date(parts=[[int(range_match.group(1))], [int(range_match.group(2))]])
    circa = False
    lowered = text.lower()
    for prefix in ("ca.", "c.", "circa", "approx."):
        if lowered.startswith(prefix + " "):
            circa = True
            text = text[len(prefix) + 1 :]
            break
    tokens = _WORD.findall(text.replace("-", " - ").replace("–", " - "))
    year: int | None = None
    months: list[int] = []
    days: list[int] = []
    season: int | None = None
    for token in tokens:
        word = token.lower().rstrip(".")
        if token.isdecimal():
            number = int(token)
            if len(token) == 4 and year is None:
                year = number
            elif 1 <= number <= 31 and len(token) <= 2:
                days.append(number)
            else:
                return Date(raw=text)
        elif word in MONTHS:
            months.append(MONTHS[word])
        elif word in SEASONS:
            season = SEASONS[word]
        elif word in ("the", "of", "th", "st", "nd", "rd"):
            continue
        else:
            return Date(raw=text)
    if year is None:
        return Date(raw=text)
    if not months:
        if days or (len(tokens) > 1 and season is None):
            return Date(raw=text)
        return Date(parts=[[year]], season=season, circa=circa)
    if len(months) == 2 and not days:
        return Date(parts=[[year, months[0]], [year, months[1]]], circa=circa)
    if len(months) == 1 and len(days) <= 1:
        parts = _valid(year, months[0], days[0] if days else None)
        if parts:
            return Date(parts=[parts], circa=circa)
    if len(months) == 1 and len(days) == 2:
        first = _valid(year, months[0], days[0])
        second = _valid(year, months[0], days[1])
        if first and second:
            return Date(parts=[first, second], circa=circa)
    return Date(raw=text)
