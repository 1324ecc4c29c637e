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
