"""Naming what a file that is not RIS looks like, for a clear error message."""

from __future__ import annotations

import re

_CHECKS: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"^%PDF-"), "a PDF document"),
    (re.compile(rb"^\s*@[A-Za-z]+\s*[{(]"), "BibTeX"),
    (re.compile(rb"^\s*(?:\r?\n)*PMID-\s", re.MULTILINE), "PubMed MEDLINE (.nbib)"),
    (re.compile(rb"^(?:FN |VR |PT [JBSP]\b)", re.MULTILINE), "Web of Science tagged text"),
    (re.compile(rb"^%0 ", re.MULTILINE), "EndNote tagged text (%0)"),
    (re.compile(rb"^\s*[\[{]\s*(?:\"|\{|\])"), "JSON (CSL-JSON?)"),
    (re.compile(rb"^\s*<\?xml|^\s*<(?:xml|records|html|!DOCTYPE)", re.IGNORECASE), "XML/HTML"),
)


def describe_non_ris(head: bytes) -> str:
    """A one-line message for input with no RIS record, naming what it looks like."""
    text = head.lstrip(b"\xef\xbb\xbf")
    for pattern, kind in _CHECKS:
        if pattern.search(text):
            return f"not RIS: this looks like {kind}; no RIS records (TY  - ...) found"
    if b"\x00" in text[:1024] or _binary_ratio(text[:1024]) > 0.3:
        return "not RIS: this looks like binary data; no RIS records found"
    return "not RIS: no records found (a RIS record starts with a line 'TY  - TYPE')"


def _binary_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    control = sum(1 for b in data if b < 9 or 13 < b < 32)
    return control / len(data)
