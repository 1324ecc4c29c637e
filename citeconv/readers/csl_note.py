"""Variables written in a CSL-JSON item's ``note``, as Zotero users write them.

Zotero has no field for many CSL variables (an original date, a container's short
title, a second kind of contributor), so its users write them in Extra, which
reaches CSL-JSON as ``note``, one ``key: value`` a line::

    original-date: 1900
    container-title-short: J. Hist.
    DOI: 10.1000/xyz
    editor: Hand || Learned
    My own remark.

citeproc-js reads these (its ``parseNoteFieldHacks``); :func:`take_note_variables`
reads them as it does, when an item is read, so that every writer sees them (a
BibTeX file gets its ``origdate``):

* a key is a lower-case CSL variable name (``-`` and ``_``) or an upper-case one
  (``DOI``, ``PMID``, ``ISBN``...); ``{:key: value}`` inside a line is such a
  line too;
* the block starts at the first line (that line may be free text, after which
  the block may follow, as citeproc-js reads "Remark {:DOI: …}") and ends at the
  first other line that is no ``key: value``; blank lines do not end it;
* ``type:`` sets the item type (a CSL type only);
* a date variable is parsed and set when the item has no such date;
* a name variable (one line per name) is ``Family || Given`` or a literal name,
  set when the item has no such names;
* any other variable is set when the item has none.

What is set leaves the note; every other line stays in it as it was written (a
key that is no CSL variable, a variable the item already has, a name of three
parts), so nothing is lost. Where citeproc-js differs: it also sets keys that are
no variable (and so drops them from the note), and lets a note date replace the
item's.

Two Zotero keys of CSL-JSON are read here too, as citeproc-js reads them:
``journalAbbreviation`` is ``container-title-short`` and ``shortTitle`` is
``title-short``, when the item has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from citeconv.dates import parse_free_date
from citeconv.model import (
    DATE_VARIABLES,
    ITEM_TYPES,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    TEXT_VARIABLES,
)

#: citeproc-js's CSL.NOTE_FIELDS_REGEXP: a variable inside a line.
_INLINE = re.compile(r"\{:(?:[-_a-z]+|[A-Z]+):[^}]+\}")
#: citeproc-js's CSL.NOTE_FIELD_REGEXP: a line that is a variable.
_LINE = re.compile(r"([-_a-z]+|[A-Z]+):\s*([^}]+)")
_NAMES = frozenset(NAME_VARIABLES)
_DATES = frozenset(DATE_VARIABLES)
#: Variables a note may set: the item's own, not those of a cite or of the note.
_ORDINARY = (TEXT_VARIABLES | NUMBER_VARIABLES) - {
    "note",
    "citation-number",
    "first-reference-note-number",
    "locator",
    "page-first",
    "year-suffix",
}
#: Zotero's CSL-JSON keys for CSL variables, read when the variable is unset.
ZOTERO_KEYS = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}


@dataclass(slots=True)
class _Piece:
    """A line of the note as citeproc-js splits it, with the text it was written as."""

    text: str  # as written ("{:DOI: 10.1/x}" for an inline variable)
    field: str  # what is read as a line ("DOI: 10.1/x")
    line_end: bool  # whether the note's line ends after this piece


def _pieces(note: str) -> list[_Piece]:
    """The note's lines, each inline ``{:key: value}`` a line of its own when
    citeproc-js takes it as one (at the start, after free text on the first line,
    or after another variable)."""
    out: list[_Piece] = []
    for n, line in enumerate(note.split("\n")):
        pieces: list[_Piece] = []
        at = 0
        for match in _INLINE.finditer(line):
            before = line[at : match.start()]
            if before.strip() and (n > 0 or pieces) and not _LINE.fullmatch(before):
                break
            pieces.append(_Piece(before, before, False))
            inner = match.group()[2:-1].strip()
            pieces.append(_Piece(match.group(), inner, False))
            at = match.end()
        rest = line[at:]
        pieces.append(_Piece(rest, rest, True))
        out.extend(pieces)
    return out


def take_note_variables(data: dict[str, Any]) -> list[str]:
    """Set the variables written in ``data["note"]`` (a checked CSL-JSON item) and
    take their lines out of the note; the text of each piece taken, in order."""
    note = data.get("note")
    taken: list[str] = []
    if isinstance(note, str) and ":" in note:
        pieces = _pieces(note)
        names: dict[str, list[dict[str, str]]] = {}
        used: set[int] = set()
        for n, piece in enumerate(pieces):
            if not piece.field.strip():
                continue
            match = _LINE.fullmatch(piece.field.rstrip("\r"))
            if match is None:
                if n == 0:
                    continue
                break
            key, value = match.group(1), match.group(2).strip()
            if _take(data, names, key, value):
                used.add(n)
                taken.append(piece.text)
        for key, people in names.items():
            data[key] = people
        if used:
            _rewrite_note(data, pieces, used)
    for zotero, variable in ZOTERO_KEYS.items():
        value = data.get(zotero)
        if isinstance(value, str) and value.strip():
            if variable not in data:
                data[variable] = data.pop(zotero)
            elif data[variable] == value:
                del data[zotero]  # the same twice: once is enough
    return taken


def _take(
    data: dict[str, Any], names: dict[str, list[dict[str, str]]], key: str, value: str
) -> bool:
    """Set ``key`` to ``value`` as citeproc-js would; False when it stays in the note."""
    if not value:
        return False
    if key == "type":
        if value not in ITEM_TYPES:
            return False
        data["type"] = value
        return True
    if key in _DATES:
        if key in data:
            return False
        data[key] = _note_date(value)
        return True
    if key in _NAMES:
        if key in data:
            return False
        parts = re.split(r"\s*\|\|\s*", value)
        if len(parts) == 1:
            names.setdefault(key, []).append({"literal": parts[0]})
        elif len(parts) == 2:
            names.setdefault(key, []).append({"family": parts[0], "given": parts[1]})
        else:
            return False  # citeproc-js drops it; the note keeps it
        return True
    if key in _ORDINARY and key not in data:
        data[key] = value
        return True
    return False


def _note_date(value: str) -> dict[str, Any]:
    """A CSL-JSON date of a note's text: "1900", "2020-05", "May 2020", a range
    "2004-10-01/2004-10-14"; kept raw when it is none of these."""
    date = parse_free_date(value)
    if date.parts:
        return date.to_csl()
    start, slash, end = value.partition("/")
    if slash:
        first, last = parse_free_date(start), parse_free_date(end)
        if len(first.parts) == len(last.parts) == 1:
            return {"date-parts": [first.parts[0], last.parts[0]]}
    return {"raw": value}


def _rewrite_note(data: dict[str, Any], pieces: list[_Piece], used: set[int]) -> None:
    """The note without the pieces ``used``: a line that held only them goes, the
    rest is kept as written."""
    lines: list[str] = []
    current: list[str] = []
    emptied = False
    for n, piece in enumerate(pieces):
        if n in used:
            emptied = True
        else:
            current.append(piece.text)
        if piece.line_end:
            text = "".join(current)
            if text.strip() or not emptied:
                lines.append(text)
            current, emptied = [], False
    note = "\n".join(lines).strip()
    if note:
        data["note"] = note
    else:
        del data["note"]
