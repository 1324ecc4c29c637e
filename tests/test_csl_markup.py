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
