"""Naming what a file that is not RIS looks like, for a clear error message."""

from __future__ import annotations

import json
import re
from typing import Literal

_CHECKS: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"^%PDF-"), "a PDF document"),
    (re.compile(rb"^\s*@[A-Za-z]+\s*[{(]"), "BibTeX"),
    # [ \t]*, never \s*, after ^ in a MULTILINE pattern: \s* runs across a file of
    # blank lines from every line start (4 KiB of newlines took minutes with
    # "^\s*(?:\r?\n)*", found by an adversarial review).
    (re.compile(rb"^[ \t]*PMID-\s", re.MULTILINE), "PubMed MEDLINE (.nbib)"),
    (re.compile(rb"^(?:FN |VR |PT [JBSP]\b)", re.MULTILINE), "Web of Science tagged text"),
    (re.compile(rb"^%0 ", re.MULTILINE), "EndNote tagged text (%0)"),
    (re.compile(rb"^\s*[\[{]\s*(?:\"|\{|\])"), "JSON (CSL-JSON?)"),
    # A header row of comma-separated names (a spreadsheet's CSV, not Scopus's).
    (
        re.compile(rb'^"?[^,\r\n"]{1,80}"?(?:,"?[^,\r\n"]{0,80}"?){3,}\r?\n'),
        "CSV without Scopus's column names (Authors, Title, Source title)",
    ),
    (re.compile(rb"^\s*<\?xml|^\s*<(?:xml|records|html|!DOCTYPE)", re.IGNORECASE), "XML/HTML"),
)


# MEDLINE's tags are up to four letters padded to four, then "- ": "PMID- 3330",
# "FAU - Polack, Fernando P", "TI  - ..." (the last looks like RIS). These never
# occur in RIS (whose tags are two characters).
_MEDLINE_TAG = re.compile(
    rb"^(?:PMID|OWN |STAT|FAU |DCOM|PHST|EDAT|CRDT|MHDA|LID |AID |JID |PST |DEP |FIR )- ",
    re.MULTILINE,
)
_MEDLINE_PMID = re.compile(rb"^PMID- ?\d", re.MULTILINE)
# Ovid's records are numbered "<1. >" (a line of its own), then a tag line
# ("VN  - Ovid Technologies", or "VN - ", or any tag when VN was left out).
# (CRLF: "$" is before "\n" only, so the line end is matched, not "$": an Ovid file
# with CRLF read as RIS made one record of four.)
_OVID = re.compile(
    rb"^[ \t]*<[ \t]*\d+\.?[ \t]*>[ \t]*(?:\r\n|\n|\r)[ \t]?[A-Z][A-Z0-9]{1,4} {1,4}- ",
    re.MULTILINE,
)
_RIS_TY = re.compile(rb"^[ \t]*TY(?: {1,4}|\t)-", re.MULTILINE)
#: Ovid without record numbers (its "VN" line opens each record), and Ovid's search
#: history, which can fill the first 4 KiB before the first record.
_OVID_VN = re.compile(rb"^[ \t]?VN {1,2}- Ovid Technologies", re.MULTILINE)
_OVID_HISTORY = re.compile(rb"\A\s*Database: [^\n]*\n\s*Search Strategy:")
#: A MEDLINE tag line, in decoded text.
_MEDLINE_LINE = re.compile(r"(?m)^[A-Z][A-Z0-9]{1,3} {0,3}- ")


def tagged_kind(head: bytes) -> Literal["medline", "ovid"] | None:
    """``medline`` or ``ovid`` when the MEDLINE lines (or Ovid's numbered records) of
    ``head`` come before any RIS ``TY`` line, else None.

    A MEDLINE file's ``TI  - `` and ``AU  - `` lines look like RIS, and read as RIS
    (a record without ``TY`` is recovered) they make garbage records.
    """
    from citeconv.readers.ris.decode import choose_encoding

    encoding, skip = choose_encoding(head)
    if encoding is not None:  # UTF-16: look at it as UTF-8, as the checks are written
        head = head[skip:].decode(encoding, errors="replace").encode("utf-8")
    # CR-only line ends: the patterns look at line starts.
    text = head.lstrip(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    ty = _RIS_TY.search(text)
    end = len(text) if ty is None else ty.start()
    starts = {}
    if _OVID_HISTORY.search(text) is not None:
        return "ovid"
    for pattern in (_MEDLINE_PMID, _MEDLINE_TAG, _OVID, _OVID_VN):
        found = pattern.search(text, 0, end + 1)
        if found is not None and found.start() < end:
            starts[pattern] = found.start()
    if not starts:
        return None
    # The first kind of line wins: Ovid MEDLINE's records may hold MEDLINE's tags.
    return "ovid" if min(starts, key=lambda p: starts[p]) in (_OVID, _OVID_VN) else "medline"


def other_format(head: bytes, input_format: str = "auto") -> str | None:
    """The error for input in another tagged format that has RIS-like lines, or None:
    Ovid's and MEDLINE when RIS is asked for (``--from ris``)."""
    kind = tagged_kind(head)
    if kind == "ovid" and input_format == "ris":
        return (
            "not RIS: this looks like an Ovid export (<1. > numbered records); "
            "read it with --from ovid or --from auto"
        )
    if kind == "medline" and input_format == "ris":
        return (
            "not RIS: this looks like PubMed MEDLINE (.nbib); no RIS records (TY  - ...) "
            "found (read it with --from medline or --from auto)"
        )
    return None


def head_text(head: bytes, encoding: str | None = None) -> str:
    """The first bytes of an input as text, as the reader will decode them."""
    from citeconv.readers.ris.decode import choose_encoding, with_byte_order

    try:
        if encoding is None:
            encoding, skip = choose_encoding(head)
        else:
            encoding, skip = with_byte_order(encoding, head)
        return head[skip:].decode(encoding or "utf-8", errors="replace")
    except LookupError:  # no such codec, or none for text: the reader says so
        return head.decode("utf-8", errors="replace")


def head_problem(
    head: bytes,
    encoding: str | None = None,
    input_format: str = "auto",
    complete: bool | None = None,
) -> str | None:
    """Why an input that starts with ``head`` (its first SNIFF_BYTES, decoded with
    ``encoding``) cannot be read, or None to read on.

    Refused at once: binary data (``/dev/urandom``), a format named by its first
    bytes (MEDLINE, PDF, BibTeX, XML...). Refused only when ``head`` is ``complete``
    (the whole input; by default when it is shorter than SNIFF_BYTES): an empty
    input, text with no tag line. A longer input whose first 4 KiB hold no tag line
    (5,000 blank lines, a long header) is read on; the reader refuses it at its end
    if no record comes. The same test for every input, a regular file (before any
    output is written) or a stream (from the bytes read for it, never by reading
    again)."""
    from citeconv.readers.ris.decode import SNIFF_BYTES

    if complete is None:
        complete = len(head) < SNIFF_BYTES
    text = head_text(head, encoding).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip(" \t\r\n\ufeff"):
        return "empty input: no RIS records" if complete else None
    if not text.strip(" \t\r\n\ufeff\x00"):
        return "not RIS: this looks like binary data (NUL bytes); no RIS records found"
    refused = other_format(head, input_format)
    if refused is not None:
        return refused
    if input_format == "csl-json" or _could_start_records(text):
        return None
    if encoding is not None and _could_start_records(head_text(head)):
        return (
            f"not RIS when read as {encoding}: no tag lines (it reads as RIS without "
            "--encoding; is the file in that encoding?)"
        )
    if _looks_binary(text):
        return _BINARY
    named = _named_format(head)
    if named is not None:
        return named
    return _NO_RECORDS if complete else None


#: Web of Science tagged text: its header, or a record's PT line before a WoS tag.
_WOS_HEADER = re.compile(r"\A\ufeff?[ \t]*(?:FN [^\n]*\n\s*VR \d|FN (?:ISI|Thomson|Clarivate))")
_WOS_RECORD = re.compile(
    r"(?m)^PT [JBSP][ \t]*\r?\n(?:(?:[A-Z][A-Z0-9] |   ).*\r?\n)*?(?:AU|AF|TI|SO) "
)


def looks_like_wos(text: str) -> bool:
    """Whether ``text`` (an input's first bytes, decoded) starts Web of Science
    tagged text: its ``FN``/``VR`` header, or a ``PT J`` line and WoS tags after it."""
    return _WOS_HEADER.search(text) is not None or _WOS_RECORD.search(text[:4096]) is not None


#: A WoS tab-delimited header: tags separated by TABs, PT first ("PT\tAU\tBA\t...").
_WOS_TAB = re.compile(r"\A\ufeff?PT\t(?:[A-Z][A-Z0-9]\t){3,}")


def looks_like_wos_tab(text: str) -> bool:
    """Whether ``text`` starts a Web of Science tab-delimited export (its header)."""
    return _WOS_TAB.match(text.lstrip(" \r\n")) is not None


#: A Scopus CSV header: quoted or bare column names, Authors or Title among the
#: first, and Scopus's own (Source title, EID, Link to scopus.com ...).
_SCOPUS_HEADER = re.compile(r'\A\ufeff?"?(?:Authors|Author full names|Title|EID)"?[,;\t]')


def looks_like_scopus_csv(text: str) -> bool:
    """Whether ``text`` starts a Scopus CSV export: a header row naming Scopus's
    columns."""
    stripped = text.lstrip(" \r\n")
    first = stripped.split("\n", 1)[0]
    return (
        _SCOPUS_HEADER.match(stripped) is not None
        and "Title" in first
        and ("Source title" in first or "EID" in first)
    )


#: A BibTeX block at a line's start ("@article{key,", "@STRING(", "@comment{").
_BIBTEX_BLOCK = re.compile(r"(?m)^[ \t]*@[A-Za-z]+[ \t]*[{(]")
_RIS_TY_TEXT = re.compile(r"(?m)^[ \t]*TY(?: {1,4}|\t)-")


def looks_like_bibtex(text: str) -> bool:
    """Whether ``text`` has a BibTeX block at a line's start before any RIS ``TY``."""
    block = _BIBTEX_BLOCK.search(text)
    if block is None:
        return False
    ty = _RIS_TY_TEXT.search(text)
    return ty is None or block.start() < ty.start()


_ENDNOTE_XML = re.compile(
    r"<xml>\s*<records>|<records>\s*<record>|<record>\s*<(?:database|ref-type|rec-number|source-app)\b"
)


def looks_like_endnote_xml(text: str) -> bool:
    """Whether ``text`` starts EndNote XML (``<xml><records><record>``)."""
    return text.lstrip("\ufeff \t\r\n")[:1] == "<" and _ENDNOTE_XML.search(text) is not None


_REFER_LINE = re.compile(r"(?m)^%[0A-Z@!&()?+#$*:<=>^|~1-9] \S")


def looks_like_refer(text: str) -> bool:
    """Whether ``text`` starts EndNote tagged / refer: its first non-blank line, and
    another, are ``%X value`` lines."""
    stripped = text.lstrip("\ufeff \t\r\n")
    return stripped[:1] == "%" and len(_REFER_LINE.findall(stripped[:4096])) >= 2


_YAML_REFERENCES = re.compile(r"(?m)^references:[ \t]*(?:\[|\r?$)")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n[ \t]*[A-Za-z_-]+:")


def looks_like_csl_yaml(text: str) -> int:
    """How surely ``text`` starts CSL-YAML: 80 with a ``references:`` list (block or
    flow), 60 for a YAML front matter (``---`` and a key) whose references may come
    after the first bytes; else 0."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not (
        stripped.startswith("---")
        or stripped.startswith("references:")
        or re.match(r"[a-z-]+:", stripped)
    ):
        return 0
    if _YAML_REFERENCES.search(text) is not None:
        return 80
    return 60 if _FRONT_MATTER.match(stripped) else 0


def generic_problem(head: bytes, encoding: str | None, complete: bool, label: str) -> str | None:
    """What any reader refuses in its first bytes: an empty input (when ``complete``),
    binary data. ``label`` names the format in the message."""
    text = head_text(head, encoding)
    if not text.strip(" \t\r\n\ufeff"):
        return f"empty input: no {label} records" if complete else None
    if not text.strip(" \t\r\n\ufeff\x00") or _looks_binary(text, any_nul=False):
        # A stray NUL is damage the reader drops with a warning; binary data is
        # mostly control bytes.
        return f"not {label}: this looks like binary data"
    return None


def medline_problem(head: bytes, encoding: str | None, complete: bool) -> str | None:
    """Why ``head`` cannot start a MEDLINE input, or None."""
    problem = generic_problem(head, encoding, complete, "MEDLINE")
    if problem is not None:
        return problem
    if tagged_kind(head) == "ovid":
        return (
            "not MEDLINE: this looks like an Ovid export (<1. > numbered records); "
            "read it with --from ovid or --from auto"
        )
    if _MEDLINE_LINE.search(head_text(head, encoding)) is not None:
        return None
    return "not MEDLINE: no MEDLINE tag lines (PMID- ...) found" if complete else None


def _could_start_records(text: str) -> bool:
    return text.lstrip(" \t\r\n\ufeff")[:1] in ("[", "{") or _TAG_LINE.search(text) is not None


def _looks_binary(text: str, any_nul: bool = True) -> bool:
    """Control characters (other than tab, line ends, form feed, Ctrl-Z) or
    undecodable bytes make up a third of the first 1,024 characters, or (with
    ``any_nul``) a NUL is among them."""
    sample = text[:1024]
    if any_nul and "\x00" in sample:
        return True
    odd = sum(1 for c in sample if (c < " " and c not in "\t\n\r\x0c\x1a") or c == "\ufffd")
    if odd > len(sample) * 0.3:
        return True
    # Random bytes after a UTF-16 byte order mark (1 /dev/urandom in 32,768) decode to
    # letters, mostly CJK, with hardly a control, and were read on to the 64 MB
    # record limit (11-30 s; found by tools/hostile.py). Every format read here has
    # ASCII tags or keys, and text in any script has almost no private-use,
    # unassigned or undecodable characters, of which random text has ~14%.
    if sum(1 for c in sample if c < "\x80") >= len(sample) * 0.25:
        return False
    import unicodedata

    odd += sum(1 for c in sample if unicodedata.category(c) in _ODD)
    return odd > len(sample) * 0.05


#: The categories no text has, beside C0 controls and U+FFFD: surrogates, private
#: use, unassigned.
_ODD = frozenset({"Cs", "Co", "Cn"})


# A tag at a line's start, or a TY inside a line (a file whose newlines became
# spaces, after a header: "Search results TY - JOUR TI - ...").
_TAG_LINE = re.compile(
    r"(?m)^[ \t]*[A-Za-z][A-Za-z0-9][ \t]{0,4}-(?:[ \t]|$)|[ \t]TY[ \t]{0,4}-[ \t]"
)


def _named_format(head: bytes) -> str | None:
    """The message for an input whose first bytes name another format, or None."""
    kind = _json_scalar(head)
    if kind is not None:
        return f"not RIS or CSL-JSON: this is a JSON {kind}; CSL-JSON is an array of items"
    text = head.lstrip(b"\xef\xbb\xbf")
    for pattern, kind in _CHECKS:
        if pattern.search(text):
            return f"not RIS: this looks like {kind}; no RIS records (TY  - ...) found"
    return None


def describe_non_ris(head: bytes) -> str:
    """A one-line message for input with no RIS record, naming what it looks like."""
    named = _named_format(head)
    if named is not None:
        return named
    if _looks_binary(head_text(head)):
        return _BINARY
    return _NO_RECORDS


_BINARY = "not RIS: this looks like binary data; no RIS records found"
_NO_RECORDS = "not RIS: no records found (a RIS record starts with a line 'TY  - TYPE')"


def _json_scalar(head: bytes) -> str | None:
    """What JSON value other than an array or object the whole of ``head`` is, or None."""
    text = head_text(head).strip("\ufeff \t\r\n")
    if not text or text[0] not in '"-0123456789tfn':
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, bool) or value is None:
        return "literal" if value is None else "boolean"
    return {str: "string", int: "number", float: "number"}.get(type(value))
