"""citeconv: RIS exports to BibTeX, BibLaTeX, CSL-JSON and formatted references.

The small public API, imported lazily (so that ``citeconv --version`` stays fast)::

    import citeconv
    items = list(citeconv.read(["export.ris"]))        # citeconv.model.Item, streamed
    items = citeconv.read(["a.ris"], options=citeconv.ReadOptions(encoding="cp1252"))
    citeconv.convert(["export.ris"], sys.stdout, "apa")
    citeconv.find_writer("bibtex"), citeconv.available_writers()
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: importing typing costs the console script 3-4 ms before
# its signal handlers are in place (citeconv.entry); mypy knows this constant.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_API = {
    "read": "citeconv.api",
    "convert": "citeconv.api",
    "read_stream": "citeconv.readers",
    "ReadOptions": "citeconv.readers",
    "find_writer": "citeconv.writers",
    "available_writers": "citeconv.writers",
    "Writer": "citeconv.writers",
    "WriterOptions": "citeconv.writers",
    "Item": "citeconv.model",
    "Name": "citeconv.model",
    "Date": "citeconv.model",
    "Report": "citeconv.diagnostics",
    "CiteconvError": "citeconv.diagnostics",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'citeconv' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
