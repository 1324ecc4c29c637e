"""Checking a CSL style file given by path before citeproc-py parses it.

A style file from the user is untrusted input. citeproc-py parses styles with an
lxml parser of its own whose settings we cannot change; older lxml releases resolve
external entities there, so ``<!ENTITY x SYSTEM "file:///etc/passwd">`` and ``&x;``
in a term would print a local file into the bibliography. We therefore refuse any
DOCTYPE outright, bound the size, parse once with entities, DTDs and the network
off, and reject macros that call themselves (citeproc-py would recurse until
Python's stack overflows).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from citeconv.diagnostics import UsageError

#: The largest style file accepted (the biggest shipped style is about 200 KB).
MAX_STYLE_BYTES = 2 * 1024 * 1024
#: The deepest element nesting accepted.
MAX_DEPTH = 64

CSL_NS = "{http://purl.org/net/xbiblio/csl}"


def check_style_file(path: Path, max_bytes: int = MAX_STYLE_BYTES) -> None:
    """Raise :class:`UsageError` unless ``path`` is a plain, bounded, acyclic CSL file."""
    from lxml import etree

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(f"style file {path}: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise UsageError(f"style file {path} is larger than {max_bytes} bytes; refused")
    data = path.read_bytes()
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise UsageError(f"style file {path} has a DOCTYPE or ENTITY declaration; refused")
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UsageError(f"style file {path} is not well-formed XML: {exc}") from None
    if root.tag != f"{CSL_NS}style":
        raise UsageError(f"style file {path} is not a CSL style (root is {root.tag!r})")
    _check_depth(root, path)
    _check_macro_cycles(root, path)
    _check_expansion(root, path)


#: The most elements a citation or bibliography layout may stand for with every
#: macro expanded (all branches of cs:choose counted): the largest shipped style
#: (chicago-notes-bibliography-subsequent-author-classic) stands for 1.9 million.
MAX_EXPANSION = 50_000_000


def _check_expansion(root: object, path: Path) -> None:
    """Refuse a style whose macros, expanded, would make a layout of more than
    :data:`MAX_EXPANSION` elements (macros that each call the next twice double at
    every step: 30 of them in 2 KB stand for a billion). Cycles are refused before."""
    from lxml import etree

    assert isinstance(root, etree._Element)
    macros = {m.get("name", ""): m for m in root.iter(f"{CSL_NS}macro")}
    sizes: dict[str, int] = {}

    def size(element: etree._Element) -> int:
        total = 0
        for node in element.iter():
            total += 1
            called = node.get("macro") if node is not element else None
            if called in macros:
                total += macro_size(called)
            if total > MAX_EXPANSION:
                break
        return total

    def macro_size(name: str) -> int:
        known = sizes.get(name)
        if known is None:
            known = sizes[name] = size(macros[name])
        return known

    # Macros calling macros defined later: sizes come bottom-up without deep recursion.
    for name in _bottom_up(macros):
        macro_size(name)
    for layout in (*root.iter(f"{CSL_NS}citation"), *root.iter(f"{CSL_NS}bibliography")):
        if size(layout) > MAX_EXPANSION:
            raise UsageError(
                f"style file {path}: its macros expand to more than {MAX_EXPANSION:,} "
                "elements; refused"
            )


def _bottom_up(macros: Mapping[str, object]) -> list[str]:
    """The macro names, each after every macro it calls (the calls are acyclic)."""
    from lxml import etree

    order: list[str] = []
    done: set[str] = set()
    for start in macros:
        stack = [(start, False)]
        while stack:
            name, expanded = stack.pop()
            if name in done or name not in macros:
                continue
            if expanded:
                done.add(name)
                order.append(name)
                continue
            stack.append((name, True))
            macro = macros[name]
            assert isinstance(macro, etree._Element)
            for node in macro.iter():
                called = node.get("macro") if node is not macro else None
                if called is not None and called not in done:
                    stack.append((called, False))
    return order


def _check_depth(root: object, path: Path) -> None:
    from lxml import etree

    assert isinstance(root, etree._Element)
    for element in root.iter():
        depth = sum(1 for _ in element.iterancestors())
        if depth > MAX_DEPTH:
            raise UsageError(f"style file {path} nests elements deeper than {MAX_DEPTH}")


def _check_macro_cycles(root: object, path: Path) -> None:
    from lxml import etree

    assert isinstance(root, etree._Element)
    calls: dict[str, set[str]] = {}
    for macro in root.iter(f"{CSL_NS}macro"):
        name = macro.get("name", "")
        calls[name] = {
            str(e.get("macro")) for e in macro.iter() if e is not macro and e.get("macro")
        }
    for missing in sorted({c for called in calls.values() for c in called} - set(calls)):
        raise UsageError(f"style file {path}: macro {missing!r} is called but not defined")
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " → ".join([*trail[trail.index(name) :], name])
            raise UsageError(f"style file {path}: macros call themselves ({cycle})")
        state[name] = 1
        for called in sorted(calls.get(name, ())):
            visit(called, [*trail, name])
        state[name] = 2

    for name in sorted(calls):
        visit(name, [])
