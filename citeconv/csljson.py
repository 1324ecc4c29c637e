"""Reading CSL-JSON (from Zotero, pandoc, citation-js or citeconv itself) into Items."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from citeconv.diagnostics import InputError, Report
from citeconv.model import Item, Origin


def read_csl_json(
    stream: BinaryIO, name: str, report: Report, *, first_index: int = 1
) -> Iterator[Item]:
    """Yield the items of a CSL-JSON array (or a single CSL-JSON object)."""
    raw = stream.read()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"CSL-JSON is not UTF-8: {exc.reason}", name) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", name, exc.lineno) from None
    if isinstance(data, dict) and "items" in data and isinstance(data["items"], list):
        data = data["items"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError("CSL-JSON must be an array of items", name)
    if not data:
        raise InputError("no records: the CSL-JSON array is empty", name)
    for n, entry in enumerate(data):
        if not isinstance(entry, dict):
            report.warn(name, None, "csl-json", f"item {n + 1} is not an object; skipped")
            continue
        item = Item.from_csl(entry, Origin(name, 1))
        if not item.id:
            item.id = f"item{first_index + n}"
        if "type" not in entry:
            report.warn(name, None, "csl-json", f"item {item.id!r} has no type; read as document")
        yield item
