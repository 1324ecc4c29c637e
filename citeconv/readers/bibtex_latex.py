"""LaTeX in BibTeX values → Unicode text with CSL's markup (pylatexenc, with the
markup macros it does not know and the braces that protect a title's case), and
a faster path for long values (see :func:`latex_to_text`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

_MARKUP = {
    "emph": ("<i>", "</i>"),
    "textit": ("<i>", "</i>"),
    "textsl": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"),
    "textsc": ('<span style="font-variant:small-caps;">', "</span>"),
    "textsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"),
    "textup": ('<span class="nocase">', "</span>"),
    "mkbibquote": ("“", "”"),
    "enquote": ("“", "”"),
}


def latex_to_text(value: str, *, title: bool = False) -> str:
    """LaTeX → Unicode text, with CSL's markup for emphasis and (in a title) the
    braces that protect case."""
    value = " ".join(value.split())  # BibTeX reads any run of white space as one blank
    if "$" in value:
        value = _MATH.sub(_scripts, value)
    if not any(c in value for c in _SPECIAL):
        return value
    if len(value) > _CHUNKED and _COMMENT_OR_MATH.search(value) is None:
        # pylatexenc reads a value character by character (an abstract of 2,000
        # characters: 20 ms): the words without LaTeX are kept as they are, and only
        # the pieces with some are converted. The same text (tests/test_bibtex_latex).
        return " ".join(piece if plain else _piece(piece, title) for piece, plain in _pieces(value))
    return _whole(value, title)


_SPECIAL = "\\{}$~-`'%&"
#: Values longer than this are converted piece by piece (see latex_to_text).
_CHUNKED = 120
#: A comment ("%" to the line's end) or math ("$"), unless escaped: converted whole;
#: ... or a control space ("\\ ", a backslash at the end).
_COMMENT_OR_MATH = re.compile(r"(?<!\\)[%$]|\\ |\\$")
_CONTROL_AT_END = re.compile(r"\\(?:[A-Za-z]+|.)?$")


def _pieces(value: str) -> Iterator[tuple[str, bool]]:
    """``value`` (one blank between words, no math, no comment) cut at blanks
    outside braces and not after a control sequence (which may take the blank):
    runs of words without LaTeX (``plain``), and the pieces with some."""
    words = value.split(" ")
    run: list[str] = []  # plain words
    piece: list[str] = []  # a piece with LaTeX, until it may end
    depth = 0
    for word in words:
        if not piece and depth == 0 and not any(c in word for c in _SPECIAL):
            run.append(word)
            continue
        if run:
            yield " ".join(run), True
            run = []
        piece.append(word)
        depth += _depth_change(word)
        if depth <= 0 and _CONTROL_AT_END.search(word) is None:
            yield " ".join(piece), False
            piece, depth = [], 0
    if run:
        yield " ".join(run), True
    if piece:
        yield " ".join(piece), False


def _depth_change(word: str) -> int:
    change = 0
    escaped = False
    for char in word:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            change += 1
        elif char == "}":
            change -= 1
    return change


@functools.lru_cache(maxsize=8192)
def _piece(value: str, title: bool) -> str:
    """A piece of a long value (a word or a braced group: "{\\textless}29\\%", "\\&"),
    converted once however often it comes."""
    return _whole(value, title)


def _whole(value: str, title: bool) -> str:
    from pylatexenc.latexwalker import LatexWalker

    converter = _converter()
    try:
        nodes, _, _ = LatexWalker(
            value, latex_context=_context(), tolerant_parsing=True
        ).get_latex_nodes()
    except Exception:  # pylatexenc is tolerant, but never let a value crash a run
        return value
    return _nodes_text(nodes, converter, title, 0)


_MATH = re.compile(r"\$([^$]*)\$")
_SCRIPT = re.compile(r"([\^_])(?:\{([0-9+\-=()]+)\}|([0-9]))")
_SUPER = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def _scripts(math: re.Match[str]) -> str:
    """Digits raised or lowered in math as Unicode super- and subscripts ("$\\Sigma^{0}$"
    → "$\\Sigma⁰$"), as Zotero reads them; the rest is pylatexenc's."""

    def one(script: re.Match[str]) -> str:
        digits = script.group(2) or script.group(3)
        return digits.translate(_SUPER if script.group(1) == "^" else _SUB)

    return "$" + _SCRIPT.sub(one, math.group(1)) + "$"


_CONVERTER: Any = None
_CONTEXT: Any = None


def _context() -> Any:
    """pylatexenc's macros, and the markup macros it does not know with their argument."""
    global _CONTEXT
    if _CONTEXT is None:
        from pylatexenc import latexwalker, macrospec

        _CONTEXT = latexwalker.get_default_latex_context_db()
        _CONTEXT.add_context_category(
            "citeconv", macros=[macrospec.MacroSpec(m, "{") for m in _MARKUP], prepend=True
        )
    return _CONTEXT


def _converter() -> Any:
    global _CONVERTER
    if _CONVERTER is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _CONVERTER = LatexNodes2Text(math_mode="text", keep_braced_groups=False)
    return _CONVERTER


def _nodes_text(nodes: Any, converter: Any, title: bool, depth: int) -> str:
    from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode

    out: list[str] = []
    for node in nodes or []:
        if node.isNodeType(LatexGroupNode):
            children = node.nodelist or []
            inner = _nodes_text(children, converter, title, depth + 1)
            special = bool(children) and children[0].isNodeType(LatexMacroNode)
            if title and depth == 0 and not special and any(c.isupper() for c in inner):
                out.append(f'<span class="nocase">{inner}</span>')
            else:
                out.append(inner)
        elif node.isNodeType(LatexMacroNode) and node.macroname in _MARKUP:
            opener, closer = _MARKUP[node.macroname]
            arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
            argument = arguments[-1] if arguments else None
            if argument is None:
                continue
            children = argument.nodelist if argument.isNodeType(LatexGroupNode) else [argument]
            out.append(opener + _nodes_text(children, converter, False, depth + 1) + closer)
        else:
            out.append(converter.nodelist_to_text([node]))
    return "".join(out)
