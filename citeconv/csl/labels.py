"""The citation-label variable as citeproc-js makes it: the item's own, or a
"trigraph" of its first names and year ("Asth00", "BrCh98", "DEFG26"), with the
item's year suffix after it ("Asth00a").

CSL 1.0.2 leaves the label's shape to the processor; citeproc-js's
``getCitationLabel`` (default trigraph "Aaaa00:AaAa00:AaAA00:AAAA00": four letters
of one author, two of each of two, two and one and one of three, one of each of
four or more; the year's last two digits) is what the test suite expects. A style
that prints citation-label gets the year suffix there, not after a year
(citeproc-js's ``state.opt.has_year_suffix``; citeconv.csl.fixes.dates).
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.source import DateRange

#: citeproc-js's default ``opt.trigraph``, read as (letters of each name, year digits)
#: for one, two, three and four or more names.
TRIGRAPH: tuple[tuple[tuple[int, ...], int], ...] = (
    ((4,), 2),
    ((2, 2), 2),
    ((2, 1, 1), 2),
    ((1, 1, 1, 1), 2),
)

#: CSL.NAME_VARIABLES, the order citeproc-js looks for names in (citeproc-py's keys).
_NAME_VARIABLES = (
    "author",
    "chair",
    "collection_editor",
    "compiler",
    "composer",
    "container_author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editorial_director",
    "editor_translator",
    "executive_producer",
    "guest",
    "host",
    "illustrator",
    "interviewer",
    "narrator",
    "organizer",
    "original_author",
    "performer",
    "producer",
    "recipient",
    "reviewed_author",
    "script_writer",
    "series_creator",
    "translator",
)
#: A lower-case particle left at the start of a family name ("von Dipheria").
_PARTICLE = re.compile(r"^[ '\u2019a-z]+\s+")
_ARTICLE = re.compile(r"^(?:a|the|an)\s+", re.IGNORECASE)
#: CSL.ROMANESQUE_NOT_REGEXP: what is left out of a name.
_NOT_ROMANESQUE = re.compile("[^a-zA-Z\u0080-\u017f\u0400-\u052f\u0386-\u03fb\u1f00-\u1ffe]")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def trigraph(reference: Any, skip_words: frozenset[str] = frozenset()) -> str:
    """citeproc-js's getCitationLabel of a citeproc-py Reference."""
    label = ""
    config = TRIGRAPH[0]
    for variable in _NAME_VARIABLES:
        names = reference.get(variable)
        if not names:
            continue
        config = TRIGRAPH[min(len(names), len(TRIGRAPH)) - 1]
        letters = config[0]
        name_text = "Ref"
        for n, name in enumerate(names[: len(letters)]):
            family, literal = name.get("family"), name.get("literal")
            if family:
                name_text = _PARTICLE.sub("", str(family))
            elif literal:
                name_text = str(literal)
            article = _ARTICLE.match(name_text)
            if article:
                name_text = name_text[article.end() :]
            name_text = _NOT_ROMANESQUE.sub("", name_text)
            if not name_text:
                break
            label += _capitalized(name_text[: letters[n]])
        break
    if not label:
        title = reference.get("title")
        if title:
            words = [w for w in str(title).split() if w not in skip_words]
            label = _capitalized("".join(words)[: TRIGRAPH[0][0][0]])
    issued = reference.get("issued")
    if isinstance(issued, DateRange):
        issued = issued.begin  # its first year, as citeproc-js's Item.issued.year
    year = issued.get("year") if isinstance(issued, dict) else None
    digits = config[1]
    return label + (str(year) if year else "0000")[-digits:]


def label_text(reference: Any) -> str:
    """The item's citation-label (its own, else the trigraph) and year suffix."""
    own = reference.get("citation_label")
    label = str(own) if own else trigraph(reference, _skip_words())
    suffix = reference.get("year_suffix")
    return label + str(suffix) if suffix else label


def sort_key(reference: Any) -> str:
    """The citation-label a sort key compares (no year suffix)."""
    own = reference.get("citation_label")
    return str(own) if own else trigraph(reference, _skip_words())


def _skip_words() -> frozenset[str]:
    from citeconv.csl.fixes.text_case import _STOP_WORDS

    return _STOP_WORDS
