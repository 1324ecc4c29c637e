"""Layout: second-field-align, display, the per-entry state, interrupts inside groups.

Each fix is shown twice where it replaces a citeproc-py method: ``stock(NAME)``
(``patches.without``) puts citeproc-py's own method back, and the test asserts the
bug there and its absence with the fix. Expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from csl_fixtures import (
    SAMPLE,
    csl_style,
    item,
    one,
    render,
    stock,
)

from citeconv.csl.engine import html_entry, render_bibliography
from citeconv.model import Item


def test_second_field_align_text_and_html() -> None:
    expected = "1. Tran K, Webster F. Are quality improvement plans perceived to improve"
    assert one(SAMPLE, "vancouver").startswith(expected)
    html = one(SAMPLE, "vancouver", "html")
    assert html.startswith(
        '\n    <div class="csl-left-margin">1.</div><div class="csl-right-inline">'
    )
    with stock("Layout.render_bibliography"):
        assert one(SAMPLE, "vancouver").startswith("1.Tran K")


DISPLAY_STYLE = csl_style(
    """
  <locale xml:lang="en"><style-options/></locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout suffix="!">
    <group display="left-margin" suffix="."><text variable="citation-number"/></group>
    <group display="right-inline">
      <text variable="title" quotes="true" suffix=","/>
      <text variable="note" display="block"/>
    </group>
    <choose>
      <if variable="abstract"><text variable="abstract" display="block"/></if>
    </choose>
    <text variable="URL" display="indent" suffix=" "/>
  </layout></bibliography>
"""
)


def test_display_and_locale_options(tmp_path: Path) -> None:
    """display="left-margin" / "right-inline" / "block" / "indent" on the layout's
    children, conditions aside (around their affixes; in a group they are ignored;
    the layout's suffix goes inside the last), an empty <style-options/> in the
    style's own locale does not hide en-US's punctuation-in-quote, and superscript
    characters are <sup> in HTML. Expected: what citeproc-js 2.4.63 prints."""
    style = tmp_path / "display.csl"
    style.write_text(DISPLAY_STYLE, encoding="utf-8")
    entry = item("d", "book", title="Heat", note="I² = 47%", abstract="Short", URL="u")
    assert render([entry], str(style)) == ["1. “Heat,”I² = 47%\nShort\n    u !"]
    assert [html_entry(text) for text in render([entry], str(style), "html")] == [
        '  <div class="csl-entry">\n    <div class="csl-left-margin">1.</div>'
        '<div class="csl-right-inline">“Heat,”I<sup>2</sup> = 47%</div>\n  \n\n'
        '    <div class="csl-block">Short</div>\n<div class="csl-indent">u !</div>\n  </div>\n'
    ]
    with stock("Affixed.wrap"):
        assert render([entry], str(style)) == ["1.“Heat,”I² = 47%Shortu !"]
    with stock("CitationStylesElement.get_locale_option"):
        assert render([entry], str(style))[0].startswith("1. “Heat”,")


def test_entry_state_starts_afresh_for_each_entry() -> None:
    """The fixes keep an entry's state (what cs:substitute suppressed, the names
    shown) in ``fixes.state.STATE``, reset where citeproc-py resets
    ``layout.repressed``. Without that hook the title substituted for the missing
    author of the first entry stays suppressed in the second."""
    anonymous = [
        item("a", "report", title="Annual report", issued={"date-parts": [[2018]]}),
        item("b", "report", title="Budget notes", issued={"date-parts": [[2019]]}),
    ]
    expected = ["Annual report. (2018).", "Budget notes. (2019)."]
    assert render(anonymous, "apa") == expected
    with stock("Layout.repressed"):
        assert render(anonymous, "apa") != expected


def test_an_interrupt_inside_a_group_is_not_swallowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """citeproc-py's ``Delimited.join`` ends in a bare ``except:``: a Ctrl-C (or the
    SIGTERM citeconv raises as an exception) that arrived while a group's pieces were
    joined made the group render as nothing, and the run went on to exit 0."""
    from citeproc import string

    from citeconv.csl import patches

    patches.apply()
    seam = string.normalize_seam

    def interrupted(left: Any, other: Any) -> Any:  # the signal arrives here
        if "Title" in str(other) and "Press" in str(left):  # in the group's join
            raise KeyboardInterrupt
        return seam(left, other)

    style = tmp_path / "group.csl"
    style.write_text(
        csl_style(
            "<citation><layout><text variable='publisher'/></layout></citation>"
            "<bibliography><layout><group delimiter='. '><text variable='publisher'/>"
            "<text variable='title'/></group></layout></bibliography>"
        )
    )
    book = [Item.from_csl(item("b", "book", title="Title", publisher="Press"))]  # type: ignore[arg-type]
    monkeypatch.setattr(string, "normalize_seam", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render_bibliography(book, str(style))
    with stock("Delimited.join"):
        entries = render_bibliography(book, str(style))
    assert entries == []  # the interrupt swallowed: the entry rendered as nothing


def test_macro_work_is_unbounded_in_stock_citeproc_py(tmp_path: Path) -> None:
    """A style may cause at most MACRO_WORK_PER_ENTRY elements of work per item
    (each macro call costs its elements); stock citeproc-py renders any amount."""
    from citeconv.csl.fixes import work
    from citeconv.diagnostics import UsageError

    big = "<text variable='title' prefix='x'/>" * 3_000
    calls = "<text macro='big'/>" * (work.MACRO_WORK_PER_ENTRY // 3_000 + 1)
    style = tmp_path / "work.csl"
    style.write_text(
        csl_style(
            f"<macro name='big'><group>{big}</group></macro>"
            "<citation><layout><text variable='title'/></layout></citation>"
            f"<bibliography><layout><group>{calls}</group></layout></bibliography>"
        )
    )
    book = [Item.from_csl(item("b", "book", title="T"))]  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="elements per entry; refused"):
        render_bibliography(book, str(style))
    with stock("Macro.render", "Macro.process"):
        [entry] = render_bibliography(book, str(style))
    assert entry.text.count("xT") > work.MACRO_WORK_PER_ENTRY


AUTHOR_HEADING_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography subsequent-author-substitute="">
    <layout>
      <group display="block"><names variable="author"/></group>
      <group display="right-inline"><text variable="title"/></group>
    </layout>
  </bibliography>
"""
)

SHARED_NAMES_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography subsequent-author-substitute="---"><layout suffix=".">
    <names variable="author" suffix=": "><name/></names><text variable="title"/>
  </layout></bibliography>
"""
)


def test_subsequent_author_substitute_leaves_no_empty_block_nor_stray_period(
    tmp_path: Path,
) -> None:
    """An empty substitute leaves no empty display block (display_AuthorAsHeading),
    and the period ending a name ("Inc.") is not put back before the punctuation
    that follows the names (substitute_SharedMacro: "---: Book Four")."""
    heading = tmp_path / "heading.csl"
    heading.write_text(AUTHOR_HEADING_STYLE, encoding="utf-8")
    doe = {"family": "Doe", "given": "John"}
    books = [item("a", "book", title="A", author=[doe]), item("b", "book", title="B", author=[doe])]
    html = render(books, str(heading), markup="html")
    assert "csl-block" in html[0] and "csl-block" not in html[1]
    shared = tmp_path / "shared.csl"
    shared.write_text(SHARED_NAMES_STYLE, encoding="utf-8")
    inc = [{"literal": "Alan Alto Inc."}]
    books = [item("c", "book", title="C", author=inc), item("d", "book", title="D", author=inc)]
    assert render(books, str(shared)) == ["Alan Alto Inc.: C.", "---: D."]


FLUSH_STYLE = csl_style(
    """
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography second-field-align="flush"><layout>
    <text variable="citation-number" suffix=". "/>
    <text variable="title" suffix=". "/>
  </layout></bibliography>
"""
)


def test_a_space_ending_a_second_field_goes_after_its_block(tmp_path: Path) -> None:
    """citeproc-js moves the space that ends an entry out of the csl-right-inline
    block (the CSL suite's variables_ContainerTitleShort: ".</div>\\n   </div>")."""
    style = tmp_path / "flush.csl"
    style.write_text(FLUSH_STYLE, encoding="utf-8")
    entries = render_bibliography(
        [Item.from_csl(item("a", "book", title="T"))], str(style), markup="html"
    )
    assert html_entry(entries[0].text) == (
        '  <div class="csl-entry">\n    <div class="csl-left-margin">1. </div>'
        '<div class="csl-right-inline">T.</div>\n   </div>\n'
    )
