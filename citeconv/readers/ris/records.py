"""A RIS record as read, before mapping: tag lines, shared by the reader and the
dialects (ProCite) that rewrite them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TagLine:
    """One field of a record: tag, value, and the line it started on."""

    tag: str
    value: str
    line: int
    #: Written in another case ("Ti", "ti") and read as upper case.
    folded: bool = False
    #: Wrapped lines of the value, joined onto it when the record is complete (one
    #: join, not one concatenation per line: linear whatever the number of lines).
    more: list[str] | None = None

    def join_wrapped(self) -> None:
        """Put the wrapped lines back: ``more`` holds them each after its separator."""
        if self.more:
            self.value = (self.value + "".join(self.more)).lstrip(" ")
            self.more = None

    def wrap(self, content: str, separator: str = " ") -> None:
        """Add a wrapped line to the value (joined once, by :meth:`join_wrapped`)."""
        if self.more is None:
            self.more = [separator, content]
        else:
            self.more += (separator, content)


@dataclass(slots=True)
class RawRecord:
    """The fields of one record between ``TY`` and ``ER``, before mapping."""

    line: int
    fields: list[TagLine] = field(default_factory=list)

    @property
    def type_tag(self) -> TagLine | None:
        for f in self.fields:
            if f.tag == "TY":
                return f
        return None
