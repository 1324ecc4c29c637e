"""Text case, quotes and font style: capitalize-first, title case, quotes inside
quotes, punctuation in quote, apostrophes, italics of CJK titles.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

from csl_fixtures import (
    EDITED,
    JOURNAL,
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)

from citeconv.csl import engine
from citeconv.csl.fixes import layout, text_case


def test_label_text_case_title() -> None:
    expected = "Lewis, M., & Haviland-Jones, J. M. (Eds.). (2008). Handbook of emotions"
    assert one(EDITED, "apa").startswith(expected)
    with stock("TextCased.case"):
        assert "(eds.)" in one(EDITED, "apa")


def test_punctuation_in_quote() -> None:
    article = item(
        "q",
        author=[person("Brown", "Ben")],
        title="Is it time to stop?",
        issued={"date-parts": [[2020]]},
        **JOURNAL,
    )
    plain = item(
        "p",
        author=[person("Brown", "Ben")],
        title="Sleep and memory",
        issued={"date-parts": [[2021]]},
        **JOURNAL,
    )
    first, second = render([article, plain], "chicago-author-date")
    assert "“Is It Time to Stop?” Journal of Tests 4: 1–9." in first
    assert "“Sleep and Memory.” Journal of Tests" in second
    original = layout.punctuation_in_quote
    try:
        layout.punctuation_in_quote = lambda layout, text: text  # type: ignore[assignment]
        assert "“Sleep and Memory”. Journal" in render([plain], "chicago-author-date")[0]
    finally:
        layout.punctuation_in_quote = original  # type: ignore[assignment]


def test_typographic_quotes_and_apostrophes() -> None:
    quotes = ("“", "”", "‘", "’")
    assert engine.typographic_quotes('The "crisis": what\'s next?', quotes) == (
        "The “crisis”: what’s next?"
    )
    assert engine.typographic_quotes("He said \"she said 'no'\"", quotes) == (
        "He said “she said ‘no’”"
    )
    named = item(
        "o",
        author=[person("O'Brien", "Olga")],
        title="Patients' views",
        issued={"date-parts": [[2020]]},
        **JOURNAL,
    )
    assert one(named, "apa").startswith("O’Brien, O. (2020). Patients’ views.")


def test_title_case_stop_word_v() -> None:
    case = item(
        "c",
        "legal_case",
        title="Brown v. Board of Education",
        container_title="U.S.",
        volume="347",
        page="483",
        issued={"date-parts": [[1954]]},
    )
    assert one(case, "apa").startswith("Brown v. Board of Education, 347 U.S. 483")
    with stock("TextCased.case"):
        assert one(case, "apa").startswith("Brown V. Board")


def test_capitalize_first_skips_formatting() -> None:
    from citeproc.string import String

    from citeconv.csl.markup import ITALIC

    word = String(f"{ITALIC[0]}nature{ITALIC[1]}")
    assert str(word.capitalize_first()) == f"{ITALIC[0]}Nature{ITALIC[1]}"
    with stock("string.String.capitalize_first"):
        assert str(word.capitalize_first()) == str(word)


def test_title_case_for_an_english_language_name() -> None:
    # citeproc-js reads the first two letters of the language, lower-cased:
    # "English" is English (title case), "French" is not.
    english = item("e", title="shared decision making: a review", language="English", **JOURNAL)
    french = item("f", title="la prise de décision", language="French", **JOURNAL)
    assert "“Shared Decision Making: A Review.”" in one(english, "modern-language-association")
    assert "“la prise de décision.”" in one(french, "modern-language-association")
    with stock("TextCased.case"):
        assert "“shared decision" in one(english, "modern-language-association")


def test_quotes_flip_at_every_depth_but_apostrophes_stay() -> None:
    # citeproc-js: “He Said ‘She Said “No”’ and Left.”; an apostrophe is no quote.
    nested = item("n", title="He said \"she said 'no'\" and left", **JOURNAL)
    assert "“He Said ‘She Said “No”’ and Left.”" in one(nested, "modern-language-association")
    guide = item("g", title='A "students\' guide" to it', **JOURNAL)
    assert "“A ‘Students’ Guide’ to It.”" in one(guide, "modern-language-association")
    with stock("Quoted.quote"):
        assert "“He Said “She Said ‘No’” and Left.”" in one(nested, "modern-language-association")


def test_title_case_stop_words_before_a_colon_and_the_last_word() -> None:
    # citeproc-js: a stop word stays lower case before a colon ("Data for:"), the
    # last word is capitalized ("What’s Next?").
    data = item("d", title="Replication data for: a trial", **JOURNAL)
    assert "“Replication Data for: A Trial.”" in one(data, "modern-language-association")
    last = item("l", title="what's next?", **JOURNAL)
    assert "“What’s Next?”" in one(last, "modern-language-association")


def test_apostrophe_before_a_year() -> None:
    paper = item("p", "paper-conference", title="Typing", container_title="CHI '23")
    assert "CHI ’23" in one(paper, "apa")


MACRO_CASE_STYLE = csl_style(
    """
  <macro name="p"><text variable="publisher"/></macro>
  <macro name="term"><text term="in"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <text value="x"/>
    <text macro="p" text-case="uppercase"/>
    <text macro="term" text-case="capitalize-first"/>
    <text variable="publisher" text-case="uppercase"/>
  </group></layout></bibliography>
"""
)


def test_text_case_on_a_macro_call_has_no_effect(tmp_path: Path) -> None:
    """citeproc-js applies text-case to the strings an element prints itself; a
    <text macro> prints none (206 styles set text-case there). Expected: citeproc-js
    2.4.63's output."""
    style = tmp_path / "macro-case.csl"
    style.write_text(MACRO_CASE_STYLE, encoding="utf-8")
    book = item("b", "book", title="T", publisher="Pub House")
    assert one(book, str(style)) == "x | Pub House | in | PUB HOUSE"
    with stock("TextCased.case"):
        assert one(book, str(style)) == "x | PUB HOUSE | In | PUB HOUSE"


NAME_PART_CASE_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <names variable="author"><name form="short" and="symbol">
      <name-part name="family" text-case="capitalize-first"/></name></names>
    <names variable="author"><name initialize-with=". ">
      <name-part name="family" text-case="capitalize-all"/></name></names>
  </group></layout></bibliography>
"""
)


def test_name_part_text_case_on_a_name_with_a_particle(tmp_path: Path) -> None:
    """citeproc-py joined particle and family name into a plain str and then failed
    to case it (AttributeError: a traceback for the bibliography, and in cites every
    item alike: pesquisa-agropecuaria-brasileira gave 1,948 of 2,000 entries year
    suffixes up to "ce"). Expected: citeproc-js 2.4.63's output."""
    style = tmp_path / "name-part-case.csl"
    style.write_text(NAME_PART_CASE_STYLE, encoding="utf-8")
    book = item(
        "a",
        "book",
        title="T",
        author=[
            {"family": "Berg", "given": "Ann", "non-dropping-particle": "van der"},
            {"family": "Santos", "given": "Jo", "non-dropping-particle": "dos"},
        ],
    )
    assert one(book, str(style)) == "Van der Berg & Dos Santos | A. Van Der Berg, J. Dos Santos"


def test_text_case_gets_strings_it_can_case() -> None:
    from citeproc.string import MixedString, String

    mixed = MixedString([String("a "), "plain piece"])
    converted = text_case._as_string(mixed)
    assert [type(piece) for piece in converted] == [String, String]
    assert str(converted) == "a plain piece"
    assert list(converted.words())  # citeproc-py's title case needs words() of each piece
    assert type(text_case._as_string("van Berg")) is String


CASED_PARTS_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <date variable="issued">
      <date-part name="day" text-case="lowercase" suffix="."/>
      <date-part name="month" prefix=" "/>
    </date>
    <names variable="author">
      <name><name-part name="given" text-case="capitalize-first"/></name>
    </names>
    <names variable="editor">
      <name name-as-sort-order="all">
        <name-part name="family" text-case="capitalize-first" suffix=","/>
      </name>
    </names>
  </group></layout></bibliography>
"""
)


def test_cased_date_parts_and_name_parts_render(tmp_path: Path) -> None:
    """Three tracebacks inside citeproc-py found by rendering every style: a day
    cased as text ('int' object has no attribute 'lower': gayana), a name part
    cased on a name without it ('NoneType' ... 'capitalize_first': bibliotheca-
    hertziana), a name part with affixes ("expected str instance, MixedString
    found": izmir-katip-celebi). Expected: citeproc-js 2.4.63's output."""
    style = tmp_path / "cased-parts.csl"
    style.write_text(CASED_PARTS_STYLE, encoding="utf-8")
    book = item(
        "a",
        "book",
        title="T",
        issued={"date-parts": [[2020, 5, 7]]},
        author=[{"family": "Plato"}, person("Smith", "ann")],
        editor=[person("Berg", "Ann")],
    )
    assert one(book, str(style)) == "7. May | Plato, Ann Smith | Berg, Ann"


def test_cjk_title_is_not_set_in_italics() -> None:
    """citeproc-js does not italicize a variable whose text is all Chinese, Japanese
    or Korean (italics are a Latin-script convention); citeproc-py does."""
    book = item(
        "j",
        "book",
        title="日本語の本",
        author=[person("山田", "太郎")],
        publisher="出版社",
        issued={"date-parts": [[2020]]},
    )
    expected = "山田太郎. 2020. 日本語の本. 出版社."
    assert one(book, "chicago-author-date", "html") == expected
    with stock("Formatted.font_style"):
        assert "<i>日本語の本</i>" in one(book, "chicago-author-date", "html")


CAPITALIZE_STYLE = csl_style(
    """  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <text variable="title" text-case="capitalize-first"/>
    <text variable="title" text-case="capitalize-all"/>
  </group></layout></bibliography>
"""
)


def test_capitalize_leaves_words_with_capitals_alone(tmp_path: Path) -> None:
    """citeproc-js's capitalize-first and capitalize-all change only a word in lower
    case ("arXiv", "iPhone", "eLife" stay), a word ending at a space or at
    punctuation ("E-Life", "Multi-Year", "X-Ray/Y-Ray"), an apostrophe inside it
    ("Don’t"). Expected: citeproc-js 1.4.61's output."""
    style = tmp_path / "capitalize.csl"
    style.write_text(CAPITALIZE_STYLE, encoding="utf-8")
    titles = [
        "arXiv preprint",
        "iPhone use in eLife",
        "e-Life and multi-year don't",
        "x-ray/y-ray (ok)",
    ]
    books = [item(f"t{n}", "book", title=title) for n, title in enumerate(titles)]
    assert render(books, str(style)) == [
        "arXiv preprint | arXiv Preprint",
        "iPhone use in eLife | iPhone Use In eLife",
        "E-Life and multi-year don’t | E-Life And Multi-Year Don’t",
        "X-ray/y-ray (ok) | X-Ray/Y-Ray (Ok)",
    ]
    with stock("string.String.capitalize_first", "TextCased.case"):
        assert render(books, str(style))[0] == "ArXiv preprint | ArXiv Preprint"


def test_single_straight_quotes_are_the_outer_quotes(tmp_path: Path) -> None:
    """citeproc-js reads a pair of straight single quotes as quote markup, as it does
    double ones: the outer marks at the top, the inner ones inside a quoted text, and
    a period moved inside both closing marks (quotes_PunctuationWithInnerQuote).
    Expected: citeproc-js 1.4.61's output."""
    quotes = ("“", "”", "‘", "’")
    assert engine.typographic_quotes("This is 'The One'", quotes) == "This is “The One”"
    assert engine.typographic_quotes("The students' 'don't'", quotes) == ("The students’ “don’t”")
    style = tmp_path / "quoted.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><group delimiter=" | "><text variable="title"/>'
            '<text variable="title" quotes="true" suffix="."/></group></layout></bibliography>'
        ),
        encoding="utf-8",
    )
    books = [
        item("a", "book", title="This is 'The One'"),
        item("b", "book", title="The students'"),
    ]
    assert render(books, str(style)) == [
        "This is “The One” | “This is ‘The One.’”",
        "The students’ | “The students’.”",
    ]
