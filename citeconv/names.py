"""Splitting personal and corporate names as they appear in exports into CSL names.

Handles ``Family, Given``, ``Family, Given, Suffix`` (the RIS specification's order),
``Given Family``, PubMed-style ``Family GH`` initials, particles (``van der``,
``de la``) and organisations. The BibTeX name grammar of bibtexparser does the
von/last split for ``Given [von] Family`` so we do not write that by hand.
"""

from __future__ import annotations

import itertools
import re

from citeconv.model import Name

#: Lower-case words that start a family name (CSL: non-dropping particles).
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dei",
        "degli",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "des",
        "la",
        "le",
        "les",
        "lo",
        "ter",
        "ten",
        "vom",
        "zu",
        "zum",
        "zur",
        "af",
        "av",
        "y",
        "el",
        "al",
        "bin",
        "ibn",
        "ben",
        "st.",
        "saint",
    ]
)

SUFFIXES = frozenset(
    {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "vi", "2nd", "3rd", "jnr", "snr"}
)

#: Words that mark a name as an organisation when it has no comma.
_ORGANISATION_WORDS = re.compile(
    r"\b(?:organi[sz]ation|group|consortium|collaborat\w*|association|society|institute|"
    r"institut|committee|council|agency|department|ministry|university|universit[éy]|"
    r"network|team|cent(?:er|re)|foundation|board|commission|office|investigators|"
    r"corporation|company|inc|ltd|llc|gmbh|press|federation|alliance|authority|"
    r"trust|bureau|panel|working|program(?:me)?|project|service|services|survey|"
    r"initiative|unit|laboratory|academy|college|school|hospital|bank|union|"
    r"nations|world|national|international|european|american|government|"
    r"coalition|partnership|secretariat|taskforce|task force)\b",
    re.IGNORECASE,
)

#: Academic degrees, professional titles and honorifics written after a name
#: (ProQuest: "Moore, Ami, PhD, MPH, CPH"), compared without stops and case.
DEGREES = frozenset(
    [
        "phd",
        "md",
        "mph",
        "rn",
        "drph",
        "msc",
        "ms",
        "ma",
        "ba",
        "bs",
        "bsc",
        "mba",
        "dds",
        "dmd",
        "dvm",
        "pharmd",
        "psyd",
        "edd",
        "dnp",
        "msn",
        "bsn",
        "frcp",
        "frcs",
        "frcpc",
        "frcsc",
        "facs",
        "facp",
        "facc",
        "faha",
        "faan",
        "facog",
        "fracp",
        "franzcp",
        "mrcp",
        "mrcs",
        "mrcgp",
        "mbbs",
        "mbchb",
        "mbbch",
        "bmbs",
        "lcsw",
        "cph",
        "mphil",
        "dphil",
        "jd",
        "llm",
        "scd",
        "dsc",
        "mhs",
        "msw",
        "lpn",
        "aprn",
        "crnp",
        "fnp",
        "np",
        "pac",
        "dpt",
        "otr",
        "ccrn",
        "cnm",
        "cns",
        "bpharm",
        "mpharm",
        "mmed",
        "mmedsci",
        "mres",
        "mpa",
        "mhsc",
        "bscn",
        "rd",
        "ibclc",
        "ceng",
        "frs",
        "feng",
        "fmedsci",
        "facep",
        "faap",
        "fasn",
        "cpa",
        "esq",
    ]
)
#: Honorifics written before a name ("Dr. John Smith", "Smith, Prof. Jane").
HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame"})
#: Markers that a list of names was cut short, written where a name would be (Publish
#: or Perish and Google Scholar write "..." as the last author).
_ET_AL = re.compile(
    r"^[\[(]?\s*(?:et\.?\s*al(?:ii|ia)?\.?|and\s+others|others|u\.\s*a\.|& al\.?|\.\.\.|…)"
    r"\s*[\])]?$",
    re.IGNORECASE,
)
#: "Smith J et al." / "Smith, John, et al": a marker after the last name given.
_TRAILING_MARKERS = ("et al.", "et al", "et. al.", "et.al.", "etal.", "and others")


def is_et_al(text: str) -> bool:
    """True for "et al.", "et al", "and others" and the like written as a name (also
    turned round as a "Family, Given" name: "al., et")."""
    text = text.strip(" ,;")
    if _ET_AL.match(text) is not None:
        return True
    pieces = [p.strip() for p in text.split(",")]
    return len(pieces) == 2 and _ET_AL.match(f"{pieces[1]} {pieces[0]}") is not None


def strip_et_al(text: str) -> tuple[str, bool]:
    """(the name without a trailing "et al.", whether it had one)."""
    end = text.rstrip()
    lowered = end.lower()
    for marker in _TRAILING_MARKERS:
        if lowered.endswith(marker):
            head = end[: -len(marker)]
            if head[-1:] in (" ", ","):
                head = head.rstrip(" ,")
                if head:
                    return head, True
    return text, False


def is_degree(word: str) -> bool:
    """True for "PhD", "M.D.", "MPH", "PhD(c)": a degree or title, not a name part.

    Only where a degree may stand: after a given name ("Smith, John, MD"). Alone
    after a family name, "MD" are initials ("Smith, MD": M. D. Smith).
    """
    compact = word.replace(".", "").replace("-", "")
    if compact.lower().endswith("(c)"):  # "PhD(c)": a candidate
        compact = compact[:-3]
    compact = compact.replace("(", "").replace(")", "")
    return compact.lower() in DEGREES and not compact.islower()


def _is_spelled_degree(piece: str) -> bool:
    """A degree that can be neither initials nor a given name: capitals after small
    letters ("PhD", "Ph.D.", "MSc", "DrPH"), not "MD", "M.D.", "Md", "Ma."."""
    words = piece.split()
    return bool(words) and all(is_degree(w) and _spelled(w) for w in words)


def _spelled(word: str) -> bool:
    """A lower-case letter before a capital ("PhD", "Ph.D.", "MSc", "DrPH"); capitals
    with stops ("M.D.", "M.A.") are initials as often as degrees."""
    letters = word.replace(".", "")
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(letters))


def _strip_honorifics(words: list[str]) -> list[str]:
    """The words of a name without honorifics before it ("Dr.", "Prof. Dr.")."""
    i = 0
    while (
        i < len(words) - 1
        and words[i].rstrip(".").lower() in HONORIFICS
        and (words[i].endswith(".") or words[i][:1].isupper())
    ):
        i += 1
    return words[i:]


_INITIALS = re.compile(r"^[A-Z\u00C0-\u00DE]{1,3}$")
#: Initials with stops after a family name, as Embase writes them: "Liu R.", "Adler D.G."
_DOTTED_INITIALS = re.compile(r"^(?:[A-Z\u00C0-\u00DE]\.-?){1,4}$")


def looks_like_organisation(text: str) -> bool:
    """True for ``World Health Organization``, ``Cochrane Collaboration`` and the like."""
    return bool(_ORGANISATION_WORDS.search(text))


def _clean(text: str) -> str:
    return " ".join(text.split())


def _initials(letters: str) -> str:
    """``NM`` → ``N. M.`` (PubMed writes initials without stops)."""
    return " ".join(f"{c}." for c in letters)


def _split_particle(family: str) -> tuple[str | None, str]:
    """``van der Berg`` → (``van der``, ``Berg``); keeps a family made only of particles."""
    words = family.split(" ")
    i = 0
    while i < len(words) - 1 and words[i].lower() in PARTICLES and words[i][:1].islower():
        i += 1
    if i == 0:
        return None, family
    return " ".join(words[:i]), " ".join(words[i:])


def parse_name(text: str) -> Name | None:
    """Parse one name as written in an export; None when it is empty.

    >>> parse_name("van der Berg, Jan").to_csl()
    {'family': 'Berg', 'given': 'Jan', 'non-dropping-particle': 'van der'}
    """
    text = _clean(text).strip(" ;,")
    if not text:
        return None
    if "," in text:
        pieces = [p.strip() for p in text.split(",")]
        while len(pieces) > 2 and all(
            is_degree(w) or w.rstrip(".").lower() in HONORIFICS for w in pieces[-1].split()
        ):
            pieces.pop()  # "Moore, Ami, PhD, MPH, CPH": the degrees after the given name
        family_words = _strip_honorifics(pieces[0].split(" "))
        pieces[0] = " ".join(family_words)  # "Dr. Smith, J"
        if len(pieces) == 2 and " " in pieces[0] and _is_spelled_degree(pieces[1]):
            text = pieces[0]  # "John Smith, PhD" (but "Garcia Lopez, MD": initials)
        else:
            return _parse_inverted(", ".join(pieces))
    text = " ".join(_strip_honorifics(text.split(" ")))
    if looks_like_organisation(text) or " " not in text:
        return Name(literal=text) if " " in text or not text[:1].isalpha() else Name(family=text)
    words = text.split(" ")
    # "Ivers NM": PubMed/Scopus style family name followed by bare initials (but
    # "Henry Ford III" ends in a suffix, not in initials).
    ends_in_suffix = len(words) > 2 and words[-1].lower().rstrip(",") in SUFFIXES
    if (
        len(words) >= 2
        and not ends_in_suffix
        and _INITIALS.match(words[-1])
        and not words[-1].endswith(".")
    ):
        family = " ".join(words[:-1])
        particle, family = _split_particle(family)
        return Name(family=family, given=_initials(words[-1]), non_dropping_particle=particle)
    if (
        len(words) >= 2
        and _DOTTED_INITIALS.match(words[-1])
        and not _DOTTED_INITIALS.match(words[0])
        and not words[0].endswith(".")
    ):
        # "Liu R." / "Adler D.G.": family first, then initials with stops (Embase).
        particle, family = _split_particle(" ".join(words[:-1]))
        return Name(family=family, given=words[-1], non_dropping_particle=particle)
    suffix = None
    if len(words) > 2 and words[-1].lower().rstrip(",") in SUFFIXES:
        suffix = words.pop()
    simple = first_von_last(words)
    if simple is not None:
        first, last = simple
        return Name(family=last, given=first or None, suffix=suffix)
    # Imported here: bibtexparser costs start-up 12-29 ms, and most names of most
    # exports are "Family, Given" and never get here.
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(" ".join(words), strict=False)
    except (InvalidNameError, ValueError, IndexError):
        return Name(literal=text)
    family = " ".join(parts.last)
    if not family:
        return Name(literal=text)
    return Name(
        family=family,
        given=" ".join(parts.first) or None,
        non_dropping_particle=" ".join(parts.von) or None,
        suffix=suffix or (" ".join(parts.jr) or None),
    )


#: What makes bibtexparser's "First von Last" split more than words and their case.
_BIBTEX_NAME_SYNTAX = frozenset("\\{}~,\t\r\n")


def first_von_last(words: list[str]) -> tuple[str, str] | None:
    """The given and family names of ``" ".join(words)`` as bibtexparser's
    ``parse_single_name_into_parts`` splits them (BibTeX's "First von Last"), when
    the name has no von part and no BibTeX syntax; None otherwise.

    The same answer without importing bibtexparser (12-29 ms of start-up): "Ivan
    Ivanov" and "Mary Ann Smith" are common (HighWire, Google Scholar, the bundled
    sample). A word is lowercase for BibTeX when its first letter is not uppercase
    (a CJK letter too); two words are given and family whatever their case.
    """
    if any(not _BIBTEX_NAME_SYNTAX.isdisjoint(word) for word in words):
        return None
    words = [word for word in words if word]
    if not words:
        return None
    if len(words) > 2:
        for word in words:
            letter = next((c for c in word if c.isalpha()), None)
            if letter is not None and not letter.isupper():
                return None  # a von part ("Jan van der Berg"): bibtexparser's rules
    return " ".join(words[:-1]), words[-1]


def _parse_inverted(text: str) -> Name:
    """``Family, Given`` / ``Family, Given, Suffix`` / ``Family, Suffix, Given``."""
    pieces = [p.strip() for p in text.split(",")]
    family = pieces[0]
    rest = [p for p in pieces[1:] if p]
    suffix = None
    given_parts: list[str] = []
    for piece in rest:
        if piece.lower() in SUFFIXES and suffix is None:
            suffix = piece
        elif not given_parts or not all(is_degree(w) for w in piece.split()):
            given_parts.append(piece)  # a degree only after the given name
    if given_parts:
        words = _strip_honorifics(given_parts[0].split(" "))  # "Smith, Dr. John"
        if len(words) > 1 and any(len(w) > 2 and not w.isupper() for w in words[:-1]):
            while len(words) > 1 and is_degree(words[-1]):
                words.pop()  # "Smith, John MD" (but "Smith, J MD": initials)
        given_parts[0] = " ".join(words)
    given = ", ".join(given_parts) or None
    compact = given.replace(" ", "") if given is not None else ""
    if compact and _INITIALS.match(compact) and "." not in compact:
        # "Smith, JA" as some databases write it: initials without stops.
        given = _initials(compact)
    if not family:
        return Name(literal=text)
    particle, family = _split_particle(family)
    dropping = None
    if given is not None and " " in given:
        # "Wesenbeeck, B.K. van", as Web of Science and PubMed write Dutch and German
        # names: the particle trails the given name (CSL: a dropping particle).
        words = given.split(" ")
        keep = len(words)
        while keep > 1 and words[keep - 1] in PARTICLES:
            keep -= 1
        if keep < len(words):
            given, dropping = " ".join(words[:keep]), " ".join(words[keep:])
    return Name(
        family=family,
        given=given,
        non_dropping_particle=particle,
        dropping_particle=dropping,
        suffix=suffix,
    )


def split_names(value: str) -> list[str]:
    """Several names written in one tag line, separated by ``;``."""
    if ";" not in value:  # one name, as most exporters write them
        value = value.strip()
        return [value] if value else []
    return [part for part in (p.strip() for p in value.split(";")) if part]
