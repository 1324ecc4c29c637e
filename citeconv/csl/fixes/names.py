"""Names: name parts, particles, initials (initialize-with, as citeproc-js's
initializer), et al., name-as-sort-order and the names disambiguation asks for."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from citeproc.string import MixedString, String

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


def _particles_unbroken(name: Any, names: Any, text: Any) -> Any:
    if not text or not names:
        return text
    root = name.get_root()
    unbroken: bool | None = getattr(root, "_citeconv_unbroken", None)
    if unbroken is None:
        language = str(root.get("default-locale") or "en-US")[:2].lower()
        unbroken = root._citeconv_unbroken = language in _NBSP_LANGUAGES
    if not unbroken:
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
    # citeproc-js (_nameSuffix) normalizes a suffix as it does initials: without a
    # period in initialize-with, "Jr." prints "Jr" (Vancouver: "King ML Jr").
    bare_suffix = initialize_with is not None and "." not in initialize_with
    shown: list[Any] = []
    changed = False
    for position, person in enumerate(names):
        suffix = person.get("suffix")
        if bare_suffix and suffix and "." in str(suffix):
            person = SourceName(**{**person, "suffix": str(suffix).replace(".", "")})
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


def _join_particles(parts: list[Any]) -> Any:
    """The name parts that stand together (particles, family name), each followed by
    a space unless it ends in a hyphen or an apostrophe."""
    present = [part for part in parts if part]
    text = ""
    for n, part in enumerate(present):
        text += part
        if n < len(present) - 1 and not str(part).endswith(_JOINING_ENDS):
            text += " "
    return text


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


def name_markup(self: Any, text: Any) -> Any:
    """A cs:name's affixes are around each name (see _name_process),
    not around the list."""
    if not text:
        return None
    if self.get("prefix") is None and self.get("suffix") is None:
        return self.wrap(self.format(text))
    return self.format(text)


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
    if and_ == "text":
        and_term = self.get_single_term(name="and")
    elif and_ == "symbol":
        and_term = self.preformat("&")
    et_al = self.et_al()
    output: list[Any] = []
    if form == "count":
        return min(len(names), et_al_use_first)
    et_al_truncate = (
        len(names) > 1
        and et_al_min
        and len(names) >= et_al_min
        and _use_first_given(self, context, sort_options)
    )
    et_al_last = et_al_use_last and et_al_use_first <= et_al_min - 2
    if et_al_truncate:
        names = [*names[:et_al_use_first], names[-1]] if et_al_last else names[:et_al_use_first]
    if not names:
        return None  # et-al-use-first="0": citeproc-js prints nothing, not "et al."
    for i, person in enumerate(names):
        given, family, dp, ndp, suffix = person.parts()
        if given is not None and initialize_with is not None:
            given = self.initialize(given, initialize_with, context)
        if form == "long" and person.get("static-ordering"):
            # citeproc-js (_renderOnePersonalName): a name with "static-ordering" is
            # written family name first, without the sort separator and without its
            # dropping particle and suffix, whatever name-as-sort-order and in sort
            # keys too: "Mao Zedong", "Mao Z." (citeproc-py: "Zedong Mao").
            family = _join_particles([ndp, family])
            given, family = format_name_parts(given, family)
            text = _join_parts(" ", [n for n in (family, given) if n])
        elif form == "long":
            if name_as_sort_order == "all" or (name_as_sort_order == "first" and i == 0):
                if demote_ndp in ("never", "sort-only"):
                    family = _join_particles([ndp, family])
                    given = " ".join([n for n in (given, dp) if n])
                else:
                    given = " ".join([n for n in (given, dp, ndp) if n])
                given, family = format_name_parts(given, family)
                text = _join_parts(sort_separator, [n for n in (family, given, suffix) if n])
            else:
                family = _join_particles([dp, ndp, family])
                given, family = format_name_parts(given, family)
                text = _join_parts(" ", [n for n in (given, family, suffix) if n])
        else:  # short
            family = _join_particles([ndp, family])
            given, family = format_name_parts(given, family)
            text = family
        if not affixed or ("literal" in person and "family" not in person):
            output.append(text)  # citeproc-js: no affixes around an institution's name
        else:
            output.append(self.wrap(String(text) if type(text) is str else text))
    if et_al_truncate and et_al:
        if et_al_last:
            ellipsis = self.unicode_character("horizontal ellipsis")
            output[-1] = ellipsis + " " + output[-1]
            return self.join(output, delimiter)
        if delimiter_precedes_et_al == "always" or (
            delimiter_precedes_et_al == "contextual" and len(output) >= 2
        ):
            output.append(et_al)
            return self.join(output, delimiter)
        return self.join(output, delimiter) + " " + et_al
    if and_ is not None and len(output) > 1:
        text = self.join(output[:-1], ", ")
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
    """Whether a name needs _process_with_givens: a suffix with a period, or a
    Chinese, Japanese or Korean name (a literal that keeps its family name)."""
    return bool(names) and any(
        "." in str(name.get("suffix") or "") or ("literal" in name and "family" in name)
        for name in names
    )


class _WholeGiven(str):
    """A given name that disambiguation shows whole: never initialized."""


def name_et_al(self: Any) -> Any:
    if _BIB.sort_key_mode:
        return None  # see _sort_key_name_options: no "et al." in a sort key
    return ORIGINALS["Name.et_al"](self)


# Given names with initialize-with: see _initialize_with, a port of citeproc-js's.
_PERIOD_BEFORE_TEXT = re.compile(r"\.(?=[^ ])")


_SPACED_HYPHEN = re.compile(r"\s*-\s*")


_WHITESPACE_RUN = re.compile(r"[\t\n\x0b\x0c\r ]+")


def initialize(self: Any, given: str, mark: str, context: Any) -> str:
    if isinstance(given, _WholeGiven):
        return str(given)
    normalize_only = self.get("initialize", "true").lower() == "false"
    hyphen = self.get_option("initialize-with-hyphen", context)
    return _initialize_with(str(given), mark, normalize_only, hyphen)


# citeproc-js's character classes (CSL.NAME_INITIAL_REGEXP, CSL.ROMANESQUE_REGEXP,
# CSL.STARTSWITH_ROMANESQUE_REGEXP).
_ROMANESQUE_CHARS = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219"
    "\u021a\u021b\u202a-\u202e"
)


_STARTS_ROMANESQUE = re.compile(f"^[&{_ROMANESQUE_CHARS}]")


_ROMANESQUE = re.compile(f"[-0-9{_ROMANESQUE_CHARS}]")


_NAME_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff"
    "\u0600-\u06ff\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6"
    "\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff"
    "\u1f00-\u1fff]*|)(\\.)*"
)


_NAME_SPLIT = re.compile(r"([-\s]+)")


_TRAILING_SPACE = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")


_HYPHEN_LOWER = re.compile("-([a-z])")


_DASH_LOWER = re.compile("\u2013([a-z])")


_AFTER_LAST_PERIOD = re.compile(r"[^.]+$")


_LAST_PERIOD = re.compile(r"^(.*)\.(.*)$")


@lru_cache(maxsize=8192)  # Speed: a name is initialized for its entry and sort keys alike
def _initialize_with(name: str, terminator: str, normalize_only: bool, hyphen: bool) -> str:
    """citeproc-js's ``CSL.Util.Names.initializeWith`` (names without markup).

    Bugs it replaces: citeproc-py initialized a given name whatever initialize="false"
    said ("Abbott, A.-M." for "Anne-Marie" in chicago-author-date), wrote the mark
    of an empty group of initials before a lower-case word ("hooks, . bell ."; "J.-.
    paul . Doe" for "Jean-paul"), and ignored initialize-with-hyphen="false"
    ("Marie-Claire" for citeproc-js's "Marie Claire", "M.C."). With initialize="false"
    only initials already there get the mark (doNormalize: "J.D." → "J. D.").
    """
    if not name:
        return ""
    if name in ("Lord", "Lady") or (not _STARTS_ROMANESQUE.match(name) and "%s" not in terminator):
        return name
    if hyphen is False:
        name = name.replace("-", " ")
    name = _WHITESPACE_RUN.sub(" ", _SPACED_HYPHEN.sub("-", name))
    name = _HYPHEN_LOWER.sub("\u2013\\1", name)
    name = _PERIOD_BEFORE_TEXT.sub(". ", name)
    parts = _NAME_SPLIT.split(name)  # names at even places, separators at odd ones
    if len(parts) == 1:
        tail = _AFTER_LAST_PERIOD.search(parts[0])
        if tail and len(tail.group(0)) == 1 and tail.group(0) != tail.group(0).lower():
            parts[0] += "."
    if normalize_only:
        text = _normalize_parts(parts, terminator)
    else:
        text = _initialize_parts(parts, terminator)
    return _DASH_LOWER.sub("-\\1", text)


def _tidy_name(parts: list[str]) -> str:
    text = _TRAILING_SPACE.sub("", "".join(parts))
    return _WHITESPACE_RUN.sub(" ", _SPACED_HYPHEN.sub("-", text))


def _initialize_parts(parts: list[str], terminator: str) -> str:
    """citeproc-js's doInitialize."""
    count = len(parts)
    for i in range(0, count, 2):
        part = parts[i]
        if not part:
            continue
        match = _NAME_INITIAL.match(part)
        initial, rest, period = match.groups() if match else ("", "", None)
        if (
            match is None
            and not _STARTS_ROMANESQUE.match(part)
            and len(part) > 1
            and "%s" in terminator
        ):
            initial, rest, period = part[0], part[1:], None
            match = True  # type: ignore[assignment]
        if match and rest and period:
            initial, rest = initial + rest, ""
        if match and initial[:1] == initial[:1].upper():
            upper = ""
            for char in rest:
                if char != char.upper():
                    break
                upper += char
            extra = upper.lower() if rest and len(upper) < len(rest) else ""
            parts[i] = initial + extra
            if i < count - 1:
                if "%s" in terminator:
                    parts[i] = terminator.replace("%s", parts[i])
                elif "-" in parts[i + 1]:
                    parts[i + 1] = terminator + "-"
                else:
                    parts[i + 1] = terminator
            elif "%s" in terminator:
                parts[i] = terminator.replace("%s", parts[i])
            else:
                parts.append(terminator)
        elif _ROMANESQUE.search(part) and (not match or not period):
            parts[i] = " " + part
    return _tidy_name(parts)


def _normalize_parts(parts: list[str], terminator: str) -> str:
    """citeproc-js's doNormalize: initials already in the name get the mark."""
    abbreviation = []
    for i, part in enumerate(parts):
        if len(part) > 1 and part.endswith("."):
            parts[i] = _LAST_PERIOD.sub("\\1\\2", part)
            abbreviation.append(True)
        else:
            abbreviation.append(len(part) == 1 and part.upper() == part)
    count = len(parts)
    for i in range(0, count, 2):
        if not abbreviation[i]:
            continue
        if i < count - 2:
            parts[i + 1] = "" if abbreviation[i + 2] else " "
            if len(parts[i + 2]) > 1:
                parts[i + 1] = terminator.rstrip("\ufeff") + parts[i + 1]
            else:
                parts[i + 1] = terminator
        if i == count - 1:
            parts[i] = parts[i] + terminator
    return _tidy_name(parts)
