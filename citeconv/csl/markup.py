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
from types import SimpleNamespace
from typing import Literal

Markup = Literal["text", "html", "markdown"]

# Private-use code points: never in real bibliographic data, and neither upper nor
# lower case, so citeproc-py's text-case code passes over them.
ITALIC = ("\ue000", "\ue001")
BOLD = ("\ue002", "\ue003")
SUPERSCRIPT = ("\ue004", "\ue005")
SUBSCRIPT = ("\ue006", "\ue007")
SMALL_CAPS = ("\ue008", "\ue009")
UNDERLINE = ("\ue00a", "\ue00b")
#: Every mark character.
MARKS = frozenset("".join(ITALIC + BOLD + SUPERSCRIPT + SUBSCRIPT + SMALL_CAPS + UNDERLINE))


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

_RICH_TAGS = re.compile(r"<(/?)(i|b|sup|sub)>|<span\b[^>]*>|</span>", re.IGNORECASE)
_SMALL_CAPS_SPAN = re.compile(r"font-variant:\s*small-caps", re.IGNORECASE)
_TAG_MARKS = {"i": ITALIC, "b": BOLD, "sup": SUPERSCRIPT, "sub": SUBSCRIPT}


def rich_text_to_marks(value: str) -> str:
    """Turn the rich-text tags CSL-JSON allows in a field into marks.

    ``<span class="nocase">`` is left for citeproc-py, which reads it itself; a
    ``</span>`` closes a small-caps span only when one is open. Any other tag is
    text, and is escaped like text on the way out.
    """
    if "<" not in value:
        return value
    spans: list[bool] = []  # for each open span: is it small caps?
    out: list[str] = []
    position = 0
    for match in _RICH_TAGS.finditer(value):
        out.append(value[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if match.group(2):
            pair = _TAG_MARKS[match.group(2).lower()]
            out.append(pair[1] if match.group(1) else pair[0])
        elif tag.lower().startswith("<span"):
            small_caps = _SMALL_CAPS_SPAN.search(tag) is not None
            spans.append(small_caps)
            out.append(SMALL_CAPS[0] if small_caps else tag)
        else:  # </span>
            out.append(SMALL_CAPS[1] if spans and spans.pop() else tag)
    out.append(value[position:])
    return "".join(out)


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
}
_HTML_CLOSE = {
    ITALIC[1]: ("</i>", "</span>"),
    BOLD[1]: ("</b>", "</span>"),
    SUPERSCRIPT[1]: ("</sup>", "</sup>"),
    SUBSCRIPT[1]: ("</sub>", "</sub>"),
    SMALL_CAPS[1]: ("</span>", "</span>"),
    UNDERLINE[1]: ("</span>", "</span>"),
}
_OPENING_OF = {closing: opening for opening, closing in (ITALIC, BOLD, SUPERSCRIPT, SUBSCRIPT)}
_OPENING_OF.update({SMALL_CAPS[1]: SMALL_CAPS[0], UNDERLINE[1]: UNDERLINE[0]})

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_DOUBLE_SPACE = re.compile(r"\s\s")


def escape_html(text: str) -> str:
    """Escape text for HTML as citeproc-js does (numeric entities)."""
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    return _DOUBLE_SPACE.sub("\u00a0 ", text)


def strip_marks(text: str) -> str:
    """The text without any mark."""
    return "".join(c for c in text if c not in MARKS) if _has_marks(text) else text


def _has_marks(text: str) -> bool:
    return any(c in MARKS for c in text)


def finish(text: str, markup: Markup) -> str:
    """An entry's final form: marks become HTML, Markdown, or nothing."""
    if markup == "text":
        return strip_marks(text)
    if markup == "html":
        return _to_html(text)
    return _to_markdown(text)


def _to_html(text: str) -> str:
    out: list[str] = []
    run: list[str] = []
    # A mark nested in the same mark flips back (italic in italic → roman), as
    # citeproc-js's flip-flop does.
    depth: dict[str, int] = {}
    for char in text:
        if char not in MARKS:
            run.append(char)
            continue
        out.append(escape_html("".join(run)))
        run = []
        if char in _HTML_TAGS:
            level = depth.get(char, 0)
            out.append(_HTML_TAGS[char][level % 2])
            depth[char] = level + 1
        else:
            opening = _OPENING_OF[char]
            level = max(depth.get(opening, 0) - 1, 0)
            depth[opening] = level
            out.append(_HTML_CLOSE[char][level % 2])
    out.append(escape_html("".join(run)))
    return "".join(out)


def _to_markdown(text: str) -> str:
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if char not in MARKS:
            run.append(char)
            continue
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", "".join(run)))
        run = []
        if char in ITALIC:
            out.append("*")
        elif char in BOLD:
            out.append("**")
        elif char in SUPERSCRIPT:
            out.append("<sup>" if char == SUPERSCRIPT[0] else "</sup>")
        elif char in SUBSCRIPT:
            out.append("<sub>" if char == SUBSCRIPT[0] else "</sub>")
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", "".join(run)))
    return "".join(out)
