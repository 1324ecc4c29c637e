"""Fixes for citeproc-py bugs, applied to its classes once, before the first render.

citeproc-py builds its element classes through an lxml class lookup, so the only
way to change how an element renders is to replace the method on its class. Each
fix names the bug and has a test in ``tests/test_csl_patches.py`` that fails
without it (the tests run the stock method too and assert that it shows the bug).
The target is citeproc-js, the engine inside Zotero: its output is what we match.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

# Imported here, not in the functions: an import statement in a function that runs
# a million times per bibliography costs ~10 % of the rendering time.
from citeconv.csl import speedups
from citeconv.csl.fixes.collation import (  # noqa: F401 - registered below, and re-exported for the tests
    _BASE_LETTERS,
    _CYRILLIC_FIRST,
    _SEPARATOR,
    _SPANISH,
    _SYMBOL_ORDER,
    _after_cyrillic,
    _collation_key,
)
from citeconv.csl.fixes.dates import (  # noqa: F401 - registered below, and re-exported for the tests
    _date_sort_string,
    _date_value,
    _gendered_ordinal,
    _has_year_suffix_variable,
    _locale_terms,
    _month_gender,
    _range_delimiter,
    _render_part,
    _shown_parts,
    _with_year_suffix,
    date_part_process,
    date_process,
    render_date_range,
    render_single_date,
)
from citeconv.csl.fixes.elements import (  # noqa: F401 - registered below, and re-exported for the tests
    _CONDITIONS,
    _REPRESSED,
    _disambiguate_holds,
    _get_repressed,
    _set_repressed,
    group_process,
    if_render,
    if_type,
    label_process,
    names_process,
    number_process,
    substitute_render,
    text_process,
    text_variable,
)
from citeconv.csl.fixes.formatting import (  # noqa: F401 - registered below, and re-exported for the tests
    _BLOCKING_ENDS,
    _CJK,
    _CONDITION_TAGS,
    _DECORATIONS,
    _DISPLAY_BY_VALUE,
    _LATIN,
    _PREFIX_BLOCKING_ENDS,
    _decorated,
    _flip_quotes,
    _suffix_inside_display,
    font_style,
    format_,
    punctuation_in_quote,
    quote,
    wrap_display,
)
from citeconv.csl.fixes.layout import (  # noqa: F401 - registered below, and re-exported for the tests
    FIELD_SEPARATOR,
    _render_aligned,
    delimited_join,
    render_bibliography,
)
from citeconv.csl.fixes.lookups import (  # noqa: F401 - registered below, and re-exported for the tests
    _CALLS_VARIABLE,
    _MACROS,
    _XPATH,
    _remembered_calls_variable,
    calls_variable,
    calls_variable_text,
    citation_number,
    get_macro,
    xpath_search,
)
from citeconv.csl.fixes.names import (  # noqa: F401 - registered below, and re-exported for the tests
    _AFTER_LAST_PERIOD,
    _DASH_LOWER,
    _HYPHEN_LOWER,
    _LAST_PERIOD,
    _NAME_INITIAL,
    _NAME_PARTS,
    _NAME_SPLIT,
    _NBSP_LANGUAGES,
    _PERIOD_BEFORE_TEXT,
    _ROMANESQUE,
    _ROMANESQUE_CHARS,
    _SPACED_HYPHEN,
    _STARTS_ROMANESQUE,
    _TRAILING_SPACE,
    _WHITESPACE_RUN,
    _initialize_parts,
    _initialize_with,
    _join_parts,
    _name_process,
    _normalize_parts,
    _particles_unbroken,
    _process_with_givens,
    _shown_names,
    _sort_key_name_options,
    _special_names,
    _tidy_name,
    _WholeGiven,
    initialize,
    name_et_al,
    name_markup,
    name_process,
    names_markup,
)
from citeconv.csl.fixes.numbers import (  # noqa: F401 - registered below, and re-exported for the tests
    _NOT_RANGED,
    _NUMBER_JOINER,
    _NUMBER_PIECE,
    _NUMBER_VARIABLES,
    _PAGE,
    _ROMAN_LIMIT,
    _en_dash_ranges,
    _range_term,
    _too_large_for_roman,
    format_last_page,
    is_numeric,
    is_plural,
    number_pieces,
    romanize,
)
from citeconv.csl.fixes.order import (  # noqa: F401 - registered below, and re-exported for the tests
    _MIN_PARALLEL_KEYS,
    _UNSORTED,
    _apply_config,
    _date_macro_key,
    _disambiguate,
    _first_cite,
    _key_et_al,
    _macro_has_date,
    _names_variable,
    _never_demote,
    _render_cite,
    _sort_keys,
    _subsequent_etal,
    _suffix,
    disambiguate,
    key_format_name,
    memoized,
    register_in_bibliography_order,
    register_names,
    sort,
    start_render,
)
from citeconv.csl.fixes.seams import (  # noqa: F401 - registered below, and re-exported for the tests
    _CLOSING_QUOTES,
    _SWALLOWS,
    _barrier_at_end,
    _first_visible,
    _last_visible,
    _last_visible_of,
    _quoted_end,
    _strip_char,
    _without_barrier,
    normalize_seam,
)
from citeconv.csl.fixes.terms import (  # noqa: F401 - registered below, and re-exported for the tests
    _FORM_FALLBACKS,
    _LANG,
    _LOCALE_GROUPS,
    _LONG,
    _locale_groups,
    get_locale_option,
    get_term,
)
from citeconv.csl.fixes.text_case import (  # noqa: F401 - registered below, and re-exported for the tests
    _OPENING_PUNCTUATION,
    _STOP_WORDS,
    _as_string,
    _capitalize,
    capitalize_first,
    case,
)
from citeconv.csl.fixes.work import (  # noqa: F401 - registered below, and re-exported for the tests
    MACRO_WORK_PER_ENTRY,
    StyleTooComplex,
    _charge,
    close_entry,
    macro_process,
    macro_render,
)
from citeconv.csl.originals import ABSENT, ORIGINALS
from citeconv.model import DATE_VARIABLES, NAME_VARIABLES

if TYPE_CHECKING:  # imported where used: start-up
    pass

_APPLIED = False


def apply() -> None:
    """Install every fix (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    import citeproc

    from citeconv.csl import guard

    # Nothing is replaced in a citeproc-py the fixes were not written for.
    guard.check(stock_targets())
    # First the speed-ups of stock methods, so that the fixes below wrap them.
    speedups.apply()
    speedups.SIMPLE_IF_RENDERS.add(if_render)  # only ever makes a branch fail

    # Bug: CSL 1.0.1/1.0.2 name and date variables that citeproc-py does not list
    # ("director", "available-date", ...) are read as strings, and a <names> element
    # naming one crashes ("'String' object has no attribute 'parts'"). The lists are
    # shared by reference across citeproc's modules, so extending them in place
    # teaches all of them.
    citeproc.NAMES.extend(n for n in _MISSING_NAMES if n not in citeproc.NAMES)
    citeproc.DATES.extend(d for d in _MISSING_DATES if d not in citeproc.DATES)
    citeproc.VARIABLES.extend(
        v
        for v in (*_MISSING_NAMES, *_MISSING_DATES, *_MISSING_VARIABLES)
        if v not in citeproc.VARIABLES
    )
    for name, replacement in _replacements().items():
        owner, attribute = target(name)
        ORIGINALS[name] = owner.__dict__.get(attribute, ABSENT)
        setattr(owner, attribute, replacement)
    _APPLIED = True


def _key(owner: Any, attribute: str) -> str:
    if isinstance(owner, types.ModuleType):
        return f"{owner.__name__}.{attribute}"
    return f"{owner.__module__}.{owner.__name__}.{attribute}"


def stock_targets() -> dict[str, Any]:
    """Every attribute a fix or speed-up replaces, by full name, with its stock value
    (None where citeproc-py has none: the fix adds it), before or after they apply
    (what citeconv.csl.guard checks)."""
    found: dict[str, Any] = {}
    for owner, attribute, _ in speedups.replacements():
        short = f"{owner.__name__}.{attribute}"
        stock = speedups.ORIGINALS.get(short, owner.__dict__.get(attribute))
        found[_key(owner, attribute)] = stock
    for name in replacement_names():
        owner, attribute = target(name)
        key = _key(owner, attribute)
        if key in found:
            continue  # a speed-up's target too: its stock value is the one above
        stock = ORIGINALS.get(name, owner.__dict__.get(attribute))
        found[key] = None if stock is ABSENT else stock
    return found


def replacement_names() -> list[str]:
    """The name of every attribute a fix replaces ("Text.case", "string.normalize_seam")."""
    return list(_replacements())


def target(name: str) -> tuple[Any, str]:
    """The class or module that holds the patched attribute ``name`` ("Text.case")."""
    from citeproc import model, string

    owner_name, _, attribute = name.rpartition(".")
    if owner_name == "string":
        return string, attribute
    if owner_name == "model":
        return model, attribute
    if owner_name.startswith("source."):
        from citeproc import source

        return getattr(source, owner_name.split(".", 1)[1]), attribute
    if owner_name.startswith("string."):
        return getattr(string, owner_name.split(".", 1)[1]), attribute
    return getattr(model, owner_name), attribute


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Run with some fixes taken out again (for tests that show the stock bug)."""
    apply()
    saved = {}
    for name in names:
        owner, attribute = target(name)
        saved[name] = owner.__dict__[attribute]
        if ORIGINALS[name] is ABSENT:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, ORIGINALS[name])
    try:
        yield
    finally:
        for name, replacement in saved.items():
            owner, attribute = target(name)
            setattr(owner, attribute, replacement)


def _replacements() -> dict[str, Any]:
    return {
        "string.normalize_seam": normalize_seam,
        "model.normalize_seam": normalize_seam,
        "string.String.capitalize_first": capitalize_first,
        "Date.render_single_date": render_single_date,
        "Date.render_date_range": render_date_range,
        "Date.process": date_process,
        "Date_Part.process": date_part_process,
        "Layout.render_bibliography": render_bibliography,
        "Layout.repressed": _REPRESSED,
        "TextCased.case": case,
        "Text._variable": text_variable,
        "Number.process": number_process,
        "model.romanize": romanize,
        "Names.process": names_process,
        "Names.markup": names_markup,
        "Substitute.render": substitute_render,
        "Group.process": group_process,
        "If.render": if_render,
        "If._type": if_type,
        "FormatNumber._format_last_page": format_last_page,
        "If._is_numeric": is_numeric,
        "Sort.sort": sort,
        "Label.process": label_process,
        "Text.process": text_process,
        "Name.initialize": initialize,
        "Quoted.quote": quote,
        "Name.process": name_process,
        "Name.markup": name_markup,
        "Name.et_al": name_et_al,
        "Key._format_name": key_format_name,
        "Formatted.font_style": font_style,
        "Formatted.format": format_,
        "Affixed.wrap": wrap_display,
        "CitationStylesElement.get_locale_option": get_locale_option,
        "source.CitationItem.number": property(citation_number),
        "Label._is_plural": is_plural,
        "CitationStylesElement.get_macro": get_macro,
        "Macro.render": macro_render,
        "Macro.process": macro_process,
        "CitationStylesElement.get_term": get_term,
        "CitationStylesElement.xpath_search": xpath_search,
        "Parent.calls_variable": calls_variable,
        "Text.calls_variable": calls_variable_text,
        "Delimited.join": delimited_join,
    }


# citeproc-py keys references by underscored names ("collection_editor").
_MISSING_NAMES = tuple(v.replace("-", "_") for v in NAME_VARIABLES)
_MISSING_DATES = tuple(v.replace("-", "_") for v in DATE_VARIABLES)
_MISSING_VARIABLES = (
    "reviewed_title",
    "scale",
    "event_title",
    "part_number",
    "part_title",
    "volume_title",
    "container_title_short",
    "chapter_number",
    "number_of_volumes",
    "division",
    "medium",
    "status",
    "archive_collection",
    "title_short",
)


# --- Substitution, group suppression: what each render has used ------------------


# --- Text case ----------------------------------------------------------------------


# --- Disambiguation -------------------------------------------------------------


# --- Numbers ------------------------------------------------------------------------


# --- Sorting ------------------------------------------------------------------------
