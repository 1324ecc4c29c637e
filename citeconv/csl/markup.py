"""One rendering, three markups: formatting travels through citeproc-py as marks.

citeproc-py's own HTML formatter wraps formatted text in tags but never escapes
field values (``R&D`` and ``<script>`` pass straight through: an XSS hole), and
its plain formatter cannot show rich text at all. Instead, citeconv renders with
:data:`MARKS_FORMATTER`, which wraps formatted text in private-use characters
("marks"), and rich text in field values (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
small caps) is turned into the same marks before citeproc-py sees it. Only at the
end, :func:`finish` turns an entry's marks into HTML tags (escaping every other
character as citeproc-js does), Markdown (escaping Markdown syntax), or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from types import SimpleNamespace
from typing import Literal

from citeconv.csl import links

Markup = Literal["text", "html", "markdown"]

# Private-use code points: never in real bibliographic data, and neither upper nor
# lower case, so citeproc-py's text-case code passes over them.
ITALIC = ("\ue000", "\ue001")
BOLD = ("\ue002", "\ue003")
SUPERSCRIPT = ("\ue004", "\ue005")
SUBSCRIPT = ("\ue006", "\ue007")
SMALL_CAPS = ("\ue008", "\ue009")
UNDERLINE = ("\ue00a", "\ue00b")
#: The display attribute's values (citeproc-js's layout of each in ``finish``).
BLOCK = ("\ue00c", "\ue00d")
INDENT = ("\ue00e", "\ue00f")
LEFT_MARGIN = ("\ue010", "\ue011")
RIGHT_INLINE = ("\ue012", "\ue013")
_DISPLAY_MARKS = BLOCK + INDENT + LEFT_MARGIN + RIGHT_INLINE
#: The marks that close a display part.
DISPLAY_CLOSING = "".join(marks[1] for marks in (BLOCK, INDENT, LEFT_MARGIN, RIGHT_INLINE))
_TRAILING_SPACE_IN_DISPLAY = re.compile(f"( +)([{DISPLAY_CLOSING}]+)$")
#: After a field decorated by its own cs:text (italics, bold, …) and ending in "?" or
#: "!": no punctuation merging across it (see fixes.seams.normalize_seam); prints as
#: nothing.
BARRIER = "\ue014"
#: The same after a decorated group or <text macro>: it blocks the merge with the
#: next element's prefix, but a group delimiter still merges; prints as nothing.
BARRIER_BLOB = "\ue016"
#: What a number too large for roman numerals prints (see fixes.numbers.romanize): nothing,
#: but it counts as printed, so a group keeps the delimiter before it.
NOTHING = "\ue015"
#: Around the text of a DOI or a URL variable when links are asked for
#: (``WriterOptions.links``; see citeconv.csl.links): a link in HTML and Markdown,
#: nothing in text.
DOI_LINK = ("\ue017", "\ue018")
URL_LINK = ("\ue019", "\ue01a")
#: Around the text of a ``<span class="nodecor">`` in a field: the font style, weight
#: and variant around it set back to normal (citeproc-js's "@class/nodecor").
NODECOR = ("\ue01b", "\ue01c")
#: Around text with font-style="normal": roman inside italics, nothing elsewhere
#: (citeproc-js prints no "normal" span where there is nothing to undo).
UPRIGHT = ("\ue01d", "\ue01e")
#: Around text with vertical-align="baseline": citeproc-js's HTML writes a span
#: <span style="baseline"> for it (the other markups nothing).
BASELINE = ("\ue01f", "\ue020")
#: Around text with text-decoration="none": <span style="text-decoration:none;"> in
#: citeproc-js's HTML.
NO_DECORATION = ("\ue027", "\ue028")
#: Italics, bold and small caps written in a field (<i>, <b>, <sc>): unlike a style's
#: own (ITALIC, …, which citeproc-js nests as they are: "<i><i>…</i></i>"), each
#: flips what is around it (italic in italics is roman), as citeproc-js's
#: flip-flop does.
FIELD_ITALIC = ("\ue021", "\ue022")
FIELD_BOLD = ("\ue023", "\ue024")
FIELD_SMALL_CAPS = ("\ue025", "\ue026")
#: Each field mark's style mark (the font attribute it flips).
#: Between a field's own closing quotation mark and the period or comma it wrote
#: after it ("“Research on NTFP”, Hot Springs"): citeproc-js's punctuation-in-quote
#: moves only punctuation the style adds after a field, never the field's own (see
#: citeconv.csl.quotes.keep_own_punctuation); prints as nothing.
QUOTE_KEEP = "\ue029"
_STYLE_OF = {FIELD_ITALIC[0]: ITALIC[0], FIELD_BOLD[0]: BOLD[0], FIELD_SMALL_CAPS[0]: SMALL_CAPS[0]}
_LINK_KIND = {DOI_LINK[0]: "DOI", URL_LINK[0]: "URL"}
_LINK_CLOSE = {DOI_LINK[0]: DOI_LINK[1], URL_LINK[0]: URL_LINK[1]}
#: Marks that print as nothing in every markup.
_SILENT = {BARRIER: "", BARRIER_BLOB: "", NOTHING: "", QUOTE_KEEP: ""}
#: Every mark character.
MARKS = frozenset(
    "".join(ITALIC + BOLD + SUPERSCRIPT + SUBSCRIPT + SMALL_CAPS + UNDERLINE + _DISPLAY_MARKS)
    + BARRIER
    + BARRIER_BLOB
    + NOTHING
    + QUOTE_KEEP
    + "".join(DOI_LINK + URL_LINK + NODECOR + UPRIGHT + BASELINE)
    + "".join(FIELD_ITALIC + FIELD_BOLD + FIELD_SMALL_CAPS + NO_DECORATION)
)
#: What each display mark becomes, per markup (citeproc-js's "@display/…" of its
#: text and html formats; Markdown takes the text layout).
_DISPLAY = {
    "text": {
        BLOCK[0]: "\n",
        BLOCK[1]: "",
        INDENT[0]: "\n    ",
        INDENT[1]: "",
        LEFT_MARGIN[0]: "",
        LEFT_MARGIN[1]: " ",
        RIGHT_INLINE[0]: "",
        RIGHT_INLINE[1]: "",
        **_SILENT,
    },
    "html": {
        BLOCK[0]: '\n\n    <div class="csl-block">',
        BLOCK[1]: "</div>\n",
        INDENT[0]: '<div class="csl-indent">',
        INDENT[1]: "</div>\n  ",
        LEFT_MARGIN[0]: '\n    <div class="csl-left-margin">',
        LEFT_MARGIN[1]: "</div>",
        RIGHT_INLINE[0]: '<div class="csl-right-inline">',
        RIGHT_INLINE[1]: "</div>\n  ",
        **_SILENT,
    },
}


def _wrapper(pair: tuple[str, str]) -> type[str]:
    opening, closing = pair

    class Wrapped(str):
        def __new__(cls, text: object) -> Wrapped:
            return super().__new__(cls, f"{opening}{text}{closing}")

    return Wrapped


#: A citeproc-py formatter (it only needs these attributes) that emits marks.
MARKS_FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrapper(ITALIC),
    Oblique=_wrapper(ITALIC),
    Bold=_wrapper(BOLD),
    Light=str,
    Underline=_wrapper(UNDERLINE),
    Superscript=_wrapper(SUPERSCRIPT),
    Subscript=_wrapper(SUBSCRIPT),
    SmallCaps=_wrapper(SMALL_CAPS),
)

_RICH_TAGS = re.compile(r"<(/?)(i|b|sup|sub|sc)>|<span\b[^>]*>|</span>", re.IGNORECASE)
_SMALL_CAPS_SPAN = re.compile(r"font-variant:\s*small-caps", re.IGNORECASE)
_NODECOR_SPAN = re.compile(r"""class=["']nodecor["']""", re.IGNORECASE)
_SPACED = re.compile(" [:;?!\u00bb]|\u00ab ")
_NARROW_SPACE = re.compile(" (?=[:;?!\u00bb])|(?<=\u00ab) ")
_TAG_MARKS = {
    "i": FIELD_ITALIC,
    "b": FIELD_BOLD,
    "sup": SUPERSCRIPT,
    "sub": SUBSCRIPT,
    "sc": FIELD_SMALL_CAPS,
}


def rich_text_to_marks(value: str) -> str:
    """Turn the rich-text tags CSL-JSON allows in a field into marks.

    ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>`` and the small-caps span become
    their marks, ``<span class="nodecor">`` the :data:`NODECOR` marks;
    ``<span class="nocase">`` is left for citeproc-py, which reads it itself; a
    ``</span>`` closes a marked span only when one is open. Any other tag is
    text, and is escaped like text on the way out.

    And as citeproc-js prints every string (CSL.Output.Queue.append), the space
    before ":", ";", "?", "!" and "»", and after "«", becomes a narrow no-break
    space (French orthography: "His «\u202fAnonymous\u202f» Life").
    """
    if _SPACED.search(value):
        value = _NARROW_SPACE.sub("\u202f", value)
    if "<" not in value:
        return value
    spans: list[tuple[str, str] | None] = []  # for each open span: its marks, if any
    out: list[str] = []
    # The marks opened and not yet closed: (the closing mark, where in out, the tag).
    # A closing tag closes only the innermost open one of its kind; any other, and
    # an opening tag never closed, is text: the marks always pair up, so no output
    # (HTML above all) can be unbalanced by a field's stray "</i>" or "<b>".
    opened: list[tuple[str, int, str]] = []
    position = 0
    for match in _RICH_TAGS.finditer(value):
        out.append(value[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if match.group(2):
            pair = _TAG_MARKS[match.group(2).lower()]
            if not match.group(1):
                opened.append((pair[1], len(out), tag))
                out.append(pair[0])
            elif opened and opened[-1][0] == pair[1]:
                opened.pop()
                out.append(pair[1])
            else:
                out.append(tag)
        elif tag.lower().startswith("<span"):
            marks: tuple[str, str] | None = None
            if _SMALL_CAPS_SPAN.search(tag):
                marks = FIELD_SMALL_CAPS
            elif _NODECOR_SPAN.search(tag):
                marks = NODECOR
            spans.append(marks)
            if marks is not None:
                opened.append((marks[1], len(out), tag))
            out.append(marks[0] if marks is not None else tag)
        else:  # </span>
            marks = spans.pop() if spans else None
            if marks is not None and opened and opened[-1][0] == marks[1]:
                opened.pop()
                out.append(marks[1])
            else:
                out.append(tag)
    out.append(value[position:])
    for _, at, tag in opened:
        out[at] = tag  # never closed: text
    return "".join(out)


#: The tags each mark of a field's rich text was read from (see marks_as_tags).
_TAGS_OF = {
    FIELD_ITALIC[0]: "<i>",
    FIELD_ITALIC[1]: "</i>",
    FIELD_BOLD[0]: "<b>",
    FIELD_BOLD[1]: "</b>",
    SUPERSCRIPT[0]: "<sup>",
    SUPERSCRIPT[1]: "</sup>",
    SUBSCRIPT[0]: "<sub>",
    SUBSCRIPT[1]: "</sub>",
    FIELD_SMALL_CAPS[0]: '<span style="font-variant:small-caps;">',
    FIELD_SMALL_CAPS[1]: "</span>",
    NODECOR[0]: '<span class="nodecor">',
    NODECOR[1]: "</span>",
}


def marks_as_tags(value: str) -> str:
    """A field's rich-text marks back as the tags they were read from: text, for
    what citeproc-js prints without reading its markup (a cs:number's value that is
    not a number: "1&#60;sup&#62;er&#60;/sup&#62;")."""
    if not _has_marks(value):
        return value
    return "".join(_TAGS_OF.get(char, char) for char in value)


_HTML_TAGS = {
    ITALIC[0]: ("<i>", '<span style="font-style:normal;">'),
    BOLD[0]: ("<b>", '<span style="font-weight:normal;">'),
    SUPERSCRIPT[0]: ("<sup>", "<sup>"),
    SUBSCRIPT[0]: ("<sub>", "<sub>"),
    SMALL_CAPS[0]: (
        '<span style="font-variant:small-caps;">',
        '<span style="font-variant:normal;">',
    ),
    UNDERLINE[0]: ('<span style="text-decoration:underline;">',) * 2,
    BASELINE[0]: ('<span style="baseline">',) * 2,
    NO_DECORATION[0]: ('<span style="text-decoration:none;">',) * 2,
}
_HTML_CLOSE = {
    ITALIC[1]: ("</i>", "</span>"),
    BOLD[1]: ("</b>", "</span>"),
    SUPERSCRIPT[1]: ("</sup>", "</sup>"),
    SUBSCRIPT[1]: ("</sub>", "</sub>"),
    SMALL_CAPS[1]: ("</span>", "</span>"),
    UNDERLINE[1]: ("</span>", "</span>"),
    BASELINE[1]: ("</span>", "</span>"),
    NO_DECORATION[1]: ("</span>", "</span>"),
}
_OPENING_OF = {closing: opening for opening, closing in (ITALIC, BOLD, SUPERSCRIPT, SUBSCRIPT)}
_OPENING_OF.update(
    {
        SMALL_CAPS[1]: SMALL_CAPS[0],
        UNDERLINE[1]: UNDERLINE[0],
        BASELINE[1]: BASELINE[0],
        NO_DECORATION[1]: NO_DECORATION[0],
    }
)
_CLOSING_OF = {opening: closing for closing, opening in _OPENING_OF.items()}
_OPENING_OF.update({closing: opening for opening, closing in _LINK_CLOSE.items()})
_OPENING_OF[NODECOR[1]] = NODECOR[0]
_OPENING_OF[UPRIGHT[1]] = UPRIGHT[0]
for _field, _style in _STYLE_OF.items():
    _closing = {FIELD_ITALIC[0]: FIELD_ITALIC[1], FIELD_BOLD[0]: FIELD_BOLD[1]}.get(
        _field, FIELD_SMALL_CAPS[1]
    )
    _HTML_TAGS[_field] = _HTML_TAGS[_style]
    _HTML_CLOSE[_closing] = _HTML_CLOSE[_CLOSING_OF[_style]]
    _OPENING_OF[_closing] = _field
    _CLOSING_OF[_field] = _closing

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_DOUBLE_SPACE = re.compile(r"\s\s")


#: The superscript characters that citeproc-js's HTML output writes as <sup>…</sup>
#: (CSL.SUPERSCRIPTS): "I²" becomes "I<sup>2</sup>". Each one's plain form is its
#: NFKC form, but for four that have none, which citeproc-js maps to a base letter.
_SUPERSCRIPT_CHARS = (
    "\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0\u02b1\u02b2\u02b3\u02b4\u02b5\u02b6"
    "\u02b7\u02b8\u02e0\u02e1\u02e2\u02e3\u02e4\u1d2c\u1d2d\u1d2e\u1d30\u1d31"
    "\u1d32\u1d33\u1d34\u1d35\u1d36\u1d37\u1d38\u1d39\u1d3a\u1d3c\u1d3d\u1d3e"
    "\u1d3f\u1d40\u1d41\u1d42\u1d43\u1d44\u1d45\u1d46\u1d47\u1d48\u1d49\u1d4a"
    "\u1d4b\u1d4c\u1d4d\u1d4f\u1d50\u1d51\u1d52\u1d53\u1d54\u1d55\u1d56\u1d57"
    "\u1d58\u1d59\u1d5a\u1d5b\u1d5c\u1d5d\u1d5e\u1d5f\u1d60\u1d61\u2070\u2071"
    "\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e\u207f"
    "\u2120\u2122\u3192\u3193\u3194\u3195\u3196\u3197\u3198\u3199\u319a\u319b"
    "\u319c\u319d\u319e\u319f\u02c0\u02c1\u06e5\u06e6"
)
_SUPERSCRIPT_PLAIN = {c: unicodedata.normalize("NFKC", c) for c in _SUPERSCRIPT_CHARS}
_SUPERSCRIPT_PLAIN.update(
    {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}
)
_SUPERSCRIPT = re.compile(f"[{_SUPERSCRIPT_CHARS}]")


def escape_html(text: str) -> str:
    """Escape text for HTML as citeproc-js does (numeric entities, superscripts)."""
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    text = _DOUBLE_SPACE.sub("\u00a0 ", text)
    return _SUPERSCRIPT.sub(lambda m: f"<sup>{_SUPERSCRIPT_PLAIN[m.group()]}</sup>", text)


def strip_marks(text: str) -> str:
    """The text without any mark (display marks become their text layout)."""
    if not _has_marks(text):
        return text
    display = _DISPLAY["text"]
    return "".join(display.get(c, "") if c in MARKS else c for c in text)


def _has_marks(text: str) -> bool:
    return not MARKS.isdisjoint(text)


def finish(text: str, markup: Markup) -> str:
    """An entry's final form: marks become HTML, Markdown, or nothing."""
    if markup == "text":
        return strip_marks(text)
    if markup == "html":
        # citeproc-js moves a space that ends the entry out of the display divs that
        # close with it ("….</div>\n </div>"): its output queue migrates a last
        # suffix's trailing space up through blobs without font decorations.
        match = _TRAILING_SPACE_IN_DISPLAY.search(text)
        if match:
            text = text[: match.start()] + match.group(2) + match.group(1)
        return _to_html(_prefix_into_doi_links(text))
    return _to_markdown(_prefix_into_doi_links(text))


#: A DOI link after the prefix "https://doi.org/" (the DOI's own "http(s)://doi.org/"
#: in group 0, another address's scheme in group 1).
_PREFIXED_DOI_LINK = re.compile(
    re.escape(links.DOI_RESOLVER) + DOI_LINK[0] + r"(?:https?://doi\.org/)?(https?://)?"
)


def _prefix_into_doi_links(text: str) -> str:
    """The prefix "https://doi.org/" moved into the DOI link after it, as citeproc-js's
    wrap_url_and_doi does with a cs:text's prefix: prefix and DOI are one link, a DOI
    that is an address already ("https://doi.org/10.x/y", "http://dx.doi.org/…")
    printed once, not after the prefix again."""
    if DOI_LINK[0] not in text:
        return text
    return _PREFIXED_DOI_LINK.sub(lambda m: DOI_LINK[0] + (m.group(1) or links.DOI_RESOLVER), text)


def _link_text(text: str, start: int) -> str:
    """The text of the link that opens at ``start``, without marks."""
    end = text.find(_LINK_CLOSE[text[start]], start + 1)
    return "".join(c for c in text[start + 1 : end if end >= 0 else None] if c not in MARKS)


def _to_html(text: str) -> str:
    """Marks as HTML tags, always well-formed: a close with nothing open is dropped; a
    close of an outer tag closes and reopens the tags inside it; a block (display)
    closes the inline tags around it and reopens them after; what is open at the end
    is closed."""
    out: list[str] = []
    run: list[str] = []
    # The open inline tags: (opening mark, its HTML start tag, its end tag, set by a
    # nodecor). A mark nested in the same mark flips back (italic in italic →
    # roman), as citeproc-js's flip-flop does.
    stack: list[tuple[str, str, str, bool]] = []
    for index, char in enumerate(text):
        if char not in MARKS:
            run.append(char)
            continue
        if char == QUOTE_KEEP:
            continue  # nothing, not even a seam of the tags around it
        out.append(escape_html("".join(run)))
        run = []
        if char in _DISPLAY["html"]:
            out.extend(entry[2] for entry in reversed(stack))
            out.append(_DISPLAY["html"][char])
            out.extend(entry[1] for entry in stack)
        elif char in _LINK_KIND:
            # A link is one more inline tag: closed and reopened like the others, so
            # the HTML stays well-formed. What may not be linked stays text.
            target = links.href(_LINK_KIND[char], _link_text(text, index))
            if target is not None:
                stack.append((char, links.html_start(target), "</a>", False))
                out.append(stack[-1][1])
        elif char in _RESETS:
            # citeproc-js: each of the font style, weight and variant in effect
            # around it set back to normal.
            for mark in _RESETS[char]:
                if _in_effect(stack, mark):
                    stack.append(
                        (mark, _HTML_TAGS[mark][1], _HTML_CLOSE[_CLOSING_OF[mark]][1], True)
                    )
                    out.append(stack[-1][1])
            stack.append((char, "", "", False))
        elif char in _HTML_TAGS:
            # A field's italics in italics are roman; a style's are italics again.
            level = int(char in _STYLE_OF and _in_effect(stack, _STYLE_OF[char]))
            if char in (SUPERSCRIPT[0], SUBSCRIPT[0]):
                level = 0
            start = _HTML_TAGS[char][level]
            end = _HTML_CLOSE[_CLOSING_OF[char]][level]
            stack.append((char, start, end, False))
            out.append(start)
        else:
            opening = _OPENING_OF[char]
            at = next(
                (
                    n
                    for n in range(len(stack) - 1, -1, -1)
                    if stack[n][0] == opening and not stack[n][3]
                ),
                None,
            )
            if at is None:
                continue  # a close with nothing open: no stray end tag
            inside = stack[at + 1 :]
            first = at
            if opening in _RESETS:
                while first and stack[first - 1][3]:
                    first -= 1
            out.extend(entry[2] for entry in reversed(inside))
            out.extend(entry[2] for entry in reversed(stack[first : at + 1]))
            del stack[first:]
            out.extend(entry[1] for entry in inside)
            stack.extend(inside)
    out.append(escape_html("".join(run)))
    out.extend(entry[2] for entry in reversed(stack))
    return "".join(out)


def _in_effect(stack: list[tuple[str, str, str, bool]], style: str) -> bool:
    """Whether the font attribute of the style mark ``style`` (italics, bold, small
    caps) is in effect at the top of ``stack``: a style's mark sets it, a field's
    flips it, a nodecor or font-style="normal" resets it."""
    on = False
    for mark, _, _, reset in stack:
        if mark == style:
            on = not reset
        elif _STYLE_OF.get(mark) == style:
            on = not on
    return on


#: What a nodecor (font-style="normal") sets back to normal, in citeproc-js's order.
_RESETS = {NODECOR[0]: (BOLD[0], ITALIC[0], SMALL_CAPS[0]), UPRIGHT[0]: (ITALIC[0],)}


def _to_markdown(text: str) -> str:
    out: list[str] = []
    run: list[str] = []
    # The open link: where its mark is in ``text``, where its text starts in
    # ``out``, its text, its target.
    link: tuple[int, int, str, str] | None = None
    for index, char in enumerate(text):
        if char not in MARKS:
            run.append(char)
            continue
        if char == QUOTE_KEEP:
            continue
        out.append(_markdown_text("".join(run)))
        run = []
        if char in _LINK_KIND:
            words = _link_text(text, index)
            target = links.href(_LINK_KIND[char], words)
            link = (index, len(out), words, target) if target is not None else None
        elif link is not None and char == _LINK_CLOSE[text[link[0]]]:
            _, at, words, target = link
            out[at:] = [links.markdown(words, "".join(out[at:]), target)]
            link = None
        elif char in _DISPLAY["text"]:
            out.append(_DISPLAY["text"][char])
        elif char in ITALIC or char in FIELD_ITALIC:
            out.append("*")
        elif char in BOLD or char in FIELD_BOLD:
            out.append("**")
        elif char in SUPERSCRIPT:
            out.append("<sup>" if char == SUPERSCRIPT[0] else "</sup>")
        elif char in SUBSCRIPT:
            out.append("<sub>" if char == SUBSCRIPT[0] else "</sub>")
    out.append(_markdown_text("".join(run)))
    return "".join(out)


#: A line break in a value: in Markdown it would end the paragraph (a blank line) or
#: start a heading or a list item; a value's breaks are spaces there.
_VALUE_NEWLINES = re.compile(r"[ \t]*(?:\r\n|\r|\n)+[ \t]*")


def _markdown_text(run: str) -> str:
    """Text of an entry as Markdown: syntax escaped, line breaks as spaces."""
    if "\n" in run or "\r" in run:
        run = _VALUE_NEWLINES.sub(" ", run)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", run)
