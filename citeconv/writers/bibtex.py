"""BibTeX and BibLaTeX, built on bibtexparser v2's model and writer.

bibtexparser does no LaTeX escaping in its writer: escaping is ours (see
:func:`escape_latex`), so that no field value can act as LaTeX.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TextIO

from citeconv.keys import VALID_KEY, KeyRegistry, default_key
from citeconv.model import Date, Item, Name
from citeconv.writers.base import Writer

#: CSL type → BibTeX entry type.
BIBTEX_TYPES: dict[str, str] = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "review-book": "article",
    "periodical": "misc",
    "book": "book",
    "classic": "book",
    "collection": "book",
    "chapter": "incollection",
    "entry-dictionary": "inbook",
    "entry-encyclopedia": "inbook",
    "paper-conference": "inproceedings",
    "event": "misc",
    "thesis": "phdthesis",
    "report": "techreport",
    "standard": "techreport",
    "manuscript": "unpublished",
    "pamphlet": "booklet",
}

#: CSL type → BibLaTeX entry type.
BIBLATEX_TYPES: dict[str, str] = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "review",
    "review-book": "review",
    "periodical": "periodical",
    "book": "book",
    "classic": "book",
    "collection": "collection",
    "chapter": "incollection",
    "entry-dictionary": "inreference",
    "entry-encyclopedia": "inreference",
    "paper-conference": "inproceedings",
    "thesis": "thesis",
    "report": "report",
    "standard": "standard",
    "manuscript": "unpublished",
    "pamphlet": "booklet",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "legislation": "legislation",
    "legal_case": "jurisdiction",
}

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIALS_TABLE = str.maketrans(_SPECIALS)


def escape_latex(text: str) -> str:
    """Escape TeX specials so that the value is text, never a command."""
    return text.translate(_SPECIALS_TABLE)


def format_name(name: Name) -> str:
    """``Family, Given`` (``van der Berg, Jan``; ``King, Jr., Martin``); organisations braced."""
    if name.literal is not None:
        return "{" + escape_latex(name.literal) + "}"
    family = escape_latex(name.full_family)
    if " " in (name.family or "") and not name.non_dropping_particle:
        family = "{" + family + "}"
    parts = [family]
    if name.suffix:
        parts.append(escape_latex(name.suffix))
    if name.given:
        parts.append(escape_latex(name.given))
    return ", ".join(parts)


def format_names(names: list[Name]) -> str:
    return " and ".join(format_name(n) for n in names)


class BibtexWriter(Writer):
    """BibTeX for bibtex and biber: UTF-8, escaped specials, unique readable keys."""

    name: ClassVar[str] = "bibtex"
    aliases: ClassVar[tuple[str, ...]] = ("bib",)
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description: ClassVar[str] = "BibTeX (.bib for bibtex and biber)"
    biblatex: ClassVar[bool] = False

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        from bibtexparser import model
        from bibtexparser.entrypoint import write_string
        from bibtexparser.library import Library
        from bibtexparser.writer import BibtexFormat

        keys = KeyRegistry()
        keep_ids = bool(self.options.extra.get("keep_ids"))
        count = 0
        for item in items:
            key = item.key if keep_ids and item.key and VALID_KEY.match(item.key) else None
            entry = model.Entry(
                self.entry_type(item),
                keys.claim(key or default_key(item)),
                [
                    # A month macro (oct) must stay bare to be a macro.
                    model.Field(k, v, enclosing="no-enclosing" if k == "month" else None)
                    for k, v in self.fields(item)
                ],
            )
            fmt = BibtexFormat()  # type: ignore[no-untyped-call]
            fmt.indent = "  "
            text = write_string(Library([entry]), bibtex_format=fmt)
            if count:
                out.write("\n")
            out.write(text if text.endswith("\n") else text + "\n")
            count += 1
        return count

    def entry_type(self, item: Item) -> str:
        if self.biblatex:
            return BIBLATEX_TYPES.get(item.type, "misc")
        if item.type == "thesis":
            genre = (item.get("genre") or "").lower()
            if "master" in genre or "msc" in genre or "m.a" in genre:
                return "mastersthesis"
        return BIBTEX_TYPES.get(item.type, "misc")

    def fields(self, item: Item) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []

        def add(key: str, value: str | None, escape: bool = True) -> None:
            if value:
                out.append((key, escape_latex(value) if escape else value))

        for variable, field_name in (
            ("author", "author"),
            ("editor", "editor"),
            ("translator", "translator"),
        ):
            names = item.names.get(variable)
            if names:
                out.append((field_name, format_names(names)))
        add("title", item.get("title"))
        container = item.get("container-title")
        entry_type = self.entry_type(item)
        if entry_type == "article":
            add("journaltitle" if self.biblatex else "journal", container)
            if self.biblatex:
                add("shortjournal", item.get("container-title-short"))
        elif entry_type in ("incollection", "inproceedings", "inbook", "inreference"):
            add("booktitle", container)
        elif container:
            add("howpublished" if not self.biblatex else "maintitle", container)
        issued = item.dates.get("issued")
        if issued is not None:
            out.extend(self.date_fields(issued))
        add("volume", item.get("volume"))
        add("number", item.get("issue") or item.get("number"))
        page = item.get("page")
        if page:
            add("pages", page.replace("–", "-").replace("-", "--").replace("----", "--"))
        add("edition", item.get("edition"))
        add("series", item.get("collection-title"))
        publisher = item.get("publisher")
        if item.type == "thesis":
            add("school" if not self.biblatex else "institution", publisher)
        elif item.type in ("report", "standard"):
            add("institution", publisher)
        else:
            add("publisher", publisher)
        add("location" if self.biblatex else "address", item.get("publisher-place"))
        if item.type in ("thesis", "report") and item.get("genre"):
            add("type", item.get("genre"))
        add("doi", item.get("DOI"))
        add("url", item.get("URL"), escape=False)
        accessed = item.dates.get("accessed")
        if accessed is not None and accessed.parts:
            add("urldate", _iso(accessed.parts[0]))
        add("isbn", item.get("ISBN"))
        add("issn", item.get("ISSN"))
        if not self.options.extra.get("no_abstract"):
            add("abstract", item.get("abstract"))
        if item.keywords:
            add("keywords", ", ".join(item.keywords))
        add("language", item.get("language"))
        add("note", item.get("note"))
        return out

    def date_fields(self, date: Date) -> list[tuple[str, str]]:
        if not date.parts:
            text = date.literal or date.raw or ""
            return [("date" if self.biblatex else "year", escape_latex(text))] if text else []
        first = date.parts[0]
        if self.biblatex:
            value = _iso(first)
            if len(date.parts) > 1:
                value += "/" + _iso(date.parts[1])
            if date.circa:
                value += "~"
            return [("date", value)]
        fields = [("year", str(first[0]))]
        if len(first) > 1:
            fields.append(("month", MONTH_MACROS[first[1] - 1]))
        return fields


def _iso(parts: list[int]) -> str:
    out = f"{parts[0]:04d}"
    for p in parts[1:3]:
        out += f"-{p:02d}"
    return out


class BiblatexWriter(BibtexWriter):
    """BibLaTeX for biber: ISO 8601 dates, journaltitle, BibLaTeX entry types."""

    name: ClassVar[str] = "biblatex"
    aliases: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "BibLaTeX (.bib for biber, ISO dates, richer types)"
    biblatex: ClassVar[bool] = True
