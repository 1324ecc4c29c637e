"""Suggestions ("did you mean …?") for a name a user typed that citeconv does not know.

One measure for every name citeconv takes (writers, readers, styles, locales,
option values, key fields, encodings): rapidfuzz's ``fuzz.ratio``, the normalised
Indel similarity (2 × longest common subsequence / total length, as difflib's
``SequenceMatcher.ratio`` roughly is), compared case-insensitively. rapidfuzz, not
difflib: difflib took 25 ms to search the 10,844 style ids, rapidfuzz 0.6 ms. It
is imported only here, when an error is being reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

#: The least similarity (0..1) of a suggestion: difflib's default for short lists.
CUTOFF = 0.6
#: For the style catalogue: among 10,844 ids, 0.6 found ``eye`` and ``science`` for ``iee``.
CATALOGUE_CUTOFF = 0.7
#: Suggestions less similar than the best by more than this are left out: ``bibtx``
#: is bibtex (0.91), not also biblatex (0.77) or bib (0.75); near ties all show
#: (``chicago-author``: chicago-author-date 0.85, chicago-author-date-de 0.78).
MARGIN = 0.1


def nearest(
    word: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = CUTOFF
) -> list[str]:
    """Up to ``limit`` of ``choices`` nearest to ``word``, best first (ties in the
    order of ``choices``), case-insensitively: none less similar than ``cutoff``,
    nor than the best by more than :data:`MARGIN`.

    A choice equal to ``word`` but for case comes first: ``Zotero`` → ``zotero``.
    """
    from rapidfuzz import fuzz, process

    unique = list(dict.fromkeys(choices))
    found = process.extract(
        word,
        unique,
        scorer=fuzz.ratio,
        processor=str.lower,
        limit=limit,
        score_cutoff=cutoff * 100,
    )
    if not found:
        return []
    least = found[0][1] - MARGIN * 100
    return [choice for choice, score, _ in found if score >= least]


def or_list(names: Iterable[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def did_you_mean(
    word: str,
    choices: Iterable[str],
    *,
    limit: int = 3,
    cutoff: float = CUTOFF,
    show: Callable[[str], str] = str,
) -> str:
    """``"; did you mean bibtex?"`` (or ``"; did you mean a, b or c?"``) to put after
    an error's first clause, or ``""`` when no choice is near ``word``. ``show``
    writes a choice as the user would type it (``{author}`` for a key field)."""
    found = nearest(word, choices, limit=limit, cutoff=cutoff)
    if not found:
        return ""
    return f"; did you mean {or_list(show(choice) for choice in found)}?"


def check_choice(what: str, value: str, choices: Sequence[str]) -> None:
    """Nothing if ``value`` is one of ``choices``, else a :class:`UsageError` (exit 2):
    ``unknown markup 'htm'; did you mean html? (use text, html or markdown)``."""
    if value in choices:
        return
    from citeconv.diagnostics import UsageError

    near = did_you_mean(value, choices)
    raise UsageError(f"unknown {what} {value!r}{near} (use {or_list(choices)})")
