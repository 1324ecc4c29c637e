"""Telling alike cites apart as citeproc-js does, for what it changes in a bibliography.

citeproc-py does no disambiguation at all. citeproc-js (the engine we match) does it
in two parts, ported here:

* the *name registry* (``CSL.Registry.NameReg``): with ``disambiguate-add-givenname``
  and a ``givenname-disambiguation-rule`` other than "by-cite", every name whose
  family name is shared with another name of the document shows initials or its
  given name, in every cite and — where that is more than the style shows anyway —
  in the bibliography (an "all-names" style printing "Smith, J." prints "Smith,
  John" and "Smith, Jane"). Which names count depends on the rule: the first name
  of each list ("primary-name…") or all of them; "…-with-initials" never goes
  beyond initials.
* the *cite disambiguation* (``CSL.Disambiguation``): items whose cites still render
  alike are taken group by group through the style's modes — add names and (rule
  "by-cite") given names one step at a time, then year suffixes (2019a, 2019b, in
  bibliography order), then ``disambiguate="true"`` for what is still ambiguous.
  The names and given names found show in the bibliography too.

The port keeps citeproc-js's control flow (its lists, ``base``/``betterbase`` and
resolution cases), with one names list per cite (citeproc-js allows several) and
the cite rendered by citeproc-py through :mod:`citeconv.csl.patches`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: A safety net against a loop the port might get wrong: steps per group.
MAX_STEPS = 10_000


@dataclass
class AmbigConfig:
    """citeproc-js's ``CSL.AmbigConfig`` for one cite (its first names list only)."""

    #: How many names the cite shows (None: the cite shows no names).
    names: int | None
    #: The given-name level of each name: 0 family only, 1 initials, 2 given name.
    givens: list[int] = field(default_factory=list)
    #: How many ``disambiguate="true"`` conditions hold.
    disambiguate: int = 0
    #: The year suffix's position (0: "a"), or None.
    year_suffix: int | None = None

    def clone(self) -> AmbigConfig:
        return AmbigConfig(self.names, list(self.givens), self.disambiguate, self.year_suffix)


@dataclass
class CiteData:
    """What one item's first cite shows, before any disambiguation."""

    config: AmbigConfig
    #: All names of the cite's names variable (citeproc-js's ``getMaxVals``).
    max_names: int | None


#: Renders the cite of item ``key`` with a configuration; also returns how many
#: ``disambiguate="true"`` conditions held and were evaluated in that render.
Render = Callable[[str, AmbigConfig], tuple[str, int, int]]


@dataclass
class Options:
    """The style's disambiguation options."""

    add_names: bool
    add_givenname: bool
    add_year_suffix: bool
    rule: str
    has_disambiguate: bool

    @property
    def modes(self) -> list[str]:
        """``CSL.Disambiguation.configModes`` (without ``prioritize_disambiguate_condition``)."""
        modes = []
        if self.add_names or (self.add_givenname and self.rule == "by-cite"):
            modes.append("names")
        if self.add_year_suffix:
            modes.append("years")
        if self.has_disambiguate:
            modes.append("extra_text")
        return modes


class GroupDisambiguation:
    """``CSL.Disambiguation.run`` for one group of items whose cites render alike.

    ``registry`` holds every item's configuration (its cite data to start with) and
    is updated in place; ``order`` gives each item's place in the bibliography.
    """

    def __init__(
        self,
        keys: Sequence[str],
        data: dict[str, CiteData],
        registry: dict[str, AmbigConfig],
        options: Options,
        render: Render,
        order: dict[str, int],
        ids: dict[str, str],
    ) -> None:
        self.data = data
        self.registry = registry
        self.options = options
        self.modes = options.modes
        self.render = render
        self.order = order
        self.last_count = 0
        self.last_max = 0
        # initVars/getCiteData: the first item's data (``keys`` are in input order),
        # widened to the most names any item shows.
        first = data[keys[0]]
        self.base = first.config.clone()
        for key in keys[1:]:
            other = data[key].config
            if other.names is not None and (self.base.names or 0) < other.names:
                self.base.names = other.names
                self.base.givens = list(other.givens)
        self.betterbase = self.base.clone()
        # Items sorted by their number of names, then id (citeproc-js: "hangs
        # otherwise"). It compares the numbers as JavaScript compares one-element
        # arrays: as strings ("15" before "3").
        ordered = sorted(
            keys,
            key=lambda k: (
                "" if data[k].max_names is None else str(data[k].max_names),
                ids.get(k, k),
            ),
        )
        self.lists: list[tuple[AmbigConfig, list[str]]] = [(self.base, ordered)]
        self.names_max = data[ordered[0]].max_names
        self.namesets_max = 0 if self.base.names is not None else -1
        for config in (self.base, self.betterbase):
            config.year_suffix = None
            config.disambiguate = 0
        self.givens_max = 2 if options.rule == "by-cite" and options.add_givenname else None
        self.mode_index = 0
        self.list_pos = 0
        self.gname = 0
        self.clashes = [1, 0]
        self.partners: list[str] = []
        self.nonpartners: list[str] = []
        self.init_givens = True

    def register(self, key: str, config: AmbigConfig) -> None:
        self.registry[key] = config.clone()

    def cite(self, key: str) -> str:
        text, self.last_count, self.last_max = self.render(key, self.base)
        return text

    def run(self) -> None:
        """``runDisambig``."""
        if not self.modes:
            return
        steps = 0
        while self.lists:
            self.gname = 0
            self.clashes = [1, 0]
            while self.lists[0][1]:
                steps += 1
                if steps > MAX_STEPS:
                    return
                self.list_pos = 0
                maxed = self.increment()
                self.scan(self.lists[0])
                self.evaluate(maxed)
            self.lists = self.lists[1:]

    def scan(self, entry: tuple[AmbigConfig, list[str]]) -> None:
        """``scanItems``: which items still render like the list's first."""
        items = entry[1]
        first = self.cite(items[0])
        self.partners = [items[0]]
        self.nonpartners = []
        clashes = 0
        for key in items[1:]:
            if self.cite(key) == first:
                clashes += 1
                self.partners.append(key)
            else:
                self.nonpartners.append(key)
        self.clashes = [self.clashes[1], clashes]

    def evaluate(self, maxed: bool) -> None:
        """``evalScan``."""
        getattr(self, self.modes[self.mode_index])(maxed)
        if maxed:
            if self.mode_index < len(self.modes) - 1:
                self.mode_index += 1
            else:
                self._set_list(self.list_pos + 1, (self.base, []))

    def _set_list(self, index: int, value: tuple[AmbigConfig, list[str]]) -> None:
        if index < len(self.lists):
            self.lists[index] = value
        else:
            self.lists.append(value)

    def _given(self, config: AmbigConfig, index: int) -> int | None:
        return config.givens[index] if 0 <= index < len(config.givens) else None

    def increment(self) -> bool:
        """``incrementDisambig``: one step forward; whether every step is taken."""
        if self.init_givens:
            self.init_givens = False
            return False
        mode = self.modes[self.mode_index]
        if mode == "extra_text":
            self.base.disambiguate += 1
            self.betterbase.disambiguate += 1
            return False
        if mode != "names":
            return False
        increment_names = self.givens_max is None
        if self.givens_max is not None:
            level = self._given(self.base, self.gname)
            if self.base.givens and level is not None and level < self.givens_max:
                self.base.givens[self.gname] += 1
            else:
                increment_names = True
        if (
            self.names_max is not None
            and increment_names
            and self.options.add_names
            and self.gname < self.names_max
            and self.base.names is not None
        ):
            self.base.names += 1
            self.gname += 1
        level = self._given(self.base, self.gname)
        return (
            (self.namesets_max in (-1, 0))
            and (
                not self.options.add_names or self.names_max is None or self.gname == self.names_max
            )
            and (self.givens_max is None or level is None or level == self.givens_max)
        )

    def capture_step(self) -> None:
        """``captureStepToBase``: keep the step that helped."""
        if self.options.rule == "by-cite" and self.base.givens:
            level = self._given(self.base, self.gname)
            if level is not None:
                if len(self.betterbase.givens) < len(self.base.givens):
                    self.betterbase.givens = list(self.base.givens)
                self.betterbase.givens[self.gname] = level
        self.betterbase.names = self.base.names

    def names(self, maxed: bool) -> None:
        """``disNames``: the resolution cases (a) to (e) of citeproc-js."""
        if self.clashes[1] == 0 and len(self.nonpartners) == 1:
            self.capture_step()
            self.register(self.nonpartners[0], self.betterbase)
            self.register(self.partners[0], self.betterbase)
            self.lists[self.list_pos] = (self.betterbase, [])
        elif self.clashes[1] == 0:
            self.capture_step()
            self.register(self.partners[0], self.betterbase)
            self.lists[self.list_pos] = (self.betterbase, self.nonpartners)
            if self.nonpartners:
                self.init_givens = True
        elif len(self.nonpartners) == 1:
            self.capture_step()
            self.register(self.nonpartners[0], self.betterbase)
            self.lists[self.list_pos] = (self.betterbase, self.partners)
        elif self.clashes[1] < self.clashes[0]:
            self.capture_step()
            self.lists[self.list_pos] = (self.betterbase, self.partners)
            self.lists.append((self.betterbase, self.nonpartners))
        elif maxed:
            self.lists[self.list_pos] = (self.betterbase, self.nonpartners)
            self.lists.append((self.betterbase, self.partners))
            if self.mode_index == len(self.modes) - 1:
                for key in self.partners:
                    self.register(key, self.betterbase)
                self.lists[self.list_pos] = (self.betterbase, [])

    def years(self, maxed: bool) -> None:
        """``disYears``: suffixes in bibliography order for the items still alike."""
        config = self.lists[self.list_pos][0]
        keys = sorted(self.lists[self.list_pos][1], key=self.order.__getitem__)
        if not self.clashes[1]:
            keys = []
        for position, key in enumerate(keys):
            config.year_suffix = position
            self.register(key, config)
        self.lists[self.list_pos] = (self.betterbase, [])

    def extra_text(self, maxed: bool) -> None:
        """``disExtraText``: ``disambiguate="true"`` for what is still ambiguous."""
        done = self.clashes[1] == 0 and len(self.nonpartners) < 2
        if not done and (not self.base.disambiguate or self.last_count != self.last_max):
            self.mode_index = 0
            self.base.disambiguate = self.last_count
            self.betterbase.disambiguate = self.last_count
            if not self.base.disambiguate:
                self.init_givens = True
                self.base.disambiguate = 1
            else:
                self.names(False)
        elif done or self.last_count == self.last_max:
            config = self.lists[self.list_pos][0]
            if done or self.mode_index == len(self.modes) - 1:
                for key in self.lists[self.list_pos][1]:
                    self.register(key, config)
                self.lists[self.list_pos] = (self.betterbase, [])
            else:
                self.mode_index = len(self.modes) - 1
                config.disambiguate = max(config.disambiguate, 1)
                for key in self.lists[self.list_pos][1]:
                    self.register(key, config)


# --- The name registry (rules other than "by-cite") ---------------------------------

_PERIODS = re.compile(r"\.")
_SPACES = re.compile(r"\s+")


def _strip_periods(text: str | None) -> str:
    return _SPACES.sub(" ", _PERIODS.sub(" ", text or "")).rstrip()


def _initials(given: str) -> str:
    """``initializeWith(given, "%s")`` reduced to what tells names apart: the initials."""
    return "".join(part[0] for part in re.split(r"[\s\-]+", given) if part)


@dataclass(frozen=True)
class NameFlags:
    """What the registry knows of one name: whether another name of the document has
    the same family name and other initials (``count > 1``), and whether another
    has the same initials and another given name (``ikey.count > 1``)."""

    other_initials: bool
    other_given: bool


#: The four flags a name can have: shared, not made per name (100k records held
#: ~400k alike objects).
_FLAGS = {(a, b): NameFlags(a, b) for a in (False, True) for b in (False, True)}


def name_registry(
    names_by_key: Iterable[tuple[Any, list[Any]]], rule: str, never_demote: bool
) -> dict[Any, list[NameFlags | None]]:
    """Key (a list of names: an item's names variable) → flags per name (None where
    nothing is shared), for the names the rule registers: all of a list's names, or
    its first ("primary-…"). ``names_by_key``: (key, names) pairs, read once (a
    document's names need not be held all at once)."""
    registry: Registry = {}
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    keyed = {
        key: register(registry, names, rule, never_demote, pairs) for key, names in names_by_key
    }
    final: dict[Any, list[NameFlags | None]] = {}
    for key, row in keyed.items():
        found = flags_of(row, registry)
        if found is not None:
            final[key] = found
    return final


#: citeproc-js's name registry: family name → initials → the given names seen.
Registry = dict[str, dict[str, set[str]]]
#: What a list of names registered: (family key, initials key) per name, or None.
Row = list[tuple[str, str] | None]


def register(
    registry: Registry,
    names: list[Any],
    rule: str,
    never_demote: bool,
    pairs: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> Row:
    """Add a list of names to the registry (``NameReg.addname``): all of them, or
    the first under a "primary-…" rule. ``pairs``: the rows' (family, initials)
    keys, each kept once."""
    primary = rule.startswith("primary-")
    row: Row = []
    for position, name in enumerate(names):
        family = name.get("family")
        if (primary and position) or not family:
            row.append(None)
            continue
        pkey = _strip_periods(str(family))
        particle = name.get("non-dropping-particle")
        if never_demote and particle:
            pkey = f"{pkey} {particle}"
        skey = _strip_periods(str(name.get("given") or ""))
        ikey = _initials(skey)
        registry.setdefault(pkey, {}).setdefault(ikey, set()).add(skey)
        pair = (pkey, ikey)
        row.append(pair if pairs is None else pairs.setdefault(pair, pair))
    return row


def flags_of(row: Row, registry: Registry) -> list[NameFlags | None] | None:
    """The registry's flags for the names of ``row`` as it stands now."""
    found: list[NameFlags | None] = []
    for entry in row:
        if entry is None:
            found.append(None)
            continue
        by_initials = registry[entry[0]]
        flag = _FLAGS[(len(by_initials) > 1, len(by_initials[entry[1]]) > 1)]
        found.append(flag if flag.other_initials or flag.other_given else None)
    return found if any(found) else None


def registry_level(
    flags: NameFlags | None, position: int, rule: str, short: bool, has_initialize_with: bool
) -> int:
    """``NameReg.evalname``: the given-name level the registry asks for."""
    level = 0 if short else (1 if has_initialize_with else 2)
    if flags is None or (rule.startswith("primary-") and position > 0):
        return level
    if rule.endswith("-with-initials"):
        return 1 if flags.other_initials else 0
    if flags.other_initials:
        level = 1
    if flags.other_given or (flags.other_initials and not has_initialize_with):
        level = 2
    return level
