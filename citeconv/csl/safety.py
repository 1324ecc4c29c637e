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
from copy import deepcopy
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeconv.diagnostics import UsageError

#: The largest style file accepted (the biggest shipped style is about 200 KB).
MAX_STYLE_BYTES = 2 * 1024 * 1024
#: The deepest element nesting accepted.
MAX_DEPTH = 64

CSL_NS = "{http://purl.org/net/xbiblio/csl}"


def check_style_file(path: Path, max_bytes: int = MAX_STYLE_BYTES, *, schema: bool = True) -> None:
    """Raise :class:`UsageError` unless ``path`` is a plain, bounded, acyclic CSL file
    that follows the CSL schema (``schema=False``: a dependent style, which renders
    nothing itself; its parent is checked whole)."""
    check_style(parse_style(read_style_file(path, max_bytes), path), path, schema=schema)


def read_style_file(path: Path, max_bytes: int = MAX_STYLE_BYTES) -> bytes:
    """The bytes of a style file, read once (a FIFO or ``<(curl …)`` works) and at
    most ``max_bytes`` of them (``/dev/zero`` is refused, not read for ever)."""
    import stat

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"style file {path} is a directory")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise UsageError(f"style file {path} is larger than {max_bytes} bytes; refused")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UsageError(f"style file {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise UsageError(f"style file {path} is larger than {max_bytes} bytes; refused")
    if not data.strip():
        raise UsageError(f"style file {path} is empty")
    return data


def parse_style(data: bytes, path: Path) -> Any:
    """The root of a style's XML, parsed with entities, DTDs and the network off;
    a DOCTYPE or ENTITY declaration (in any encoding) is refused."""
    from lxml import etree

    upper = data.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise UsageError(f"style file {path} has a DOCTYPE or ENTITY declaration; refused")
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UsageError(f"style file {path} is not well-formed XML: {exc}") from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # The byte check above misses a DOCTYPE in UTF-16 or UTF-32.
        raise UsageError(f"style file {path} has a DOCTYPE or ENTITY declaration; refused")
    if root.tag != f"{CSL_NS}style":
        raise UsageError(f"style file {path} is not a CSL style (root is {root.tag!r})")
    return root


def check_style(root: Any, path: Path, *, schema: bool = True) -> None:
    """Refuse a style too deep, with macros that call themselves or expand without
    bound, or (``schema``) outside the CSL schema."""
    _check_depth(root, path)
    _check_macro_cycles(root, path)
    _check_expansion(root, path)
    if schema:
        _check_schema(root, path)


def style_bytes(root: Any) -> bytes:
    """A checked style as citeproc-py reads it: UTF-8 (its parser assumes UTF-8), no
    DOCTYPE, comments or processing instructions."""
    from lxml import etree

    return bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True))


#: How deep macros may call macros (the deepest shipped style goes 12 deep); a chain
#: of thousands exhausts citeproc-py's recursion.
MAX_MACRO_DEPTH = 40
_INFO = (
    '<info xmlns="http://purl.org/net/xbiblio/csl"><title>-</title><id>-</id>'
    "<updated>2000-01-01T00:00:00+00:00</updated></info>"
)


@lru_cache(maxsize=1)
def _schema() -> object:
    """The CSL schema (RELAX NG) that citeproc-py ships, compiled once."""
    import citeproc
    from lxml import etree

    path = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles" / "csl.rng"
    return etree.RelaxNG(etree.parse(str(path), etree.XMLParser(no_network=True)))


def _check_schema(root: object, path: Path) -> None:
    """Refuse what the CSL schema does not allow in a style's layouts, macros, locales
    and options: an element of another vocabulary (XInclude), an unknown element, an
    attribute value outside its list (font-style="bogus", a date's form), a text with
    nothing to print. citeproc-py fails on each of these with an internal error. The
    metadata (cs:info) is not checked: it prints nothing, and hand-made styles often
    leave parts of it out. Every shipped style, and every style of the CSL test
    suite, passes."""
    from lxml import etree

    assert isinstance(root, etree._Element)
    copy = deepcopy(root)  # keeps the source lines, for the message
    for info in copy.findall(f"{CSL_NS}info"):
        copy.remove(info)
    copy.insert(0, etree.fromstring(_INFO))
    schema = _schema()
    assert isinstance(schema, etree.RelaxNG)
    if not schema.validate(etree.ElementTree(copy)):
        errors = list(schema.error_log)
        # libxml2 often gives the first error no line ("Extra element bibliography in
        # interleave"): the line is the first one a later error names, outside the
        # cs:info put in place of the style's (the first child, "/*/*[1]").
        lines = [e.line for e in errors if e.line > 0 and not (e.path or "").startswith("/*/*[1]")]
        where = ""
        if errors:
            line = errors[0].line if errors[0].line > 0 else (lines[0] if lines else None)
            where = f" (line {line}: {errors[0].message})" if line else f" ({errors[0].message})"
        raise UsageError(f"style file {path} does not follow the CSL schema{where}; refused")


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
    depth: dict[str, int] = {}
    for name in _bottom_up(macros):
        macro = macros[name]
        called = {node.get("macro") for node in macro.iter() if node is not macro}
        depth[name] = 1 + max((depth.get(c or "", 0) for c in called), default=0)
        if depth[name] > MAX_MACRO_DEPTH:
            raise UsageError(
                f"style file {path}: macros call macros more than {MAX_MACRO_DEPTH} deep "
                f"(from {name!r}); refused"
            )
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
    # Every call, from a macro, a layout or a sort key: one outside any macro was
    # missed, and an undefined macro called from the bibliography was exit 3 (an
    # IndexError in citeproc-py; found by tools/hostile.py).
    called_anywhere = {str(e.get("macro")) for e in root.iter() if e.get("macro") is not None}
    for missing in sorted(called_anywhere - set(calls)):
        raise UsageError(f"style file {path}: macro {missing!r} is called but not defined")
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in sorted(calls):
        if state.get(start) == 2:
            continue
        # Depth first, with a stack of our own: a chain of thousands of macros must
        # not exhaust Python's recursion here either.
        trail: list[str] = [start]
        pending: list[list[str]] = [sorted(calls.get(start, ()))]
        state[start] = 1
        while trail:
            if not pending[-1]:
                state[trail.pop()] = 2
                pending.pop()
                continue
            called = pending[-1].pop(0)
            if state.get(called) == 2:
                continue
            if state.get(called) == 1:
                cycle = " → ".join([*trail[trail.index(called) :], called])
                raise UsageError(f"style file {path}: macros call themselves ({cycle})")
            state[called] = 1
            trail.append(called)
            pending.append(sorted(calls.get(called, ())))
