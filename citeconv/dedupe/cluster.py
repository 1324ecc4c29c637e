"""From keys to clusters: blocking (so that only records sharing something are
compared: cost near-linear in the records, never all pairs), the pairwise verdicts,
and the union of the ``same`` pairs into clusters, surest first, never joining two
clusters that hold a conflicting pair (A = B and B = C do not make A = C when A and
C have different DOIs).

The result does not depend on the input's order: candidate pairs are taken in the
order of their score, then of their records' fingerprints (what they are, not
where they are); the clusters are then numbered by their first record's position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from citeconv.dedupe.keys import Key
from citeconv.dedupe.match import (
    SAME_TITLE,
    Verdict,
    compare,
    hard_conflict,
    soft_conflict,
    title_similarity,
)

#: A block with more records than this is too common a key to compare within
#: (a generic title prefix); identifier blocks may be larger.
MAX_BLOCK = 64
MAX_ID_BLOCK = 1000


@dataclass(slots=True)
class Pair:
    a: int  # positions
    b: int
    verdict: Verdict


@dataclass(slots=True)
class Clusters:
    """Each record's cluster (a list by position: the position of the cluster's
    first record), the pairs that made them, and the maybe pairs."""

    of: list[int]
    why: dict[int, Pair] = field(default_factory=dict)  # a record → the pair that joined it
    maybe: list[Pair] = field(default_factory=list)
    compared: int = 0

    def members(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for position, first in enumerate(self.of):
            found[first].append(position)
        return found


def blocks(key: Key) -> Iterator[str]:
    """The blocking keys of one record."""
    if key.doi:
        yield f"doi:{key.doi}"
    if key.pmid:
        yield f"pmid:{key.pmid}"
    words = key.title.split()
    if key.title:
        yield f"t:{key.title[:40]}"
        yield f"e:{key.title[-40:]}"
        if len(words) >= 4:
            # Titles that differ at their start ("The ..." / a prefix) or end.
            yield f"w:{' '.join(sorted(words, key=lambda w: (-len(w), w))[:3])}"
    if key.authors and key.year:
        yield f"a:{key.authors[0].family}:{key.year}"
    for page in key.pages:
        if key.volume:
            yield f"vp:{key.volume}:{page}"


def _sub_blocks(found: dict[str, list[int]], keys: list[Key]) -> list[tuple[str, list[int]]]:
    """A block too common to compare within (5,000 "Editorial"s): its records of one
    year and first page, and of one year and first author, instead."""
    subs: dict[str, list[int]] = defaultdict(list)
    for block, members in found.items():
        if len(members) <= MAX_BLOCK or block.startswith(("doi:", "pmid:")):
            continue
        for position in members:
            key = keys[position]
            for page in sorted(key.pages) or [""]:
                subs[f"sub:{block}:{key.year}:{page}"].append(position)
            first = key.authors[0].family if key.authors else ""
            subs[f"sub:{block}:{key.year}:{first}"].append(position)
    return list(subs.items())


def candidates(keys: list[Key]) -> Iterator[tuple[int, int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        for block in blocks(key):
            found[block].append(key.position)
    seen: set[tuple[int, int]] = set()
    for block, members in [*found.items(), *_sub_blocks(found, keys)]:
        limit = MAX_ID_BLOCK if block.startswith(("doi:", "pmid:")) else MAX_BLOCK
        if len(members) < 2 or len(members) > limit:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _clash(a: Key, b: Key, merge_preprints: bool) -> bool:
    """Whether two records may not share a cluster: a conflict, unless it is one
    that the same DOI or PMID and title overrule (a print and an online year)."""
    if hard_conflict(a, b, merge_preprints) is not None:
        return True
    if soft_conflict(a, b) is None:
        return False
    same_id = (a.doi and a.doi == b.doi) or (a.pmid and a.pmid == b.pmid)
    return not (same_id and title_similarity(a.title, b.title) >= SAME_TITLE)


def cluster(keys: Iterable[Key], merge_preprints: bool = False) -> Clusters:
    """Clusters of the records whose keys are ``keys`` (positions 0..n-1, in order)."""
    keys = sorted(keys, key=lambda k: k.position)
    same: list[Pair] = []
    result = Clusters(of=list(range(len(keys))))
    for a, b in candidates(keys):
        result.compared += 1
        verdict = compare(keys[a], keys[b], merge_preprints)
        if verdict.decision == "same":
            same.append(Pair(a, b, verdict))
        elif verdict.decision == "maybe":
            result.maybe.append(Pair(a, b, verdict))
    fingerprint = [key.fingerprint() for key in keys]
    same.sort(
        key=lambda p: (
            -p.verdict.score,
            min(fingerprint[p.a], fingerprint[p.b]),
            max(fingerprint[p.a], fingerprint[p.b]),
        )
    )
    parent = list(range(len(keys)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(keys))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for pair in same:
        x, y = root(pair.a), root(pair.b)
        if x == y:
            continue
        # No pair across the two may conflict (B ~ A ~ C, but B and C have
        # different DOIs, or titles that differ in "qualitative findings" and
        # "trial results").
        clash = next(
            (
                (i, j)
                for i in members[x]
                for j in members[y]
                if _clash(keys[i], keys[j], merge_preprints)
            ),
            None,
        )
        if clash is not None:
            rule = f"{pair.verdict.rule}; but would join records in conflict"
            result.maybe.append(Pair(pair.a, pair.b, Verdict("maybe", pair.verdict.score, rule)))
            continue
        if len(members[x]) < len(members[y]):
            x, y = y, x
        parent[y] = x
        members[x].extend(members.pop(y))
        for position in (pair.a, pair.b):
            result.why.setdefault(position, pair)
    for position in range(len(keys)):
        result.of[position] = min(members[root(position)])
    # A maybe pair inside one cluster is no longer a question.
    result.maybe = sorted(
        (p for p in result.maybe if result.of[p.a] != result.of[p.b]),
        key=lambda p: (p.a, p.b),
    )
    return result
