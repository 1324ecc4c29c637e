"""Reading EndNote's XML export: ``<xml><records><record>…`` → Item, streamed.

lxml parses it incrementally (``iterparse``), one ``<record>`` at a time, each
freed when read, with entities, DTDs and network access off (as the style
loader does: an export is untrusted input). A value is the text of its element,
whether bare or in ``<style>`` runs (EndNote's rich text), with runs of white
space (the pretty-printer's indentation, ``&#xD;`` line breaks) as one blank;
a keyword element holding several lines is several keywords. What each element
means is :data:`ELEMENTS` and :data:`REF_TYPES`; elements they do not name are
kept in ``Item.custom`` under their path. Spec: EndNote's RSXML DTD.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from citeconv.dates import parse_free_date
from citeconv.diagnostics import InputError, Report
from citeconv.model import Date, Item, KeywordSet, Name, Origin
from citeconv.names import parse_name
from citeconv.readers.ris.fields import item_id, normalise_doi

#: EndNote's reference type (its name, as ``<ref-type name="…">`` gives it) → CSL.
REF_TYPES: dict[str, str] = {
    "journal article": "article-journal",
    "electronic article": "article",
    "magazine article": "article-magazine",
    "newspaper article": "article-newspaper",
    "book": "book",
    "edited book": "book",
    "electronic book": "book",
    "classical work": "classic",
    "ancient text": "classic",
    "book section": "chapter",
    "electronic book section": "chapter",
    "conference proceedings": "paper-conference",
    "conference paper": "paper-conference",
    "thesis": "thesis",
    "report": "report",
    "government document": "report",
    "standard": "standard",
    "web page": "webpage",
    "blog": "post-weblog",
    "generic": "document",
    "patent": "patent",
    "dataset": "dataset",
    "online database": "dataset",
    "computer program": "software",
    "manuscript": "manuscript",
    "unpublished work": "manuscript",
    "statute": "legislation",
    "bill": "bill",
    "legal rule or regulation": "regulation",
    "case": "legal_case",
    "hearing": "hearing",
    "map": "map",
    "film or broadcast": "motion_picture",
    "audiovisual material": "motion_picture",
    "personal communication": "personal_communication",
    "encyclopedia": "entry-encyclopedia",
    "dictionary": "entry-dictionary",
    "artwork": "graphic",
    "figure": "figure",
    "chart or table": "figure",
    "interview": "interview",
    "pamphlet": "pamphlet",
    "serial": "periodical",
    "music": "musical_score",
    "audio": "song",
    "sound recording": "song",
}

#: Element path (below ``<record>``) → CSL variable; the first with a value wins.
#: ``number`` is an issue for an article, a number elsewhere (see _item).
ELEMENTS: dict[str, str] = {
    "titles/title": "title",
    "titles/secondary-title": "container-title",
    "periodical/full-title": "container-title",
    "titles/tertiary-title": "collection-title",
    "titles/short-title": "title-short",
    "periodical/abbr-1": "container-title-short",
    "titles/alt-title": "container-title-short",
    "alt-periodical/full-title": "container-title-short",
    "pages": "page",
    "volume": "volume",
    "issue": "issue",
    "edition": "edition",
    "section": "section",
    "num-vols": "number-of-volumes",
    "publisher": "publisher",
    "pub-location": "publisher-place",
    "electronic-resource-num": "DOI",
    "abstract": "abstract",
    "notes": "note",
    "language": "language",
    "work-type": "genre",
    "orig-pub": "original-title",
    "reprint-edition": "references",
}

#: Contributor lists → CSL name variables.
ROLES = {
    "authors": "author",
    "secondary-authors": "editor",
    "tertiary-authors": "collection-editor",
    "subsidiary-authors": "translator",
    "translated-authors": "translator",
}

_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]\b")
_WEB = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)


def _text(element: Any) -> str:
    """The text of an element, bare or in <style> runs, white space as one blank."""
    return " ".join("".join(element.itertext()).split())


def _note_text(element: Any) -> str:
    """A note's text with its line breaks (EndNote's ``&#xD;``) kept as ``\n``,
    other white space as one blank: the notes' lines are what tells an export's
    bookkeeping ("Export Date: …") from the user's words (citeconv.notes)."""
    text = "".join(element.itertext()).replace("\r\n", "\n").replace("\r", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


_FACES = (
    ("bold", "<b>", "</b>"),
    ("italic", "<i>", "</i>"),
    ("superscript", "<sup>", "</sup>"),
    ("subscript", "<sub>", "</sub>"),
)


def _rich(element: Any) -> str:
    """A title's text with EndNote's bold, italic, super- and subscript runs as CSL
    markup (``<style face="bold">`` → ``<b>``), white space as one blank."""
    runs = element.findall("style")
    if not runs:
        return _text(element)
    out = []
    for run in runs:
        text = "".join(run.itertext())
        faces = set((run.get("face") or "").split())
        for face, opener, closer in _FACES:
            if face in faces and text.strip():
                lead, core, trail = _edges(text)
                text = f"{lead}{opener}{core}{closer}{trail}"
        out.append(text)
    return " ".join("".join(out).split())


def _edges(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core[0])
    return text[:start], core, text[start + len(core) :]


def _lines(element: Any) -> list[str]:
    """The text of an element cut at its line breaks (``&#xD;``, ``&#xA;``)."""
    return [" ".join(line.split()) for line in re.split(r"[\r\n]+", "".join(element.itertext()))]


class _Utf8(io.RawIOBase):
    """Text (a decoded stream) read as UTF-8 bytes."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self.rest) < len(buffer):
            chunk = self.text.read(16384)
            if not chunk:
                break
            self.rest += chunk.encode("utf-8")
        size = min(len(buffer), len(self.rest))
        buffer[:size], self.rest = self.rest[:size], self.rest[size:]
        return size


#: An XML declaration's encoding (in ASCII-compatible bytes: UTF-16 has a BOM).
_DECLARED = re.compile(rb"\A<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")


def _note_own_encoding(stream: BinaryIO, name: str, report: Report) -> None:
    """Tell ``report`` the encoding libxml2 reads the file in: its BOM's (or UTF-16's
    NULs), else its XML declaration's, else UTF-8 (the XML specification's order)."""
    from citeconv.readers.ris.decode import SNIFF_BYTES, choose_encoding, note_encoding

    peek = getattr(stream, "peek", None)
    head = peek(SNIFF_BYTES)[:SNIFF_BYTES] if peek is not None else b""
    found, skip = choose_encoding(head)
    declared = _DECLARED.match(head[skip:]) if found is None else None
    if declared is None:
        note_encoding(report, name, None, found, skip)
        return
    label = declared.group(1).decode("ascii")
    facts = report.facts(name)
    try:
        facts.encoding = codecs.lookup(label).name
    except LookupError:
        facts.encoding = label.lower()
    facts.encoding_by = "declared"


def read_endnote_xml(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    first_index: int = 1,
    encoding: str | None = None,
) -> Iterator[Item]:
    """Read EndNote XML and yield one Item per ``<record>``. ``encoding`` (the
    command line's ``--encoding``) overrides the XML declaration's: EndNote's older
    exports declare UTF-8 and hold Windows-1252."""
    from lxml import etree

    extra: dict[str, str] = {}
    text: io.TextIOWrapper | None = None
    if encoding is not None:
        from citeconv.readers.ris.decode import encoding_problem

        problem = encoding_problem(encoding)
        if problem is not None:
            raise InputError(problem, name)
        # Decoded by Python (libxml2 knows fewer names: "utf-8-sig", "mac-roman",
        # "cp437" were internal errors) and handed to lxml as UTF-8.
        text = io.TextIOWrapper(stream, encoding=codecs.lookup(encoding).name, errors="replace")
        stream = io.BufferedReader(_Utf8(text))
        extra["encoding"] = "utf-8"
        report.facts(name).encoding = codecs.lookup(encoding).name
        report.facts(name).encoding_by = "--encoding"
    else:
        _note_own_encoding(stream, name, report)
    index = first_index
    parser = etree.iterparse(
        stream,
        **extra,
        events=("end",),
        tag="record",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
    )
    try:
        for _, record in parser:
            yield _item(record, name, report, index)
            index += 1
            record.clear()
            parent = record.getparent()
            while parent is not None and record.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        hint = ""
        if "encoding" in exc.msg.lower() and encoding is None:
            hint = " (not the encoding the file declares: try --encoding cp1252)"
        if index == first_index:
            raise InputError(f"not EndNote XML: {exc.msg}{hint}", name, line) from None
        report.error(
            name,
            line,
            "endnote-xml",
            f"the XML breaks off here ({exc.msg}){hint}; records before it kept",
        )
        return
    finally:
        if text is not None:
            text.detach()  # the caller's stream stays open
    if index == first_index:
        raise InputError("not EndNote XML: no <record> found", name)


def _item(record: Any, name: str, report: Report, index: int) -> Item:
    line = record.sourceline
    item = Item(id=item_id(index), type="article-journal", origin=Origin(name, line or 0))
    keywords = KeywordSet(item)
    ref_type = record.find("ref-type")
    label = (ref_type.get("name") or "").strip().lower() if ref_type is not None else ""
    item.type = REF_TYPES.get(label, "document" if label else "article-journal")
    if label and label not in REF_TYPES:
        report.warn(name, line, "endnote-xml", f"reference type {label!r} read as document")
    contributors = record.find("contributors")
    if contributors is not None:
        for role in contributors:
            variable = ROLES.get(role.tag) if isinstance(role.tag, str) else None
            if variable is None:
                continue
            for person in role:
                if not isinstance(person.tag, str):
                    continue  # a comment or processing instruction
                text = _text(person)
                if not text:
                    continue
                parsed = parse_name(text)
                item.names.setdefault(variable, []).append(parsed or Name(literal=text))
    for path, variable in ELEMENTS.items():
        found = record.find(path)
        if found is not None and variable not in item.fields:
            if "title" in path:
                value = _rich(found)
            else:
                value = _note_text(found) if variable == "note" else _text(found)
            if value and variable == "DOI" and not normalise_doi(value):
                item.custom.setdefault(path, []).append(value)  # not a DOI: kept as given
            elif value:
                item.fields[variable] = normalise_doi(value) if variable == "DOI" else value
    number = record.find("number")
    if number is not None and _text(number):
        variable = (
            "issue" if item.type.startswith("article") and "issue" not in item.fields else "number"
        )
        item.fields.setdefault(variable, _text(number))
    isbn = record.find("isbn")
    if isbn is not None and _text(isbn):
        value = _text(isbn)
        item.fields["ISSN" if _ISSN.match(value) else "ISBN"] = value
    year, date = record.find("dates/year"), record.find("dates/pub-dates/date")
    year_text = _text(year) if year is not None else ""
    date_text = _text(date) if date is not None else ""
    if year_text or date_text:
        text = (
            f"{date_text} {year_text}"
            if year_text and year_text not in date_text
            else date_text or year_text
        )
        issued = parse_free_date(text)
        if not issued.parts and year_text.isascii() and year_text.isdigit():
            issued = Date(parts=[[int(year_text)]])
            item.custom.setdefault("pub-date", []).append(date_text)
        elif not issued.parts:
            report.warn(name, line, "endnote-xml", f"date {text!r} not understood; kept as raw")
        item.dates["issued"] = issued
    for keyword in record.iterfind("keywords/keyword"):
        for word in _lines(keyword):
            keywords.add(word)
    for url in record.iterfind("urls/related-urls/url"):
        value = _text(url)
        if value and _WEB.match(value) and "URL" not in item.fields:
            item.fields["URL"] = value
        elif value:
            item.custom.setdefault("related-url", []).append(value)
    _keep_the_rest(record, item)
    return item


#: Read above (or bookkeeping of EndNote's library): not kept again in custom.
_READ = {
    "ref-type",
    "contributors",
    "number",
    "isbn",
    "dates",
    "keywords",
    *(path.split("/")[0] for path in ELEMENTS),
    "database",
    "source-app",
    "foreign-keys",
    "urls",
}


def _keep_the_rest(record: Any, item: Item) -> None:
    for child in record:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        tag = child.tag
        if tag in _READ:
            if tag == "urls":
                for kind in child:
                    if isinstance(kind.tag, str) and kind.tag != "related-urls":
                        for url in kind:
                            if _text(url):
                                item.custom.setdefault(str(kind.tag), []).append(_text(url))
            continue
        value = _text(child)
        if value:
            item.custom.setdefault(tag, []).append(value)
