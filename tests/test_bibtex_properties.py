"""Property tests: any record → BibTeX/BibLaTeX → bibtexparser + LaTeX decoding → same values."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import unquote

import bibtexparser
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from citeconv.keys import VALID_KEY
from citeconv.latex import escape
from citeconv.model import Date, Item, Name
from citeconv.writers.base import WriterOptions
from citeconv.writers.bibtex import BiblatexWriter, BibtexWriter, format_entry


def _decoder() -> LatexNodes2Text:
    """pylatexenc's decoder, plus LaTeX kernel text commands it does not know.

    pylatexenc 2.x decodes ``\\textbraceleft``, ``\\textless`` and friends to nothing
    and ``\\textasciicircum`` to a modifier letter; LaTeX prints ``{ } < > ^``.
    """
    db = get_default_latex_context_db()
    db.add_context_category(
        "citeconv-text-commands",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("textless", simplify_repl="<"),
            MacroTextSpec("textgreater", simplify_repl=">"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")


DECODER = _decoder()


def decode(latex: str) -> str:
    return " ".join(DECODER.latex_to_text(latex).split())


def norm(text: str) -> str:
    return " ".join(text.split())


# Text with every kind of character a record may carry (no surrogates; control
# characters are turned into spaces by the writer, as whitespace is collapsed).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip())
# Titles: the same without "<", which starts markup (tested in test_bibtex_latex).
TITLE = TEXT.filter(lambda s: "<" not in s)
# Name parts: no comma (a comma makes the whole name one literal, tested apart).
NAME_PART = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs"), blacklist_characters=","
    ),
    min_size=1,
    max_size=12,
)
NAME = st.one_of(
    st.builds(
        Name,
        family=NAME_PART,
        given=st.one_of(st.none(), NAME_PART),
        suffix=st.one_of(st.none(), st.sampled_from(["Jr.", "III", "Sr"])),
        non_dropping_particle=st.one_of(st.none(), st.sampled_from(["van der", "de", "von"])),
    ),
    st.builds(Name, literal=TEXT),
)
PAGES = st.tuples(st.integers(1, 9999), st.integers(1, 9999), st.sampled_from(["-", "–", " - "]))
DOI = st.from_regex(r"10\.[0-9]{4,5}/[A-Za-z0-9._;()<>/:\-\[\]{}\\]{1,30}", fullmatch=True)
CSL_TYPES = st.sampled_from(
    ["article-journal", "book", "chapter", "paper-conference", "thesis", "report", "webpage"]
)


@st.composite
def items(draw: Any) -> Item:
    item = Item(id="x", type=draw(CSL_TYPES))
    item.fields["title"] = draw(TITLE)
    item.names["author"] = draw(st.lists(NAME, min_size=1, max_size=4))
    first, last, dash = draw(PAGES)
    item.fields["page"] = f"{first}{dash}{last}"
    item.fields["DOI"] = draw(DOI)
    for variable in ("container-title", "publisher", "note", "volume"):
        if draw(st.booleans()):
            item.fields[variable] = draw(TEXT)
    item.dates["issued"] = Date(parts=[[draw(st.integers(1000, 2100))]])
    return item


def parse(bib: str) -> list[Any]:
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return list(library.entries)


def split_name(raw: str) -> tuple[str, str, str]:
    """(von + last, jr, first) of one BibTeX name, decoded."""
    parts = parse_single_name_into_parts(raw)
    return (
        decode(" ".join(parts.von + parts.last)),
        decode(" ".join(parts.jr)),
        decode(" ".join(parts.first)),
    )


def expected_name(name: Name) -> tuple[str, str, str]:
    if name.literal is not None:
        return norm(name.literal), "", ""
    return norm(name.full_family), norm(name.suffix or ""), norm(name.given or "")


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(items(), min_size=1, max_size=4), st.booleans(), st.booleans())
def test_records_survive_the_round_trip(
    records: list[Item], biblatex: bool, ascii_only: bool
) -> None:
    writer_cls = BiblatexWriter if biblatex else BibtexWriter
    options = WriterOptions(ascii=ascii_only, protect_case="auto")
    out = io.StringIO()
    writer = writer_cls(options)
    assert writer.write(records, out) == len(records)
    bib = out.getvalue()
    if ascii_only:
        # ASCII, but for characters with no LaTeX spelling: kept as they are, each
        # entry that keeps one named in a warning.
        kept = {c for c in bib if not c.isascii()}
        assert all(not escape(c, ascii_only=True).isascii() for c in kept)
        warned = [d for d in writer.report.diagnostics if d.code == "ascii"]
        assert bool(kept) == bool(warned)
    entries = parse(bib)
    assert len(entries) == len(records)
    keys = [e.key for e in entries]
    assert len({k.lower() for k in keys}) == len(keys)
    assert all(VALID_KEY.match(k) for k in keys)
    for record, entry in zip(records, entries, strict=True):
        fields = entry.fields_dict
        doi = fields["doi"].value
        assert unquote(doi) == " ".join(record.fields["DOI"].split())
        if ascii_only and not all(
            v.isascii()
            # (the name parts themselves: repr() would escape an unprintable
            # character such as U+18CD6 into ASCII and hide it)
            for v in [
                *record.fields.values(),
                *(str(p) for n in record.names["author"] for p in n.to_csl().values()),
            ]
        ):
            continue  # accents: checked against pylatexenc in test_bibtex_latex
        assert decode(fields["title"].value) == norm(record.fields["title"])
        first, last = re.split(r"\s*[-–]\s*", record.fields["page"])
        assert decode(fields["pages"].value) == f"{first}–{last}"
        for variable, name in (("container-title", None), ("publisher", None), ("note", None)):
            del name
            value = record.fields.get(variable)
            if value is None:
                continue
            candidates = [
                f.value for f in entry.fields if f.key not in ("title", "author", "doi", "pages")
            ]
            assert any(norm(value) in decode(c) for c in candidates), (variable, value, bib)
        raw_names = split_multiple_persons_names(fields["author"].value)
        assert [split_name(n) for n in raw_names] == [
            expected_name(n) for n in record.names["author"]
        ]


def _latex_spellable() -> list[str]:
    """Latin-1 and Latin Extended-A letters pylatexenc can write as LaTeX (not U+017F ſ...)."""
    from citeconv.latex import escape

    # Written as the closest LaTeX there is (ħ as h with macron, ĸ as small-caps k,
    # ŀ as l with dot, ŉ as 'n) or, for ·, decoded by pylatexenc as ˙: not the same letter back.
    approximated = set("ĦħĸĿŀŦŧŉ·")
    chars = (chr(c) for c in range(0x20, 0x180) if chr(c).isprintable() and chr(c) != "<")
    return [c for c in chars if c not in approximated and escape(c, ascii_only=True).isascii()]


LATIN = st.text(alphabet=st.sampled_from(_latex_spellable()), min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
LATIN_PART = st.text(
    alphabet=st.sampled_from([c for c in _latex_spellable() if c not in ", "]),
    min_size=1,
    max_size=12,
)


@SETTINGS
@given(LATIN, st.lists(st.tuples(LATIN_PART, LATIN_PART), min_size=1, max_size=3), st.booleans())
def test_ascii_output_decodes_to_the_same_text(
    title: str, names: list[tuple[str, str]], biblatex: bool
) -> None:
    """--ascii: accents written as commands (pylatexenc) read back as the same letters."""
    import unicodedata

    item = Item(id="x", type="article-journal", fields={"title": title})
    item.names["author"] = [Name(family=f, given=g) for f, g in names]
    writer_cls = BiblatexWriter if biblatex else BibtexWriter
    out = io.StringIO()
    writer_cls(WriterOptions(ascii=True)).write([item], out)
    assert out.getvalue().isascii()
    (entry,) = parse(out.getvalue())

    def nfc(text: str) -> str:
        return unicodedata.normalize("NFC", text)

    assert nfc(decode(entry.fields_dict["title"].value)) == nfc(norm(title))
    raw_names = split_multiple_persons_names(entry.fields_dict["author"].value)
    decoded = [tuple(nfc(p) for p in split_name(n)) for n in raw_names]
    assert decoded == [(nfc(norm(f)), "", nfc(norm(g))) for f, g in names]


_FIELD_NAMES = st.from_regex(r"[a-z]{1,12}", fullmatch=True)
_VALUES = st.text(max_size=40).map(lambda text: "{" + text + "}")


@given(
    st.from_regex(r"[a-z]{1,12}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9:._-]{1,20}", fullmatch=True),
    st.lists(st.tuples(_FIELD_NAMES, _VALUES), max_size=8),
)
def test_entry_layout_is_bibtexparsers(
    entry_type: str, key: str, fields: list[tuple[str, str]]
) -> None:
    """format_entry lays an entry out exactly as bibtexparser's writer (which it replaces
    for speed) does with the writer's format: two-space indent, no alignment."""
    from bibtexparser import model
    from bibtexparser.library import Library
    from bibtexparser.writer import BibtexFormat, write

    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    entry = model.Entry(entry_type, key, [model.Field(k, v) for k, v in fields])
    expected = write(Library([entry]), bibtex_format=fmt)
    assert format_entry(entry_type, key, fields) == expected
