"""Writers are plug-ins found through the entry-point group ``citeconv.writers``.

The built-in writers register through the same group as third-party ones, so that
both are found, listed and chosen the same way (pybtex's ``find_plugin`` idea).
Writer modules are imported only when a writer is looked up, never at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from citeconv.diagnostics import UsageError
from citeconv.plugins import WRITERS, Plugin, plugins
from citeconv.writers.base import Writer, WriterOptions

GROUP = WRITERS

__all__ = ["GROUP", "Writer", "WriterInfo", "WriterOptions", "available_writers", "find_writer"]


@dataclass(frozen=True)
class WriterInfo:
    """A loaded writer class with the entry point it came from."""

    entry_point: Plugin
    cls: type[Writer]

    @property
    def name(self) -> str:
        return self.cls.name or self.entry_point.name

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.entry_point.name, *self.cls.aliases)


def available_writers() -> list[WriterInfo]:
    """Every installed writer, built-in first then by name; broken plug-ins skipped."""
    infos: list[WriterInfo] = []
    for ep in plugins(GROUP):
        try:
            cls = ep.load()
        except Exception:  # a broken third-party plug-in must not break the tool
            continue
        if isinstance(cls, type) and issubclass(cls, Writer):
            infos.append(WriterInfo(ep, cls))
    builtin = [i for i in infos if i.cls.__module__.startswith("citeconv.")]
    others = [i for i in infos if not i.cls.__module__.startswith("citeconv.")]
    return builtin + sorted(others, key=lambda i: i.name)


def writer_names() -> str:
    """The writer names, comma-separated, for error messages."""
    return ", ".join(info.name for info in available_writers())


def find_writer(name: str | None = None, filename: str | None = None) -> type[Writer]:
    """The writer called ``name`` (or an alias), or the one for ``filename``'s suffix."""
    if name is not None:
        wanted = name.lower()
        # Try the entry point of that exact name first: loads one module only.
        for ep in plugins(GROUP):
            if ep.name == wanted:
                cls = ep.load()
                if isinstance(cls, type) and issubclass(cls, Writer):
                    return cls
        infos = available_writers()
        for info in infos:
            if wanted in info.names:
                return info.cls
        from citeconv.suggest import did_you_mean

        near = did_you_mean(name, [n for info in infos for n in info.names])
        raise UsageError(f"unknown writer {name!r}{near} (writers: {writer_names()})")
    if filename is not None:
        suffix = Path(filename).suffix.lower()
        matches = [info for info in available_writers() if suffix in info.cls.suffixes]
        if len(matches) == 1:
            return matches[0].cls
        raise UsageError(
            f"cannot choose a writer from the suffix {suffix or '(none)'!r} of {filename}; "
            f"use --to NAME (writers: {writer_names()})"
        )
    raise UsageError(f"no writer chosen: use --to NAME (writers: {writer_names()})")
