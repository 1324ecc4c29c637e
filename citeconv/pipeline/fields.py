"""Which fields reach the writer: ``--exclude-fields``, ``--fields``, ``--no-abstract``.

One filter between the readers and every writer, so that ``--exclude-fields
abstract,keyword,note`` means the same for BibTeX, CSL-JSON, RIS and formatted
references. Field names are CSL's (as in CSL-JSON: ``container-title``, ``DOI``,
``issued``), case-insensitively, or the BibTeX names users know (``journal``,
``year``, ``pages``, ``keywords``, ``url``); ``custom`` is all of CSL-JSON's
``custom`` object, ``export-notes`` the export's bookkeeping notes in it
(citeconv.notes). An unknown name is a usage error with the nearest names.
``id`` and ``type`` are always kept.

:class:`FilteringWriter` wraps a writer: items are filtered before they are
written, and before a ``--jobs`` worker renders them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from citeconv.keys import CitationKeys
from citeconv.model import (
    DATE_VARIABLES,
    EXPORT_NOTES,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    TEXT_VARIABLES,
    Item,
    Rendered,
)
from citeconv.writers.base import Writer

#: Variables the model holds besides CSL's standard text, number, name and date ones.
_OTHER = (
    "note",
    "language",
    "keyword",
    "medium",
    "jurisdiction",
    "license",
    "original-title",
    "original-publisher",
    "original-publisher-place",
    "custom",
    EXPORT_NOTES,
)

#: Every name a field is known by, lower case → the model's name.
KNOWN: dict[str, str] = {
    name.lower(): name
    for name in (
        *NAME_VARIABLES,
        *DATE_VARIABLES,
        *sorted(NUMBER_VARIABLES),
        *sorted(TEXT_VARIABLES),
        *_OTHER,
    )
}

#: BibTeX / BibLaTeX / RIS-minded names → the model's.
ALIASES: dict[str, str] = {
    "keywords": "keyword",
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "year": "issued",
    "date": "issued",
    "urldate": "accessed",
    "pages": "page",
    "address": "publisher-place",
    "location": "publisher-place",
    "series": "collection-title",
    "annotation": "annote",
    "shorttitle": "title-short",
    "eprint": "PMID",
    "notes": "note",
    "abstracts": "abstract",
    "authors": "author",
    "editors": "editor",
}

_ALWAYS = ("id", "type")


def field_name(word: str) -> str:
    """The model's name for the field a user called ``word``; a usage error if none."""
    key = word.strip().lower()
    found = KNOWN.get(key) or ALIASES.get(key)
    if found is not None:
        return found
    from citeconv.diagnostics import UsageError
    from citeconv.suggest import did_you_mean

    near = did_you_mean(key, [*KNOWN.values(), *ALIASES])
    if key in _ALWAYS:
        raise UsageError(f"field {word!r} is always written (every record has it)")
    raise UsageError(
        f"unknown field {word!r}{near} (CSL variable names, as in CSL-JSON, or "
        "journal, year, pages, keywords, url ...)"
    )


def parse_fields(values: Iterable[str] | None, required: bool = False) -> tuple[str, ...]:
    """``["abstract,keywords", "note"]`` → ``("abstract", "keyword", "note")``;
    ``required``: no name at all (``--fields ""``) is a usage error."""
    out: list[str] = []
    for value in values or ():
        for word in value.split(","):
            if word.strip():
                name = field_name(word)
                if name not in out:
                    out.append(name)
    if required and not out:
        from citeconv.diagnostics import UsageError

        raise UsageError("--fields needs at least one field name (see --help)")
    return tuple(out)


class FieldFilter:
    """Drops the ``exclude`` fields of each item, or keeps only the ``only`` ones."""

    def __init__(self, exclude: Sequence[str] = (), only: Sequence[str] | None = None) -> None:
        self.exclude = frozenset(exclude)
        self.only = frozenset(only) if only is not None else None

    @property
    def active(self) -> bool:
        return bool(self.exclude) or self.only is not None

    def _drop(self, name: str) -> bool:
        if name in self.exclude:
            return True
        return self.only is not None and name not in self.only

    def apply(self, item: Item) -> Item:
        """``item`` without the fields left out (changed in place, and returned)."""
        for variable in [v for v in item.fields if self._drop(v)]:
            del item.fields[variable]
        for variable in [v for v in item.names if self._drop(v)]:
            del item.names[variable]
        for variable in [v for v in item.dates if self._drop(v)]:
            del item.dates[variable]
        if item.keywords and self._drop("keyword"):
            item.keywords = []
        if item.custom:
            # export-notes is one key of custom: leaving custom out leaves it out too.
            only = self.only
            keep_notes = not ({EXPORT_NOTES, "custom"} & self.exclude) and (
                only is None or bool({EXPORT_NOTES, "custom"} & only)
            )
            if not self._drop("custom"):
                if not keep_notes:
                    item.custom.pop(EXPORT_NOTES, None)
            elif keep_notes and EXPORT_NOTES in item.custom:
                item.custom = {EXPORT_NOTES: item.custom[EXPORT_NOTES]}
            else:
                item.custom = {}
        return item


class FilteringWriter(Writer):
    """``writer``, handed its items through ``selection``: in this process and in
    ``--jobs`` workers (:meth:`render`) alike."""

    def __init__(self, writer: Writer, selection: FieldFilter) -> None:
        super().__init__(writer.options, writer.report)
        self.writer = writer
        self.selection = selection

    def _filter(self, item: Item) -> Item:
        # The key comes from the whole record: `--fields title` keeps tran2021quality.
        keys = getattr(self.writer, "keys", None)
        if isinstance(keys, CitationKeys):
            item.key_stem = keys.stem(item)
        return self.selection.apply(item)

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        return self.writer.write((self._filter(item) for item in items), out)

    def can_render_apart(self) -> bool:
        return self.writer.can_render_apart()

    def render(self, item: Item) -> Any:
        return self.writer.render(self._filter(item))

    def write_rendered(self, parts: Iterable[Item | Rendered], out: TextIO) -> int:
        return self.writer.write_rendered(
            (p if isinstance(p, Rendered) else self._filter(p) for p in parts), out
        )


def with_fields(writer: Writer) -> Writer:
    """``writer`` behind the filter its options ask for (``exclude_fields``,
    ``fields``, ``no_abstract``), or ``writer`` itself when they ask for none."""
    options = writer.options
    exclude = list(options.exclude_fields)
    if options.no_abstract and "abstract" not in exclude:
        exclude.append("abstract")
    selection = FieldFilter(exclude, options.fields)
    return FilteringWriter(writer, selection) if selection.active else writer
