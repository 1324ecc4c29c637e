"""Rendering a bibliography of Items with a CSL style through (fixed) citeproc-py."""

from __future__ import annotations

import io
import marshal
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from citeconv.csl import patches, speedups
from citeconv.csl.fixes import layout, order, work
from citeconv.csl.fixes.state import BIBLIOGRAPHY
from citeconv.csl.markup import (
    DOI_LINK,
    MARKS_FORMATTER,
    URL_LINK,
    Markup,
    finish,
    rich_text_to_marks,
)
from citeconv.csl.packed import PackedSource
from citeconv.csl.quotes import quote_marks
from citeconv.csl.quotes import typographic_quotes as typographic_quotes
from citeconv.csl.scripts import has_cjk
from citeconv.csl.styles import check_locale, style_source
from citeconv.dates import parse_free_date
from citeconv.diagnostics import UsageError
from citeconv.model import DATE_VARIABLES, Item


@dataclass(frozen=True)
class Entry:
    """One formatted bibliography entry: the id of the item it renders and its text.

    The id, not the item: a bibliography holds every entry at once, and 100k items
    kept beside citeproc-py's references were a third of its memory."""

    id: str
    text: str


def load_style(style: str, locale: str | None) -> Any:
    """Parse a style once per (style, locale) in this process (one with a
    bibliography: what the formatted writers need)."""
    parsed = load_any_style(style, locale)
    if parsed.root.bibliography is None:
        # citeproc-js's makeBibliography() returns false for it, and Zotero offers
        # only citations: say so instead of failing inside citeproc-py.
        raise UsageError(
            f"style {style!r} has no bibliography (a note style that only formats "
            "citations); citeconv writes bibliographies: choose another style"
        )
    return parsed


@lru_cache(maxsize=16)
def load_any_style(style: str, locale: str | None) -> Any:
    """Parse a style once per (style, locale) in this process, with a bibliography or
    without one (a note style that formats only citations: citeconv.csl.citations)."""
    from citeproc import CitationStylesStyle

    patches.apply()
    source = style_source(style)
    chosen = check_locale(locale) if locale else source.locale
    # The checked bytes, never the file again (a FIFO is read once; what citeproc-py
    # parses is what was checked).
    parsed = CitationStylesStyle(io.BytesIO(source.data), locale=chosen, validate=False)
    if chosen:
        # citeproc-js's default locale is the one asked for: items without a
        # language are in it (no English title case for --locale de-DE).
        parsed.root.set("default-locale", chosen)
    _typographic_terms(parsed.root)
    speedups.pin(parsed)
    return parsed


_TERM_TAGS = tuple(
    f"{{http://purl.org/net/xbiblio/csl}}{tag}" for tag in ("term", "single", "multiple")
)
#: citeproc-js's _apostropheForce: a straight apostrophe before a letter is "’".
_TERM_APOSTROPHE = re.compile(r"'(?=[^,.?:; ])")


def _typographic_terms(root: Any) -> None:
    """Straight apostrophes in the locales' terms made typographic, as citeproc-js
    prints them (French "à l’adresse", "d’après"; citeproc-py kept "l'adresse")."""
    for locale in getattr(root, "locales", None) or ():
        for element in locale.iter(*_TERM_TAGS):
            if element.text and "'" in element.text:
                element.text = _TERM_APOSTROPHE.sub("\u2019", element.text)


def render_bibliography(
    items: Iterable[Item | Packed],
    style: str,
    locale: str | None = None,
    markup: Markup = "text",
    jobs: int | None = None,
    links: bool = False,
) -> list[Entry]:
    """The bibliography of ``items`` in the style's order, one Entry per item.

    ``jobs``: processes that render entries (None: automatic; see citeconv.pipeline.workers).
    ``links``: DOIs and URLs as links in HTML and Markdown (see citeconv.csl.links).
    """
    return [
        Entry(entry.id, finish_entry(entry.text, markup))
        for entry in render_marked(items, style, locale, jobs, links)
    ]


class Packed(NamedTuple):
    """An item as a formatted bibliography keeps it: its id and the ``marshal`` of the
    CSL-JSON citeproc-py is given (see :func:`packer`, citeconv.csl.packed)."""

    id: str
    blob: bytes


def packer(style: str, locale: str | None = None, links: bool = False) -> Callable[[Item], Packed]:
    """What :func:`render_marked` keeps of an item, made as the item arrives.

    A bibliography is sorted as a whole, so every item waits in memory until the
    last one is read: packed, an item is ~600 bytes instead of ~6 KB (and its
    citeproc-py reference, ~3.3 KB, exists only while it is used). ``style``,
    ``locale`` and ``links`` must be those of the rendering.
    """
    parsed_style = load_style(style, locale)
    quotes = quote_marks(parsed_style.root)
    unused = _unused_free_text(parsed_style)

    def pack(item: Item) -> Packed:
        data = _to_citeproc(item, "", quotes, unused, links)
        del data["id"]  # each build is given its key
        try:
            blob = marshal.dumps(data)
        except ValueError:  # a str subclass (a plug-in reader's text): made plain
            blob = marshal.dumps(_plain(data))
        return Packed(item.id, blob)

    return pack


def _plain(value: Any) -> Any:
    """``value`` with every str, list and dict of a subclass made plain (marshal
    knows only the built-in types)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def render_marked(
    items: Iterable[Item | Packed],
    style: str,
    locale: str | None = None,
    jobs: int | None = None,
    links: bool = False,
) -> list[Entry]:
    """The bibliography with formatting still as marks: finish it with :func:`finish_entry`.

    One rendering serves every markup (see citeconv.csl.markup). Sorting and
    disambiguation need the whole list and run here; the entries are then rendered
    by ``jobs`` processes, each a slice, joined in order (identical output).
    ``links``: DOI and URL values between link marks. ``items`` may be packed
    already (:func:`packer` with the same style, locale and links).
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography

    from citeconv.pipeline.workers import render_sorted_bibliography, resolve_jobs

    parsed_style = load_style(style, locale)
    # citeproc-py lower-cases ids (so "A" and "a" collide): give it our own. Each item
    # is let go once it is packed (see Entry); only its id is kept.
    ids: list[str] = []
    pack = packer(style, locale, links)

    def keyed() -> Iterator[tuple[str, bytes]]:
        for n, item in enumerate(items):
            packed = item if isinstance(item, Packed) else pack(item)
            ids.append(packed.id)
            yield f"i{n}", packed.blob

    source = PackedSource(keyed(), _build_reference)
    keys = [f"i{n}" for n in range(len(ids))]
    bibliography = CitationStylesBibliography(parsed_style, source, MARKS_FORMATTER)
    # CitationStylesBibliography.register checks ``key not in self.keys`` (a list):
    # quadratic in the number of items. Our keys are unique, so register directly.
    cites = []
    for key in keys:
        citation = Citation([CitationItem(key)])
        citation.bibliography = bibliography
        cites.extend(citation.cites)
    bibliography.keys = list(keys)
    bibliography.items = cites
    by_key = dict(zip(keys, ids, strict=True))
    entries: list[Entry] = []
    workers = resolve_jobs(jobs, len(keys))
    BIBLIOGRAPHY.workers = workers
    BIBLIOGRAPHY.item_ids = by_key
    order.start_render(len(keys))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            # Sorted once, before disambiguation: citeproc-js renders sort keys
            # without what disambiguation adds (names, initials, year suffixes).
            bibliography.sort()
            order.disambiguate(bibliography)
            order.register_in_bibliography_order(bibliography)
            rendered = render_sorted_bibliography(bibliography, workers)
    except work.StyleTooComplex:
        raise UsageError(
            f"style {style}: its layout and macros stand for more than "
            f"{work.MACRO_WORK_PER_ENTRY:,} elements per entry; refused"
        ) from None
    finally:
        BIBLIOGRAPHY.workers = 1
    for number, (key, text) in enumerate(zip(bibliography.keys, rendered, strict=True), 1):
        if not text:
            text = order.empty_entry(bibliography.style.root, number) or text
        if text is not None:
            entries.append(Entry(by_key[key], str(text)))
    return entries


def citeproc_source(
    items: Sequence[Item], keys: Sequence[str], parsed_style: Any, links: bool = False
) -> Any:
    """citeproc-py's source of ``items``, each under its key of ``keys`` (see
    :func:`_to_citeproc`); shared with citeconv.csl.citations."""
    return _keyed_source(zip(items, keys, strict=True), parsed_style, links)


def _keyed_source(pairs: Iterable[tuple[Item, str]], parsed_style: Any, links: bool) -> Any:
    from citeproc.source.json import CiteProcJSON

    quotes = quote_marks(parsed_style.root)
    unused = _unused_free_text(parsed_style)
    with warnings.catch_warnings():
        # citeproc-py warns about every variable it does not know; not the user's business.
        warnings.simplefilter("ignore", UserWarning)
        # A generator: each record's dict is dropped once citeproc-py has read it
        # (a list of them all was ~20 MB of peak memory for 10k records).
        source = CiteProcJSON(_to_citeproc(item, key, quotes, unused, links) for item, key in pairs)
    for reference in source.values():
        _alias_names(reference)
    return source


def _build_reference(data: dict[str, Any]) -> Any:
    """citeproc-py's reference of one item's CSL-JSON (its ``id`` the key)."""
    from citeproc.source.json import CiteProcJSON

    (reference,) = CiteProcJSON([data]).values()
    _alias_names(reference)
    return reference


def _alias_names(reference: Any) -> None:
    # citeproc-py looks names up by the style's hyphenated variable name
    # ("container-author") in a reference keyed by underscored names, so those
    # never render: let both spellings find them.
    for variable in [v for v in reference if "_" in v and isinstance(reference[v], list)]:
        dict.__setitem__(reference, variable.replace("_", "-"), reference[variable])


#: Long free-text variables: a style that never names one cannot print it.
_FREE_TEXT = ("abstract", "keyword", "note", "annote")


def _unused_free_text(style: Any) -> frozenset[str]:
    """The variables of _FREE_TEXT that no attribute of the style names.

    CSL reaches a variable only through an attribute that names it (variable=,
    is-numeric=, a sort key, ...), and neither citeproc-py nor our fixes read these
    four otherwise, so citeproc-py need not be given them: abstracts are most of a
    record's text (half of the memory of 10k references, and ~10 MB copied).
    """
    unused = style.root.__dict__.get("_citeconv_unused_free_text")
    if unused is None:
        named = {
            word
            for element in style.root.iter()
            if isinstance(element.tag, str)
            for value in element.attrib.values()
            for word in value.split()
        }
        unused = frozenset(v for v in _FREE_TEXT if v not in named)
        style.root._citeconv_unused_free_text = unused
    return frozenset(unused)


def _to_citeproc(
    item: Item,
    key: str,
    quotes: tuple[str, str, str, str],
    unused: frozenset[str] = frozenset(),
    links: bool = False,
) -> dict[str, Any]:
    """The CSL-JSON that citeproc-py gets: our key, rich text as marks, dates it can read
    (without the ``unused`` variables); with ``links``, DOI and URL between link marks."""
    data = item.to_csl()
    data["id"] = key
    data.pop("custom", None)
    for variable in unused:
        data.pop(variable, None)
    for variable, value in list(data.items()):
        if isinstance(value, str) and variable not in ("id", "type", "language"):
            if not value:
                # citeproc-js: an empty variable is no variable (APA's pages of a
                # paper with "number": "" are not replaced by "Article").
                del data[variable]
            elif links and variable in _LINKED and value.strip():
                # Inside the value, so that the marks go wherever the style prints it
                # (and only there): the style's prefix and affixes stay outside. The
                # value as it is, as citeproc-js links it: its tags ("<i>") are text,
                # not marks that the link's target would lose.
                opening, closing = _LINKED[variable]
                data[variable] = f"{opening}{value}{closing}"
            else:
                data[variable] = _prepare_text(value, variable, quotes)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            # A name with no text in any part ({"literal": ""}) made citeproc-py add
            # None to a str (exit 3): it names nobody, so it is left out.
            names = [_prepare_name(name, quotes) for name in value if _names_someone(name)]
            if names:
                data[variable] = names
            else:
                del data[variable]
    for date_variable in DATE_VARIABLES:
        date = data.get(date_variable)
        if isinstance(date, dict) and "date-parts" not in date:
            # citeproc-py cannot read raw dates (citeproc-js parses them): parse them
            # here, and keep what does not parse as a literal.
            text = date.get("literal") or date.get("raw")
            parsed = parse_free_date(text) if text and not date.get("literal") else None
            if parsed is not None and parsed.parts:
                data[date_variable] = parsed.to_csl()
            elif text:
                data[date_variable] = {"literal": text}
            else:
                del data[date_variable]
    return data


#: The variables printed as links, with ``links``: their link marks.
_LINKED = {"DOI": DOI_LINK, "URL": URL_LINK}

#: Variables whose text citeproc-js leaves alone (no typographic quotes).
_VERBATIM = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})


def _prepare_name(name: dict[str, Any], quotes: tuple[str, str, str, str]) -> dict[str, Any]:
    parse = name.get("parse-names") is not False
    written = name.get("family")
    if isinstance(written, str) and len(written) > 1 and written[0] == written[-1] == '"':
        # citeproc-js's _parseName: a family name in double quotes is the family name
        # as written, without the quotes, and no particle is read out of the name.
        name = {**name, "family": written[1:-1]}
        parse = False
    prepared = {
        part: typographic_quotes(rich_text_to_marks(text), quotes, apostrophes=True)
        if isinstance(text, str)
        else text
        for part, text in name.items()
        if part not in _NAME_FLAGS  # for us, not name parts for citeproc-py
    }
    for flag in ("static-ordering", "comma-suffix"):
        if name.get(flag) is True:
            # Read by fixes.names._name_process (citeproc-py ignores what it does not know).
            prepared[flag] = True
    family, given = prepared.get("family"), prepared.get("given")
    # citeproc-js reads particles only out of a name with a given name, and not when
    # "parse-names" is false.
    parse = parse and bool(given)
    if (
        parse
        and isinstance(family, str)
        and "non-dropping-particle" not in prepared
        and "dropping-particle" not in prepared
    ):
        # citeproc-js reads leading lower-case words of a family name as its
        # particle ("de Souza": particle "de", sorted under S; "al-One": "al-";
        # "d’Alembert": "d’"); citeproc-py does not.
        particle, rest = _family_particle(family)
        if particle:
            prepared["non-dropping-particle"] = particle
            prepared["family"] = rest
    if parse and isinstance(given, str) and family and not prepared.get("suffix"):
        # citeproc-js's parseSuffix: what follows a comma in a given name is its suffix
        # ("John, III"; ",!" asks for a comma before it: "John Doe, Jr.").
        match = _GIVEN_SUFFIX.search(given)
        if match and "non-dropping-particle" not in name:
            suffix = given[match.end() :]
            if suffix.replace(".", "") == "et al" and "dropping-particle" not in prepared:
                prepared["dropping-particle"] = suffix
            else:
                prepared["suffix"] = suffix
                if len(match.group(0).replace(" ", "")) == 2:
                    prepared["comma-suffix"] = True
            given = prepared["given"] = given[: match.start()]
    if parse and isinstance(given, str) and family and "dropping-particle" not in prepared:
        # citeproc-js reads trailing words of a given name that start in lower case as
        # its dropping particle ("Wesenbeeck, B. K. van", as Web of Science and PubMed
        # write Dutch names); citeproc-py initializes them ("B. K. van .").
        words = given.split(" ")
        keep = len(words)
        while keep and _starts_lower(words[keep - 1]):
            keep -= 1
        # A given name made only of such words ("bell") stays the given name here:
        # citeproc-js's empty given name then prints as a double space, which
        # fixes.names.initialize reproduces ("hooks,  bell").
        if 0 < keep < len(words):
            prepared["dropping-particle"] = " ".join(w for w in words[keep:] if w)
            prepared["given"] = " ".join(words[:keep]).strip()
            given = prepared["given"]
    if family and given and has_cjk(family) and has_cjk(given):
        # citeproc-js writes Chinese, Japanese and Korean names family name first,
        # without a space, and never initializes them: "山田太郎"; the short form
        # (in cites) is the family name alone (see fixes.names.name_process).
        return {"literal": f"{family}{given}", "family": family, "given": given}
    return prepared


#: citeproc-js's parseSuffix: the comma (",!" for a comma kept) before a given name's suffix.
_GIVEN_SUFFIX = re.compile(r"\s*,!*\s*")

#: The flags of a CSL-JSON name object (no parts of the name).
_NAME_FLAGS = frozenset({"parse-names", "static-ordering", "comma-suffix"})

#: citeproc-js's CSL.PARTICLE_FAMILY_REGEXP: a leading word ending in a space, a
#: hyphen or an apostrophe.
_FAMILY_PARTICLE = re.compile("^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")


def _family_particle(family: str) -> tuple[str, str]:
    """(the leading particles of a family name, the rest), as citeproc-js's
    parseParticles splits them: each word whose first letter is lower case."""
    particle, rest = "", family.strip()
    while match := _FAMILY_PARTICLE.match(rest):
        if not _starts_lower(match.group(1)):
            break
        particle += match.group(1)
        rest = match.group(2)
    # citeproc-js's trimLast: an apostrophe keeps the space written after it ("d’ Artagnan").
    kept = " " if particle.endswith(" ") and particle.strip().endswith(("'", "\u2019")) else ""
    particle = particle.strip()
    return (particle + kept, rest) if particle else ("", family)


def _names_someone(name: dict[str, Any]) -> bool:
    return any(
        isinstance(name.get(part), str) and name[part].strip()
        for part in ("family", "given", "literal")
    )


def _starts_lower(word: str) -> bool:
    """Whether a word's first letter is lower case, as citeproc-js tests a particle."""
    first = word.lstrip("-'\u02bb\u2019")[:1]
    return first.upper() != first


def _prepare_text(value: str, variable: str, quotes: tuple[str, str, str, str]) -> str:
    value = rich_text_to_marks(value)
    if variable in _VERBATIM:
        return value
    return typographic_quotes(value, quotes)


def finish_entry(text: str, markup: Markup) -> str:
    """A rendered entry (with marks) in its final markup."""
    first, separator, rest = text.partition(layout.FIELD_SEPARATOR)
    if not separator:
        return finish(text, markup)
    if markup == "html":
        if not rest:  # the first field alone (see fixes/layout.py)
            return f'\n    <div class="csl-left-margin">{finish(first, markup)}</div>'
        # citeproc-js's layout of the two blocks, byte for byte; a space that ends the
        # entry goes after the right block (variables_ContainerTitleShort: "\n   </div>").
        right = finish(rest, markup)
        kept = right.rstrip(" ")
        return (
            f'\n    <div class="csl-left-margin">{finish(first, markup)}</div>'
            f'<div class="csl-right-inline">{kept}</div>\n  {right[len(kept) :]}'
        )
    return f"{finish(first, markup)} {finish(rest, markup)}"


def html_entry(text: str) -> str:
    """One entry of an HTML bibliography, laid out as citeproc-js does (with its newline)."""
    return f'  <div class="csl-entry">{text}</div>\n'


#: What citeproc-js puts around the entries of an HTML bibliography.
HTML_BIB_START = '<div class="csl-bib-body">\n'
HTML_BIB_END = "</div>\n"
