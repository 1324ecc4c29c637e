"""What a reader is: the interface every input format implements, built-in or not.

A reader is a class registered in the entry-point group ``citeconv.readers``. Its
class attributes say what it is called and which files are its (``name``,
``aliases``, ``suffixes``, ``description``); :meth:`Reader.detect` says how sure it
is that some first bytes are its format; :meth:`Reader.read` yields the items. The
class must be cheap to import (the content test runs for every input with
``--from auto``): import the parsing code inside :meth:`Reader.read`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, ClassVar

from citeconv.readers.ris.decode import MAX_LINE_BYTES

if TYPE_CHECKING:
    from citeconv.diagnostics import Report
    from citeconv.model import Item

#: ``--from`` also takes ``auto``: decide by content, then by suffix.
AUTO = "auto"
#: The reading of RIS tags whose meaning depends on the type (readers.ris.mapping).
DEFAULT_MAPPING = "endnote"


@dataclass(frozen=True)
class ReadOptions:
    """How the inputs of a run are read.

    ``input_format``: ``auto`` (by content, then suffix) or a reader's name or alias
    (``citeconv readers`` lists them: ``ris``, ``csl-json``, ``medline``, ...; an
    unknown one is a UsageError when the first input is read);
    ``encoding``: None for the BOM / UTF-16 / UTF-8 / cp1252 decision;
    ``max_line_bytes``: the longest line (and, in characters, record) read;
    ``tag_mapping``: how RIS type-dependent tags are read (``endnote``, ``zotero``);
    ``keep_going``: an input that fails is reported and the next one read.
    """

    input_format: str = AUTO
    encoding: str | None = None
    max_line_bytes: int = MAX_LINE_BYTES
    tag_mapping: str = DEFAULT_MAPPING
    keep_going: bool = False

    def __post_init__(self) -> None:
        from citeconv.diagnostics import UsageError

        if not isinstance(self.input_format, str) or not self.input_format:
            raise UsageError(
                f"input_format must be a reader's name or auto, not {self.input_format!r}"
            )
        if not isinstance(self.max_line_bytes, int) or self.max_line_bytes < 1024:
            raise UsageError(f"max_line_bytes must be at least 1024, not {self.max_line_bytes!r}")


class Reader:
    """One input format. Subclass it, set the class attributes, implement ``read``."""

    #: The name ``--from`` takes.
    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    #: File suffixes (with the dot, lower case) that are this format's, for the
    #: tie-break when two readers are as sure of the content.
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    @classmethod
    def detect(cls, head: bytes, text: str) -> int:
        """How sure this reader is that an input starting with ``head`` (``text``: the
        same bytes decoded, BOM and UTF-16/32 handled) is its format: 0 (not at all)
        to 100. The built-in scores: 90 JSON, 85 XML, 80 a tagged format's own
        header or tags, 75 BibTeX, 10 RIS (the fallback)."""
        return 0

    @classmethod
    def problem(cls, head: bytes, encoding: str | None, complete: bool) -> str | None:
        """Why an input starting with ``head`` cannot be read as this format (checked
        before any output is written), or None to read on. ``complete``: ``head`` is
        the whole input."""
        from citeconv.readers.ris.sniff import generic_problem

        return generic_problem(head, encoding, complete, cls.name)

    def read(
        self,
        stream: BinaryIO,
        name: str,
        report: Report,
        options: ReadOptions,
        first_index: int = 1,
    ) -> Iterator[Item]:
        """The items of ``stream`` (its first bytes not yet read), one per record, as
        they are read; per-record problems to ``report`` with file and line; an
        :class:`~citeconv.diagnostics.InputError` for input that is not this format
        at all. ``first_index`` numbers generated ids across several inputs."""
        raise NotImplementedError
