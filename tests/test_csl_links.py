"""Links on DOIs and URLs in formatted references (``WriterOptions.links``,
``--links``), as citeproc-js's wrap_url_and_doi extension makes them; off by default.

tests/csl/expected_links.json is citeproc-js's own output with the extension on
(``tools/regen_csl_expectations.py --links``).
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from test_csl_oracle import expected, golden_items, marked

from citeconv.csl import links
from citeconv.csl.engine import finish_entry, html_entry, render_bibliography, render_marked
from citeconv.csl.markup import Markup
from citeconv.model import Item
from citeconv.writers.base import WriterOptions
from citeconv.writers.formatted import ApaWriter, CslStyleWriter, VancouverWriter

from conftest import GOLDEN, SAMPLE, run_citeconv
from csl_styles import LINK_STYLES

EXPECTED_LINKS = Path(__file__).parent / "csl" / "expected_links.json"
ANCHOR_TAGS = re.compile(r'<a href="[^"]*">|</a>')


def _items(*fields: dict[str, Any]) -> list[Item]:
    """Journal articles by different authors, each with ``fields``."""
    return [
        Item.from_csl(
            {
                "id": f"i{n}",
                "type": "article-journal",
                "title": f"Title {n}",
                "author": [{"family": f"Author{chr(65 + n)}", "given": "Ann"}],
                "container-title": "Journal",
                "issued": {"date-parts": [[2020]]},
                **extra,
            }
        )
        for n, extra in enumerate(fields)
    ]


def _render(items: list[Item], style: str, markup: Markup, links: bool = True) -> list[str]:
    return [entry.text for entry in render_bibliography(items, style, markup=markup, links=links)]


def _one(extra: dict[str, Any], style: str, markup: Markup) -> str:
    [text] = _render(_items(extra), style, markup)
    return text


# -- where a link goes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "target"),
    [
        ("DOI", "10.1000/j.1", "https://doi.org/10.1000/j.1"),
        ("DOI", "https://doi.org/10.1000/j.1", "https://doi.org/10.1000/j.1"),
        ("DOI", "http://dx.doi.org/10.1000/j.1", "http://dx.doi.org/10.1000/j.1"),
        # "#" and "?" would cut the DOI short; "<" ">" of a SICI DOI are escaped too.
        ("DOI", "10.1000/a#b?c", "https://doi.org/10.1000/a%23b%3Fc"),
        ("DOI", "https://doi.org/10.1000/a#b", "https://doi.org/10.1000/a%23b"),
        (
            "DOI",
            "10.1002/(SICI)49:8<693::AID>3.0.CO;2-0",
            "https://doi.org/10.1002/(SICI)49:8%3C693::AID%3E3.0.CO;2-0",
        ),
        ("DOI", "10.1000/5%off", "https://doi.org/10.1000/5%25off"),
        ("DOI", "10.1000/a%2Fb", "https://doi.org/10.1000/a%2Fb"),
        # A DOI is never a link of its own scheme: doi.org gets it.
        ("DOI", "javascript:alert(1)", "https://doi.org/javascript:alert(1)"),
        ("URL", "https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("URL", "FTP://ftp.example.org/f.txt", "FTP://ftp.example.org/f.txt"),
        ("URL", "javascript:alert(1)", None),
        ("URL", "  JaVaScRiPt:alert(1)", None),
        ("URL", "data:text/html,<script>alert(1)</script>", None),
        ("URL", "vbscript:msgbox(1)", None),
        ("URL", "www.example.org/page", None),
        ("URL", "https://", None),
        ("URL", "", None),
        ("DOI", "  ", None),
    ],
)
def test_link_target(kind: str, text: str, target: str | None) -> None:
    assert links.href(kind, text) == target


def test_attribute_escaping() -> None:
    assert links.html_start('https://x.org/?a="b"&c=<d>') == (
        '<a href="https://x.org/?a=&#34;b&#34;&#38;c=&#60;d&#62;">'
    )


# -- HTML ---------------------------------------------------------------------------


def test_apa_links_the_doi_with_its_prefix() -> None:
    """citeproc-js (wrap_url_and_doi): one link over "https://doi.org/" and the DOI."""
    text = _one({"DOI": "10.1000/j.1"}, "apa", "html")
    assert text.endswith(
        '<i>Journal</i>. <a href="https://doi.org/10.1000/j.1">https://doi.org/10.1000/j.1</a>'
    )


def test_apa_prints_a_doi_given_as_an_address_once() -> None:
    """citeproc-js drops the value's own "https://doi.org/" after the style's prefix."""
    assert _render(_items({"DOI": "https://doi.org/10.1/x"}), "apa", "html", links=False)[
        0
    ].endswith("https://doi.org/https://doi.org/10.1/x")
    for given in ("https://doi.org/10.1/x", "http://doi.org/10.1/x"):
        text = _one({"DOI": given}, "apa", "html")
        assert text.endswith('<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>')
    text = _one({"DOI": "http://dx.doi.org/10.1/x"}, "apa", "html")
    assert text.endswith('. <a href="http://dx.doi.org/10.1/x">http://dx.doi.org/10.1/x</a>')


def test_vancouver_links_a_bare_doi_after_its_label() -> None:
    text = _one({"DOI": "10.1000/j.1"}, "nlm-citation-sequence", "html")
    assert 'doi:<a href="https://doi.org/10.1000/j.1">10.1000/j.1</a></div>' in text


def test_a_url_links_to_itself_and_is_escaped() -> None:
    text = _one({"type": "webpage", "URL": "https://example.org/?q=a&b=c<d>"}, "apa", "html")
    assert text.endswith(
        '<a href="https://example.org/?q=a&#38;b=c&#60;d&#62;">'
        "https://example.org/?q=a&#38;b=c&#60;d&#62;</a>"
    )


def test_no_script_gets_through_a_link() -> None:
    """XSS: a javascript: URL stays text; a quotation mark cannot end the href (it
    can in citeproc-js, which escapes the href as text)."""
    hostile = [
        {"type": "webpage", "URL": "javascript:alert(document.cookie)"},
        {"type": "webpage", "URL": 'https://example.org/"><script>alert(1)</script>'},
        {"type": "webpage", "URL": "https://example.org/' onmouseover='alert(1)"},
        {"DOI": '10.1000/"><img src=x onerror=alert(1)>'},
    ]
    for writer in (ApaWriter, VancouverWriter):
        out = io.StringIO()
        writer(WriterOptions(markup="html", links=True)).write(_items(*hostile), out)
        html = out.getvalue()
        assert "<script" not in html and "<img" not in html
        tree = lxml_html.fromstring(html)
        assert not tree.xpath("//script | //img | //*[@onerror] | //*[@onmouseover]")
        hrefs = sorted(tree.xpath("//a/@href"))
        assert hrefs == [
            "https://doi.org/10.1000/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
            'https://example.org/"><script>alert(1)</script>',
            "https://example.org/' onmouseover='alert(1)",
        ], writer.name
        assert "javascript:alert(document.cookie)" in tree.text_content()
        assert not any("javascript" in href for href in hrefs)


def test_a_link_inside_formatting_stays_well_formed(tmp_path: Path) -> None:
    """A style that sets the DOI in italics: the link inside <i>, balanced; the
    value's tags are text, as citeproc-js links it."""
    style = tmp_path / "italic-doi.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout suffix="."><text variable="title" suffix=". "/>'
        '<text variable="DOI" font-style="italic" prefix="https://doi.org/"/>'
        "</layout></bibliography></style>",
        encoding="utf-8",
    )
    [text] = _render(_items({"DOI": "10.1/<i>x</i>"}), str(style), "html")
    assert text == (
        'Title 0. https://doi.org/<i><a href="https://doi.org/10.1/%3Ci%3Ex%3C/i%3E">'
        "10.1/&#60;i&#62;x&#60;/i&#62;</a></i>."
    )


# -- Markdown -----------------------------------------------------------------------


def test_markdown_autolink_when_the_text_is_the_address() -> None:
    assert _one({"DOI": "10.1000/j.1"}, "apa", "markdown").endswith(
        " <https://doi.org/10.1000/j.1>"
    )
    text = _one({"DOI": "10.1000/j.1"}, "nlm-citation-sequence", "markdown")
    assert text.endswith(" doi:[10.1000/j.1](https://doi.org/10.1000/j.1)")


def test_markdown_link_escapes_brackets_and_parentheses() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    items = _items(
        {"DOI": "10.1002/(SICI)49:8<693::AID>3.0.CO;2-0"},
        {"DOI": "10.1000/a]b)c"},
        {"type": "webpage", "URL": "https://example.org/a_(b)?q=<c>&d"},
    )
    texts = _render(items, "nlm-citation-sequence", "markdown")
    assert texts[0].endswith(
        r"doi:[10.1002/(SICI)49:8\<693::AID\>3.0.CO;2-0]"
        r"(https://doi.org/10.1002/\(SICI\)49:8%3C693::AID%3E3.0.CO;2-0)"
    )
    assert texts[1].endswith(r"doi:[10.1000/a\]b)c](https://doi.org/10.1000/a%5Db\)c)")
    # A CommonMark parser reads back each link's text and target.
    parsed = [lxml_html.fragment_fromstring(markdown_it.MarkdownIt().render(t)) for t in texts]
    links_found = [(a.text_content(), a.get("href")) for tree in parsed for a in tree.iter("a")]
    assert links_found == [
        (
            "10.1002/(SICI)49:8<693::AID>3.0.CO;2-0",
            "https://doi.org/10.1002/(SICI)49:8%3C693::AID%3E3.0.CO;2-0",
        ),
        ("10.1000/a]b)c", "https://doi.org/10.1000/a%5Db)c"),
        (
            "https://example.org/a_(b)?q=<c>&d",
            # markdown-it percent-encodes what a URL may not hold ("<", ">").
            "https://example.org/a_(b)?q=%3Cc%3E&d",
        ),
    ]


def test_markdown_destination_is_read_back_as_given() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    for target in ("https://x.org/?a&amp;b", "https://x.org/a b", "https://x.org/(a)\\b"):
        link = links.markdown("text", "text", target)
        tree = lxml_html.fragment_fromstring(markdown_it.MarkdownIt().render(link))
        [anchor] = tree.iter("a")
        assert anchor.get("href") == target.replace(" ", "%20").replace("\\", "%5C"), link
    assert links.markdown("https://x.org/a", "x", "https://x.org/a") == "<https://x.org/a>"
    # An "&amp;" in an autolink would be read as "&".
    assert links.markdown("https://x.org/?a&amp;b", "x", "https://x.org/?a&amp;b") == (
        "[x](https://x.org/?a\\&amp;b)"
    )


def test_markdown_leaves_an_unsafe_url_as_text() -> None:
    text = _one({"type": "webpage", "URL": "javascript:alert(1)"}, "apa", "markdown")
    assert text.endswith(" javascript:alert(1)")
    assert "](" not in text and "<javascript" not in text


# -- the same references, links or not ----------------------------------------------


@pytest.mark.parametrize(
    ("style", "changed_text"), [("apa", {"doi-url-form"}), ("nlm-citation-sequence", set())]
)
def test_links_change_nothing_but_the_anchors(style: str, changed_text: set[str]) -> None:
    """The golden set with links, its <a> tags taken out, is the golden set without
    them, but for APA's DOI given as an address ("https://doi.org/https://doi.org/…"
    without links, printed once with them, as in citeproc-js)."""
    items = golden_items()
    off = {e.id: finish_entry(e.text, "html") for e in marked(style)}
    with_links = render_marked(items, style, links=True)
    on = {e.id: finish_entry(e.text, "html") for e in with_links}
    assert sum("<a href=" in text for text in on.values()) == 46
    changed = {k for k in off if ANCHOR_TAGS.sub("", on[k]) != off[k]}
    assert changed == changed_text
    assert not any("<a href" in text for text in off.values())
    # Text markup has no links: the marks leave no trace.
    assert [finish_entry(e.text, "text") for e in with_links] == [
        finish_entry(e.text, "text") for e in marked(style)
    ]


@cache
def _citeproc_js_links() -> dict[str, dict[str, str]]:
    data = json.loads(EXPECTED_LINKS.read_text(encoding="utf-8"))
    styles: dict[str, dict[str, str]] = data["styles"]
    return styles


@pytest.mark.parametrize("style", LINK_STYLES)
def test_links_are_citeproc_js_s(style: str) -> None:
    """Every entry that matches citeproc-js without links matches its
    wrap_url_and_doi output with them, and the same entries have links."""
    theirs = _citeproc_js_links()[style]
    plain: dict[str, str] = expected(style, "html")["entries"]  # type: ignore[assignment]
    off = {e.id: html_entry(finish_entry(e.text, "html")) for e in marked(style)}
    ours = {
        e.id: html_entry(finish_entry(e.text, "html"))
        for e in render_marked(golden_items(), style, links=True)
    }
    assert {k for k, v in ours.items() if "<a href=" in v} == set(theirs)
    matching = [k for k in theirs if off.get(k) == plain.get(k)]
    assert len(matching) >= len(theirs) - 2
    assert {k: ours[k] for k in matching} == {k: theirs[k] for k in matching}


# -- the writers and the command ----------------------------------------------------


def test_links_are_off_by_default() -> None:
    assert WriterOptions().links is False
    items = _items({"DOI": "10.1000/j.1"}, {"type": "webpage", "URL": "https://example.org/"})
    for writer in (ApaWriter, VancouverWriter):
        default, off, on = io.StringIO(), io.StringIO(), io.StringIO()
        writer(WriterOptions(markup="html")).write(items, default)
        writer(WriterOptions(markup="html", links=False)).write(items, off)
        writer(WriterOptions(markup="html", links=True)).write(items, on)
        assert default.getvalue() == off.getvalue()
        assert "<a " not in default.getvalue()
        assert on.getvalue().count("<a href=") == 2
        assert ANCHOR_TAGS.sub("", on.getvalue()) == default.getvalue()


@pytest.mark.parametrize("style", ["apa", "nlm-citation-sequence"])
def test_an_empty_doi_or_url_prints_as_without_links(style: str) -> None:
    """An empty value is absent for the style: link marks must not make it present."""
    items = _items({"DOI": ""}, {"DOI": "   "}, {"type": "webpage", "URL": ""})
    for markup in ("html", "markdown"):
        with_links = _render(items, style, markup)  # type: ignore[arg-type]
        assert with_links == _render(items, style, markup, links=False)  # type: ignore[arg-type]
        assert not any("https://doi.org/<" in text or "](" in text for text in with_links)


def test_csl_writer_takes_links() -> None:
    out = io.StringIO()
    options = WriterOptions(style="harvard-cite-them-right", markup="html", links=True)
    CslStyleWriter(options).write(_items({"DOI": "10.1000/j.1"}), out)
    assert 'Available at: <a href="https://doi.org/10.1000/j.1">' in out.getvalue()


def test_cli_links_in_html_and_default_unchanged() -> None:
    golden = GOLDEN / "collapsed highwire journal article"
    expected_html = Path(f"{golden}.apa.html").read_text(encoding="utf-8")
    source = Path(f"{golden}.ris")
    plain = run_citeconv("convert", str(source), "--to", "apa", "--markup", "html", "-q")
    assert plain.returncode == 0, plain.stderr.decode()
    assert plain.stdout.decode() == expected_html
    linked = run_citeconv(
        "convert", str(source), "--to", "apa", "--markup", "html", "--links", "-q"
    )
    assert linked.returncode == 0, linked.stderr.decode()
    out = linked.stdout.decode()
    assert (
        '<a href="https://doi.org/10.46747/cfp.6710759">'
        "https://doi.org/10.46747/cfp.6710759</a></div>" in out
    )
    assert ANCHOR_TAGS.sub("", out) == expected_html


def test_cli_links_in_markdown_and_not_in_text() -> None:
    vancouver = run_citeconv(
        "convert", str(SAMPLE), "--to", "vancouver", "--markup", "markdown", "--links", "-q"
    )
    assert vancouver.returncode == 0, vancouver.stderr.decode()
    assert vancouver.stdout.decode().endswith(
        "doi:[10.46747/cfp.6710759](https://doi.org/10.46747/cfp.6710759)\n"
    )
    for style in ("apa", "vancouver"):
        plain = run_citeconv("convert", str(SAMPLE), "--to", style, "-q")
        linked = run_citeconv("convert", str(SAMPLE), "--to", style, "--links", "-q")
        assert plain.returncode == linked.returncode == 0
        assert linked.stdout == plain.stdout
        assert b"doi" in plain.stdout


def test_cli_help_tells_of_links() -> None:
    result = run_citeconv("convert", "--help")
    assert result.returncode == 0
    assert "--links" in result.stdout.decode()
