"""What citeconv's replacements of citeproc-py stand on, saved by
``citeconv.csl.patches.apply`` before anything is replaced.

:data:`STOCK` holds citeproc-py's own value of every replaced attribute: the
speed-ups call it, and ``patches.without`` puts it back for the tests that show a
stock bug. :data:`ORIGINALS` holds, for each fix, what was there when it was
installed (a speed-up where both replace one method, otherwise the stock value):
a fix that wraps the behaviour beneath it calls it here.
"""

from __future__ import annotations

from typing import Any

#: citeproc-py's own attributes, by the registry's name for them ("Text.case").
STOCK: dict[str, Any] = {}
#: What each fix wraps, by the same name.
ORIGINALS: dict[str, Any] = {}
#: Stands for "citeproc-py has no such attribute".
ABSENT = object()
