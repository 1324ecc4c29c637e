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
    """How alike two folded titles are, 0..1: the normalised indel similarity
    (rapidfuzz's ``ratio``; 1.3 ms a pair with difflib, 1 µs here), or 0.91 when
    one title of six words or more opens the other (a subtitle dropped)."""
    from rapidfuzz.fuzz import ratio

    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if longer.startswith(shorter) and len(shorter.split()) >= 6:
        return 0.91  # the same title with its subtitle (or one joined to it): close
    if len(shorter) < 0.6 * len(longer):
        return 0.0
    return float(ratio(a, b, score_cutoff=MAYBE_TITLE * 100)) / 100


def _family_match(a: Author, b: Author) -> bool:
    if a.family == b.family:
        return not (a.initial and b.initial and a.initial != b.initial)
    # Compound names written apart or joined ("garcialopez" / "garcia"), particles.
    short, long_ = sorted((a.family, b.family), key=len)
    return len(short) >= 4 and (long_.startswith(short) or long_.endswith(short))


def authors_agree(a: tuple[Author, ...], b: tuple[Author, ...]) -> bool | None:
    """True when the first authors match (or the first of one is among the first
    three of the other); False when no family is shared (persons on both sides);
    None when either has none, or lists a group (a trial's collaborative group
    and its writing committee are one work's authors)."""
    if not a or not b:
        return None
    if _family_match(a[0], b[0]):
        return True
    if any(_family_match(a[0], x) for x in b[:3]) or any(_family_match(b[0], x) for x in a[:3]):
        return True
    families = {x.family for x in b}
    if any(x.family in families for x in a):
        return None  # some shared, the order differs: neither for nor against
    if any(x.group for x in a[:1] + b[:1]):
        return None
    return False


def journals_agree(a: Key, b: Key) -> bool | None:
    """True when a name of one is a name of the other, or its abbreviation
    ("j parenter enteral nutr" / "journal parenteral enteral nutrition")."""
    if a.issns and b.issns and a.issns & b.issns:
        return True
    if not a.journals or not b.journals:
        return None
    return any(_abbreviates(x, y) or _abbreviates(y, x) for x in a.journals for y in b.journals)


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Word by word, each word of ``short`` opens the word of ``full`` ("j parenter
    enteral nutr" / "journal parenteral enteral nutrition"); as many words
    (stop words left out), so "lancet" is not "lancet oncology"."""
    if len(short) == len(full):
        return all(f.startswith(s) for s, f in zip(short, full, strict=True))
    if len(short) == 1 and len(short[0]) >= 3 and len(full) >= len(short[0]):
        # An acronym: "pnas", "jama", "bmj" (the initials of the full name's words).
        return "".join(word[0] for word in full).startswith(short[0])
    # A name of three words or more inside a longer one ("gan to kagaku ryoho
    # japanese journal cancer chemotherapy"), word for word; "lancet" is not in
    # "lancet oncology", nor "journal hepatology" in "journal hepatology reports".
    if 3 <= len(short) < len(full):
        return any(full[at : at + len(short)] == short for at in range(len(full) - len(short) + 1))
    return False


#: Words whose change makes another work: a sex, an age group, an order, a kind of
#: study or of result ("in men" / "in women", "first" / "second wave").
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONTRASTS = _words(
    """men women male female males females boys girls children adults adolescents
    infants elderly first second third fourth fifth final interim preliminary i ii iii iv
    one two three four five six seven eight nine ten qualitative quantitative pilot
    feasibility update updated results findings protocol design rationale baseline
    followup acute chronic primary secondary positive negative"""
)
#: Of those, the ones that change the work even when only one title has them
#: ("outcomes of X" / "outcomes of X in men").
ALONE = _words("men women male female boys girls children adults ii iii iv")


def contrast(a: str, b: str) -> str | None:
    """A word that one title has and the other has not, among :data:`CONTRASTS`, in
    titles that are otherwise alike (at most six words differ: a translation or
    another phrasing is not a contrast); digits are compared apart."""
    words_a, words_b = set(a.split()), set(b.split())
    only_a, only_b = words_a - words_b, words_b - words_a
    if len(only_a) + len(only_b) > 6:
        return None
    if only_a & CONTRASTS and only_b & CONTRASTS:
        return min((only_a | only_b) & CONTRASTS)
    alone = (only_a | only_b) & ALONE
    if alone and not (only_a and only_b):
        return min(alone)
    return None


def _typo(a: frozenset[str], b: frozenset[str]) -> bool:
    """One first page each, of four digits or more, one digit apart ("2297", "2097")."""
    if len(a) != 1 or len(b) != 1:
        return False
    (x,), (y,) = a, b
    return len(x) == len(y) >= 4 and sum(c != d for c, d in zip(x, y, strict=True)) == 1


def conflict(a: Key, b: Key, merge_preprints: bool = False) -> str | None:
    """Why ``a`` and ``b`` cannot be one work, or None."""
    why = hard_conflict(a, b, merge_preprints)
    if why is not None:
        return why
    return soft_conflict(a, b)


def hard_conflict(a: Key, b: Key, merge_preprints: bool = False) -> str | None:
    """What no identifier overrules: other identifiers, kinds, parts, numbers, a
    preprint and its published version, a changed word."""
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
    if a.preprint != b.preprint and not merge_preprints:
        return "a preprint and a published version"
    word = contrast(a.title, b.title)
    if word is not None and not (a.doi and a.doi == b.doi):
        return f"titles differ in '{word}'"
    return None


def soft_conflict(a: Key, b: Key) -> str | None:
    """What the same DOI (with the same title) overrules: a print and an online
    year, an article number for a page, volume and issue swapped, a group author."""
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
    return None


def compare(a: Key, b: Key, merge_preprints: bool = False) -> Verdict:
    """The verdict on one pair (see the module's docstring)."""
    similarity = title_similarity(a.title, b.title)
    same_id = bool((a.doi and a.doi == b.doi) or (a.pmid and a.pmid == b.pmid))
    why_not = conflict(a, b, merge_preprints)
    if (
        why_not is not None
        and same_id
        and similarity >= SAME_TITLE
        and hard_conflict(a, b, merge_preprints) is None
    ):
        which = "DOI" if a.doi and a.doi == b.doi else "PMID"
        return Verdict("same", 2.0 + similarity, f"same {which} and title ({why_not})")
    if why_not is not None:
        if similarity >= SAME_TITLE and why_not not in ("different DOIs", "different PMIDs"):
            return Verdict("maybe", similarity, f"title agrees; {why_not}")
        return Verdict("different", similarity, why_not)
    if same_id:
        which = "DOI" if a.doi and a.doi == b.doi else "PMID"
        if similarity >= MAYBE_TITLE or not a.title or not b.title:
            return Verdict("same", 2.0 + similarity, f"same {which}")
        if (
            authors_agree(a.authors, b.authors)
            and a.authors[0].family == b.authors[0].family
            and not (a.abstract_only or b.abstract_only)
        ):
            # A title in its original language on one record, translated on the
            # other: the identifier and the first author make one work (abstracts
            # of a supplement may share its DOI, not their authors).
            return Verdict("same", 2.0, f"same {which} and first author; titles differ")
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
    if not ({"author", "page"} & set(support)):
        enough = False  # two groups' reports, two letters of one title: not enough
        rule += "; neither author nor page agrees"
    if a.family != b.family and not {"journal", "volume", "page"} <= set(support):
        # A thesis and the article from it share title, author and year; only the
        # same journal, volume and page say a record was typed wrong.
        enough = False
        rule += f"; {a.family} vs {b.family}"
    preprint_pair = merge_preprints and a.preprint != b.preprint  # server vs journal
    if agree["journal"] is False and "page" not in support and not preprint_pair:
        enough = False  # "The Lancet" and "The Lancet Oncology"
        rule += "; journals differ"
    if similarity == 0.91 and a.title != b.title and "page" not in support:
        enough = False  # a title and a longer one: the same first page too
        rule += "; one title is the other's start"
    if a.noted != b.noted and not {"volume", "page"} <= set(support):
        enough = False
        rule += f"; '[{a.noted or b.noted}]' on one only"
    if a.abstract_only != b.abstract_only and not {"volume", "page"} <= set(support):
        # A conference abstract and a full paper share title and authors; only the
        # same volume and first page make them one (the same abstract, told twice).
        enough = False
        rule += "; a conference abstract and a full paper?"
    if enough:
        return Verdict("same", score, rule)
    return Verdict("maybe", score, rule + " (not enough)")
