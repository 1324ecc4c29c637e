"""Plain text → LaTeX for .bib values: escaping, accents, case protection, markup.

Everything a record carries is *text*; nothing in it may act as LaTeX. So every value
is escaped here before a writer puts it in a .bib file:

- TeX specials ``\\ { } & % $ # _ ~ ^`` become commands that print the character.
  Braces and backslash become ``{\\textbraceleft}``, ``{\\textbraceright}`` and
  ``{\\textbackslash}`` rather than ``\\{``: bibtex and biber count braces without
  looking at backslashes, so an unbalanced ``\\{`` would break the whole file, while
  these commands keep every value balanced whatever the input.
- Ligature and font traps (``--``, ``''``, ````` `` `````, ``<``, ``>``) are broken up or
  spelled as commands so that the printed text is the input text.
- ``--ascii`` output writes non-ASCII characters as LaTeX accent commands through
  pylatexenc (``ü`` → ``{\\"u}``).
- Titles: CSL's HTML-like markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
  ``<span style="font-variant:small-caps;">``, ``<span class="nocase">``) becomes
  ``\\emph{}``, ``\\textbf{}``, ``\\textsuperscript{}``, ``\\textsubscript{}``,
  ``\\textsc{}`` and braces; and words whose case a style must not change are
  braced one by one (``{DNA}``, ``{mRNA}``, ``{iPhone}``), never the whole title.

The escaping itself is a translation table, not pylatexenc's encoder: pylatexenc
writes ``\\{`` for braces (unsafe for bibtex, see above) and, in UTF-8 output, would
turn every non-ASCII character into a macro too; and a table is fast on 100k records.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

CaseProtection = Literal["auto", "none", "all"]
CASE_PROTECTIONS: tuple[str, ...] = ("auto", "none", "all")

_SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
}
# Control characters (and DEL) have no meaning in a reference and can upset TeX.
# Line breaks and tabs are spaces to TeX (a blank line would even be \par). Other
# Unicode spaces (no-break, thin) are kept: they mean something, and LaTeX's UTF-8
# input knows them.
_SPECIALS.update({chr(c): " " for c in (*range(32), *range(0x7F, 0xA0), 0x2028, 0x2029)})
# str.translate with a dict table costs a Python-level lookup per character (on a
# non-ASCII abstract, 130 µs for 1.5k characters); most values have nothing to
# escape, which one regex search finds out, and the rest have a few specials, which
# a substitution replaces one by one (10x faster than translate on abstracts).
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")
_SPECIAL_FOR = _SPECIALS.__getitem__


def _special(match: re.Match[str]) -> str:
    return _SPECIAL_FOR(match.group())


_SPACES = re.compile(" {2,}")
_TABLE_SPACES = str.maketrans({c: " " for c, v in _SPECIALS.items() if v == " "})
_NEEDS_SPACES = re.compile(
    "[" + re.escape("".join(c for c, v in _SPECIALS.items() if v == " ")) + "]"
)
_SPACE = re.compile(" +")
# In a URL or DOI: whitespace and control characters, encoded as one %20.
_URL_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
# TeX ligatures that would change the text: -- and --- (dashes), `` and '' (quotes),
# !` and ?` (inverted marks). An empty group between the characters prevents them.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")


def escape(text: str, ascii_only: bool = False) -> str:
    """``text`` as LaTeX that prints exactly ``text`` and does nothing else.

    >>> escape(r"50% of \\input{x}")
    '50\\\\% of {\\\\textbackslash}input{\\\\textbraceleft}x{\\\\textbraceright}'
    """
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_special, text)
    text = text.strip(" ")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if "--" in text or "``" in text or "''" in text or "!`" in text or "?`" in text:
        text = _LIGATURE.sub("{}", text)
    if ascii_only and not text.isascii():
        text = _encoder().unicode_to_latex(text.translate(_ASCII_FIXES))
    return text


# pylatexenc 2.x (2.10, 2.11) writes ű/Ű with an acute accent ({\'u}) where Hungarian
# has the double acute ({\H{u}}), and ŉ as {\nument{149}}, which is no LaTeX command
# at all; we spell these ourselves before pylatexenc sees them.
_ASCII_FIXES = str.maketrans({"ű": r"{\H{u}}", "Ű": r"{\H{U}}", "ŉ": "{'n}"})


@lru_cache(maxsize=1)
def _encoder() -> Any:
    """pylatexenc's encoder for non-ASCII only: our escaping already did the specials."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        # A character pylatexenc does not know: its accents stacked as LaTeX
        # ("ễ" → {\~{\^{e}}}), or, with none (an emoji, CJK), kept as UTF-8, never a
        # placeholder (it was \ensuremath{\langle}U+1F600\ensuremath{\rangle}); the
        # BibTeX writer names each entry that keeps such characters in a warning.
        unknown_char_policy=_stacked_accents,
        unknown_char_warning=False,
    )


#: Combining accents and the LaTeX accent commands that write them.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}


def _stacked_accents(char: str) -> str:
    """``char`` as LaTeX accents over an ASCII letter (``ễ`` → ``{\\~{\\^{e}}}``, the
    last accent outermost), or ``char`` itself when it is not one."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[:1], decomposed[1:]
    if not (base.isascii() and base.isalpha() and marks) or any(m not in _ACCENTS for m in marks):
        return char
    latex = base
    for mark in marks:
        latex = f"\\{_ACCENTS[mark]}{{{latex}}}"
    return "{" + latex + "}"


def sanitize_verbatim(text: str) -> str:
    """A URL or DOI for a verbatim field: only what could break the .bib is encoded.

    biblatex reads ``url`` and ``doi`` verbatim, so TeX escapes would be printed as
    such; instead the characters that could unbalance or end the value, or make it
    act as a command, are percent-encoded (a valid URL stays the same URL).
    """
    return (
        _URL_SPACE.sub("%20", text.strip())
        .replace("\\", "%5C")
        .replace("{", "%7B")
        .replace("}", "%7D")
        .replace('"', "%22")
    )


# --- titles: markup and case protection -------------------------------------------

_TAG = re.compile(
    r"<(/?)(i|em|b|strong|sup|sub|sc|span)(\s+[^<>]*)?>",
    re.IGNORECASE,
)
_WRAPPERS = {
    "i": r"\emph{",
    "em": r"\emph{",
    "b": r"\textbf{",
    "strong": r"\textbf{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
    "sc": r"\textsc{",
}
# A word: leading punctuation, a core, trailing punctuation.
_WORD = re.compile(r"^([\"'“‘(\[]*)(.*?)([\"'”’)\].,;:!?]*)$", re.DOTALL)


def _protect_word(core: str, first: bool, mode: CaseProtection) -> bool:
    if mode == "none" or not core:
        return False
    if mode == "all":
        return any(c.isupper() for c in core)
    # auto: acronyms and inner capitals (DNA, mRNA, iPhone, COVID-19, McDonald);
    # a lone capital letter (vitamin D, Hepatitis B) unless it opens the title.
    if any(c.isupper() for c in core[1:]):
        return True
    return len(core) == 1 and core.isupper() and not first


def _plain_title(text: str, mode: CaseProtection, ascii_only: bool, at_start: bool) -> str:
    """Escape a stretch of title text, bracing the words a style must not recase.

    The words between braced ones are escaped together: one call per run, not one
    per word, which is most of the cost of a title.
    """
    pieces: list[str] = []
    run: list[str] = []
    first = at_start
    for word in text.split(" "):
        if word.islower():
            # No capital letter in it: never braced, whatever the mode (most words).
            run.append(word)
            first = False
            continue
        match = _WORD.match(word) if word else None
        if match is not None and _protect_word(match.group(2), first, mode):
            if run:
                pieces.append(_escape_keeping_spaces(" ".join(run), ascii_only))
                run = []
            lead, core, trail = match.groups()
            pieces.append(
                escape(lead, ascii_only)
                + "{"
                + escape(core, ascii_only)
                + "}"
                + escape(trail, ascii_only)
            )
        else:
            run.append(word)
        first = first and not word
    if run:
        pieces.append(_escape_keeping_spaces(" ".join(run), ascii_only))
    return " ".join(pieces)


def _escape_keeping_spaces(text: str, ascii_only: bool) -> str:
    escaped = escape(text, ascii_only)
    if not escaped:
        return " " if text.strip(" ") != text else ""
    lead = " " if text.startswith(" ") else ""
    trail = " " if text.endswith(" ") else ""
    return lead + escaped + trail


def _markup_spans(text: str) -> list[tuple[int, int, int, int, str]]:
    """Matched tag pairs as (open start, open end, close start, close end, LaTeX opener)."""
    stack: list[tuple[str, int, int, str | None]] = []
    pairs: list[tuple[int, int, int, int, str]] = []
    for match in _TAG.finditer(text):
        closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3) or ""
        if not closing:
            opener: str | None = _WRAPPERS.get(tag)
            if tag == "span":
                compact = attrs.replace(" ", "").lower()
                if "nocase" in compact:
                    opener = "{"
                elif "font-variant:small-caps" in compact:
                    opener = r"\textsc{"
            stack.append((tag, match.start(), match.end(), opener))
            continue
        # A closing tag closes the innermost open tag of its name; unmatched ones
        # stay literal text.
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == tag:
                _, start, end, opener = stack[i]
                del stack[i:]
                if opener is not None:
                    pairs.append((start, end, match.start(), match.end(), opener))
                break
    return pairs


def latex_title(text: str, mode: CaseProtection = "auto", ascii_only: bool = False) -> str:
    """A title (or other sentence-cased text) as LaTeX: markup converted, case protected.

    >>> latex_title("<i>In vivo</i> mRNA and DNA")
    '\\\\emph{In vivo} {mRNA} and {DNA}'
    """
    if _NEEDS_SPACES.search(text):
        text = text.translate(_TABLE_SPACES)
    text = _SPACE.sub(" ", text).strip(" ")
    pairs = _markup_spans(text) if "<" in text else []
    if not pairs:
        return _plain_title(text, mode, ascii_only, at_start=True)
    # position → (end of the tag, LaTeX to write, change of the nocase depth)
    events: dict[int, tuple[int, str, int]] = {}
    for start, end, close_start, close_end, opener in pairs:
        nocase = 1 if opener == "{" else 0
        events[start] = (end, opener, nocase)
        events[close_start] = (close_end, "}", -nocase)
    out: list[str] = []
    started = False  # has a word been written? (the title's first word is not braced)
    nocase_depth = 0  # inside <span class="nocase"> the braces protect everything
    segment_start = 0
    for index in [*sorted(events), len(text)]:
        segment = text[segment_start:index]
        segment_mode: CaseProtection = "none" if nocase_depth else mode
        out.append(_plain_title(segment, segment_mode, ascii_only, at_start=not started))
        started = started or bool(segment.strip())
        if index in events:
            segment_start, latex, depth_change = events[index]
            nocase_depth += depth_change
            out.append(latex)
    return "".join(out).strip()
