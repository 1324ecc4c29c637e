"""CSL-JSON: the items as a JSON array, written as they stream in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import ClassVar, TextIO

from citeconv.model import Item
from citeconv.writers.base import Writer


class CslJsonWriter(Writer):
    """A CSL-JSON array, two-space indented, keys in CSL order, UTF-8, final newline."""

    name: ClassVar[str] = "csl-json"
    aliases: ClassVar[tuple[str, ...]] = ("csljson", "json")
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "CSL-JSON (Zotero, pandoc, citeproc-js, citation-js)"

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        count = 0
        out.write("[")
        for item in items:
            text = json.dumps(item.to_csl(), ensure_ascii=False, indent=2)
            out.write(",\n  " if count else "\n  ")
            out.write(text.replace("\n", "\n  "))
            count += 1
        out.write("\n]\n" if count else "]\n")
        return count
