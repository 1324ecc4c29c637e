"""Reading Ovid's tagged export (Ovid MEDLINE, Embase, PsycINFO, BIOSIS Previews,
CAB Abstracts ...): numbered lines → records → :class:`~citeconv.model.Item`.

A record opens with its running number on a line of its own (``<1. >``), then
tag lines: a tag of two to five capitals, blanks, ``-`` and the value
(``VN  - Ovid Technologies``, ``AU  - Smith, John A.``; some exports have one
blank before the dash, ``VN - ``, and some indent every line by one space). A
value that wraps goes on in lines indented further; a line at the tags' indent
that is not a tag line (PsycINFO's grant text, ``<b>Sponsor: </b>...``) and the
blank lines inside a field belong to the field before. Records without numbers
are told apart by their ``VN`` line.

What each tag means is :data:`TAGS` (the databases share most tags; where they
differ the table names each); tags it does not name are kept in
``Item.custom``. ``SO`` is a preformatted citation ("Forest Ecology &
Management. 201(2-3):327-334, November 15, 2004.", "Behavioural and Cognitive
Psychotherapy. Vol.43(5), Sep 2015, pp. 623-634."): what the tags do not give
(container, volume, issue, pages, year, a chapter's book and editors) is read
from it, and it is kept whole in ``custom``. Spec: Ovid's database field guides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from citeconv.dates import parse_free_date
from citeconv.diagnostics import Diagnostic, InputError, Report
from citeconv.model import Date, Item, KeywordSet, Name, Origin
from citeconv.names import parse_name
from citeconv.readers.medline import expand_pages
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.ris.fields import item_id, normalise_doi

Kind = Literal["text", "name", "short-name", "corporate", "keywords", "issn", "isbn", "doi"]

#: Ovid tag → (CSL variable, how it is read). ``AU`` is a database's author line
#: (full names in PsycINFO and BIOSIS, "Smith JA" in Ovid MEDLINE, whose full
#: names are ``FA``); ``FA`` wins over ``AU`` when it names as many people.
TAGS: dict[str, tuple[str, Kind]] = {
    "TI": ("title", "text"),
    "OT": ("original-title", "text"),  # Embase's original (non-English) title
    "AB": ("abstract", "text"),
    "JN": ("container-title", "text"),  # PsycINFO, Embase
    "JT": ("container-title", "text"),
    "BT": ("container-title", "text"),  # a chapter's book
    "TA": ("container-title-short", "text"),
    "JA": ("container-title-short", "text"),
    "VO": ("volume", "text"),  # PsycINFO, Embase
    "VI": ("volume", "text"),  # Ovid MEDLINE
    "IP": ("issue", "text"),
    "PG": ("page", "text"),
    "LG": ("language", "text"),
    "EN": ("edition", "text"),
    "PB": ("publisher", "text"),
    "PL": ("publisher-place", "text"),
    "DB": ("source", "text"),  # the Ovid database: Zotero's "library catalog"
    "AN": ("archive_location", "text"),  # its accession number, as RIS AN is read
    "UI": ("PMID", "text"),  # Ovid MEDLINE's is the PMID; another database's, its own id
    "PM": ("PMID", "text"),  # PsycINFO's, Embase's PubMed id
    "FA": ("author", "name"),
    "AU": ("author", "short-name"),
    "ED": ("editor", "short-name"),
    "CN": ("author", "corporate"),
    "KW": ("keyword", "keywords"),  # "; "-separated
    "ID": ("keyword", "keywords"),  # PsycINFO's key concepts, ", "-separated
    "MH": ("keyword", "keywords"),  # subject headings ("*" marks a major one)
    "IS": ("ISSN", "issn"),
    "IT": ("ISSN", "issn"),  # PsycINFO's electronic ISSN
    "ES": ("ISSN", "issn"),
    "IB": ("ISBN", "isbn"),
    "DO": ("DOI", "doi"),
    "DI": ("DOI", "doi"),
}

#: Publication or document types (PT, DT) → CSL type: DT is read first (PsycINFO
#: gives a chapter PT "Book" and DT "Chapter"), then each PT in order; a type
#: matches a value it opens, the first listed wins.
TYPES: tuple[tuple[str, str], ...] = (
    ("patent", "patent"),
    ("book chapter", "chapter"),
    ("chapter", "chapter"),
    ("dissertation", "thesis"),
    ("thesis", "thesis"),
    ("conference", "paper-conference"),
    ("meeting", "paper-conference"),
    ("congress", "paper-conference"),
    ("newspaper", "article-newspaper"),
    ("magazine", "article-magazine"),
    ("technical report", "report"),
    ("report", "report"),
    ("legal case", "legal_case"),
    ("legislation", "legislation"),
    ("video", "motion_picture"),
    ("edited book", "book"),
    ("authored book", "book"),
    ("book", "book"),
    ("journal", "article-journal"),
    ("article", "article-journal"),
    ("review", "article-journal"),
    ("editorial", "article-journal"),
    ("letter", "article-journal"),
)

#: Tags read by :func:`_dates` (and VN, the vendor), not kept in ``custom``.
_READ_ELSEWHERE = frozenset({"VN", "DP", "YR", "EP"})

#: Values that say a field has none ("PG  - No Pagination Specified").
_NONE = re.compile(r"^(?:no pagination specified|not available|n/?a)\.?$", re.IGNORECASE)
_MARKER = re.compile(r"^[ \t]*<[ \t]*(\d+)\.?[ \t]*>[ \t]*$")
_TAG_LINE = re.compile(r"^([ \t]?)([A-Z][A-Z0-9]{1,4})[ \t]{1,4}-(?:[ \t]+(.*)|[ \t]*)$")
#: The title's database label: "... [Article]", "... [Miscellaneous]".
_TITLE_LABEL = re.compile(
    r"\s*\[(?:Article|Report|Miscellaneous|References|Review|Editorial|Letter)\][\s.]*$"
)
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV", "V", "2nd", "3rd", "4th"})
#: Affiliation numbers and marks after a name ("Redlich, Carrie A. MD, MPH 1", "Doe J*").
_AFFILIATION_MARKS = "0123456789,+* \t"
_ISSN = re.compile(r"\b(\d{4}-?\d{3}[\dXx])\b")
_ISBN = re.compile(r"\b((?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx])\b")

# The parts of a journal's SO.
_VOLUME_ISSUE = re.compile(
    r"(?:\bVol\.\s*)?\b(\d+[A-Za-z]?)\s*\((?!pp\b|no pagination)([^()]*(?:\([^()]*\)[^()]*)?)\)"
)
#: A volume without an issue: "Vol.43,", "1234:1-10" (Ovid MEDLINE), "364:l1234".
_VOLUME = re.compile(r"\bVol\.\s*(\d+)|^\s*(\d+[A-Za-z]?)\s*(?=:|\(pp\b|,)")
_SO_PAGES = re.compile(
    r"\(pp\.?\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*-\s*[A-Za-z]?\d+[A-Za-z]?)?)\)"
    r"|\bpp\.?\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*-\s*[A-Za-z]?\d+[A-Za-z]?)?)"
    # ":327-334" after a volume or issue (or a chapter's book title), never "Date of
    # Publication: 2018".
    r"|(?<=[\d).])\s*:\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*-\s*[A-Za-z]?\d+[A-Za-z]?)?)"
)
_JOURNALS_DATE = re.compile(r"(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?\d{4};\s*")
#: Embase's date note, which ends its citation.
_DATE_NOTE = re.compile(r"\.?\s*Date of Publication:.*$", re.IGNORECASE)
#: Embase's conference in SO: "BMC Proceedings. Conference: 2nd BEAT-PCD Conference.
#: Spain. 12 (Supplement 3) ..." (the journal, then the meeting and its place).
_CONFERENCE = re.compile(r"^(?P<journal>.+?)\.\s+Conference:\s+(?P<event>.+)$")
#: A date that ends SO: "November 15, 2004.", "2019 Mar.", "2019 Mar 15", "Jun 2011".
_SO_DATE = re.compile(
    r"((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})|(?:\d{4}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)"
    r"|(?:[A-Z][a-z]{2,8}\.?\s+\d{4}))[.\s]*$"
)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
#: Where the container's name ends in SO: ". " before its volume ("Journal. 201(2)",
#: "Journal. Vol.43(5)", "Journal. 41 (6)", "Lancet. 2019;393:..."), never a ". "
#: inside the name ("Proc. 5th Conf.").
_CONTAINER_END = re.compile(
    r"\.\s+(?=Vol\.|\d+[A-Za-z]?\s*[(:;,])"
    # Journals@Ovid: "American Journal Of Industrial Medicine June 2015;58(6):688-696".
    r"|\s+(?=(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?\d{4};\s*\d)"
)
#: Editors in a chapter's SO: "Kamp, Roza Maria [Editor, Reprint Author], Calvete,
#: Juan J. [Editor]. Book title.:371-397, 2004." or "Neenan, Michael [Ed]; Palmer,
#: Stephen [Ed]. (2012). Book title. (pp. 11-31). ..."
_EDITOR = re.compile(r"\s*([^\[\];]+?)\s*\[Ed(?:itor|s?\.?)?[^\]]*\]\s*[,;]?")
#: The book after the editors: up to its pages (".:371-397", ". (pp. 11-31)") or
#: the end; "Vol. 5", "3rd ed." belong to it.
_AFTER_EDITORS = re.compile(r"^\.?\s*(?:\(\d{4}\)\.\s*)?(.+?)\.?\s*(?:\.:|\(pp\b|$)")


@dataclass
class _Record:
    line: int
    number: str | None = None
    fields: list[tuple[str, str, int]] = field(default_factory=list)  # tag, value, line


def read_ovid(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read an Ovid tagged export and yield one Item per record."""
    index = first_index
    lines = iter_lines(stream, name, report, encoding, None, max_line_bytes)
    for record in _records(lines, name, report, max_line_bytes):
        yield _item(record, name, report, index)
        index += 1
    if index == first_index:
        raise InputError("not an Ovid export: no records found (a record starts '<1. >')", name)


def _records(
    lines: Iterator[tuple[int, str]], name: str, report: Report, limit: int = MAX_LINE_BYTES
) -> Iterator[_Record]:
    """Records from marker to marker (or VN to VN); one longer than ``limit``
    characters is refused."""
    record: _Record | None = None
    more: list[str] = []  # the continuation lines of the last field, joined once
    indent: str | None = None  # the tags' indent, from the first tag line
    seen = history = False  # a record line met; inside the search history
    size = 0

    def close_field() -> None:
        if record is not None and record.fields and more:
            tag, value, line = record.fields[-1]
            record.fields[-1] = (tag, " ".join([value, *more]).strip(), line)
        more.clear()

    for number, text in lines:
        text = text.lstrip("\ufeff").rstrip()
        if not text.strip():
            continue  # blank lines: inside a field (PsycINFO), or between records
        marker = _MARKER.match(text)
        if marker is not None or _TAG_LINE.match(text) is not None:
            seen, history = True, False
        if marker is not None:
            close_field()
            if record is not None and record.fields:
                yield record
            record, size = _Record(number, marker.group(1)), 0
            continue
        size += len(text)
        if record is not None and size > limit:
            raise InputError(
                f"a record longer than {limit:,} characters (--max-line-bytes); refused",
                name,
                record.line,
            )
        match = _TAG_LINE.match(text)
        if match is not None and indent is None:
            indent = match.group(1)
        if match is not None and match.group(1) == indent:
            close_field()
            tag, value = match.group(2), (match.group(3) or "").strip()
            if (
                tag in ("VN", "TI")
                and record is not None
                and record.number is None
                and any(t == tag for t, _, _ in record.fields)
            ):
                # No marker line between the records: a second VN opens the next;
                # without VN, a second title does, with a warning.
                if tag == "TI" and not any(t == "VN" for t, _, _ in record.fields):
                    report.warn(
                        name, number, "ovid", "a second TI with no record number: a new record"
                    )
                yield record
                record, size = None, len(text)
            if record is None:
                record = _Record(number)
            record.fields.append((tag, value, number))
        elif record is not None and record.fields:
            more.append(text.strip())
        elif history or (not seen and text.startswith("Database: ")):
            # Ovid's search history ("Database: Embase <1974 to 2019>", "Search
            # Strategy:", the numbered searches) opens an export: not a record.
            if not history:
                report.add(Diagnostic(name, number, "note", "ovid", "the search history skipped"))
            history = True
        else:
            report.warn(name, number, "ovid", "text outside an Ovid record; skipped")
    close_field()
    if record is not None and record.fields:
        yield record


def _person(value: str, short: bool) -> Name | None:
    """A name without its note or affiliation numbers ("Slade, Martin D. MPH 1");
    "Smith JA" (Ovid MEDLINE) read as family and initials."""
    value = value.partition("[")[0].rstrip(_AFFILIATION_MARKS).strip()
    words = value.split()
    if short and "," not in value and len(words) > 2 and words[-1].rstrip(".") in _SUFFIXES:
        # "Smith J Jr", "Moore JH 3rd": the suffix after the initials.
        person = _person(" ".join(words[:-1]), short)
        if person is not None and person.family:
            person.suffix = words[-1]
        return person
    if short and "," not in value:
        family, _, initials = value.rpartition(" ")
        if family and initials.isupper() and initials.isalpha() and len(initials) <= 3:
            return Name(family=family, given=" ".join(f"{c}." for c in initials))
    return parse_name(value)


def _item(record: _Record, name: str, report: Report, index: int) -> Item:
    item = Item(id=item_id(index), type="article-journal", origin=Origin(name, record.line))
    keywords = KeywordSet(item)
    full: dict[str, list[Name]] = {}
    short: dict[str, list[Name]] = {}
    corporate: list[Name] = []
    types: list[str] = []
    issns: list[str] = []
    isbns: list[str] = []
    tags = {tag for tag, _, _ in record.fields}
    database = (_first(record, "DB") or "").lower()
    medline = "medline" in database or "pubmed" in database or not database
    for tag, value, _ in record.fields:
        if not value:
            continue
        rule = TAGS.get(tag)
        if tag in ("PT", "DT") or rule is None or _NONE.match(value):
            if tag in ("PT", "DT"):
                types.append(f"{tag}:{value}")
            if tag not in _READ_ELSEWHERE:
                item.custom.setdefault(tag, []).append(value)
            continue
        variable, kind = rule
        if tag == "UI" and not medline:
            # Embase's, PsycINFO's UI is the database's accession number.
            if "AN" in tags:
                item.custom.setdefault(tag, []).append(value)
                continue
            variable = "archive_location"
        if kind in ("name", "short-name"):
            # Books@Ovid lists several in one line: "McGarry, John W.;  Taylor, Suzanne".
            pieces = value.partition("[")[0].split(";")
            parsed = [_person(piece, kind == "short-name") for piece in pieces if piece.strip()]
            if None in parsed or "[" in value:  # a note ("[Author; E-mail: ...]") kept
                item.custom.setdefault(tag, []).append(value)
            target = (full if kind == "name" else short).setdefault(variable, [])
            target.extend(person for person in parsed if person is not None)
        elif kind == "corporate":
            corporate.append(Name(literal=value))
        elif kind == "keywords":
            separator = "," if tag == "ID" and ";" not in value else ";"
            for keyword in value.split(separator):
                keyword = keyword.strip().lstrip("*").strip()
                keywords.add(keyword)
        elif kind == "issn":
            for issn in _ISSN.findall(value) or [value]:
                if issn not in issns:
                    issns.append(issn)
        elif kind == "isbn":
            for isbn in _ISBN.findall(value) or [value]:
                isbn = isbn.strip()
                if isbn not in isbns:
                    isbns.append(isbn)
        elif kind == "doi":
            doi = normalise_doi(value)
            if doi:
                item.fields.setdefault("DOI", doi)
            else:
                item.custom.setdefault(tag, []).append(value)
        elif variable in item.fields and tag == "AB":
            item.fields["abstract"] += " " + value
        elif variable == "archive_location":
            item.fields.setdefault(variable, value.rstrip(" ."))
        elif variable == "title":
            # The label ends the title: looked for in its last characters only.
            title = (value[:-200] + _TITLE_LABEL.sub("", value[-200:])).rstrip(" .")
            if len(title) > 2 and title[0] == title[-1] == '"' and title.count('"') == 2:
                title = title[1:-1]  # Journals@Ovid quotes the whole title
            item.fields.setdefault(variable, title)
        elif variable == "language":
            item.fields.setdefault(variable, value.rstrip(" ."))
        else:
            item.fields.setdefault(variable, value)
    for variable in ("author", "editor"):
        people, fewer = full.get(variable, []), short.get(variable, [])
        if len(fewer) > len(people):
            if people:
                report.warn(
                    name,
                    record.line,
                    "ovid",
                    f"{len(people)} full names for {len(fewer)} short ones; the short ones read",
                )
            people = fewer
        if variable == "author":
            people = people + corporate
        if people:
            item.names[variable] = people
    if issns:
        item.fields["ISSN"] = " ".join(issns)
    if isbns:
        item.fields["ISBN"] = " ".join(isbns)
    item.type = _csl_type(types, tags, database)
    source = _first(record, "SO")
    if source:
        item.custom.setdefault("SO", [source])
        _from_source(item, source)
    if "page" in item.fields:
        item.fields["page"] = expand_pages(item.fields["page"].replace(" ", ""))
    _dates(item, record, name, report)
    _by_type(item, record)
    return item


def _first(record: _Record, tag: str) -> str | None:
    for given, value, _ in record.fields:
        if given == tag and value:
            return value
    return None


def _csl_type(types: list[str], tags: set[str], database: str = "") -> str:
    ordered = [t[3:] for t in types if t.startswith("DT:")] + [
        t[3:] for t in types if t.startswith("PT:")
    ]
    for given in ordered:
        lowered = given.lower().strip(" .")
        for label, csl_type in TYPES:
            # The type's words open the value ("Conference Abstract", "Journal:
            # Article"); never inside it (MEDLINE's "Case Reports" is an article).
            if lowered == label or lowered.startswith((label + " ", label + ":")):
                return csl_type
    return "book" if database.startswith("books@ovid") else "article-journal"


#: How much of SO is read: a citation is never longer, and the patterns then cost
#: nothing on a hostile one.
SOURCE_CHARS = 1000


def _from_source(item: Item, source: str) -> None:
    """What the tags did not give, from the SO citation."""
    source = source[:SOURCE_CHARS]
    if item.type == "chapter":
        editors = _EDITOR.findall(source)
        if editors and "editor" not in item.names:
            people = [p for p in (parse_name(e.strip(" ,;")) for e in editors) if p]
            if people:
                item.names["editor"] = people
        rest = source[list(_EDITOR.finditer(source))[-1].end() :] if editors else source
        book = _AFTER_EDITORS.match(rest.strip())
        if book and "container-title" not in item.fields:
            item.fields["container-title"] = book.group(1).strip()
        pages = _SO_PAGES.search(rest)
        if pages is not None and "page" not in item.fields:
            item.fields["page"] = next(g for g in pages.groups() if g)
    elif item.type in ("article-journal", "paper-conference"):
        source = _DATE_NOTE.sub("", source)
        end = _CONTAINER_END.search(source)
        container = source[: end.start()].strip() if end is not None else ""
        conference = _CONFERENCE.match(container)
        if conference is not None:
            container = conference.group("journal").strip()
            event, _, place = conference.group("event").rstrip(". ").rpartition(". ")
            if not event:
                event, place = place, ""
            item.fields.setdefault("event-title", event.strip())
            if place.strip():
                item.fields.setdefault("event-place", place.strip())
        if container and "container-title" not in item.fields:
            item.fields["container-title"] = container
        tail = source[end.end() :] if end is not None else ""
        dated = _JOURNALS_DATE.match(tail)
        if dated is not None:
            tail = tail[dated.end() :]  # Journals@Ovid's date before the volume
        both = _VOLUME_ISSUE.search(tail)
        if both is not None:
            item.fields.setdefault("volume", both.group(1))
            item.fields.setdefault("issue", both.group(2).strip())
        else:
            volume = _VOLUME.search(tail)
            if volume is not None:
                item.fields.setdefault("volume", volume.group(1) or volume.group(2))
        pages = _SO_PAGES.search(tail)
        if pages is not None and "page" not in item.fields:
            item.fields["page"] = next(g for g in pages.groups() if g)
    elif item.type not in ("thesis", "patent"):
        pages = _SO_PAGES.search(source)
        if pages is not None and "page" not in item.fields and item.type != "book":
            item.fields["page"] = next(g for g in pages.groups() if g)


def _dates(item: Item, record: _Record, name: str, report: Report) -> None:
    """DP (a date: "Sep 2015") over YR (the year); the patent's DG; EP online."""
    year = _first(record, "YR")
    for tag in ("DG", "DP") if item.type == "patent" else ("DP",):
        given = _first(record, tag)
        if given:
            date = parse_free_date(given)
            if date.parts and (not year or str(date.parts[0][0]) == year.strip()[:4]):
                item.dates["issued"] = date
                break
    source = _first(record, "SO")
    if "issued" not in item.dates and year and source and item.type != "patent":
        # BIOSIS, Ovid MEDLINE: the full date ends the citation ("..., November 15,
        # 2004.", "... 2019 Mar."), where it agrees with YR.
        end = _SO_DATE.search(source[-SOURCE_CHARS:])
        ending = parse_free_date(end.group(1)) if end is not None else Date(raw="")
        parts = ending.parts[0] if ending.parts else []
        if len(parts) > 1 and str(parts[0]) == year.strip():
            item.dates["issued"] = ending
    if "issued" not in item.dates and year:
        date = parse_free_date(year)
        if date.parts:
            item.dates["issued"] = date
        else:
            report.warn(name, record.line, "ovid", f"YR {year!r} not understood; kept as raw")
            item.dates["issued"] = date
    if "issued" not in item.dates:
        found = _YEAR.findall((source or "")[:SOURCE_CHARS])
        if found:
            item.dates["issued"] = parse_free_date(found[-1])
    online = _first(record, "EP")
    if online:
        date = parse_free_date(online)
        if date.parts:
            item.dates["available-date"] = date
        else:
            item.custom.setdefault("EP", [online])
    published = _first(record, "DP")
    if published and item.dates.get("issued") != parse_free_date(published):
        item.custom.setdefault("DP", [published])  # not the date read: kept as given


def _by_type(item: Item, record: _Record) -> None:
    """The fields whose meaning depends on the type: a patent's number and
    assignee, a thesis's university, a book's publisher ("Publisher; Country")."""
    custom = item.custom
    if item.type == "patent":
        for tag, variable in (("PN", "number"), ("PA", "publisher"), ("PC", "jurisdiction")):
            given = _first(record, tag)
            if given:
                item.fields.setdefault(variable, given)
                custom.pop(tag, None)
    if item.type == "thesis":
        institution = _first(record, "IN")
        if institution:
            item.fields.setdefault("publisher", re.sub(r"^[^:]*:\s*", "", institution))
    if item.type in ("book", "chapter"):
        publisher = _first(record, "PU")
        if publisher and "publisher" not in item.fields:
            name, _, place = publisher.partition(";")
            item.fields["publisher"] = name.strip()
            if place.strip():
                item.fields.setdefault("publisher-place", place.strip())
            custom.pop("PU", None)
    if item.type == "book" and "container-title" in item.fields and "title" not in item.fields:
        item.fields["title"] = item.fields.pop("container-title")
