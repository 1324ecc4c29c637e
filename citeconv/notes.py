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

A label is only taken at a segment's start and with its colon (or, for "Cited by",
its count), so a note that mentions "references" in a sentence is left alone.
"""

from __future__ import annotations

import re

from citeconv.model import EXPORT_NOTES, Item

#: Labels of export-only notes (Scopus, Web of Science, EBSCO, ProQuest, Ovid,
#: PubMed exports as reference managers keep them), matched case-insensitively.
LABELS = (
    r"Export Date",
    r"CODEN",
    r"Correspondence Address(?:es)?(?: ?\d+)?",
    r"Funding details",
    r"Funding text(?: ?\d+)?",
    r"Funding Agency and Grant Number",
    r"Funding information",
    r"References",
    r"Cited References?",
    r"Chemicals/CAS",
    r"Tradenames",
    r"Manufacturers",
    r"Molecular Sequence Numbers",
    r"Sponsors",
    r"Conference code",
    r"Language of Original Document",
    r"Abbreviated Source Title",
    r"Document Type",
    r"Publication Stage",
    r"Source(?=\s*:\s*(?:Scopus|Web of Science|PubMed|MEDLINE|Embase|EBSCO|ProQuest|Ovid)\b)",
    r"Open Access",
    r"PubMed ID",
    r"Accession Number",
    r"Times Cited",
    r"Usage Count",
    r"Entry Date",
    r"Revision Date",
    r"Publication Type",
    r"EID",
)

# Any blank within a label, the no-break spaces of Scopus's "Funding text\xa01:" too.
_LABEL = "|".join(label.replace(" ", r"[^\S\n]") for label in LABELS)
#: "Cited By :2", "Cited By (since 1996): 5", Scopus BibTeX's "cited By 12".
_CITED_BY = r"Cited[^\S\n]by(?:[^\S\n]*\(since[^\S\n]\d{4}\))?[^\S\n]*:?[^\S\n]*\d+"
#: Where a bookkeeping segment begins: the note's start, a line break, or a ``;``.
_START = re.compile(
    rf"(?:^|(?<=\n)|(?<=;))[^\S\n]*(?=(?:(?:{_LABEL})[^\S\n]*:|{_CITED_BY}\b))",
    re.IGNORECASE,
)
_FAST = re.compile(rf"(?:{_LABEL})[^\S\n]*:|{_CITED_BY}", re.IGNORECASE)


def split_note(note: str) -> tuple[str, list[str]]:
    """``(the user's note, the bookkeeping segments)`` of ``note``; the first is ""
    when all of it is bookkeeping. A note with no label is returned as it is."""
    if not _FAST.search(note):
        return note, []
    starts = [m.start() for m in _START.finditer(note)]
    if not starts:
        return note, []
    kept: list[str] = []
    found: list[str] = []
    if starts[0] > 0:
        kept.append(note[: starts[0]])
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(note)
        segment = note[start:end]
        # A segment runs until the next label; what follows its own end of line,
        # when that is not a label, is the user's again ("Export Date: …\nMy note").
        value, _, rest = segment.partition("\n\n")
        text = value.strip().rstrip(";").strip()
        if text:
            found.append(text)
        if rest.strip():
            kept.append(rest)
    user = "\n\n".join(part.strip().rstrip(";").strip() for part in kept if part.strip())
    return user, found


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
