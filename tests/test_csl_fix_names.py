"""Names: particles, suffixes, initials, name affixes, CJK names, name variables.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from csl_fixtures import (
    JOURNAL,
    article,
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)


def test_initialize_false_keeps_given_names() -> None:
    book = item(
        "i",
        "book",
        author=[person("Abbott", "Anne-Marie")],
        title="An old book",
        publisher="Old Press",
        issued={"date-parts": [[1750]]},
    )
    assert one(book, "chicago-author-date").startswith("Abbott, Anne-Marie. 1750.")
    with stock("Name.initialize"):
        assert one(book, "chicago-author-date").startswith("Abbott, A.-M. 1750.")


def test_director_does_not_crash() -> None:
    film = item(
        "f",
        "motion_picture",
        title="The social network",
        director=[person("Fincher", "David")],
        issued={"date-parts": [[2010]]},
        publisher="Columbia Pictures",
    )
    assert one(film, "apa").startswith("Fincher, D. (Director). (2010). The social network")


def test_hyphenated_name_variables_render() -> None:
    chapter = item(
        "c",
        "chapter",
        author=[person("Dubois", "David")],
        title="Chapter",
        container_author=[person("Evans", "Emma")],
        container_title="Authored book",
        page="10-20",
        publisher="Polity",
        issued={"date-parts": [[2004]]},
    )
    assert "In E. Evans, Authored book (pp. 10–20)." in one(chapter, "apa")


def test_cjk_names_are_not_split() -> None:
    book = item(
        "j",
        "book",
        author=[{"family": "山田", "given": "太郎"}],
        title="日本の歴史",
        publisher="岩波書店",
        issued={"date-parts": [[2001]]},
    )
    assert one(book, "apa") == "山田太郎. (2001). 日本の歴史. 岩波書店."


def test_trailing_lower_case_given_words_are_a_dropping_particle() -> None:
    # citeproc-js reads "B. K. van" as given "B. K." and dropping particle "van";
    # stock citeproc-py initializes the particle too: "Wesenbeeck, B. K. van ."
    data = item(
        "dutch",
        author=[person("Wesenbeeck", "B. K. van"), person("Fontaine", "Jean de la")],
        title="Woods versus waves",
        issued={"date-parts": [[2021]]},
    )
    assert one(data, "apa").startswith("Wesenbeeck, B. K. van, & Fontaine, J. de la. (2021).")
    assert one(data, "nlm-citation-sequence").startswith("1. Wesenbeeck BK van, Fontaine J de la.")


def test_name_suffix_follows_initialize_with() -> None:
    # citeproc-js normalizes a suffix like initials: without a period in
    # initialize-with (Vancouver), "Jr." prints "Jr".
    authors = [
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"family": "Gates", "given": "Henry Louis", "suffix": "III"},
    ]
    king = item("k", author=authors, title="Civil rights", **JOURNAL)
    assert one(king, "vancouver").startswith("1. King ML Jr, Gates HL III. Civil rights.")
    assert one(king, "apa").startswith("King, M. L., Jr., & Gates, H. L., III.")
    with stock("Name.process"):
        assert one(king, "vancouver").startswith("1. King ML Jr., Gates HL III.")


def test_lower_case_given_name_is_kept_whole() -> None:
    # citeproc-js keeps a lower-case given name whole, a space before it.
    hooks = item("h", author=[person("hooks", "bell")], title="Given lowercase", **JOURNAL)
    assert one(hooks, "apa").startswith("hooks,  bell. (n.d.). Given lowercase.")
    with stock("Name.initialize"):
        assert one(hooks, "apa").startswith("hooks, . bell .")


def test_initials_normalized_with_initialize_false() -> None:
    # MLA (initialize="false", initialize-with ". "): citeproc-js's doNormalize
    # spaces initials and drops the hyphen between two ("J.-P." → "J. P."); a
    # given name that disambiguation shows whole is left as it is ("Z.W.").
    names = [person("Dunn", "J.-P."), person("Roux", "Anne-Marie")]
    dunn = item("d", author=names, title="Hyphens", **JOURNAL)
    assert one(dunn, "modern-language-association").startswith("Dunn, J. P., and Anne-Marie Roux.")
    with stock("Name.initialize"):
        assert one(dunn, "modern-language-association").startswith("Dunn, J.-P.")
    clash = [
        item("a", author=[person("Okonkwo", "Z.W.")], title="One", **JOURNAL),
        item("b", author=[person("Okonkwo", "Zane W.")], title="Two", **JOURNAL),
    ]
    texts = render(clash, "modern-language-association")
    assert texts[0].startswith("Okonkwo, Z.W. “One.”")


def test_cjk_names_cite_by_family_name() -> None:
    # citeproc-js cites a Chinese name by its family name ("刘, 2014") unless the
    # name registry asks for more, and groups alike cites by their cite before
    # any initials: "刘 洋" and the single-field "刘洋" are never compared.
    items = [
        article("a", [{"family": "刘", "given": "洋"}], 2014, "Community health"),
        item(
            "b",
            "dataset",
            author=[{"family": "刘洋"}],
            title="Data",
            issued={"date-parts": [[2014]]},
        ),
        article("c", [{"family": "刘", "given": "敏"}], 2014, "Readmissions"),
    ]
    texts = render(items, "apa")
    assert not any("2014a" in text for text in texts)
    assert "———. “Data.” 2014." in render(items, "modern-language-association")


def test_a_short_name_given_its_given_name_keeps_its_suffix() -> None:
    """Disambiguation that adds the given name to a short-form name prints the long
    form, suffix included, as citeproc-js does (institut-francais-darcheologie-
    orientale: "I. Taylor III et al. 2014")."""
    items = [
        item(
            "a",
            author=[person("Taylor", "Ian") | {"suffix": "III"}],
            title="One",
            issued={"date-parts": [[2014]]},
            **JOURNAL,
        ),
        item(
            "b",
            author=[person("Taylor", "Bea")],
            title="Two",
            issued={"date-parts": [[2014]]},
            **JOURNAL,
        ),
    ]
    style = "institut-francais-darcheologie-orientale-en"
    # citeproc-js 2.4.63's entries, without the block's leading newline and trailing space.
    rest = " Journal of Tests\u00a04, 2014, pp.\u00a01\u20139."
    assert [text.strip() for text in render(items, style)] == [
        f"B. Taylor\u00a02014B. Taylor, \u201cTwo,\u201d{rest}",
        f"I. Taylor III\u00a02014I. Taylor III, \u201cOne,\u201d{rest}",
    ]


NAME_AFFIX_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography et-al-min="4" et-al-use-first="2"><layout><group delimiter=" | ">
    <names variable="author"><name prefix="[" suffix="]" and="text" initialize-with=""/></names>
    <names variable="author">
      <name prefix="[" suffix="]" name-as-sort-order="all" initialize-with="" sort-separator=" "/>
    </names>
    <names variable="author"><name prefix="[" suffix="]" form="short" and="symbol"/></names>
    <names variable="editor">
      <name prefix="[" suffix="]" and="text"/><label prefix=" (" suffix=")"/>
    </names>
    <names variable="translator">
      <name suffix="." name-as-sort-order="all" initialize-with="" sort-separator=" "/>
    </names>
  </group></layout></bibliography>
"""
)


def test_name_affixes_are_around_each_name(tmp_path: Path) -> None:
    """citeproc-js puts a cs:name's prefix and suffix around each name (not an
    institution's), citeproc-py around the list (clinica-e-investigacion-en-
    arteriosclerosis: "Allen S., Nilsson PA., et al."; 508 of 2,000 entries were
    identical, now all). Expected: citeproc-js 2.4.63's output."""
    style = tmp_path / "name-affixes.csl"
    style.write_text(NAME_AFFIX_STYLE, encoding="utf-8")
    book = item(
        "a",
        "book",
        title="T",
        author=[
            person("Allen", "Susan"),
            person("Berg", "Paul Anton"),
            {"family": "King", "given": "Martin", "suffix": "Jr."},
        ],
        editor=[person("Ed", "One"), person("Ed", "Two")],
        translator=[{"literal": "World Health Organization"}]
        + [person(f"T{n}", given) for n, given in enumerate("BCDE", start=2)],
    )
    assert one(book, str(style)) == (
        "[S Allen], [PA Berg], and [M King Jr] | [Allen S], [Berg PA], [King M Jr] | "
        "[Allen], [Berg], & [King] | [One Ed] and [Two Ed] (editors) | "
        "World Health Organization, T2 B., et al."
    )
    with stock("Name.process", "Name.markup"):
        # (stock, the suffix-normalizing Name.process fix is gone too: "Jr.")
        assert one(book, str(style)).startswith("[S Allen, PA Berg, and M King Jr.] |")


HYPHEN_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <names variable="author"><name initialize="false" initialize-with="."/></names>
    <names variable="author"><name initialize-with="."/></names>
    <names variable="author"><name/></names>
    <names variable="author">
      <name initialize="false" initialize-with=". " name-as-sort-order="all"/>
    </names>
  </group></layout></bibliography>
"""
)


@pytest.mark.parametrize(
    ("hyphen", "expected"),
    [
        (
            'initialize-with-hyphen="false"',
            "Marie Claire Rodriguez, J.P. Young, Jean paul Doe | "
            "M.C. Rodriguez, J.P. Young, J. paul Doe | "
            "Marie-Claire Rodriguez, J.-P. Young, Jean-paul Doe | "
            "Rodriguez, Marie Claire, Young, J. P., Doe, Jean paul",
        ),
        (
            "",
            "Marie-Claire Rodriguez, J.P. Young, Jean-paul Doe | "
            "M.-C. Rodriguez, J.-P. Young, J. Doe | "
            "Marie-Claire Rodriguez, J.-P. Young, Jean-paul Doe | "
            "Rodriguez, Marie-Claire, Young, J. P., Doe, Jean-paul",
        ),
    ],
)
def test_given_names_initialized_as_citeproc_js(tmp_path: Path, hyphen: str, expected: str) -> None:
    """A port of citeproc-js's initializeWith: initialize-with-hyphen="false" joins
    hyphenated given names with a space (journal-of-historical-linguistics' "Marie
    Claire"), and a lower-case part after a hyphen is not an initial (citeproc-py
    wrote "J.-. paul . Doe"). Expected: citeproc-js 2.4.63's output."""
    style = tmp_path / "hyphen.csl"
    style.write_text(
        HYPHEN_STYLE.replace('class="in-text"', f'class="in-text" {hyphen}'), encoding="utf-8"
    )
    book = item(
        "a",
        "book",
        title="T",
        author=[
            person("Rodriguez", "Marie-Claire"),
            person("Young", "J.-P."),
            person("Doe", "Jean-paul"),
        ],
    )
    assert one(book, str(style)) == expected
    with stock("Name.initialize"):
        assert "paul . Doe" in one(book, str(style))  # citeproc-py: "J.-. paul . Doe"


ET_AL_STYLE = csl_style(
    """  <citation et-al-use-first="2"><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <names variable="author"><name et-al-min="3" delimiter=", "/></names>
    <names variable="author"><name et-al-min="2" et-al-use-first="0"/></names>
    <names variable="author"><name et-al-min="2" et-al-use-first="1"/></names>
  </group></layout></bibliography>
"""
)


def test_et_al_only_with_et_al_use_first(tmp_path: Path) -> None:
    """citeproc-js truncates a name list only when et-al-use-first is given (on the
    cs:name, its cs:bibliography or the style: the citation's is not inherited), and
    prints nothing for et-al-use-first="0" (nameattr_EtAlUseFirstOnCitationIn-
    Bibliography, etal_UseZeroFirst). Expected: citeproc-js 1.4.61's output."""
    style = tmp_path / "et-al.csl"
    style.write_text(ET_AL_STYLE, encoding="utf-8")
    book = item(
        "b",
        "book",
        author=[person("Doe", "John"), person("Roe", "Jane"), person("Snoakes", "Richard")],
    )
    assert one(book, str(style)) == "John Doe, Jane Roe, Richard Snoakes | John Doe et al."
    with stock("Name.process"):
        assert one(book, str(style)).startswith("John Doe et al. | ")


def _twenty_one_authors(twentieth: str) -> list[dict[str, str]]:
    return [
        *(person(f"Fam{n}", f"Given{n}") for n in range(1, 20)),
        person(twentieth, "X"),
        person("Final", "Z"),
    ]


ADD_NAMES_STYLE = csl_style(
    """  <citation disambiguate-add-names="true" disambiguate-add-givenname="{givens}"
      et-al-min="3" et-al-use-first="1">
    <layout><names variable="author"><name form="short"/></names>
      <date variable="issued"><date-part name="year"/></date></layout>
  </citation>
  <bibliography et-al-min="3" et-al-use-first="1">
    <layout><names variable="author"><name/></names></layout>
  </bibliography>
"""
)


@pytest.mark.parametrize(
    ("givens", "expected"),
    [("false", "J Doe et al."), ("true", "J Doe, A Alpha, et al.")],
)
def test_names_added_to_cites_stay_out_of_the_bibliography(
    tmp_path: Path, givens: str, expected: str
) -> None:
    """Names added to tell alike cites apart are a citation affair: citeproc-js's
    bibliography shows them only when the citation also adds given names (its
    disambig_request), and never more than et-al-min - 2 under et-al-use-last (APA,
    which printed the 20th name and "et al."). Expected: citeproc-js 1.4.61's output."""
    apa = [
        item(
            "a",
            title="Same title",
            container_title="J",
            issued={"date-parts": [[2020]]},
            author=_twenty_one_authors("Alpha"),
        ),
        item(
            "b",
            title="Same title",
            container_title="J",
            issued={"date-parts": [[2020]]},
            author=_twenty_one_authors("Beta"),
        ),
    ]
    nineteen = ", ".join(f"Fam{n}, G." for n in range(1, 20))
    assert render(apa, "apa") == [f"{nineteen}, … Final, Z. (2020). Same title. J."] * 2
    style = tmp_path / "add-names.csl"
    style.write_text(ADD_NAMES_STYLE.replace("{givens}", givens), encoding="utf-8")
    books = [
        item(
            "a",
            "book",
            issued={"date-parts": [[2020]]},
            author=[person("Doe", "J"), person("Alpha", "A"), person("Roe", "R")],
        ),
        item(
            "b",
            "book",
            issued={"date-parts": [[2020]]},
            author=[person("Doe", "J"), person("Beta", "B"), person("Roe", "R")],
        ),
    ]
    assert render(books, str(style))[0] == expected


AFTER_INVERTED_STYLE = csl_style(
    """  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><names variable="author">
    <name name-as-sort-order="{order}" and="symbol" initialize-with=". " delimiter=", "
        delimiter-precedes-last="after-inverted-name"/>
  </names></layout></bibliography>
"""
)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("all", ["Ab, B., & Cc, D.", "Ac, B., Cc, D., & Ee, F.", "Ad Inst & Other Inst"]),
        ("first", ["Ab, B., & D. Cc", "Ac, B., D. Cc & F. Ee", "Ad Inst & Other Inst"]),
    ],
)
def test_delimiter_after_an_inverted_name(tmp_path: Path, order: str, expected: list[str]) -> None:
    """delimiter-precedes-last="after-inverted-name" (name_DelimiterAfterInverted):
    citeproc-py read it as "never". Expected: citeproc-js 1.4.61's output."""
    style = tmp_path / "after-inverted.csl"
    style.write_text(AFTER_INVERTED_STYLE.replace("{order}", order), encoding="utf-8")
    lists = [
        [person("Ab", "B"), person("Cc", "D")],
        [person("Ac", "B"), person("Cc", "D"), person("Ee", "F")],
        [{"literal": "Ad Inst"}, {"literal": "Other Inst"}],
    ]
    books = [item(f"n{n}", "book", author=names) for n, names in enumerate(lists)]
    assert render(books, str(style)) == expected
    with stock("Name.process"):
        assert render(books, str(style))[0] == expected[0].replace(".,", ".")


def test_particles_ending_in_a_hyphen_or_an_apostrophe() -> None:
    """citeproc-js reads "al-" of "al-One" and "d’" of "d’Alembert" as particles
    (sorted and demoted as particles), and joins such a particle to the family name
    without a space (name_HyphenatedNonDroppingParticle1, 2). Expected: citeproc-js
    1.4.61's output."""
    books = [
        item("n1", "book", title="T", author=[person("al-One", "Alan")]),
        item("n2", "book", title="T", author=[person("d'Alembert", "Jean")]),
        item(
            "n3",
            "book",
            title="T",
            author=[{"family": "Artagnan", "given": "Charles", "non-dropping-particle": "d'"}],
        ),
        item("n4", "book", title="T", author=[person("Marple", "Mary")]),
    ]
    assert render(books, "chicago-author-date") == [
        "Alembert, Jean d’. n.d. T.",
        "Artagnan, Charles d’. n.d. T.",
        "Marple, Mary. n.d. T.",
        "One, Alan al-. n.d. T.",
    ]
    assert render(books, "apa")[:3] == [
        "al-One, A. (n.d.). T.",
        "d’Alembert, J. (n.d.). T.",
        "d’Artagnan, C. (n.d.). T.",
    ]


def test_static_ordering_names_are_written_family_name_first() -> None:
    """A name with "static-ordering" prints family name first, with no sort
    separator and without its dropping particle and suffix, under any
    name-as-sort-order and in the sort key too. Expected: citeproc-js 1.4.61's
    output."""
    books = [
        item(
            "a",
            "book",
            title="Quotations",
            issued={"date-parts": [[1964]]},
            author=[
                {"family": "Mao", "given": "Zedong", "static-ordering": True},
                person("Smith", "John"),
            ],
        ),
        item(
            "b",
            "book",
            title="Other",
            issued={"date-parts": [[1970]]},
            author=[
                person("Smith", "Anne"),
                {
                    "family": "Kim",
                    "given": "Jong Un",
                    "dropping-particle": "van",
                    "suffix": "Jr.",
                    "static-ordering": True,
                },
            ],
        ),
        item(
            "c",
            "book",
            title="Third",
            issued={"date-parts": [[1971]]},
            author=[
                {
                    "family": "Nguyen",
                    "given": "Van Anh",
                    "non-dropping-particle": "de",
                    "static-ordering": True,
                }
            ],
        ),
    ]
    assert render(books, "chicago-author-date") == [
        "de Nguyen Van Anh. 1971. Third.",
        "Mao Zedong, and John Smith. 1964. Quotations.",
        "Smith, Anne, and Kim Jong Un. 1970. Other.",
    ]
    assert render(books, "apa") == [
        "de Nguyen V. A. (1971). Third.",
        "Mao Z., & Smith, J. (1964). Quotations.",
        "Smith, A., & Kim J. U. (1970). Other.",
    ]
    with stock("Name.process"):
        assert (
            render(books, "chicago-author-date")[0]
            == "Mao, Zedong, and John Smith. 1964. Quotations."
        )


COUNT_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography et-al-min="4" et-al-use-first="3"><layout><group delimiter=" | ">
    <names variable="author editor"><name form="count"/></names>
    <names variable="editor"><name form="count" et-al-min="5" et-al-use-first="1"/></names>
  </group></layout></bibliography>
"""
)


def test_count_sums_the_names_of_every_variable(tmp_path: Path) -> None:
    """citeproc-js's form="count" adds up the names shown of each variable of the
    cs:names (name_AuthorEditorCount: 3 authors after et al. and 2 editors are "5";
    citeproc-py printed "32"), and counts all names when et al. does not cut them
    (2 editors under et-al-min="5" et-al-use-first="1" are 2, not 1)."""
    style = tmp_path / "count.csl"
    style.write_text(COUNT_STYLE, encoding="utf-8")
    book = item(
        "c",
        "book",
        title="T",
        author=[person(f"A{n}", "X") for n in range(4)],
        editor=[person("E1", "Y"), person("E2", "Z")],
    )
    assert one(book, str(style)) == "5 | 2"
    with stock("Name.markup", "Name.process"):
        assert one(book, str(style)) == "32 | 1"


NAME_PART_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <names variable="author">
      <name><name-part name="family" text-case="uppercase"/></name>
    </names>
    <names variable="author">
      <name>
        <name-part name="family" prefix="(" suffix=")"/>
        <name-part name="given" prefix="[" suffix="]"/>
      </name>
    </names>
    <names variable="author">
      <name name-as-sort-order="all" sort-separator=" ">
        <name-part name="family" prefix="(" suffix=")"/>
        <name-part name="given" prefix="[" suffix="]"/>
      </name>
    </names>
  </group></layout></bibliography>
"""
)


def test_name_parts_format_particles_and_wrap_as_citeproc_js(tmp_path: Path) -> None:
    """citeproc-js formats a dropping particle as the given name and a non-dropping
    one as the family name (name_FormattingOfParticles: "Gerard van DER MEER"), and
    puts the family name-part's affixes around particles, family name and suffix of
    a name not inverted, a demoted particle inside the given name's
    (name_namepartAffixes: "[Jean] (de La Fontaine III)")."""
    style = tmp_path / "name-parts.csl"
    style.write_text(NAME_PART_STYLE, encoding="utf-8")
    book = item(
        "p",
        "book",
        title="T",
        author=[
            {
                "family": "Fontaine",
                "given": "Jean",
                "dropping-particle": "de",
                "non-dropping-particle": "La",
                "suffix": "III",
            }
        ],
    )
    assert one(book, str(style)) == (
        "Jean de LA FONTAINE III | [Jean] (de La Fontaine III) | (Fontaine) [Jean de La] III"
    )
    with stock("Name.process"):
        assert one(book, str(style)).startswith(
            "Jean DE LA FONTAINE III | [Jean] (de La Fontaine) III"
        )


def test_name_suffixes_with_a_comma(tmp_path: Path) -> None:
    """citeproc-js prints "comma-suffix" as a comma before the suffix (name_
    ArticularWithComma), and reads a suffix out of a given name after a comma, ",!"
    asking for the comma (magic_NameSuffixNoComma, magic_NameSuffixWithComma)."""
    style = tmp_path / "plain.csl"
    style.write_text(
        csl_style(
            """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><names variable="author"><name/></names></layout></bibliography>
"""
        ),
        encoding="utf-8",
    )
    comma = {"family": "Doe", "given": "Jeffrey", "suffix": "Jr.", "comma-suffix": True}
    assert one(item("a", "book", author=[comma]), str(style)) == "Jeffrey Doe, Jr."
    assert one(item("b", "book", author=[person("Doe", "John, III")]), str(style)) == "John Doe III"
    assert one(item("c", "book", author=[person("Doe", "John,! Jr.")]), str(style)) == (
        "John Doe, Jr."
    )
    with stock("Name.process"):
        assert one(item("a", "book", author=[comma]), str(style)) == "Jeffrey Doe Jr."


def test_a_leading_apostrophe_of_a_particle_is_an_apostrophe() -> None:
    """A ' that opens no quotation in a name is an apostrophe, and "'t" a particle
    (sort_LeadingApostropheOnNameParticle: "in ’t Horvath", not "in ‘t Horvath")."""
    book = item("h", "book", title="T", author=[person("in 't Horvath", "Peter")])
    assert one(book, "chicago-author-date") == "Horvath, Peter in ’t. n.d. T."


PLAIN_NAMES_STYLE = csl_style(
    """
  <locale><terms>
    <term name="and">\u05d5&#8200;</term>
    <term name="and others">
    </term>
  </terms></locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <names variable="author"><name and="text"/></names>
    <names variable="editor"><name initialize-with="."/></names>
    <names variable="translator">
      <name><name-part name="given" suffix="&#160;"/></name>
    </names>
    <names variable="author" suffix=".">
      <name et-al-min="2" et-al-use-first="1"/><et-al term="and others"/>
    </names>
  </group></layout></bibliography>
"""
)


def test_name_joins_as_citeproc_js(tmp_path: Path) -> None:
    """An "and" term not in a Latin-like script takes no spaces (name_HebrewAnd), a
    given name alone is never initialized (name_OnlyGivenname), a given name-part
    suffix ending in a space is the space before the family name (name_
    WithNonBreakingSpace), and an et-al term of white space is none (label_
    EditorTranslator1). Expected: the CSL test suite's (citeproc-js's) output."""
    style = tmp_path / "plain-names.csl"
    style.write_text(PLAIN_NAMES_STYLE, encoding="utf-8")
    book = item(
        "h",
        "book",
        title="T",
        author=[{"family": "\u05ea\u05e4\u05d5\u05d7"}, {"family": "\u05ea\u05e4\u05d5\u05d6"}],
        editor=[{"given": "Banksy"}],
        translator=[person("Doe", "John")],
    )
    assert one(book, str(style)) == (
        "\u05ea\u05e4\u05d5\u05d7\u05d5\u2008\u05ea\u05e4\u05d5\u05d6 | Banksy | John\u00a0Doe"
        " | \u05ea\u05e4\u05d5\u05d7."
    )
    with stock("Name.process", "Name.et_al"):
        assert one(book, str(style)).startswith("\u05ea\u05e4\u05d5\u05d7 \u05d5\u2008 ")


ET_AL_JOIN_STYLE = csl_style(
    """
  <locale><terms><term name="et-al">\u7b49</term></terms></locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography et-al-min="3" et-al-use-first="1"><layout><group delimiter=" | ">
    <names variable="author">
      <name name-as-sort-order="first" delimiter-precedes-et-al="after-inverted-name"/>
      <et-al term="and others"/>
    </names>
    <names variable="author">
      <name et-al-use-first="2" delimiter-precedes-et-al="after-inverted-name"/>
      <et-al term="and others"/>
    </names>
    <names variable="author"><name/></names>
  </group></layout></bibliography>
"""
)


def test_et_al_joins_as_citeproc_js(tmp_path: Path) -> None:
    """delimiter-precedes-et-al="after-inverted-name" puts the delimiter after one
    name shown, a space after more (name_AfterInvertedName); an et-al term not in a
    Latin-like script takes no space (name_EtAlWithCombined: "Ziggy Zither等")."""
    style = tmp_path / "et-al.csl"
    style.write_text(ET_AL_JOIN_STYLE, encoding="utf-8")
    book = item("e", "book", title="T", author=[person(f"F{n}", "G") for n in range(3)])
    assert one(book, str(style)) == "F0, G, and others | G F0, G F1 and others | G F0\u7b49"
    with stock("Name.process"):
        assert one(book, str(style)) != "F0, G, and others | G F0, G F1 and others | G F0\u7b49"
