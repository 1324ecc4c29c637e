"""Speed-ups of citeproc-py's per-entry work, applied with the fixes in ``patches``.

These change how fast citeproc-py renders, never what: each replacement returns
exactly what the method it replaces returned (tests/test_csl_speedups.py compares
whole outputs with and without them, ``CITECONV_NO_SPEEDUPS=1``). Each says what
is slow and why skipping the work is safe.

Most of them remember something about a style element on the element itself. lxml
creates a Python proxy object for an element on demand and forgets it (with its
attributes) when nothing refers to it, so :func:`pin` keeps a reference to every
element of a parsed style: the attributes then live as long as the style. A proxy
that is not pinned (an element citeproc-py inserts while rendering) still works:
what it remembers is only computed again.
"""

from __future__ import annotations

from typing import Any

from citeconv.csl.originals import STOCK

# citeproc's modules, set by bind(): an import inside a function run a million
# times costs a noticeable share of the time.
_model: Any = None
_String: Any = None
_MixedString: Any = None


def bind() -> None:
    """Look up the citeproc names the speed-ups use (``patches.apply`` calls it
    before it installs them)."""
    from citeproc import model, string

    global _model, _String, _MixedString
    _model, _String, _MixedString = model, string.String, string.MixedString


def pin(style: Any) -> None:
    """Keep the Python proxies of every element of a parsed style (and its locales)
    alive as long as the style, so that what is remembered on them stays."""
    root = style.root
    elements = list(root.iter())
    for locale in getattr(root, "locales", None) or []:
        elements.extend(locale.iter())
    root._citeconv_pinned = elements


class _CachedLookup:
    """A citeproc-py ``CitationItem`` property whose value is remembered per cite.

    Slow: ``item.reference`` is ``item.citation.bibliography.source[item.key]``, four
    lookups through ``CustomDict.__getattr__`` (a Python method that raises and
    catches ``KeyError`` on a miss), asked ~500 times per entry. Safe: a cite's
    citation, the citation's bibliography and the bibliography's source are set
    once, before the first render, and never replaced (citeconv makes them afresh
    for every bibliography). As a non-data descriptor, the value stored in the
    instance's ``__dict__`` is found first next time, at plain attribute speed.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, item: Any, owner: type | None = None) -> Any:
        if item is None:
            return self
        value = STOCK[f"source.CitationItem.{self.name}"].__get__(item, owner)
        item.__dict__[self.name] = value
        if self.name == "reference":
            # A packed source lets a reference go (citeconv.csl.packed): the cite
            # must forget it then.
            # Looked up on the type: citeproc-py's sources answer a missing
            # attribute with VariableError, not AttributeError.
            hold = getattr(type(item.bibliography.source), "hold", None)
            if hold is not None:
                hold(item.bibliography.source, item.key, item)
        return value


def get_root(self: Any) -> Any:
    """The style (or locale) element at the top of this element's tree.

    Slow: ``getroottree().getroot()`` builds an ElementTree object every call, ~2M
    calls per 1k APA entries (from every ``get_formatter``, ``get_option``,
    ``get_term``). Safe: an element never moves to another tree.
    """
    root = self._citeconv_root
    if root is None:
        root = self.getroottree().getroot()
        self._citeconv_root = root
    return root


def get_formatter(self: Any) -> Any:
    """The output formatter of the style (citeproc-py asks for it 5 times per element
    rendered): read from the root as the stock method does (a bibliography sets it),
    without the ElementTree round trip and the isinstance test."""
    root = self.get_root()
    owner = root.__dict__.get("style") if "style" in root.__dict__ else root  # a locale's style
    formatter = owner.__dict__.get("formatter") if owner is not None else None
    if formatter is None:
        return STOCK["CitationStylesElement.get_formatter"](self)
    return formatter


#: The attributes of ``Formatted.format``, with the value that means "unchanged"
#: (none for font-style: "normal" sets roman inside italics, fixes.formatting).
_FORMAT_DEFAULTS = (
    ("font-style", None),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", None),  # "none" too: fixes.formatting.text_decoration
    ("vertical-align", None),  # "baseline" too: fixes.formatting.vertical_align
)


def _plain(element: Any) -> tuple[bool, bool]:
    """Whether ``element`` sets no font attribute, and no affix (remembered).

    Never for cs:date-part: citeproc-py's ``Date_Part.process`` copies the attributes
    of the style's date-part into the locale's date-part while rendering.
    """
    plain: tuple[bool, bool] | None = element._citeconv_plain
    if plain is None:
        from citeproc.model import Date_Part

        get = element.get
        if isinstance(element, Date_Part):
            plain = (False, False)
        else:
            plain = (
                all(get(name, default) == default for name, default in _FORMAT_DEFAULTS),
                not get("prefix") and not get("suffix"),
            )
        element._citeconv_plain = plain
    return plain


def format_(self: Any, string: Any) -> Any:
    """``Formatted.format`` that returns the text at once when the element sets no font
    attribute: the five font methods (each a formatter and an attribute lookup)
    then return their text unchanged."""
    if _plain(self)[0]:
        if isinstance(string, (int, float)):
            return str(string)
        return string
    return STOCK["Formatted.format"](self, string)


def wrap(self: Any, string: Any) -> Any:
    """``Affixed.wrap`` without the seam checks when the element has no prefix and no
    suffix: the stock method then returns ``'' + string`` (kept: it turns a str
    subclass into a str, as before)."""
    if string is not None and _plain(self)[1]:
        return "" + string
    return STOCK["Affixed.wrap"](self, string)


_MISSING = object()


def delimiter(element: Any) -> str | None:
    """The element's delimiter attribute (None: it has none), remembered: a group's
    is asked twice per render (its children, its join). No element's delimiter
    changes while rendering (citeproc-py changes only a cs:date-part's attributes,
    which has none)."""
    cached = element.__dict__
    try:
        value: str | None = cached["_citeconv_delimiter"]
    except KeyError:
        value = cached["_citeconv_delimiter"] = element.get("delimiter")
    return value


def children(element: Any) -> tuple[tuple[Any, bool], ...]:
    """The children of a layout, macro, group or condition branch, each with whether it
    is a cs:choose (remembered: citeproc-py changes only a cs:names's children)."""
    found: tuple[tuple[Any, bool], ...] | None = element._citeconv_children
    if found is None:
        from citeproc.model import Choose  # once per element (also without the speed-ups)

        found = tuple((child, isinstance(child, Choose)) for child in element.iterchildren())
        element._citeconv_children = found
    return found


def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
    """``Parent.render_children`` over remembered children (the stock method asks lxml
    for each child and tests its class every time)."""
    model = _model
    output = []
    for child, is_choose in children(self):
        try:
            if is_choose:
                text = child.render(item, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, **kwargs)
            if text is not None:
                output.append(text)
        except model.VariableError:
            pass
    if output:
        return model.join(output, delimiter)
    return None


#: The tests of cs:if in the order citeproc-py evaluates them.
_IF_TESTS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position")


def if_render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
    """``If.render`` with the element's tests and match remembered (the stock method
    looks up seven attributes through lxml for every condition of every entry)."""
    plan = self._citeconv_if
    if plan is None:
        attrib = self.attrib
        plan = (tuple(test for test in _IF_TESTS if test in attrib), self.get("match"))
        self._citeconv_if = plan
    tests, match = plan
    results: list[Any] = []
    for test in tests:
        if test == "type":
            results += self._type(item)
        elif test == "variable":
            results += self._variable(item)
        elif test == "is-numeric":
            results += self._is_numeric(item)
        elif test == "is-uncertain-date":
            results += self._is_uncertain_date(item)
        elif test == "locator":
            results += self._locator(item)
        else:
            results += self._position(item, context)
    if match == "any":
        result = any(results)
    elif match == "none":
        result = not any(results)
    else:
        result = all(results)
    if not result:
        raise _model.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def _words(element: Any, attribute: str, transform: Any) -> tuple[str, ...]:
    key = f"_citeconv_{attribute}"
    words: tuple[str, ...] | None = element.__dict__.get(key)
    if words is None:
        words = tuple(transform(word) for word in element.get(attribute).split())
        element.__dict__[key] = words
    return words


def if_type(self: Any, item: Any) -> list[bool]:
    """``If._type`` with the type list split once."""
    reference = item.reference
    # A Reference always has its type (a constructor argument); dict.get skips
    # CustomDict's Python-level attribute and item lookups.
    reference_type = dict.get(reference, "type") or reference.type
    types = self.__dict__.get("_citeconv_type")
    if types is None:
        types = _words(self, "type", str.lower)
    return [typ == reference_type for typ in types]


def if_variable(self: Any, item: Any) -> list[bool]:
    """``If._variable`` with the variable list split once."""
    reference = item.reference
    return [
        ("locator" in item) if variable == "locator" else (variable in reference)
        for variable in _words(self, "variable", lambda v: v.replace("-", "_"))
    ]


def _default_language(element: Any) -> str:
    language: str | None = element.__dict__.get("_citeconv_default_language")
    if language is None:
        language = element.__dict__["_citeconv_default_language"] = _root_language(element)
    return language


def _root_language(element: Any) -> str:
    root = element.get_root()
    language: str | None = root.__dict__.get("_citeconv_language")
    if language is None:
        language = root.get("default-locale", "en")[:2]
        root._citeconv_language = language
    return language


def text_kind(element: Any) -> tuple[str, Any, bool, bool]:
    """What a cs:text prints: "variable", "macro", "term" or "value" (the first it
    has; "" for none), that attribute's value, and whether it has a macro and a
    term attribute; remembered (a cs:text's attributes never change)."""
    try:
        kind: tuple[str, Any, bool, bool] = element.__dict__["_citeconv_text_kind"]
    except KeyError:
        attrib = element.attrib
        name = next((k for k in ("variable", "macro", "term", "value") if k in attrib), "")
        kind = (name, attrib.get(name), "macro" in attrib, "term" in attrib)
        element.__dict__["_citeconv_text_kind"] = kind
    return kind


def text_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """``Text.process`` without an exception per call: the stock method asks
    ``item.reference.language``, which raises (and catches) VariableError for the
    many references without a language."""
    if context is None:
        context = self
    kind, value, _, _ = text_kind(self)
    language = dict.get(item.reference, "language", _MISSING)
    language = _default_language(self) if language is _MISSING else language[:2]
    if kind == "variable":
        text = self._variable(item, context)
    elif kind == "macro":
        text = self.get_macro(value).render(item, context)
    elif kind == "term":
        text = self._term(item)
    elif kind == "value":
        text = _String(self.preformat(value))
    else:
        return STOCK["Text.process"](self, item, context, **kwargs)
    return text, language


def _markup_plan(element: Any) -> tuple[bool, bool, bool, bool]:
    get = element.get
    plan = (
        get("strip-periods", "false").lower() == "true",
        get("text-case") is not None,
        any(get(name) is not None for name, _ in _FORMAT_DEFAULTS),
        get("quotes", "false").lower() == "true",
    )
    element.__dict__["_citeconv_markup"] = plan
    return plan


def text_markup(self: Any, text: Any, language: Any) -> Any:
    """``Text.markup`` that calls only the steps the element's attributes ask for.

    Slow: the stock method strips periods, cases, formats and quotes every text
    (six calls and three attribute lookups), and without strip-periods, text-case,
    a font attribute or quotes each step (stock or fixed) returns its text as it
    is — ``format`` turning a number into a str. The affixes are always applied.
    """
    if not text:
        return None
    plan = self.__dict__.get("_citeconv_markup")
    if plan is None:
        plan = _markup_plan(self)
    strip, cased, formatted, quoted = plan
    if strip:
        text = self.strip_periods(text)
    if cased:
        text = self.case(text, language)
    if formatted:
        text = self.format(text)
    elif isinstance(text, (int, float)):
        text = str(text)
    if quoted:
        text = self.quote(text)
    return self.wrap(text)


def text_variable(self: Any, item: Any, context: Any) -> Any:
    """``Text._variable`` with the element's variable, form and tag remembered."""
    plan = self._citeconv_text_variable
    if plan is None:
        variable = self.get("variable")
        plan = (variable, self.tag, self.get("form") == "short", variable.replace("-", "_"))
        self._citeconv_text_variable = plan
    variable, tag, short, key = plan
    layout = context.__dict__.get("_citeconv_layout")
    if layout is None:
        # An element's layout never changes (the element never moves).
        layout = context.__dict__["_citeconv_layout"] = context.get_layout()
    repressed = layout.repressed
    if repressed and tag in repressed and variable in repressed[tag]:
        return None
    reference = item.reference
    if short:
        short_variable = variable + "-short"
        if short_variable.replace("-", "_") in reference:
            variable = short_variable
            key = variable.replace("-", "_")
    if variable.startswith("page"):
        return self._process(reference.page, variable)
    if variable == "citation-number":
        return item.number
    if variable == "locator":
        en_dash = self.unicode_character("EN DASH")
        return str(item.locator.identifier).replace("-", en_dash)
    # ``reference[key]``: CustomDict's Python __getitem__ raises KeyError, then
    # VariableError, for every variable the reference lacks.
    value = dict.get(reference, key, _MISSING)
    if value is _MISSING:
        raise _model.VariableError
    return value


def strip_periods(self: Any, string: Any) -> Any:
    """``StrippedPeriods.strip_periods`` with the option remembered (not for
    cs:date-part, whose attributes citeproc-py changes while rendering)."""
    strip = self.__dict__.get("_citeconv_strip_periods")
    if strip is None:
        from citeproc.model import Date_Part

        if isinstance(self, Date_Part):
            return STOCK["StrippedPeriods.strip_periods"](self, string)
        strip = self.get("strip-periods", "false").lower() == "true"
        self._citeconv_strip_periods = strip
    if strip:
        string = string.replace(".", "")
    return string


def name_get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
    """``Name.get_option`` remembered per (option, context) when no sort option gives
    it: the stock method raises and catches TypeError (``None[name]``), runs an XPath
    query and converts the value, 14 times per name list rendered. The value depends
    only on the style's elements, which do not change."""
    if sort_options is not None and name in sort_options:
        return STOCK["Name.get_option"](self, name, context, sort_options)
    cache: dict[tuple[str, int], tuple[Any, Any]] | None = self._citeconv_options
    if cache is None:
        cache = {}
        self._citeconv_options = cache
    hit = cache.get((name, id(context)))
    if hit is None or hit[0] is not context:
        hit = (context, STOCK["Name.get_option"](self, name, context, None))
        cache[(name, id(context))] = hit
    return hit[1]


def names_process(
    self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
) -> Any:
    """``Names.process``, inserting the default cs:name into the style once.

    citeproc-py bug (memory, and time quadratic in the entries): for a cs:names
    without a cs:name, the stock method inserts a new ``Name()`` element into the
    style at every render; its tag has no namespace, so the next ``.name`` lookup
    does not find it and inserts another. The style grows by one element per entry
    (Vancouver: 10k elements for 10k entries), and every lookup among that
    element's children (``.name``, ``.label``, ``getchildren()``) scans them all.
    Here the inserted element is remembered and used again: it renders the same
    (default options, same place in the tree, first child as before). Otherwise
    the stock method's code, unchanged.
    """
    model = _model
    if context is None:
        context = self
    if names_context is None:
        names_context = self

    roles = self.get("variable").split()
    try:
        ed_trans = (
            set(roles) == {"editor", "translator"}
            and item.reference.editor == item.reference.translator
            and self.get_term("editortranslator").getchildren()
        )
        if ed_trans:
            roles = ["editor"]
    except model.VariableError:
        ed_trans = False

    output = []
    for role in roles:
        if role in item.reference:
            name_elem = names_context.name
            if name_elem is None:
                name_elem = names_context._citeconv_default_name
                if name_elem is None:
                    name_elem = model.Name()
                    names_context.insert(0, name_elem)
                    names_context._citeconv_default_name = name_elem
            text = name_elem.render(item, role, context=context, **kwargs)
            plural = len(item.reference[role]) > 1
            try:
                if ed_trans:
                    role = "editortranslator"
                label_element = names_context.label
                label = label_element.render(item, role, plural, **kwargs)
                if label is not None:
                    if label_element is names_context.getchildren()[0]:
                        text = label + text
                    else:
                        text = text + label
            except AttributeError:
                pass
            output.append(text)

    if output:
        try:
            total = sum(output)
        except TypeError:
            is_int = False
        else:
            is_int = isinstance(total, int)
        if is_int:
            return str(total) if total > 0 else None
        return self.join(output, self.get_parent_delimiter(context))
    substitute = self.substitute()
    if substitute is not None:
        return substitute.render(item, context=context, **kwargs)
    raise model.VariableError


def parse_string(self: Any, string: Any) -> Any:
    """``CiteProcJSON.parse_string`` for a value without ``<span class="nocase">``:
    the stock method builds the same one-piece MixedString by adding a String to an
    empty one (seam checks, ``str()`` of both sides) — 100k times for 10k records,
    in the parent process before any worker starts."""
    string = str(string)
    if self.start_tag in string.lower():
        return STOCK["source.json.CiteProcJSON.parse_string"](self, string)
    return _MixedString([_String(string)]) if string else _MixedString()


#: The ``If.render`` methods that only fail where :func:`if_render` does: this one,
#: and the fixes' wrapper (``patches.apply`` adds it; this module imports no fix).
SIMPLE_IF_RENDERS: set[Any] = set()

#: The attributes of a cs:if whose outcome :func:`_branch_test` can tell in advance.
_SIMPLE_IF = frozenset({"type", "variable", "match"})


def _branches(choose: Any) -> tuple[tuple[Any, Any], ...]:
    """The branches of a cs:choose, each with its simple test (or None: ask the branch).

    A branch's test is simple when its only tests are ``type`` and ``variable`` and its
    class renders it with :func:`if_render` (possibly wrapped by the fixes, which only
    ever make a branch fail): then a False from the test means the branch would
    raise ConditionFailed, and it can be skipped without the call and the exception.
    """
    branches: tuple[tuple[Any, Any], ...] | None = choose._citeconv_branches
    if branches is None:
        known = SIMPLE_IF_RENDERS
        found = []
        for child in choose.iterchildren():
            test = None
            if (
                isinstance(child, _model.If)
                and type(child).render in known
                and set(child.attrib) <= _SIMPLE_IF
                and ("type" in child.attrib or "variable" in child.attrib)
            ):
                test = (
                    "type" in child.attrib,
                    "variable" in child.attrib,
                    child.get("match"),
                )
            found.append((child, test))
        branches = tuple(found)
        choose._citeconv_branches = branches
    return branches


def _branch_test(child: Any, test: tuple[bool, bool, str | None], item: Any) -> bool:
    """What ``if_render`` decides for a branch with only type and variable tests."""
    by_type, by_variable, match = test
    results: list[Any] = []
    if by_type:
        results += child._type(item)
    if by_variable:
        results += child._variable(item)
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def choose_render(
    self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
) -> Any:
    """``Choose.render`` that skips the branches whose simple test fails.

    The stock method calls every branch in turn and catches the ConditionFailed each
    failing one raises: APA tries ~50 branches per entry, most of them failing. A
    branch whose simple test holds renders its children at once: what its render
    (:func:`if_render`, or the fixes' wrapper, which adds nothing without a
    disambiguate test) does after testing again.
    """
    condition_failed = _model.ConditionFailed
    for child, test in _branches(self):
        try:
            if test is None:
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            if _branch_test(child, test, item):
                # What its render does once its test holds (it would test again).
                return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
        except condition_failed:
            continue
    return None


def get_term(
    self: Any, name: str, form: Any = None, fallback_locale: bool = True, zero_padded: bool = False
) -> Any:
    """``get_term`` remembered per style (or locale) root: the stock method runs an
    XPath query per locale, catching an IndexError for each locale that lacks the
    term, ~10 times per entry. The answer depends only on the root's locales."""
    root = self.get_root()
    cache: dict[tuple[Any, ...], Any] | None = root.__dict__.get("_citeconv_terms")
    if cache is None:
        cache = {}
        root._citeconv_terms = cache
    key = (name, form, fallback_locale, zero_padded)
    if key in cache:
        return cache[key]
    original = STOCK["CitationStylesElement.get_term"]
    term = original(self, name, form, fallback_locale, zero_padded)
    cache[key] = term
    return term


def _term_text(term: Any, which: str) -> Any:
    # The text depends on the element and the formatter (its preformat).
    formatter = term.get_formatter()
    cache = term.__dict__.get("_citeconv_text")
    if cache is None or cache[0] is not formatter:
        cache = (formatter, {})
        term._citeconv_text = cache
    value = cache[1].get(which)
    if value is None:
        value = STOCK[f"Term.{which}"].fget(term)
        cache[1][which] = value
    return value


def term_single(self: Any) -> Any:
    """``Term.single`` remembered (an immutable String; the stock property looks up
    the element's child and preformats its text every time)."""
    return _term_text(self, "single")


def term_multiple(self: Any) -> Any:
    """``Term.multiple`` remembered, as ``term_single``."""
    return _term_text(self, "multiple")


def _child(element: Any, tag: str) -> Any:
    key = f"_citeconv_child_{tag}"
    cached = element.__dict__
    if key in cached:
        return cached[key]
    found = element.find(f"cs:{tag}", element.nsmap)
    cached[key] = found
    return found


def names_name(self: Any) -> Any:
    """``names.name``: its cs:name child, remembered. citeproc-py finds it through
    ``__getattr__`` (a failed attribute lookup, then an lxml search) several times per
    entry; the cs: children of a cs:names never change (the element
    ``names_process`` may insert has no namespace)."""
    return _child(self, "name")


def names_label(self: Any) -> Any:
    """``names.label``: its cs:label child, remembered (as ``names_name``)."""
    return _child(self, "label")


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
        hit = (self, STOCK["CitationStylesElement.xpath_search"](self, expression))
        _XPATH[(id(self), expression)] = hit
    return hit[1]


def get_macro(self: Any, name: str) -> Any:
    root = self.get_root()
    hit = _MACROS.get((id(root), name))
    if hit is None or hit[0] is not root:
        hit = (root, STOCK["CitationStylesElement.get_macro"](self, name))
        _MACROS[(id(root), name)] = hit
    return hit[1]


def _remembered_calls_variable(self: Any, original: str) -> bool:
    hit = _CALLS_VARIABLE.get(id(self))
    if hit is None or hit[0] is not self:
        hit = (self, bool(STOCK[original](self)))
        _CALLS_VARIABLE[id(self)] = hit
    return hit[1]


def calls_variable(self: Any) -> bool:
    return _remembered_calls_variable(self, "Parent.calls_variable")


def calls_variable_text(self: Any) -> bool:
    return _remembered_calls_variable(self, "Text.calls_variable")
