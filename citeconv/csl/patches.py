"""Fixes for citeproc-py bugs, applied to its classes once, before the first render.

citeproc-py builds its element classes through an lxml class lookup, so the only
way to change how an element renders is to replace the method on its class. Each
fix names the bug and has a test in ``tests/test_csl_patches.py`` that fails
without it (the tests run the stock method too and assert that it shows the bug).
The target is citeproc-js, the engine inside Zotero: its output is what we match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Imported here, not in the functions: an import statement in a function that runs
# a million times per bibliography costs ~10 % of the rendering time.
from citeproc.model import Choose, ConditionFailed, Names, Text, VariableError
from citeproc.string import MixedString, NoCase, String

from citeconv.csl import speedups
from citeconv.csl.markup import MARKS, SMALL_CAPS
from citeconv.model import DATE_VARIABLES, NAME_VARIABLES

_APPLIED = False

#: Worker processes for the passes over the whole bibliography (sort keys, the
#: cites compared by disambiguation), set by citeconv.csl.engine for one render:
#: citeproc-py calls our sort through its own classes, which carry no options.
WORKERS = 1
_ABSENT = object()

#: Original citeproc-py functions, kept so that tests can show each bug.
ORIGINALS: dict[str, Any] = {}


def apply() -> None:
    """Install every fix (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    import citeproc

    # First the speed-ups of stock methods, so that the fixes below wrap them.
    speedups.apply()

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
        owner, attribute = _target(name)
        ORIGINALS[name] = owner.__dict__.get(attribute, _ABSENT)
        setattr(owner, attribute, replacement)
    _APPLIED = True


def _target(name: str) -> tuple[Any, str]:
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
        owner, attribute = _target(name)
        saved[name] = owner.__dict__[attribute]
        if ORIGINALS[name] is _ABSENT:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, ORIGINALS[name])
    try:
        yield
    finally:
        for name, replacement in saved.items():
            owner, attribute = _target(name)
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
        "Names.process": names_process,
        "Substitute.render": substitute_render,
        "Group.process": group_process,
        "If.render": if_render,
        "FormatNumber._format_last_page": format_last_page,
        "If._is_numeric": is_numeric,
        "Sort.sort": sort,
        "Label.process": label_process,
        "Text.process": text_process,
        "Name.initialize": initialize,
        "Quoted.quote": quote,
        "Name.process": name_process,
        "Formatted.font_style": font_style,
        "source.CitationItem.number": property(citation_number),
        "Label._is_plural": is_plural,
        "CitationStylesElement.get_macro": get_macro,
        "CitationStylesElement.xpath_search": xpath_search,
        "Parent.calls_variable": calls_variable,
        "Text.calls_variable": calls_variable_text,
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


# Bug: date ranges — "Mar–May2019" (shared parts glued to the range), "2019" lost
# when only the year is shown and both ends share it, and a crash ("'NoneType' object
# is not callable") through a macro. CSL: the parts the two ends share are printed
# once, in the date's order, and the differing parts as one range, with the
# range-delimiter of the largest differing part (as citeproc-js: "2019 Mar–May").
def render_date_range(
    self: Any, date_range: Any, show_parts: Any = None, context: Any = None
) -> Any:
    begin, end = date_range.begin, date_range.end
    if end.is_nil():
        return render_single_date(self, begin, show_parts, context)
    shown = list(show_parts or ("year", "month", "day"))
    differ: set[str] = set()
    for name in ("year", "month", "day"):
        if differ or _date_value(begin, name) != _date_value(end, name):
            differ.add(name)
    part_context = context if context is not self else None
    children = [part for part in self.iterchildren() if part.get("name") in shown]
    pieces: list[Any] = []
    index = 0
    while index < len(children):
        if children[index].get("name") not in differ:
            text = _render_part(children[index], begin, part_context)
            if text:
                pieces.append(text)
            index += 1
            continue
        stop = index
        while stop < len(children) and children[stop].get("name") in differ:
            stop += 1
        segment = children[index:stop]
        first = [t for t in (_render_part(p, begin, part_context) for p in segment) if t]
        last = [t for t in (_render_part(p, end, part_context) for p in segment) if t]
        if first and last:
            largest = min(segment, key=lambda p: ("year", "month", "day").index(p.get("name")))
            delimiter = _range_delimiter(largest, part_context)
            pieces.append(self.join(first).rstrip() + delimiter + self.join(last))
        index = stop
    return self.join(pieces) if pieces else None


def _date_value(date: Any, name: str) -> Any:
    if name == "month":
        return date.get("month") or date.get("season")
    return date.get(name)


def _render_part(part: Any, date: Any, context: Any) -> Any:
    try:
        return part.render(date, context)
    except (VariableError, KeyError, TypeError):
        return None


def _range_delimiter(part: Any, context: Any) -> str:
    delimiter = part.get("range-delimiter")
    if delimiter is None and context is not None:
        found = context.xpath_search(f'./cs:date-part[@name="{part.get("name")}"]')
        if found:
            delimiter = found[0].get("range-delimiter")
    return delimiter if delimiter is not None else "\u2013"


# Bug: seasons dropped ("2018" for Autumn 2018): a month part in short form looks up
# the season's short term, which locales do not have. citeproc-js prints the
# season's (long) term, capitalized.
def date_part_process(self: Any, date: Any, context: Any = None) -> Any:
    if self.get("name") == "month" and "month" not in date and date.get("season"):
        owner = context if context is not None else self
        term = owner.get_single_term(name=f"season-{int(date.get('season')):02}")
        return term.capitalize_first() if term else None
    return ORIGINALS["Date_Part.process"](self, date, context)


# Bug: "Ontario?." — citeproc-py only drops a punctuation mark repeated at a seam
# ("..") while citeproc-js also lets "?" and "!" swallow a following "." (and a
# following "," or ";" keeps both, as citeproc-js does). And formatting must not
# hide a seam: "<i>What is life?</i>." is a "?." seam too (see citeconv.csl.markup).
_SWALLOWING = frozenset("?!.")
_SEAM_PUNCTUATION = frozenset(".,;:!?")


def normalize_seam(left: Any, other: Any) -> Any:
    """The piece ``other`` to append to ``left``, without a doubled space or stop."""
    other_text = str(other)
    if not other_text:
        return other
    last = _last_visible_of(left)
    index, first = _first_visible(other_text)
    if last is None or first is None:
        return other
    if (last == " " and first == " ") or (
        (last == first and first in _SEAM_PUNCTUATION) or (first == "." and last in _SWALLOWING)
    ):
        return _strip_char(other, index)
    return other


def _last_visible_of(value: Any) -> str | None:
    # Slowness: ``str()`` of a MixedString joins all its pieces, and the entry being
    # built is the left side of every seam; its last piece is enough.
    if isinstance(value, MixedString):
        for segment in reversed(value):
            last = _last_visible(str(segment))
            if last is not None:
                return last
        return None
    return _last_visible(str(value))


def _last_visible(text: str) -> str | None:
    for char in reversed(text):
        if char not in MARKS:
            return char
    return None


def _first_visible(text: str) -> tuple[int, str | None]:
    for index, char in enumerate(text):
        if char not in MARKS:
            return index, char
    return 0, None


def _strip_char(other: Any, index: int) -> Any:
    """``other`` without its character at ``index``, keeping its String segments."""
    if isinstance(other, MixedString):
        segments = list(other)
        position = index
        for n, segment in enumerate(segments):
            text = str(segment)
            if position < len(text):
                stripped = type(segment)(text[:position] + text[position + 1 :])
                segments[n : n + 1] = [stripped] if stripped != "" else []
                return MixedString(segments)
            position -= len(text)
        return other
    text = str(other)
    return type(other)(text[:index] + text[index + 1 :])


# Bug: capitalize-first and title case miss a word that starts with formatting
# ("<i>nature</i>" stays lower case): citeproc-py upper-cases the first character,
# which is then a mark. citeproc-js capitalizes the first letter.
def capitalize_first(self: Any) -> Any:
    text = str(self)
    for index, char in enumerate(text):
        if char not in MARKS and char not in _OPENING_PUNCTUATION:
            return self.__class__(text[:index] + char.upper() + text[index + 1 :])
    return self


_OPENING_PUNCTUATION = frozenset("\"'“‘„‚«‹([{¿¡")


# Bug: "2021Oct1" — for a localized date (``<date form="text">``) citeproc-py joins
# the parts with the *style's* cs:date delimiter (none) instead of the locale's
# date format delimiter (" "). CSL 1.0.2: the localized format's delimiter applies.
def render_single_date(self: Any, date: Any, show_parts: Any = None, context: Any = None) -> Any:
    parts = self.parts(date, show_parts, context if context is not self else None)
    if not parts:
        return None
    return self.join(parts)


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
    for item in citation_items:
        self.repressed = {}
        if align:
            text = _render_aligned(self, item)
        else:
            text = self.format(self.wrap(self.render_children(item)))
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


class _RenderState:
    """What the entry being rendered has used so far (reset for every entry)."""

    def __init__(self) -> None:
        self.repressed: dict[str, Any] = {}
        #: Variables a cs:substitute has rendered: never rendered again in the entry.
        self.suppressed: set[str] = set()
        #: One set per cs:substitute child being tried: the variables it renders.
        self.recording: list[set[str]] = []
        #: One (called, rendered) pair of sets per enclosing cs:group.
        self.groups: list[tuple[set[str], set[str]]] = []
        #: The first cs:names the entry rendered, as printed and as compared (without
        #: names added by disambiguation), for subsequent-author-substitute.
        self.first_names: tuple[str, str] | None = None


_STATE = _RenderState()


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


_REPRESSED = property(_get_repressed, _set_repressed)


def _note(variable: str, rendered: bool) -> None:
    """Tell the enclosing groups and substitutes that ``variable`` was called."""
    for called, done in _STATE.groups:
        called.add(variable)
        if rendered:
            done.add(variable)
    if rendered:
        for used in _STATE.recording:
            used.add(variable)


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
    return _en_dash_ranges(variable, text)


def number_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    variable = self.get("variable")
    if variable in _STATE.suppressed:
        _note(variable, False)
        return None
    try:
        text = ORIGINALS["Number.process"](self, item, context, **kwargs)
    except VariableError:
        _note(variable, False)
        raise
    _note(variable, bool(text))
    return text


def date_process(
    self: Any,
    item: Any,
    variable: Any = None,
    show_parts: Any = None,
    context: Any = None,
    **kwargs: Any,
) -> Any:
    name = variable or self.get("variable")
    if name in _STATE.suppressed:
        _note(name, False)
        return None
    try:
        text = ORIGINALS["Date.process"](self, item, variable, show_parts, context, **kwargs)
    except VariableError:
        _note(name, False)
        raise
    _note(name, bool(text))
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
    try:
        text = ORIGINALS["Names.process"](self, item, names_context, context, **kwargs)
    except VariableError:
        for role in kept:
            _note(role, False)
        raise
    finally:
        self.set("variable", declared)
    for role in kept:
        _note(role, bool(text) and role.replace("-", "_") in item.reference)
    if text and _STATE.first_names is None and not isinstance(text, int):
        base = _names_without_additions(self, item, text, (names_context, context), kwargs)
        _STATE.first_names = (str(text), base)
    return text


def _names_without_additions(
    names: Any, item: Any, text: Any, contexts: tuple[Any, Any], kwargs: dict[str, Any]
) -> str:
    """The names as printed before disambiguation added any (what citeproc-js compares
    for subsequent-author-substitute)."""
    key = str(getattr(item, "key", ""))
    override = _NAME_OVERRIDES.pop(key, None)
    if override is None:
        return str(text)
    try:
        return str(ORIGINALS["Names.process"](names, item, *contexts, **kwargs))
    except Exception:
        return str(text)
    finally:
        _NAME_OVERRIDES[key] = override


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
        return self.join(output)
    raise VariableError


# Bug: ``disambiguate="true"`` is always true — citeproc-py ignores the test, and a
# cs:if with no other test passes. citeproc-js sets it only for cites that its other
# disambiguation steps could not tell apart, which never happens for a bibliography
# entry rendered alone: the test is false here.
def if_render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
    if self.get("disambiguate", "false").lower() == "true" and self.get("match", "all") == "all":
        raise ConditionFailed
    return ORIGINALS["If.render"](self, item, context=context, delimiter=delimiter, **kwargs)


# Bug: "1–0" for pages "1-10" and "D1–0" for "D1-D10" under page-range-format
# "minimal": citeproc-py strips the digits the two numbers share even when they differ
# in length. citeproc-js keeps the whole second number then, and compares numbers
# only when both have the same non-numeric prefix (which the second one then drops).
_PAGE = re.compile(r"(\D*)(\d+)")


def format_last_page(self: Any, first: str, last: str) -> str:
    range_format = self.get_root().get_option("page-range-format")
    if range_format in (None, "expanded"):
        return last
    first_match = _PAGE.fullmatch(first)
    last_match = _PAGE.fullmatch(last)
    if first_match is None or last_match is None or first_match.group(1) != last_match.group(1):
        return last
    first_number, last_number = first_match.group(2), last_match.group(2)
    if range_format == "chicago-16" and len(first_number) == len(last_number):
        # CMOS 16 (as citeproc-js): 101–9 but 2899–908 and 1177–230 (at least two
        # digits once the first number's last two are 10 or more).
        value = int(first_number)
        if value < 100 or value % 100 == 0:
            return last_number
        common = 0
        for a, b in zip(first_number, last_number, strict=True):
            if a != b:
                break
            common += 1
        keep = 1 if value % 100 < 10 else 2
        return last_number[min(common, len(last_number) - keep) :]
    if len(first_number) != len(last_number):
        return last_number
    result: str = ORIGINALS["FormatNumber._format_last_page"](self, first_number, last_number)
    return result


# --- Text case ----------------------------------------------------------------------

# Bug: label text-case ignored ("eds." for "Eds."): citeproc-py's title case applies
# only to English, and a cs:label (or a name part) passes no language, which counts as
# "not English". The language is the style's (citeproc-js: the locale's). And "v." is
# a stop word for citeproc-js ("Brown v. Board of Education").
#: citeproc-js's CSL.SKIP_WORDS (single words): never capitalized by title case.
_STOP_WORDS = frozenset(
    [
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "al",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "aside",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "et",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "than",
        "through",
        "thru",
        "throughout",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "vs.",
        "v.",
        "vs",
        "v",
        "via",
        "vis-à-vis",
        "with",
        "within",
        "without",
        "or",
        "yet",
        "so",
        "and",
        "nor",
        "a",
        "an",
        "the",
        "de",
        "d'",
        "von",
        "van",
        "c",
        "ca",
    ]
)


def case(self: Any, text: Any, language: Any = None) -> Any:
    text_case = self.get("text-case")
    if text_case != "title":
        return ORIGINALS["TextCased.case"](self, text, language)
    if language is None:
        language = (self.get_root().get("default-locale") or "en")[:2]
    if language != "en" or not hasattr(text, "words"):
        return text
    output = []
    previous = ":"  # the first word is capitalized
    for word in text.words():
        bare = "".join(c for c in str(word) if c not in MARKS)
        first = previous in (":", ".", "?", "!")
        if SMALL_CAPS[0] in str(word):
            pass  # citeproc-js leaves text in small caps as it is
        elif "-" in bare and not isinstance(word, NoCase):
            # citeproc-js capitalizes each part of a hyphenated word ("Multi-Year").
            parts = str(word).split("-")
            word = word.__class__(
                "-".join(
                    _capitalize(p)
                    if p.islower() and (p.strip("".join(MARKS)) not in _STOP_WORDS or n == 0)
                    else p
                    for n, p in enumerate(parts)
                )
            )
        elif word.islower() and (bare not in _STOP_WORDS or first):
            word = word.capitalize_first()
        elif word.islower():
            word = word.soft_lower()
        previous = bare[-1:] or previous
        output.append(word)
    return " ".join(output)


def _capitalize(text: str) -> str:
    for index, char in enumerate(text):
        if char not in MARKS and char not in _OPENING_PUNCTUATION:
            return text[:index] + char.upper() + text[index + 1 :]
    return text


# --- Disambiguation -------------------------------------------------------------


def disambiguate(bibliography: Any) -> None:
    """Add names, then year suffixes (2019a, 2019b), to entries whose cites look alike.

    Bug: citeproc-py does no disambiguation at all. citeproc-js first shows more
    names (disambiguate-add-names) for cites that render alike, one name at a time
    until they differ — and the bibliography shows those names too — then gives a
    year suffix, in bibliography order, to the cites that are still alike and whose
    names (given names included, when the style may add them) are the same.
    """
    style = bibliography.style.root
    citation = style.citation
    _NAME_OVERRIDES.clear()
    _CITES.clear()
    if citation is None:
        return
    add_names = citation.get("disambiguate-add-names", "false") == "true"
    add_given = citation.get("disambiguate-add-givenname", "false") == "true"
    add_suffix = citation.get("disambiguate-add-year-suffix", "false") == "true"
    if not (add_names or add_suffix):
        return
    citation.cites = []
    for item in bibliography.items:
        item.reference.pop("year_suffix", None)
    from citeconv.parallel import map_slices

    items = bibliography.items
    texts = map_slices(
        lambda start, end: [_render_cite(citation, item) for item in items[start:end]],
        len(items),
        WORKERS,
    )
    # The workers' cites, for the workers that add names (they render them again).
    _CITES.update(((item.key, None), text) for item, text in zip(items, texts, strict=True))
    groups: dict[str, list[Any]] = {}
    for item, text in zip(items, texts, strict=True):
        if text:
            groups.setdefault(text, []).append(item)
    ambiguous = [same for same in groups.values() if len(same) > 1]
    if add_names:
        # Groups are independent (an item's cite depends only on its own names), so
        # the workers each take some groups and send back, per item, the names they
        # chose to show and the cite that results.
        def add_names_to(start: int, end: int) -> list[list[tuple[Any, str]]]:
            rows = []
            for same in ambiguous[start:end]:
                _add_names(citation, same)
                rows.append(
                    [
                        (_NAME_OVERRIDES.get(item.key), _render_cite(citation, item) or "")
                        for item in same
                    ]
                )
            return rows

        results = map_slices(add_names_to, len(ambiguous), WORKERS)
        # What is still alike after adding names.
        regrouped: dict[str, list[Any]] = {}
        for same, rows in zip(ambiguous, results, strict=True):
            for item, (override, text) in zip(same, rows, strict=True):
                if override is not None:
                    _NAME_OVERRIDES[item.key] = override
                regrouped.setdefault(text, []).append(item)
        ambiguous = [same for same in regrouped.values() if len(same) > 1]
    if not add_suffix:
        return
    for same in ambiguous:
        by_names: dict[str, list[Any]] = {}
        for item in same:
            names = _all_names(item.reference) if (add_names or add_given) else ""
            by_names.setdefault(names, []).append(item)
        for alike in by_names.values():
            if len(alike) > 1:
                for n, item in enumerate(alike):
                    item.reference["year_suffix"] = String(_suffix(n))


#: Item key → (names variable, how many names to show) found by disambiguation.
_NAME_OVERRIDES: dict[str, tuple[str, int]] = {}


#: (item key, its entry in _NAME_OVERRIDES) → its cite, for one disambiguation.
_CITES: dict[tuple[str, Any], str | None] = {}


def _render_cite(citation: Any, item: Any) -> str | None:
    # Slowness: adding names asks for the same cites again (each member of a group
    # before and after); a cite depends only on its item and the names shown for it
    # (year suffixes come after), so each is rendered once.
    memo = (item.key, _NAME_OVERRIDES.get(item.key))
    if memo in _CITES:
        return _CITES[memo]
    layout = citation.layout
    layout.repressed = {}
    try:
        rendered = layout.render_children(item)
    except Exception:  # a cite that cannot render is not ambiguous
        rendered = None
    text = str(rendered) if rendered else None
    _CITES[memo] = text
    return text


def _add_names(citation: Any, same: list[Any]) -> None:
    """Show one more name at a time for the items of ``same`` until their cites differ."""
    pending = []
    all_names = {item.key: _all_names(item.reference) for item in same}
    for item in same:
        variable = _names_variable(item.reference)
        # Names cannot tell apart items with the same names: leave those alone.
        others = [k for k in all_names if k != item.key and all_names[k] != all_names[item.key]]
        if variable is not None and others:
            pending.append((item, variable, len(item.reference[variable])))
    if not pending:
        return
    most = max(count for _, _, count in pending)
    shown = _et_al_use_first(citation)
    texts = {item.key: _render_cite(citation, item) for item in same}
    while pending and shown < most:
        shown += 1
        for item, variable, count in pending:
            _NAME_OVERRIDES[item.key] = (variable, min(shown, count))
        # Only the cites still being extended change.
        for item, _variable, _count in pending:
            texts[item.key] = _render_cite(citation, item)
        seen: dict[str | None, int] = {}
        for text in texts.values():
            seen[text] = seen.get(text, 0) + 1
        pending = [
            (item, variable, count)
            for item, variable, count in pending
            if seen[texts[item.key]] > 1 and count > shown
        ]
    for item, _variable, _count in pending:
        # More names did not tell it apart: citeproc-js goes back to the short form.
        _NAME_OVERRIDES.pop(item.key, None)


def names_were_added() -> bool:
    """Whether the last disambiguation showed more names for some entry."""
    return bool(_NAME_OVERRIDES)


def _et_al_use_first(citation: Any) -> int:
    name = citation.xpath_search(".//cs:name[@et-al-use-first]")
    value = citation.get("et-al-use-first") or (name[0].get("et-al-use-first") if name else None)
    value = value or citation.get_root().get("et-al-use-first") or "1"
    try:
        return int(value)
    except ValueError:
        return 1


def _names_variable(reference: Any) -> str | None:
    for variable in ("author", "editor", "translator"):
        if reference.get(variable):
            return variable
    return None


def name_process(
    self: Any,
    item: Any,
    variable: Any,
    context: Any = None,
    sort_options: Any = None,
    **kwargs: Any,
) -> Any:
    override = _NAME_OVERRIDES.get(str(getattr(item, "key", "")))
    if override is not None and override[0] == variable.replace("-", "_"):
        wanted = override[1]
        options = dict(sort_options or {})
        current = int(self.get_option("et-al-use-first", context, sort_options))
        if wanted > current:
            options["et-al-use-first"] = str(wanted)
            if wanted >= len(item.reference.get(variable.replace("-", "_"), [])):
                options["et-al-min"] = "0"  # all names: no "et al."
            sort_options = options
    return ORIGINALS["Name.process"](self, item, variable, context, sort_options, **kwargs)


def _all_names(reference: Any) -> str:
    for variable in ("author", "editor", "translator"):
        names = reference.get(variable)
        if names:
            return "|".join(str(sorted(name.items())) for name in names)
    return ""


def _suffix(n: int) -> str:
    """a … z, aa … az, ba … as citeproc-js numbers year suffixes."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]


# --- Numbers ------------------------------------------------------------------------

# Bug: "Nos. 2016/679", "p. xi–xx", "(2021-1232)" — citeproc-py calls a value numeric
# only when it is one number (so a range or list is not numeric, and the style's
# numeric branch is skipped), and plural whenever two digits have anything but a
# period between them (so "2016/679" is plural). citeproc-js splits a value at "-",
# "–", "&", "and", ", " and "; ": numeric when every piece is a number (letters
# around digits and roman numerals allowed), plural when there is more than one
# piece; and it prints a numeric range with an en dash ("10–11").
_NUMBER_JOINER = re.compile(r"\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*[-\u2013]+\s*")
_NUMBER_PIECE = re.compile(r"[A-Za-z]*\d+[A-Za-z]*|[ivxlcdm]+|[IVXLCDM]+")
_NUMBER_VARIABLES = frozenset(
    [
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "part-number",
        "supplement-number",
        "volume",
    ]
)


def number_pieces(value: object) -> list[str] | None:
    """The numbers of ``value`` as citeproc-js reads them, or None if not numeric."""
    text = str(value).strip()
    if not text:
        return None
    pieces = _NUMBER_JOINER.split(text)
    if all(_NUMBER_PIECE.fullmatch(piece) for piece in pieces):
        return pieces
    return None


def is_numeric(self: Any, item: Any) -> list[bool]:
    results = []
    for variable in self.get("is-numeric").split():
        value = item.reference.get(variable.replace("-", "_"))
        results.append(value is not None and number_pieces(value) is not None)
    return results


def is_plural(self: Any, item: Any) -> bool:
    variable = self.get("variable")
    if variable == "locator":
        value = item.locator.identifier
    else:
        try:
            value = item.reference[variable.replace("-", "_")]
        except VariableError:
            return False
    if variable.startswith("number-of"):
        try:
            return int(str(value)) > 1
        except ValueError:
            return False
    pieces = number_pieces(value)
    return pieces is not None and len(pieces) > 1


def _en_dash_ranges(variable: str, text: Any) -> Any:
    if variable not in _NUMBER_VARIABLES or "-" not in str(text):
        return text
    if number_pieces(text) is None:
        return text
    return String(re.sub(r"\s*-+\s*", "\u2013", str(text)))


# --- Sorting ------------------------------------------------------------------------


# Bug: bibliography order differs from citeproc-js: citeproc-py compares sort keys
# as plain lower-cased strings, so "Ångström" sorts after "Zhang", "@drjane" before
# "Abbott" and "10" before "9". citeproc-js compares with the locale's collator at
# base strength, ignoring punctuation and spaces, numbers by value; entries with an
# empty key go last.
def sort(self: Any, items: Any, context: Any) -> Any:
    from functools import cmp_to_key

    from citeconv.parallel import map_slices

    keys = list(self.findall("cs:key", self.nsmap))
    if not keys:
        return list(items)
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]

    # The bibliography is sorted again after disambiguation; only the entries that
    # it changed (more names shown, a year suffix) need their keys rendered again.
    # A key on citation-number depends on the order itself: never reused.
    reusable = all(key.get("variable") != "citation-number" for key in keys)
    own = id(self)
    for item in items:
        if (
            not reusable
            or (own, item.key) not in _SORT_ROWS
            or item.key in _NAME_OVERRIDES
            or "year_suffix" in item.reference
        ):
            _SORT_ROWS[(own, item.key)] = [_UNSORTED] * len(keys)
    table = [_SORT_ROWS[(own, item.key)] for item in items]

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
            return [_collation_key(v) for v in key.sort_keys(chunk, context)]

        # A few keys are not worth a round trip to the workers.
        workers = WORKERS if len(todo) >= _MIN_PARALLEL_KEYS else 1
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
                        value = keys[n].sort_keys([items[i]], context)[0]
                        table[i][n] = _collation_key(value)
                a, b = table[left][n], table[right][n]
            if a is None or b is None:
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


#: A sort key not rendered (not needed to order the entries).
_UNSORTED: Any = object()
#: Fewer keys to render than this are rendered in the parent process.
_MIN_PARALLEL_KEYS = 200

#: (sort element, item key) → the item's sort key row, for one bibliography render.
_SORT_ROWS: dict[tuple[int, str], list[Any]] = {}


def start_render() -> None:
    """Forget what the last bibliography left behind (sort keys, added names)."""
    _SORT_ROWS.clear()
    _NAME_OVERRIDES.clear()
    _CITES.clear()


_RUNS = re.compile(r"\d+|\D+")


def _collation_key(value: Any) -> tuple[tuple[int, Any], ...] | None:
    """A key that orders as ICU at base strength, punctuation ignored, numeric."""
    if value is None:
        return None
    if isinstance(value, int):
        return ((0, value),)
    import unicodedata

    text = unicodedata.normalize("NFKD", str(value)).casefold()
    pieces: list[tuple[int, Any]] = []
    # Punctuation is ignored between letters but still ends a number: "2019-03-19"
    # compares as 2019, 3, 19.
    for run in _RUNS.findall(text):
        if run.isdigit():
            pieces.append((0, int(run)))
            continue
        letters = "".join(c for c in run if c.isalnum())
        if letters:
            if pieces and pieces[-1][0] == 1:
                pieces[-1] = (1, pieces[-1][1] + letters)
            else:
                pieces.append((1, letters))
    return tuple(pieces) or None


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
    return ORIGINALS["Label.process"](self, item, variable, plural, context, **kwargs)


# Bug: a sort key's name options (names-min, name-as-sort-order) and the rules for
# sort keys are lost as soon as the key's macro calls another macro through
# <text macro="…">: citeproc-py drops ``sort_options`` there.
def text_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    sort_options = kwargs.get("sort_options")
    if sort_options is None or "macro" not in self.attrib:
        return ORIGINALS["Text.process"](self, item, context, **kwargs)
    try:
        language = item.reference.language[:2]
    except VariableError:
        language = self.get_root().get("default-locale", "en")[:2]
    macro = self.get_macro(self.get("macro"))
    text = macro.render(item, context if context is not None else self, sort_options=sort_options)
    return text, language


# Bug: initialize="false" ignored ("Abbott, A.-M." for "Abbott, Anne-Marie" in
# chicago-author-date): citeproc-py initializes whenever initialize-with is set.
# CSL: with initialize="false" given names stay whole, and only initials already
# there are formatted with initialize-with ("J.D." → "J. D.").
_GIVEN_TOKEN = re.compile(r"[^\s.]+\.?")


def initialize(self: Any, given: str, mark: str, context: Any) -> str:
    if self.get("initialize", "true").lower() != "false":
        result: str = ORIGINALS["Name.initialize"](self, given, mark, context)
        return result
    pieces = []
    for token in _GIVEN_TOKEN.findall(given):
        bare = token.rstrip(".")
        if len(bare) == 1 and bare.isupper():
            pieces.append(bare + mark)
        else:
            pieces.append(token + " ")
    return "".join(pieces).strip()


# Bug: punctuation-in-quote ignored ("“Title”." for "“Title.”"): an en-US locale asks
# for a following period or comma to go inside the closing quotation mark, and
# citeproc-js also drops it there after "?" or "!" ("“Why?”"). citeproc-py's strings
# can only change the piece being appended at a seam, never the end of what is
# already there, so this is done on the entry's text as it leaves the layout.
def punctuation_in_quote(layout: Any, text: Any) -> Any:
    if text is None:
        return None
    option = layout.get_locale_option("punctuation-in-quote")
    if not option or option.lower() != "true":
        return text
    term = layout.get_term("close-quote")
    close = (term.text if term is not None else None) or "\u201d"
    value = str(text)
    if close not in value:
        return text
    pattern = re.compile(rf"([{''.join(MARKS)}]*){re.escape(close)}([{''.join(MARKS)}]*)([.,])")

    def move(match: re.Match[str]) -> str:
        before = value[: match.start()].rstrip("".join(MARKS))
        # citeproc-js drops a period after ".", "?" or "!", but keeps a comma.
        stop = "" if match.group(3) == "." and before[-1:] in ".?!" else match.group(3)
        return f"{match.group(1)}{stop}{close}{match.group(2)}"

    return pattern.sub(move, value)


# Bug: quotes inside quotes are not flipped ("“The “crisis” …”"): CSL and citeproc-js
# turn quotation marks inside a quoted text into the inner ones ("“The ‘crisis’ …”").
def quote(self: Any, string: Any) -> Any:
    if self.get("quotes", "false").lower() != "true":
        return string
    marks = []
    for name in ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote"):
        term = self.get_term(name)
        marks.append(term.text if term is not None and term.text else "")
    open_quote, close_quote, open_inner, close_inner = marks
    text = str(string)
    if open_quote and open_inner:
        text = text.replace(open_quote, open_inner)
    if close_quote and close_inner:
        text = text.replace(close_quote, close_inner)
    return String(open_quote) + String(text) + String(close_quote)


# Bug: Chinese, Japanese and Korean titles in italics: citeproc-js does not italicize
# a variable printed by a cs:text whose text is all CJK (italics are a Latin-script
# convention); italics set on a group or macro around it still apply.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def font_style(self: Any, text: Any) -> Any:
    if isinstance(self, Text) and "variable" in self.attrib:
        value = str(text)
        if _CJK.search(value) and not _LATIN.search(value):
            return text
    return ORIGINALS["Formatted.font_style"](self, text)


# Slowness: a citation number is ``bibliography.keys.index(key) + 1``, a linear
# search per entry (quadratic for a numbered bibliography); look it up in an index
# that is rebuilt whenever the keys list is replaced (after sorting).
def citation_number(self: Any) -> int:
    bibliography = self.bibliography
    index = getattr(bibliography, "_citeconv_index", None)
    if index is None or index[0] is not bibliography.keys:
        index = (bibliography.keys, {key: n for n, key in enumerate(bibliography.keys)})
        bibliography._citeconv_index = index
    number: int = index[1][self.key] + 1
    return number


# Slowness: ``get_macro`` runs an XPath query for every macro reference of every
# item (a third of APA's time), and ``calls_variable`` (asked by every group of every
# item) walks the macros again. Both depend only on the parsed style, which never
# changes: remember them. The element is kept in the value so that its ``id`` is not
# reused while the entry exists.
_MACROS: dict[tuple[int, str], tuple[Any, Any]] = {}
_CALLS_VARIABLE: dict[int, tuple[Any, bool]] = {}


_XPATH: dict[tuple[int, str], tuple[Any, Any]] = {}


def xpath_search(self: Any, expression: str) -> Any:
    """citeproc-py's XPath lookups (terms, options, layouts) of a style that never
    changes shape: each (element, expression) is evaluated once."""
    hit = _XPATH.get((id(self), expression))
    if hit is None or hit[0] is not self:
        hit = (self, ORIGINALS["CitationStylesElement.xpath_search"](self, expression))
        _XPATH[(id(self), expression)] = hit
    return hit[1]


def get_macro(self: Any, name: str) -> Any:
    root = self.get_root()
    hit = _MACROS.get((id(root), name))
    if hit is None or hit[0] is not root:
        hit = (root, ORIGINALS["CitationStylesElement.get_macro"](self, name))
        _MACROS[(id(root), name)] = hit
    return hit[1]


def _remembered_calls_variable(self: Any, original: str) -> bool:
    hit = _CALLS_VARIABLE.get(id(self))
    if hit is None or hit[0] is not self:
        hit = (self, bool(ORIGINALS[original](self)))
        _CALLS_VARIABLE[id(self)] = hit
    return hit[1]


def calls_variable(self: Any) -> bool:
    return _remembered_calls_variable(self, "Parent.calls_variable")


def calls_variable_text(self: Any) -> bool:
    return _remembered_calls_variable(self, "Text.calls_variable")
