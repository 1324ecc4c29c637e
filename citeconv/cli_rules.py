"""The command line's rules about which options go with which writer.

One rule, documented in ``convert --help`` and the README: an option given on the
command line that the chosen writer does not read (:attr:`Writer.options_used`) is
a warning naming the option, the writer and the writers it is for — never silently
ignored, never an error (a Makefile that passes ``--locale`` to every rule should
still work; ``--strict`` makes it fail). The field filters (``--exclude-fields``,
``--fields``, ``--no-abstract``) and ``--jobs`` apply to every writer.

``--style`` without ``--to`` chooses the ``csl`` writer, as pandoc's ``--csl``
chooses citeproc.
"""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from citeconv.diagnostics import UsageError

if TYPE_CHECKING:
    from citeconv.diagnostics import Report
    from citeconv.writers.base import Writer, WriterOptions

#: WriterOptions field → the option that sets it.
FLAGS = {
    "style": "--style",
    "locale": "--locale",
    "markup": "--markup",
    "links": "--links",
    "max_entries": "--max-entries",
    "keep_ids": "--keep-ids",
    "key_format": "--key-format",
    "ascii": "--ascii",
    "protect_case": "--protect-case",
}


def implied_writer(to: str | None, output: str | None, style: str | None) -> str | None:
    """The writer ``--to`` names, or ``csl`` when only ``--style`` says what is
    wanted (``-o refs.bib --style apa`` keeps the suffix's writer, and is refused
    later: a style is for formatted writers)."""
    if to is not None or style is None:
        return to
    if output is not None and output != "-":
        from citeconv.writers import find_writer

        try:
            find_writer(filename=output)
        except UsageError:  # no writer for that suffix (.html, .txt): the style decides
            return "csl"
        return None
    return "csl"


#: Output suffixes that choose the markup of formatted references.
MARKUP_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def implied_markup(markup: str, output: str | None) -> str:
    """``markup``, or the one ``-o``'s suffix names when it was left at text
    (``-o refs.html`` writes HTML, ``-o refs.md`` Markdown)."""
    if markup != "text" or output is None:
        return markup
    return MARKUP_BY_SUFFIX.get(Path(output).suffix.lower(), markup)


def warn_unused_options(writer_cls: type[Writer], options: WriterOptions, report: Report) -> None:
    """A warning for each option given (not at its default) that ``writer_cls`` does
    not read."""
    used = writer_cls.options_used
    if used is None:
        return
    from citeconv.writers import available_writers
    from citeconv.writers.base import WriterOptions

    defaults = WriterOptions()
    if options.links and options.markup == "text" and "links" in used:
        report.warn("citeconv", None, "option", "--links has no effect on --markup text")
    for spec in fields(WriterOptions):
        flag = FLAGS.get(spec.name)
        if flag is None or spec.name in used:
            continue
        if getattr(options, spec.name) == getattr(defaults, spec.name):
            continue
        takers = sorted(
            info.name
            for info in available_writers()
            if info.cls.options_used is not None and spec.name in info.cls.options_used
        )
        report.warn(
            "citeconv",
            None,
            "option",
            f"{flag} has no effect on the {writer_cls.name} writer (it is for {', '.join(takers)})",
        )


def check_writer_options(writer_cls: type[Writer], options: WriterOptions) -> None:
    """Validate style and locale before reading, so a typo fails fast (exit 2)."""
    from citeconv.writers.formatted import CslStyleWriter, check_markup

    if not issubclass(writer_cls, CslStyleWriter):
        return
    from citeconv.csl.styles import check_locale, style_source

    writer = writer_cls(options)
    check_markup(writer.options.markup)
    style_source(writer.style())
    from citeconv.csl import guard, patches

    # Before reading: a citeproc-py the fixes do not fit renders nothing.
    guard.check(patches.stock_targets())
    if writer.options.locale:
        check_locale(writer.options.locale)


def refuse_overwriting_input(output: str, inputs: list[str]) -> None:
    out = Path(output)
    for path in inputs:
        if path == "-":
            # `citeconv convert - -o same.ris < same.ris`: standard input is the file.
            try:
                given, target = os.fstat(0), os.stat(output)
            except (OSError, ValueError):
                continue
            if (given.st_dev, given.st_ino) == (target.st_dev, target.st_ino):
                raise UsageError(f"-o {output} is also the input (standard input); refusing")
            continue
        p = Path(path)
        same = False
        try:
            same = out.exists() and p.exists() and os.path.samefile(out, p)
            same = same or out.resolve() == p.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
            same = False
        if same:
            raise UsageError(f"-o {output} is also an input; refusing to overwrite it")
