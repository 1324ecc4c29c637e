"""Diagnostics (per-record problems) and the Report that counts them.

A :class:`Diagnostic` names the file and, where there is one, the line it is about.
Per-record problems never raise: readers hand them to a :class:`Report`, which
prints them to stderr as ``FILE:LINE: severity: message`` and decides the exit code.
What stops the whole run is a :class:`CiteconvError` instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Literal, TextIO

from citeconv import exits

Severity = Literal["error", "warning", "note"]

#: Exit codes (citeconv.exits holds them all, with their help text).
EXIT_OK = exits.OK
EXIT_FAILED = exits.FAILED
EXIT_USAGE = exits.USAGE
EXIT_INTERRUPTED = exits.INTERRUPTED


class CiteconvError(Exception):
    """Something that stops the run. ``exit_code`` is what the command returns."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        return format_location(self.file, self.line) + f"error: {printable(self.message)}"


class InputError(CiteconvError):
    """An input could not be read or is not something we can convert."""


class EmptyInput(InputError):
    """An input that holds no records at all: an empty file, blank lines, an empty
    CSL-JSON array, a CSV with its header only — what a search with zero hits
    exports. Not an error: a warning, an empty output, exit 0 (``--strict``: 1),
    so that a Makefile rule over a search that found nothing does not fail."""


def input_error(message: str, file: str | None = None, line: int | None = None) -> InputError:
    """The InputError for a reader's refusal ``message``: an :class:`EmptyInput`
    when it says the input is empty."""
    cls = EmptyInput if message.startswith("empty input") else InputError
    return cls(message, file, line)


class UsageError(CiteconvError):
    """The command line asks for something impossible (unknown writer, bad option)."""

    exit_code = EXIT_USAGE


class OutputError(CiteconvError):
    """The output could not be written."""


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(32), 127, *range(128, 160)]}


def printable(text: str) -> str:
    """``text`` with control characters (ESC, newline, C1) written as ``\\xNN``: a file
    name or value printed in a diagnostic can neither fake a line nor drive the
    terminal."""
    return text.translate(_CONTROL) if not text.isprintable() else text


def format_location(file: str | None, line: int | None) -> str:
    """``file:line: `` / ``file: `` / empty, the prefix of every message."""
    if file is None:
        return ""
    if line is None:
        return f"{printable(file)}: "
    return f"{printable(file)}:{line}: "


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found while reading or writing a record."""

    file: str | None
    line: int | None
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        location = format_location(self.file, self.line)
        return location + f"{self.severity}: {printable(self.message)}"


@dataclass
class InputFacts:
    """What reading one input found out about it, for ``citeconv check``: the reader
    chosen, the encoding its text was decoded with and why, and traits of its
    format the reader recognised (``ProCite notes``, ``collapsed lines``). Kept on
    the :class:`Report`, one per input; nothing here is printed by the readers."""

    #: The reader's name, and ``--from`` or ``content`` (how it was chosen).
    reader: str | None = None
    reader_by: str | None = None
    #: The note naming the choice when the content could be several formats.
    reader_doubt: str | None = None
    #: The codec the text was decoded with ("utf-8", "utf-16-le", "cp1252"...), and
    #: why: ``--encoding``, ``BOM``, ``detected`` (UTF-16/32 without a BOM),
    #: ``declared`` (an XML declaration) or ``default`` (UTF-8).
    encoding: str | None = None
    encoding_by: str | None = None
    #: The codec lines that were not UTF-8 were read with ("cp1252"), if any were.
    encoding_fallback: str | None = None
    #: Traits of the format the reader recognised, in the order first met.
    traits: list[str] = field(default_factory=list)

    def add_trait(self, trait: str) -> None:
        """Note a trait once (called per record or line where it shows: the list is short)."""
        if trait not in self.traits:
            self.traits.append(trait)


@dataclass
class Report:
    """Counts what happened and decides the exit code (``black``'s Report idea).

    ``sink`` receives each diagnostic as it happens (stderr in the command line) so
    that a long run reports as it goes; ``diagnostics`` keeps them for the API.
    """

    sink: TextIO | None = None
    quiet: bool = False
    colour: bool = False
    records_read: int = 0
    records_written: int = 0
    warnings: int = 0
    errors: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    max_kept: int = 10_000
    #: Warnings of one kind shown per file; the rest are counted, and said in one line.
    max_shown: int = 100
    #: What the readers found out about each input, by name (see :class:`InputFacts`).
    inputs: dict[str | None, InputFacts] = field(default_factory=dict, repr=False)
    _once: set[tuple[str | None, str]] = field(default_factory=set, repr=False)
    _shown: dict[tuple[str | None, str], int] = field(default_factory=dict, repr=False)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic and show it at once on the sink."""
        if diagnostic.severity == "warning":
            self.warnings += 1
        elif diagnostic.severity == "error":
            self.errors += 1
        # Keep a bounded number for the API; the counts stay exact.
        if len(self.diagnostics) < self.max_kept:
            self.diagnostics.append(diagnostic)
        if self.sink is not None and not (self.quiet and diagnostic.severity == "note"):
            if diagnostic.severity == "warning":
                kind = (diagnostic.file, diagnostic.code)
                shown = self._shown[kind] = self._shown.get(kind, 0) + 1
                if shown > self.max_shown:
                    return  # counted; said by flush_hidden
            self.sink.write(self._paint(diagnostic) + "\n")

    def flush_hidden(self) -> None:
        """One line per file and kind of warning for those not shown (past ``max_shown``)."""
        if self.sink is None:
            return
        for (file, code), shown in self._shown.items():
            if shown > self.max_shown:
                hidden = shown - self.max_shown
                self.sink.write(
                    format_location(file, None)
                    + f"note: {hidden} more '{code}' warning{'s' if hidden > 1 else ''} "
                    f"not shown (the first {self.max_shown} are)\n"
                )
        self._shown = {kind: min(n, self.max_shown) for kind, n in self._shown.items()}

    def facts(self, file: str | None) -> InputFacts:
        """The :class:`InputFacts` of input ``file``, for a reader to fill in."""
        found = self.inputs.get(file)
        if found is None:
            found = self.inputs[file] = InputFacts()
        return found

    def warn(self, file: str | None, line: int | None, code: str, message: str) -> None:
        self.add(Diagnostic(file, line, "warning", code, message))

    def warn_once_per_file(
        self, file: str | None, line: int | None, code: str, message: str
    ) -> None:
        """A warning given for the first occurrence in a file only (its message says so)."""
        if (file, code) not in self._once:
            self._once.add((file, code))
            self.warn(file, line, code, message)

    def error(self, file: str | None, line: int | None, code: str, message: str) -> None:
        self.add(Diagnostic(file, line, "error", code, message))

    def _paint(self, diagnostic: Diagnostic) -> str:
        text = str(diagnostic)
        if not self.colour:
            return text
        colour = {"error": "31", "warning": "33", "note": "36"}[diagnostic.severity]
        word = f"{diagnostic.severity}:"
        return text.replace(word, f"\x1b[1;{colour}m{word}\x1b[0m", 1)

    def summary(self) -> str:
        """One line: records read and written, warnings, errors."""

        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"citeconv: {plural(self.records_read, 'record')} read, "
            f"{self.records_written} written, {plural(self.warnings, 'warning')}, "
            f"{plural(self.errors, 'error')}"
        )

    def exit_code(self, strict: bool = False) -> int:
        """0 when converted, 1 on any error (or any warning when strict)."""
        if self.errors or (strict and self.warnings):
            return EXIT_FAILED
        return EXIT_OK


def stderr_wants_colour(stream: TextIO = sys.stderr) -> bool:
    """Colour only for a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    import os

    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
