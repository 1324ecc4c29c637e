"""Reading CSL-JSON (from Zotero, pandoc, citation-js or citeconv itself) into Items.

The input streams: an array is read item by item (``json.JSONDecoder.raw_decode``
on a buffer that holds the item being read, not the file), so memory follows the
largest item, not the input, and an endless stream is read as far as it goes. An
item larger than ``max_item_bytes`` is an error naming its line, as is JSON nested
deeper than the parser can follow.

Every value is checked against the type the CSL-JSON schema gives its variable as
it is read. A value of another type is a warning naming the item and the variable,
and then, as documented here:

* a name variable given as a string ("editor": "Smith, J.") is read as one name, a
  single name object as a list of one; anything else there is dropped;
* a date whose ``date-parts`` is a number or a list of numbers is read as one date;
  a date part that is no finite whole number ends the date there; a date that
  keeps nothing is dropped;
* ``true``/``false`` in an ordinary variable are dropped; an object or array there
  is kept, as its JSON text, in ``custom`` under the variable's name;
* NaN and infinite numbers are dropped; integers too long to be numbers (JSON
  allows 5,000 digits) are kept as their digits;
* a lone surrogate (``"\\ud800"``, no character) becomes U+FFFD.

Variables written in ``note`` as Zotero's Extra holds them ("original-date: 1900")
are then set, as citeproc-js sets them (citeconv.readers.csl_note).

``null`` means absent, as in citeproc-js, and is skipped without a word, as are an
empty array and an empty object (they hold nothing).
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterator
from typing import Any, BinaryIO

from citeconv.diagnostics import EmptyInput, InputError, Report
from citeconv.model import (
    DATE_VARIABLES,
    ITEM_TYPES,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    TEXT_VARIABLES,
    Item,
    Origin,
)
from citeconv.readers.csl_note import take_note_variables

#: The largest single item read (the whole input for a lone object).
MAX_ITEM_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20
#: Digits beyond which an integer stays text (Python refuses to convert 4,300).
_MAX_INT_DIGITS = 64
_NAME_VARIABLES = frozenset(NAME_VARIABLES)
_DATE_VARIABLES = frozenset(DATE_VARIABLES)
#: What makes an object an item: a type, a title, a name, a date or an identifier
#: (``{"name": "left-pad", "version": "1.3.0"}`` is JSON, not a work to cite).
_CSL_KEYS = (
    _NAME_VARIABLES
    | _DATE_VARIABLES
    | {
        "type",
        "title",
        "title-short",
        "container-title",
        "DOI",
        "URL",
        "ISBN",
        "ISSN",
        "PMID",
        "PMCID",
        "citation-key",
    }
)

#: Item types of Zotero, Crossref and BibTeX found in files called CSL-JSON, with
#: their CSL names (keys lower case, "_" as "-").
_TYPE_ALIASES = {
    "website": "webpage",
    "web-page": "webpage",
    "journal-article": "article-journal",
    "journalarticle": "article-journal",
    "magazinearticle": "article-magazine",
    "newspaperarticle": "article-newspaper",
    "booksection": "chapter",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "incollection": "chapter",
    "conferencepaper": "paper-conference",
    "proceedings-article": "paper-conference",
    "inproceedings": "paper-conference",
    "edited-book": "book",
    "monograph": "book",
    "reference-book": "book",
    "dissertation": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "posted-content": "article",
    "preprint": "article",
    "blogpost": "post-weblog",
    "forumpost": "post",
    "computerprogram": "software",
    "dictionaryentry": "entry-dictionary",
    "encyclopediaarticle": "entry-encyclopedia",
    "reference-entry": "entry",
    "presentation": "speech",
    "videorecording": "motion_picture",
    "film": "motion_picture",
    "audiorecording": "song",
    "podcast": "song",
    "case": "legal_case",
    "statute": "legislation",
    "letter": "personal_communication",
    "email": "personal_communication",
    "journal": "periodical",
    "techreport": "report",
    "manual": "report",
}
_TEXT_VARIABLES = TEXT_VARIABLES
_WHITESPACE = " \t\r\n"
#: The parts that make a name a name.
_NAME_PARTS = frozenset({"family", "given", "literal"})
#: The name flags the CSL-JSON schema gives as booleans.
_NAME_FLAGS = frozenset({"parse-names", "static-ordering", "comma-suffix"})


class _LongInt(str):
    """The digits of a JSON integer too long to be a number here: text, known to
    have been a number."""


def _parse_int(text: str) -> int | str:
    return int(text) if len(text) <= _MAX_INT_DIGITS else _LongInt(text)


def _is_number(value: Any) -> bool:
    """A JSON number (finite; a bool is no number)."""
    if isinstance(value, _LongInt):
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not isinstance(value, float) or math.isfinite(value)


_DECODER = json.JSONDecoder(parse_int=_parse_int)


class _Text:
    """The input as text, read in chunks; ``buffer[at:]`` is what is not yet used."""

    def __init__(self, stream: BinaryIO, name: str, encoding: str | None = None) -> None:
        from citeconv.readers.ris.decode import SNIFF_BYTES, choose_encoding, with_byte_order

        self.stream = stream
        self.name = name
        peek = getattr(stream, "peek", None)
        head = peek(SNIFF_BYTES)[:SNIFF_BYTES] if peek is not None else b""
        # JSON is UTF-8 (RFC 8259), but a Windows tool's UTF-16 file (a BOM, or the
        # NULs of ASCII in UTF-16) is read as what it is; --encoding is obeyed.
        self.given = encoding
        if encoding is not None:
            encoding, skip = with_byte_order(encoding, head)
        else:
            encoding, skip = choose_encoding(head)
        self.chosen, self.skip = encoding, skip
        if skip:
            stream.read(skip)
        self.encoding = encoding or "utf-8-sig"
        self.decoder = codecs.getincrementaldecoder(self.encoding)()
        self.buffer = ""
        self.at = 0
        self.line = 1  # the line of buffer[at]
        self.ended = False

    def more(self) -> bool:
        """Read another chunk onto the buffer; False at the end of the input."""
        if self.ended:
            return False
        data = self.stream.read(_CHUNK)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            encoding = "UTF-8" if self.encoding == "utf-8-sig" else self.encoding
            raise InputError(
                f"CSL-JSON is not {encoding}: {exc.reason} (use --encoding to choose)",
                self.name,
                self.line,
            ) from None
        if not data:
            self.ended = True
        if self.at:
            self.buffer = self.buffer[self.at :]
            self.at = 0
        self.buffer += text
        return bool(data) or bool(text)

    def skip_blanks(self) -> str:
        """The next character that is not a blank ("" at the end), not consumed."""
        while True:
            buffer, at = self.buffer, self.at
            end = len(buffer)
            while at < end and buffer[at] in _WHITESPACE:
                if buffer[at] == "\n":
                    self.line += 1
                at += 1
            self.at = at
            if at < end:
                return buffer[at]
            if not self.more():
                return ""

    def take(self, count: int) -> None:
        self.line += self.buffer.count("\n", self.at, self.at + count)
        self.at += count

    def value(self, max_bytes: int) -> Any:
        """The JSON value starting at the current position, consumed."""
        wanted = len(self.buffer) - self.at
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.at)
            except RecursionError:
                raise InputError(
                    "JSON nested too deeply to read (no CSL-JSON item nests so)",
                    self.name,
                    self.line,
                ) from None
            except json.JSONDecodeError as exc:
                if self.ended or len(self.buffer) - self.at > max_bytes:
                    if not self.ended:
                        raise InputError(
                            f"a CSL-JSON item larger than {max_bytes} bytes; refused",
                            self.name,
                            self.line,
                        ) from None
                    line = self.line + self.buffer.count("\n", self.at, exc.pos)
                    raise InputError(f"not valid JSON: {exc.msg}", self.name, line) from None
                # Perhaps only cut short by the end of the buffer: read on, at least
                # doubling what is held, so an item is parsed O(log n) times.
                while len(self.buffer) - self.at < 2 * wanted and self.more():
                    pass
                wanted = len(self.buffer) - self.at
                continue
            self.take(end - self.at)
            return value


def read_csl_json(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    first_index: int = 1,
    max_item_bytes: int = MAX_ITEM_BYTES,
    encoding: str | None = None,
) -> Iterator[Item]:
    """Yield the items of a CSL-JSON array (or a single CSL-JSON object, or
    ``{"items": [...]}``), each as it is read. ``encoding``: UTF-8 (or UTF-16 by
    its BOM or pattern) unless given."""
    from citeconv.readers.ris.decode import note_encoding

    text = _Text(stream, name, encoding)
    note_encoding(report, name, text.given, text.chosen, text.skip)
    first = text.skip_blanks()
    if first == "":
        raise EmptyInput("empty input: no records", name)
    if first == "{":
        line = text.line
        data = text.value(max_item_bytes)
        _expect_end(text)
        if isinstance(data.get("items"), list):
            entries = data["items"]
            if not entries:
                raise EmptyInput("empty input: the CSL-JSON array is empty", name)
            kept = 0
            for n, entry in enumerate(entries):
                for item in csl_item(entry, n, first_index, name, line, report):
                    kept += 1
                    yield item
            if not kept:
                raise InputError(
                    f"no records: none of the {len(entries)} values of 'items' is a CSL-JSON item",
                    name,
                )
        else:
            found = list(csl_item(data, 0, first_index, name, line, report))
            if not found:
                raise InputError("no records: the JSON object is no CSL-JSON item", name, line)
            yield from found
        return
    if first != "[":
        raise InputError("CSL-JSON must be an array of items", name, text.line)
    text.take(1)
    n = kept = 0
    while True:
        following = text.skip_blanks()
        if following == "]":
            text.take(1)
            break
        if following == "":
            raise InputError("not valid JSON: the array is not closed", name, text.line)
        if n:
            if following != ",":
                raise InputError("not valid JSON: expected ',' or ']'", name, text.line)
            text.take(1)
            if text.skip_blanks() == "":
                raise InputError("not valid JSON: the array is not closed", name, text.line)
        line = text.line
        entry = text.value(max_item_bytes)
        for item in csl_item(entry, n, first_index, name, line, report):
            kept += 1
            yield item
        n += 1
    _expect_end(text)
    if n == 0:
        raise EmptyInput("empty input: the CSL-JSON array is empty", name)
    if kept == 0:
        raise InputError(f"no records: none of the array's {n} values is a CSL-JSON item", name)


def _expect_end(text: _Text) -> None:
    if text.skip_blanks() != "":
        raise InputError("not valid JSON: text after the end", text.name, text.line)


def csl_item(
    entry: Any, n: int, first_index: int, name: str, line: int, report: Report
) -> Iterator[Item]:
    """The item of one CSL-JSON object (the ``n``-th of its input, at ``line``), its
    values checked against the schema's types; none when it is no item (warned).
    Shared with the CSL-YAML reader."""
    if not isinstance(entry, dict):
        report.warn(name, line, "csl-json", f"item {n + 1} is not an object; skipped")
        return
    checker = _Checker(entry, n, name, line, report)
    if not _CSL_KEYS.intersection(entry):
        # {"name": "left-pad", "version": "1.3.0"}: JSON, but nothing to cite.
        report.warn(
            name,
            line,
            "csl-json",
            f"item {checker.label} has no type, title, name, date or identifier; skipped",
        )
        return
    clean = checker.clean()
    take_note_variables(clean)  # Zotero's Extra: "original-date: 1900" lines
    item = Item.from_csl(clean, Origin(name, line))
    if not item.id:
        item.id = f"item{first_index + n}"
    if "type" not in clean:
        report.warn(name, line, "csl-json", f"item {checker.label} has no type; read as document")
    yield item


class _Checker:
    """One item's values checked against the CSL-JSON schema's types."""

    def __init__(self, entry: dict[str, Any], n: int, name: str, line: int, report: Report):
        self.entry = entry
        self.name = name
        self.line = line
        self.report = report
        raw_id = entry.get("id")
        usable = isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool)
        self.label = repr(str(raw_id)) if usable else f"#{n + 1}"
        self.surrogates = False

    def warn(self, variable: str, what: str) -> None:
        self.report.warn(self.name, self.line, "csl-json", f"item {self.label}: {variable} {what}")

    def text(self, value: str) -> str:
        """``value``, with each lone surrogate (no character, cannot be written) as U+FFFD."""
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.surrogates = True
            return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
        return value

    def clean(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        for key, value in self.entry.items():
            key = self.text(str(key))
            if value is None or value == [] or value == {}:
                continue  # absent (null, as in citeproc-js), or empty: nothing to keep
            if key == "id":
                scalar = self.scalar(key, value)
                if scalar is not None:
                    out[key] = scalar
            elif key == "type":
                kind = self.item_type(value)
                out[key] = kind or "document"
                if kind is None:
                    custom["type"] = value if isinstance(value, str) else json.dumps(value)
            elif key == "custom":
                if isinstance(value, dict):
                    custom.update(value)
                else:
                    self.warn(key, "is not an object; dropped")
            elif key in _NAME_VARIABLES:
                names = self.names(key, value)
                if names:
                    out[key] = names
            elif key in _DATE_VARIABLES:
                date = self.date(key, value)
                if date is not None:
                    out[key] = date
            elif isinstance(value, (dict, list)):
                self.warn(key, f"is {_kind(value)}, not text; kept in custom")
                custom[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            else:
                if _is_number(value) and key not in NUMBER_VARIABLES and key in _TEXT_VARIABLES:
                    shown = value if len(str(value)) <= 20 else f"{str(value)[:20]}…"
                    self.warn(key, f"is the number {shown}, not text; read as text")
                scalar = self.scalar(key, value)
                if scalar is not None:
                    out[key] = scalar
        if custom:
            out["custom"] = {
                self.text(str(k)): self._custom_value(str(k), v)
                for k, v in custom.items()
                if v is not None
            }
        if self.surrogates:
            self.report.warn(
                self.name,
                self.line,
                "csl-json",
                f"item {self.label}: a lone surrogate (no character) became U+FFFD",
            )
        return out

    def _custom_value(self, key: str, value: Any) -> Any:
        """A value of ``custom`` as the model keeps it (a list of texts); an object or
        a nested array is kept as its JSON text, with a warning."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            if any(isinstance(v, (dict, list)) for v in value):
                self.warn(f"custom {key!r}", "holds objects or arrays; kept as their JSON text")
            return [self.text(v) if isinstance(v, str) else self._json_text(key, v) for v in value]
        if isinstance(value, dict):
            self.warn(f"custom {key!r}", "is an object; kept as its JSON text")
        return self._json_text(key, value)

    def _json_text(self, key: str, value: Any) -> str:
        try:
            return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
        except ValueError:  # NaN or an infinity, which JSON text cannot hold
            self.warn(f"custom {key!r}", "holds NaN or an infinite number; kept as null")
            return json.dumps(_without_nan(value), ensure_ascii=False, sort_keys=True)

    def item_type(self, value: Any) -> str | None:
        """A CSL item type, or None (with a warning: read as ``document``, the value
        kept in ``custom`` under ``type``). Case and ``_`` for ``-`` are forgiven."""
        if isinstance(value, str):
            if value in ITEM_TYPES:
                return value
            for spelling in (value.strip().lower(), value.strip().lower().replace("_", "-")):
                for known in (spelling, spelling.replace("-", "_")):
                    if known in ITEM_TYPES:
                        self.warn("type", f"{value!r} is spelled {known!r} in CSL; read so")
                        return known
            alias = _TYPE_ALIASES.get(value.strip().lower().replace("_", "-"))
            if alias is not None:
                self.warn("type", f"{value!r} is no CSL type; read as its CSL name, {alias!r}")
                return alias
            shown = repr(self.text(value[:40]))
        else:
            shown = _kind(value)
        self.warn("type", f"{shown} is not a CSL item type; read as document, kept in custom")
        return None

    def scalar(self, variable: str, value: Any) -> str | None:
        """A string or number as text; anything else warned about and dropped."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bool):
            self.warn(variable, f"is {str(value).lower()}, not text or a number; dropped")
            return None
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                self.warn(variable, f"is {value}, not a number; dropped")
                return None
            if value.is_integer() and abs(value) < 1e21:
                return str(int(value))
            # As citeproc-js (JavaScript's String) writes it: 1e308 is "1e+308",
            # not the 309 digits of the double nearest to it.
            return repr(value)
        self.warn(variable, f"is {_kind(value)}, not text; dropped")
        return None

    def names(self, variable: str, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, str):
            self.warn(variable, "is a string, not a list of names; read as one name")
            from citeconv.names import parse_name

            parsed = parse_name(self.text(value))
            return [parsed.to_csl()] if parsed is not None else []
        if isinstance(value, dict):
            self.warn(variable, "is one name, not a list of names; read as a list of one")
            value = [value]
        if not isinstance(value, list):
            self.warn(variable, f"is {_kind(value)}, not a list of names; dropped")
            return []
        names = []
        for entry in value:
            if isinstance(entry, str):
                from citeconv.names import parse_name

                self.warn(variable, "holds a string, not a name object; read as a name")
                parsed = parse_name(self.text(entry))
                if parsed is not None:
                    names.append(parsed.to_csl())
                continue
            if not isinstance(entry, dict):
                self.warn(variable, f"holds {_kind(entry)}, not a name; dropped")
                continue
            name: dict[str, Any] = {}
            for part, text in entry.items():
                if part in _NAME_FLAGS and isinstance(text, bool):
                    name[part] = text  # "parse-names": false and the like
                    continue
                if _is_number(text):
                    self.warn(variable, f"{part} is the number {text}, not text; read as text")
                scalar = self.scalar(f"{variable} {part}", text) if text is not None else None
                if scalar is not None:
                    name[self.text(str(part))] = scalar
            if _NAME_PARTS.isdisjoint(name):
                self.warn(variable, "holds a name with no family, given or literal part; dropped")
                continue
            names.append(name)
        return names

    def date(self, variable: str, value: Any) -> Any:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return self.text(str(value))  # a raw date, as citeproc-js reads it
        if not isinstance(value, dict):
            self.warn(variable, f"is {_kind(value)}, not a date; dropped")
            return None
        out: dict[str, Any] = {}
        for key, part in value.items():
            if part is None:
                continue
            if key == "date-parts":
                parts = self.date_parts(variable, part)
                if parts:
                    out[key] = parts
            elif key == "circa" and isinstance(part, bool):
                out[key] = part
            elif isinstance(part, (dict, list)):
                self.warn(variable, f"{key} is {_kind(part)}; dropped")
            else:
                scalar = self.scalar(f"{variable} {key}", part)
                if scalar is not None:
                    out[key] = scalar
        if not out:
            self.warn(variable, "keeps nothing that is a date; dropped")
            return None
        return out

    def date_parts(self, variable: str, value: Any) -> list[list[int | str]]:
        if not isinstance(value, list):
            self.warn(variable, "date-parts is not a list of [year, month, day] lists; read as one")
            value = [[value]]
        elif value and not isinstance(value[0], list):
            self.warn(variable, "date-parts is not a list of [year, month, day] lists; read as one")
            value = [value]
        parts: list[list[int | str]] = []
        for piece in value[:2]:
            if not isinstance(piece, list):
                self.warn(variable, f"date-parts holds {_kind(piece)}; dropped")
                continue
            numbers: list[int | str] = []
            for number in piece[:3]:
                if isinstance(number, bool) or not isinstance(number, (int, float, str)):
                    self.warn(
                        variable, f"date part {number!r} is not a number; the date ends there"
                    )
                    break
                if isinstance(number, float) and not (
                    math.isfinite(number) and number.is_integer()
                ):
                    self.warn(
                        variable, f"date part {number} is not a whole number; the date ends there"
                    )
                    break
                if isinstance(number, str):
                    number = self.text(number)
                    if (
                        not (
                            number.strip().lstrip("-").isascii()
                            and number.strip().lstrip("-").isdigit()
                        )
                        or len(number) > 9
                    ):
                        self.warn(
                            variable, f"date part {number!r} is not a number; the date ends there"
                        )
                        break
                elif isinstance(number, int) and abs(number) > 999_999_999:
                    self.warn(variable, f"date part {number} is out of range; the date ends there")
                    break
                whole = int(number)
                if len(numbers) == 1 and not (1 <= whole <= 16 or 21 <= whole <= 24):
                    self.warn(
                        variable,
                        f"month {whole} is no month (1-12) or season (13-16, 21-24); "
                        "the date ends at the year",
                    )
                    break
                if len(numbers) == 2 and not 1 <= whole <= 31:
                    self.warn(variable, f"day {whole} is no day; the date ends at the month")
                    break
                numbers.append(whole)
            if numbers:
                parts.append(numbers)
        return parts


def _without_nan(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nan(v) for v in value]
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and len(value) > 20:
        return repr(value[:20] + "…")
    return repr(value)
