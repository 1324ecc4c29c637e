"""Reading RIS: numbered lines → tag lines → records → :class:`~citeconv.model.Item`.

The pipeline streams: one record is held at a time, so memory does not grow with
the file and the cost is linear in its size.

Why not ``rispy.load``? It is the obvious choice and we use its tag vocabulary, but
its parser (rispy 0.10) cannot serve here: it returns an empty list, silently, for
files whose newlines were collapsed (our sample); it silently drops a final record
without ``ER``, and a record whose ``ER`` is missing before the next ``TY``; it
skips text outside records without a word; and its entries keep no line numbers,
so no warning could name the line it is about. ``tests/test_ris_rispy.py`` shows
each of these against rispy itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from citeconv.diagnostics import InputError, Report, UsageError, input_error
from citeconv.model import Item
from citeconv.readers.ris import mapping
from citeconv.readers.ris.decode import MAX_LINE_BYTES, SNIFF_BYTES, encoding_problem, iter_lines
from citeconv.readers.ris.fields import _LINK_START, map_record
from citeconv.readers.ris.records import RawRecord, TagLine
from citeconv.readers.ris.sniff import describe_non_ris, head_problem

# A tag line: two-character tag, up to four blanks, a hyphen, then a blank or the end.
_TAG_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9])[ \t]{0,4}-(?:[ \t]+|$)(.*)$")
# "ER" alone on its line, without the hyphen (hand-written and converter-made files).
_BARE_ER = re.compile(r"^\s*ER\s*$")
# A mangled tag padded as RIS pads: two to five characters, two blanks, "- ".
_GARBLED_TAG_LINE = re.compile(r"^\s*([^\s-][^\s-]? ?[^\s-]{0,3})  - (.*)$")
# A tag line with a three- to five-letter tag: "PMID  - 33355555", "PMCID - PMC12".
_LONG_TAG_LINE = re.compile(r"^\s*([A-Z][A-Z0-9]{2,4})( {0,2})- (.*)$")
# A candidate field start inside a collapsed line: " XX - " or " XX  - ".
_COLLAPSED_TAG = re.compile(r"(?:(?<=\s)|^)([A-Z][A-Z0-9])(?: {1,2}|\t)-(?: |$)")
_COLLAPSED_START = re.compile(r"^\s*TY(?: {1,2}|\t)- ?\S")
#: Tags holding links; a continuation line that starts a link is another value.
_LINK_TAGS = frozenset({"UR", "L1", "L2", "L3", "L4"})
# Files joined without a newline between them: an ``ER`` and the next record's ``TY``
# on one line ("ER  -TY  - JOUR", "ER  - TY  - BOOK"). Group 1 is where the TY starts.
_JOINED = re.compile(r"(?:^|(?<=\s)|(?<=[.;,]))ER[ \t]{0,4}-[ \t]*(TY(?: {1,4}|\t)-[ \t]*[A-Za-z])")


def read_ris(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
    tag_mapping: str = mapping.DEFAULT_MAPPING,
) -> Iterator[Item]:
    """Read RIS from a binary stream and yield one Item per record.

    ``name`` is the file name used in diagnostics. Problems with single records are
    reported as warnings and the record is recovered as far as possible; input that
    is not RIS at all raises :class:`~citeconv.diagnostics.InputError`.
    ``first_index`` numbers the generated item ids across several inputs;
    ``max_line_bytes`` bounds memory on a file that is one huge line without records;
    ``tag_mapping`` is the reading of type-dependent tags (:data:`mapping.MAPPINGS`).
    """
    if tag_mapping not in mapping.MAPPINGS:
        raise UsageError(f"unknown tag mapping {tag_mapping!r}; one of {mapping.MAPPINGS}")
    if encoding is not None and encoding_problem(encoding) is not None:
        raise InputError(str(encoding_problem(encoding)), name)
    head = stream.read(SNIFF_BYTES)
    # From the bytes just read: a pipe or FIFO is read once (/dev/urandom is refused
    # here, not read for ever).
    refused = head_problem(head, encoding, "ris", complete=len(head) < SNIFF_BYTES)
    if refused is not None:
        raise input_error(refused, name)
    index = first_index
    for record in iter_records(
        iter_lines(stream, name, report, encoding, head, max_line_bytes),
        name,
        report,
        max_line_bytes,
    ):
        item = map_record(record, name, report, index, tag_mapping)
        index += 1
        yield item
    if index == first_index:
        raise InputError(describe_non_ris(head), name)


def iter_records(
    lines: Iterable[tuple[int, str]],
    name: str,
    report: Report,
    max_record_chars: int = MAX_LINE_BYTES,
) -> Iterator[RawRecord]:
    """Group tag lines into records, recovering from damaged structure with warnings.

    A record (from one ``TY`` line to the next) longer than ``max_record_chars`` is
    refused, as a line is: memory stays bounded whatever the input.
    """
    for record in _iter_raw_records(_bounded(lines, name, max_record_chars), name, report):
        for tag_line in record.fields:
            if tag_line.more is not None:
                tag_line.join_wrapped()
        yield record


def _iter_raw_records(
    lines: Iterable[tuple[int, str]], name: str, report: Report
) -> Iterator[RawRecord]:
    record: RawRecord | None = None
    # Tags seen outside any record: a stray header or a record that lost its TY.
    stray: list[TagLine] = []
    junk_line: int | None = None
    junk_warned = False
    lower_warned = False
    seen_record = False
    last: TagLine | None = None
    foreign: int | None = None  # where a MEDLINE record between records started

    def note_junk(line: int) -> None:
        nonlocal junk_line
        if junk_line is None:
            junk_line = line

    def flush_junk() -> None:
        nonlocal junk_line, junk_warned
        if junk_line is not None and not junk_warned:
            junk_warned = True
            report.warn(name, junk_line, "outside-record", "text outside any record skipped")
        junk_line = None

    match_tag_line = _TAG_LINE.match
    for number, text in _split_joined(lines):
        if record is not None and text[2:6] == "  - ":
            tag = text[:2]
            if (
                tag.isupper()
                and tag.isascii()
                and tag[0].isalpha()
                and tag[1].isalnum()
                and tag != "TY"
                and tag != "ER"
            ):
                # Most lines: "XX  - value", a field of the open record, read here as
                # _TAG_LINE, _tag_lines and the loop below would read it, without them.
                last = TagLine(tag, text[6:].strip(), number)
                record.fields.append(last)
                continue
        match = match_tag_line(text)
        if match is not None and record is not None:
            tag = match.group(1)
            if tag.isupper() and tag != "TY" and tag != "ER":
                # Most lines: an upper-case field of the open record, read here as
                # _tag_lines and the loop below would read it, without their calls.
                last = TagLine(tag, match.group(2).strip(), number)
                record.fields.append(last)
                continue
        parsed = _tag_lines(match, number, text, record is not None)
        if parsed is None and _BARE_ER.match(text) is not None:
            parsed = TagLine("ER", "", number)  # "ER" without its hyphen ends a record
        if record is None and (foreign is not None or text.startswith("PMID-")):
            if parsed is not None and not isinstance(parsed, list) and parsed.tag == "TY":
                foreign = None
            else:
                if foreign is None:
                    # A PubMed MEDLINE record pasted between RIS records: its "TI  - "
                    # lines look like RIS, but it is not RIS and is not read as it.
                    foreign = number
                    report.warn(
                        name,
                        number,
                        "not-ris-record",
                        "a PubMed MEDLINE record (PMID-) among RIS records is not RIS; "
                        "skipped up to the next TY",
                    )
                continue
        if parsed is None and record is None and "TY" in text:
            # A collapsed file whose first line starts with a header ("Results from X
            # TY - JOUR TI - ..."): the header is junk, the rest are records.
            parsed = _collapsed_after_junk(number, text)
            if parsed is not None:
                note_junk(number)
        if parsed is None and record is not None and "- " in text[2:16]:
            # "PMID  - 33355555" (APA PsycNET and others): a longer tag, not text.
            long_tag = _LONG_TAG_LINE.match(text)
            if long_tag is not None and (
                long_tag.group(2) == "  " or long_tag.group(1) in mapping.LONG_TAGS
            ):
                last = TagLine(long_tag.group(1), long_tag.group(3).strip(), number)
                record.fields.append(last)
                continue
            garbled = _GARBLED_TAG_LINE.match(text)
            if garbled is not None:
                # "A# U  - Fujinami, R.": a tag mangled by a converter, padded as RIS
                # pads. Its value is not the previous line's: kept under what it says.
                report.warn(
                    name,
                    number,
                    "garbled-tag",
                    f"unreadable tag {garbled.group(1)!r}; its value is kept apart",
                )
                last = TagLine(garbled.group(1), garbled.group(2).strip(), number)
                record.fields.append(last)
                continue
        if parsed is None:
            # A line without a tag: a wrapped value, or junk between records.
            content = text.strip()
            if not content:
                continue
            if last is not None and (record is not None or stray):
                if (
                    record is not None
                    and (last.value or last.more)
                    and (
                        last.tag == "KW"
                        or (last.tag in _LINK_TAGS and _LINK_START.match(content) is not None)
                    )
                ):
                    # EndNote writes a keyword list one keyword per line, and Embase
                    # and EndNote several links one per line: each is a value.
                    last = TagLine(last.tag, content, number)
                    record.fields.append(last)
                else:
                    # A link wrapped at a fixed width goes on without a blank.
                    glued = last.tag in _LINK_TAGS and " " not in content
                    last.wrap(content, "" if glued else " ")
            else:
                note_junk(number)
            continue
        if isinstance(parsed, list):
            report.facts(name).add_trait("collapsed-lines")
        tag_lines = parsed if isinstance(parsed, list) else (parsed,)
        for tag_line in tag_lines:
            if not tag_line.tag.isupper() or not tag_line.tag[0].isupper():
                if not lower_warned:
                    lower_warned = True
                    report.warn(name, number, "lower-case-tag", "lower-case RIS tags read as upper")
                tag_line.tag = tag_line.tag.upper()
                tag_line.folded = True
            tag = tag_line.tag
            if tag == "TY":
                if record is not None:
                    report.warn(
                        name,
                        record.line,
                        "missing-er",
                        f"record has no ER before the next TY on line {number}; closed there",
                    )
                    yield record
                if stray:
                    note_junk(stray[0].line)
                    stray = []
                flush_junk()
                seen_record = True
                record = RawRecord(line=number, fields=[tag_line])
                last = tag_line
            elif tag == "ER":
                if record is not None:
                    yield record
                    record = None
                elif len(stray) >= 2:
                    report.warn(
                        name,
                        stray[0].line,
                        "missing-ty",
                        "record has no TY; type guessed from its tags",
                    )
                    flush_junk()
                    seen_record = True
                    yield RawRecord(line=stray[0].line, fields=stray)
                    stray = []
                else:
                    if stray:
                        note_junk(stray[0].line)
                    stray = []
                    note_junk(number)
                last = None
            elif record is not None:
                record.fields.append(tag_line)
                last = tag_line
            else:
                stray.append(tag_line)
                last = tag_line
    if record is not None:
        report.warn(
            name, record.line, "missing-er", "last record has no ER (file truncated?); kept"
        )
        yield record
    elif len(stray) >= 2:
        report.warn(
            name, stray[0].line, "missing-ty", "record has no TY; type guessed from its tags"
        )
        seen_record = True
        yield RawRecord(line=stray[0].line, fields=stray)
    elif stray:
        note_junk(stray[0].line)
    if seen_record:
        flush_junk()  # without any record the file is not RIS: the error says it all


def _bounded(lines: Iterable[tuple[int, str]], name: str, limit: int) -> Iterator[tuple[int, str]]:
    """The lines, counting the characters since the last line that starts a record."""
    held = 0
    start = 1
    for number, text in lines:
        # (lstrip only for a line that starts with a blank: this runs for every line)
        if text[:2] == "TY" or (text[:1].isspace() and text.lstrip()[:2] == "TY"):
            held = 0
            start = number
        held += len(text)
        if held > limit:
            raise InputError(
                f"the record from line {start} is longer than {limit} characters; refused "
                "(raise the limit with --max-line-bytes)",
                name,
                start,
            )
        yield number, text


def _split_joined(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Lines, with each ``ER`` that shares a line with the next ``TY`` cut from it.

    ``cat a.ris b.ris`` where ``a.ris`` ends without a newline puts ``a``'s last ``ER``
    and ``b``'s first ``TY`` on one line; read as one, the ``TY`` would be a value
    and ``b``'s first record would be lost (or merged into ``a``'s last).
    """
    search = _JOINED.search
    for number, text in lines:
        if "TY" in text and "ER" in text:
            match = search(text)
            if match is not None and (
                not text[: match.start()].strip() or _COLLAPSED_START.match(text) is not None
            ):
                # At the start of the line, or in a collapsed export's one line (in a
                # value, "the ER - TY - B" is text).
                start = 0
                while match is not None:
                    yield number, text[start : match.start(1)]
                    start = match.start(1)
                    match = search(text, start + 2)
                yield number, text[start:]
                continue
        yield number, text


def _tag_lines(
    match: re.Match[str] | None, number: int, text: str, in_record: bool
) -> TagLine | list[TagLine] | None:
    """The tag line in one physical line (``match``: ``_TAG_LINE`` matched on it); None
    when it has no tag; a list of them when it is a collapsed file's line (a ``TY``
    followed by more ``XX - `` fields).
    """
    if match is None:
        return None
    tag = match.group(1)
    value = match.group(2)
    if tag == "TY" and _COLLAPSED_TAG.search(value):
        pieces = list(_split_collapsed(text))
        if len(pieces) > 1:  # a TY line with more fields after it: newlines collapsed
            return [TagLine(t, v, number) for t, v in pieces]
    if not tag.isupper():
        upper = tag.upper()
        if upper not in mapping.KNOWN_TAGS or (not in_record and upper != "TY"):
            # A lower-case "an - " inside wrapped text is not a tag unless it is a
            # known tag inside a record (some exporters write lower-case tags).
            return None
    return TagLine(tag, value.strip(), number)


_BLANK_TO_END = re.compile(r"\s*\Z")
_TY_AT = re.compile(r"\s*TY(?: {1,2}|\t)- ?\S")
_TY_INSIDE = re.compile(r"(?<=\s)TY(?: {1,2}|\t)- ?\S")


def _collapsed_after_junk(number: int, text: str) -> list[TagLine] | None:
    """The records of a collapsed line that starts with text before its first TY."""
    match = _TY_INSIDE.search(text)
    if match is None:
        return None
    pieces = list(_split_collapsed(text[match.start() :]))
    if len(pieces) < 2:
        return None
    return [TagLine(tag, value, number) for tag, value in pieces]


def _split_collapsed(text: str) -> Iterator[tuple[str, str]]:
    """Split a line whose newlines became spaces into (tag, value) pairs.

    A candidate ``XX - `` is a field start only where the structure confirms it: a
    known tag; ``ER`` only at the end or before ``TY``; ``TY`` only at the start or
    after ``ER``; a tag that cannot repeat only once per record. So "... the ER -
    department ..." inside an abstract is never cut.
    """
    text = text.strip()
    candidates = list(_COLLAPSED_TAG.finditer(text))
    accepted: list[re.Match[str]] = []
    seen: set[str] = set()
    for match in candidates:
        tag = match.group(1)
        if tag not in mapping.KNOWN_TAGS:
            continue
        if tag == "TY":
            if accepted and accepted[-1].group(1) != "ER":
                continue
            seen = set()
        elif tag == "ER":
            # Matched in place: slicing the rest of a long collapsed line for every
            # "ER - " in its abstracts would make the split quadratic.
            end = match.end()
            if not (_BLANK_TO_END.match(text, end) or _TY_AT.match(text, end)):
                continue
        elif tag in seen and tag not in mapping.REPEATABLE_TAGS:
            continue
        if not accepted and tag != "TY":
            continue
        accepted.append(match)
        seen.add(tag)
    for i, match in enumerate(accepted):
        end = accepted[i + 1].start() if i + 1 < len(accepted) else len(text)
        yield match.group(1), text[match.end() : end].strip()
