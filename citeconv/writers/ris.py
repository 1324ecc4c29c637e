"""RIS, as Zotero and EndNote import it: ``TY  - JOUR`` … ``ER  - `` per record.

What goes where is data: :data:`TYPES` (CSL type → RIS ``TY``) and :data:`TAGS`
(CSL variable → tag, by type where RIS gives one tag several meanings: ``T2`` is
a journal, a book title or a series; ``A2``/``A3`` an editor or a series editor).
The conventions are those of Zotero's RIS translator, the de facto reference, so
that Zotero reads a record back as it was; EndNote reads the same tags. Values
are one line each (line breaks become blanks), names ``Family, Given, Suffix``,
dates ``YYYY/MM/DD/``, each keyword on its own ``KW`` line. Of ``custom``, only
the RIS tags that mean the same in every RIS (accession numbers, call numbers,
databases, file links, author addresses) are written; the rest is CSL-JSON's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar, TextIO

from citeconv.diagnostics import Report
from citeconv.model import ET_AL, EXPORT_NOTES, MERGED_FROM, Date, Item, Name, Rendered
from citeconv.writers.base import Writer, WriterOptions

_BREAKS = re.compile(r"\s*[\r\n]+\s*")

#: CSL type → RIS ``TY``. Types not listed are ``GEN``.
TYPES: dict[str, str] = {
    "article": "JOUR",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "review": "JOUR",
    "review-book": "JOUR",
    "book": "BOOK",
    "classic": "CLSWK",
    "collection": "EDBOOK",
    "chapter": "CHAP",
    "entry": "ENCYC",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "paper-conference": "CONF",
    "thesis": "THES",
    "report": "RPRT",
    "standard": "STAND",
    "manuscript": "MANSCPT",
    "pamphlet": "PAMP",
    "periodical": "JFULL",
    "webpage": "ELEC",
    "post": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "legislation": "STAT",
    "bill": "BILL",
    "regulation": "LEGAL",
    "legal_case": "CASE",
    "treaty": "GEN",
    "personal_communication": "PCOMM",
    "interview": "INTV",
    "motion_picture": "MPCT",
    "broadcast": "MPCT",
    "song": "SOUND",
    "musical_score": "MUSIC",
    "graphic": "ART",
    "figure": "FIGURE",
    "map": "MAP",
    "speech": "SLIDE",
    "hearing": "HEAR",
    "event": "GEN",
    "document": "GEN",
}

_SERIAL = frozenset({"JOUR", "MGZN", "NEWS", "JFULL"})
_WHOLE_BOOKS = frozenset({"BOOK", "CLSWK", "EDBOOK", "PAMP"})

#: (CSL variable, tag, RIS types it is written for: None for any), in output
#: order; the first row that applies to a variable writes it.
TAGS: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("title", "TI", None),
    ("container-title", "T2", None),  # journal, book, conference, website; a book's series below
    ("collection-title", "T2", _WHOLE_BOOKS),
    ("collection-title", "T3", None),
    ("container-title-short", "J2", None),
    ("title-short", "ST", None),
    ("volume", "VL", None),
    ("issue", "IS", None),
    ("number", "C7", _SERIAL),  # an article number (EndNote's C7)
    ("number", "M1", None),
    ("edition", "ET", None),
    ("number-of-volumes", "NV", None),
    ("number-of-pages", "SP", _WHOLE_BOOKS | {"THES", "MANSCPT"}),
    ("publisher", "PB", None),
    ("publisher-place", "C1", frozenset({"CONF"})),  # a conference's CY is its place
    ("publisher-place", "CY", None),
    ("event-place", "CY", frozenset({"CONF"})),
    ("genre", "M3", None),
    ("section", "SE", None),
    ("language", "LA", None),
    ("DOI", "DO", None),
    ("ISSN", "SN", None),
    ("ISBN", "SN", None),
    ("URL", "UR", None),
    ("abstract", "AB", None),
    ("note", "N1", None),
    ("archive", "DB", None),
    ("source", "DB", None),  # the database a record came from (RIS DB, read as source)
    ("archive_location", "AN", None),
    ("call-number", "CN", None),
)

#: Name variables → tag, by type (Zotero's A2/A3 meanings).
NAMES: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("author", "AU", None),
    ("editor", "A3", _WHOLE_BOOKS),
    ("editor", "ED", frozenset({"RPRT", "ELEC", "BLOG"})),  # their A2 is a series editor
    ("editor", "A2", None),
    ("collection-editor", "A2", _WHOLE_BOOKS),
    ("collection-editor", "A3", None),
    ("translator", "A4", None),
    ("container-author", "A2", frozenset({"CHAP"})),
)

#: custom keys written back as the RIS tags they are (same meaning in every RIS).
KEPT_CUSTOM = ("AN", "CN", "DB", "DP", "AD", "L1", "L2", "L3", "L4", "LB", "RN", "CA", "M3")


class RisWriter(Writer):
    """RIS for Zotero, EndNote, Mendeley, Rayyan, Covidence: UTF-8, one record each."""

    name: ClassVar[str] = "ris"
    aliases: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".ris",)
    description: ClassVar[str] = "RIS (Zotero, EndNote, Mendeley, Rayyan, Covidence)"
    options_used: ClassVar[frozenset[str] | None] = frozenset({"keep_ids", "key_format"})
    any_key: ClassVar[bool] = True  # an ID may be any one line (case kept)

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        return self.write_rendered(items, out)

    def __init__(self, options: WriterOptions | None = None, report: Report | None = None) -> None:
        super().__init__(options, report)
        self.keys = self.citation_keys()  # checks the template before reading

    def write_rendered(self, items: Iterable[Item | Rendered], out: TextIO) -> int:
        """:meth:`write`, where a record may come rendered by a ``--jobs`` worker. The
        ``ID`` is the record's citation key (citeconv.keys.CitationKeys: the same as
        the BibTeX key and the CSL-JSON id), made unique here, in input order."""
        keys = self.citation_keys()
        count = 0
        for part in items:
            stem, wanted, ty, rest = part.piece if isinstance(part, Rendered) else self.render(part)
            key = keys.claim(stem)
            self.warn_renamed(keys, wanted, key, part)
            if count:
                out.write("\n")
            out.write(f"TY  - {ty}\nID  - {key}\n{rest}")
            count += 1
        return count

    def can_render_apart(self) -> bool:
        """A record's RIS depends on the record alone (its ID is made unique apart),
        unless its key uses the record's place in the input (``{id}``)."""
        return not self.keys.in_input_order

    def render(self, item: Item) -> tuple[str, str | None, str, str]:
        """``(key stem, own key kept, TY, the record's lines after TY and ID up to ER)``."""
        ty = TYPES.get(item.type, "GEN")
        lines: list[str] = []

        def put(tag: str, value: str | None) -> None:
            if value is not None:
                # One line per value: line breaks become a blank (other white space
                # stays as it is).
                value = _BREAKS.sub(" ", value).strip()
                if value:
                    lines.append(f"{tag}  - {value}")

        cut_short = item.custom.get(ET_AL, ())
        written: set[str] = set()
        for variable, tag, types in NAMES:
            if variable in written or (types is not None and ty not in types):
                continue
            people = item.names.get(variable)
            if people:
                written.add(variable)
                for person in people:
                    put(tag, _name(person))
                if variable in cut_short:
                    put(tag, "et al.")
        done: set[str] = set()
        for variable, tag, types in TAGS:
            if variable in done or (types is not None and ty not in types):
                continue
            if variable == "container-title" and ty in _WHOLE_BOOKS:
                continue  # a whole book has no container; T2 is its series
            value = item.get(variable)
            if value:
                done.add(variable)
                put(tag, value)
        page = item.get("page")
        if page and not (ty in _WHOLE_BOOKS and "number-of-pages" in done):
            first, sep, last = page.partition("-") if "-" in page else page.partition("–")
            put("SP", first.strip() if sep else page)
            if sep and last.strip():
                put("EP", last.strip())
        issued = item.dates.get("issued")
        if issued is not None:
            year = _year(issued)
            put("PY", year)
            put("DA", _ris_date(issued))
        accessed = item.dates.get("accessed")
        if accessed is not None:
            put("Y2", _ris_date(accessed))
        for keyword in item.keywords:
            put("KW", keyword)
        for tag in KEPT_CUSTOM:
            for value in item.custom.get(tag, ()):
                put(tag, value)
        for value in item.custom.get(EXPORT_NOTES, ()):
            put("N1", value)
        merged = item.custom.get(MERGED_FROM)
        if merged:
            put("N1", "Merged from: " + "; ".join(merged))
        # PubMed ids as Zotero keeps them, "PMID: …" lines in Extra (its RIS M2).
        for variable in ("PMID", "PMCID"):
            value = item.get(variable)
            if value:
                put("M2", f"{variable}: {value}")
        lines.append("ER  - ")
        return self.keys.stem(item), self.keys.wanted(item), ty, "\n".join(lines) + "\n"


def _name(person: Name) -> str | None:
    if person.literal:
        return person.literal
    family = " ".join(p for p in (person.non_dropping_particle, person.family) if p)
    given = " ".join(p for p in (person.given, person.dropping_particle) if p)
    parts = [family, given] if given else [family]
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(p for p in parts if p) or None


def _year(date: Date) -> str | None:
    if date.parts and date.parts[0] and date.parts[0][0]:
        return str(date.parts[0][0])
    return date.literal or date.raw


def _ris_date(date: Date) -> str | None:
    """``YYYY/MM/DD/`` (RIS's date: missing parts empty), or the text as given."""
    if not date.parts or not date.parts[0]:
        return date.literal or date.raw
    first = date.parts[0]
    year = str(first[0])
    month = f"{first[1]:02d}" if len(first) > 1 else ""
    day = f"{first[2]:02d}" if len(first) > 2 else ""
    return f"{year}/{month}/{day}/"
