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


def test_title_case_splits_words_as_citeproc_js(tmp_path: Path) -> None:
    """citeproc-js's text-case engine: words split at hyphens, dashes and "/" as well
    as spaces, each separator kept (a no-break space too, no space added around a
    <span class="nocase">); a one-letter word and a lone Greek letter not
    capitalized; the text in small caps, superscript or a nocase span left as it is
    by title case, lowercase and uppercase (Turkish upper case with a dotted İ).
    Expected: citeproc-js's (textcase_* fixtures of the CSL test suite)."""
    style = tmp_path / "title.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><group delimiter=" | ">'
            '<text variable="title" text-case="title"/>'
            '<text variable="title" text-case="uppercase"/>'
            "</group></layout></bibliography>"
        ),
        encoding="utf-8",
    )
    titles = [
        "core self-evaluation traits\u2014self-esteem",
        "07-x test of cat/mouse",
        'the <span class="nocase">Mirror</span>, the\u00a0window',
        "saline solution of \u03b2-carotine",
        'my <sc>small caps</sc> a <span class="nocase">iPod</span>',
    ]
    books = [item(f"t{n}", "book", title=title, language="en") for n, title in enumerate(titles)]
    assert render(books, str(style)) == [
        "Core Self-Evaluation Traits\u2014Self-Esteem"
        " | CORE SELF-EVALUATION TRAITS\u2014SELF-ESTEEM",
        "07-x Test of Cat/Mouse | 07-X TEST OF CAT/MOUSE",
        "The Mirror, the\u00a0Window | THE Mirror, THE\u00a0WINDOW",
        "Saline Solution of \u03b2-Carotine | SALINE SOLUTION OF \u0392-CAROTINE",
        "My small caps a iPod | MY small caps A iPod",
    ]
    turkish = item("tr", "book", title="ic ve ıd", language="tr")
    assert render([turkish], str(style)) == ["ic ve ıd | \u0130C VE ID"]
    with stock("TextCased.case"):
        assert render(books, str(style))[2].startswith("The Mirror , the Window")


def test_text_value_is_rich_text(tmp_path: Path) -> None:
    """citeproc-js reads a cs:text value as it reads a field: its tags are
    formatting (bold in a bold layout is roman) and its straight quotes the locale's
    quotation marks, inner ones inside a quoted text (flipflop_BoldfaceNodeLevel-
    Markup, flipflop_QuotesInFieldNotOnNode, flipflop_QuotesNodeLevelMarkup)."""
    style = tmp_path / "values.csl"
    style.write_text(
        csl_style(
            '<macro name="said"><text value="&#34;friend&#34; of mine"/></macro>'
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><group delimiter=" | ">'
            '<text value="&#60;b&#62;friend&#60;/b&#62;, ok" font-weight="bold"/>'
            "<text value=\"'friend'\"/>"
            '<text macro="said" quotes="true"/>'
            "</group></layout></bibliography>"
        ),
        encoding="utf-8",
    )
    book = item("a", "book", title="T")
    assert render([book], str(style), "html") == [
        '<b><span style="font-weight:normal;">friend</span>, ok</b> | “friend” | “‘friend’ of mine”'
    ]
    with stock("Text.markup"):
        assert render([book], str(style), "html") == [
            "<b>&#60;b&#62;friend&#60;/b&#62;, ok</b> | 'friend' | “\"friend\" of mine”"
        ]


def test_quoted_text_takes_the_marks_of_its_depth(tmp_path: Path) -> None:
    """In a text set in quotes, citeproc-js gives each quoted part the marks of its
    depth, whatever it was written with: a part written ‘so’ stays inner, and the
    locale's marks may be longer than a character (French "«\u00a0";
    flipflop_LeadingSingleQuote, bugreports_FrenchApostrophe)."""
    from citeconv.csl.fixes.formatting import _flip_quotes

    english = ("\u201c", "\u201d", "\u2018", "\u2019")
    assert _flip_quotes("‘Parmenides’ and Plato’s thought", *english) == (
        "‘Parmenides’ and Plato’s thought"
    )
    assert _flip_quotes("a “b ‘c “d” e’ f” g", *english) == "a ‘b “c ‘d’ e” f’ g"
    french = ("«\u00a0", "\u00a0»", "\u201c", "\u201d")
    assert _flip_quotes("Life’s «\u00a0Little\u00a0» Surprises", *french) == (
        "Life’s “Little” Surprises"
    )
    style = tmp_path / "quoted.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><text variable="title" quotes="true"/></layout>'
            "</bibliography>"
        ),
        encoding="utf-8",
    )
    book = item("a", "book", title="‘Parmenides’ and Plato's thought")
    assert render([book], str(style)) == ["“‘Parmenides’ and Plato’s thought”"]


def test_a_quote_that_never_closes_is_text() -> None:
    """citeproc-js's flip-flopper: a straight double quote that pairs with nothing
    stays straight, a single one is an apostrophe, as is a ' between spaces
    (flipflop_OrphanQuote, bugreports_SingleQuote)."""
    quotes = ("“", "”", "‘", "’")
    assert engine.typographic_quotes('Nation of "Positive Obligations " of State', quotes) == (
        'Nation of "Positive Obligations " of State'
    )
    assert engine.typographic_quotes("production d ' eau", quotes) == "production d ’ eau"
    assert engine.typographic_quotes("the 'open end", quotes) == "the ’open end"
    assert engine.typographic_quotes("a \"b\" c 'd'", quotes) == "a “b” c “d”"


def test_font_style_normal_and_vertical_align_baseline(tmp_path: Path) -> None:
    """citeproc-js: font-style="normal" inside italics is a roman span, and prints
    nothing where nothing is italic (decorations_NoNormalWithoutDecoration);
    vertical-align="baseline" is a <span style="baseline"> in HTML, in a
    superscript too (decorations_Baseline)."""
    style = tmp_path / "normal.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout font-weight="normal"><group delimiter=" | ">'
            '<text variable="title" font-style="normal"/>'
            '<group font-style="italic"><text variable="title" font-style="normal"/></group>'
            '<group vertical-align="sup"><text variable="title" vertical-align="baseline"/>'
            "</group></group></layout></bibliography>"
        ),
        encoding="utf-8",
    )
    book = item("a", "book", title="Life")
    expected = (
        'Life | <i><span style="font-style:normal;">Life</span></i>'
        ' | <sup><span style="baseline">Life</span></sup>'
    )
    assert render([book], str(style), "html") == [expected]
    assert render([book], str(style)) == ["Life | Life | Life"]
    with stock("Formatted.vertical_align"):
        assert render([book], str(style), "html") != [expected]


def test_space_before_high_punctuation_is_narrow_no_break(tmp_path: Path) -> None:
    """citeproc-js prints the space before ":", ";", "?", "!" and "»", and after "«",
    of a text as a narrow no-break space (punctuation_FrenchOrthography)."""
    style = tmp_path / "spaces.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><text variable="title"/></layout></bibliography>'
        ),
        encoding="utf-8",
    )
    book = item("a", "book", title="His « Anonymous » Life : why ?")
    assert render([book], str(style)) == ["His «\u202fAnonymous\u202f» Life\u202f: why\u202f?"]


def test_text_decoration_none_is_a_span(tmp_path: Path) -> None:
    """citeproc-js's HTML writes text-decoration="none" as a span of its own
    (bristol-university-press's "in"); the text output is the text."""
    style = tmp_path / "none.csl"
    style.write_text(
        csl_style(
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout><group delimiter=" ">'
            '<text term="in" text-decoration="none"/><text variable="title"/>'
            "</group></layout></bibliography>"
        ),
        encoding="utf-8",
    )
    book = item("a", "book", title="Life")
    # "In": a term that starts the entry is capitalized (citeproc-js 1.4.61 prints
    # "In Life" and this span for this style).
    expected = '<span style="text-decoration:none;">In</span> Life'
    assert render([book], str(style), "html") == [expected]
    assert render([book], str(style)) == ["In Life"]
    with stock("Formatted.text_decoration"):
        assert render([book], str(style), "html") == ["In Life"]
