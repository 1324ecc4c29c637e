"""citeconv.latex: escaping that leaves no input able to act as LaTeX, case protection, markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeconv.latex import escape, latex_title, sanitize_verbatim

#: Every command the escaping and the title conversion may write, and nothing else.
ALLOWED_COMMANDS = {
    "textbackslash",
    "textbraceleft",
    "textbraceright",
    "textasciitilde",
    "textasciicircum",
    "textless",
    "textgreater",
    "emph",
    "textbf",
    "textsc",
    "textsuperscript",
    "textsubscript",
}
ALLOWED_SYMBOLS = set("&%$#_")
# Commands pylatexenc writes for accents and symbols in --ascii output: single
# non-letters (\" \' \^ \` \~ \= \.) or letters-only names; checked the same way.
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def assert_inert(latex: str, ascii_output: bool = False) -> None:
    """Balanced braces at every point, and only known commands."""
    depth = 0
    for char in latex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, latex
    assert depth == 0, latex
    for match in _COMMAND.finditer(latex):
        name = match.group(1)
        if name in ALLOWED_COMMANDS or name in ALLOWED_SYMBOLS:
            continue
        assert ascii_output, f"unexpected command \\{name} in {latex!r}"
        assert name not in {"input", "write", "catcode", "def", "include", "immediate"}


HOSTILE = [
    r"\input{/etc/passwd}",
    r"\write18{rm -rf ~}",
    r"\immediate\write18{ls}",
    r"\catcode`\{=12 \def\x{y}",
    "{{{ unbalanced",
    "}}} closing",
    "\\",
    "a\\",
    "$\\alpha$ & % # _ ^ ~",
    "\\csname input\\endcsname{x}",
    "^^5cinput{x}",  # TeX's ^^ notation for a backslash
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_inert(text: str) -> None:
    for ascii_output in (False, True):
        assert_inert(escape(text, ascii_output), ascii_output)
        assert_inert(latex_title(text, "all", ascii_output), ascii_output)


def test_specials_become_printing_commands() -> None:
    assert escape(r"\input{x}") == r"{\textbackslash}input{\textbraceleft}x{\textbraceright}"
    assert escape("100% & $5 #1 a_b") == r"100\% \& \$5 \#1 a\_b"
    assert escape("~^") == r"{\textasciitilde}{\textasciicircum}"
    assert escape("p < 0.05 > q") == r"p {\textless} 0.05 {\textgreater} q"


def test_ligatures_are_broken_up() -> None:
    assert escape("a--b---c") == "a-{}-b-{}-{}-c"
    assert escape("``quoted''") == "`{}`quoted'{}'"
    assert escape("!`?`") == "!{}`?{}`"


def test_whitespace_and_control_characters_collapse() -> None:
    assert escape("  a\n\n b\t\x00c\x85 ") == "a b c"


def test_utf8_is_kept_by_default_and_accents_with_ascii() -> None:
    assert escape("Müller Łódź") == "Müller Łódź"
    assert escape("Müller", ascii_only=True) == r"M{\"u}ller"
    assert escape("café", ascii_only=True) == r"caf{\'e}"
    assert escape("Łódź", ascii_only=True).isascii()
    # Stacked accents are stacked commands, the last accent outermost (Vietnamese).
    assert escape("Nguyễn", ascii_only=True) == r"Nguy{\~{\^{e}}}n"
    # A character with no LaTeX form is kept as it is, never a placeholder.
    assert escape("smile 😀 中文", ascii_only=True) == "smile 😀 中文"


def test_ascii_escapes_specials_before_accents() -> None:
    assert escape(r"Ü & \x", ascii_only=True) == r"{\"U} \& {\textbackslash}x"


@given(st.text())
def test_any_text_is_inert(text: str) -> None:
    assert_inert(escape(text))
    assert_inert(latex_title(text, "auto"))


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_any_text_is_inert_and_ascii_with_ascii(text: str) -> None:
    """ASCII, but for characters that have no LaTeX spelling, which are kept as they
    are (and only they: each is one of the input's)."""
    result = escape(text, ascii_only=True)
    kept = {c for c in result if not c.isascii()}
    assert kept <= set(text)
    assert all(not escape(c, ascii_only=True).isascii() for c in kept)
    assert_inert(result, ascii_output=True)


def test_verbatim_fields_are_percent_encoded_only_where_needed() -> None:
    assert sanitize_verbatim("https://x.org/a_b?q=1&r=%20") == "https://x.org/a_b?q=1&r=%20"
    assert sanitize_verbatim(r"http://x/a b\c{d}") == "http://x/a%20b%5Cc%7Bd%7D"


# --- case protection ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("DNA repair in mRNA and the iPhone", "{DNA} repair in {mRNA} and the {iPhone}"),
        ("Effects of vitamin D on COVID-19", "Effects of vitamin {D} on {COVID-19}"),
        ("SARS-CoV-2 (HIV/AIDS) in the UK.", "{SARS-CoV-2} ({HIV/AIDS}) in the {UK}."),
        ("A study of care in Ontario", "A study of care in Ontario"),
        ("McDonald and the US", "{McDonald} and the {US}"),
    ],
)
def test_auto_case_protection(title: str, expected: str) -> None:
    assert latex_title(title, "auto") == expected


def test_case_protection_never_braces_the_whole_title() -> None:
    title = "DNA"
    assert latex_title(title, "auto") == "{DNA}"  # one word: the word, not {{DNA}}
    assert latex_title("Care in Ontario", "all") == "{Care} in {Ontario}"
    assert not latex_title("Care in Ontario", "all").startswith("{{")
    assert latex_title("DNA in Ontario", "none") == "DNA in Ontario"


def test_case_protection_with_specials_and_ascii() -> None:
    assert latex_title("R&D at AT&T", "auto") == r"{R\&D} at {AT\&T}"
    assert latex_title("Über DNA", "all", ascii_only=True) == r"{{\"U}ber} {DNA}"


# --- markup ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("<i>Escherichia coli</i> growth", r"\emph{Escherichia coli} growth"),
        ("in H<sub>2</sub>O", r"in {H}\textsubscript{2}{O}"),
        ("H<sub>2</sub>O first", r"H\textsubscript{2}{O} first"),
        ("10<sup>5</sup> cells", r"10\textsuperscript{5} cells"),
        ("<b>bold</b> <em>em</em>", r"\textbf{bold} \emph{em}"),
        ('<span style="font-variant: small-caps;">Sc</span>', r"\textsc{Sc}"),
        ('a <span class="nocase">pH</span> test', "a {pH} test"),
        ("<i>DNA</i> damage", r"\emph{{DNA}} damage"),
        ("nested <i>a <b>b</b></i>", r"nested \emph{a \textbf{b}}"),
        ("stray <i>tag", r"stray {\textless}i{\textgreater}tag"),
        ("a < b > c", r"a {\textless} b {\textgreater} c"),
        ("</i>closing only", r"{\textless}/i{\textgreater}closing only"),
        ("<script>x</script>", r"{\textless}script{\textgreater}x{\textless}/script{\textgreater}"),
    ],
)
def test_markup(title: str, expected: str) -> None:
    assert latex_title(title, "auto") == expected
    assert_inert(latex_title(title, "auto"))


def test_verbatim_whitespace_and_controls() -> None:
    assert sanitize_verbatim(" http://x/a\tb\nc\x00d ") == "http://x/a%20b%20c%20d"


def test_unicode_spaces_are_kept() -> None:
    assert escape("10\u00a0mg and 5\u2009%") == "10\u00a0mg and 5\u2009\\%"
    assert latex_title("10\u00a0mg of DNA", "auto") == "10\u00a0mg of {DNA}"


def test_ascii_works_around_pylatexenc_accent_bugs() -> None:
    """pylatexenc writes ű as {\\'u} (wrong accent) and ŉ as {\\nument{149}} (no command)."""
    assert escape("Győr Bűn Ű", ascii_only=True) == r"Gy{\H{o}}r B{\H{u}}n {\H{U}}"
    assert escape("ŉ", ascii_only=True) == "{'n}"


def _whole_value(value: str, title: bool) -> str:
    """What latex_to_text gave before it converted long values piece by piece."""
    from citeconv.readers import bibtex_latex as bibtex

    value = " ".join(value.split())
    if "$" in value:
        value = bibtex._MATH.sub(bibtex._scripts, value)
    if not any(c in value for c in bibtex._SPECIAL):
        return value
    return bibtex._whole(value, title)


_LATEX_WORDS = st.sampled_from(
    [
        "plain",
        "Word",
        "DNA",
        r"\%",
        r"\&",
        r"\$",
        "--",
        "---",
        "``",
        "''",
        "~",
        "{",
        "}",
        r"{\textless}",
        r"\textless",
        r"\'e",
        r"{\"u}",
        r"\LaTeX",
        r"\emph{x}",
        r"\textit",
        r"{\it",
        "{Braced}",
        r"\\",
        r"\ ",
        "x{y}z",
        r"\c{c}",
        "a-b",
        "'",
        "`",
        r"\o",
        r"\ss{}",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LATEX_WORDS, min_size=30, max_size=80), st.booleans())
def test_long_values_converted_piece_by_piece_read_as_the_whole(
    words: list[str], title: bool
) -> None:
    """A long value (an abstract) is converted in pieces, for speed (10,000 entries
    took 64 s, pandoc 28 s): the text must be the whole value's, braces,
    control words that take the blank after them and all."""
    from citeconv.readers.bibtex_latex import latex_to_text

    value = " ".join(words)
    assert latex_to_text(value, title=title) == _whole_value(value, title)
