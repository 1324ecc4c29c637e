"""Locale terms and options: the style's own terms, fallbacks, locale options.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

from csl_fixtures import (
    JOURNAL,
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)

from citeconv.csl.engine import render_bibliography
from citeconv.model import Item

ZITIERGUIDE = (
    "zitierguide-leitfaden-zum-fachgerechten-zitieren-in-rechtswissenschaftlichen-arbeiten"
)


def test_terms_fall_back_to_the_long_form_of_the_same_locale() -> None:
    # The style's own German locale has "cited" only in the long form ("zit."):
    # citeproc-js uses it for the short form before any other locale's "cit.".
    hanna = person("Brandt", "Hanna")
    items = [
        item("b1", "book", author=[hanna], title="Eins", title_short="Eins"),
        item("b2", "book", author=[hanna], title="Zwei", title_short="Zwei"),
        item("b3", "book", author=[hanna], title="Drei", edition="21"),
    ]
    text = "\n".join(render(items, ZITIERGUIDE))
    assert "(zit. Eins)" in text and "21. Aufl." in text
    # (fixes.numbers.to_ordinal finds the ordinal terms without get_term.)
    with stock("CitationStylesElement.get_term", "model.to_ordinal"):
        text = "\n".join(render(items, ZITIERGUIDE))
        assert "(cit. Eins)" in text and "21st Aufl." in text


def test_the_chosen_locale_is_the_default_locale() -> None:
    # citeproc-js: an item without a language is in the locale asked for, so
    # --locale de-DE gets no English title case; labels are title-cased in any locale.
    book = item("b", "book", author=[person("Anderson", "Alice")], title="Online book")
    chapter = item(
        "c",
        "chapter",
        author=[person("Davidson", "Donald")],
        editor=[person("Jackson", "Frank")],
        title="Truth",
        container_title="The Oxford handbook of philosophy",
    )
    [text] = [
        e.text
        for e in render_bibliography([Item.from_csl(book)], "chicago-author-date", locale="de-DE")
    ]
    assert "Online book." in text
    [text] = [e.text for e in render_bibliography([Item.from_csl(chapter)], "apa", locale="fr-FR")]
    assert "In F. Jackson (Éd.)," in text


def test_locales_german_and_french() -> None:
    """de-DE and fr-FR as citeproc-js prints them: "?" swallows the period after the
    closing quotation mark (no punctuation-in-quote there), seasons as the locale
    writes them ("hiver"), and in French a particle is bound to the family name by
    a no-break space, which sorts as nothing ("de la Clark" before "de Böhm")."""
    boehm = {"family": "Böhm", "given": "Karl", "non-dropping-particle": "de"}
    clark = {"family": "Clark", "given": "Robert", "non-dropping-particle": "de la"}
    items = [
        Item.from_csl(entry)
        for entry in (
            item(
                "q",
                author=[person("Brown", "Ben")],
                title="Is it time to stop?",
                issued={"date-parts": [[2020]]},
                **JOURNAL,
            ),
            item(
                "b",
                author=[boehm],
                title="Zeta",
                issued={"date-parts": [[2019]], "season": 4},
                **JOURNAL,
            ),
            item("c", author=[clark], title="Alpha", issued={"date-parts": [[2018]]}, **JOURNAL),
        )
    ]

    def texts(style: str, locale: str) -> list[str]:
        return [e.text for e in render_bibliography(items, style, locale)]  # type: ignore[arg-type]

    assert texts("chicago-author-date", "de-DE") == [
        "Böhm, Karl de. 2019. „Zeta“. Journal of Tests 4 (Winter): 1–9.",
        "Brown, Ben. 2020. „Is it time to stop?“ Journal of Tests 4: 1–9.",
        "Clark, Robert de la. 2018. „Alpha“. Journal of Tests 4: 1–9.",
    ]
    assert texts("chicago-author-date", "fr-FR")[0] == (
        "Böhm, Karl de. 2019. «\u00a0Zeta\u00a0». Journal of Tests 4 (hiver): 1‑9."
    )
    assert texts("apa", "fr-FR") == [
        "Brown, B. (2020). Is it time to stop? Journal of Tests, 4, 1‑9.",
        "de la\u00a0Clark, R. (2018). Alpha. Journal of Tests, 4, 1‑9.",
        "de\u00a0Böhm, K. (2019). Zeta. Journal of Tests, 4, 1‑9.",
    ]
    with stock("string.normalize_seam", "model.normalize_seam"):
        assert "„Is it time to stop?“." in texts("chicago-author-date", "de-DE")[1]
    with stock("Name.process"):
        stock_texts = texts("apa", "fr-FR")
        assert stock_texts[1].startswith("de Böhm") and stock_texts[2].startswith("de la Clark")


FRENCH_TERMS_STYLE = csl_style(
    """
  <locale xml:lang="fr">
    <terms><term name="issue" form="long">cahier</term></terms>
  </locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <names variable="author"><name><name-part name="family" text-case="uppercase"/></name></names>
    <group delimiter=" "><text term="issue"/><text variable="issue"/></group>
    <group delimiter=" "><text term="from"/><text variable="URL"/></group>
  </group></layout></bibliography>
"""
).replace('class="in-text"', 'class="in-text" default-locale="fr-FR"')


def test_style_terms_in_long_form_capital_particles_and_term_apostrophes(
    tmp_path: Path,
) -> None:
    """Three differences from citeproc-js found by sampling styles: the style's own
    term with form="long" comes before the locale file's (historia-scribere's
    "Heft", was "Nummer": 125 -> 300 of 300), a particle set in capitals keeps its
    no-break space in French, and straight apostrophes in terms are typographic
    ("à l’adresse"; cahiers-d-ethnomusicologie 132 -> 300 of 300). Expected:
    citeproc-js 2.4.63's output."""
    style = tmp_path / "french-terms.csl"
    style.write_text(FRENCH_TERMS_STYLE, encoding="utf-8")
    article = item(
        "a",
        title="T",
        issue="3",
        URL="http://x.org",
        author=[{"family": "Santos", "given": "Sara", "non-dropping-particle": "dos"}],
    )
    assert one(article, str(style)) == "Sara DOS\u00a0SANTOS | cahier 3 | à l’adresse http://x.org"
    with stock("CitationStylesElement.get_term"):
        assert "cahier 3" not in one(article, str(style))
