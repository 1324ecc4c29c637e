"""Why the reader does not use ``rispy.load``: its silent failures, shown against rispy.

``citeconv/readers/ris/reader.py`` claims each of these in its docstring; if rispy is fixed,
the test fails and the docstring (and perhaps the reader) should change.
"""

from __future__ import annotations

import io

import rispy

from citeconv.diagnostics import Report
from citeconv.readers.ris.reader import read_ris

from conftest import SAMPLE


def ours(text: str) -> tuple[list[str], list[str]]:
    report = Report()
    items = list(read_ris(io.BytesIO(text.encode()), "x.ris", report))
    return [i.fields.get("title", "") for i in items], [d.code for d in report.diagnostics]


def test_rispy_returns_nothing_for_the_collapsed_sample() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert rispy.loads(text) == []
    titles, _ = ours(text)
    assert titles == [
        "Are quality improvement plans perceived to improve the quality of primary care in Ontario?"
    ]


def test_rispy_drops_a_final_record_without_er() -> None:
    text = "TY  - JOUR\nTI  - One\nER  - \nTY  - JOUR\nTI  - Two\n"
    assert [e["title"] for e in rispy.loads(text)] == ["One"]
    titles, codes = ours(text)
    assert titles == ["One", "Two"]
    assert codes == ["missing-er"]


def test_rispy_drops_a_record_whose_er_is_missing_before_the_next_ty() -> None:
    text = "TY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nER  - \n"
    assert [e["title"] for e in rispy.loads(text)] == ["One"]
    titles, codes = ours(text)
    assert titles == ["One", "Two"]
    assert codes == ["missing-er"]


def test_rispy_skips_text_outside_records_without_a_word() -> None:
    text = (
        "Record #1 of 2\nTY  - JOUR\nTI  - One\nER  - \n"
        "N1  - stray\nTY  - JOUR\nTI  - Two\nER  - \n"
    )
    assert [e["title"] for e in rispy.loads(text)] == ["One", "Two"]
    titles, codes = ours(text)
    assert titles == ["One", "Two"]
    assert codes == ["outside-record"]


def test_rispy_entries_carry_no_line_numbers() -> None:
    [entry] = rispy.loads("TY  - JOUR\nTI  - One\nER  - \n")
    assert set(entry) == {"type_of_reference", "title"}
