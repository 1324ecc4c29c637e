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
from citeproc.model import Choose, ConditionFailed, Names, VariableError
from citeproc.string import String

from citeconv.csl import speedups
from citeconv.csl.fixes import collation as _collation
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
from citeconv.csl.fixes.state import BIBLIOGRAPHY as _BIB
from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.fixes.state import note as _note
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
from citeconv.csl.markup import (
    BARRIER_BLOB,
    NOTHING,
)
from citeconv.csl.originals import ABSENT, ORIGINALS
from citeconv.model import DATE_VARIABLES, NAME_VARIABLES

if TYPE_CHECKING:  # imported where used: start-up
    from citeconv.csl.disambiguation import AmbigConfig, Render

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


# Bug: "1.Tran" — ``second-field-align`` is ignored: the first field (the citation
# number) and the rest of the entry are run together. citeproc-js's text output puts
# one space between them; its HTML output wraps them in csl-left-margin and
# csl-right-inline blocks, which the HTML writer adds around our text.
def render_bibliography(self: Any, citation_items: Any) -> Any:
    bibliography = self.getparent()
    align = bibliography.get("second-field-align")
    output_items = []
    substitute = bibliography.get("subsequent-author-substitute")
    previous_names: str | None = None
    _STATE.track_names = substitute is not None
    for item in citation_items:
        _charge(self, item)  # the layout's own elements count for the entry too
        self.repressed = {}
        if align:
            text = _render_aligned(self, item)
        else:
            text = self.format(self.wrap(self.render_children(item)))
            text = _suffix_inside_display(self, text)
        text = punctuation_in_quote(self, text)
        printed, names = _STATE.first_names or ("", "")
        if substitute is not None and text is not None and names:
            # Bug: subsequent-author-substitute ignored (MLA's "———"): the names of
            # an entry that repeats the previous entry's names are replaced
            # (rule "complete-all", the default).
            if names == previous_names:
                # A final period of the names ("et al.") also ended the names'
                # group: it stays after the substitute.
                replacement = substitute + ("." if printed.endswith(".") else "")
                text = str(text).replace(printed, replacement, 1)
            previous_names = names
        # Unlike citeproc-py, keep a None for an item that renders to nothing, so
        # that the output stays aligned with the items.
        output_items.append(text)
    _STATE.track_names = False
    return output_items


#: Separator between the first field and the rest under ``second-field-align``.
FIELD_SEPARATOR = "\u0000"


def _render_aligned(layout: Any, item: Any) -> Any:
    children = list(layout.iterchildren())
    if not children:
        return None
    rendered: list[Any] = []
    for child in children:
        try:
            text = child.render(item)
        except VariableError:
            text = None
        rendered.append(text)
    first, rest = rendered[0], [r for r in rendered[1:] if r is not None]
    if first is None or not rest:
        return layout.format(layout.wrap(layout.join(r for r in rendered if r is not None)))
    body = layout.join(rest)
    # The layout's prefix belongs to the first field, its suffix to the rest.
    prefix = layout.get("prefix", "")
    suffix = layout.get("suffix", "")
    return layout.format(String(prefix) + first + FIELD_SEPARATOR + body + String(suffix))


# --- Substitution, group suppression: what each render has used ------------------


def _get_repressed(self: Any) -> dict[str, Any]:
    return _STATE.repressed


def _set_repressed(self: Any, value: dict[str, Any]) -> None:
    # citeproc-py sets ``layout.repressed = {}`` before rendering each entry, each
    # citation and each macro sort key: the one place to start afresh.
    _STATE.repressed = value
    _STATE.suppressed = set()
    _STATE.recording = []
    _STATE.groups = []
    _STATE.first_names = None
    _STATE.shown_names = []
    _STATE.names_label = False
    _STATE.cite_names = None
    _STATE.disambiguate_count = 0
    _STATE.disambiguate_tests = 0
    _STATE.year_suffix = None
    _STATE.year_suffix_done = False
    _STATE.barriers = False


_REPRESSED = property(_get_repressed, _set_repressed)


# Bug: a substituted variable is printed twice ("Lewis, M. (Ed.). (2008). Handbook of
# emotions (M. Lewis, Ed.)", "Notes on the annual meeting. (2018). Notes on the annual
# meeting."): CSL says a variable rendered through cs:substitute is suppressed in the
# rest of the entry; citeproc-py only records <names> children by tag, and never
# checks the record for names, dates or numbers.
def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    for child in self.getchildren():
        _STATE.recording.append(set())
        try:
            if isinstance(child, Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            elif isinstance(child, Choose):
                # Also a cs:names inside a cs:choose of the substitute inherits the
                # name options and label of the names it stands in for (citeproc-py
                # gives those default options: "M. Lewis" for "Lewis, Michael, ed.").
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, context=context, names_context=names, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            text = None
        finally:
            used = _STATE.recording.pop()
        if text:
            _STATE.suppressed |= used
            # A cs:text (or group, …) standing in for the names is printed as it is,
            # without the cs:names' affixes and formatting (see names_markup).
            _STATE.bare_substitute = not isinstance(child, (Names, Choose))
            return text
    return None


def text_variable(self: Any, item: Any, context: Any) -> Any:
    variable = self.get("variable")
    if variable in _STATE.suppressed:
        _note(variable, False)
        return None
    try:
        text = ORIGINALS["Text._variable"](self, item, context)
    except VariableError:
        if variable != "year-suffix":
            _note(variable, False)
        raise
    if text or variable != "year-suffix":
        _note(variable, bool(text))
    if text and _STATE.recording and _STATE.track_names and _STATE.first_names is None:
        # A text variable standing in for the first names (in their cs:substitute) is
        # what subsequent-author-substitute compares, as its raw value (citeproc-js's
        # rendered_name): "———" for the second page of the same website.
        _STATE.shown_names.append(str(item.reference.get(variable.replace("-", "_"), text)))
    return _en_dash_ranges(variable, text, self)


def number_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    variable = self.get("variable")
    if variable in _STATE.suppressed:
        _note(variable, False)
        return None
    if variable not in _NOT_RANGED:
        # Bug: "Bd. AHRQ Publication No. 13–7975" (din-1505-2): citeproc-py splits
        # any value of a cs:number at "-" and joins the parts with an en dash;
        # citeproc-js prints a value that is not numeric as it is.
        value = item.reference.get(variable.replace("-", "_"))
        if value is not None and not isinstance(value, int) and number_pieces(value) is None:
            _note(variable, True)
            return String(str(value))
    if self.get("form") == "roman" and _too_large_for_roman(item, variable):
        # No roman numerals (see romanize), yet printed: the group around it keeps
        # its delimiter, as in citeproc-js ("Africa\u00a0, Export Date").
        _note(variable, True)
        return String(NOTHING)
    try:
        text = ORIGINALS["Number.process"](self, item, context, **kwargs)
    except VariableError:
        _note(variable, False)
        raise
    _note(variable, bool(text))
    if text and variable not in _NOT_RANGED and "\u2013" in str(text):
        # citeproc-py joins a numeric range with an en dash; citeproc-js with the
        # locale's page-range-delimiter ("5-10" in es-ES, "5\u201110" in fr-FR).
        delimiter = _range_term(self)
        if delimiter != "\u2013":
            text = String(str(text).replace("\u2013", delimiter))
    return text


def names_process(
    self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
) -> Any:
    if self.name is not None:
        names_context = self  # its own cs:name wins over an inherited one
    declared = self.get("variable", "")
    roles = declared.split()
    kept = [role for role in roles if role not in _STATE.suppressed]
    for role in roles:
        if role not in kept:
            _note(role, False)
    if len(kept) != len(roles):
        self.set("variable", " ".join(kept))
    _STATE.bare_substitute = False
    try:
        text = ORIGINALS["Names.process"](self, item, names_context, context, **kwargs)
    except VariableError:
        for role in kept:
            _note(role, False)
        raise
    finally:
        self.set("variable", declared)
        self.__dict__["_citeconv_bare"] = _STATE.bare_substitute
        _STATE.bare_substitute = False
    for role in kept:
        _note(role, bool(text) and role.replace("-", "_") in item.reference)
    if text and _STATE.first_names is None and not isinstance(text, int):
        # citeproc-js neither substitutes nor remembers names printed with a label
        # ("Tanaka, Tomoko, editor."): compared as no names at all.
        shown = "" if _STATE.names_label else "|".join(_STATE.shown_names)
        _STATE.first_names = (str(text), shown)
    _STATE.shown_names = []
    _STATE.names_label = False
    return text


# Bug: "(Publication)" on a thesis without a number — a cs:group must vanish when it
# calls variables and none of them renders. citeproc-py decides "calls a variable"
# from the style alone (any branch of a cs:choose counts), so a group whose chosen
# branch prints only a term or value survives. Here it is decided by what the
# render actually called, as citeproc-js does.
def group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    called: set[str] = set()
    rendered: set[str] = set()
    _STATE.groups.append((called, rendered))
    output = []
    delimiter = self.get("delimiter", "")
    try:
        for child, is_choose in speedups.children(self):
            try:
                if is_choose:
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
    finally:
        _STATE.groups.pop()
    if output and (not called or rendered):
        if _STATE.groups:
            # citeproc-js counts a non-empty nested group as content of the group
            # around it, even when it printed only terms ("[Online]").
            _STATE.groups[-1][1].add("\0group")
        if _STATE.barriers and delimiter:
            # A delimiter merges with the end of a decorated group or macro.
            output = [_without_barrier(text, BARRIER_BLOB) for text in output]
        return _without_barrier(self.join(output))
    raise VariableError


# Bug: ``disambiguate="true"`` is always true — citeproc-py ignores the test, and a
# cs:if with no other test passes. citeproc-js makes it true for a cite that its
# other disambiguation steps left ambiguous (then tried again), and in the
# bibliography entry of that item too; each render counts the conditions that held,
# and only as many hold as disambiguation asked for (see patches.disambiguate).
_CONDITIONS = (
    ("type", "_type"),
    ("variable", "_variable"),
    ("is-numeric", "_is_numeric"),
    ("is-uncertain-date", "_is_uncertain_date"),
    ("locator", "_locator"),
)


def if_render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
    test = self.get("disambiguate")
    if test is None:
        return ORIGINALS["If.render"](self, item, context=context, delimiter=delimiter, **kwargs)
    results: list[bool] = []
    for attribute, method in _CONDITIONS:
        if attribute in self.attrib:
            results += getattr(self, method)(item)
    if "position" in self.attrib:
        results += self._position(item, context)
    if test.lower() == "true":
        results.append(_disambiguate_holds(item))
    match = self.get("match", "all")
    if match == "any":
        passed = any(results)
    elif match == "none":
        passed = not any(results)
    else:
        passed = all(results)
    if not passed:
        raise ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


# Bug: <if type="thesis manuscript"> never holds (american-sociological-association
# printed "Kraków: Uniwersytet Jagielloński" for a thesis): citeproc-py makes each
# listed type a test of its own, and the default match="all" wants all of them.
# citeproc-js makes the type list one test that holds for any of its types
# (CSL.Attributes["@type"]: "This is ALWAYS composed as an 'any' match").
def if_type(self: Any, item: Any) -> list[bool]:
    return [any(ORIGINALS["If._type"](self, item))]


def _disambiguate_holds(item: Any) -> bool:
    """citeproc-js's ``@disambiguate`` test: one more of the conditions allowed holds."""
    _STATE.disambiguate_tests += 1
    if _STATE.disambiguate_count < _BIB.ambiguous.get(str(getattr(item, "key", "")), 0):
        _STATE.disambiguate_count += 1
        return True
    return False


# --- Text case ----------------------------------------------------------------------


# --- Disambiguation -------------------------------------------------------------


def disambiguate(bibliography: Any) -> None:
    """:func:`_disambiguate`, its cites in the form of a subsequent cite.

    Bug: citeproc-js (update_mode POSITION) disambiguates the cites as subsequent
    cites when a style's et-al-subsequent-min or -use-first differs from its et-al
    option: "Allen, Garcia & Becker 2010" is then "Allen et al. 2010" like a
    twelve-author "Allen et al. 2010", and both take a year suffix
    (journal-of-historical-linguistics, apa-6th-edition).
    """
    citation = bibliography.style.root.citation
    _STATE.subsequent_etal = _subsequent_etal(citation) if citation is not None else None
    try:
        _disambiguate(bibliography)
    finally:
        _STATE.subsequent_etal = None


def _subsequent_etal(citation: Any) -> dict[str, str] | None:
    """The et-al options of a subsequent cite, if they differ from a first cite's."""
    options = {}
    changed = False
    for option in ("et-al-min", "et-al-use-first"):
        first = citation.get(option)
        later = citation.get(option.replace("et-al-", "et-al-subsequent-"))
        changed = changed or later not in (None, first)
        value = later if later is not None else first
        if value is not None:
            options[option] = value
    return options if changed else None


def _disambiguate(bibliography: Any) -> None:
    """Tell alike cites apart as citeproc-js does, for what the bibliography shows of it.

    Bug: citeproc-py does no disambiguation at all. citeproc-js shows initials or
    given names (disambiguate-add-givenname, by the style's
    givenname-disambiguation-rule), more names (disambiguate-add-names), year
    suffixes (2019a, 2019b) and ``disambiguate="true"`` branches; the bibliography
    shows the added names, the given names where it would show less, the year
    suffixes and the branches. See :mod:`citeconv.csl.disambiguation`, the port.
    """
    from citeproc.string import String

    from citeconv.csl import disambiguation as port
    from citeconv.pipeline.workers import map_slices

    style = bibliography.style.root
    citation = style.citation
    for table in (_BIB.name_overrides, _BIB.given_overrides, _BIB.ambiguous):
        table.clear()
    items = bibliography.items
    for item in items:
        item.reference.pop("year_suffix", None)
    if citation is None:
        return
    options = port.Options(
        add_names=citation.get("disambiguate-add-names", "false") == "true",
        add_givenname=citation.get("disambiguate-add-givenname", "false") == "true",
        add_year_suffix=citation.get("disambiguate-add-year-suffix", "false") == "true",
        rule=citation.get("givenname-disambiguation-rule", "by-cite"),
        has_disambiguate=bool(
            style.xpath_search("//cs:if[@disambiguate='true'] | //cs:else-if[@disambiguate='true']")
        ),
    )
    register_names(bibliography.style.root, items)
    if not options.modes:
        return
    citation.cites = []

    def first_cites(start: int, end: int) -> list[tuple[str, tuple[str, int, int] | None]]:
        return [_first_cite(citation, item) for item in items[start:end]]

    # citeproc-js groups cites by the cite each item had when it was registered,
    # before the name registry asked for any initials ('Lee 2013' for "Jessica
    # Lee"): cites that differ only by those are never compared.
    final = dict(_BIB.namereg)
    _BIB.namereg.clear()
    try:
        firsts = map_slices(first_cites, len(items), _BIB.workers)
    finally:
        _BIB.namereg.clear()
        _BIB.namereg.update(final)
    data: dict[str, port.CiteData] = {}
    variables_shown: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for item, (text, shown) in zip(items, firsts, strict=True):
        if shown is not None:
            variables_shown[item.key] = shown[0]
            config = port.AmbigConfig(shown[1], [0] * shown[2])
            data[item.key] = port.CiteData(config, shown[2])
        else:
            data[item.key] = port.CiteData(port.AmbigConfig(None), None)
        groups.setdefault(text, []).append(item.key)
    # In input order: citeproc-js starts each group from its first registered item.
    position = {key: n for n, key in enumerate(_BIB.item_ids)}
    ambiguous = [
        sorted(keys, key=lambda k: position.get(k, 0)) for keys in groups.values() if len(keys) > 1
    ]
    if not ambiguous:
        return
    by_key = {item.key: item for item in items}
    order = {item.key: n for n, item in enumerate(items)}
    by_cite = options.rule == "by-cite"

    def render(key: str, config: port.AmbigConfig) -> tuple[str, int, int]:
        _apply_config(key, variables_shown.get(key), config, by_cite)
        text = _render_cite(citation, by_key[key]) or ""
        return text, _STATE.disambiguate_count, _STATE.disambiguate_tests

    def run_groups(start: int, end: int) -> list[list[tuple[str, Any]]]:
        # Groups are independent (a cite depends only on its own item): a worker
        # takes some and sends back each item's final configuration.
        results = []
        for keys in ambiguous[start:end]:
            registry = {key: data[key].config.clone() for key in keys}
            port.GroupDisambiguation(
                keys, data, registry, options, memoized(render), order, _BIB.item_ids
            ).run()
            results.append(list(registry.items()))
        return results

    results = map_slices(run_groups, len(ambiguous), _BIB.workers)
    for table in (_BIB.name_overrides, _BIB.given_overrides, _BIB.ambiguous):
        table.clear()
    for rows in results:
        for key, config in rows:
            start = data[key].config
            variable = variables_shown.get(key)
            if variable and config.names is not None and (start.names or 0) < config.names:
                _BIB.name_overrides[key] = (variable, config.names)
            if variable and by_cite and any(config.givens):
                _BIB.given_overrides[key] = {variable: list(config.givens)}
            if config.disambiguate:
                _BIB.ambiguous[key] = int(config.disambiguate)
            if config.year_suffix is not None:
                by_key[key].reference["year_suffix"] = String(_suffix(config.year_suffix))


def memoized(render: Render) -> Render:
    """``render`` remembered for one group: (item, names shown, given-name levels,
    ``disambiguate`` count) decide a cite, and citeproc-js's steps render the same
    cite again and again (each step scans the rest of the group; a group whose cites
    part one at a time costs steps × group size renders). 66k renders → 26k on 30k
    APA records; the output is the same (the renders are pure in those values)."""
    memo: dict[tuple[str, int | None, tuple[int, ...], int], tuple[str, int, int]] = {}

    def cached(key: str, config: AmbigConfig) -> tuple[str, int, int]:
        signature = (key, config.names, tuple(config.givens), int(config.disambiguate))
        found = memo.get(signature)
        if found is None:
            found = memo[signature] = render(key, config)
        return found

    return cached


def register_names(style: Any, items: Any) -> None:
    """citeproc-js's name registry, once per render (before sorting: sort keys show
    the given names it asks for too).

    With disambiguate-add-givenname and a rule other than "by-cite", names shared
    across the document show initials or given names in every cite, whether the
    cites clash or not (and in the bibliography and sort keys where that is more).
    """
    if _BIB.namereg_done:
        return
    _BIB.namereg_done = True
    _BIB.namereg.clear()
    citation = style.citation
    rule = citation.get("givenname-disambiguation-rule") if citation is not None else None
    _BIB.namereg_rule = rule or "by-cite"
    if citation is None or citation.get("disambiguate-add-givenname", "false") != "true":
        return
    if _BIB.namereg_rule == "by-cite":
        return
    from citeconv.csl import disambiguation as port

    variables = {item.key: _names_variable(item.reference) for item in items}
    flags = port.name_registry(
        {
            (item.key, variables[item.key]): [
                dict(name) for name in item.reference.get(variables[item.key]) or []
            ]
            for item in items
            if variables[item.key]
        },
        _BIB.namereg_rule,
        _never_demote(style),
    )
    for (key, variable), found in flags.items():
        _BIB.namereg[(key, variable)] = (variable, found)


def _never_demote(style: Any) -> bool:
    return bool(style.get("demote-non-dropping-particle", "display-and-sort") == "never")


def register_in_bibliography_order(bibliography: Any) -> None:
    """The name registry as citeproc-js's bibliography pass sees it, entry by entry.

    Bug: "Roberts, D." for citeproc-js's "Roberts, Dmitri" (apa-6th-edition), and the
    opposite for "Nielsen, A.": the cites register each item's names up front (what
    ``register_names`` does), then the bibliography registers the other names an
    entry prints ("In D. Roberts (Ed.)") as it renders them, in bibliography order:
    they tell apart the names of the entries after it, not before. Run after
    sorting and disambiguation, before the entries are rendered (in parallel, so
    every entry's flags are settled here).
    """
    if _BIB.namereg_rule == "by-cite" or not _BIB.namereg_done:
        return
    style = bibliography.style.root
    citation = style.citation
    if citation is None or citation.get("disambiguate-add-givenname", "false") != "true":
        return
    from citeconv.csl import disambiguation as port

    never_demote = _never_demote(style)
    variables = sorted(
        {
            token.replace("-", "_")
            for names in style.xpath_search("//cs:names[@variable]")
            for token in str(names.get("variable")).split()
        }
    )
    registry: port.Registry = {}
    primary: dict[str, tuple[str, port.Row]] = {}
    for item in bibliography.items:
        variable = _names_variable(item.reference)
        if variable:
            names = [dict(name) for name in item.reference.get(variable) or []]
            primary[item.key] = (
                variable,
                port.register(registry, names, _BIB.namereg_rule, never_demote),
            )
    _BIB.namereg.clear()
    for item in bibliography.items:  # sorted
        found_primary = primary.get(item.key)
        if found_primary is not None:
            flags = port.flags_of(found_primary[1], registry)
            if flags is not None:
                _BIB.namereg[(item.key, found_primary[0])] = (found_primary[0], flags)
        for variable in variables:
            names = item.reference.get(variable)
            if not names or (found_primary is not None and variable == found_primary[0]):
                continue
            row = port.register(registry, [dict(n) for n in names], _BIB.namereg_rule, never_demote)
            flags = port.flags_of(row, registry)
            if flags is not None:
                _BIB.namereg[(item.key, variable)] = (variable, flags)


def _apply_config(key: str, variable: str | None, config: Any, by_cite: bool) -> None:
    """Make the cite of item ``key`` render as ``config`` (an AmbigConfig) says."""
    if variable and config.names is not None:
        _BIB.name_overrides[key] = (variable, config.names)
    if variable and by_cite:
        _BIB.given_overrides[key] = {variable: list(config.givens)}
    _BIB.ambiguous[key] = int(config.disambiguate)


def _first_cite(citation: Any, item: Any) -> tuple[str, tuple[str, int, int] | None]:
    """An item's cite before disambiguation, and its first names: (variable, how many
    the cite shows, how many there are)."""
    _STATE.count_names = True
    try:
        text = _render_cite(citation, item) or ""
        return text, _STATE.cite_names
    finally:
        _STATE.count_names = False


def _render_cite(citation: Any, item: Any) -> str | None:
    layout = citation.layout
    _charge(layout, item)
    layout.repressed = {}
    try:
        text = layout.render_children(item)
    except StyleTooComplex:
        raise
    except Exception:
        # A cite that cannot render is not ambiguous: unlike an empty one, it is
        # alike no other (it was "", so every such cite took a year suffix).
        return f"\0unrenderable {getattr(item, 'key', id(item))}"
    return str(text) if text else None


def _names_variable(reference: Any) -> str | None:
    """The names variable a cite shows first: author, else editor, else translator."""
    for variable in ("author", "editor", "translator"):
        if reference.get(variable):
            return variable
    return None


# Bug: a sort key on a names variable (``<key variable="author"/>``) joins the names
# with ";", which the collator ignores, so the last letters of one name run into the
# next; citeproc-js separates them with ", " (a word break). And it keeps every name,
# where citeproc-js applies the key's names-min / names-use-first or else the et-al
# options the key inherits (springer-basic-author-date's bibliography: 5 and 3, so a
# work of five authors and one of their first three tie, and keep input order).
def key_format_name(self: Any, item: Any, variable: str) -> Any:
    text = ORIGINALS["Key._format_name"](self, item, variable)
    if not text:
        return text
    names = text.split(";")
    et_al_min, use_first = _key_et_al(self)
    if et_al_min and use_first and len(names) >= et_al_min:
        names = names[:use_first]
    return ", ".join(names)


def _key_et_al(key: Any) -> tuple[int, int]:
    """(et-al-min, et-al-use-first) of a sort key: its own names-min and
    names-use-first, else those of its cs:citation or cs:bibliography, else the
    style's (0: not set)."""
    values = []
    for own, inherited in (("names-min", "et-al-min"), ("names-use-first", "et-al-use-first")):
        value = key.get(own)
        element = key.getparent()
        while value is None and element is not None:
            value = element.get(inherited)
            element = element.getparent()
        try:
            values.append(int(value) if value is not None else 0)
        except ValueError:
            values.append(0)
    return values[0], values[1]


def _suffix(n: int) -> str:
    """a … z, aa … az, ba … zz, aaa …: the ``n``-th (from 0) year suffix, as
    citeproc-js's Suffixator numbers them (bijective base 26, without limit: a
    style whose cites are alike for a whole library needs thousands)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    n += 1
    key = ""
    while n:
        n, digit = divmod(n - 1, 26)
        key = letters[digit] + key
    return key


# --- Numbers ------------------------------------------------------------------------


# --- Sorting ------------------------------------------------------------------------


# Bug: bibliography order differs from citeproc-js: citeproc-py compares sort keys
# as plain lower-cased strings, so "Ångström" sorts after "Zhang", "@drjane" before
# "Abbott" and "10" before "9". citeproc-js (CSL.getSortCompare) compares with the
# locale's ICU collator at base strength, ignoring punctuation, numbers by value;
# an empty key goes last, ascending or descending. Its key strings have
# every space turned into "|" and a "|" at the end (CSL.Node.key, opt.sort_sep),
# and "|" is an ICU symbol, not ignored: a word break sorts before any letter or
# digit ("Smith & Sons" before "Smith, A.", " Smith " before "Abbott").
def sort(self: Any, items: Any, context: Any) -> Any:
    from functools import cmp_to_key

    from citeconv.pipeline.workers import map_slices

    keys = list(self.findall("cs:key", self.nsmap))
    if not keys:
        return list(items)
    _collation.set_language(str(self.get_root().get("default-locale") or "en-US")[:2].lower())
    register_names(self.get_root(), items)
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]

    # The bibliography is sorted again after disambiguation; only the entries that
    # it changed (more names shown, a year suffix) need their keys rendered again.
    # A key on citation-number depends on the order itself: never reused.
    reusable = all(key.get("variable") != "citation-number" for key in keys)
    own = id(self)
    for item in items:
        if (
            not reusable
            or (own, item.key) not in _BIB.sort_rows
            or item.key in _BIB.name_overrides
            or "year_suffix" in item.reference
        ):
            _BIB.sort_rows[(own, item.key)] = [_UNSORTED] * len(keys)
    table = [_BIB.sort_rows[(own, item.key)] for item in items]

    # Slowness: every key of every entry was rendered (APA: eight, among them the
    # title macro), but the comparison below looks at a key only for two entries
    # equal on all the keys before it. So the keys are rendered column by column,
    # each only for the entries that still tie with another: the same order.
    ties = [list(range(len(items)))] if len(items) > 1 else []
    for n, key in enumerate(keys):
        todo = [i for tie in ties for i in tie if table[i][n] is _UNSORTED]

        def column(start: int, end: int, key: Any = key, todo: list[int] = todo) -> list[Any]:
            # Sort keys are rendered per item, independently: a slice per worker.
            chunk = [items[i] for i in todo[start:end]]
            return [_collation_key(v) for v in _sort_keys(key, chunk, context)]

        # A few keys are not worth a round trip to the workers.
        workers = _BIB.workers if len(todo) >= _MIN_PARALLEL_KEYS else 1
        for i, value in zip(todo, map_slices(column, len(todo), workers), strict=True):
            table[i][n] = value
        split: list[list[int]] = []
        for tie in ties:
            same: dict[Any, list[int]] = {}
            for i in tie:
                same.setdefault(table[i][n], []).append(i)
            split.extend(group for group in same.values() if len(group) > 1)
        ties = split

    def compare(left: int, right: int) -> int:
        for n, reverse in enumerate(descending):
            a, b = table[left][n], table[right][n]
            if a is _UNSORTED or b is _UNSORTED:  # never: ties are complete (safety)
                for i in (left, right):
                    if table[i][n] is _UNSORTED:
                        value = _sort_keys(keys[n], [items[i]], context)[0]
                        table[i][n] = _collation_key(value)
                a, b = table[left][n], table[right][n]
            if a is None or b is None:
                # CSL.Registry.Comparifier: an undefined key comes last, ascending
                # or descending.
                if a is not None:
                    return -1
                if b is not None:
                    return 1
                continue
            result: int = (a > b) - (a < b)
            if result:
                return -result if reverse else result
        return 0

    order = sorted(range(len(items)), key=cmp_to_key(compare))
    return [items[n] for n in order]


def _sort_keys(key: Any, items: Any, context: Any) -> Any:
    """``key.sort_keys`` with names rendered as citeproc-js's sort keys."""
    _BIB.sort_key_mode = True
    try:
        if "macro" in key.attrib and _macro_has_date(key.get_macro(key.get("macro"))):
            return [_date_macro_key(key, item, context) for item in items]
        return key.sort_keys(items, context)
    finally:
        _BIB.sort_key_mode = False


# Bug: "n.d." sorted among the years (elsevier-harvard sorts by a macro that prints
# the year or the "no date" term, descending: the undated entry came first). For a
# sort key, citeproc-js renders a macro holding a cs:date (its "macro-has-date") as
# its dates only, each as a sortable number (CSL.dateAsSortKey: "1" + the year, then
# month and day as two digits, "00" for a part the cs:date does not print, then the
# same for a range's end), and drops the rest — terms, text, affixes. A macro that
# printed no date gives an empty key, which sorts last either way.
def _date_macro_key(key: Any, item: Any, context: Any) -> str | None:
    _STATE.sort_dates = []
    try:
        key.sort_keys([item], context)
        return "".join(_STATE.sort_dates) or None
    finally:
        _STATE.sort_dates = None


def _macro_has_date(macro: Any) -> bool:
    """Whether a cs:date is among the macro's own descendants (citeproc-js does not
    follow the macros it calls)."""
    known: bool | None = getattr(macro, "_citeconv_has_date", None)
    if known is None:
        known = bool(macro.xpath_search(".//cs:date"))
        macro._citeconv_has_date = known
    return known


#: A sort key not rendered (not needed to order the entries).
_UNSORTED: Any = object()
#: Fewer keys to render than this are rendered in the parent process.
_MIN_PARALLEL_KEYS = 200


def start_render(entries: int = 1) -> None:
    """Forget what the last bibliography left behind (sort keys, added names, the
    macro work of its last entry). ``entries`` is the number of entries to come."""
    _BIB.entry_item, _BIB.entry_left, _BIB.macro_work_peak = None, MACRO_WORK_PER_ENTRY, 0
    _BIB.sort_rows.clear()
    _BIB.name_overrides.clear()
    _BIB.given_overrides.clear()
    _BIB.ambiguous.clear()
    _BIB.namereg.clear()
    _BIB.namereg_done = False


# Bug: a names label is part of the sort key ("Tanaka, T. (Ed.)" sorts after
# "Tanaka, T."): citeproc-js leaves cs:label out when it renders a macro as a sort key.
def label_process(
    self: Any,
    item: Any,
    variable: Any = None,
    plural: Any = None,
    context: Any = None,
    **kwargs: Any,
) -> Any:
    if kwargs.get("sort_options") is not None:
        return None
    text = ORIGINALS["Label.process"](self, item, variable, plural, context, **kwargs)
    if text and variable is not None:
        _STATE.names_label = True  # a names label ("editor"): see names_process
    return text


# Bug: a sort key's name options (names-min, name-as-sort-order) and the rules for
# sort keys are lost as soon as the key's macro calls another macro through
# <text macro="…">: citeproc-py drops ``sort_options`` there.
#
# Bug: "In" printed alone when a macro's variable is missing (<macro><text term="in"/>
# <text variable="container-title"/></macro>), and chicago's "released" lost before
# an empty date: citeproc-js expands every <text macro="…"> into a real cs:group
# (CSL.expandMacro: "Macro group is treated as a real node in the style"). So a
# macro that calls variables and renders none of them vanishes with its terms, and
# a macro that prints anything counts as content of the group around it, as a
# nested cs:group does (see group_process).
def text_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    sort_options = kwargs.get("sort_options")
    if "macro" not in self.attrib:
        return ORIGINALS["Text.process"](self, item, context, **kwargs)
    if sort_options is None:
        called: set[str] = set()
        rendered: set[str] = set()
        _STATE.groups.append((called, rendered))
        try:
            text, language = ORIGINALS["Text.process"](self, item, context, **kwargs)
        finally:
            _STATE.groups.pop()
        if not text or (called and not rendered):
            return None, language
        if _STATE.groups:
            _STATE.groups[-1][1].add("\0group")
        return _without_barrier(text), language
    try:
        language = item.reference.language[:2]
    except VariableError:
        language = self.get_root().get("default-locale", "en")[:2]
    macro = self.get_macro(self.get("macro"))
    text = macro.render(item, context if context is not None else self, sort_options=sort_options)
    return text, language


# Bug: citeproc-py's ``Delimited.join`` ends in a bare ``except:``, which catches
# KeyboardInterrupt and our SIGTERM exception (``cli.Terminated``) while a group's
# children render: Ctrl-C was swallowed, the group rendered as nothing, and the run
# went on to exit 0 (found by an adversarial review). Only errors become "".
def delimited_join(self: Any, strings: Any, default_delimiter: str = "") -> Any:
    from citeproc.string import String, join

    delimiter = self.get("delimiter", default_delimiter)
    try:
        return join((s for s in strings if s is not None), delimiter)
    except StyleTooComplex:
        raise  # the children render inside the join: not an error to hide
    except Exception:
        return String("")
