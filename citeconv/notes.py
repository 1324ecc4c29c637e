"""Notes about the record, not about the work: kept, but out of ``note``.

Database exports fill the note with their own bookkeeping. A Scopus RIS record has
``N1`` lines "Export Date: 18 November 2019", "CODEN: PSYCD", "Correspondence
Address: …", "Funding details: …", "References: <the whole reference list>",
"Cited By :2"; older Scopus files put them on one line ("Cited By (since 1996): 5;
Export Date: 1 April 2016; Source: Scopus"); Scopus BibTeX has ``note = {cited By
12}``; an EndNote library that imported them holds the same text in its notes.
Written as a BibTeX ``note``, plainnat printed all of it: citing one record gave a
six-page PDF. A formatted reference printed it too.

:func:`file_bookkeeping` runs on every item a reader yields (whatever the reader):
it cuts the note into segments, each beginning at the start of the note, at a line
break or after a ``;``, with one of the labels of :data:`LABELS`; those segments go
to ``custom["export-notes"]`` (CSL-JSON keeps them, the RIS writer writes each back
as an ``N1`` line, BibTeX and formatted references leave them out), and the rest of
the note — the user's own words — stays the note. Nothing is dropped.

A label is only taken at a segment's start, with its colon (or, for "Cited by",
its count), and only when its value has the shape the databases give it: a count
for "Cited By", a date for "Export Date", a code for "CODEN", a list of works for
"References", a known document type for "Document Type". So "References: see
chapter 2" and "Cited by 3 colleagues" stay the user's. A one-line label ends at
its line ("Export Date: …\nMy remark": the remark stays); a long one (References,
Correspondence Address, Funding) runs to the next label or blank line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from citeconv.model import EXPORT_NOTES, Item


def _any(value: str) -> bool:
    return bool(value)


def _pattern(regex: str) -> Callable[[str], bool]:
    # Compiled when first used: most runs meet few of the labels (start-up time).
    return lambda value: re.fullmatch(regex, value, re.IGNORECASE) is not None


def _date(value: str) -> bool:
    return len(value) <= 40 and re.search(r"\d{4}", value) is not None


def _reference_list(value: str) -> bool:
    # Scopus: "Agostini, A., ..., Stress and brain (2014) Gut, 63, pp. 1-9; ...".
    return len(value) >= 150 or len(re.findall(r"\(\d{4}\)", value)) >= 2


def _address(value: str) -> bool:
    return ";" in value or "email" in value.lower()


def _title_words(value: str) -> bool:
    words = value.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


_DOCUMENT_TYPES = (
    r"Article|Review|Conference Paper|Conference Review|Letter|Editorial|Note|Erratum|"
    r"Book|Book Chapter|Short Survey|Data Paper|Retracted|Article in Press|Business "
    r"Article|Abstract Report|Report|Undefined|Journal Article|Proceedings Paper|"
    r"Meeting Abstract|Correction|Book Review|Early Access"
)


@dataclass(frozen=True)
class Label:
    """A bookkeeping label: its pattern (with its separator), whether its value may
    run over several lines, and the shape its value must have."""

    pattern: str
    multiline: bool = False
    value: Callable[[str], bool] = _any


_COLON = r"[^\S\n]*:"
LABELS: tuple[Label, ...] = (
    Label(r"Export Date" + _COLON, value=_date),
    Label(r"CODEN" + _COLON, value=_pattern(r"[A-Z0-9]{4,6}")),
    Label(r"Correspondence Address(?:es)?(?: ?\d+)?" + _COLON, True, _address),
    Label(r"Funding details" + _COLON, True),
    Label(r"Funding text(?: ?\d+)?" + _COLON, True),
    Label(r"Funding Agency and Grant Number" + _COLON, True),
    Label(r"Funding information" + _COLON, True),
    Label(r"(?:Cited )?References" + _COLON, True, _reference_list),
    Label(r"Chemicals/CAS" + _COLON, True),
    Label(r"Tradenames" + _COLON, True),
    Label(r"Manufacturers" + _COLON, True),
    Label(r"Molecular Sequence Numbers" + _COLON, True),
    Label(r"Conference code" + _COLON, value=_pattern(r"\d+")),
    Label(r"Language of Original Document" + _COLON),
    Label(r"Abbreviated Source Title" + _COLON),
    Label(r"Document Type" + _COLON, value=_pattern(_DOCUMENT_TYPES)),
    Label(r"Publication Stage" + _COLON, value=_pattern(r"Final|Article in Press")),
    Label(
        r"Source" + _COLON,
        value=_pattern(
            r"Scopus|Web of Science(?: Core Collection)?|PubMed|MEDLINE|Embase|EBSCO\w*|"
            r"ProQuest|Ovid|CINAHL|PsycINFO|Cochrane Library"
        ),
    ),
    Label(
        r"Open Access" + _COLON,
        value=_pattern(r"[\w ,;-]*(?:Open Access|Gold|Green|Bronze)[\w ,;-]*"),
    ),
    Label(r"PubMed ID" + _COLON, value=_pattern(r"\d+")),
    Label(r"Accession Number" + _COLON),
    Label(r"Times Cited" + _COLON, value=_pattern(r"\d+")),
    Label(r"Usage Count" + _COLON, value=_pattern(r"[\d ()A-Za-z:,]*\d")),
    Label(r"Entry Date" + _COLON, value=_date),
    Label(r"Revision Date" + _COLON, value=_date),
    Label(r"Publication Type" + _COLON, value=_title_words),
    Label(r"EID" + _COLON, value=_pattern(r"2-s2\.0-\d+")),
    # "Cited By :2", "Cited By (since 1996): 5", Scopus BibTeX's "cited By 12": a
    # count, nothing else.
    Label(
        r"Cited[^\S\n]by(?:[^\S\n]*\(since[^\S\n]\d{4}\))?[^\S\n]*(?::[^\S\n]*)?(?=\d)",
        value=_pattern(r"\d+"),
    ),
)

# Any blank within a label, the no-break spaces of Scopus's "Funding text\xa01:" too.
_BLANK = r"[^\S\n]"
_GROUPS = "|".join(
    f"(?P<L{n}>{label.pattern.replace(' ', _BLANK)})" for n, label in enumerate(LABELS)
)


@functools.cache
def _scanners() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A cheap test first (most notes hold no label at all), then where a
    bookkeeping segment may begin: the note's start, a line break, or a ``;``.
    Compiled at the first note (about 9 ms: a run without notes does not pay)."""
    fast = re.compile(rf"(?:{_GROUPS})", re.IGNORECASE)
    start = re.compile(rf"(?:^|(?<=\n)|(?<=;))[^\S\n]*(?:{_GROUPS})", re.IGNORECASE)
    return fast, start


def split_note(note: str) -> tuple[str, list[str]]:
    """``(the user's note, the bookkeeping segments)`` of ``note``; the first is ""
    when all of it is bookkeeping. A note with no label is returned as it is."""
    fast, start = _scanners()
    if not fast.search(note):
        return note, []
    starts = list(start.finditer(note))
    if not starts:
        return note, []
    labels = [LABELS[int((m.lastgroup or "L0")[1:])] for m in starts]
    # A one-line label ends at its line or its first ";" (older Scopus: "Cited By
    # (since 1996): 5; Export Date: ...; Source: Scopus"); its value decides
    # whether it is bookkeeping.
    ends: list[int] = []
    valid: list[bool] = []
    for n, match in enumerate(starts):
        end = len(note)
        for mark in ("\n", ";"):
            found_at = note.find(mark, match.end(), end)
            if found_at >= 0 and not (mark == ";" and labels[n].multiline):
                end = found_at
        if n + 1 < len(starts) and starts[n + 1].start() < end:
            end = starts[n + 1].start()
        ends.append(end)
        valid.append(labels[n].multiline or labels[n].value(_value(note, match.end(), end)))
    # A long label runs to the next label that is one, or to a blank line.
    for n, match in enumerate(starts):
        if not labels[n].multiline:
            continue
        limit = next(
            (later.start() for m, later in enumerate(starts[n + 1 :], n + 1) if valid[m]),
            len(note),
        )
        stop = note.find("\n\n", match.end(), limit)
        ends[n] = limit if stop < 0 else stop
        valid[n] = labels[n].value(_value(note, match.end(), ends[n]))
    kept: list[str] = []
    found: list[str] = []
    position = 0  # the user's text runs from here to the next segment
    for n, match in enumerate(starts):
        if not valid[n] or match.start() < position:
            continue  # the user's words, or inside the segment before
        kept.append(note[position : match.start()])
        found.append(_value(note, match.start(), ends[n]))
        position = ends[n]
        whole_line = match.start() == 0 or note[match.start() - 1] == "\n"
        if whole_line and note.startswith("\n", position):
            position += 1  # the segment was a line of its own: its line break too
    if not found:
        return note, []
    kept.append(note[position:])
    return _tidy("".join(kept)), found


def _value(note: str, start: int, end: int) -> str:
    return _TRAILING.sub("", note[start:end]).strip()


_TRAILING = re.compile(r"[\s;]+$")


def _tidy(text: str) -> str:
    """The user's text once the segments are out: no ``;`` or blanks left at line
    ends, at most one blank line in a row."""
    lines = [line.strip(" \t\r\f\v;\xa0") for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out


def file_bookkeeping(item: Item) -> None:
    """Move the export-only segments of ``item``'s note to ``custom["export-notes"]``."""
    note = item.fields.get("note")
    if not note:
        return
    user, found = split_note(note)
    if not found:
        return
    if user:
        item.fields["note"] = user
    else:
        del item.fields["note"]
    item.custom.setdefault(EXPORT_NOTES, []).extend(found)
