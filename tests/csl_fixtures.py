"""What the tests of citeconv's CSL fixes share: items, rendering, a style around a
body, and ``stock`` (citeproc-py's own methods for the duration)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from citeconv.csl import patches
from citeconv.csl.engine import render_bibliography
from citeconv.model import Item

JOURNAL = {"container-title": "Journal of Tests", "volume": "4", "page": "1-9"}


def person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def item(id_: str, type_: str = "article-journal", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": id_, "type": type_}
    data.update({key.replace("_", "-"): value for key, value in fields.items()})
    return data


def render(items: list[dict[str, Any]], style: str, markup: str = "text") -> list[str]:
    entries = render_bibliography([Item.from_csl(i) for i in items], style, markup=markup)  # type: ignore[arg-type]
    return [entry.text for entry in entries]


def one(data: dict[str, Any], style: str, markup: str = "text") -> str:
    [text] = render([data], style, markup)
    return text


def csl_style(body: str) -> str:
    """A whole independent style around ``body`` (its macros, citation and
    bibliography), for the tests that need a style of their own."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        "  <info><title>Test</title><id>test</id>"
        "<updated>2024-01-01T00:00:00+00:00</updated></info>\n"
        f"{body}</style>\n"
    )


@contextmanager
def stock(*names: str) -> Iterator[None]:
    with patches.without(*names):
        yield


SAMPLE = item(
    "tran",
    author=[person("Tran", "Kim"), person("Webster", "Fiona")],
    title="Are quality improvement plans perceived to improve care in Ontario?",
    container_title="Canadian Family Physician",
    container_title_short="Can Fam Physician",
    issued={"date-parts": [[2021, 10, 1]]},
    volume="67",
    issue="10",
    page="759-766",
)


EDITED = item(
    "ed",
    "book",
    editor=[person("Lewis", "Michael"), person("Haviland-Jones", "Jeannette M.")],
    title="Handbook of emotions",
    edition="3",
    publisher="Guilford Press",
    issued={"date-parts": [[2008]]},
)


def caro(id_: str, title: str) -> dict[str, Any]:
    return item(
        id_, author=[person("Caro", "Tim")], title=title, issued={"date-parts": [[2019]]}, **JOURNAL
    )


def article(id_: str, authors: list[dict[str, str]], year: int, title: str) -> dict[str, Any]:
    return item(id_, author=authors, title=title, issued={"date-parts": [[year]]}, **JOURNAL)


@cache
def suite_runner() -> ModuleType:
    """tools/csl_suite.py, loaded as a module (tools/ is no package)."""
    path = Path(__file__).resolve().parent.parent / "tools" / "csl_suite.py"
    spec = importlib.util.spec_from_file_location("csl_suite", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("csl_suite", module)
    spec.loader.exec_module(module)
    return module
