"""citeconv.dates: the dates exports write → CSL dates (typed, or raw when not)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeconv.dates import parse_ris_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", {"date-parts": [[2019]]}),
        ("2019///", {"date-parts": [[2019]]}),
        ("2019/03/15", {"date-parts": [[2019, 3, 15]]}),
        ("2021/10/01/", {"date-parts": [[2021, 10, 1]]}),
        ("2019/03//", {"date-parts": [[2019, 3]]}),
        ("2019/03/15/Spring meeting", {"date-parts": [[2019, 3, 15]]}),
        ("2019/Spring", {"date-parts": [[2019]], "season": 1}),
        ("2019//Fall/", {"date-parts": [[2019]], "season": 3}),
        ("2019//Mar 15/", {"date-parts": [[2019, 3, 15]]}),
        ("03/15/2019", {"date-parts": [[2019, 3, 15]]}),
        ("2019-03-15", {"date-parts": [[2019, 3, 15]]}),
        ("20220805", {"date-parts": [[2022, 8, 5]]}),
        ("March 2019", {"date-parts": [[2019, 3]]}),
        ("15 Mar 2019", {"date-parts": [[2019, 3, 15]]}),
        ("2019 Mar 15", {"date-parts": [[2019, 3, 15]]}),
        ("2019 Jul-Aug", {"date-parts": [[2019, 7], [2019, 8]]}),
        ("2018-2019", {"date-parts": [[2018], [2019]]}),
        ("ca. 1850", {"date-parts": [[1850]], "circa": True}),
        ("sometime", {"raw": "sometime"}),
        ("2019/13/45", {"raw": "2019/13/45"}),
    ],
)
def test_parse_ris_date(text: str, expected: dict[str, Any]) -> None:
    date = parse_ris_date(text)
    assert date is not None
    assert date.to_csl() == expected


def test_empty_date_is_none() -> None:
    assert parse_ris_date("  ") is None


@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_none(text: str) -> None:
    date = parse_ris_date(text)
    if date is not None:
        assert date.parts or date.raw is not None


def test_non_decimal_digits_do_not_crash() -> None:
    # "²".isdigit() is true but int("²") raises: the parser must use isdecimal().
    date = parse_ris_date("2019/²/3")
    assert date is not None and date.year == 2019


@given(st.text(alphabet="0123456789/²١ -MarSpringJul.", max_size=20))
def test_slashed_and_worded_dates_never_raise(text: str) -> None:
    parse_ris_date(text)
