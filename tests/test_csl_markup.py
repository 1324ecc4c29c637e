"""Markup of formatted references (text, html, markdown), locales, styles, the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citeconv.csl import markup
from citeconv.csl.engine import render_bibliography
from citeconv.csl.styles import check_locale, resolve_style, styles_folder
from citeconv.diagnostics import UsageError
from citeconv.model import Item

from conftest import SAMPLE, run_citeconv

RISKY = {
    "id": "x",
    "type": "article-journal",
    "author": [{"family": "Smith & Sons", "given": "J."}],
    "title": "R&D <script>alert(1)</script> in <i>E. coli</i> and CO<sub>2</sub> *not* `code`",
    "container-title": "Security & Privacy",
    "volume": "1",
    "page": "1-2",
    "issued": {"date-parts": [[2022]]},
}


def render(data: dict[str, Any], style: str = "apa", how: str = "text", **kw: Any) -> str:
    [entry] = render_bibliography([Item.from_csl(data)], style, markup=how, **kw)  # type: ignore[arg-type]
    return entry.text


def test_html_escapes_every_field_value_and_renders_rich_text() -> None:
    html = render(RISKY, how="html")
    assert "<script>" not in html and "&#60;script&#62;alert(1)&#60;/script&#62;" in html
    assert "Smith &#38; Sons, J." in html and "R&#38;D" in html
    assert "<i>E. coli</i>" in html and "CO<sub>2</sub>" in html
    assert "<i>Security &#38; Privacy</i>, <i>1</i>, 1–2." in html


def test_text_has_no_markup_at_all() -> None:
    text = render(RISKY)
    assert text == (
        "Smith & Sons, J. (2022). R&D <script>alert(1)</script> in E. coli and CO2 *not* "
        "`code`. Security & Privacy, 1, 1–2."
    )


def test_markdown_italics_and_escaped_syntax() -> None:
    md = render(RISKY, how="markdown")
    assert "*Security & Privacy*, *1*, 1–2." in md
    assert r"\*not\* \`code\`" in md and r"\<script\>" in md
    assert "*E. coli*" in md and "CO<sub>2</sub>" in md


def test_italic_inside_italic_is_roman_in_html() -> None:
    book = {
        "id": "b",
        "type": "book",
        "title": "Genes of <i>E. coli</i>",
        "author": [{"family": "Lee", "given": "Lucy"}],
        "issued": {"date-parts": [[2001]]},
    }
    assert '<i>Genes of <span style="font-style:normal;">E. coli</span></i>' in render(
        book, how="html"
    )


def test_rich_text_to_marks_keeps_nocase_spans_for_citeproc() -> None:
    value = 'A <span class="nocase">mRNA</span> <b>bold</b> <u>u</u>'
    converted = markup.rich_text_to_marks(value)
    assert '<span class="nocase">mRNA</span>' in converted and "<u>u</u>" in converted
    assert markup.finish(converted.replace('<span class="nocase">', ""), "html").count("<b>") == 1


def test_sc_and_nodecor_tags_as_citeproc_js_reads_them() -> None:
    """<sc> is small caps; <span class="nodecor"> sets the font style, weight and
    variant around it back to normal, and only those in effect (citeproc-js:
    flipflop_ItalicsWithOk, flipflop_ItalicsWithOkAndTextcase)."""
    convert = markup.rich_text_to_marks
    nodecor = convert('Lessard <span class="nodecor">v.</span> Schmidt')
    assert nodecor == f"Lessard {markup.NODECOR[0]}v.{markup.NODECOR[1]} Schmidt"
    italic = markup.finish(f"{markup.ITALIC[0]}{nodecor}{markup.ITALIC[1]}", "html")
    assert italic == '<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>'
    assert markup.finish(nodecor, "html") == "Lessard v. Schmidt"
    both = markup.finish(convert("<b><sc>A <span class='nodecor'>b</span></sc></b>"), "html")
    assert both == (
        '<b><span style="font-variant:small-caps;">A <span style="font-weight:normal;">'
        '<span style="font-variant:normal;">b</span></span></span></b>'
    )
    assert markup.finish(convert('<sc>Doe</sc> <span class="nodecor">x'), "text") == (
        'Doe <span class="nodecor">x'
    )


def test_locale_changes_terms_and_unknown_locale_is_an_error() -> None:
    edited = {
        "id": "e",
        "type": "book",
        "editor": [{"family": "Lewis", "given": "Michael"}],
        "title": "Handbook",
        "issued": {"date-parts": [[2008]]},
    }
    assert "(Hrsg.)" in render(edited, locale="de-DE")
    assert check_locale("de") == "de-DE" and check_locale("pt") == "pt-PT"
    with pytest.raises(UsageError):
        check_locale("xx-YY")
    result = run_citeconv("convert", str(SAMPLE), "--to", "apa", "--locale", "xx-YY")
    assert result.returncode == 2
    assert b"unknown locale 'xx-YY'" in result.stderr


def test_dependent_style_resolves_to_parent_with_its_locale() -> None:
    path, locale = resolve_style("nature-digest")
    assert path.name == "nature.csl" and locale == "en-GB"
    by_path, _ = resolve_style(str(styles_folder() / "dependent" / "nature-digest.csl"))
    assert by_path == path
    assert resolve_style("vancouver")[0].name == "nlm-citation-sequence.csl"
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", "nature-digest", "-q")
    assert result.returncode == 0 and result.stdout.startswith(b"1. Tran, K., Webster, F.")


def test_styles_command_lists_and_searches() -> None:
    result = run_citeconv("styles", "american medical")
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert "american-medical-association\tindependent\tAMA Manual of Style 11th edition" in lines
    nature = run_citeconv("styles", "nature digest").stdout.decode()
    assert "nature-digest\tdependent\tNature Digest" in nature
    missing = run_citeconv("styles", "no such style at all")
    assert missing.returncode != 0 and b"no style matches" in missing.stderr


def test_csl_json_input_to_html_is_laid_out_as_citeproc_js(tmp_path: Path) -> None:
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([RISKY]), encoding="utf-8")
    result = run_citeconv("convert", str(source), "--to", "vancouver", "--markup", "html", "-q")
    assert result.returncode == 0
    assert result.stdout.decode() == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry">\n'
        '    <div class="csl-left-margin">1.</div><div class="csl-right-inline">Smith &#38; Sons'
        " J. R&#38;D &#60;script&#62;alert(1)&#60;/script&#62; in <i>E. coli</i> and CO<sub>2</sub>"
        " *not* `code`. Security &#38; Privacy. 2022;1:1–2.</div>\n"
        "  </div>\n"
        "</div>\n"
    )


def test_a_number_that_is_not_numeric_prints_its_tags_as_text(tmp_path: Path) -> None:
    """citeproc-js reads no rich text in a cs:number's value that is not a number:
    "1<sup>er</sup>" prints its tags, escaped (flipflop_NumericField)."""
    assert markup.marks_as_tags(markup.rich_text_to_marks("1<sup>er</sup> <i>a</i>")) == (
        "1<sup>er</sup> <i>a</i>"
    )
    style = tmp_path / "number.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><id>n</id><title>n</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><group delimiter=" | "><number variable="number"/>'
        '<text variable="number"/></group></layout></bibliography></style>',
        encoding="utf-8",
    )
    data = {"id": "r", "type": "report", "title": "T", "number": "1<sup>er</sup>"}
    assert render(data, str(style), how="html") == (
        "1&#60;sup&#62;er&#60;/sup&#62; | 1<sup>er</sup>"
    )


def test_a_given_name_in_rich_text_is_initialized_with_its_marks() -> None:
    """citeproc-js initializes "<b>John</b> Quiggly" as "<b>J.</b> Q." (and normalizes
    "<b>J</b>-Q" as "<b>J.</b>-Q."): name_InTextMarkupInitialize, ...NormalizeInitials."""
    people = [
        {"family": "Doe", "given": "<b>John</b> Quiggly"},
        {"family": "Roe", "given": "<b>J</b>-Q"},
    ]
    data = {"id": "n", "type": "book", "title": "T", "author": people}
    html = render(data, "apa", how="html")
    assert html.startswith("Doe, <b>J.</b> Q., &#38; Roe, <b>J.</b>-Q.")


def test_a_cs_name_s_formatting_is_on_each_name(tmp_path: Path) -> None:
    """citeproc-js: a cs:name's font formatting is on each name, not on the "and"
    (with "et al." on the list too), and an institution takes no vertical-align
    (CSL.INSTITUTION_KEYS). Expected: citeproc-js 2.4.63's output
    (journal-of-interactive-media-in-education-harvard, acta-amazonica)."""
    style = tmp_path / "bold.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><id>b</id><title>b</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><group delimiter=" | "><names variable="author">'
        '<name and="text" font-weight="bold" et-al-min="3" et-al-use-first="1"/></names>'
        '<names variable="editor"><name vertical-align="baseline" delimiter="; "/></names>'
        "</group></layout></bibliography></style>",
        encoding="utf-8",
    )
    two = [{"family": "Turner", "given": "F."}, {"family": "Wright", "given": "J."}]
    three = [*two, {"family": "Santos", "given": "T."}]
    editors = [{"literal": "World Bank"}, {"family": "Smith", "given": "A."}]
    first = {"id": "a", "type": "book", "title": "T", "author": two, "editor": editors}
    second = {"id": "b", "type": "book", "title": "U", "author": three}
    assert render(first, str(style), how="html") == (
        '<b>F. Turner</b> and <b>J. Wright</b> | World Bank; <span style="baseline">A. Smith</span>'
    )
    assert render(second, str(style), how="html") == "<b><b>F. Turner</b> et al.</b>"
