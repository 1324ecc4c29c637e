"""Which scripts a text is in, as citeproc-js asks (italics, name order)."""

from __future__ import annotations

import re
from functools import cache

#: Kana, CJK ideographs (and extension A, compatibility) and Hangul syllables.
_CJK_CLASS = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"


@cache
def _cjk() -> re.Pattern[str]:
    # Compiled at first use: re builds a table of every character in the ranges,
    # ~6 ms of every run's start-up.
    return re.compile(_CJK_CLASS)


def has_cjk(text: str) -> bool:
    """Whether ``text`` has a Chinese, Japanese or Korean character."""
    return not text.isascii() and _cjk().search(text) is not None
