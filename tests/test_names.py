"""citeconv.names: names as exports write them → CSL names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeconv.names import first_von_last, looks_like_organisation, parse_name, split_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smith, John", {"family": "Smith", "given": "John"}),
        ("Smith,John", {"family": "Smith", "given": "John"}),
        ("John Smith", {"family": "Smith", "given": "John"}),
        ("Noah M. Ivers", {"family": "Ivers", "given": "Noah M."}),
        ("Ivers NM", {"family": "Ivers", "given": "N. M."}),
        ("Ivers, NM", {"family": "Ivers", "given": "N. M."}),
        ("Smith, J.A.", {"family": "Smith", "given": "J.A."}),
        (
            "Ludwig van Beethoven",
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        ),
        (
            "van der Berg, Jan",
            {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        ),
        ("de la Fuente J", {"family": "Fuente", "given": "J.", "non-dropping-particle": "de la"}),
        ("King, Martin Luther, Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("King, Jr., Martin Luther", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("Henry Ford III", {"family": "Ford", "given": "Henry", "suffix": "III"}),
        ("World Health Organization", {"literal": "World Health Organization"}),
        ("Cochrane Collaboration", {"literal": "Cochrane Collaboration"}),
        ("Aristotle", {"family": "Aristotle"}),
        ("  Smith ,  John  ", {"family": "Smith", "given": "John"}),
        # Web of Science / PubMed write a Dutch particle after the given name.
        (
            "Wesenbeeck, B.K. van",
            {"family": "Wesenbeeck", "given": "B.K.", "dropping-particle": "van"},
        ),
        (
            "Fontaine, Jean de la",
            {"family": "Fontaine", "given": "Jean", "dropping-particle": "de la"},
        ),
        ("Smith, de", {"family": "Smith", "given": "de"}),  # never the whole given name
    ],
)
def test_parse_name(text: str, expected: dict[str, str]) -> None:
    name = parse_name(text)
    assert name is not None
    assert name.to_csl() == expected


def test_empty_name_is_none() -> None:
    assert parse_name("  ; , ") is None


def test_split_names_on_semicolons() -> None:
    assert split_names("Doe, Jane; Roe, Richard ;; ") == ["Doe, Jane", "Roe, Richard"]


def test_organisation_words() -> None:
    assert looks_like_organisation("National Institute for Health and Care Excellence")
    assert not looks_like_organisation("Jane Doe")


@given(st.text(max_size=60))
def test_any_text_parses_or_is_empty(text: str) -> None:
    name = parse_name(text)
    if name is not None:
        assert name.to_csl()


_NAME_WORDS = st.lists(
    st.text(
        alphabet=st.sampled_from(
            [*"AaBbZzÉéßΣσДдİı.-'’0~,{}\\\t\n", "\u00a0", "\u4e2d", "\u02b0", "ǅ", "Ⅳ"]
        ),
        max_size=6,
    ),
    max_size=6,
)  # words as parse_name has them: split on " " (so "" for two spaces)


@given(_NAME_WORDS)
def test_the_simple_first_von_last_split_is_bibtexparsers(words: list[str]) -> None:
    """first_von_last answers only when it gives bibtexparser's split, exactly."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    simple = first_von_last(words)
    if simple is None:
        return
    parts = parse_single_name_into_parts(" ".join(words), strict=False)
    assert (parts.von, parts.jr) == ([], [])
    assert simple == (" ".join(parts.first), " ".join(parts.last))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Ivan", "Ivanov"], ("Ivan", "Ivanov")),
        (["Mary", "Ann", "Smith"], ("Mary Ann", "Smith")),
        (["de", "Gaulle"], ("de", "Gaulle")),  # two words: given and family, as BibTeX
        (["Smith"], ("", "Smith")),
        (["Jan", "van", "der", "Berg"], None),  # a von part: bibtexparser's rules
        (["毛", "泽", "东"], None),  # a CJK letter is not uppercase: lowercase to BibTeX
        (["Jean", "{de", "la}", "Fontaine"], None),
        (["Donald", "E.", "Knuth"], ("Donald E.", "Knuth")),
    ],
)
def test_first_von_last(words: list[str], expected: tuple[str, str] | None) -> None:
    assert first_von_last(words) == expected
