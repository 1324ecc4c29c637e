"""The citeproc-py functions the fixes replace, saved before any is (by
``citeconv.csl.patches.apply``): a fix that wraps the stock behaviour calls it here,
and the tests show each bug with it."""

from __future__ import annotations

from typing import Any

#: Original citeproc-py functions, by the name the registry gives them ("Text.case").
ORIGINALS: dict[str, Any] = {}
#: Stands for "citeproc-py has no such attribute" in :data:`ORIGINALS`.
ABSENT = object()
