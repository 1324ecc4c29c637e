"""DATA: how RIS reference types and tags become CSL types and variables.

Everything the RIS reader knows about the meaning of tags is in the tables below,
run by the small generic translator in :mod:`citeconv.ris.reader` (citation-js's
idea: mapping as data). Zotero's RIS import (translator ``RIS.js``) is the de facto
reference for what a tag means; where we deliberately differ, the comment says why.

Precedence: when several tags feed one CSL variable, the earlier rule wins; the
values of the later ones are kept in ``Item.custom`` under their tag (nothing is
dropped), unless they repeat the winning value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: RIS ``TY`` → CSL type. Comments name Zotero's item type where we differ from it.
TYPES: dict[str, str] = {
    "ABST": "article-journal",  # abstract of a journal article
    "ADVS": "motion_picture",  # audiovisual material (Zotero: film)
    "AGGR": "dataset",  # aggregated database (Zotero: document; a database is data)
    "ANCIENT": "classic",  # CSL 1.0.2 "classic" (Zotero: document)
    "ART": "graphic",  # artwork
    "BILL": "bill",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "CASE": "legal_case",
    "CHAP": "chapter",
    "CHART": "figure",  # CSL 1.0.2 "figure" (Zotero: artwork)
    "CLSWK": "classic",  # CSL 1.0.2 "classic" (Zotero: book)
    "COMP": "software",  # CSL 1.0.2 "software" (Zotero: computerProgram)
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "CTLG": "book",  # a catalogue is a book-like whole (Zotero: magazineArticle)
    "DATA": "dataset",
    "DBASE": "dataset",
    "DICT": "entry-dictionary",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "book",
    "EJOUR": "article-journal",
    "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia",
    "EQUA": "document",
    "FIGURE": "figure",  # CSL 1.0.2 "figure" (Zotero: artwork)
    "GEN": "document",  # generic (Zotero: journalArticle, which misleads styles)
    "GOVDOC": "report",
    "GRANT": "document",  # CSL has no grant type (Zotero: journalArticle)
    "HEAR": "hearing",  # CSL 1.0.2 "hearing" (Zotero: hearing)
    "ICOMM": "personal_communication",
    "INPR": "article-journal",  # in press; "status" is set to "in press"
    "JFULL": "periodical",  # a whole journal (Zotero: journalArticle)
    "JOUR": "article-journal",
    "LEGAL": "regulation",  # CSL 1.0.2 "regulation" (Zotero: case)
    "MANSCPT": "manuscript",
    "MAP": "map",
    "MGZN": "article-magazine",
    "MPCT": "motion_picture",
    "MULTI": "motion_picture",  # online multimedia (Zotero: videoRecording)
    "MUSIC": "musical_score",  # CSL 1.0.2 "musical_score" (Zotero: audioRecording)
    "NEWS": "article-newspaper",
    "PAMP": "pamphlet",  # CSL "pamphlet" (Zotero: manuscript)
    "PAT": "patent",
    "PCOMM": "personal_communication",
    "RPRT": "report",
    "SER": "periodical",  # serial publication (Zotero: book)
    "SLIDE": "speech",  # slide/presentation (Zotero: presentation)
    "SOUND": "song",  # sound recording (Zotero: audioRecording, CSL song)
    "STAND": "standard",  # CSL 1.0.2 "standard" (Zotero: report)
    "STAT": "legislation",
    "THES": "thesis",
    "UNBILL": "bill",
    "UNPB": "manuscript",  # unpublished work (Zotero: manuscript)
    "VIDEO": "motion_picture",
    # Non-standard types written by real exporters.
    "WEB": "webpage",
    "ELECTRONIC": "webpage",
    "JOURN": "article-journal",
    "JOURNAL ARTICLE": "article-journal",
    "JOURNAL": "article-journal",
    "ARTICLE": "article-journal",
    "CHAPTER": "chapter",
    "BOOK SECTION": "chapter",
    "INTV": "interview",
    "POD": "broadcast",  # podcast episode
    "PRESS": "article-newspaper",  # press release/article
    "UNPD": "manuscript",
    "GRNT": "document",
    "MAG": "article-magazine",
    "NEWSPAPER": "article-newspaper",
    "THESIS": "thesis",
    "REPORT": "report",
    "CONFERENCE PAPER": "paper-conference",
    "PREPRINT": "article",
    "STD": "standard",
    "DATASET": "dataset",
    "SOFTWARE": "software",
    "OTHER": "document",
}

#: CSL type of a record whose TY is missing, empty or unknown (after a warning).
FALLBACK_TYPE = "document"

#: Types whose ``BT`` is their own title and ``T2`` their series.
WHOLE_BOOKS = frozenset({"book", "classic", "periodical", "pamphlet"})
#: Types that carry a report/patent/bill-like number rather than an ISSN/ISBN.
NUMBERED = frozenset(
    {"report", "patent", "bill", "legislation", "legal_case", "standard", "regulation", "hearing"}
)
#: Types where ``A3`` is a contributor (thesis advisor) rather than a series editor.
SUPERVISED = frozenset({"thesis"})


class Kind(Enum):
    """How a tag's values become a variable."""

    TEXT = "text"  # one value; later ones of the same tag are kept in custom
    NAMES = "names"  # each value is one or more names (";"-separated)
    DATE = "date"
    PAGES = "pages"  # SP/EP/LP merged once
    DOI = "doi"
    URL = "url"
    SERIAL = "serial"  # ISSN or ISBN by its shape
    KEYWORDS = "keywords"
    NOTE = "note"  # all values kept, joined by blank lines
    KEY = "key"  # the record's own citation key


@dataclass(frozen=True, slots=True)
class Rule:
    """``tag`` feeds CSL ``variable`` when the item's type is in ``types`` (or any type).

    ``overflow``: where the value goes when ``variable`` already has a value from a
    tag of higher precedence (``JO`` is a full title for some exporters and an
    abbreviation for others).
    """

    tag: str
    variable: str
    kind: Kind = Kind.TEXT
    types: frozenset[str] | None = None
    overflow: str | None = None


def _only(*types: str) -> frozenset[str]:
    return frozenset(types)


#: The rules, in precedence order: for one variable, the first rule with a value wins.
#: For one tag, the first rule whose ``types`` match decides the variable.
RULES: tuple[Rule, ...] = (
    # Titles.
    Rule("TI", "title"),
    Rule("T1", "title"),
    Rule("CT", "title"),  # old "caption/title" tag of early exporters
    Rule("BT", "title", types=WHOLE_BOOKS),  # whole books: BT is the book's own title
    Rule("ST", "title-short"),
    Rule("TT", "original-title"),  # translated title (EndNote)
    # Container titles: T2 is the series of a whole book, else the container.
    Rule("T2", "collection-title", types=WHOLE_BOOKS),
    Rule("T2", "container-title"),
    Rule("JF", "container-title"),
    Rule("BT", "container-title"),
    Rule("JO", "container-title", overflow="container-title-short"),
    Rule("J2", "container-title-short"),
    Rule("JA", "container-title-short"),
    Rule("J1", "container-title-short"),
    Rule("T3", "collection-title"),
    # Names.
    Rule("AU", "author", Kind.NAMES),
    Rule("A1", "author", Kind.NAMES),
    Rule("A2", "editor", Kind.NAMES),
    Rule("ED", "editor", Kind.NAMES),
    Rule("A3", "contributor", Kind.NAMES, types=SUPERVISED),
    Rule("A3", "collection-editor", Kind.NAMES),
    Rule("A4", "translator", Kind.NAMES),
    # Dates: DA over PY over Y1; Y2 is only ever the access date.
    Rule("DA", "issued", Kind.DATE),
    Rule("PY", "issued", Kind.DATE),
    Rule("Y1", "issued", Kind.DATE),
    Rule("Y2", "accessed", Kind.DATE),
    # Numbers.
    Rule("VL", "volume"),
    Rule("IS", "number", types=NUMBERED),
    Rule("IS", "issue"),
    Rule("CP", "issue"),
    Rule("M1", "number", types=NUMBERED),
    Rule("NV", "number-of-volumes"),
    Rule("ET", "edition"),
    Rule("SE", "section"),
    Rule("SP", "page", Kind.PAGES),
    Rule("EP", "page", Kind.PAGES),
    Rule("LP", "page", Kind.PAGES),  # HighWire and others: "last page"
    # Identifiers and links.
    Rule("DO", "DOI", Kind.DOI),
    Rule("SN", "ISSN", Kind.SERIAL),
    Rule("UR", "URL", Kind.URL),
    Rule("ID", "citation-key", Kind.KEY),
    Rule("CN", "call-number"),
    Rule("AN", "archive_location"),  # accession number in the database named by DB
    Rule("DB", "archive"),
    Rule("DP", "source"),
    # Publication facts.
    Rule("PB", "publisher"),
    Rule("CY", "publisher-place"),
    Rule("PP", "publisher-place"),
    Rule("LA", "language"),
    Rule("M3", "genre"),
    # Text.
    Rule("AB", "abstract"),
    Rule("N2", "abstract"),  # AB preferred; never both concatenated
    Rule("N1", "note", Kind.NOTE),
    Rule("KW", "keyword", Kind.KEYWORDS),
)

#: Tags that the translator reads but that are structure, not data.
STRUCTURE_TAGS = frozenset({"TY", "ER"})

#: Tags that may legitimately repeat within one record.
REPEATABLE_TAGS = frozenset(
    {"AU", "A1", "A2", "A3", "A4", "ED", "KW", "N1", "UR", "L1", "L2", "L3", "L4", "SN", "AD"}
)

#: Every tag a RIS exporter is known to write (the specification, rispy's table, and
#: the extras of EndNote, Zotero, Citavi, RefWorks). Used to recognise tag lines in
#: collapsed files, where only a known tag may start a new field.
KNOWN_TAGS = frozenset(
    {rule.tag for rule in RULES}
    | STRUCTURE_TAGS
    | {f"C{i}" for i in range(1, 9)}
    | {f"U{i}" for i in range(1, 6)}
    | {f"L{i}" for i in range(1, 5)}
    | {f"Y{i}" for i in range(1, 4)}
    | {f"M{i}" for i in range(1, 4)}
    | {"AD", "CA", "OP", "RI", "RN", "RP", "TA", "UK", "LB", "H1", "H2", "LK", "ST", "AV"}
)


def rules_by_tag() -> dict[str, tuple[Rule, ...]]:
    """The rules of each tag, in precedence order."""
    table: dict[str, list[Rule]] = {}
    for rule in RULES:
        table.setdefault(rule.tag, []).append(rule)
    return {tag: tuple(rules) for tag, rules in table.items()}


def variable_precedence() -> dict[str, tuple[str, ...]]:
    """For each variable, its tags in precedence order."""
    table: dict[str, list[str]] = {}
    for rule in RULES:
        tags = table.setdefault(rule.variable, [])
        if rule.tag not in tags:
            tags.append(rule.tag)
    return {variable: tuple(tags) for variable, tags in table.items()}
