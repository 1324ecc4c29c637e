"""What the entry being rendered has used so far: the fixes' shared render state.

citeproc-py renders an entry by calling each element's method in turn and carries
no per-entry context of our own; the fixes that need one (substitution, group
suppression, subsequent-author-substitute, year suffixes, disambiguation counts)
share this object, reset for every entry.
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
        #: Whether the cs:names being rendered printed a label.
        self.names_label = False
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


#: The one render state of this process (a render is one entry at a time).
STATE = RenderState()


def note(variable: str, rendered: bool) -> None:
    """Tell the enclosing groups and substitutes that ``variable`` was called."""
    for called, done in STATE.groups:
        called.add(variable)
        if rendered:
            done.add(variable)
    if rendered:
        for used in STATE.recording:
            used.add(variable)
