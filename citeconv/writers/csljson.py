"""CSL-JSON: the items as a JSON array, written as they stream in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, ClassVar, TextIO

from citeconv.diagnostics import Report
from citeconv.model import Item, Rendered
from citeconv.writers.base import Writer, WriterOptions


class CslJsonWriter(Writer):
    """A CSL-JSON array, two-space indented, keys in CSL order, UTF-8, final newline."""

    name: ClassVar[str] = "csl-json"
    aliases: ClassVar[tuple[str, ...]] = ("csljson", "json")
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "CSL-JSON (Zotero, pandoc, citeproc-js, citation-js)"
    options_used: ClassVar[frozenset[str] | None] = frozenset({"keep_ids", "key_format"})
    any_key: ClassVar[bool] = True  # an id may be any one line (Unicode, case kept)

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        return self.write_rendered(items, out)

    def __init__(self, options: WriterOptions | None = None, report: Report | None = None) -> None:
        super().__init__(options, report)
        self.keys = self.citation_keys()  # checks the template before reading

    def write_rendered(self, items: Iterable[Item | Rendered], out: TextIO) -> int:
        """:meth:`write`, where an item may come rendered by a ``--jobs`` worker. Each
        ``id`` is the record's citation key (citeconv.keys.CitationKeys: the same as
        the BibTeX key), made unique here, in input order."""
        keys = self.citation_keys()
        count = 0
        out.write("[")
        for part in items:
            stem, wanted, rest = part.piece if isinstance(part, Rendered) else self.render(part)
            key = keys.claim(stem)
            self.warn_renamed(keys, wanted, key, part)
            out.write(',\n  {\n    "id": ' if count else '\n  {\n    "id": ')
            out.write(_encode_string(key))
            out.write(rest)
            count += 1
        out.write("\n]\n" if count else "]\n")
        return count

    def can_render_apart(self) -> bool:
        """An item's JSON depends on the item alone (its id is made unique apart),
        unless its key uses the record's place in the input (``{id}``)."""
        return not self.keys.in_input_order

    def render(self, item: Item) -> tuple[str, str | None, str]:
        """``(key stem, own key kept, the item's JSON object after {"id": ID)``: ids are made unique
        in input order, so a ``--jobs`` worker renders the rest and the writer puts the
        id in front."""
        csl = item.to_csl()
        del csl["id"]  # the first key: the rest is the same text as the whole object's
        rest = ",\n    " + dumps_indented(csl, "  ")[6:]
        return self.keys.stem(item), self.keys.wanted(item), rest


_encode_string = json.encoder.encode_basestring  # the C encoder when available


def dumps_indented(value: Any, pad: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, each line after the first
    indented by ``pad``: the same bytes, without json's pure-Python encoder (which
    ``indent`` forces, and which took a fifth of a RIS → CSL-JSON run).

    Strings and integers (nearly every value of an item) are written in place, not
    through a call of their own: the recursion was half of what remained.
    """
    if type(value) is str:
        return _encode_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        fields = [
            f"{_encode_string(k if type(k) is str else str(k))}: "
            + (_encode_string(v) if type(v) is str else dumps_indented(v, inner))
            for k, v in value.items()
        ]
        return "{\n" + inner + (",\n" + inner).join(fields) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = pad + "  "
        elements = [
            _encode_string(v)
            if type(v) is str
            else (str(v) if type(v) is int else dumps_indented(v, inner))
            for v in value
        ]
        return "[\n" + inner + (",\n" + inner).join(elements) + "\n" + pad + "]"
    if isinstance(value, str):
        return _encode_string(value)  # a str subclass
    return json.dumps(value)  # numbers, booleans, null
