"""ProCite's RIS dialect: fields written as labelled ``N1`` notes, and a few tags
that mean something else than in the RIS specification.

ProCite (and Reference Manager/EndNote files that went through it) writes every
record with an ``N1  - Record ID: 40`` (or ``Record Number:``) note, and writes many
fields it has no RIS tag for as notes ``N1  - Volume ID: 12``,
``N1  - Series Title: ...``. Read as plain notes, a chapter's volume or a book's
series would be lost in the note text. In such a record, a note whose label names
a field becomes that field (unless a tag already gave it: a tag wins, and the note
then stays a note); the other notes stay notes.

ProCite also uses some tags its own way, per type: a book's or chapter's ``VL`` is
its edition (its ``Volume ID`` is a note, or ``IS`` for a book), a program's ``IS``
its version, a bill's ``CY``/``VL``/``SP`` its code, number and section, an
artwork's ``M1`` its medium.

This follows Zotero's RIS import (``ProCiteCleaner`` in RIS.js, the reference for
this dialect; its test case 4 in the corpus is a ProCite export), with one
difference: Zotero recognises the dialect by any labelled note, we only by the
``Record ID``/``Record Number`` note that ProCite writes in every record, so that
an ordinary note such as "Edition: revised" in another exporter's file stays a
note.
"""

from __future__ import annotations

import re
from collections.abc import Container

from citeconv.readers.ris.records import TagLine

#: What marks a record as ProCite's: its record number, written as a note.
_SIGNATURE = ("Record ID:", "Record Number:")

#: "Label: value" (ProCite's labels are letters, spaces, commas and parentheses).
_LABELLED = re.compile(r"([A-Za-z][A-Za-z,() ]*?)\s*:\s*(.*)", re.DOTALL)

#: ProCite note label → the CSL variable it fills.
NOTE_FIELDS: dict[str, str] = {
    "Volume ID": "volume",
    "Issue ID": "issue",
    "Issue Identification": "issue",
    "Series Title": "collection-title",
    "Series Volume ID": "collection-number",
    "Edition": "edition",
    "ISBN": "ISBN",
    "Language": "language",
    "Publisher Name": "publisher",
    "Place of Publication": "publisher-place",
    "Proceedings Title": "container-title",
    "Page(s)": "page",
    "Scale": "scale",
    "Call Number": "call-number",
    "Size": "dimensions",
}

#: Labels whose value is only taken when it is a number (Zotero: an issue must be
#: one, else the note stays a note).
_NUMERIC_ONLY = frozenset({"Issue ID", "Issue Identification"})
_NUMBER = re.compile(r"(?:no?\.?\s*)?(\d+)", re.IGNORECASE)

#: Per RIS type, tags ProCite uses for another field: (type, tag) → tag it means.
RETAGS: dict[str, dict[str, str]] = {
    "BOOK": {"VL": "ET", "IS": "VL"},
    "CHAP": {"VL": "ET"},
    "COMP": {"IS": "ET"},
    "BILL": {"CY": "T2", "VL": "M1", "SP": "SE"},
    "ART": {"M1": "M3"},
}


def is_procite(notes: list[TagLine] | None) -> bool:
    """Whether these ``N1`` lines hold ProCite's record-number note."""
    return bool(notes) and any(tl.value.startswith(_SIGNATURE) for tl in notes or ())


def note_fields(
    notes: list[TagLine], taken: Container[str]
) -> tuple[list[tuple[str, TagLine]], list[TagLine]]:
    """Split ProCite notes into (variable, tag line holding its value) and the rest.

    A note whose variable is in ``taken`` (a tag gives it) stays a note, as written.
    "Notes: text" is ProCite's label for a plain note: it stays a note, unlabelled.
    """
    fields: list[tuple[str, TagLine]] = []
    rest: list[TagLine] = []
    for tl in notes:
        match = _LABELLED.fullmatch(tl.value.strip())
        if match is None:
            rest.append(tl)
            continue
        label, value = match.group(1), match.group(2).strip()
        variable = NOTE_FIELDS.get(label)
        if label in _NUMERIC_ONLY:
            number = _NUMBER.fullmatch(value)
            value = number.group(1) if number else ""
        if variable is not None and value and variable not in taken:
            fields.append((variable, TagLine(tl.tag, value, tl.line)))
        elif label == "Notes" and value:
            rest.append(TagLine(tl.tag, value, tl.line))
        else:
            rest.append(tl)
    return fields, rest


#: ProCite's notes naming creators whose role its "Author Role" note gives.
_CREATOR_NOTES = ("Author, Monographic", "Author, Subsidiary")


def creator_notes_as_tags(fields: list[TagLine]) -> list[TagLine]:
    """The record's "Author, Monographic:"/"Author, Subsidiary:" notes as name tags.

    Zotero's reading (``--mapping zotero``; RIS.js ``ProCiteCleaner``): such a note
    becomes A1 when the record has no A1, else A2 when it has no A2, else A3, and the
    tag's meaning for the type gives the role (a book's A2 is its series editor).
    Names separated by ";" are one tag line each. The "Author Role" note that follows
    stays a note: a role it names is not read (Zotero maps a few role words).
    """
    present = {tl.tag for tl in fields}
    out: list[TagLine] = []
    for tl in fields:
        match = _LABELLED.fullmatch(tl.value.strip()) if tl.tag == "N1" else None
        if match is None or match.group(1) not in _CREATOR_NOTES or not match.group(2):
            out.append(tl)
            continue
        tag = "A3" if {"A1", "A2"} <= present else "A2" if "A1" in present else "A1"
        present.add(tag)
        out.extend(TagLine(tag, name.strip(), tl.line) for name in match.group(2).split(";"))
    return out
