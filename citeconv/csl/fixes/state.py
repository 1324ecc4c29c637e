"""What the entry being rendered has used so far: the fixes' shared render state.

citeproc-py renders an entry by calling each element's method in turn and carries
no per-entry context of our own; the fixes that need one (substitution, group
suppression, subsequent-author-substitute, year suffixes, disambiguation counts)
share this object, reset for every entry.

Both objects are module-level: renders one after another in a process are
independent (each starts afresh), renders at once in several threads are not. A
``contextvars`` scope would make them so at the cost of a lookup on each of the
millions of accesses per 10k entries; citeconv renders in processes instead.
"""

from __future__ import annotations

from typing import Any


class RenderState:
    """What the entry being rendered has used so far (reset for every entry)."""

    def __init__(self) -> None:
        self.repressed: dict[str, Any] = {}
        #: Variables a cs:substitute has rendered: never rendered again in the entry.
        self.suppressed: set[str] = set()
        #: One set per cs:substitute child being tried: the variables it renders.
        self.recording: list[set[str]] = []
        #: One (called, rendered) pair of sets per enclosing cs:group.
        self.groups: list[tuple[set[str], set[str]]] = []
        #: The first cs:names the entry rendered, as printed and as compared, for
        #: subsequent-author-substitute.
        self.first_names: tuple[str, str] | None = None
        #: The names shown by the cs:names being rendered, each as its parts run
        #: together (citeproc-js's ``setRenderedName``): what the substitute compares.
        self.shown_names: list[str] = []
        #: The label the cs:names being rendered printed ("" for none), and the
        #: first cs:names' label: kept after the subsequent-author-substitute.
        self.names_label = ""
        self.first_label = ""
        #: While a cite is rendered for disambiguation: record its first names as
        #: (variable, names shown, names in all) in ``cite_names``.
        self.count_names = False
        self.cite_names: tuple[str, int, int] | None = None
        #: ``disambiguate="true"`` conditions of this render that held / were tested.
        self.disambiguate_count = 0
        self.disambiguate_tests = 0
        #: Whether the bibliography being rendered substitutes repeated names.
        self.track_names = False
        #: The year suffix the cs:date being rendered adds after its year (a style
        #: without a year-suffix variable), and whether this render has added it.
        self.year_suffix: str | None = None
        self.year_suffix_done = False
        #: Whether this entry has a BARRIER mark (a decorated field ending in ?/!).
        self.barriers = False
        #: While disambiguation renders cites: the et-al options of subsequent cites
        #: that names then follow (see disambiguate), or None.
        self.subsequent_etal: dict[str, str] | None = None
        #: Whether the cs:substitute just rendered printed a stand-in other than names.
        self.bare_substitute = False
        #: While a sort key of a macro with a date is rendered: its dates' sort strings.
        self.sort_dates: list[str] | None = None
        #: The cite being rendered is "suppress-author" or "author-only" (None: a
        #: plain cite or not a cite); see citeconv.csl.fixes.cites.
        self.cite_mode: str | None = None
        #: Whether the cite has printed anything yet, outside any cs:names: the
        #: first cs:names is the author only when nothing came before it.
        self.cite_printed = False
        #: How deep in cs:names the render is (a cs:substitute's names are inside).
        self.names_depth = 0
        #: Whether a term the cite prints before anything else is capitalized (a
        #: note style's cite that nothing in its cluster precedes).
        self.cite_capitalize = False
        #: An author-only cite's first names, as printed (None: it has none).
        self.author_text: Any = None
        #: Whether the cite has rendered a cs:text variable other than locator and
        #: year-suffix (what stops citeproc-js's collapsing).
        self.cite_text_variable = False


#: The one render state of this process (a render is one entry at a time).
STATE = RenderState()


class BibliographyState:
    """What one bibliography's render knows beyond the entry being rendered: the
    outcome of disambiguation, the sort keys, the work each entry has caused. Set
    up by ``order.start_render`` and citeconv.csl.engine, for one render."""

    def __init__(self) -> None:
        #: Worker processes for the passes over the whole bibliography (sort keys,
        #: the cites compared by disambiguation): citeproc-py calls our sort through
        #: its own classes, which carry no options.
        self.workers = 1
        #: Our item keys → the items' own ids (citeproc-js orders alike cites by
        #: id), in input order.
        self.item_ids: dict[str, str] = {}
        #: Item key → (names variable, how many names to show) found by
        #: disambiguation.
        self.name_overrides: dict[str, tuple[str, int]] = {}
        #: Item key → names variable → the given-name level of each name (0 family
        #: only, 1 initials, 2 whole given name) asked for by disambiguation (rule
        #: "by-cite").
        self.given_overrides: dict[str, dict[str, list[int]]] = {}
        #: Item keys whose cite is still ambiguous: ``disambiguate="true"`` holds
        #: for them (the value: how many such conditions, in rendering order, are
        #: true).
        self.ambiguous: dict[str, int] = {}
        #: Item key → (names variable, what citeproc-js's name registry knows of
        #: each name), for the rules other than "by-cite" (csl.disambiguation).
        self.namereg: dict[tuple[str, str], tuple[str, list[Any]]] = {}
        self.namereg_rule = "by-cite"
        self.namereg_done = False
        #: (sort element, item key) → the item's sort key row.
        self.sort_rows: dict[tuple[int, str], list[Any]] = {}
        #: True while sort keys are rendered (names then render as citeproc-js's
        #: sort keys).
        self.sort_key_mode = False
        #: The item whose layouts and macros render now, the work it may still
        #: cause (fixes.work.MACRO_WORK_PER_ENTRY), and the most one item has used.
        self.entry_item: Any = None
        self.entry_left = 0
        self.macro_work_peak = 0
        #: The positions of the cites of the clusters being rendered
        #: (citeconv.csl.positions.Positions; None outside citations).
        self.positions: Any = None


#: The bibliography being rendered (one at a time in a process).
BIBLIOGRAPHY = BibliographyState()


def note(variable: str, rendered: bool) -> None:
    """Tell the enclosing groups and substitutes that ``variable`` was called."""
    if rendered and not STATE.names_depth:
        STATE.cite_printed = True
    for called, done in STATE.groups:
        called.add(variable)
        if rendered:
            done.add(variable)
    if rendered:
        for used in STATE.recording:
            used.add(variable)
