"""Citation keys: the default, the template language, uniqueness, validity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeconv.keys import VALID_KEY, KeyFormat, KeyRegistry, ascii_fold, default_key
from citeconv.model import Date, Item, Name


def make(
    title: str | None = "Are quality improvement plans perceived",
    names: list[Name] | None = None,
    year: int | None = 2021,
    **fields: str,
) -> Item:
    item = Item(id="x", type="article-journal")
    if title is not None:
        item.fields["title"] = title
    item.fields.update(fields)
    item.names["author"] = names if names is not None else [Name(family="Tran", given="Kim")]
    if year is not None:
        item.dates["issued"] = Date(parts=[[year]])
    return item


def test_default_key_is_family_year_first_significant_word() -> None:
    assert default_key(make()) == "tran2021quality"
    assert default_key(make(title="The Effects of a Thing")) == "tran2021effects"
    assert default_key(make(title="Die Wirkung")) == "tran2021wirkung"


def test_default_key_folds_to_ascii() -> None:
    assert default_key(make(names=[Name(family="Müller")], title="Über Ökonomie")) == (
        "muller2021uber"
    )
    assert default_key(make(names=[Name(family="Ødegård")], title="Ærø")) == "odegard2021aero"
    assert ascii_fold("Łódź straße") == "Lodz strasse"


def test_default_key_particles_organisations_and_gaps() -> None:
    van = Name(family="Berg", given="Jan", non_dropping_particle="van der")
    assert default_key(make(names=[van])) == "berg2021quality"
    who = Name(literal="World Health Organization")
    assert default_key(make(names=[who])) == "who2021quality"
    assert default_key(make(names=[], year=None)) == "quality"
    assert default_key(make(names=[], year=None, title=None)) == "ref"
    editor_only = make(names=[])
    editor_only.names["editor"] = [Name(family="Denzin")]
    assert default_key(editor_only) == "denzin2021quality"


def test_default_key_ignores_title_markup() -> None:
    assert default_key(make(title="<i>In vivo</i> studies")) == "tran2021vivo"


def test_registry_suffixes_case_insensitively() -> None:
    keys = KeyRegistry()
    claimed = [keys.claim(k) for k in ("tran2021quality", "Tran2021Quality", "tran2021quality")]
    assert claimed == ["tran2021quality", "Tran2021Qualitya", "tran2021qualityb"]
    # A natural key equal to a suffixed one is itself suffixed.
    assert keys.claim("tran2021qualitya") == "tran2021qualityaa"


def test_registry_suffixes_past_z() -> None:
    keys = KeyRegistry()
    claimed = [keys.claim("ref") for _ in range(30)]
    assert claimed[1] == "refa" and claimed[26] == "refz" and claimed[27] == "refaa"
    assert len({k.lower() for k in claimed}) == 30


def test_registry_is_not_quadratic_on_many_equal_keys() -> None:
    import time

    keys = KeyRegistry()
    start = time.perf_counter()
    for _ in range(20000):
        keys.claim("ref")
    # Each claim starts after the last suffix: 20k claims in well under a second
    # (trying a, b, c, ... from the start each time took ~10 s).
    assert time.perf_counter() - start < 2


@given(st.lists(st.text(alphabet="aAbB", min_size=1, max_size=3), max_size=60))
def test_registry_keys_always_unique_and_valid(bases: list[str]) -> None:
    keys = KeyRegistry()
    claimed = [keys.claim(b) for b in bases]
    assert len({k.lower() for k in claimed}) == len(claimed)
    assert all(VALID_KEY.match(k) for k in claimed)


@given(
    st.text(max_size=40),
    st.lists(st.builds(Name, family=st.text(max_size=15), given=st.text(max_size=5)), max_size=3),
    st.one_of(st.none(), st.integers(1, 9999)),
)
def test_default_key_is_always_valid_and_stable(
    title: str, names: list[Name], year: int | None
) -> None:
    item = make(title=title, names=names, year=year)
    key = default_key(item)
    assert VALID_KEY.match(key)
    assert key == default_key(item)


# --- templates --------------------------------------------------------------------------


def test_template_fields_and_modifiers() -> None:
    item = make(
        names=[Name(family="Tran"), Name(family="Webster"), Name(family="Ivers")],
        title="Are quality improvement plans perceived",
    )
    assert KeyFormat("{author}{year}{title}")(item) == "tran2021quality"
    assert KeyFormat("{author:capitalize}_{year}")(item) == "Tran_2021"
    assert KeyFormat("{author:upper}:{year}")(item) == "TRAN:2021"
    assert KeyFormat("{authors}{year}")(item) == "tranetal2021"
    assert KeyFormat("{shorttitle}")(item) == "qualityimprovementplans"
    assert KeyFormat("{shorttitle:12}-{year}")(item) == "qualityimpro-2021"
    two = make(names=[Name(family="Tran"), Name(family="Webster")])
    assert KeyFormat("{authors}")(two) == "tranwebster"


def test_template_id_field() -> None:
    item = make()
    item.key = "Smith-2020_x"
    assert KeyFormat("{id}")(item) == "smith2020x"


def test_template_of_empty_values_gives_ref() -> None:
    assert KeyFormat("{author}{year}")(make(names=[], year=None)) == "ref"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{nope}", "unknown key field"),
        ("{author:shout}", "unknown key modifier"),
        ("{author} {year}", "may only hold"),
        ("{author},{year}", "may only hold"),
        ("plain", "no {field}"),
    ],
)
def test_bad_templates_are_refused(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KeyFormat(template)
