"""What every writer is: a class with a name, aliases, suffixes and ``write``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from citeconv.diagnostics import Report
from citeconv.model import Item

if TYPE_CHECKING:
    from citeconv.keys import CitationKeys
    from citeconv.model import Rendered


@dataclass
class WriterOptions:
    """Options from the command line or the API, typed; a writer reads those it knows.

    Every writer: ``exclude_fields`` (CSL variable names left out of every record,
    e.g. ``("abstract", "keyword")``), ``fields`` (None: all; else only these, with
    ``id`` and ``type``), ``no_abstract`` (``exclude_fields`` abstract), ``jobs``
    (processes, None: automatic). Writers of citation keys (BibTeX, BibLaTeX,
    CSL-JSON ``id``, RIS ``ID``): ``keep_ids`` (the input's id as the key when it is
    one), ``key_format`` (None: the default template). BibTeX/BibLaTeX: ``ascii``
    (LaTeX accents instead of UTF-8), ``protect_case`` (auto, none, all).
    Formatted writers: ``style``, ``locale``, ``markup`` (text, html, markdown),
    ``links`` (DOIs and URLs as links, ``<a href>`` in HTML and ``[text](url)`` in
    Markdown, as citeproc-js's wrap_url_and_doi; no effect on text),
    ``max_entries`` (None: the default bound).

    A third-party writer with options of its own subclasses this dataclass (its
    fields typed, with defaults) and names it in :attr:`Writer.options_class`; its
    users pass an instance of it.
    """

    style: str | None = None
    locale: str | None = None
    markup: str = "text"
    links: bool = False
    no_abstract: bool = False
    keep_ids: bool = False
    ascii: bool = False
    protect_case: str = "auto"
    key_format: str | None = None
    exclude_fields: tuple[str, ...] = ()
    fields: tuple[str, ...] | None = None
    jobs: int | None = None
    max_entries: int | None = None


class Writer:
    """Base class of writers. Subclasses set the class attributes and ``write``.

    Third-party writers register a subclass under the entry-point group
    ``citeconv.writers``; the entry point's name should equal ``name``.
    """

    #: The writer's name, as given to ``--to``.
    name: ClassVar[str] = ""
    #: Other names accepted by ``--to``.
    aliases: ClassVar[tuple[str, ...]] = ()
    #: Output file suffixes that choose this writer when ``--to`` is not given.
    suffixes: ClassVar[tuple[str, ...]] = ()
    #: One line for ``citeconv writers``.
    description: ClassVar[str] = ""
    #: True when the writer formats references (takes --style/--locale/--markup).
    formatted: ClassVar[bool] = False
    #: The :class:`WriterOptions` fields this writer reads (beyond the field
    #: filters and ``jobs``, which apply to every writer); an option given on the
    #: command line that is not among them draws a warning ("--locale has no effect
    #: on bibtex"). None: unknown (a plug-in that does not say), no warning.
    options_used: ClassVar[frozenset[str] | None] = None
    #: The options class this writer takes (a subclass of WriterOptions for a
    #: plug-in with options of its own).
    options_class: ClassVar[type[WriterOptions]] = WriterOptions
    #: Whether a kept key may be any one-line id, compared case-sensitively (a
    #: CSL-JSON id, a RIS ID), rather than a BibTeX key.
    any_key: ClassVar[bool] = False

    def __init__(self, options: WriterOptions | None = None, report: Report | None = None):
        options = options or self.options_class()
        if not isinstance(options, self.options_class):
            # The command line's WriterOptions for a plug-in with options of its own:
            # the same values, the plug-in's own at their defaults.
            given = {f.name: getattr(options, f.name) for f in fields(options)}
            options = self.options_class(**given)
        self.options = options
        self.report = report or Report()
        #: A bar for long formatting (citeconv.progress.WorkProgress), set by the
        #: command line; None: none.
        self.progress: Any = None

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        """Write ``items`` to ``out``; return how many were written."""
        raise NotImplementedError

    def citation_keys(self) -> CitationKeys:
        """A fresh :class:`citeconv.keys.CitationKeys` for this writer's options
        (``key_format``, ``keep_ids``): the one rule of keys for every writer that
        writes them; ``any_key`` writers (CSL-JSON, RIS) keep any one-line own id,
        case-sensitively. A bad template is a usage error."""
        from citeconv.diagnostics import UsageError
        from citeconv.keys import ANY_ID, BIBTEX_KEY, CitationKeys

        try:
            return CitationKeys(
                self.options.key_format,
                self.options.keep_ids,
                valid=ANY_ID if self.any_key else BIBTEX_KEY,
                case_sensitive=self.any_key,
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None

    def warn_renamed(
        self, keys: CitationKeys, wanted: str | None, key: str, part: Item | Rendered
    ) -> None:
        """A warning when a record's own key, one documents cite, is written
        otherwise (a key taken by an earlier record, or not valid here)."""
        why = keys.renamed(wanted, key)
        if why is not None:
            origin = part.origin if isinstance(part, Item) else None
            file, line = (origin.file, origin.line) if origin else ("citeconv", None)
            self.report.warn(file, line, "key", why)

    def can_render_apart(self) -> bool:
        """Whether :meth:`render` may run in ``--jobs`` worker processes, with its
        results handed to :meth:`write_rendered` in input order. A writer whose
        records are written one by one, independently, says yes."""
        return False

    def render(self, item: Item) -> Any:
        """The costly, self-contained part of writing ``item``, as values ``marshal``
        can send between processes (strings, numbers, tuples); see
        :meth:`can_render_apart`."""
        raise NotImplementedError

    def write_rendered(self, parts: Iterable[Item | Rendered], out: TextIO) -> int:
        """:meth:`write`, where some items come rendered by workers already."""
        raise NotImplementedError
