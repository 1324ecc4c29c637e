"""The mapping table itself: complete, consistent, and free of dead rules."""

from __future__ import annotations

import rispy

from citeconv.model import DATE_VARIABLES, NAME_VARIABLES
from citeconv.readers.ris import mapping

from csl_schema import TYPES as CSL_TYPES

#: The reference types of the RIS specification, as the issue lists them.
SPEC_TYPES = tuple(
    [
        "ABST",
        "ADVS",
        "AGGR",
        "ANCIENT",
        "ART",
        "BILL",
        "BLOG",
        "BOOK",
        "CASE",
        "CHAP",
        "CHART",
        "CLSWK",
        "COMP",
        "CONF",
        "CPAPER",
        "CTLG",
        "DATA",
        "DBASE",
        "DICT",
        "EBOOK",
        "ECHAP",
        "EDBOOK",
        "EJOUR",
        "ELEC",
        "ENCYC",
        "EQUA",
        "FIGURE",
        "GEN",
        "GOVDOC",
        "GRANT",
        "HEAR",
        "ICOMM",
        "INPR",
        "JFULL",
        "JOUR",
        "LEGAL",
        "MANSCPT",
        "MAP",
        "MGZN",
        "MPCT",
        "MULTI",
        "MUSIC",
        "NEWS",
        "PAMP",
        "PAT",
        "PCOMM",
        "RPRT",
        "SER",
        "SLIDE",
        "SOUND",
        "STAND",
        "STAT",
        "THES",
        "UNBILL",
        "UNPB",
        "VIDEO",
    ]
)
#: Non-standard TY values that real exporters write.
NON_STANDARD = ("WEB", "JOURN", "INTV", "POD", "PRESS", "JOURNAL ARTICLE", "GRNT", "UNPD")

#: CSL 1.0.2 standard and number variables that rules may feed.
CSL_VARIABLES = frozenset(
    [
        "abstract",
        "archive",
        "archive_location",
        "authority",
        "call-number",
        "chapter-number",
        "citation-key",
        "collection-number",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "DOI",
        "edition",
        "event-place",
        "event-title",
        "genre",
        "ISBN",
        "ISSN",
        "issue",
        "keyword",
        "language",
        "medium",
        "note",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "original-title",
        "page",
        "PMCID",
        "PMID",
        "publisher",
        "publisher-place",
        "scale",
        "section",
        "source",
        "status",
        "title",
        "title-short",
        "URL",
        "version",
        "volume",
    ]
)


def test_every_specification_type_is_mapped() -> None:
    missing = [t for t in SPEC_TYPES if t not in mapping.TYPES]
    assert not missing


def test_every_type_rispy_knows_is_mapped() -> None:
    assert set(rispy.TYPE_OF_REFERENCE_MAPPING) <= set(mapping.TYPES)


def test_non_standard_types_are_mapped() -> None:
    assert all(t in mapping.TYPES for t in NON_STANDARD)


def test_types_map_to_csl_types() -> None:
    assert set(mapping.TYPES.values()) | {mapping.FALLBACK_TYPE} <= CSL_TYPES
    assert {t for _, t in mapping.CLOSEST_BY_TAGS} <= CSL_TYPES


def test_zotero_types_map_spec_types_to_csl_types() -> None:
    assert set(mapping.ZOTERO_TYPES) <= set(mapping.TYPES)
    assert set(mapping.ZOTERO_TYPES.values()) <= CSL_TYPES
    for ris_type in SPEC_TYPES:
        assert mapping.csl_type_of(ris_type, "zotero") in CSL_TYPES
    # Only where Zotero differs: the rest falls through to TYPES.
    same = [t for t, csl in mapping.ZOTERO_TYPES.items() if mapping.TYPES[t] == csl]
    assert not same


def test_mapping_names_outside_the_table_agree_with_it() -> None:
    """The command line and the API name the mappings without importing this module
    (rispy at start-up); they must say what it says."""
    from citeconv import cli, readers

    assert cli.TAG_MAPPINGS == mapping.MAPPINGS
    assert readers.DEFAULT_MAPPING == mapping.DEFAULT_MAPPING


def test_rules_feed_csl_variables() -> None:
    allowed = CSL_VARIABLES | set(NAME_VARIABLES) | set(DATE_VARIABLES)
    for rule in mapping.RULES + mapping.ZOTERO_RULES:
        if rule.kind is mapping.Kind.KEEP:
            # Zotero's reading ends some tags with "a note for every other type".
            assert rule.variable == ""
            assert rule.types is not None or rule in mapping.ZOTERO_RULES
        else:
            assert rule.variable in allowed, rule
        if rule.overflow is not None:
            assert rule.overflow in allowed, rule


def test_rule_types_are_csl_types_or_ris_types() -> None:
    for rule in mapping.RULES + mapping.ZOTERO_RULES:
        for name in rule.types or ():
            assert name in CSL_TYPES or name in mapping.TYPES, (rule, name)


def test_no_rule_is_shadowed_by_an_earlier_general_rule() -> None:
    """A general rule for a tag ends its list: any rule after it could never match."""
    for rules in (mapping.RULES, mapping.ZOTERO_RULES):
        general: set[str] = set()
        for rule in rules:
            assert rule.tag not in general, f"dead rule {rule}"
            if rule.types is None:
                general.add(rule.tag)


def test_every_zotero_tag_has_a_rule_for_every_type() -> None:
    """Zotero's rules replace a tag's rules whole, so each tag must end in a general one."""
    tags = {rule.tag for rule in mapping.ZOTERO_RULES}
    general = {rule.tag for rule in mapping.ZOTERO_RULES if rule.types is None}
    assert tags == general


def test_every_type_resolves_each_tag_to_at_most_one_rule() -> None:
    for tag_mapping in mapping.MAPPINGS:
        for ris_type in mapping.TYPES:
            csl_type = mapping.csl_type_of(ris_type, tag_mapping)
            assert csl_type is not None
            table = mapping.rules_for(csl_type, ris_type, tag_mapping)
            for tag, rule in table.items():
                assert rule.tag == tag
                assert rule.types is None or csl_type in rule.types or ris_type in rule.types
                if tag_mapping == "zotero" and tag in mapping._ZOTERO_TAGS:
                    assert rule in mapping.ZOTERO_RULES


def test_collapsed_file_recognition_knows_every_mapped_tag() -> None:
    assert {rule.tag for rule in mapping.RULES + mapping.ZOTERO_RULES} <= mapping.KNOWN_TAGS
    assert set(rispy.TAG_KEY_MAPPING) <= mapping.KNOWN_TAGS
