"""The citeproc-py that citeconv's fixes were written for, checked before they apply.

citeconv's CSL engine is citeproc-py with some sixty of its functions replaced
(``patches``, ``speedups``). A fix written for one release can be wrong for another:
with citeproc-py 0.10.0 (which ``>=0.8`` allowed) APA printed "Dhalla, I. A.. (2021)"
with exit 0. So before anything is replaced, :func:`check` makes sure that the
installed release is in :data:`SUPPORTED` and that every function a fix replaces
still exists with the signature recorded here when the fix was written
(:data:`TARGETS`, written by ``python tools/csl_targets.py --write``). If not, it
stops with one line naming both releases (exit 2); nothing is rendered.
"""

from __future__ import annotations

import inspect
from typing import Any

from citeconv.diagnostics import EXIT_USAGE, CiteconvError

#: The citeproc-py releases the fixes are written for: at least the first, below the
#: second. pyproject.toml asks for the same range.
SUPPORTED = ("0.11.0", "0.12")
SUPPORTED_TEXT = f">={SUPPORTED[0]},<{SUPPORTED[1]}"


class UnsupportedEngine(CiteconvError):
    """The installed citeproc-py is not the one citeconv's fixes were written for."""

    exit_code = EXIT_USAGE


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("."):
        digits = "".join(c for c in piece if c.isdigit()) or "0"
        parts.append(int(digits))
        if not piece.isdigit():
            break  # "0.12.0rc1": a pre-release counts as the release
    return tuple(parts)


def installed_version() -> str | None:
    """The version of the citeproc-py that is imported (its ``__version__``, which
    versioneer writes into the release), else as its metadata gives it, or None.
    (``importlib.metadata`` costs 20-60 ms of start-up: only read when needed.)"""
    try:
        import citeproc
    except ImportError:
        return None
    version = getattr(citeproc, "__version__", None)
    if isinstance(version, str) and version[:1].isdigit() and "+" not in version:
        return version
    from importlib import metadata

    try:
        return metadata.version("citeproc-py")
    except metadata.PackageNotFoundError:
        return None


def describe(value: Any) -> str:
    """What a replaced attribute is, as recorded in :data:`TARGETS`: a function's
    signature, ``property``, or ``absent``."""
    if value is None:
        return "absent"
    if isinstance(value, property):
        return "property"
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if callable(value):
        try:
            return str(inspect.signature(value))
        except (TypeError, ValueError):
            return type(value).__name__
    return type(value).__name__


def problems(current: dict[str, Any]) -> list[str]:
    """What does not match: the version, or else each target of ``current`` (every
    replaced attribute by full name, with its stock value: ``patches.stock_targets()``);
    empty: all is well."""
    version = installed_version()
    if version is None:
        return ["citeproc-py is not installed"]
    low, high = (_version_tuple(v) for v in SUPPORTED)
    if not low <= _version_tuple(version) < high:
        return [f"citeproc-py {version} is installed"]
    found: list[str] = []
    for name, expected in TARGETS.items():
        got = describe(current[name]) if name in current else "replaced by no fix"
        if got != expected:
            found.append(f"{name} is {got}, not {expected}")
    found.extend(
        f"{name} has no recorded signature" for name in sorted(set(current) - set(TARGETS))
    )
    return found


def check(current: dict[str, Any]) -> None:
    """Raise :class:`UnsupportedEngine` unless the installed citeproc-py is the one the
    fixes were written for (see the module docstring); ``current`` as for
    :func:`problems`."""
    found = problems(current)
    if not found:
        return
    install = f"pip install 'citeproc-py{SUPPORTED_TEXT}'"
    version = installed_version()
    if version is None or found[0].endswith(" is installed"):
        what = f"citeproc-py {version} is installed" if version else "citeproc-py is not installed"
        raise UnsupportedEngine(
            f"citeconv's CSL fixes are written for citeproc-py {SUPPORTED_TEXT}; {what}: {install}"
        )
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    raise UnsupportedEngine(
        f"citeproc-py {version} is not the release citeconv's CSL fixes are written for: "
        f"{found[0]}{more}; {install}"
    )


#: The stock signature of every attribute replaced, recorded from the supported
#: release (``python tools/csl_targets.py --write`` rewrites this table).
TARGETS: dict[str, str] = {
    "citeproc.model.Affixed.wrap": "(self, string)",
    "citeproc.model.Choose.render": "(self, item, context=None, delimiter='', **kwargs)",
    "citeproc.model.CitationStylesElement.get_formatter": "(self)",
    "citeproc.model.CitationStylesElement.get_locale_option": "(self, name)",
    "citeproc.model.CitationStylesElement.get_macro": "(self, name)",
    "citeproc.model.CitationStylesElement.get_root": "(self)",
    "citeproc.model.CitationStylesElement.get_term": "(self, name, form=None, fallback_locale=True, zero_padded=False)",  # noqa: E501
    "citeproc.model.CitationStylesElement.xpath_search": "(self, expression)",
    "citeproc.model.Date.process": "(self, item, variable=None, show_parts=None, context=None, **kwargs)",  # noqa: E501
    "citeproc.model.Date.render_date_range": "(self, date_range, show_parts=None, context=None)",
    "citeproc.model.Date.render_single_date": "(self, date, show_parts=None, context=None)",
    "citeproc.model.Date_Part.process": "(self, date, context=None)",
    "citeproc.model.Delimited.join": "(self, strings, default_delimiter='')",
    "citeproc.model.FormatNumber._process": "(self, value, variable)",
    "citeproc.model.Formatted.font_style": "(self, text)",
    "citeproc.model.Formatted.format": "(self, string)",
    "citeproc.model.Formatted.text_decoration": "(self, text)",
    "citeproc.model.Formatted.vertical_align": "(self, text)",
    "citeproc.model.Group.process": "(self, item, context=None, **kwargs)",
    "citeproc.model.If._is_numeric": "(self, item)",
    "citeproc.model.If._position": "(self, item, context)",
    "citeproc.model.If._type": "(self, item)",
    "citeproc.model.If._variable": "(self, item)",
    "citeproc.model.If.render": "(self, item, context=None, delimiter='', **kwargs)",
    "citeproc.model.Key._format_name": "(self, item, variable)",
    "citeproc.model.Label._is_plural": "(self, item)",
    "citeproc.model.Label.process": "(self, item, variable=None, plural=None, context=None, **kwargs)",  # noqa: E501
    "citeproc.model.Layout.render_bibliography": "(self, citation_items)",
    "citeproc.model.Layout.render_citation": "(self, citation, callback)",
    "citeproc.model.Layout.repressed": "absent",
    "citeproc.model.Macro.process": "(self, item, context=None, sort_options=None)",
    "citeproc.model.Macro.render": "(self, item, context=None, sort_options=None)",
    "citeproc.model.Name.et_al": "(self)",
    "citeproc.model.Name.get_option": "(self, name, context=None, sort_options=None)",
    "citeproc.model.Name.initialize": "(self, given, mark, context)",
    "citeproc.model.Name.markup": "(self, text)",
    "citeproc.model.Name.process": "(self, item, variable, context=None, sort_options=None, **kwargs)",  # noqa: E501
    "citeproc.model.Names.label": "absent",
    "citeproc.model.Names.markup": "(self, text)",
    "citeproc.model.Names.name": "absent",
    "citeproc.model.Names.process": "(self, item, names_context=None, context=None, **kwargs)",
    "citeproc.model.Number.process": "(self, item, context=None, **kwargs)",
    "citeproc.model.Parent.calls_variable": "(self)",
    "citeproc.model.Parent.render_children": "(self, item, delimiter='', **kwargs)",
    "citeproc.model.Quoted.quote": "(self, string)",
    "citeproc.model.Sort.sort": "(self, items, context)",
    "citeproc.model.StrippedPeriods.strip_periods": "(self, string)",
    "citeproc.model.Substitute.render": "(self, item, context=None, **kwargs)",
    "citeproc.model.Term.multiple": "property",
    "citeproc.model.Term.single": "property",
    "citeproc.model.Text._variable": "(self, item, context)",
    "citeproc.model.Text.calls_variable": "(self)",
    "citeproc.model.Text.markup": "(self, text, language)",
    "citeproc.model.Text.process": "(self, item, context=None, **kwargs)",
    "citeproc.model.TextCased.case": "(self, text, language=None)",
    "citeproc.model.normalize_seam": "(left, other)",
    "citeproc.model.romanize": "(n)",
    "citeproc.model.to_ordinal": "(number, context)",
    "citeproc.source.CitationItem.bibliography": "property",
    "citeproc.source.CitationItem.number": "property",
    "citeproc.source.CitationItem.reference": "property",
    "citeproc.source.Date.sort_key": "(self)",
    "citeproc.source.json.CiteProcJSON.parse_string": "(self, string)",
    "citeproc.string.String.capitalize_first": "(self)",
    "citeproc.string.normalize_seam": "(left, other)",
}
