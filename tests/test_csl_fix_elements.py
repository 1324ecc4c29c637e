"""Elements: cs:text, cs:label, cs:group suppression, cs:substitute and cs:if conditions.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

from csl_fixtures import (
    EDITED,
    csl_style,
    item,
    one,
    person,
    render,
    stock,
)


def test_substituted_editor_not_printed_twice() -> None:
    assert one(EDITED, "apa") == (
        "Lewis, M., & Haviland-Jones, J. M. (Eds.). (2008). Handbook of emotions (3rd ed.). "
        "Guilford Press."
    )
    with stock("Substitute.render", "Names.process"):
        assert "(M. Lewis & J. M. Haviland-Jones, Eds.; 3rd ed.)" in one(EDITED, "apa")


def test_substituted_title_not_printed_twice() -> None:
    anonymous = item(
        "n",
        title="Notes on the annual meeting",
        issued={"date-parts": [[2018]]},
        container_title="The Lancet",
        volume="391",
        page="900",
    )
    assert one(anonymous, "apa") == "Notes on the annual meeting. (2018). The Lancet, 391, 900."
    with stock("Substitute.render"):
        assert one(anonymous, "apa").count("Notes on the annual meeting") == 2


def test_empty_group_suppressed() -> None:
    thesis = item(
        "t",
        "thesis",
        author=[person("García", "Grace")],
        title="Sleep",
        genre="Doctoral dissertation",
        publisher="University of Toronto",
        issued={"date-parts": [[2019]]},
    )
    assert one(thesis, "apa") == (
        "García, G. (2019). Sleep [Doctoral dissertation]. University of Toronto."
    )
    # The group is in a macro, which citeproc-js also treats as a group (next test):
    # either fix alone removes "(Publication)".
    with stock("Group.process", "Text.process"):
        assert "Sleep (Publication) [Doctoral" in one(thesis, "apa")


MACRO_GROUP_STYLE = csl_style(
    """
  <macro name="in"><text value="In"/><text variable="container-title" prefix=" "/></macro>
  <macro name="month"><date variable="issued"><date-part name="month"/></date></macro>
  <macro name="released"><choose><if type="software"><text value="released"/></if></choose></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <text variable="title"/>
    <text macro="in" prefix="[" suffix="]"/>
    <group delimiter=" " prefix="[" suffix="]"><text macro="released"/><text macro="month"/></group>
    <group delimiter=" " prefix="{" suffix="}">
      <choose><if type="software"><text value="released"/></if></choose>
      <text macro="month"/>
    </group>
  </layout></bibliography>
"""
)


def test_macro_is_a_group(tmp_path: Path) -> None:
    """citeproc-js expands <text macro> into a cs:group: a macro whose variables are
    all missing vanishes with its terms, and a macro that prints only a value is
    content of the group around it. Expected: what citeproc-js 2.4.63 prints for this style."""
    style = tmp_path / "macro-group.csl"
    style.write_text(MACRO_GROUP_STYLE, encoding="utf-8")
    book = item("b", "book", title="Book", issued={"date-parts": [[2022]]})
    software = item("s", "software", title="Tool", issued={"date-parts": [[2022]]})
    chapter = item("c", "chapter", title="Part", container_title="Whole")
    dated = item("d", "software", title="Tool", issued={"date-parts": [[2022, 5]]})
    assert one(book, str(style)) == "Book"
    assert one(software, str(style)) == "Tool[released]"
    assert one(chapter, str(style)) == "Part[In Whole]"
    assert one(dated, str(style)) == "Tool[released May]{released May}"
    with stock("Text.process"):
        assert one(book, str(style)) == "Book[In]"
        assert one(software, str(style)) == "Tool[In]"


DISAMBIGUATE_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <text variable="title"/>
    <choose><if disambiguate="true"><text value=" [DISAMBIGUATED]"/></if></choose>
  </layout></bibliography>
"""
)


def test_disambiguate_test_is_false_for_a_lone_entry(tmp_path: Path) -> None:
    style = tmp_path / "disambiguate.csl"
    style.write_text(DISAMBIGUATE_STYLE, encoding="utf-8")
    assert one(item("x", title="Alone"), str(style)) == "Alone"
    with stock("If.render"):
        assert one(item("x", title="Alone"), str(style)) == "Alone [DISAMBIGUATED]"


def test_substitute_compares_shown_names_and_stops_after_an_empty_names() -> None:
    # citeproc-js compares the names shown (without "et al."); a cs:names with a
    # cs:name of its own in cs:substitute (MLA's "guest") tried and printing nothing
    # ends the entry's subsequent-author-substitute: the editor standing in after
    # it is neither replaced nor remembered.
    tomoko = person("Tanaka", "Tomoko")
    items = [
        item("a1", "book", author=[tomoko], title="A one", issued={"date-parts": [[2001]]}),
        item("a2", "book", editor=[tomoko], title="B two", issued={"date-parts": [[2002]]}),
        item("a3", "book", author=[tomoko], title="C three", issued={"date-parts": [[2003]]}),
    ]
    texts = render(items, "modern-language-association")
    assert texts[1].startswith("Tanaka, Tomoko, editor. B Two.")
    assert texts[2].startswith("———. C Three.")
    with stock("Substitute.render"):
        assert render(items[:2], "modern-language-association")[1].startswith("———, editor.")


LABELLED_SUBSTITUTE_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography subsequent-author-substitute="---"><layout suffix=".">
    <group delimiter=". ">
      <names variable="author">
        <name/><label form="short" prefix=" "/>
        <substitute><names variable="editor"/></substitute>
      </names>
      <text variable="title"/>
    </group>
  </layout></bibliography>
"""
)


def test_substitute_keeps_the_label_of_names_it_replaces(tmp_path: Path) -> None:
    """citeproc-js compares names printed with a label as any others and keeps the
    label after the substitute (sort_SeparateAuthorsAndOthers: "--- ed."; sort_
    DropNameLabelInSort). Expected: citeproc-js 1.4.61's output."""
    style = tmp_path / "labelled.csl"
    style.write_text(LABELLED_SUBSTITUTE_STYLE, encoding="utf-8")
    doe = person("Doe", "John")
    items = [
        item("a1", "book", author=[doe], title="A", issued={"date-parts": [[2001]]}),
        item("a2", "book", editor=[doe], title="B", issued={"date-parts": [[2002]]}),
        item("a3", "book", author=[doe], title="C", issued={"date-parts": [[2003]]}),
    ]
    assert render(items, str(style)) == ["John Doe. A.", "--- ed. B.", "---. C."]


TYPE_LIST_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography subsequent-author-substitute="———"><layout>
    <names variable="author" suffix=". ">
      <name/>
      <substitute><text variable="container-title"/></substitute>
    </names>
    <text variable="title"/>
    <choose>
      <if type="thesis manuscript"><text value=" [thesis or manuscript]"/></if>
    </choose>
  </layout></bibliography>
"""
)


def test_type_list_holds_for_any_type_and_substituted_text_repeats(tmp_path: Path) -> None:
    """type="thesis manuscript" holds for either type (citeproc-js composes a type
    list as one "any" test, whatever the match); and a text variable standing in for
    the author is what subsequent-author-substitute compares, and it is printed
    without the names' affixes. Expected: what citeproc-js 2.4.63 prints for this
    style."""
    style = tmp_path / "type-list.csl"
    style.write_text(TYPE_LIST_STYLE, encoding="utf-8")
    items = [
        item("a", "thesis", title="A thesis", author=[person("Lee", "Ann")]),
        item("b", "webpage", title="Page one", container_title="NHS England"),
        item("c", "webpage", title="Page two", container_title="NHS England"),
    ]
    # The text standing in for the author goes without the names' suffix ". ".
    assert render(items, str(style)) == [
        "Ann Lee. A thesis [thesis or manuscript]",
        "NHS EnglandPage one",
        "———Page two",
    ]
    with stock("If._type"):
        assert render(items, str(style))[0] == "Ann Lee. A thesis"
    with stock("Text._variable"):
        assert render(items, str(style))[2] == "NHS EnglandPage two"
    with stock("Names.markup"):
        assert render(items, str(style))[1] == "NHS England. Page one"


def test_a_group_whose_variable_is_in_a_branch_not_taken_keeps_its_term(tmp_path: Path) -> None:
    """citeproc-js suppresses a group when it called variables and none rendered;
    a variable in a cs:choose branch that is not taken is not called. citeproc-py
    counts every variable the group's style names, taken branch or not."""
    style = tmp_path / "group.csl"
    style.write_text(
        csl_style(
            "<citation><layout><text variable='title'/></layout></citation><bibliography>"
            "<layout><text variable='title'/><group prefix=' (' suffix=')' delimiter=' '>"
            "<text value='Publication'/><choose><if type='report'><text variable='number'/>"
            "</if></choose></group></layout></bibliography>"
        )
    )
    thesis = item("b", "thesis", title="T")
    assert render([thesis], str(style)) == ["T (Publication)"]
    with stock("Group.process"):
        assert render([thesis], str(style)) == ["T"]


TWICE_IN_A_SUBSTITUTE_STYLE = csl_style(
    """
  <macro name="editor">
    <names variable="editor"><name/><label prefix=" " form="short"/></names>
    <names variable="editor"><name/><label prefix=" "/></names>
  </macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout suffix="."><group delimiter=". ">
    <names variable="author"><name/><substitute><text macro="editor"/></substitute></names>
    <text variable="title" font-style="italic"/>
  </group></layout></bibliography>
"""
)


def test_name_variable_printed_once_within_a_substitute(tmp_path: Path) -> None:
    """A macro standing in for the authors that prints the editors twice prints them
    once: citeproc-js suppresses a substituted variable as soon as it renders
    (substitute_SuppressOrdinaryVariable). Expected: citeproc-js 1.4.61's output."""
    style = tmp_path / "twice.csl"
    style.write_text(TWICE_IN_A_SUBSTITUTE_STYLE, encoding="utf-8")
    book = item("b", "book", title="The Title", editor=[person("Doe", "John")])
    assert one(book, str(style)) == "John Doe ed. The Title."
    with stock("Names.process"):
        assert one(book, str(style)).startswith("John Doe ed.John Doe editor")


EMPTY_TERM_SUBSTITUTE_STYLE = csl_style(
    """
  <locale><terms>
    <term name="author">Author Term Value</term>
    <term name="editor"></term>
  </terms></locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" ">
    <group><text value="Content:"/></group>
    <names variable="translator">
      <substitute><text term="editor"/><text term="author"/></substitute>
    </names>
  </group></layout></bibliography>
"""
)


def test_an_empty_term_ends_the_substitution(tmp_path: Path) -> None:
    """citeproc-js substitutes with a term also when it is empty: the next child is
    not tried (substitute_SubstituteOnlyOnceTermEmpty)."""
    style = tmp_path / "empty-term.csl"
    style.write_text(EMPTY_TERM_SUBSTITUTE_STYLE, encoding="utf-8")
    assert one(item("x", "book", title="T"), str(style)) == "Content:"
    with stock("Substitute.render"):
        assert one(item("x", "book", title="T"), str(style)) == "Content: Author Term Value"
