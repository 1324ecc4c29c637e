"""The passes over the whole bibliography: sorting (sort keys as citeproc-js
renders them, dates in macros as sortable numbers) and disambiguation (added names
and given names, year suffixes, the name registry), with their render state reset
by start_render."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from citeproc.string import String

from citeconv.csl.fixes import collation as _collation
from citeconv.csl.fixes import dates as _dates
from citeconv.csl.fixes.collation import packed_collation_key
from citeconv.csl.fixes.state import BIBLIOGRAPHY as _BIB
from citeconv.csl.fixes.state import STATE as _STATE
from citeconv.csl.fixes.work import MACRO_WORK_PER_ENTRY, StyleTooComplex, _charge
from citeconv.csl.labels import sort_key
from citeconv.csl.originals import ORIGINALS
from citeconv.csl.positions import SUBSEQUENT, Position

if TYPE_CHECKING:
    from citeconv.csl.disambiguation import AmbigConfig, Render


def disambiguate(bibliography: Any) -> None:
    """:func:`_disambiguate`, its cites in the form of a subsequent cite.

    citeproc-js disambiguates the cites in their subsequent form (see below), so
    with the subsequent et-al options when a style's et-al-subsequent-min or
    -use-first differs from its et-al option: "Allen, Garcia & Becker 2010" is
    then "Allen et al. 2010" like a twelve-author "Allen et al. 2010", and both
    take a year suffix
    (journal-of-historical-linguistics, apa-6th-edition).
    """
    citation = bibliography.style.root.citation
    _STATE.subsequent_etal = _subsequent_etal(citation) if citation is not None else None
    # citeproc-js (CSL.getAmbiguousCite) renders the cites it compares as subsequent
    # near-note cites: a note style's "Doe" and "Doe" are alike, and its
    # disambiguate="true" branch shows the titles in every subsequent cite.
    for item in bibliography.items:
        item.__dict__["citeconv_position"] = _AMBIGUOUS_CITE
    try:
        _disambiguate(bibliography)
    finally:
        _STATE.subsequent_etal = None
        for item in bibliography.items:
            item.__dict__.pop("citeconv_position", None)


_AMBIGUOUS_CITE = Position(SUBSEQUENT, near_note=True)


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

    from citeconv.csl import disambiguation as port
    from citeconv.pipeline.workers import map_slices

    style = bibliography.style.root
    citation = style.citation
    for table in (_BIB.name_overrides, _BIB.given_overrides, _BIB.ambiguous):
        table.clear()
    items = bibliography.items
    remove = getattr(bibliography.source, "remove_year_suffixes", None)
    if remove is not None:  # citeconv.csl.packed: without building every reference
        remove()
    else:
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
        firsts = map_slices(first_cites, len(items), _BIB.workers, "disambiguating")
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

    results = map_slices(run_groups, len(ambiguous), _BIB.workers, "disambiguating")
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

    def names() -> Iterator[tuple[tuple[str, str], list[dict[str, Any]]]]:
        # One item's names at a time (a dict of every item's was ~2 KB per record).
        for item in items:
            variable = _names_variable(item.reference)
            if variable:
                yield (
                    (item.key, variable),
                    [dict(name) for name in item.reference.get(variable) or []],
                )

    flags = port.name_registry(names(), _BIB.namereg_rule, _never_demote(style))
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
    _dates.LOOKING.active = True
    try:
        text = layout.render_children(item)
    except StyleTooComplex:
        raise
    except Exception:
        # A cite that cannot render is not ambiguous: unlike an empty one, it is
        # alike no other (it was "", so every such cite took a year suffix).
        return f"\0unrenderable {getattr(item, 'key', id(item))}"
    finally:
        _dates.LOOKING.active = False
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
            return [packed_collation_key(v) for v in _sort_keys(key, chunk, context)]

        # A few keys are not worth a round trip to the workers.
        workers = _BIB.workers if len(todo) >= _MIN_PARALLEL_KEYS else 1
        for i, value in zip(todo, map_slices(column, len(todo), workers, "sorting"), strict=True):
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
                        table[i][n] = packed_collation_key(value)
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
        if key.get("variable") == "citation-label":
            return [sort_key(item.reference) for item in items]
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


#: What citeproc-js prints for a cite or entry that renders nothing (its
#: CSL.ERROR_NO_RENDERED_FORM message).
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def empty_entry(root: Any, number: int) -> str | None:
    """What citeproc-js prints for the bibliography entry ``number`` (from 1) that
    renders nothing: in a numeric style (its citation prints citation-number) its
    number and :data:`NO_PRINTED_FORM`; in any other, nothing (the entry is left
    out). The CSL suite's sort_OmittedBibRefMixedNumericStyle."""
    numeric: bool | None = root.__dict__.get("_citeconv_numeric")
    if numeric is None:
        numeric = (
            _prints_citation_number(root, root.citation, set())
            if root.citation is not None
            else False
        )
        root._citeconv_numeric = numeric
    return f"{number}. {NO_PRINTED_FORM}" if numeric else None


def _prints_citation_number(root: Any, element: Any, macros: set[str]) -> bool:
    """Whether ``element`` or a macro it calls has <text variable="citation-number">."""
    if element.xpath_search('.//cs:text[@variable="citation-number"]'):
        return True
    for call in element.xpath_search(".//cs:text[@macro]"):
        name = call.get("macro")
        if name in macros:
            continue
        macros.add(name)
        macro = root.xpath_search(f'./cs:macro[@name="{name}"]')
        if macro and _prints_citation_number(root, macro[0], macros):
            return True
    return False
