"""Reading CSL-YAML: pandoc's ``references:`` metadata and Better BibTeX's
``.csl.yml``, into the same items as CSL-JSON.

The YAML is parsed with PyYAML's safe loader (no Python objects), and refused if
it uses anchors and aliases (a few lines of them can stand for gigabytes). A
file that starts with ``---`` is read up to the next ``---`` or ``...`` line (a
markdown metadata block: pandoc's output, whose second document is empty). Each
item then goes through the CSL-JSON reader's checks, after three YAML habits
are undone: dates as ``2013-07-29`` (which YAML reads as a date), as EDTF
strings or as lists of ``{year, month, day, season}`` maps; lower-case ``doi``,
``url``, ``isbn``, ``issn``; and numbers YAML typed that the item means as text
(``volume: 12``). The whole block is read at once (YAML has no item boundary to
stream by), so it is bounded in size: :data:`MAX_BYTES`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from citeconv.diagnostics import EmptyInput, InputError, Report
from citeconv.model import DATE_VARIABLES, Item
from citeconv.readers.csljson import csl_item
from citeconv.readers.ris.decode import choose_encoding, note_encoding, with_byte_order

#: The largest CSL-YAML input read (a bibliography of some 100,000 items).
MAX_BYTES = 256 * 1024 * 1024
_UPPER = {
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
}
_EDTF = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_END = re.compile(r"(?m)^(?:---|\.\.\.)[ \t]*$")


def read_csl_yaml(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    first_index: int = 1,
    encoding: str | None = None,
) -> Iterator[Item]:
    """Yield the items of a CSL-YAML document."""
    import yaml

    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"CSL-YAML larger than {MAX_BYTES >> 20} MiB; refused", name)
    given = encoding
    if encoding is None:
        encoding, skip = choose_encoding(data)
    else:
        encoding, skip = with_byte_order(encoding, data)
    note_encoding(report, name, given, encoding, skip)
    text = data[skip:].decode(encoding or "utf-8", errors="replace").lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF and CR: one line end
    offset = 0
    stripped = text.lstrip()
    if stripped.startswith("---"):
        offset = text[: len(text) - len(stripped)].count("\n")
        body = stripped[3:]
        end = _END.search(body)
        text = body[: end.start()] if end else body
    loader_class = _loader()
    kept = 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent):
                line = offset + (event.start_mark.line if event.start_mark else 0) + 1
                raise InputError("CSL-YAML with anchors and aliases; refused", name, line)
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
            references = _references(root)
            if references is None:
                raise InputError("not CSL-YAML: no 'references:' list", name)
            if not references.value:
                raise EmptyInput("empty input: the 'references:' list is empty", name)
            for n, node in enumerate(references.value):
                line = offset + (node.start_mark.line if node.start_mark else 0) + 1
                try:
                    value = loader.construct_object(node, deep=True)
                except (ValueError, TypeError, IndexError, yaml.YAMLError) as exc:
                    # "!!int abc", "!!float" on a list: one item, not the file.
                    report.warn(
                        name, line, "csl-yaml", f"item {n + 1} does not read ({exc}); skipped"
                    )
                    continue
                for item in csl_item(_as_csl_json(value), n, first_index, name, line, report):
                    kept += 1
                    yield item
        finally:
            loader.dispose()
    except RecursionError:
        raise InputError("CSL-YAML nested too deeply; refused", name) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = offset + mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"not valid YAML: {problem}", name, where) from None
    if not kept:
        raise InputError("no records: none of the references is a CSL item", name)


def _loader() -> Any:
    """PyYAML's safe loader (its C one when there is one: ten times faster), without
    the timestamp rule: a date stays the text it is ("2020-13-45" is then told apart
    by the CSL-JSON checks rather than failing the whole file)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type, misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return Loader


def _references(root: Any) -> Any:
    import yaml

    if isinstance(root, yaml.SequenceNode):
        return root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "references" and isinstance(value, yaml.SequenceNode):
                return value
    return None


def _as_csl_json(entry: Any) -> Any:
    """One YAML item as the CSL-JSON object it stands for (see the module's docstring)."""
    if not isinstance(entry, dict):
        return entry
    out: dict[str, Any] = {}
    for key, value in entry.items():
        key = _UPPER.get(str(key), str(key))
        if key in DATE_VARIABLES:
            out[key] = _date(value)
        elif isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            out[key] = value
        elif isinstance(value, (int, float, datetime.date)):
            out[key] = str(value)  # YAML's typing, not the item's
        else:
            out[key] = value
    return out


def _date(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"date-parts": [[value]]}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for part in value:
            for kind in ("literal", "raw"):
                if kind in part:  # Better BibTeX: [{literal: "2017-14/2017-99"}]
                    return {kind: str(part[kind])}
        parts = []
        season = None
        for part in value:
            numbers = [part[k] for k in ("year", "month", "day") if k in part]
            parts.append(numbers)
            season = season or part.get("season")
        date: dict[str, Any] = {"date-parts": parts}
        if season is not None:
            date["season"] = season
        return date
    if isinstance(value, str):
        pieces = value.strip().split("/")
        parts = []
        for piece in pieces:
            match = _EDTF.match(piece.strip())
            if match is None:
                return {"raw": value}
            parts.append([int(g) for g in match.groups() if g is not None])
        return {"date-parts": parts}
    return value
