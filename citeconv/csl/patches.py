"""The registry of everything citeconv replaces in citeproc-py, applied once, before
the first render.

citeproc-py builds its element classes through an lxml class lookup, so the only
way to change how an element renders is to replace the method on its class. Each
replacement is declared once in :data:`REGISTRY`, with its kind:

- ``fix``: a citeproc-py bug (``why`` says which, with what it printed); its
  ``test`` shows the bug with citeproc-py's own method and its absence with ours;
- ``speed``: the same output, faster (``why`` says what was slow); checked by
  ``test_output_is_the_same_without_the_speedups`` (``CITECONV_NO_SPEEDUPS=1``
  leaves them all out);
- ``bound``: a limit on the work a style may cause (``citeconv.csl.fixes.work``);
- ``hook``: where render state starts afresh, for the fixes that keep some.

The fixes live in ``citeconv.csl.fixes`` (one module per CSL concept), the
speed-ups in ``citeconv.csl.speedups``. :func:`apply` checks every target first
(``citeconv.csl.guard``), saves citeproc-py's own value of each
(``originals.STOCK``), installs the speed-ups, then the fixes, each fix wrapping
what is there before it (``originals.ORIGINALS``: the speed-up where both replace
one method). The target is citeproc-js, the engine inside Zotero: its output is
what we match.
"""

from __future__ import annotations

import importlib
import os
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from citeconv.csl import speedups
from citeconv.csl.fixes import (
    cites,
    dates,
    elements,
    formatting,
    initials,
    layout,
    names,
    numbers,
    order,
    rich_text,
    seams,
    terms,
    text_case,
    work,
)
from citeconv.csl.originals import ABSENT, ORIGINALS, STOCK
from citeconv.model import DATE_VARIABLES, NAME_VARIABLES

Kind = Literal["fix", "speed", "bound", "hook"]


@dataclass(frozen=True)
class Replacement:
    """One attribute of citeproc-py that citeconv replaces."""

    #: The attribute, as :func:`target` resolves it: "Text.case" (a class of
    #: ``citeproc.model``), "string.normalize_seam", "source.CitationItem.number".
    target: str
    value: Any
    kind: Kind
    #: fix: the bug (what citeproc-py printed, what citeproc-js prints);
    #: speed: what was slow; bound: what it limits; hook: what starts afresh.
    why: str
    #: The test (a function under tests/) that shows it: for a fix, with
    #: ``patches.without(target)`` the bug and without it none.
    test: str


_SPEED_TEST = "test_output_is_the_same_without_the_speedups"


def _speed(target: str, value: Any, why: str) -> Replacement:
    return Replacement(target, value, "speed", why, _SPEED_TEST)


def _fix(target: str, value: Any, why: str, test: str) -> Replacement:
    return Replacement(target, value, "fix", why, test)


REGISTRY: tuple[Replacement, ...] = (
    # -- speed-ups (citeconv.csl.speedups), installed first -------------------------
    _speed(
        "source.json.CiteProcJSON.parse_string",
        speedups.parse_string,
        "a one-piece MixedString built by adding a String to an empty one",
    ),
    _speed(
        "source.CitationItem.reference",
        speedups._CachedLookup("reference"),
        "four CustomDict lookups, ~500 times per entry",
    ),
    _speed(
        "source.CitationItem.bibliography", speedups._CachedLookup("bibliography"), "as reference"
    ),
    _speed(
        "source.CitationItem.number",
        property(speedups.citation_number),
        "a linear search of the keys per entry (quadratic for a numbered list)",
    ),
    _speed(
        "CitationStylesElement.get_root",
        speedups.get_root,
        "an ElementTree object built per call, ~2M calls per 1k APA entries",
    ),
    _speed(
        "CitationStylesElement.get_formatter",
        speedups.get_formatter,
        "an ElementTree round trip five times per element rendered",
    ),
    _speed(
        "CitationStylesElement.get_term",
        speedups.get_term,
        "an XPath query per locale and term, ~10 times per entry",
    ),
    _speed(
        "CitationStylesElement.get_macro",
        speedups.get_macro,
        "an XPath query per macro reference (a third of APA's time)",
    ),
    _speed(
        "CitationStylesElement.xpath_search",
        speedups.xpath_search,
        "XPath lookups of a style that never changes shape",
    ),
    _speed(
        "Parent.calls_variable",
        speedups.calls_variable,
        "a walk of the macros for every group of every item",
    ),
    _speed("Text.calls_variable", speedups.calls_variable_text, "as Parent.calls_variable"),
    _speed(
        "Formatted.format",
        speedups.format_,
        "five font methods called on an element that sets no font attribute",
    ),
    _speed("Affixed.wrap", speedups.wrap, "seam checks on an element with no affix"),
    _speed(
        "Parent.render_children",
        speedups.render_children,
        "lxml asked for each child and its class tested every time",
    ),
    _speed("If.render", speedups.if_render, "seven lxml attribute lookups per condition"),
    _speed("If._type", speedups.if_type, "the type list split per test"),
    _speed("If._variable", speedups.if_variable, "the variable list split per test"),
    _speed("Text.process", speedups.text_process, "lookups repeated per cs:text"),
    _speed("Text._variable", speedups.text_variable, "lookups repeated per variable"),
    _speed(
        "Text.markup",
        speedups.text_markup,
        "strip-periods, text case, formatting and quotes asked of every text",
    ),
    _speed(
        "StrippedPeriods.strip_periods",
        speedups.strip_periods,
        "a regular expression run on text without periods",
    ),
    _speed(
        "Name.get_option",
        speedups.name_get_option,
        "inherited name options looked up through the tree per name",
    ),
    _speed(
        "Names.process", speedups.names_process, "a cs:name inserted and looked up again per entry"
    ),
    _speed(
        "Choose.render",
        speedups.choose_render,
        "every branch called and its ConditionFailed caught (~50 per APA entry)",
    ),
    _speed(
        "Term.single",
        property(speedups.term_single),
        "a term's child found and preformatted every time",
    ),
    _speed("Term.multiple", property(speedups.term_multiple), "as Term.single"),
    _speed(
        "Names.name",
        property(speedups.names_name),
        "a failed attribute lookup, then an lxml search, per entry",
    ),
    _speed("Names.label", property(speedups.names_label), "as Names.name"),
    # -- the work bound (citeconv.csl.fixes.work) -----------------------------------
    Replacement(
        "Macro.render",
        work.macro_render,
        "bound",
        "each macro call costs its elements; 20,000 per item at most",
        "test_macro_work_is_unbounded_in_stock_citeproc_py",
    ),
    Replacement(
        "Macro.process",
        work.macro_process,
        "bound",
        "as Macro.render",
        "test_macro_work_is_unbounded_in_stock_citeproc_py",
    ),
    # -- the hook where an entry's render state starts afresh -----------------------
    Replacement(
        "Layout.repressed",
        elements.REPRESSED,
        "hook",
        "citeproc-py sets layout.repressed = {} before each entry, citation and"
        " sort key: the fixes' entry state (fixes/state.py) is reset there",
        "test_entry_state_starts_afresh_for_each_entry",
    ),
    # -- fixes, by concept ------------------------------------------------------------
    # punctuation and seams
    _fix(
        "string.normalize_seam",
        seams.normalize_seam,
        '"Ontario?." — a stop after "?" or "!", or a doubled one after quotes or'
        " formatting, is kept",
        "test_question_mark_swallows_period",
    ),
    _fix(
        "model.normalize_seam",
        seams.normalize_seam,
        "as string.normalize_seam",
        "test_question_mark_swallows_period",
    ),
    _fix(
        "Formatted.format",
        formatting.format_,
        '"<i>Why?</i> Boca Raton": a decorated field\'s end merges with what follows',
        "test_seams_merge_except_after_a_decorated_field",
    ),
    _fix(
        "Affixed.wrap",
        formatting.wrap_display,
        "the display attribute ignored (ISO 690's note and abstract run into the entry)",
        "test_display_and_locale_options",
    ),
    # text case and quotes
    _fix(
        "string.String.capitalize_first",
        text_case.capitalize_first,
        'capitalize-first misses a word that starts with formatting ("<i>nature</i>");'
        ' "ArXiv", "IPhone": a word with a capital changed (citeproc-js leaves it)',
        "test_capitalize_first_skips_formatting",
    ),
    _fix(
        "TextCased.case",
        text_case.case,
        'label text-case ignored ("eds." for "Eds."), title case stop words and'
        ' language, a crash on a plain str; capitalize-all "Multi-year", "ELife"',
        "test_label_text_case_title",
    ),
    _fix(
        "Quoted.quote",
        formatting.quote,
        'quotes inside quotes not flipped ("“The “crisis” …”")',
        "test_quotes_flip_at_every_depth_but_apostrophes_stay",
    ),
    _fix(
        "Formatted.font_style",
        formatting.font_style,
        "Chinese, Japanese and Korean titles set in italics (citeproc-js does not)",
        "test_cjk_title_is_not_set_in_italics",
    ),
    _fix(
        "Formatted.vertical_align",
        formatting.vertical_align,
        'vertical-align="baseline" dropped (citeproc-js: <span style="baseline">)',
        "test_font_style_normal_and_vertical_align_baseline",
    ),
    _fix(
        "Formatted.text_decoration",
        formatting.text_decoration,
        'text-decoration="none" dropped (citeproc-js: <span style="text-decoration:none;">)',
        "test_text_decoration_none_is_a_span",
    ),
    _fix(
        "Text.markup",
        rich_text.text_markup,
        "a cs:text value's rich text and quotes printed as written"
        ' ("Speak, &#60;b&#62;friend&#60;/b&#62;", "\'friend\'")',
        "test_text_value_is_rich_text",
    ),
    # dates
    _fix(
        "Date.render_single_date",
        dates.render_single_date,
        '"2021Oct1": a localized date joined with the style\'s delimiter, not the'
        " locale's; no year suffix without a year-suffix variable",
        "test_localized_date_parts_are_delimited",
    ),
    _fix(
        "Date.render_date_range",
        dates.render_date_range,
        '"Mar–May2019": shared parts glued to a range, the year lost, a crash in a macro',
        "test_date_range_within_a_year",
    ),
    _fix(
        "Date.process",
        dates.date_process,
        "year suffixes and literal dates not with the year part",
        "test_year_suffix_and_literal_dates_go_with_the_year_part",
    ),
    _fix(
        "Date_Part.process",
        dates.date_part_process,
        'seasons dropped ("2018" for Autumn 2018); day ordinals of the wrong gender',
        "test_day_ordinals_take_the_month_gender",
    ),
    _fix(
        "source.Date.sort_key",
        dates.date_sort_key,
        "a season written as month 13-24 sorted after the months (citeproc-js: no month)",
        "test_season_month_sorts_as_no_month",
    ),
    # numbers and ranges
    _fix(
        "model.romanize",
        numbers.romanize,
        "roman numerals from 6000 up, as thousands of M (citeproc-js prints none)",
        "test_no_roman_numerals_from_6000_up_in_a_range",
    ),
    _fix(
        "model.to_ordinal",
        numbers.to_ordinal,
        '"1.ª issue" for "1.º issue": an ordinal term not of the gender of the variable\'s term',
        "test_ordinals_take_the_gender_of_the_variable_term",
    ),
    _fix(
        "FormatNumber._process",
        numbers.format_number_process,
        '"1–0" for pages "1-10" under minimal; "100–4", "1536–538" under chicago'
        ' (citeproc-js: "100–104", "1536–38"); "N110–5" for "N110 - 5" ("N110-5")',
        "test_page_ranges_as_citeproc_js",
    ),
    _fix(
        "If._is_numeric",
        numbers.is_numeric,
        '"Nos. 2016/679", "p. xi–xx": values called numeric that citeproc-js does not;'
        " a locator never numeric",
        "test_number_ranges_and_plural_labels",
    ),
    _fix(
        "Label._is_plural",
        numbers.is_plural,
        "plural labels for values that are not ranges or lists; a locator's plural"
        ' decided on all of it ("page 367–368, fig. 333")',
        "test_number_ranges_and_plural_labels",
    ),
    _fix(
        "Number.process",
        elements.number_process,
        '"Bd. AHRQ Publication No. 13–7975": a number that is not numeric is split',
        "test_number_that_is_not_numeric_prints_as_it_is",
    ),
    # locale terms and options
    _fix(
        "CitationStylesElement.get_term",
        terms.get_term,
        'a non-English style\'s own terms come out in English ("cit."); no fallback to'
        " the long form of the same locale",
        "test_terms_fall_back_to_the_long_form_of_the_same_locale",
    ),
    _fix(
        "CitationStylesElement.get_locale_option",
        terms.get_locale_option,
        "a style's empty <style-options/> hides the locale's options",
        "test_display_and_locale_options",
    ),
    # names
    _fix(
        "Name.process",
        names.name_process,
        "names as citeproc-js prints them: particles, suffixes, given names added to"
        " tell cites apart (not in the bibliography: APA's 20th name), sort keys"
        " without 'and' or 'et al.'; et al. without et-al-use-first,"
        ' after-inverted-name, "al- One"; "static-ordering" names family name first'
        ' ("Mao Zedong", not "Zedong Mao")',
        "test_names_added_to_tell_alike_cites_apart",
    ),
    _fix(
        "Name.markup",
        names.name_markup,
        "a cs:name's affixes are around each name",
        "test_name_affixes_are_around_each_name",
    ),
    _fix(
        "Name.et_al",
        names.name_et_al,
        "et al. in a sort key",
        "test_sort_key_names_have_no_and_or_et_al",
    ),
    _fix(
        "Name.initialize",
        initials.initialize,
        "initialize=false drops given names; initials as citeproc-js writes them",
        "test_initialize_false_keeps_given_names",
    ),
    _fix(
        "Names.markup",
        names.names_markup,
        '"Cont." for "Cont": a substitute printed with the affixes of the names it'
        " replaces; (citations) the author of a suppress-author or author-only cite",
        "test_type_list_holds_for_any_type_and_substituted_text_repeats",
    ),
    # elements: text, labels, groups, conditions, substitution
    _fix(
        "Text._variable",
        elements.text_variable,
        "a substituted text printed again; first-reference-note-number never printed;"
        ' a locator as given ("pp. 100 - 103", " 666")',
        "test_type_list_holds_for_any_type_and_substituted_text_repeats",
    ),
    _fix(
        "Text.process",
        elements.text_process,
        'a sort key\'s name options lost through <text macro>; "In" alone when a'
        ' macro\'s variable is missing; "ibid." for "Ibid." starting a note citation',
        "test_macro_is_a_group",
    ),
    _fix(
        "Label.process",
        elements.label_process,
        'a names label in the sort key ("Tanaka, T. (Ed.)" after "Tanaka, T."); "p. vol. 1"'
        " for a locator with its own label",
        "test_sort_key_leaves_out_labels",
    ),
    _fix(
        "Names.process",
        elements.names_process,
        "names substituted printed twice (also twice by one substitute macro);"
        " the shown names not recorded",
        "test_substituted_editor_not_printed_twice",
    ),
    _fix(
        "Substitute.render",
        elements.substitute_render,
        '"Handbook of emotions (M. Lewis, Ed.)": a substituted variable printed twice',
        "test_substituted_editor_not_printed_twice",
    ),
    _fix(
        "Group.process",
        elements.group_process,
        '"(Publication)" on a thesis without a number: a group with only empty variables kept',
        "test_a_group_whose_variable_is_in_a_branch_not_taken_keeps_its_term",
    ),
    _fix(
        "If.render",
        elements.if_render,
        'disambiguate="true" always true',
        "test_disambiguate_test_is_false_for_a_lone_entry",
    ),
    _fix(
        "If._position",
        elements.if_position,
        "\"KeyError: 'near-note-distance'\" for near-note; near-note counted in"
        " citations, not notes; no ibid of the cite in the note before",
        "test_positions_as_citeproc_js",
    ),
    _fix(
        "If._type",
        elements.if_type,
        '<if type="thesis manuscript"> never holds',
        "test_type_list_holds_for_any_type_and_substituted_text_repeats",
    ),
    # layout and second-field-align
    _fix(
        "Layout.render_bibliography",
        layout.render_bibliography,
        '"1.Tran": second-field-align ignored',
        "test_second_field_align_text_and_html",
    ),
    _fix(
        "Layout.render_citation",
        cites.render_citation,
        '"Jones …; Smith …": a cluster\'s cites put in bibliography order without a'
        ' citation cs:sort; collapse="citation-number" ignored ("[1], [2], [3]" for "[1]–[3]"),'
        ' and collapse="year" ("Smith 1900, Smith 2000"), year-suffix, cite-group-delimiter,'
        " after-collapse-delimiter; suppress-author and author-only unknown",
        "test_cites_keep_their_order_and_numbers_collapse",
    ),
    _fix(
        "Delimited.join",
        layout.delimited_join,
        "a bare except: swallows Ctrl-C, SIGTERM and the work bound inside a group",
        "test_an_interrupt_inside_a_group_is_not_swallowed",
    ),
    # sorting, collation and disambiguation
    _fix(
        "Sort.sort",
        order.sort,
        'bibliography order as plain lower-cased strings ("Ångström" after "Zhang",'
        ' "10" before "9")',
        "test_sort_order_as_citeproc_js",
    ),
    _fix(
        "Key._format_name",
        order.key_format_name,
        "a names sort key joined with ';' and without its inherited et-al",
        "test_names_sort_key_keeps_the_inherited_et_al",
    ),
)

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

_APPLIED = False


def speedups_enabled() -> bool:
    """False with ``CITECONV_NO_SPEEDUPS`` set (to anything but empty): the tests
    compare the output both ways, and it helps to bisect a suspected bug."""
    return not os.environ.get("CITECONV_NO_SPEEDUPS")


def apply() -> None:
    """Install every replacement (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    import citeproc

    from citeconv.csl import guard

    # Nothing is replaced in a citeproc-py the fixes were not written for.
    guard.check(stock_targets())
    for entry in REGISTRY:
        if entry.target not in STOCK:
            owner, attribute = target(entry.target)
            STOCK[entry.target] = owner.__dict__.get(attribute, ABSENT)

    # Bug: CSL 1.0.1/1.0.2 name and date variables that citeproc-py does not list
    # ("director", "available-date", ...) are read as strings, and a <names> element
    # naming one crashes ("'String' object has no attribute 'parts'")
    # (test_director_does_not_crash). The lists are shared by reference across
    # citeproc's modules, so extending them in place teaches all of them.
    citeproc.NAMES.extend(n for n in _MISSING_NAMES if n not in citeproc.NAMES)
    citeproc.DATES.extend(d for d in _MISSING_DATES if d not in citeproc.DATES)
    citeproc.VARIABLES.extend(
        v
        for v in (*_MISSING_NAMES, *_MISSING_DATES, *_MISSING_VARIABLES)
        if v not in citeproc.VARIABLES
    )
    speed = speedups_enabled()
    # CITECONV_WITHOUT=Text.case,Sort.sort leaves those out (the test that each
    # fix's own test fails without it; and to bisect a suspected bug).
    left_out = {name.strip() for name in os.environ.get("CITECONV_WITHOUT", "").split(",")}
    if speed:
        speedups.bind()
        speedups.SIMPLE_IF_RENDERS.add(speedups.if_render)
    speedups.SIMPLE_IF_RENDERS.add(elements.if_render)  # only ever makes a branch fail
    for entry in REGISTRY:  # speed-ups first, so that the fixes wrap them
        if (entry.kind == "speed" and not speed) or entry.target in left_out:
            continue
        owner, attribute = target(entry.target)
        if entry.kind != "speed":
            ORIGINALS[entry.target] = owner.__dict__.get(attribute, ABSENT)
        setattr(owner, attribute, entry.value)
    _APPLIED = True


def _key(owner: Any, attribute: str) -> str:
    if isinstance(owner, types.ModuleType):
        return f"{owner.__name__}.{attribute}"
    return f"{owner.__module__}.{owner.__name__}.{attribute}"


def stock_targets() -> dict[str, Any]:
    """Every attribute replaced, by full name ("citeproc.model.Text.case"), with its
    stock value (None where citeproc-py has none: the fix adds it), before or after
    they apply (what citeconv.csl.guard checks)."""
    found: dict[str, Any] = {}
    for entry in REGISTRY:
        owner, attribute = target(entry.target)
        stock = STOCK.get(entry.target, owner.__dict__.get(attribute, ABSENT))
        found[_key(owner, attribute)] = None if stock is ABSENT else stock
    return found


_MODULES = ("model", "string", "source", "formatter", "frontend")


def target(name: str) -> tuple[Any, str]:
    """The class or module that holds the replaced attribute ``name`` ("Text.case":
    a class of citeproc.model; "source.json.CiteProcJSON.parse_string")."""
    *path, attribute = name.split(".")
    if path[0] not in _MODULES:
        path.insert(0, "model")
    owner: Any = importlib.import_module(f"citeproc.{path[0]}")
    for depth, part in enumerate(path[1:], start=2):
        if isinstance(owner, types.ModuleType) and not hasattr(owner, part):
            owner = importlib.import_module("citeproc." + ".".join(path[:depth]))
        else:
            owner = getattr(owner, part)
    return owner, attribute


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Run with citeproc-py's own value of some attributes (for the tests that show a
    stock bug): the fix and any speed-up of the same attribute are taken out."""
    apply()
    unknown = [name for name in names if name not in STOCK]
    if unknown:
        raise KeyError(f"not a replaced attribute: {', '.join(unknown)}")
    saved: dict[str, Any] = {}
    try:
        for name in dict.fromkeys(names):  # each once: a repeat would save the stock value
            owner, attribute = target(name)
            saved[name] = owner.__dict__[attribute]
            if STOCK[name] is ABSENT:
                delattr(owner, attribute)
            else:
                setattr(owner, attribute, STOCK[name])
        yield
    finally:
        for name, replacement in saved.items():
            owner, attribute = target(name)
            setattr(owner, attribute, replacement)
