"""How elements render: cs:text, cs:number, cs:label and cs:names, a cs:group's
suppression when its variables are empty, cs:substitute, cs:if conditions
(disambiguate, type, is-numeric), as citeproc-js renders them."""

from __future__ import annotations

from typing import Any

from citeproc.model import Choose, ConditionFailed, Names, Text, VariableError
from citeproc.string import String

from citeconv.csl import speedups
from citeconv.csl.fixes.numbers import (
    _NOT_RANGED,
    _en_dash_ranges,
    _range_term,
    _too_large_for_roman,
    locator_has_label,
    locator_text,
    number_pieces,
)
from citeconv.csl.fixes.numbers import (
    _NUMBER_VARIABLES as _RANGED,
)
from citeconv.csl.fixes.seams import _without_barrier
from citeconv.csl.fixes.state import BIBLIOGRAPHY as _BIB
from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.fixes.state import note as _note
from citeconv.csl.fixes.text_case import capitalize_first
from citeconv.csl.labels import label_text
from citeconv.csl.markup import BARRIER_BLOB, NOTHING, marks_as_tags
from citeconv.csl.originals import ORIGINALS
from citeconv.csl.positions import Position


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
    _STATE.names_label = ""
    _STATE.first_label = ""
    _STATE.cite_names = None
    _STATE.disambiguate_count = 0
    _STATE.disambiguate_tests = 0
    _STATE.year_suffix = None
    _STATE.year_suffix_done = False
    _STATE.barriers = False
    _STATE.cite_printed = False
    _STATE.names_depth = 0
    _STATE.author_text = None
    _STATE.cite_text_variable = False


REPRESSED = property(_get_repressed, _set_repressed)


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
        if not text and isinstance(child, Names) and child.name is not None:
            if _STATE.track_names and _STATE.first_names is None:
                # citeproc-js (substituteEnd): a cs:names with a cs:name of its own
                # that is tried and prints nothing ends the entry's
                # subsequent-author-substitute: the names that stand in after it
                # are neither replaced nor remembered (MLA's <names variable=
                # "guest"><name/></names> before its editor: "Tanaka, Tomoko,
                # editor." after "Tanaka, Tomoko.").
                _STATE.first_names = ("", "")
        elif not text and isinstance(child, Text) and "term" in child.attrib:
            # citeproc-js: a term ends the substitution, also an empty one (the
            # next child is not tried; substitute_SubstituteOnlyOnceTermEmpty).
            return None
        if text:
            _STATE.suppressed |= used
            # A cs:text (or group, …) standing in for the names is printed as it is,
            # without the cs:names' affixes and formatting (see names_markup).
            _STATE.bare_substitute = not isinstance(child, (Names, Choose))
            return text
    return None


def text_variable(self: Any, item: Any, context: Any) -> Any:
    kind, variable, _, _ = speedups.text_kind(self)
    if kind != "variable":
        variable = self.get("variable")
    if variable not in ("locator", "year-suffix"):
        _STATE.cite_text_variable = True  # see citeconv.csl.fixes.cites
    if variable in _STATE.suppressed:
        _note(variable, False)
        return None
    if variable == "locator" and "locator" in item:
        _note(variable, True)
        return String(locator_text(self, item))
    if variable == "first-reference-note-number":
        # Unknown to citeproc-py: the note a cite's item was first cited in, when
        # that is another note (citeconv.csl.positions).
        position = item.__dict__.get("citeconv_position")
        number = position.first_note if position is not None else 0
        _note(variable, bool(number))
        if not number:
            raise VariableError
        return String(str(number))
    if variable == "citation-label":
        # citeproc-js: the item's own label, else one it makes, and its year suffix.
        _note(variable, True)
        return String(label_text(item.reference))
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
        numeric_form = self.get("form", "numeric") == "numeric"
        text = str(value) if value is not None and not isinstance(value, int) else ""
        if "-" in text and numeric_form and variable in _RANGED:
            # Its ranges as a cs:text prints them (citeproc-js: the same
            # processNumber): "12–15", "1–5" for "A1-A5", "e00353-20" as it is.
            _note(variable, True)
            return _en_dash_ranges(variable, String(marks_as_tags(text)), self)
        if value is not None and not isinstance(value, int) and number_pieces(value) is None:
            _note(variable, True)
            # citeproc-js reads no rich text there: its tags are text.
            return String(marks_as_tags(str(value)))
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
    # Also a name variable already printed by this cs:substitute's child (a macro
    # that prints the editors twice: substitute_SuppressOrdinaryVariable), as
    # citeproc-js suppresses a substituted variable as soon as it renders.
    printed = _STATE.recording[-1] if _STATE.recording else set()
    kept = [role for role in roles if role not in _STATE.suppressed and role not in printed]
    for role in roles:
        if role not in kept:
            _note(role, False)
    if len(kept) != len(roles):
        self.set("variable", " ".join(kept))
    _STATE.bare_substitute = False
    _STATE.names_label = ""
    _STATE.names_depth += 1
    try:
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
    finally:
        _STATE.names_depth -= 1
    if text and _STATE.first_names is None and not isinstance(text, int):
        _STATE.first_names = (str(text), "|".join(_STATE.shown_names))
        # citeproc-js keeps the names' label after the substitute ("--- ed.").
        _STATE.first_label = _STATE.names_label
    _STATE.shown_names = []
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
    delimiter = speedups.delimiter(self) or ""
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
        text = self.join(output)
        return _without_barrier(text) if _STATE.barriers else text
    raise VariableError


# Bug: ``disambiguate="true"`` is always true — citeproc-py ignores the test, and a
# cs:if with no other test passes. citeproc-js makes it true for a cite that its
# other disambiguation steps left ambiguous (then tried again), and in the
# bibliography entry of that item too; each render counts the conditions that held,
# and only as many hold as disambiguation asked for (see order.disambiguate).
_CONDITIONS = (
    ("type", "_type"),
    ("variable", "_variable"),
    ("is-numeric", "_is_numeric"),
    ("is-uncertain-date", "_is_uncertain_date"),
    ("locator", "_locator"),
)


def if_render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
    try:
        test = self.__dict__["_citeconv_disambiguate"]
    except KeyError:
        test = self.__dict__["_citeconv_disambiguate"] = self.get("disambiguate")
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


# Bug: <if position="near-note"> crashes ("KeyError: 'near-note-distance'": the
# default of 5 is not among citeproc-py's options; position_NearNoteSameNote), and
# citeproc-py's positions are its own: near-note counts citations, not notes; an
# ibid of the cite in the note before is "subsequent". citeconv.csl.positions
# assigns each cite its position as citeproc-js does, before the cite renders.
def if_position(self: Any, item: Any, context: Any = None) -> list[bool]:
    if context is None:
        context = self
    if context.get_layout().getparent().tag.endswith("bibliography"):
        return [False]
    position = item.__dict__.get("citeconv_position") or _FIRST_CITE
    return [position.holds(test) for test in self.get("position").split()]


_FIRST_CITE = Position()


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
    if self.get("variable") == "locator" and "locator" in item and locator_has_label(self, item):
        return None  # the locator carries its own label ("vol. 1, fol. 186")
    text = ORIGINALS["Label.process"](self, item, variable, plural, context, **kwargs)
    if text and variable is not None:
        if _STATE.track_names:
            # A names label ("editor") as printed: see names_process.
            _STATE.names_label = str(self.markup(text) or "")
    elif text and not _STATE.names_depth:
        _STATE.cite_printed = True
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
    _, _, has_macro, has_term = speedups.text_kind(self)
    if not has_macro:
        done = ORIGINALS["Text.process"](self, item, context, **kwargs)
        if done[0] and not _STATE.names_depth:
            if _STATE.cite_capitalize and not _STATE.cite_printed and has_term:
                # citeproc-js: a term that is the first thing a note style's
                # citation prints is capitalized ("Ibid."; fixes/cites.py).
                done = (capitalize_first(done[0]), done[1])
            _STATE.cite_printed = True  # a term or value before the names (cites.py)
        return done
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
