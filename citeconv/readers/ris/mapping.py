"""DATA: how RIS reference types and tags become CSL types and variables.

Everything the RIS reader knows about the meaning of tags is in the tables below,
run by the small generic translator in :mod:`citeconv.readers.ris.reader` (citation-js's
idea: mapping as data). Zotero's RIS import (translator ``RIS.js``) is the de facto
reference for what a tag means; where we deliberately differ, the comment says why.
Where a tag's meaning depends on the type, EndNote's layout for that RIS type (the
field names its exports write: A2 of a BOOK is "Editor, Series", DA of an EJOUR is
"Date Accessed") decides, and a rule names the RIS types it applies to.
``tests/corpus_known_differences.tsv`` lists, record by record, where the result
differs from Zotero's and why.

Precedence: when several tags feed one CSL variable, the earlier rule wins; the
values of the later ones are kept in ``Item.custom`` under their tag (nothing is
dropped), unless they repeat the winning value. Tags without a rule for the type
are kept in ``Item.custom`` too, and reach CSL-JSON output there.

What the reader drops or overwrites, and why it may (everything else is kept, in a
field or in ``Item.custom`` under its tag):

* a value repeating one already kept (the same DOI, name, keyword, ISSN; a date a
  higher tag already gives; an EP repeating the end of an SP range): nothing is lost;
* a date that says less than another one it agrees with (PY 1970 beside Y1 June
  1970): the fuller one says it all;
* ``nan`` (an empty cell of a pandas-made export), with a warning, and empty values;
* in names, degrees and honorifics ("PhD", "MD", "Dr.", "Prof."): not names; and
  "et al." written as a name, which is no person (the fact is kept: ``ET_AL``);
* in links, the words joining several links ("a and b");
* an M3 that is only a DOI becomes the DOI rather than a genre.

Overwriting: a ``DA`` read as the access date that cannot be one (before the web, or
in the year of publication when no fuller date is given) is the work's date; the
A2 of an ``EDBOOK`` without AU/A1 are its editors; a journal named only by its
abbreviation gets it as its title too (``container-title-short`` stays).

Two readings (``--mapping``): ``endnote`` (the default, above) and ``zotero``, which
reads what EndNote's layout and Zotero disagree on as Zotero does: Zotero's item type
for each ``TY`` (:data:`ZOTERO_TYPES`) and its per-type meaning of the creator,
container and number tags (:data:`ZOTERO_RULES`, replacing those tags' rules
whole). Everything else, including what the issue asks beyond Zotero (names
"Given Family", J2 as the abbreviation, the DOI found in UR, SN by its shape), is
shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import rispy

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
    "GEN": "document",  # generic; CLOSEST_BY_TAGS decides (Zotero: always journalArticle)
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
    "SER": "book",  # serial publication: EndNote's book-in-a-series layout
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

#: A generic record (``GEN``, or a TY missing, empty or unknown) takes the closest
#: type its tags show: the first entry whose tags it all has. A journal title, or a
#: secondary title with a volume or issue, is a journal article (EBSCO, Lens and
#: asreview export journal articles as GEN; Zotero reads every GEN as one).
CLOSEST_BY_TAGS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"JF"}), "article-journal"),
    (frozenset({"JO"}), "article-journal"),
    (frozenset({"JA"}), "article-journal"),
    (frozenset({"T2", "VL"}), "article-journal"),
    (frozenset({"T2", "IS"}), "article-journal"),
)
#: The TY values that are "generic" in that sense.
GENERIC_TYPES = frozenset({"GEN", ""})

#: Types whose ``BT`` is their own title and ``T2`` their series.
WHOLE_BOOKS = frozenset({"book", "classic", "periodical", "pamphlet"})
#: Types that carry a report/patent/bill-like number rather than an ISSN/ISBN.
NUMBERED = frozenset(
    {"report", "patent", "bill", "legislation", "legal_case", "standard", "regulation", "hearing"}
)
#: Types published in a serial: an SN that is neither ISSN- nor ISBN-shaped is an ISSN.
SERIAL_CONTAINERS = frozenset({"article-journal", "article-magazine", "article-newspaper"})
#: Types where ``A3`` is a contributor (thesis advisor) rather than a series editor.
SUPERVISED = frozenset({"thesis"})
#: Types whose lone ``SP`` is a page count (EndNote: "Number of Pages"), as in Zotero.
PAGE_COUNTS = frozenset({"book", "thesis", "manuscript", "classic", "pamphlet", "periodical"})
#: Types whose lone ``SP`` is a running time (EndNote: "Running Time").
RUNNING_TIMES = frozenset({"motion_picture"})


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
    KEEP = "keep"  # no CSL variable for this tag and type: kept in ``custom``


@dataclass(frozen=True, slots=True)
class Rule:
    """``tag`` feeds CSL ``variable`` when the item's type is in ``types`` (or any type).

    ``types`` holds CSL types (lower case) and may also hold RIS ``TY`` codes (upper
    case) where the RIS type says more than the CSL type (``EDBOOK``: AU are editors).
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


#: RIS types whose A2 is the series editor in EndNote's layout ("Editor, Series").
_A2_SERIES_EDITOR = _only(
    "BOOK", "CLSWK", "COMP", "EDBOOK", "MAP", "MULTI", "RPRT", "GOVDOC", "UNPB", "WEB", "ELEC"
)

#: Types whose M3 is a database's document type, not a type of work.
_M3_DOCUMENT_TYPE = _only(
    "article-journal", "article-magazine", "article-newspaper", "paper-conference", "chapter"
)

#: RIS types whose DA is "Date Accessed" in EndNote's layout.
_DA_ACCESSED = _only("AGGR", "CASE", "DBASE", "EBOOK", "EJOUR", "MULTI")

#: The rules, in precedence order: for one variable, the first rule with a value wins.
#: For one tag, the first rule whose ``types`` match decides the variable, so a
#: type-specific rule comes before the tag's general one. "Zotero:" comments say
#: what Zotero's RIS.js does where we differ.
RULES: tuple[Rule, ...] = (
    # Titles.
    Rule("TI", "title"),
    Rule("T1", "title"),
    Rule("CT", "title"),  # old "caption/title" tag of early exporters
    Rule("BT", "title", types=WHOLE_BOOKS | {"manuscript"}),  # a whole book: its own title
    Rule("ST", "title-short"),
    # Container titles. A conference paper's proceedings are C3 (EndNote); its T2 is
    # then the conference name, but the proceedings when C3 is absent, as Scopus and
    # WoS write them (Zotero: T2 is always the conference name).
    Rule("C3", "container-title", types=_only("paper-conference")),
    Rule("T2", "container-title", types=_only("paper-conference"), overflow="event-title"),
    # T2 is the series of a whole book, a report, a program or a map (as in Zotero).
    Rule("T2", "collection-title", types=WHOLE_BOOKS | {"report", "software", "map"}),
    Rule("T2", "container-title"),
    Rule("JF", "container-title"),
    Rule("BT", "container-title"),
    Rule("A2", "container-title", types=_only("legal_case")),  # EndNote case: "Reporter"
    Rule("JO", "container-title", overflow="container-title-short"),
    Rule("J2", "container-title-short"),
    Rule("JA", "container-title-short"),
    Rule("J1", "container-title-short"),
    Rule("T3", "authority", types=_only("bill", "hearing")),  # the legislative body
    Rule("T3", "collection-title"),
    # Names. AU is the primary creator, which CSL calls author for every type (Zotero's
    # director, artist, inventor... all export to CSL as author), except:
    Rule("AU", "editor", Kind.NAMES, types=_only("EDBOOK")),  # an edited book's "authors"
    Rule("A1", "editor", Kind.NAMES, types=_only("EDBOOK")),
    Rule("AU", "composer", Kind.NAMES, types=_only("song")),  # as in Zotero
    Rule("A1", "composer", Kind.NAMES, types=_only("song")),
    Rule("AU", "author", Kind.NAMES),
    Rule("A1", "author", Kind.NAMES),
    # A2, A3, A4 ("secondary", "tertiary", "subsidiary" author) mean what EndNote's
    # layout for the RIS type says (the field names its exports write), so these
    # rules are keyed by TY. Zotero follows EndNote mostly; differences are marked.
    Rule("A2", "author", Kind.NAMES, types=_only("bill", "song", "speech")),  # sponsor...
    Rule("A2", "interviewer", Kind.NAMES, types=_only("interview")),
    Rule("A2", "recipient", Kind.NAMES, types=_only("personal_communication")),
    Rule("A2", "collection-editor", Kind.NAMES, types=_A2_SERIES_EDITOR),
    Rule("A2", "authority", types=_only("patent", "regulation")),  # issuing organisation
    Rule("A2", "performer", Kind.NAMES, types=_only("ADVS")),  # Zotero: dropped
    Rule("A2", "series-creator", Kind.NAMES, types=_only("MPCT")),  # "Director, Series"
    Rule("A2", "producer", Kind.NAMES, types=_only("DATA")),
    # "Institution" (CTLG, PAMP), "File, Name of" (CHART, EQUA, FIGURE): no CSL role.
    Rule("A2", "", Kind.KEEP, types=_only("CTLG", "PAMP", "CHART", "EQUA", "FIGURE")),
    Rule("A2", "editor", Kind.NAMES),
    Rule("ED", "editor", Kind.NAMES),
    Rule("A3", "contributor", Kind.NAMES, types=SUPERVISED | {"bill"}),  # advisor, cosponsor
    Rule("A3", "producer", Kind.NAMES, types=_only("MPCT", "VIDEO")),
    Rule("A3", "editor", Kind.NAMES, types=_only("BOOK", "CLSWK")),  # EndNote Book layout
    Rule("A3", "illustrator", Kind.NAMES, types=_only("BLOG")),
    # Court (CASE), international author (PAT), publisher (RPRT): no CSL role.
    Rule("A3", "", Kind.KEEP, types=_only("legal_case", "patent", "RPRT")),
    Rule("A3", "collection-editor", Kind.NAMES),  # "Editor, Series" (Zotero: note)
    Rule("A4", "contributor", Kind.NAMES, types=_only("paper-conference", "dataset")),
    Rule("A4", "performer", Kind.NAMES, types=_only("MPCT")),  # Zotero: contributor
    Rule("A4", "producer", Kind.NAMES, types=_only("MUSIC")),
    # Counsel (CASE), department (RPRT), volume editor (SER): no CSL role.
    Rule("A4", "", Kind.KEEP, types=_only("legal_case", "RPRT", "SER")),
    Rule("A4", "translator", Kind.NAMES),
    Rule("C1", "performer", Kind.NAMES, types=_only("ADVS", "MPCT")),  # EndNote: "Cast"
    Rule("C2", "container-author", Kind.NAMES, types=_only("chapter")),  # the book's author
    # Dates: DA over PY over Y1; Y2 is only ever the access date. But where EndNote's
    # layout calls DA "Date Accessed" (electronic types, databases, cases), DA is an
    # access date after Y2, as citation-js reads it (Zotero: always the date).
    Rule("Y2", "accessed", Kind.DATE),
    Rule("DA", "accessed", Kind.DATE, types=_DA_ACCESSED),
    Rule("DA", "issued", Kind.DATE),
    Rule("PY", "issued", Kind.DATE),
    Rule("Y1", "issued", Kind.DATE),
    Rule("C1", "submitted", Kind.DATE, types=_only("patent")),  # the filing date
    # The online-first date: EndNote's JOUR "Epub Date" (PubMed via EndNote writes
    # 2011/05/11 there) and EJOUR "E-Pub Date"; never an edition (Zotero: edition).
    Rule("ET", "available-date", Kind.DATE, types=_only("JOUR")),
    Rule("SE", "available-date", Kind.DATE, types=_only("EJOUR")),
    # Numbers.
    Rule("VL", "", Kind.KEEP, types=_only("patent")),  # "Patent Version Number"
    Rule("VL", "volume"),
    Rule("IS", "number", types=NUMBERED),
    Rule("IS", "issue"),
    Rule("CP", "issue"),
    Rule("M1", "collection-number", types=WHOLE_BOOKS),  # EndNote Book: "Series Volume"
    Rule("M1", "number-of-volumes", types=_only("CHAP")),  # as in Zotero
    # EndNote's issue when IS is absent (EJOUR "Issue", MGZN "Issue Number").
    Rule("M1", "issue", types=_only("article-journal", "article-magazine")),
    Rule("M1", "number", types=NUMBERED - {"patent"}),  # bill, document, public law number
    Rule("SN", "number", types=_only("patent")),  # "Patent Number"
    # EndNote's and Scopus' "Article Number" (no pages); CSL styles print number as
    # "Article 104501" (APA 7 example 6). Zotero: a note.
    Rule("C7", "number", types=_only("JOUR", "EJOUR")),
    Rule("NV", "", Kind.KEEP, types=_only("MGZN", "NEWS")),  # EndNote: "Frequency"
    Rule("NV", "number", types=_only("EJOUR")),  # EndNote: "Document Number"
    Rule("NV", "number-of-volumes"),
    Rule("SV", "number", types=_only("legal_case")),  # EndNote: docket number
    Rule("SV", "collection-number"),  # EndNote: "Series Volume"
    Rule("ET", "version", types=_only("software", "dataset")),
    Rule("ET", "edition"),
    Rule("SE", "", Kind.KEEP, types=_only("legal_case")),  # "File Date" for a case
    Rule("SE", "chapter-number", types=_only("CHAP")),  # EndNote: "Chapter"
    Rule("SE", "section"),
    Rule("SP", "page", Kind.PAGES),  # a lone SP of a book is its page count (PAGE_COUNTS)
    Rule("EP", "page", Kind.PAGES),
    Rule("LP", "page", Kind.PAGES),  # HighWire and others: "last page"
    # Identifiers and links.
    Rule("DO", "DOI", Kind.DOI),
    Rule("DOI", "DOI", Kind.DOI),  # long tags some exporters write ("DOI - 10.x/y")
    Rule("SN", "ISSN", Kind.SERIAL),  # ISSN or ISBN by its shape (Zotero: by item type)
    Rule("ISSN", "ISSN", Kind.SERIAL),
    Rule("ISBN", "ISBN", Kind.SERIAL),
    Rule("UR", "URL", Kind.URL),
    Rule("ID", "citation-key", Kind.KEY),
    Rule("PMID", "PMID"),  # APA PsycNET and others write PubMed's tag in RIS
    Rule("PMCID", "PMCID"),
    Rule("PMC", "PMCID"),
    Rule("CN", "call-number"),
    Rule("AN", "archive_location"),  # accession number in the database named by DB
    Rule("AV", "archive_location"),  # Reference Manager: "availability"
    # Where the record was found: DP "Database Provider" (Zotero: libraryCatalog, CSL
    # source) and DB "Name of Database" ("Scopus", "PubMed"). CSL 1.0.2 calls that
    # source; archive is a physical archive that styles print ("Located at: Scopus",
    # citeproc-js, Vancouver) (Zotero: DB is the archive).
    Rule("DP", "source"),
    Rule("DB", "source"),
    # Publication facts.
    Rule("PB", "authority", types=_only("legal_case")),  # the court
    Rule("PB", "publisher"),
    # A conference paper's C1 is where it was published and CY the conference's place
    # (EndNote); CY alone is the place (ProCite, Springer), as in Zotero.
    Rule("C1", "publisher-place", types=_only("paper-conference")),
    Rule("CY", "publisher-place", types=_only("paper-conference"), overflow="event-place"),
    Rule("CY", "publisher-place"),
    Rule("PP", "publisher-place"),
    Rule("LA", "language"),
    Rule("M3", "medium", types=_only("graphic")),  # the artwork's medium
    # Scopus, WoS, Embase: an article's M3 is the database's document type
    # ("Article", "Review", "Conference Paper"), which APA would print as a genre
    # ("[Review]"); Zotero has no type of work for these types either. Kept.
    Rule("M3", "", Kind.KEEP, types=_M3_DOCUMENT_TYPE),
    Rule("M3", "genre"),  # type of work; a DOI found here becomes the DOI
    Rule("C1", "scale", types=_only("map")),
    Rule("C3", "dimensions", types=_only("graphic")),  # size
    Rule("C5", "medium", types=_only("motion_picture", "song")),  # format
    Rule("C6", "status", types=_only("patent")),  # legal status
    # Text.
    Rule("AB", "abstract"),
    Rule("N2", "abstract"),  # AB preferred; never both concatenated
    Rule("N1", "note", Kind.NOTE),
    Rule("KW", "keyword", Kind.KEYWORDS),
)


# ------------------------------------------------------------------ Zotero's reading
#
# Zotero's RIS import (translator RIS.js: importTypeMap, fieldMap and
# degenerateImportFieldMap), restated in CSL terms: a Zotero item type is named by
# the CSL type Zotero exports it as, and a Zotero field or creator type by its CSL
# variable. Where two Zotero types share a CSL type (film and videoRecording are
# both motion_picture), the rule names the RIS TYs instead. A Zotero field with no
# CSL variable, and a tag Zotero does not map for the type (it makes it a note),
# is kept in ``custom`` (KEEP).

#: RIS ``TY`` → CSL type of Zotero's item type, where that differs from :data:`TYPES`.
#: Spec types Zotero does not know become its default type, journalArticle.
ZOTERO_TYPES: dict[str, str] = {
    "AGGR": "document",
    "ANCIENT": "document",
    "CHART": "graphic",  # artwork
    "CLSWK": "book",
    "CTLG": "article-magazine",
    "FIGURE": "graphic",  # artwork
    "GEN": "article-journal",  # whatever its tags
    "GRANT": "article-journal",  # not in Zotero's map: its default type
    "INPR": "manuscript",
    "JFULL": "article-journal",
    "LEGAL": "legal_case",
    "MUSIC": "song",  # audioRecording
    "PAMP": "manuscript",
    "STAND": "report",
    "UNBILL": "manuscript",
    "UNPB": "article-journal",  # not in Zotero's map (it has UNPD): its default type
}

_Z_FILM = _only("ADVS", "MPCT")  # Zotero film (videoRecording: VIDEO, MULTI)
_Z_VIDEO = _only("VIDEO", "MULTI")

#: The rules of the tags Zotero reads by type, each tag complete (it replaces that
#: tag's rules in :data:`RULES`).
ZOTERO_RULES: tuple[Rule, ...] = (
    # Titles: T2 is the container, except a series (book, report, program, map),
    # the conference or meeting name, and a hearing's committee.
    Rule("T2", "collection-title", types=_only("book", "report", "software", "map")),
    Rule("T2", "event-title", types=_only("paper-conference", "speech")),
    # A hearing's committee; a case's T2 only backs up a missing reporter (A2),
    # which Zotero does not use for cases.
    Rule("T2", "", Kind.KEEP, types=_only("hearing", "legal_case")),
    Rule("T2", "container-title"),
    # Creators. AU: the primary creator (artist, director, inventor, programmer...
    # export to CSL as author), a recording's composer.
    Rule("AU", "composer", Kind.NAMES, types=_only("song")),
    Rule("AU", "editor", Kind.NAMES, types=_only("EDBOOK")),  # an edited book's "authors"
    Rule("AU", "author", Kind.NAMES),
    Rule("A1", "composer", Kind.NAMES, types=_only("song")),
    Rule("A1", "editor", Kind.NAMES, types=_only("EDBOOK")),
    Rule("A1", "author", Kind.NAMES),
    # A2: sponsor, performer, presenter (CSL author), interviewer, editor, series
    # editor, recipient, a case's reporter, a patent's issuing authority.
    Rule("A2", "author", Kind.NAMES, types=_only("bill", "song", "speech")),
    Rule("A2", "interviewer", Kind.NAMES, types=_only("interview")),
    Rule(
        "A2",
        "editor",
        Kind.NAMES,
        types=_only(
            "article-journal",
            "chapter",
            "paper-conference",
            "entry-dictionary",
            "document",
            "entry-encyclopedia",
        ),
    ),
    Rule("A2", "collection-editor", Kind.NAMES, types=_only("book", "report")),
    Rule("A2", "recipient", Kind.NAMES, types=_only("personal_communication")),
    Rule("A2", "container-title", types=_only("legal_case")),
    Rule("A2", "authority", types=_only("patent")),
    Rule("A2", "", Kind.KEEP),
    # A3: advisor (contributor), cosponsor, producer, editor, series editor.
    Rule("A3", "contributor", Kind.NAMES, types=_only("thesis", "bill")),
    Rule("A3", "producer", Kind.NAMES, types=_only("motion_picture")),
    Rule("A3", "editor", Kind.NAMES, types=_only("book")),
    Rule(
        "A3",
        "collection-editor",
        Kind.NAMES,
        types=_only("chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia", "map"),
    ),
    Rule("A3", "", Kind.KEEP),
    # A4: translator, but a contributor where that does not fit, a case's counsel.
    Rule("A4", "", Kind.KEEP, types=_only("legal_case")),
    Rule("A4", "contributor", Kind.NAMES, types=_only("paper-conference", "dataset") | _Z_FILM),
    Rule("A4", "translator", Kind.NAMES),
    # C1: a patent's filing date, a video's cast, a map's scale, a paper's place.
    Rule("C1", "submitted", Kind.DATE, types=_only("patent")),
    Rule("C1", "performer", Kind.NAMES, types=_Z_VIDEO),
    Rule("C1", "scale", types=_only("map")),
    Rule("C1", "publisher-place", types=_only("paper-conference")),
    Rule("C1", "", Kind.KEEP),
    # Dates: DA is always the date (Y2 the access date, as in RULES).
    Rule("DA", "issued", Kind.DATE),
    # Numbers.
    Rule("M1", "collection-number", types=_only("book")),
    Rule("M1", "number", types=_only("bill", "hearing", "legislation")),
    Rule("M1", "issue", types=_only("article-journal")),  # "EndNote hack"
    Rule("M1", "number-of-volumes", types=_only("chapter")),
    Rule("M1", "", Kind.KEEP),  # extra, or a field without CSL variable
    Rule("ET", "", Kind.KEEP, types=_only("bill", "hearing", "legislation", "article-journal")),
    Rule("ET", "version", types=_only("software", "dataset")),
    Rule("ET", "edition"),
    Rule("SE", "", Kind.KEEP, types=_only("legal_case")),  # "File Date"
    Rule("SE", "section"),
    Rule("NV", "number", types=_only("dataset")),  # identifier
    Rule("NV", "number-of-volumes"),
)

#: Zotero reads every GEN as a journal article; only an empty TY is guessed.
_ZOTERO_GENERIC_TYPES = frozenset({""})

#: The tags whose rules :data:`ZOTERO_RULES` replaces.
_ZOTERO_TAGS = frozenset(rule.tag for rule in ZOTERO_RULES)

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
    | set(rispy.TAG_KEY_MAPPING)  # the specification's tags, as rispy lists them
    | STRUCTURE_TAGS
    | {f"C{i}" for i in range(1, 9)}
    | {f"U{i}" for i in range(1, 6)}
    | {f"L{i}" for i in range(1, 5)}
    | {f"Y{i}" for i in range(1, 4)}
    | {f"M{i}" for i in range(1, 4)}
    | {"AD", "CA", "OP", "RI", "RN", "RP", "TA", "UK", "LB", "H1", "H2", "LK", "ST", "AV"}
    | {"TT", "BN", "SV", "CR", "M4"}
)


#: Tags longer than two letters that exporters write in RIS records ("PMID  - 3335"),
#: read as tags however their hyphen is padded; another tag of three to five
#: capitals is read as one only when padded as RIS pads ("XXXX  - "). They are never
#: looked for inside collapsed lines.
LONG_TAGS = frozenset({"PMID", "PMCID", "PMC", "NIHMS", "DOI", "ISSN", "ISBN", "SO", "OWN"})

#: The readings of type-dependent tags: EndNote's layout, or Zotero's RIS import.
MAPPINGS = ("endnote", "zotero")
DEFAULT_MAPPING = "endnote"


def rules_for(csl_type: str, ris_type: str, tag_mapping: str = DEFAULT_MAPPING) -> dict[str, Rule]:
    """For a record of this CSL type and RIS ``TY``: each tag's rule (first match wins).

    With the ``zotero`` mapping, the tags :data:`ZOTERO_RULES` covers follow it alone.
    """
    if tag_mapping == "zotero":
        rules: tuple[Rule, ...] = ZOTERO_RULES + tuple(
            r for r in RULES if r.tag not in _ZOTERO_TAGS
        )
    else:
        rules = RULES
    table: dict[str, Rule] = {}
    for rule in rules:
        if rule.tag in table:
            continue
        if rule.types is None or csl_type in rule.types or ris_type in rule.types:
            table[rule.tag] = rule
    return table


def csl_type_of(ris_type: str, tag_mapping: str = DEFAULT_MAPPING) -> str | None:
    """The CSL type of an (upper-case) RIS ``TY`` in this mapping, None if unknown."""
    if tag_mapping == "zotero":
        zotero = ZOTERO_TYPES.get(ris_type)
        if zotero is not None:
            return zotero
    return TYPES.get(ris_type)


def generic_types(tag_mapping: str = DEFAULT_MAPPING) -> frozenset[str]:
    """The TY values whose record takes the closest type its tags show."""
    return _ZOTERO_GENERIC_TYPES if tag_mapping == "zotero" else GENERIC_TYPES


def variable_precedence() -> dict[str, tuple[str, ...]]:
    """For each variable, its tags in precedence order (both mappings)."""
    table: dict[str, list[str]] = {}
    for rule in RULES + ZOTERO_RULES:
        tags = table.setdefault(rule.variable, [])
        if rule.tag not in tags:
            tags.append(rule.tag)
    return {variable: tuple(tags) for variable, tags in table.items()}
