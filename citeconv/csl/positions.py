"""Cite positions (first, subsequent, ibid, ibid-with-locator, near-note) as
citeproc-js assigns them, over the clusters of a document in order.

citeproc-py decides a cite's position from the cites rendered before it, and
counts citations where CSL counts notes (near-note), crashes on a style without
near-note-distance (its default 5 is not in citeproc-py's options), and knows no
ibid across notes. Here each cluster's cites, in the order they print (after the
citation's cs:sort), get a :class:`Position` before they render; the cs:if fix
(``citeconv.csl.fixes.elements.if_position``) reads it. In-text clusters (note 0)
and clusters in notes are two separate sequences, as in citeproc-js.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

FIRST = "first"
SUBSEQUENT = "subsequent"
IBID = "ibid"
IBID_WITH_LOCATOR = "ibid-with-locator"

#: citeproc-js's POSITION_MAP: a position test holds for its position and the
#: ones after it ("subsequent" holds for an ibid; "ibid" for an ibid-with-locator).
_RANK = {FIRST: 0, SUBSEQUENT: 2, IBID: 3, IBID_WITH_LOCATOR: 4}

#: The default of the citation's near-note-distance (CSL 1.0.2).
NEAR_NOTE_DISTANCE = 5


@dataclass(frozen=True)
class CiteRef:
    """What positions depend on: the item, the locator (with its label)."""

    item: str
    locator: str | None = None
    label: str | None = None

    @property
    def pinpoint(self) -> str | None:
        return None if self.locator is None else self.locator + (self.label or "")


@dataclass(frozen=True)
class Position:
    """A cite's position, whether it is near-note, and the note it was first cited
    in (0: none, or this one)."""

    position: str = FIRST
    near_note: bool = False
    first_note: int = 0

    def holds(self, test: str) -> bool:
        """Whether ``<if position="test">`` holds for this cite."""
        if test == "near-note":
            return _RANK[self.position] >= _RANK[SUBSEQUENT] and self.near_note
        if test == "far-note":
            return self.position == SUBSEQUENT and not self.near_note
        if test == FIRST:
            return self.position == FIRST
        rank = _RANK.get(test)
        return rank is not None and _RANK[self.position] >= rank


@dataclass
class _Sequence:
    """The clusters seen so far of one kind (in-text or in notes)."""

    clusters: list[tuple[int, tuple[CiteRef, ...], bool]] = field(default_factory=list)
    first_ref: dict[str, int] = field(default_factory=dict)
    last_ref: dict[str, int] = field(default_factory=dict)
    cites_in_note: dict[int, int] = field(default_factory=dict)


class Positions:
    """The position of each cite, cluster after cluster (citeproc-js's
    ``processCitationCluster`` position pass)."""

    def __init__(self, near_note_distance: int = NEAR_NOTE_DISTANCE) -> None:
        self.near_note_distance = near_note_distance
        self._text = _Sequence()
        self._notes = _Sequence()

    def cluster(
        self, cites: Sequence[CiteRef], note: int = 0, author_only: bool = False
    ) -> list[Position]:
        """The positions of ``cites``, a cluster in note ``note`` (0: in the
        text), in the order they print."""
        seq = self._notes if note else self._text
        if note and seq.clusters and seq.clusters[-1][0] > note:
            # The note numbers start again (a new document): so does everything.
            seq.__init__()  # type: ignore[misc]
        refs = tuple(cites)
        seq.cites_in_note[note] = seq.cites_in_note.get(note, 0) + len(refs)
        previous = seq.clusters[-1] if seq.clusters else None
        before_last = None
        if previous is not None:
            before_last = previous
            if previous[2] and len(seq.clusters) > 1:  # skip an author-only cluster
                before_last = seq.clusters[-2]
        out = [
            self._one(seq, refs, k, note, author_only, previous, before_last)
            for k in range(len(refs))
        ]
        seq.clusters.append((note, refs, author_only))
        return out

    def _one(
        self,
        seq: _Sequence,
        refs: tuple[CiteRef, ...],
        k: int,
        note: int,
        author_only: bool,
        previous: tuple[int, tuple[CiteRef, ...], bool] | None,
        before_last: tuple[int, tuple[CiteRef, ...], bool] | None,
    ) -> Position:
        cite = refs[k]
        key = cite.item
        first_note = 0
        if key not in seq.last_ref and not author_only:
            seq.first_ref[key] = seq.last_ref[key] = note
            position = FIRST
        else:
            ibid, earlier = self._ibid_source(seq, refs, k, note, previous, before_last)
            position = SUBSEQUENT
            if ibid and earlier is not None:
                before, now = earlier.pinpoint, cite.pinpoint
                if before is None and now is not None:
                    position = IBID_WITH_LOCATOR
                elif before is None or before == now:
                    position = IBID
                elif now is not None:
                    position = IBID_WITH_LOCATOR
            if position == SUBSEQUENT and key not in seq.first_ref:
                seq.first_ref[key] = note
            if author_only:
                position = FIRST
            if seq.first_ref[key] != note:
                first_note = seq.first_ref[key]
        near = False
        if note:
            last = seq.last_ref.get(key, note)
            near = position != FIRST and note - last <= self.near_note_distance
            seq.last_ref[key] = note
        elif position != FIRST:
            near = True
        return Position(position, near, first_note)

    @staticmethod
    def _ibid_source(
        seq: _Sequence,
        refs: tuple[CiteRef, ...],
        k: int,
        note: int,
        previous: tuple[int, tuple[CiteRef, ...], bool] | None,
        before_last: tuple[int, tuple[CiteRef, ...], bool] | None,
    ) -> tuple[bool, CiteRef | None]:
        """Whether the cite may be an ibid, and the cite it would repeat."""
        key = refs[k].item
        if k == 0 and previous is not None and previous[0] != note:
            # The cite before is in another note: the note before, with that one cite.
            prev_note, prev_refs, _ = previous
            if not prev_refs or prev_refs[0].item != key or prev_note < note - 1:
                return False, None
            alone = seq.cites_in_note.get(prev_note) == 1 or prev_note == 0
            return alone, prev_refs[0]
        if k > 0:
            return refs[k - 1].item == key, refs[k - 1]
        # A separate cluster in the same note, whose last cite is of the item.
        if previous and previous[1] and before_last and before_last[1][-1:]:
            return before_last[1][-1].item == key, previous[1][0]
        return False, None
