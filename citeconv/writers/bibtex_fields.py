"""Which BibTeX or BibLaTeX field each CSL variable becomes: the table the BibTeX
writer reads (``BibtexWriter._fields``), in the order fields are written.

A :class:`Field` row writes one field from the first of its CSL variables with a
value, when the dialect and the entry type are the ones it names. A :class:`Choice`
row gives one variable to the first of its options whose dialect, entry types and
condition hold (whether or not the variable has a value); an option with no field
name sends the value to the ``note``. A :class:`Step` row is done by the writer
method of that name: what does not fit a row (dates, the thesis and report ``type``,
PubMed ids, the URL beside a DOI, the note itself, plain.bst's consistency rules).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from citeconv.languages import babel_name
from citeconv.model import Item

#: How a value is written: ``text`` escaped, ``title`` with its case protected,
#: ``verbatim`` for bibtex's url-like fields, ``names`` a name list, ``pages`` a
#: range with ``--``, ``holder`` a name list of one corporate name, ``edtf`` a
#: BibLaTeX ISO 8601 date, ``iso`` the first date as ISO 8601, ``literal`` as is.
Kind = Literal["text", "title", "verbatim", "names", "pages", "holder", "edtf", "iso", "literal"]
Dialect = Literal["bibtex", "biblatex"]
Source = tuple[str, ...] | Callable[[Item], "str | None"]

#: Entry types whose container is a book (its title goes to ``booktitle``).
IN_BOOK = frozenset({"incollection", "inproceedings", "inbook", "inreference"})
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def doi(item: Item) -> str:
    """The DOI without a resolver or ``doi:`` prefix."""
    return _DOI_PREFIX.sub("", (item.get("DOI") or "").strip())


def same_link(url: str, doi_value: str) -> bool:
    """Whether ``url`` is the DOI's own resolver link."""
    return _DOI_PREFIX.sub("", url.strip()).lower() == doi_value.lower()


@dataclass(frozen=True)
class Field:
    #: The field written; None: the value goes into the ``note`` (in a Choice).
    name: str | None
    #: CSL variables, the first with a value wins (for ``names`` and dates, one),
    #: or a function of the item.
    source: Source
    kind: Kind = "text"
    dialect: Dialect | None = None
    #: The entry types it is written for (None: any), and those it is not.
    types: frozenset[str] | None = None
    except_types: frozenset[str] = frozenset()
    #: A further condition on the item.
    when: Callable[[Item], bool] | None = None
    #: A ``WriterOptions`` flag that leaves the field out (``no_abstract``).
    unless_option: str | None = None


@dataclass(frozen=True)
class Choice:
    """One variable, given to the first option that applies."""

    options: tuple[Field, ...]


@dataclass(frozen=True)
class Step:
    """A writer method that adds its own fields (``BibtexWriter._step_<name>``)."""

    name: str


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


def _no_container(item: Item) -> bool:
    return not item.get("container-title")


def _subtype(item: Item) -> str | None:
    if item.type in ("article-newspaper", "article-magazine"):
        return item.type.split("-")[1]
    return None


def _language(item: Item) -> str | None:
    language = (item.get("language") or "").strip()
    return (babel_name(language) or language) if language else None


def _langid(item: Item) -> str | None:
    """BibLaTeX's hyphenation language: only a name biblatex knows."""
    return babel_name(item.get("language") or "")


def _status_sentence(item: Item) -> str | None:
    """The status as a sentence of the note ("In press")."""
    status = (item.get("status") or "").strip()
    return status[:1].upper() + status[1:] if status else None


def _useprefix(item: Item) -> str | None:
    """``useprefix=true`` when a name has a non-dropping particle ("van Raaij" in
    CSL: "van" is always shown): biblatex and pandoc otherwise cite and sort it
    as "Raaij" (bibtex itself ignores the field and prints the von part)."""
    for names in item.names.values():
        if any(name.non_dropping_particle and not name.literal for name in names):
            return "useprefix=true"
    return None


def _keywords(item: Item) -> str | None:
    # A comma inside a keyword would split it: biblatex separates on commas.
    return ", ".join(k.replace(",", ";") for k in item.keywords) if item.keywords else None


_EVENTS = _types("inproceedings", "proceedings")

FIELDS: tuple[Field | Choice | Step, ...] = (
    Field("author", ("author",), "names"),
    Field("editor", ("editor",), "names"),
    Field("translator", ("translator",), "names"),
    Field("bookauthor", ("container-author",), "names", "biblatex", IN_BOOK),
    Field("title", ("title",), "title"),
    Field("shorttitle", ("title-short",), "title", "biblatex"),
    Field("origtitle", ("original-title",), "title", "biblatex"),
    Choice(
        (
            Field("journaltitle", ("container-title",), "text", "biblatex", _types("article")),
            Field("journal", ("container-title",), "text", "bibtex", _types("article")),
            Field("booktitle", ("container-title",), "title", types=IN_BOOK),
            Field(
                "organization",
                ("container-title",),
                "text",
                "biblatex",
                _types("online", "dataset"),
            ),
            Field(
                "howpublished",
                ("container-title",),
                types=_types("misc", "booklet", "software", "unpublished"),
            ),
            Field(None, ("container-title",)),
        )
    ),
    Field("shortjournal", ("container-title-short",), "text", "biblatex", _types("article")),
    Field("entrysubtype", _subtype, "literal", "biblatex", _types("article")),
    Field("eventtitle", ("event-title", "event"), "title", "biblatex", _EVENTS),
    Field("venue", ("event-place",), "text", "biblatex", _EVENTS),
    Step("issued"),
    Field("origdate", ("original-date",), "edtf", "biblatex"),
    Field("eventdate", ("event-date",), "edtf", "biblatex", _EVENTS),
    Field("volume", ("volume",)),
    Field("volumes", ("number-of-volumes",), "text", "biblatex"),
    # An article's CSL number is its article number (Scopus C7, "Article 104501"):
    # BibTeX's number is the issue, so it goes to eid (plainnat and biblatex print
    # it, pandoc reads it back as the number).
    Field("number", ("issue",), types=_types("article")),
    Field("eid", ("number",), types=_types("article")),
    Field("number", ("number", "collection-number", "issue"), except_types=_types("article")),
    Field("pages", ("page",), "pages"),
    Field("pagetotal", ("number-of-pages",), "text", "biblatex"),
    Field("edition", ("edition",)),
    Field("series", ("collection-title",)),
    Choice(
        (
            Field("school", ("publisher",), types=_types("phdthesis", "mastersthesis")),
            Field("institution", ("publisher",), types=_types("techreport", "thesis", "report")),
            # The BibLaTeX patent holder is a name list; an assignee is usually a company.
            Field("holder", ("publisher",), "holder", types=_types("patent")),
            Field(
                "organization",
                ("publisher",),
                "text",
                "biblatex",
                _types("online"),
                when=_no_container,
            ),
            Field(None, ("publisher",), "text", "biblatex", _types("online")),
            # plain.bst's misc prints howpublished and ignores publisher.
            Field(
                "howpublished", ("publisher",), "text", "bibtex", _types("misc"), when=_no_container
            ),
            Field("publisher", ("publisher",), "text", "bibtex", _types("misc")),
            # BibLaTeX's misc and software have no publisher.
            Field("organization", ("publisher",), "text", "biblatex", _types("misc", "software")),
            Field("publisher", ("publisher",)),
        )
    ),
    Field("location", ("publisher-place",), "text", "biblatex"),
    Field("address", ("publisher-place",), "text", "bibtex"),
    Step("type"),
    Field("doi", doi, "verbatim"),
    Step("eprint"),
    Step("url"),
    Field("urldate", ("accessed",), "iso"),
    Field("isbn", ("ISBN",)),
    Field("issn", ("ISSN",)),
    Field("version", ("version",)),
    # BibTeX has no pubstate: "in press" goes to the note, which plain.bst prints.
    Choice((Field("pubstate", ("status",), "text", "biblatex"), Field(None, _status_sentence))),
    Field("abstract", ("abstract",), unless_option="no_abstract"),
    Field("keywords", _keywords),
    # As a BibLaTeX language name ("english", "ngerman") where there is one.
    Field("language", _language),
    Field("langid", _langid, "text", "biblatex"),
    Step("note"),
    Field("annotation", ("annote",), "text", "biblatex"),
    Field("options", _useprefix, "literal"),
    Step("plain_bst"),
)
