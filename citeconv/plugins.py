"""Plug-ins: the entry points of the groups ``citeconv.readers`` and ``citeconv.writers``.

The built-in readers and writers are declared in ``pyproject.toml`` like any
plug-in, and :data:`BUILTIN` holds the same table (a test checks the two agree).
Importing ``importlib.metadata`` costs 20–60 ms at start-up (it brings the email
package), which is a tenth of converting one record. So the metadata of the
installed distributions is only read when a distribution other than citeconv
declares a citeconv plug-in; :func:`declared_elsewhere` finds that out by looking
at each ``entry_points.txt`` on ``sys.path`` (under a millisecond), and answers
yes whenever it cannot tell (a zip or egg on the path).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache, lru_cache

READERS = "citeconv.readers"
WRITERS = "citeconv.writers"

#: What pyproject.toml declares under [project.entry-points."citeconv.*"].
BUILTIN: dict[str, tuple[tuple[str, str], ...]] = {
    READERS: (
        ("ris", "citeconv.readers.formats:RisReader"),
        ("csl-json", "citeconv.readers.formats:CslJsonReader"),
        ("medline", "citeconv.readers.formats:MedlineReader"),
        ("ovid", "citeconv.readers.formats:OvidReader"),
        ("wos", "citeconv.readers.formats:WosReader"),
        ("wos-tab", "citeconv.readers.formats:WosTabReader"),
        ("scopus-csv", "citeconv.readers.formats:ScopusCsvReader"),
        ("bibtex", "citeconv.readers.formats:BibtexReader"),
        ("endnote-xml", "citeconv.readers.formats:EndnoteXmlReader"),
        ("endnote", "citeconv.readers.formats:ReferReader"),
        ("csl-yaml", "citeconv.readers.formats:CslYamlReader"),
    ),
    WRITERS: (
        ("csl-json", "citeconv.writers.csljson:CslJsonWriter"),
        ("bibtex", "citeconv.writers.bibtex:BibtexWriter"),
        ("biblatex", "citeconv.writers.bibtex:BiblatexWriter"),
        ("ris", "citeconv.writers.ris:RisWriter"),
        ("apa", "citeconv.writers.formatted:ApaWriter"),
        ("vancouver", "citeconv.writers.formatted:VancouverWriter"),
        ("csl", "citeconv.writers.formatted:CslStyleWriter"),
    ),
}


@dataclass(frozen=True)
class Plugin:
    """One entry point: its ``name`` and ``value`` (``module:attribute``)."""

    name: str
    value: str

    def load(self) -> object:
        """Import the module and return the attribute the value names."""
        import importlib

        module, _, attribute = self.value.partition(":")
        found: object = importlib.import_module(module.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            found = getattr(found, part)
        return found


@cache
def plugins(group: str) -> tuple[Plugin, ...]:
    """The entry points of ``group``, one per name, by name: the installed
    distributions' when another distribution declares citeconv plug-ins (as
    ``importlib.metadata`` finds them, first on ``sys.path`` winning a name), else
    :data:`BUILTIN`'s. The built-ins are there even when citeconv runs uninstalled."""
    builtin = [Plugin(name, value) for name, value in BUILTIN.get(group, ())]
    if not declared_elsewhere():
        return tuple(sorted(builtin, key=lambda p: p.name))
    from importlib.metadata import entry_points

    found = sorted(entry_points(group=group), key=lambda ep: (ep.dist is None, ep.name))
    unique: dict[str, Plugin] = {}
    for ep in found:
        unique.setdefault(ep.name, Plugin(ep.name, ep.value))
    for plugin in builtin:
        unique.setdefault(plugin.name, plugin)
    return tuple(sorted(unique.values(), key=lambda p: p.name))


@lru_cache(maxsize=1)
def declared_elsewhere() -> bool:
    """Whether a distribution on ``sys.path`` other than citeconv may declare an
    entry point of a citeconv group (True when a path entry is a zip or an egg,
    whose contents are not looked into)."""
    for entry in sys.path:
        folder = entry or os.curdir
        if folder.endswith((".egg", ".zip", ".whl")) and os.path.exists(folder):
            return True
        try:
            with os.scandir(folder) as found:
                names = [e.name for e in found if e.name.endswith((".dist-info", ".egg-info"))]
        except NotADirectoryError:
            return True  # a zip file of modules by another name
        except OSError:
            continue
        for name in names:
            if _project(name) == "citeconv":
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as handle:
                    text = handle.read()
            except OSError:
                continue
            if b"citeconv." in text:
                return True
    return False


def _project(folder_name: str) -> str:
    """The normalised project name of a ``*.dist-info``/``*.egg-info`` folder."""
    stem = folder_name.rsplit(".", 1)[0].split("-", 1)[0]
    return stem.lower().replace("_", "-").replace(".", "-")
