"""Whether two records are one work: :func:`compare` gives a :class:`Verdict`.

Conservative by design, because a record wrongly removed is a study lost from a
review:

1. What keeps records apart wins first (:func:`conflict`): two different DOIs or
   PMIDs, an erratum (or reply, comment) against anything else, different series
   parts or title numbers, years more than one apart, different first pages or
   volumes, authors with no family in common, a preprint against a published
   version (unless asked), a conference abstract against a full paper.
2. An identifier then decides: the same DOI or PMID with titles that agree.
3. Else the title must agree (a similarity of the folded titles) *and* other
   fields must: at least two of first author, journal, volume, first page and
   year for a near-identical title, three for a close one; a generic title
   ("Editorial") needs journal, volume and first page, and so does a conference
   abstract against a full paper. Never title alone; where titles differ (a
   translation), the same first three authors, journal, volume, first page and year.
4. Pairs that look alike but fall short are "maybe", for a person to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from citeconv.dedupe.keys import Author, Key

#: Title similarity (0..1) at which two titles are the same title, and close.
SAME_TITLE = 0.95
CLOSE_TITLE = 0.90
MAYBE_TITLE = 0.80


@dataclass(frozen=True, slots=True)
class Verdict:
    """``same``, ``maybe`` or ``different``; a score (higher: surer) and the rule."""

    decision: str
    score: float
    rule: str


def title_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if longer.startswith(shorter) and len(shorter.split()) >= 6:
        return 0.91  # the same title with its subtitle (or one joined to it): close
    if len(shorter) < 0.6 * len(longer):
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MAYBE_TITLE or matcher.quick_ratio() < MAYBE_TITLE:
        return 0.0
    return matcher.ratio()


def _family_match(a: Author, b: Author) -> bool:
    if a.family == b.family:
        return not (a.initial and b.initial and a.initial != b.initial)
    # Compound names written apart or joined ("garcialopez" / "garcia"), particles.
    short, long_ = sorted((a.family, b.family), key=len)
    return len(short) >= 4 and (long_.startswith(short) or long_.endswith(short))


def authors_agree(a: tuple[Author, ...], b: tuple[Author, ...]) -> bool | None:
    """True when the first authors match (or the first of one is among the first
    three of the other); False when no family is shared; None when either has none."""
    if not a or not b:
        return None
    if _family_match(a[0], b[0]):
        return True
    if any(_family_match(a[0], x) for x in b[:3]) or any(_family_match(b[0], x) for x in a[:3]):
        return True
    families = {x.family for x in b}
    if any(x.family in families for x in a):
        return None  # some shared, the order differs: neither for nor against
    return False


def journals_agree(a: Key, b: Key) -> bool | None:
    """True when a name of one is a name of the other, or its abbreviation
    ("j parenter enteral nutr" / "journal parenteral enteral nutrition")."""
    if not a.journals or not b.journals:
        return None
    return any(_abbreviates(x, y) or _abbreviates(y, x) for x in a.journals for y in b.journals)


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Each word of ``short`` opens a word of ``full``, in order (words of ``full``
    may be left out); all of ``short``'s words are used."""
    if short == full:
        return True
    if not short or len(short) > len(full):
        return False
    at = 0
    for word in short:
        while at < len(full) and not full[at].startswith(word):
            at += 1
        if at == len(full):
            return False
        at += 1
    return True


def _typo(a: frozenset[str], b: frozenset[str]) -> bool:
    """One first page each, of four digits or more, one digit apart ("2297", "2097")."""
    if len(a) != 1 or len(b) != 1:
        return False
    (x,), (y,) = a, b
    return len(x) == len(y) >= 4 and sum(c != d for c, d in zip(x, y, strict=True)) == 1


def conflict(a: Key, b: Key, merge_preprints: bool = False) -> str | None:
    """Why ``a`` and ``b`` cannot be one work, or None."""
    if a.doi and b.doi and a.doi != b.doi:
        return "different DOIs"
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return "different PMIDs"
    if a.kind != b.kind:
        return f"{a.kind or 'article'} vs {b.kind or 'article'}"
    if a.parts != b.parts:
        return "different parts of a series"
    if a.numbers != b.numbers and a.numbers and b.numbers:
        return "different numbers in the titles"
    if a.year and b.year and abs(a.year - b.year) > 1:
        return "years more than one apart"
    if (
        a.pages
        and b.pages
        and not a.pages & b.pages
        # One digit off is a typo, for one and the same title only.
        and (not _typo(a.pages, b.pages) or title_similarity(a.title, b.title) < 0.99)
    ):
        return "different first pages"
    if a.volume and b.volume and a.volume != b.volume:
        return "different volumes"
    if authors_agree(a.authors, b.authors) is False:
        return "no author in common"
    if a.preprint != b.preprint and not merge_preprints:
        return "a preprint and a published version"
    return None


def compare(a: Key, b: Key, merge_preprints: bool = False) -> Verdict:
    """The verdict on one pair (see the module's docstring)."""
    similarity = title_similarity(a.title, b.title)
    why_not = conflict(a, b, merge_preprints)
    if why_not is not None:
        if similarity >= SAME_TITLE and why_not not in ("different DOIs", "different PMIDs"):
            return Verdict("maybe", similarity, f"title agrees; {why_not}")
        return Verdict("different", similarity, why_not)
    if (a.doi and a.doi == b.doi) or (a.pmid and a.pmid == b.pmid):
        which = "DOI" if a.doi and a.doi == b.doi else "PMID"
        if similarity >= MAYBE_TITLE or not a.title or not b.title:
            return Verdict("same", 2.0 + similarity, f"same {which}")
        return Verdict("maybe", similarity, f"same {which}, titles differ")
    agree = {
        "author": authors_agree(a.authors, b.authors),
        "journal": journals_agree(a, b),
        "volume": (a.volume == b.volume) if a.volume and b.volume else None,
        "page": bool(a.pages & b.pages) if a.pages and b.pages else None,
        "year": (a.year == b.year) if a.year and b.year else None,
    }
    support = sorted(name for name, value in agree.items() if value)
    if similarity < MAYBE_TITLE:
        if (
            len(support) == len(agree)
            and not (a.generic or b.generic or a.abstract_only or b.abstract_only)
            and len(a.pages) == len(b.pages) == 1
            and [x.family for x in a.authors[:3]] == [x.family for x in b.authors[:3]]
        ):
            # Where the titles differ (a translation, a title cut or rephrased by a
            # database), the same first three authors, journal, volume, first page
            # and year are one article (but a page of abstracts holds several).
            rule = f"title {similarity:.2f}; same author, journal, volume, page, year"
            return Verdict("same", 1.0 + 0.1 * len(support), rule)
        return Verdict("different", similarity, "titles differ")
    needed = 2 if similarity >= SAME_TITLE else 3
    generic = a.generic or b.generic
    if generic:
        needed = 4
    enough = len(support) >= needed and similarity >= CLOSE_TITLE
    if not generic and len(support) == len(agree) and similarity >= MAYBE_TITLE:
        enough = True  # journal, volume, first page, year and author all agree
    if generic and not {"journal", "volume", "page"} <= set(support):
        enough = False
    score = similarity + 0.1 * len(support)
    rule = f"title {similarity:.2f} + {', '.join(support) or 'nothing else'}"
    if a.abstract_only != b.abstract_only and not {"volume", "page"} <= set(support):
        # A conference abstract and a full paper share title and authors; only the
        # same volume and first page make them one (the same abstract, told twice).
        enough = False
        rule += "; a conference abstract and a full paper?"
    if enough:
        return Verdict("same", score, rule)
    return Verdict("maybe", score, rule + " (not enough)")
