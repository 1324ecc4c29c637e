"""Names: name parts, particles, initials (initialize-with, as citeproc-js's
initializer), et al., name-as-sort-order and the names disambiguation asks for."""

from __future__ import annotations

import re
from typing import Any

from citeproc.string import MixedString, String

from citeconv.csl.fixes.initials import _STARTS_ROMANESQUE, _initialize_with, _WholeGiven
from citeconv.csl.fixes.state import BIBLIOGRAPHY as _BIB
from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.markup import MARKS
from citeconv.csl.originals import ORIGINALS


# Bug: "Cont." for "Cont" — citeproc-js prints a text, group or macro that stands in
# for missing names (in cs:substitute) without the affixes and formatting of the
# cs:names it replaces ("<names suffix='. '>…<substitute><text variable=
# 'container-title'/>" gives "NHS EnglandPage one"); a cs:names stand-in keeps them.
def names_markup(self: Any, text: Any) -> Any:
    if text and self.__dict__.get("_citeconv_bare"):
        marked = text
    else:
        marked = ORIGINALS["Names.markup"](self, text)
    if marked and not _STATE.names_depth:
        if _STATE.cite_mode is not None:
            return _author_names(marked)
        _STATE.cite_printed = True
    return marked


def _author_names(marked: Any) -> Any:
    # citeproc-js (its element trace, "suppress-me"): the cite's author is its first
    # cs:names, or that names' substitute, when nothing was printed before it; a
    # suppress-author cite leaves it out, with its affixes, as rendered but empty
    # (its group stays, the delimiter before it goes); an author-only cite prints
    # only it (citeconv.csl.fixes.cites).
    if _STATE.cite_printed:
        return marked
    _STATE.cite_printed = True
    if _STATE.cite_mode == "author-only":
        _STATE.author_text = marked
        return marked
    return None


def name_process(
    self: Any,
    item: Any,
    variable: Any,
    context: Any = None,
    sort_options: Any = None,
    **kwargs: Any,
) -> Any:
    key = str(getattr(item, "key", ""))
    reference_variable = variable.replace("-", "_")
    if _STATE.subsequent_etal is not None and not _BIB.sort_key_mode:
        sort_options = {**(sort_options or {}), **_STATE.subsequent_etal}
    # citeproc-js renders sort keys with a fresh disambiguation state
    # (CSL.getSortKeys sets ``disambig_override``): added names never sort.
    override = None if _BIB.sort_key_mode else _BIB.name_overrides.get(key)
    if override is not None and override[0] == reference_variable:
        wanted = _names_wanted(self, context, sort_options, override[1])
        options = dict(sort_options or {})
        current = int(self.get_option("et-al-use-first", context, sort_options))
        if wanted > current:
            options["et-al-use-first"] = str(wanted)
            if wanted >= len(item.reference.get(reference_variable, [])):
                options["et-al-min"] = "0"  # all names: no "et al."
            sort_options = options
    registered = _BIB.namereg.get((key, reference_variable))
    names = item.reference.get(reference_variable)
    levels = None
    special = False
    if _BIB.sort_key_mode:
        # citeproc-js's sort keys show the given names the registry asks for.
        sort_options = _sort_key_name_options(self, context, sort_options)
    else:
        if _STATE.track_names and _STATE.first_names is None:
            _STATE.shown_names.extend(
                _shown_names(self, item, reference_variable, context, sort_options)
            )
        if _STATE.count_names and _STATE.cite_names is None:
            shown = _shown_names(self, item, reference_variable, context, sort_options)
            total = len(item.reference.get(reference_variable) or [])
            _STATE.cite_names = (reference_variable, len(shown), total)
        levels = _BIB.given_overrides.get(key, {}).get(reference_variable)
        special = _special_names(names)
    if levels or registered or special:
        text = _process_with_givens(
            self, item, variable, levels, registered, context, sort_options, kwargs
        )
    else:
        text = _name_process(self, item, variable, context, sort_options, **kwargs)
    # In sort keys too: French "de la\u00a0Clark" sorts before "de\u00a0Böhm".
    return _particles_unbroken(self, names, text)


# Bug: "dos Santos" where citeproc-js prints "dos\u00a0Santos" in French, Russian
# and Czech: for those default locales it joins a particle to the family name (and
# a dropping particle to what follows it) with a no-break space, wherever they
# stand together (not a particle demoted after the given name, nor one ending in an
# apostrophe or a hyphen).
_NBSP_LANGUAGES = frozenset(["fr", "ru", "cs"])


def _unbroken_locale(name: Any) -> bool:
    """Whether the style's default locale joins particles with a no-break space."""
    root = name.get_root()
    unbroken: bool | None = getattr(root, "_citeconv_unbroken", None)
    if unbroken is None:
        language = str(root.get("default-locale") or "en-US")[:2].lower()
        unbroken = root._citeconv_unbroken = language in _NBSP_LANGUAGES
    return unbroken


def _particles_unbroken(name: Any, names: Any, text: Any) -> Any:
    if not text or not names or not _unbroken_locale(name):
        return text
    pairs = []
    for person in names:
        family = person.get("family")
        if not family:
            continue
        ndp, dp = person.get("non-dropping-particle"), person.get("dropping-particle")
        if ndp and str(ndp)[-1:] not in "'\u2019-":
            pairs.append((str(ndp), str(family)))
        if dp:
            pairs.append((str(dp), str(ndp or family)))
    if not pairs:
        return text
    marks = "".join(MARKS)

    def join(segment: Any) -> Any:
        value = str(segment)
        changed = value
        for first, second in pairs:
            # Any case: a name part may be set in capitals ("BIN\u00a0NOVAK" in
            # cahiers-d-ethnomusicologie).
            changed = re.sub(
                rf"(?<!\w)({re.escape(first)}) ([{marks}]*{re.escape(second)})",
                "\\1\u00a0\\2",
                changed,
                flags=re.IGNORECASE,
            )
        return segment if changed == value else type(segment)(changed)

    if isinstance(text, MixedString):
        return MixedString([join(segment) for segment in text])
    return join(text)


# Bug: sort keys of names differ from citeproc-js's: in a sort key (its
# ``sort_key_flag``) citeproc-js joins every name with the delimiter alone — no
# "and", no "et al." — and writes each name family first, the given name and
# particles after a word break ("Chen|C.,|Dubois|D.|J.|"), demoting a non-dropping
# particle unless the style says "never" (so "sort-only" demotes it here).
def _sort_key_name_options(name: Any, context: Any, sort_options: Any) -> dict[str, Any]:
    options = dict(sort_options or {})
    options["and"] = None
    options["sort-separator"] = " "
    options["name-as-sort-order"] = "all"
    demote = name.get_option("demote-non-dropping-particle", context, sort_options)
    if demote == "sort-only":
        options["demote-non-dropping-particle"] = "display-and-sort"
    return options


#: citeproc-js's CSL.NAME_PARTS: the parts of a name, in the order it runs them together.
_NAME_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")


def _shown_names(name: Any, item: Any, variable: str, context: Any, sort_options: Any) -> list[str]:
    """The names a cs:name shows (before "et al."), each as its parts run together.

    Bug: subsequent-author-substitute compares the printed names in citeproc-py;
    citeproc-js compares the names shown, without "et al." ("Zhang, Zoe, et al."
    repeats "Zhang, Zoe").
    """
    names = item.reference.get(variable) or []
    et_al_min = name.get_option("et-al-min", context, sort_options)
    if len(names) > 1 and et_al_min and len(names) >= et_al_min:
        use_first = name.get_option("et-al-use-first", context, sort_options)
        names = names[:use_first]
    return [
        str(n["literal"])
        if "literal" in n
        else "".join(str(n[part]) for part in _NAME_PARTS if n.get(part))
        for n in names
    ]


def _process_with_givens(
    name: Any,
    item: Any,
    variable: str,
    levels: list[int] | None,
    registered: tuple[str, list[Any]] | None,
    context: Any,
    sort_options: Any,
    kwargs: dict[str, Any],
) -> Any:
    """Render names with the given-name levels disambiguation asked for (and
    suffixes normalized as citeproc-js does, see below).

    As citeproc-js's ``_givenName``: a name shows its requested level only where that
    is more than this cs:name shows anyway (0 family only in the short form, 1
    initials with initialize-with, 2 the given name); level 1 without
    initialize-with is the given name. citeproc-py renders every name of a list
    alike, so each name is handed over as the parts that render as wanted.
    """
    from citeproc.source import Name as SourceName

    from citeconv.csl.disambiguation import registry_level

    reference = item.reference
    names = reference.get(variable) or []
    form = name.get_option("form", context, sort_options)
    initialize_with = name.get_option("initialize-with", context, sort_options)
    short = form == "short"
    # citeproc-js: with initialize-with (even with initialize="false") a name shows
    # level 1 by default; level 2 then prints the given name untouched.
    default = 0 if short else (1 if initialize_with is not None else 2)
    with_initials = initialize_with is not None or _BIB.namereg_rule.endswith("-with-initials")
    flags = registered[1] if registered is not None else []
    # citeproc-js (_nameSuffix) normalizes a suffix as it does initials with
    # initialize="false": without a period in initialize-with, "Jr." prints "Jr"
    # (Vancouver: "King ML Jr"); with "." a lone capital is an initial ("V" prints
    # "V.", "Pampanoni, V., & West"; "III" and "Jr" stay).
    hyphen = name.get_option("initialize-with-hyphen", context, sort_options)
    shown: list[Any] = []
    changed = False
    for position, person in enumerate(names):
        suffix = person.get("suffix")
        if initialize_with is not None and suffix and MARKS.isdisjoint(str(suffix)):
            normalized = _initialize_with(str(suffix), initialize_with, True, hyphen)
            if normalized != str(suffix):
                person = SourceName(**{**person, "suffix": normalized})
                changed = True
        cjk = "literal" in person and "family" in person
        if levels is None and registered is None and not cjk:
            shown.append(person)
            continue
        if levels is not None:
            wanted = levels[position] if position < len(levels) else 0
            if wanted == 1 and initialize_with is None:
                wanted = 2  # citeproc-js: initials make no sense without initialize-with
        else:
            flag = flags[position] if position < len(flags) else None
            wanted = registry_level(
                flag, position, _BIB.namereg_rule, short, initialize_with is not None
            )
        if cjk:
            # A Chinese, Japanese or Korean name (see citeconv.csl.engine): citeproc-js
            # shows the family name alone in the short form, unless disambiguation
            # asks for the given name.
            if short and not wanted:
                person = SourceName(literal=person["family"])
                changed = True
            shown.append(person)
            continue
        given, family = person.get("given"), person.get("family")
        if wanted <= default or not given or not family or "literal" in person:
            shown.append(person)
            continue
        changed = True
        parts = dict(person.items())
        if short:
            if wanted == 1 and with_initials:
                given = name.initialize(str(given), initialize_with or "", context)
            # The given name makes the short form the long one, suffix included
            # (citeproc-js: "I. Taylor III et al.").
            display = [given, person.get("dropping-particle"), person.get("non-dropping-particle")]
            display += [family, person.get("suffix")]
            parts = {"family": " ".join(str(p) for p in display if p)}
        else:
            parts["given"] = _WholeGiven(given)
        shown.append(SourceName(**parts))
    if not changed:
        return _name_process(name, item, variable, context, sort_options, **kwargs)
    dict.__setitem__(reference, variable, shown)
    try:
        return _name_process(name, item, variable, context, sort_options, **kwargs)
    finally:
        dict.__setitem__(reference, variable, names)


# Bug: "al- One", "d’ Artagnan": citeproc-js joins a particle that ends in a hyphen
# or an apostrophe to the family name without a space.
_JOINING_ENDS = ("-", "'", "\u2019", "\u02bb", " ")
_MARK_CHARS = "".join(MARKS)  # a formatted particle ends in its closing mark


def _join_particles(parts: list[Any], space: str = " ") -> Any:
    """The name parts that stand together (particles, family name), each followed by
    a space (``space``: see _particles_unbroken) unless it ends in a hyphen or an
    apostrophe."""
    present = [part for part in parts if part]
    text = ""
    for n, part in enumerate(present):
        text += part
        if n < len(present) - 1 and not str(part).rstrip(_MARK_CHARS).endswith(_JOINING_ENDS):
            text += space
    return text


def _name_parts(name: Any) -> tuple[Any, Any]:
    """The cs:name's given and family cs:name-part elements (None where absent)."""
    given = family = None
    for part in name.findall("cs:name-part", name.nsmap):
        if part.get("name") == "given":
            given = part
        elif part.get("name") == "family":
            family = part
    return given, family


def _decorated(part: Any, text: Any) -> Any:
    """A name part's text with its cs:name-part's formatting and text case, no affixes."""
    if not text or part is None:
        return text
    return part.format(part.case(text))


def _affixed(part: Any, text: Any) -> Any:
    if not text or part is None or (part.get("prefix") is None and part.get("suffix") is None):
        return text
    return part.wrap(String(text) if type(text) is str else text)


def _person_text(
    name_parts: tuple[Any, Any],
    pieces: tuple[Any, Any, Any, Any, Any],
    form: str,
    inverted: bool,
    demote: bool,
    sort_separator: str,
    comma_suffix: bool,
    unbroken: bool,
) -> Any:
    """A person's name as citeproc-js's _renderOnePersonalName composes it.

    Bugs it replaces: citeproc-py formatted the particles as the given name or the
    whole family ("Gerard VAN DER MEER" for citeproc-js's "Gerard van DER MEER": a
    dropping particle takes the given name's formatting, a non-dropping one the
    family name's), put a family name-part's affixes around the family name alone
    ("(de La Fontaine) III": citeproc-js puts them around the particles, family name
    and suffix of a name not inverted, and a demoted particle inside the given
    name's), and ignored "comma-suffix" ("Jeffrey Doe Jr." for "Jeffrey Doe, Jr.").
    With ``unbroken`` particles stand with what follows them as
    _particles_unbroken joins them (also when each part is formatted on its own).
    """
    space = "\u00a0" if unbroken else " "
    given_part, family_part = name_parts
    given, family, dp, ndp, suffix = pieces
    given = _decorated(given_part, given)
    dp = _decorated(given_part, dp)
    ndp = _decorated(family_part, ndp)
    family = _decorated(family_part, family)
    if form != "long":
        return _affixed(family_part, _join_particles([ndp, family], space))
    if inverted:
        if str(given) in ("Lord", "Lady"):
            sort_separator = ", "
        if demote:
            particles = _join_particles([dp, ndp], space) if dp and ndp else dp or ndp
            second = _join_parts(" ", [n for n in (given, particles) if n])
            first = family
        else:
            first = _join_particles([ndp, family], space)
            second = _join_parts(" ", [n for n in (given, dp) if n])
        first = _affixed(family_part, first)
        second = _affixed(given_part, second)
        return _join_parts(sort_separator, [n for n in (first, second, suffix) if n])
    if dp and not ndp and str(dp).endswith(("'", "\u02bc", "\u2019", "-")):
        family, dp = _join_particles([dp, family]), None
    second = _join_particles([dp, ndp, family], space)
    if suffix:
        second = _join_parts(", " if comma_suffix else " ", [n for n in (second, suffix) if n])
    second = _affixed(family_part, second)
    given = _affixed(given_part, given)
    # A given name-part's suffix that ends in a space (suffix="&#160;") is the space
    # before the family name: "John\u00a0Doe" (name_WithNonBreakingSpace).
    given_suffix = given_part.get("suffix") if given_part is not None else None
    space = "" if given_suffix and given_suffix[-1].isspace() else " "
    return _join_parts(space, [n for n in (given, second) if n])


def _join_parts(separator: str, parts: list[Any]) -> Any:
    """``separator.join(parts)``, also when a part is a MixedString (a cs:name-part
    with affixes: str.join raised "expected str instance, MixedString found",
    izmir-katip-celebi-universitesi-sosyal-bilimler-enstitusu)."""
    if not any(isinstance(part, MixedString) for part in parts):
        return separator.join(parts)
    # Joined as strings are (seams normalized): "Berg," and ", " make "Berg, ", as
    # citeproc-js prints a family name-part's suffix="," before the sort separator.
    joined = MixedString([parts[0]])
    for part in parts[1:]:
        joined = joined + String(separator) + part
    return joined


class _Count(int):
    """The number a cs:name form="count" renders, kept a number through its markup.

    Bug: "32" for the 3 authors and 2 editors of <names variable="author editor">
    <name form="count"/>: citeproc-py's Names.process sums its variables' counts only
    when they are numbers, and the cs:name's markup made each a string. citeproc-js
    prints their sum ("5"). A label after a count still joins as text.
    """

    def __add__(self, other: Any) -> Any:
        if isinstance(other, int):
            return int(self) + other
        return String(str(int(self))) + other

    def __radd__(self, other: Any) -> Any:
        if isinstance(other, int):
            return other + int(self)
        return other + String(str(int(self)))


def name_markup(self: Any, text: Any) -> Any:
    """A cs:name's affixes are around each name (see _name_process),
    not around the list."""
    if isinstance(text, _Count):
        return text
    if not text:
        return None
    if not _formatted(self):
        text = self.format(text)  # (nothing to format: as citeproc-py does)
    if self.get("prefix") is None and self.get("suffix") is None:
        return self.wrap(text)
    return text


#: The font attributes of a cs:name (see _name_process).
_NAME_FONTS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def _formatted(name: Any) -> bool:
    """Whether a cs:name sets a font attribute (its formatting is on each name)."""
    flag = name.__dict__.get("_citeconv_name_fonts")
    if flag is None:
        flag = name.__dict__["_citeconv_name_fonts"] = any(
            name.get(attribute) is not None for attribute in _NAME_FONTS
        )
    return bool(flag)


def _name_process(
    self: Any,
    item: Any,
    variable: str,
    context: Any = None,
    sort_options: Any = None,
    **kwargs: Any,
) -> Any:
    """Bug: citeproc-py puts a cs:name's prefix and suffix around the whole list;
    citeproc-js around each name ("Allen S., Nilsson PA., et al." for
    clinica-e-investigacion-en-arteriosclerosis's suffix="."; 236 styles set them).
    citeproc-py 0.11.1's Name.process (BSD-2-Clause), with two changes: each name's
    text, an institution's (a literal) aside, is wrapped in the affixes
    (``self.wrap``) before the list is joined; a name's parts are joined by
    :func:`_join_parts`.
    """

    def get_option(option: str) -> Any:
        return self.get_option(option, context, sort_options)

    and_ = get_option("and")
    delimiter = get_option("delimiter")
    delimiter_precedes_et_al = get_option("delimiter-precedes-et-al")
    delimiter_precedes_last = get_option("delimiter-precedes-last")
    et_al_min = get_option("et-al-min")
    et_al_use_first = get_option("et-al-use-first")
    et_al_use_last = get_option("et-al-use-last")
    initialize_with = get_option("initialize-with")
    name_as_sort_order = get_option("name-as-sort-order")
    sort_separator = get_option("sort-separator")
    form = get_option("form")
    demote_ndp = get_option("demote-non-dropping-particle")

    def format_name_parts(given: Any, family: Any) -> tuple[Any, Any]:
        for part in self.findall("cs:name-part", self.nsmap):
            given, family = part.format_part(given, family)
        return given, family

    names = item.reference.get(variable, [])
    affixed = self.get("prefix") is not None or self.get("suffix") is not None
    formatted = _formatted(self)
    if and_ == "text":
        and_term = self.get_single_term(name="and")
    elif and_ == "symbol":
        and_term = self.preformat("&")
    et_al = self.et_al()
    output: list[Any] = []
    et_al_truncate = (
        len(names) > 1
        and et_al_min
        and len(names) >= et_al_min
        # citeproc-js: a list no longer than et-al-use-first loses nothing: no "et al."
        and len(names) > et_al_use_first
        and _use_first_given(self, context, sort_options)
    )
    if form == "count":
        # citeproc-js counts the names shown: all of them unless et al. cuts the list.
        return _Count(min(len(names), et_al_use_first) if et_al_truncate else len(names))
    et_al_last = et_al_use_last and et_al_use_first <= et_al_min - 2
    if et_al_truncate:
        names = [*names[:et_al_use_first], names[-1]] if et_al_last else names[:et_al_use_first]
    if not names:
        return None  # et-al-use-first="0": citeproc-js prints nothing, not "et al."
    name_parts = _name_parts(self)
    unbroken = _unbroken_locale(self)
    for i, person in enumerate(names):
        given, family, dp, ndp, suffix = person.parts()
        if given is not None and initialize_with is not None and family:
            # citeproc-js (_givenName) initializes only a name with a family name:
            # "Banksy" stays whole (name_OnlyGivenname).
            given = self.initialize(given, initialize_with, context)
        if "literal" in person:
            given, family = format_name_parts(given, family)
            text = family
        elif form == "long" and person.get("static-ordering"):
            # citeproc-js (_renderOnePersonalName): a name with "static-ordering" is
            # written family name first, without the sort separator and without its
            # dropping particle and suffix, whatever name-as-sort-order and in sort
            # keys too: "Mao Zedong", "Mao Z." (citeproc-py: "Zedong Mao").
            family = _join_particles([ndp, family])
            given, family = format_name_parts(given, family)
            text = _join_parts(" ", [n for n in (family, given) if n])
        else:
            inverted = form == "long" and (
                name_as_sort_order == "all" or (name_as_sort_order == "first" and i == 0)
            )
            text = _person_text(
                name_parts,
                (given, family, dp, ndp, suffix),
                form,
                inverted,
                demote_ndp not in ("never", "sort-only"),
                sort_separator,
                bool(person.get("comma-suffix")),
                unbroken,
            )
        if formatted:
            # citeproc-js: a cs:name's font formatting is on each name, not on the
            # list ("<b>Turner, F</b> and <b>Wright, J</b>"; the "and" is not bold).
            value = String(text) if type(text) is str else text
            if "literal" in person and "family" not in person:
                # citeproc-js (CSL.INSTITUTION_KEYS): not its vertical-align.
                value = self.font_variant(self.font_style(value))
                text = self.text_decoration(self.font_weight(value))
            else:
                text = self.format(value)
        if not affixed or ("literal" in person and "family" not in person):
            output.append(text)  # citeproc-js: no affixes around an institution's name
        else:
            output.append(self.wrap(String(text) if type(text) is str else text))
    if et_al_truncate and et_al:

        def with_et_al(text: Any) -> Any:
            # citeproc-js: with "et al." the formatting is on the list too
            # ("<b><b>Groß, R</b>, …, <i>et al.</i></b>").
            return self.format(text) if formatted else text

        if et_al_last:
            ellipsis = self.unicode_character("horizontal ellipsis")
            output[-1] = ellipsis + " " + output[-1]
            return with_et_al(self.join(output, delimiter))
        # citeproc-js (CSL.Node.names): after-inverted-name puts the delimiter after
        # one name shown, a space after several ("DOEBUCK, Jonathan, et al.";
        # name_AfterInvertedName); an et-al term not in a Latin-like script takes no
        # space ("Ziggy Zither等"; name_EtAlWithCombined), a delimiter still.
        single = len(output) == 1
        if delimiter_precedes_et_al in ("always", "never"):
            before_delimiter = delimiter_precedes_et_al == "always"
        elif delimiter_precedes_et_al == "after-inverted-name":
            before_delimiter = single
        else:
            before_delimiter = not single
        if before_delimiter:
            output.append(et_al)
            return with_et_al(self.join(output, delimiter))
        space = " " if _STARTS_ROMANESQUE.match(str(et_al).lstrip(_MARK_CHARS)) else ""
        return with_et_al(self.join(output, delimiter) + space + et_al)
    if and_ is not None and len(output) > 1:
        text = self.join(output[:-1], ", ")
        if not _STARTS_ROMANESQUE.match(str(and_term)):
            # citeproc-js (CSL.Node.name): an "and" term that does not start in a
            # Latin-like script (the Hebrew "ו") takes no spaces around it,
            # only the delimiter with delimiter-precedes-last="always" (name_HebrewAnd).
            if delimiter_precedes_last == "always":
                text = self.join([text, ""], ", ")
            return text + and_term + output[-1]
        if (
            delimiter_precedes_last == "always"
            or (delimiter_precedes_last == "contextual" and len(output) > 2)
            or (
                delimiter_precedes_last == "after-inverted-name"
                and _delimiter_after_inverted(names, form, name_as_sort_order)
            )
        ):
            text = self.join([text, ""], ", ")
        else:
            text += " "
        return text + f"{and_term} " + output[-1]
    return self.join(output, delimiter)


# Bug: names added to tell cites apart leak into the bibliography: "Fam1, G., …,
# Fam19, G., Alpha, X., et al." under APA (bibliography et-al-min="21"
# et-al-use-first="19" et-al-use-last="true") where citeproc-js prints "Fam1, G., …,
# Fam19, G., … Final, Z.". citeproc-js renders a bibliography entry with the names
# its cite needed only when the citation also adds given names (CSL.getCite: the
# bibliography's disambig_request is set only under disambiguate-add-givenname),
# and never more than et-al-min - 2 names under et-al-use-last
# (_imposeNameConstraints).
def _names_wanted(name: Any, context: Any, sort_options: Any, wanted: int) -> int:
    parents = (context if context is not None else name).xpath_search(_LAYOUT_PARENT)
    if not parents or not str(parents[0].tag).endswith("}bibliography"):
        return wanted
    citation = name.get_root().citation
    if citation is None or citation.get("disambiguate-add-givenname") != "true":
        return 0
    if name.get_option("et-al-use-last", context, sort_options):
        return min(wanted, int(name.get_option("et-al-min", context, sort_options)) - 2)
    return wanted


# Bug: "John Doe et al." for a bibliography whose cs:name sets et-al-min and no
# et-al-use-first (only the citation does): citeproc-py defaults et-al-use-first to
# 1; citeproc-js truncates only when et-al-use-first is given, on the cs:name, its
# cs:citation or cs:bibliography, or the cs:style (inheritOpt; "sane" is false
# for an undefined et-al-use-first).
_LAYOUT_PARENT = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"


def _use_first_given(name: Any, context: Any, sort_options: Any) -> bool:
    if sort_options and "et-al-use-first" in sort_options:
        return True
    if name.get("et-al-use-first") is not None:
        return True
    parents = (context if context is not None else name).xpath_search(_LAYOUT_PARENT)
    if parents and parents[0].get("et-al-use-first") is not None:
        return True
    return name.get_root().get("et-al-use-first") is not None


# Bug: delimiter-precedes-last="after-inverted-name" read as "never" ("Weinstock,
# R., Leong, G. B. & Silva, J. A." for citeproc-js's "Leong, G. B., & Silva").
def _delimiter_after_inverted(names: Any, form: str, sort_order: Any) -> bool:
    """Whether the delimiter goes before "and", as citeproc-js 1.4.61 decides it: for
    persons, between two names, or after a name inverted (name-as-sort-order); an
    institution (a literal) last takes it after a person (one not inverted only in
    a longer list), never after another institution."""

    def inverted(position: int) -> bool:
        return form == "long" and (sort_order == "all" or (sort_order == "first" and not position))

    def institution(person: Any) -> bool:
        return "literal" in person and "family" not in person

    if not any(institution(person) for person in names):
        return len(names) == 2 or inverted(len(names) - 2)
    if institution(names[-1]):
        if institution(names[-2]):
            return False
        return len(names) > 2 or inverted(0)
    return True


def _special_names(names: Any) -> bool:
    """Whether a name needs _process_with_givens: a suffix (normalized there), or a
    Chinese, Japanese or Korean name (a literal that keeps its family name)."""
    return bool(names) and any(
        name.get("suffix") or ("literal" in name and "family" in name) for name in names
    )


def name_et_al(self: Any) -> Any:
    if _BIB.sort_key_mode:
        return None  # see _sort_key_name_options: no "et al." in a sort key
    text = ORIGINALS["Name.et_al"](self)
    if text and not str(text).strip():
        # A term of white space only (<term name="and others">\n  </term>) is
        # empty to citeproc-js: the names end without it ("Иванов И.И. Пример",
        # label_EditorTranslator1), not with the spaces.
        return None
    return text
