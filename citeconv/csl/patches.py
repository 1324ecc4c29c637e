"""The registry of citeconv's fixes to citeproc-py, applied once, before the first render.

citeproc-py builds its element classes through an lxml class lookup, so the only
way to change how an element renders is to replace the method on its class. The
fixes live in ``citeconv.csl.fixes``, one module per CSL concept; here each is
registered against the attribute it replaces, the stock ones are saved
(``citeconv.csl.originals``) after the guard has checked them, and all are applied.
Each fix names the bug and has a test in ``tests/test_csl_patches.py`` that fails
without it (the tests run the stock method too and assert that it shows the bug).
The target is citeproc-js, the engine inside Zotero: its output is what we match.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from citeconv.csl import speedups
from citeconv.csl.fixes import (
    dates,
    elements,
    formatting,
    layout,
    lookups,
    names,
    numbers,
    order,
    seams,
    terms,
    text_case,
    work,
)
from citeconv.csl.originals import ABSENT, ORIGINALS
from citeconv.model import DATE_VARIABLES, NAME_VARIABLES

_APPLIED = False


def apply() -> None:
    """Install every fix (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    import citeproc

    from citeconv.csl import guard

    # Nothing is replaced in a citeproc-py the fixes were not written for.
    guard.check(stock_targets())
    # First the speed-ups of stock methods, so that the fixes below wrap them.
    speedups.apply()
    speedups.SIMPLE_IF_RENDERS.add(elements.if_render)  # only ever makes a branch fail

    # Bug: CSL 1.0.1/1.0.2 name and date variables that citeproc-py does not list
    # ("director", "available-date", ...) are read as strings, and a <names> element
    # naming one crashes ("'String' object has no attribute 'parts'"). The lists are
    # shared by reference across citeproc's modules, so extending them in place
    # teaches all of them.
    citeproc.NAMES.extend(n for n in _MISSING_NAMES if n not in citeproc.NAMES)
    citeproc.DATES.extend(d for d in _MISSING_DATES if d not in citeproc.DATES)
    citeproc.VARIABLES.extend(
        v
        for v in (*_MISSING_NAMES, *_MISSING_DATES, *_MISSING_VARIABLES)
        if v not in citeproc.VARIABLES
    )
    for name, replacement in _replacements().items():
        owner, attribute = target(name)
        ORIGINALS[name] = owner.__dict__.get(attribute, ABSENT)
        setattr(owner, attribute, replacement)
    _APPLIED = True


def _key(owner: Any, attribute: str) -> str:
    if isinstance(owner, types.ModuleType):
        return f"{owner.__name__}.{attribute}"
    return f"{owner.__module__}.{owner.__name__}.{attribute}"


def stock_targets() -> dict[str, Any]:
    """Every attribute a fix or speed-up replaces, by full name, with its stock value
    (None where citeproc-py has none: the fix adds it), before or after they apply
    (what citeconv.csl.guard checks)."""
    found: dict[str, Any] = {}
    for owner, attribute, _ in speedups.replacements():
        short = f"{owner.__name__}.{attribute}"
        stock = speedups.ORIGINALS.get(short, owner.__dict__.get(attribute))
        found[_key(owner, attribute)] = stock
    for name in replacement_names():
        owner, attribute = target(name)
        key = _key(owner, attribute)
        if key in found:
            continue  # a speed-up's target too: its stock value is the one above
        stock = ORIGINALS.get(name, owner.__dict__.get(attribute))
        found[key] = None if stock is ABSENT else stock
    return found


def replacement_names() -> list[str]:
    """The name of every attribute a fix replaces ("Text.case", "string.normalize_seam")."""
    return list(_replacements())


def target(name: str) -> tuple[Any, str]:
    """The class or module that holds the patched attribute ``name`` ("Text.case")."""
    from citeproc import model, string

    owner_name, _, attribute = name.rpartition(".")
    if owner_name == "string":
        return string, attribute
    if owner_name == "model":
        return model, attribute
    if owner_name.startswith("source."):
        from citeproc import source

        return getattr(source, owner_name.split(".", 1)[1]), attribute
    if owner_name.startswith("string."):
        return getattr(string, owner_name.split(".", 1)[1]), attribute
    return getattr(model, owner_name), attribute


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Run with some fixes taken out again (for tests that show the stock bug)."""
    apply()
    saved = {}
    for name in names:
        owner, attribute = target(name)
        saved[name] = owner.__dict__[attribute]
        if ORIGINALS[name] is ABSENT:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, ORIGINALS[name])
    try:
        yield
    finally:
        for name, replacement in saved.items():
            owner, attribute = target(name)
            setattr(owner, attribute, replacement)


def _replacements() -> dict[str, Any]:
    """Each replaced attribute, by the name :func:`target` resolves, and its fix."""
    return {
        "string.normalize_seam": seams.normalize_seam,
        "model.normalize_seam": seams.normalize_seam,
        "string.String.capitalize_first": text_case.capitalize_first,
        "Date.render_single_date": dates.render_single_date,
        "Date.render_date_range": dates.render_date_range,
        "Date.process": dates.date_process,
        "Date_Part.process": dates.date_part_process,
        "Layout.render_bibliography": layout.render_bibliography,
        "Layout.repressed": elements.REPRESSED,
        "TextCased.case": text_case.case,
        "Text._variable": elements.text_variable,
        "Number.process": elements.number_process,
        "model.romanize": numbers.romanize,
        "Names.process": elements.names_process,
        "Names.markup": names.names_markup,
        "Substitute.render": elements.substitute_render,
        "Group.process": elements.group_process,
        "If.render": elements.if_render,
        "If._type": elements.if_type,
        "FormatNumber._format_last_page": numbers.format_last_page,
        "If._is_numeric": numbers.is_numeric,
        "Sort.sort": order.sort,
        "Label.process": elements.label_process,
        "Text.process": elements.text_process,
        "Name.initialize": names.initialize,
        "Quoted.quote": formatting.quote,
        "Name.process": names.name_process,
        "Name.markup": names.name_markup,
        "Name.et_al": names.name_et_al,
        "Key._format_name": order.key_format_name,
        "Formatted.font_style": formatting.font_style,
        "Formatted.format": formatting.format_,
        "Affixed.wrap": formatting.wrap_display,
        "CitationStylesElement.get_locale_option": terms.get_locale_option,
        "source.CitationItem.number": property(lookups.citation_number),
        "Label._is_plural": numbers.is_plural,
        "CitationStylesElement.get_macro": lookups.get_macro,
        "Macro.render": work.macro_render,
        "Macro.process": work.macro_process,
        "CitationStylesElement.get_term": terms.get_term,
        "CitationStylesElement.xpath_search": lookups.xpath_search,
        "Parent.calls_variable": lookups.calls_variable,
        "Text.calls_variable": lookups.calls_variable_text,
        "Delimited.join": layout.delimited_join,
    }


# citeproc-py keys references by underscored names ("collection_editor").
_MISSING_NAMES = tuple(v.replace("-", "_") for v in NAME_VARIABLES)
_MISSING_DATES = tuple(v.replace("-", "_") for v in DATE_VARIABLES)
_MISSING_VARIABLES = (
    "reviewed_title",
    "scale",
    "event_title",
    "part_number",
    "part_title",
    "volume_title",
    "container_title_short",
    "chapter_number",
    "number_of_volumes",
    "division",
    "medium",
    "status",
    "archive_collection",
    "title_short",
)
