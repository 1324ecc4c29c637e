"""The hub: one CSL-JSON-shaped record model between every reader and every writer.

Readers produce :class:`Item` objects; writers consume them. Nothing here knows RIS
or BibTeX. Field names are CSL 1.0.2 variable names, so ``Item.to_csl()`` is the
CSL-JSON of the record and every writer can reason in CSL terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: CSL name variables, in the order writers list them.
NAME_VARIABLES: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "collection-editor",
    "container-author",
    "composer",
    "director",
    "editorial-director",
    "illustrator",
    "interviewer",
    "recipient",
    "reviewed-author",
    "original-author",
    "chair",
    "compiler",
    "contributor",
    "curator",
    "executive-producer",
    "guest",
    "host",
    "narrator",
    "organizer",
    "performer",
    "producer",
    "script-writer",
    "series-creator",
)

#: CSL date variables.
DATE_VARIABLES: tuple[str, ...] = (
    "issued",
    "accessed",
    "original-date",
    "event-date",
    "submitted",
    "available-date",
)

#: The item types of CSL 1.0.2 (the CSL-JSON schema's ``type`` enum).
ITEM_TYPES: frozenset[str] = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)

#: CSL's number variables: a JSON number is one of their values (elsewhere, text).
NUMBER_VARIABLES: frozenset[str] = frozenset(
    [
        "chapter-number",
        "citation-number",
        "collection-number",
        "edition",
        "first-reference-note-number",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
    ]
)

#: CSL's standard variables (text in the CSL-JSON schema) that are no number
#: variables.
TEXT_VARIABLES = frozenset(
    [
        "abstract",
        "annote",
        "archive",
        "archive_collection",
        "archive_location",
        "archive-place",
        "authority",
        "call-number",
        "citation-key",
        "citation-label",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "division",
        "DOI",
        "event",
        "event-place",
        "event-title",
        "genre",
        "ISBN",
        "ISSN",
        "jurisdiction",
        "keyword",
        "language",
        "license",
        "medium",
        "note",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "part-title",
        "PMCID",
        "PMID",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "source",
        "status",
        "title",
        "title-short",
        "URL",
        "volume-title",
        "year-suffix",
    ]
)

#: ``Item.custom`` key listing the name variables whose list the source cut short
#: ("et al.", "and others" written as a name): the fact is kept, no person invented.
#: BibTeX writes it as ``and others``.
ET_AL = "et-al"


class KeywordSet:
    """An item's keywords, added in order and each once, in linear time (a set of
    those held: ``keyword not in item.keywords`` made 40,000 MeSH lines quadratic)."""

    __slots__ = ("held", "item")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.held = set(item.keywords)

    def add(self, keyword: str) -> None:
        if keyword and keyword not in self.held:
            self.held.add(keyword)
            self.item.keywords.append(keyword)


#: ``Item.custom`` key listing the ids of the records a de-duplicated record was
#: merged from (``citeconv dedupe``); RIS writes them as ``N1`` notes.
MERGED_FROM = "merged-from"

#: ``Item.custom`` key holding a note's export-only segments ("Export Date: …",
#: "References: …", "Cited By :2"): data about the record, not about the work, so
#: out of ``note`` (citeconv.notes); RIS writes each back as an ``N1`` line.
EXPORT_NOTES = "export-notes"


@dataclass(slots=True)
class Origin:
    """Where a record came from, for diagnostics: file name and first line (1-based)."""

    file: str
    line: int


@dataclass(slots=True)
class Name:
    """A CSL name: either personal parts or a ``literal`` (organisations)."""

    family: str | None = None
    given: str | None = None
    non_dropping_particle: str | None = None
    dropping_particle: str | None = None
    suffix: str | None = None
    literal: str | None = None
    #: CSL-JSON's name flags, kept as given: False for ``"parse-names": false`` (no
    #: particles read out of the parts), True for ``"static-ordering": true``
    #: (family name first in every position) and ``"comma-suffix": true``.
    parse_names: bool | None = None
    static_ordering: bool = False
    comma_suffix: bool = False

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON name object, with only the parts (and flags) that are set."""
        out: dict[str, Any] = {}
        if self.literal is not None:
            out["literal"] = self.literal
            return out
        if self.family is not None:
            out["family"] = self.family
        if self.given is not None:
            out["given"] = self.given
        if self.non_dropping_particle:
            out["non-dropping-particle"] = self.non_dropping_particle
        if self.dropping_particle:
            out["dropping-particle"] = self.dropping_particle
        if self.suffix:
            out["suffix"] = self.suffix
        if self.parse_names is not None:
            out["parse-names"] = self.parse_names
        if self.static_ordering:
            out["static-ordering"] = True
        if self.comma_suffix:
            out["comma-suffix"] = True
        return out

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Name:
        """Build a Name from a CSL-JSON name object (unknown keys ignored)."""

        def get(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(
            family=get("family"),
            given=get("given"),
            non_dropping_particle=get("non-dropping-particle"),
            dropping_particle=get("dropping-particle"),
            suffix=get("suffix"),
            literal=get("literal"),
            parse_names=data["parse-names"] if isinstance(data.get("parse-names"), bool) else None,
            static_ordering=data.get("static-ordering") is True,
            comma_suffix=data.get("comma-suffix") is True,
        )

    @property
    def full_family(self) -> str:
        """Family name with its non-dropping particle (``van der Berg``)."""
        if self.literal is not None:
            return self.literal
        parts = [p for p in (self.non_dropping_particle, self.family) if p]
        return " ".join(parts)


@dataclass(slots=True)
class Date:
    """A CSL date: typed ``parts`` (one or two ``[y, m, d]`` lists) or kept ``raw``.

    A date that could not be parsed keeps its text in ``raw`` with empty ``parts``,
    so nothing is lost; writers decide what to do with it.
    """

    parts: list[list[int]] = field(default_factory=list)
    season: int | None = None
    circa: bool = False
    raw: str | None = None
    literal: str | None = None

    @property
    def year(self) -> int | None:
        """The first year of the date, when it has one."""
        return self.parts[0][0] if self.parts and self.parts[0] else None

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON date object."""
        out: dict[str, Any] = {}
        if self.parts:
            out["date-parts"] = [list(p) for p in self.parts]
        if self.season is not None:
            out["season"] = self.season
        if self.circa:
            out["circa"] = True
        if self.literal is not None:
            out["literal"] = self.literal
        if self.raw is not None and not self.parts:
            out["raw"] = self.raw
        return out

    @classmethod
    def from_csl(cls, data: Any) -> Date:
        """Build a Date from a CSL-JSON date object or a bare string."""
        if isinstance(data, str):
            return cls(raw=data)
        if not isinstance(data, dict):
            return cls(raw=str(data))
        parts: list[list[int]] = []
        for p in data.get("date-parts") or []:
            if not isinstance(p, list):
                continue
            numbers: list[int] = []
            for x in p:
                try:
                    numbers.append(int(x))
                except (TypeError, ValueError):
                    break
            if numbers:
                parts.append(numbers)
        season = data.get("season")
        try:
            season_number = int(season) if season is not None else None
        except (TypeError, ValueError):
            season_number = None
        raw = data.get("raw")
        literal = data.get("literal")
        return cls(
            parts=parts,
            season=season_number,
            circa=bool(data.get("circa")),
            raw=str(raw) if raw is not None else None,
            literal=str(literal) if literal is not None else None,
        )


@dataclass(slots=True)
class Item:
    """One bibliographic record, CSL-shaped.

    ``fields`` holds CSL ordinary and number variables as strings; ``names`` and
    ``dates`` hold the typed variables. ``keywords`` keeps each keyword apart (CSL's
    ``keyword`` is one string). ``custom`` keeps what the reader could not map
    (RIS tags by tag) so that no data is silently lost; it reaches CSL-JSON output
    as the CSL 1.0.2 ``custom`` object. ``key`` is a citation key proposed by the
    source (the RIS ``ID``), used only when a writer is asked to keep it.
    """

    id: str
    type: str
    fields: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[Name]] = field(default_factory=dict)
    dates: dict[str, Date] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    custom: dict[str, list[str]] = field(default_factory=dict)
    key: str | None = None
    origin: Origin | None = None
    #: True when ``key`` is a citation key documents already cite (a BibTeX key, a
    #: CSL-JSON or CSL-YAML id): every writer keeps it unless ``--key-format`` asks
    #: for new keys. False for record numbers (RIS ID, accession numbers).
    key_cites: bool = False
    #: The citation key stem worked out before fields were filtered out
    #: (citeconv.pipeline.fields), so that ``--fields title`` keeps the key.
    key_stem: str | None = None

    def get(self, variable: str) -> str | None:
        """An ordinary variable's value, or None."""
        return self.fields.get(variable)

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON object of this item, keys in a fixed order."""
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        for variable in NAME_VARIABLES:
            names = self.names.get(variable)
            if names:
                out[variable] = [n.to_csl() for n in names]
        for variable in sorted(self.names):
            if variable not in out and self.names[variable]:
                out[variable] = [n.to_csl() for n in self.names[variable]]
        for variable in DATE_VARIABLES:
            date = self.dates.get(variable)
            if date is not None:
                out[variable] = date.to_csl()
        for variable, value in self.fields.items():
            out[variable] = value
        if self.keywords and "keyword" not in out:
            out["keyword"] = ", ".join(self.keywords)
        if self.custom:
            out["custom"] = {tag: list(values) for tag, values in self.custom.items()}
        return out

    @classmethod
    def from_csl(cls, data: dict[str, Any], origin: Origin | None = None) -> Item:
        """Build an Item from a CSL-JSON object; unknown keys are kept as fields."""
        item = cls(
            id=str(data.get("id", "")),
            type=str(data.get("type", "document")),
            origin=origin,
        )
        for variable, value in data.items():
            if variable in ("id", "type"):
                continue
            if variable in DATE_VARIABLES:
                item.dates[variable] = Date.from_csl(value)
            elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
                item.names[variable] = [Name.from_csl(v) for v in value]
            elif variable == "custom" and isinstance(value, dict):
                item.custom = {
                    str(k): [str(x) for x in v] if isinstance(v, list) else [str(v)]
                    for k, v in value.items()
                }
            elif variable == "citation-key" and isinstance(value, str):
                item.key = value
                item.fields[variable] = value
            elif isinstance(value, (str, int, float)):
                item.fields[variable] = str(value)
        keyword = item.fields.get("keyword")
        if keyword:
            item.keywords = [k.strip() for k in keyword.split(",") if k.strip()]
        if item.key is None and item.id:
            item.key = item.id  # the id a CSL-JSON file is cited by
        item.key_cites = item.key is not None
        return item


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to make, per record
class Rendered:
    """A record a worker read and rendered: its item id and the writer's ``render``."""

    id: str
    piece: Any
