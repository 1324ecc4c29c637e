"""What a record is compared by: :class:`Key`, the normalised title, authors,
journal, year, volume, first page and identifiers of an :class:`~citeconv.model.Item`,
and the marks that keep look-alikes apart (an erratum, a reply, a part number, a
conference abstract, a preprint). A Key is small: the engine holds one per record,
never the record's abstract."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from citeconv.model import Item

#: Greek letters spelled out, as databases write them ("α-synuclein", "alpha-synuclein").
GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_GREEK = str.maketrans(
    {
        **GREEK,
        **{k.upper(): v for k, v in GREEK.items() if k != "ς"},
        # Letters NFKD does not take apart ("Sørensen" is "Sorensen" in another index).
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)

#: Titles that name a kind of item, not a work: never enough to match on.
GENERIC_TITLES = frozenset(
    {
        "editorial",
        "introduction",
        "letter",
        "letter to the editor",
        "letters to the editor",
        "reply",
        "response",
        "comment",
        "commentary",
        "correction",
        "erratum",
        "errata",
        "corrigendum",
        "preface",
        "foreword",
        "in this issue",
        "book review",
        "book reviews",
        "news",
        "abstracts",
        "index",
        "contents",
        "editors note",
        "announcement",
        "obituary",
        "guest editorial",
        "untitled",
        "no title",
        "title not available",
        "reply to letter",
        "authors reply",
        "in reply",
        "conclusion",
        "summary",
        "overview",
        "discussion",
    }
)

#: Titles of a kind of note, whatever follows ("Letter to the editor: re ...").
_GENERIC_START = re.compile(
    r"^(?:letters? to the editors?|reply to (?:the )?(?:letter|comment)|response to (?:the )?"
    r"(?:letter|comment)|from the (?:editors?|desk)|editors? s? (?:note|comment|choice)|"
    r"introduction to (?:the )?special (?:issue|section)|carta al (?:editor|director)|"
    r"lettre a l editeur|in this issue|editorial comment|guest editorial)\b"
)
#: A note's kind said at the end: "X [Erratum]", "X - Corrigendum", "X. Comment".
_KIND_AT_END = re.compile(
    r"\b(?:(erratum|errata|corrigendum|correction|retraction|retracted)|(reply|response)|"
    r"(comment|commentary))$"
)
#: MEDLINE's notes of a letter or comment ("[letter]"): the same work elsewhere
#: carries none, so they only ask for more agreement, never forbid.
_NOTED = re.compile(r"[\[(](?:letter|comment|editorial)[\])]\s*$", re.IGNORECASE)
#: How a title says what kind of note it is; records of different kinds never merge.
_KIND = (
    (
        "erratum",
        re.compile(
            r"^(?:errat(?:um|a)|corrigend(?:um|a)|correction(?:s)?(?: to| of)?|addendum|"
            r"notice of (?:retraction|correction)|retraction(?: note| notice)?|retracted|"
            r"expression of concern|publisher s note|author correction)\b"
        ),
    ),
    (
        "protocol",
        re.compile(
            r"\b(?:study|trial|review) protocol\b|\bprotocol for (?:a|an|the)\b|^protocol\b"
        ),
    ),
    (
        "reply",
        re.compile(
            r"^(?:reply|in reply|response|authors? reply|the authors? reply|rebuttal)\b"
            r"|\b(?:authors? reply|reply to|in response to|response to)\b"
        ),
    ),
    ("comment", re.compile(r"^(?:comments? on|commentary on|re|letter re|letter)\b")),
)
#: A part or phase of a series: "Part II", "phase 3", "Paper 2".
_PART = re.compile(
    r"\b(part|phase|paper|study|trial|series|volume|vol|section|chapter|report)\s+"
    r"([ivxlc]+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|[a-h])\b"
)
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_TAGS = re.compile(r"<[^>]{0,200}>")
_LATEX = re.compile(r"\\[A-Za-z]+\s*|[{}$]")
_DATABASE_NOTE = re.compile(
    r"\s*[\[(](?:review|article in [a-z ,]+|english abstract|[0-9]+ refs?|[0-9]{1,2}|"
    r"abstract|see comments?|comment|editorial|letter|meta-analysis|multiple letters|"
    r"(?:published )?erratum appears in[^\])]*|comment (?:in|on)[^\])]*|"
    r"retracted[^\])]*|update (?:in|of)[^\])]*|corrected and republished[^\])]*)"
    r"(?:[\])]|$)\s*$",
    re.IGNORECASE,
)
#: MEDLINE's notes cut short ("....[Erratum appears in J Pediatr. 2003 Jun"), and a
#: citation a database appended ("... N Engl J Med. 2009 Jan 29;360(5):544-6").
_NOTE_START = re.compile(
    r"\.?\s*\[(?:(?:published )?erratum appears|comment (?:in|on)|retracted|update)\b.*$"
    r"|\.{3}\s+[^.]{0,80}\.\s+\d{4}\b.*$",
    re.IGNORECASE,
)
#: How Web of Science and Embase title a correction: "Title (vol 360, pg 542, 2009)",
#: "Title (New England Journal of Medicine (2009) 360 (542-544))".
_CORRECTION_OF = re.compile(
    r"\((?:vol\.? [\w-]+,? pg\.? [\w-]+,? \d{4}|[^()]{3,120}\(\d{4}\)\s*[\w-]+\s*\([\w-]+\))\)\s*$",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d+")
_MONTHS = {
    m: n
    for n, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
#: A page range a spreadsheet made a date of: "23-Jul" (7-23), "Oct-01".
_MANGLED = re.compile(r"^(?:(\d{1,2})-([A-Za-z]{3})|([A-Za-z]{3})-(\d{1,2}))$")
_FIRST_PAGE = re.compile(r"([A-Za-z]{0,2})(\d+)")
_SUPPLEMENT = re.compile(r"(?<![a-z])suppl", re.IGNORECASE)
_STOPWORDS = frozenset(
    {"of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "le", "der", "die", "und"}
    | {"d", "et", "du", "des", "y", "del", "e", "i", "fur", "und", "of", "l"}
)
#: Preprint servers, by DOI prefix and by name.
PREPRINT_DOI_PREFIXES = ("10.1101/", "10.48550/", "10.21203/", "10.2139/", "10.20944/", "10.31219/")
_PREPRINT_NAME = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|ssrn|research square|preprints|chemrxiv|psyarxiv|"
    r"osf preprints|techrxiv|authorea|res sq)\b",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lower case, accents and markup gone, Greek letters spelled, one blank
    between words of letters and digits."""
    text = _LATEX.sub(" ", _TAGS.sub(" ", text)).translate(_GREEK)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("ß", "ss").replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def title_key(title: str) -> str:
    """A title as compared: a translated title's brackets and a database's trailing
    note ("[Review]", "[Article in German]") removed, then folded."""
    text = _NOTE_START.sub("", title.strip())
    for _ in range(3):
        stripped = _DATABASE_NOTE.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    text = text.strip().rstrip(".")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]  # MEDLINE's translated title: "[A study on ...]"
    return fold(text)


def _roman(token: str) -> int | None:
    if not token or any(c not in _ROMAN for c in token):
        return None
    total = 0
    for n, c in enumerate(token):
        value = _ROMAN[c]
        total += -value if n + 1 < len(token) and _ROMAN[token[n + 1]] > value else value
    return total


def parts_of(title: str) -> frozenset[str]:
    """The series parts a folded title names ("part 2", "phase 3"), numbers unified."""
    found = set()
    for word, number in _PART.findall(title):
        roman = _roman(number)
        value = str(roman) if roman is not None else _NUMBER_WORDS.get(number, number)
        found.add(f"{'volume' if word == 'vol' else word} {value}")
    return frozenset(found)


def first_pages(page: str | None) -> frozenset[str]:
    """What the first page may be: one page, or two where a spreadsheet made a date
    of the range ("23-Jul": 7-23 or 23-7, so 7 or 23); empty when none is given."""
    if not page:
        return frozenset()
    page = page.strip().strip('"')
    mangled = _MANGLED.match(page)
    if mangled is not None:
        month = (mangled.group(2) or mangled.group(3) or "").lower()
        day = mangled.group(1) or mangled.group(4)
        if month in _MONTHS and day:
            return frozenset({str(_MONTHS[month]), str(int(day))})
    match = _FIRST_PAGE.search(page)
    if match is None:
        return frozenset()
    # "e123", "C37", "JC6": a letter before an electronic or section page is dropped;
    # a supplement's "S123" is not the page 123.
    letter = match.group(1).lower()
    return frozenset({f"{'s' if letter == 's' else ''}{int(match.group(2))}"})


def journal_tokens(name: str | None) -> tuple[str, ...]:
    if not name:
        return ()
    return tuple(w for w in fold(name).split() if w not in _STOPWORDS)


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    initial: str  # the given name's first letter, or ""
    group: bool = False  # an organisation ("RECOVERY Collaborative Group")


@dataclass(frozen=True, slots=True)
class Key:
    """One record as the matcher sees it (see the module's docstring)."""

    position: int  # in the inputs' order, from 0
    source_id: str  # the record's own id (RIS ID, CSL-JSON id, BibTeX key, PMID ...)
    title: str
    parts: frozenset[str]
    numbers: tuple[str, ...]  # the digits of the title, in order
    kind: str  # "", "erratum", "reply", "comment", "protocol"
    noted: str  # a database's "[letter]" note: asks for more agreement
    generic: bool
    authors: tuple[Author, ...]
    year: int | None
    journals: tuple[tuple[str, ...], ...]  # each name of the container, as tokens
    issns: frozenset[str]
    family: str  # the CSL type's family: article, book, chapter, thesis, report, other
    volume: str | None
    pages: frozenset[str]  # the first page, or what it may be (see first_pages)
    doi: str | None
    pmid: str | None
    preprint: bool
    abstract_only: bool  # a conference abstract or a supplement's
    filled: int  # how many fields the record has (the fullest is kept)

    def fingerprint(self) -> tuple[object, ...]:
        """What the key is, not where it was: the tie-break that makes the clusters
        independent of the input's order."""
        return (
            self.doi or "",
            self.pmid or "",
            self.title,
            tuple((a.family, a.initial) for a in self.authors),
            self.year or 0,
            self.journals,
            self.volume or "",
            tuple(sorted(self.pages)),
            self.source_id,
        )


def _authors(item: Item) -> tuple[Author, ...]:
    people = item.names.get("author") or item.names.get("editor") or []
    found = []
    for person in people[:50]:
        if person.literal:
            found.append(Author(fold(person.literal).replace(" ", ""), "", group=True))
            continue
        # "Müller" and "Mueller" alike (German indexes spell umlauts out).
        family = fold(person.family or "").replace(" ", "")
        family = family.replace("ae", "a").replace("oe", "o").replace("ue", "u")
        initial = fold(person.given or "")[:1]
        if family:
            found.append(Author(family, initial))
    return tuple(found)


def _journals(item: Item) -> tuple[tuple[str, ...], ...]:
    names = []
    for variable in ("container-title", "container-title-short", "collection-title"):
        value = item.fields.get(variable)
        if not value:
            continue
        # "Zhonghua jie he ... = Chinese journal of tuberculosis": each name apart.
        for piece in re.split(r"\s=\s|\s/\s", value):
            # NLM's "[electronic resource]", "(Berlin, Germany)": also without them.
            bare = re.sub(r"\s*[\[(][^\])]{0,60}[\])]", " ", piece)
            for variant in (piece, bare):
                tokens = journal_tokens(variant)
                if tokens and tokens not in names:
                    names.append(tokens)
    return tuple(names)


def _digits(value: str | None) -> str | None:
    if not value:
        return None
    found = _DIGITS.search(value)
    return str(int(found.group())) if found else value.strip().lower()


#: CSL types by family: records of different families are different works.
TYPE_FAMILIES = {
    "thesis": "thesis",
    "report": "report",
    "book": "book",
    "chapter": "chapter",
    "patent": "patent",
    "dataset": "dataset",
}
_PMID_IN_TEXT = re.compile(r"\bPMID:?\s*(\d{1,9})\b")


def _pmid(item: Item) -> str | None:
    """The PMID, also where RIS keeps it: ``AN`` of a PubMed record, "PMID: 123"
    in ``C2``/``M2``/notes."""
    given = item.fields.get("PMID")
    if given:
        return _digits(given)
    source = (item.fields.get("source") or "").lower()
    accession = item.fields.get("archive_location") or ""
    if accession.isdigit() and ("pubmed" in source or "medline" in source):
        return str(int(accession))
    for values in (
        item.custom.get("C2", ()),
        item.custom.get("M2", ()),
        [item.fields.get("note", "")],
    ):
        for value in values:
            found = _PMID_IN_TEXT.search(str(value))
            if found:
                return str(int(found.group(1)))
    return None


def make_key(item: Item, position: int, source_id: str) -> Key:
    raw_title = item.fields.get("title", "")
    noted = ""
    if _NOTED.search(raw_title[-40:]):
        noted = _NOTED.search(raw_title[-40:]).group(0).strip("[]() ").lower()  # type: ignore[union-attr]
    title = title_key(_CORRECTION_OF.sub("", raw_title))
    kind = "erratum" if _CORRECTION_OF.search(raw_title) else ""
    for name, pattern in _KIND:
        if not kind and pattern.search(title):
            kind = name
    at_end = _KIND_AT_END.search(title) if not kind else None
    if at_end is not None:
        kind = "erratum" if at_end.group(1) else "reply" if at_end.group(2) else "comment"
    genre = (item.fields.get("genre") or "").lower()
    if not kind and ("erratum" in genre or "correction" in genre):
        kind = "erratum"
    if not kind and "protocol" in genre:
        kind = "protocol"  # Cochrane's "Protocol" (RIS M3) beside its review
    doi = (item.fields.get("DOI") or "").strip().lower() or None
    container = " ".join(
        item.fields.get(v, "") for v in ("container-title", "collection-title", "publisher")
    )
    volume_issue = " ".join(item.fields.get(v, "") for v in ("volume", "issue", "page"))
    pages = first_pages(item.fields.get("page"))
    date = item.dates.get("issued")
    document = " ".join(
        [genre]
        + [str(v) for key in ("M3", "Document Type", "PT", "DT") for v in item.custom.get(key, [])]
    ).lower()
    return Key(
        position=position,
        source_id=source_id,
        title=title,
        parts=parts_of(title),
        numbers=tuple(_DIGITS.findall(title)),
        kind=kind,
        noted=noted,
        generic=title in GENERIC_TITLES
        or len(title.split()) <= 2
        or _GENERIC_START.match(title) is not None,
        authors=_authors(item),
        year=date.year if date is not None else None,
        journals=_journals(item),
        issns=frozenset(
            re.sub(r"[^0-9x]", "", v.lower())
            for v in re.split(r"[ ,;]+", item.fields.get("ISSN") or "")
            if len(re.sub(r"[^0-9x]", "", v.lower())) == 8
        ),
        family=TYPE_FAMILIES.get(item.type, "article"),
        volume=_digits(item.fields.get("volume")),
        pages=pages,
        doi=doi,
        pmid=_pmid(item),
        preprint=bool(
            (doi and doi.startswith(PREPRINT_DOI_PREFIXES))
            or _PREPRINT_NAME.search(container)
            or item.type == "article"
        ),
        abstract_only=bool(
            _SUPPLEMENT.search(volume_issue)
            or any(p.startswith("s") for p in pages)
            or "conference abstract" in document
            or re.search(r"\b(?:conference|congress|meeting|symposium)\b", container, re.I)
            or "meeting abstract" in document
        ),
        filled=len(item.fields) + len(item.names) + len(item.dates) + bool(item.keywords),
    )
