"""A restatement of the CSL 1.0.2 data schema (csl-data.json) for validating our output.

Written from the CSL 1.0.2 specification's lists of types and variables; the
checks mirror the schema's: known top-level keys with the right JSON types, names
as objects of name parts, dates as date-parts / raw / literal objects.
"""

from __future__ import annotations

from typing import Any

TYPES = frozenset(
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
NAME_VARIABLES = frozenset(
    [
        "author",
        "chair",
        "collection-editor",
        "compiler",
        "composer",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "interviewer",
        "illustrator",
        "narrator",
        "organizer",
        "original-author",
        "performer",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    ]
)
DATE_VARIABLES = frozenset(
    ["accessed", "available-date", "event-date", "issued", "original-date", "submitted"]
)
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
        "chapter-number",
        "citation-key",
        "citation-label",
        "citation-number",
        "collection-number",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "division",
        "DOI",
        "edition",
        "event",
        "event-title",
        "event-place",
        "first-reference-note-number",
        "genre",
        "ISBN",
        "ISSN",
        "issue",
        "jurisdiction",
        "keyword",
        "language",
        "license",
        "locator",
        "medium",
        "note",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "page",
        "page-first",
        "part-number",
        "part-title",
        "PMCID",
        "PMID",
        "printing-number",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "section",
        "source",
        "status",
        "supplement-number",
        "title",
        "title-short",
        "URL",
        "version",
        "volume",
        "volume-title",
        "volume-title-short",
        "year-suffix",
    ]
)
NAME_PARTS = frozenset(
    [
        "family",
        "given",
        "dropping-particle",
        "non-dropping-particle",
        "suffix",
        "comma-suffix",
        "static-ordering",
        "literal",
        "parse-names",
    ]
)


def validate_item(item: dict[str, Any]) -> list[str]:
    """The schema violations of one CSL-JSON item (empty when valid)."""
    problems: list[str] = []
    if not isinstance(item.get("id"), (str, int)):
        problems.append("id missing or not a string/number")
    if item.get("type") not in TYPES:
        problems.append(f"type {item.get('type')!r} is not a CSL type")
    for key, value in item.items():
        if key in ("id", "type"):
            continue
        if key in NAME_VARIABLES:
            if not isinstance(value, list) or not all(isinstance(n, dict) for n in value):
                problems.append(f"{key}: not a list of name objects")
                continue
            for name in value:
                bad = set(name) - NAME_PARTS
                if bad or not name:
                    problems.append(f"{key}: bad name parts {sorted(bad)}")
                if any(not isinstance(v, (str, int, float, bool)) for v in name.values()):
                    problems.append(f"{key}: name part values must be scalars")
        elif key in DATE_VARIABLES:
            problems.extend(_date_problems(key, value))
        elif key in TEXT_VARIABLES:
            if not isinstance(value, (str, int, float)):
                problems.append(f"{key}: not a string or number")
        elif key == "custom":
            if not isinstance(value, dict):
                problems.append("custom: not an object")
        else:
            problems.append(f"{key}: not a CSL variable")
    return problems


def _date_problems(key: str, value: Any) -> list[str]:
    if not isinstance(value, dict):
        return [f"{key}: date is not an object"]
    problems = []
    allowed = {"date-parts", "season", "circa", "literal", "raw", "edtf"}
    if set(value) - allowed:
        problems.append(f"{key}: unknown date keys {sorted(set(value) - allowed)}")
    parts = value.get("date-parts")
    if parts is not None:
        ok = (
            isinstance(parts, list)
            and 1 <= len(parts) <= 2
            and all(
                isinstance(p, list)
                and 1 <= len(p) <= 3
                and all(isinstance(x, (int, str)) for x in p)
                for p in parts
            )
        )
        if not ok:
            problems.append(f"{key}: bad date-parts {parts!r}")
    if not ({"date-parts", "literal", "raw", "edtf"} & set(value)):
        problems.append(f"{key}: date has no date-parts, literal or raw")
    return problems
