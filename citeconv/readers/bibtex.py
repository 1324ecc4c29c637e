"""Reading BibTeX and BibLaTeX through bibtexparser v2: blocks → entries → Item.

bibtexparser splits the text into blocks (entries, ``@string``, ``@preamble``,
``@comment``, and the blocks it could not parse, each with its line) and splits
names as BibTeX does (``von Last, Jr, First``). Values are read here, with no
middleware in between: braces and quotes, ``#`` concatenation, ``@string`` and
month macros, then LaTeX decoded to Unicode with pylatexenc (``\\"u`` → ü,
``--`` → –), ``\\emph``/``\\textit``/``\\textbf``/``\\textsc``/``\\textsuperscript``
kept as CSL's HTML-like markup and a braced word in a title kept from case
changes (``<span class="nocase">``). What each field means is :data:`FIELDS`;
fields it does not name are kept in ``Item.custom``. A block that cannot be
parsed is a warning with its line; the rest converts. ``crossref`` fills a
child's missing fields from its parent (``booktitle`` from the parent's title).

The input is parsed in chunks of whole blocks (cut at lines starting with ``@``),
so memory holds one chunk and the ``@string`` macros, not the whole file.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

from citeconv.dates import parse_free_date
from citeconv.diagnostics import EmptyInput, InputError, Report
from citeconv.languages import LANGUAGES
from citeconv.model import ET_AL, Date, Item, KeywordSet, Name, Origin
from citeconv.readers.bibtex_latex import latex_to_text
from citeconv.readers.ris.decode import MAX_LINE_BYTES, iter_lines
from citeconv.readers.ris.fields import normalise_doi

Kind = Literal["text", "title", "names", "pages", "verbatim", "keywords", "date", "number"]

#: BibTeX/BibLaTeX field → (CSL variable, how it is read); the first field of a
#: variable that an entry has wins, in this order.
FIELDS: dict[str, tuple[str, Kind]] = {
    "author": ("author", "names"),
    "editor": ("editor", "names"),
    "translator": ("translator", "names"),
    "bookauthor": ("container-author", "names"),
    "title": ("title", "title"),
    "shorttitle": ("title-short", "title"),
    "origtitle": ("original-title", "title"),
    "journaltitle": ("container-title", "title"),
    "journal": ("container-title", "title"),
    "booktitle": ("container-title", "title"),
    "shortjournal": ("container-title-short", "text"),
    "series": ("collection-title", "title"),
    "eventtitle": ("event-title", "title"),
    "venue": ("event-place", "text"),
    "volume": ("volume", "text"),
    "volumes": ("number-of-volumes", "text"),
    "issue": ("issue", "text"),
    "pages": ("page", "pages"),
    "pagetotal": ("number-of-pages", "text"),
    "numpages": ("number-of-pages", "text"),
    "edition": ("edition", "text"),
    "publisher": ("publisher", "text"),
    "school": ("publisher", "text"),
    "institution": ("publisher", "text"),
    "organization": ("publisher", "text"),
    "location": ("publisher-place", "text"),
    "address": ("publisher-place", "text"),
    "chapter": ("chapter-number", "text"),
    "type": ("genre", "text"),
    "doi": ("DOI", "verbatim"),
    "url": ("URL", "verbatim"),
    "isbn": ("ISBN", "text"),
    "issn": ("ISSN", "text"),
    "pmid": ("PMID", "text"),
    "pmcid": ("PMCID", "text"),
    "note": ("note", "text"),
    "annote": ("annote", "text"),
    "annotation": ("annote", "text"),
    "abstract": ("abstract", "text"),
    "keywords": ("keyword", "keywords"),
    "langid": ("language", "text"),
    "hyphenation": ("language", "text"),
    "language": ("language", "text"),
    "version": ("version", "text"),
    "pubstate": ("status", "text"),
    "howpublished": ("medium", "text"),
    "date": ("issued", "date"),
    "urldate": ("accessed", "date"),
    "eventdate": ("event-date", "date"),
    "origdate": ("original-date", "date"),
}

_PRIORITY = {field: n for n, field in enumerate(FIELDS)}

#: Entry type → CSL type. ``number`` is an issue in an article, a number elsewhere.
ENTRY_TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "inreference": "entry-encyclopedia",
    "reference": "book",
    "mvreference": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "manuscript",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "standard": "standard",
    "letter": "personal_communication",
    "review": "review",
    "movie": "motion_picture",
    "video": "broadcast",
    "audio": "song",
    "music": "musical_score",
    "artwork": "graphic",
    "image": "figure",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "legal": "treaty",
    "performance": "performance",
}

#: Fields a child entry takes from its ``crossref`` parent, under another name.
CROSSREF_AS = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}

MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_CHUNK_LINES = 20_000
#: ASCII digits only ("²".isdigit() is true, and int("²") fails).
_DIGITS = re.compile(r"[0-9]+")
#: The most entries held back waiting for a crossref parent that comes later.
MAX_WAITING = 10_000
#: The longest value @string macros may expand to (27 chained doublings made 3 GB).
MAX_VALUE_CHARS = 1 << 20
_BLOCK_START = re.compile(r"^\s*@")
_ISO_DATE = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def read_bibtex(
    stream: BinaryIO,
    name: str,
    report: Report,
    *,
    encoding: str | None = None,
    first_index: int = 1,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Item]:
    """Read BibTeX or BibLaTeX and yield one Item per entry."""
    import logging

    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import (
        DuplicateBlockKeyBlock,
        DuplicateFieldKeyBlock,
        Entry,
        ExplicitComment,
        ParsingFailedBlock,
        Preamble,
        String,
    )

    # bibtexparser logs what it skips; citeconv says it, with file and line.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    strings: dict[str, str] = {}
    parents: dict[str, dict[str, str]] = {}
    pending: deque[tuple[Any, dict[str, str], int]] = deque()
    keys: set[str] = set()
    count = 0
    other_blocks = failed = 0  # @comment, @string, @preamble; blocks that failed
    for first_line, text in _chunks(
        iter_lines(stream, name, report, encoding, None, max_line_bytes)
    ):
        library = parse_string(_NO_KEY.sub(rf"\1{_MADE_UP_KEY},", text), parse_stack=[])
        for block in library.blocks:
            line = first_line + (block.start_line or 0)
            entry: Any = None
            if isinstance(block, String):
                other_blocks += 1
                strings[block.key.lower()] = _value(block.value, strings, name, line, report)
            elif isinstance(block, Entry):
                entry = block
            elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
                block.ignore_error_block, String
            ):
                # bibtex takes the new definition of a macro, and says so.
                again = block.ignore_error_block
                report.warn(
                    name, line, "bibtex", f"@string {again.key!r} defined again; the new value used"
                )
                strings[again.key.lower()] = _value(again.value, strings, name, line, report)
            elif isinstance(block, DuplicateBlockKeyBlock):
                report.warn(name, line, "bibtex", f"key {block.key!r} given twice; both kept")
                entry = block.ignore_error_block
            elif isinstance(block, DuplicateFieldKeyBlock):
                twice = ", ".join(sorted(getattr(block, "duplicate_keys", ()) or ())) or "a field"
                report.warn(name, line, "bibtex", f"{twice} given twice; the first value kept")
                entry = block.ignore_error_block
            elif isinstance(block, ParsingFailedBlock):
                failed += 1
                report.warn(name, line, "bibtex", f"block skipped: {_first_line(block.error)}")
            elif isinstance(block, (ExplicitComment, Preamble)):
                other_blocks += 1
            if entry is not None:
                values = _arrive(entry, line, name, report, strings, parents)
                pending.append((entry, values, line))
            # In input order; an entry whose crossref parent has not come yet waits
            # for it (and the entries after it wait their turn), at most MAX_WAITING.
            while pending and (
                not _waits(pending[0][1], pending[0][0].key or "", parents)
                or len(pending) > MAX_WAITING
            ):
                waiting, values, at = pending.popleft()
                yield _entry(waiting, values, at, name, report, parents, keys, first_index + count)
                count += 1
    while pending:
        waiting, values, at = pending.popleft()
        yield _entry(waiting, values, at, name, report, parents, keys, first_index + count)
        count += 1
    if count == 0 and other_blocks and not failed:
        # JabRef's new library ("@Comment{jabref-meta: ...}"), macros only: no hits.
        raise EmptyInput("empty input: no entries (only @comment, @string, @preamble)", name)
    if count == 0:
        raise InputError("not BibTeX: no entries found (an entry starts '@article{key,')", name)


#: An entry with no key (``@article{ author = …``, as EndNote writes it).
_NO_KEY = re.compile(
    r"(?im)^([ \t]*@(?!string|preamble|comment)[a-z]+[ \t]*[{(])(?=\s*[a-z][\w-]*\s*=)"
)
#: The key given to such an entry so that bibtexparser reads it (then numbered).
_MADE_UP_KEY = "citeconv-entry-without-key"


def _first_line(error: object) -> str:
    reason = getattr(error, "abort_reason", None) or str(error or "")
    return (reason or "it does not parse (an unclosed brace or quote?)").splitlines()[0]


def _chunks(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Whole blocks, some thousands of lines at a time: (first line number, text)."""
    buffer: list[str] = []
    start = 1
    for number, text in lines:
        if (
            len(buffer) >= _CHUNK_LINES
            and _BLOCK_START.match(text)
            and (not buffer[-1].strip() or buffer[-1].rstrip().endswith(("}", ")")))
        ):  # a new block, not a value line that starts with "@"
            yield start, "\n".join(buffer) + "\n"
            buffer, start = [], number
        if not buffer:
            start = number
        buffer.append(text.lstrip("\ufeff") if not buffer else text)
    if buffer:
        yield start, "\n".join(buffer) + "\n"


def _value(raw: str, strings: dict[str, str], name: str, line: int, report: Report) -> str:
    """A field's raw value (``{…}``, ``"…"``, a number, a macro, joined by ``#``)."""
    parts: list[str] = []
    for piece in _split_concatenation(raw):
        piece = piece.strip()
        if not piece:
            continue
        if (piece[0] == "{" and piece[-1] == "}") or (
            piece[0] == '"' and piece[-1] == '"' and len(piece) > 1
        ):
            parts.append(piece[1:-1])
        elif _DIGITS.fullmatch(piece):
            parts.append(piece)
        elif piece.lower() in strings:
            parts.append(strings[piece.lower()])
        elif piece.lower() in MONTHS:
            parts.append(str(MONTHS[piece.lower()]))
        else:
            report.warn(name, line, "bibtex", f"@string {piece!r} is not defined; kept as written")
            parts.append(piece)
    joined = "".join(parts)
    if len(joined) > MAX_VALUE_CHARS:
        report.warn(
            name,
            line,
            "bibtex",
            f"a value expands past {MAX_VALUE_CHARS:,} characters; kept as written",
        )
        return raw
    return joined


def _split_concatenation(raw: str) -> list[str]:
    """``raw`` cut at the ``#`` outside braces and quotes."""
    pieces: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in raw:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def _names(value: str) -> tuple[list[Name], bool]:
    """The persons of a BibTeX name list, and whether it ends in "and others"."""
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    people: list[Name] = []
    more = False
    for text in split_multiple_persons_names(value):
        text = text.strip()
        if not text:
            continue
        if text.lower() == "others":
            more = True
            continue
        if text.startswith("{") and text.endswith("}") and _balanced(text[1:-1]):
            people.append(Name(literal=latex_to_text(text[1:-1])))
            continue
        try:
            parts = parse_single_name_into_parts(text, strict=False)
        except Exception:
            people.append(Name(literal=latex_to_text(text)))
            continue

        def join(words: list[str]) -> str | None:
            joined = latex_to_text(" ".join(words)).strip()
            return joined or None

        family = join(parts.last)
        if family is None:
            people.append(Name(literal=latex_to_text(text)))
            continue
        people.append(
            Name(
                family=family,
                given=join(parts.first),
                non_dropping_particle=join(parts.von),
                suffix=join(parts.jr),
            )
        )
    return people, more


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            return False
    return depth == 0


#: BibLaTeX's localisation keys in pubstate and series, as they print in English.
KEYS = {
    "inpress": "in press",
    "forthcoming": "forthcoming",
    "submitted": "submitted",
    "prepublished": "prepublished",
    "newseries": "New series",
    "oldseries": "Old series",
}


def _biblatex_parts(values: dict[str, str]) -> None:
    """BibLaTeX's split fields put together as pandoc reads them: ``subtitle`` and
    ``titleaddon`` into ``title`` (the main title the short title), the journal's and
    book's subtitles likewise, ``addendum`` after ``note``, ``number`` and ``issue``
    of an article in one issue; language names and localisation keys spelled out."""
    for main, sub, addon in (
        ("title", "subtitle", "titleaddon"),
        ("journaltitle", "journalsubtitle", "journaltitleaddon"),
        ("booktitle", "booksubtitle", "booktitleaddon"),
        ("maintitle", "mainsubtitle", "maintitleaddon"),
    ):
        if main not in values:
            continue
        if sub in values:
            if main == "title" and "shorttitle" not in values:
                values["shorttitle"] = values["title"]
            values[main] = f"{values[main]}: {values.pop(sub)}"
        if addon in values:
            values[main] = f"{values[main]}. {values.pop(addon)}"
    if "addendum" in values:
        note = values.get("note")
        values["note"] = f"{note}. {values.pop('addendum')}" if note else values.pop("addendum")
    for field in ("langid", "language", "hyphenation"):
        if field in values and values[field].strip().lower() in LANGUAGES:
            values[field] = LANGUAGES[values[field].strip().lower()]
    for field in ("pubstate", "series"):
        if field in values and values[field].strip().lower() in KEYS:
            values[field] = KEYS[values[field].strip().lower()]


def _valid_parts(parts: list[int]) -> bool:
    import calendar

    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) > 2:
        year = parts[0] if parts[0] > 0 else 2000
        return 1 <= parts[2] <= calendar.monthrange(year, parts[1])[1]
    return True


def _date(value: str) -> Date:
    """A BibLaTeX date (ISO 8601, EDTF ranges "2019/2020", "2019-05/") or free text."""
    first, slash, last = value.partition("/")
    start = _ISO_DATE.match(first)
    if start is None:
        return parse_free_date(value)
    parts = [[int(g) for g in start.groups() if g is not None]]
    if slash:
        end = _ISO_DATE.match(last)
        if end is not None:
            parts.append([int(g) for g in end.groups() if g is not None])
        elif last.strip() in ("", ".."):
            parts.append([0])
        else:
            return Date(raw=value)
    if not all(_valid_parts(p) for p in parts if p != [0]):
        return Date(raw=value)  # "2020-13-45": said by the caller's warning
    return Date(parts=parts)


def _arrive(
    entry: Any,
    line: int,
    name: str,
    report: Report,
    strings: dict[str, str],
    parents: dict[str, dict[str, str]],
) -> dict[str, str]:
    """An entry's field values, its macros resolved; remembered under its key for
    the entries that cross-reference it (before or after it)."""
    values: dict[str, str] = {}
    for field in entry.fields:
        key = field.key.lower()
        if key not in values:
            values[key] = _value(field.value, strings, name, line, report)
    if entry.key not in ("", _MADE_UP_KEY):
        parents.setdefault(entry.key.lower(), values)
    return values


def _waits(values: dict[str, str], key: str, parents: dict[str, dict[str, str]]) -> bool:
    """Whether an entry waits for the parent it cross-references (BibTeX wants the
    parent after its children)."""
    parent = values.get("crossref") or values.get("xdata")
    if not parent:
        return False
    return parent.lower() != key.lower() and parent.lower() not in parents


def _entry(
    entry: Any,
    values: dict[str, str],
    line: int,
    name: str,
    report: Report,
    parents: dict[str, dict[str, str]],
    keys: set[str],
    index: int,
) -> Item:
    made_up = entry.key in ("", _MADE_UP_KEY)
    key = f"item{index}" if made_up else entry.key
    if made_up:
        report.warn(name, line, "bibtex", f"entry without a key; read as {key}")
    own_id = key
    n = 1
    while own_id in keys:  # a key given twice: the ids stay unique
        n += 1
        own_id = f"{key}-{n}"
    keys.add(own_id)
    parent_key = values.get("crossref") or values.get("xdata")
    if parent_key and parent_key.lower() == key.lower():
        report.warn(name, line, "bibtex", f"crossref {parent_key!r} is the entry itself; ignored")
    elif parent_key:
        parent = dict(parents.get(parent_key.lower()) or {}) or None
        if parent is None:
            report.warn(name, line, "bibtex", f"crossref {parent_key!r}: no such entry")
        else:
            for field, value in parent.items():
                target = CROSSREF_AS.get(field, field)
                if target not in values and field not in ("crossref", "xdata", "ids"):
                    values[target] = value
    entry_type = entry.entry_type.lower()
    item = Item(id=own_id, type=ENTRY_TYPES.get(entry_type, "document"), origin=Origin(name, line))
    keywords = KeywordSet(item)
    item.key = key
    item.key_cites = not made_up  # \cite{key}: kept by every writer
    if "location" in values and "address" in values:
        # ACM's habit: location is the conference's place, address the publisher's.
        values.setdefault("venue", values.pop("location"))
    _biblatex_parts(values)
    year = values.pop("year", None)
    month = values.pop("month", None)
    if entry_type == "article" and values.get("number") and values.get("issue"):
        values["issue"] = f"{values.pop('number')}, {values['issue']}"  # as pandoc
    # The first field of a variable in FIELDS' order wins (journaltitle over journal).
    for field, value in sorted(values.items(), key=lambda kv: _PRIORITY.get(kv[0], len(_PRIORITY))):
        rule = FIELDS.get(field)
        if rule is None:
            if field in ("crossref", "xdata"):
                continue
            if field == "number":
                variable = (
                    "issue" if entry_type == "article" and "issue" not in values else "number"
                )
                item.fields.setdefault(variable, latex_to_text(value))
            elif field in ("eprint", "eprinttype", "archiveprefix", "primaryclass"):
                item.custom.setdefault(field, []).append(value)
            else:
                item.custom.setdefault(field, []).append(latex_to_text(value))
            continue
        variable, kind = rule
        if not value.strip():
            continue
        if kind == "names":
            people, more = _names(value)
            if people and variable not in item.names:
                item.names[variable] = people
                if more:
                    item.custom.setdefault(ET_AL, []).append(variable)
        elif kind == "date":
            if variable not in item.dates:
                date = _date(latex_to_text(value))
                if date.raw is not None and not date.parts:
                    report.warn(
                        name, line, "bibtex", f"{field} {value!r} not understood; kept as raw"
                    )
                item.dates[variable] = date
        elif kind == "keywords":
            for keyword in re.split(r"[;,]", latex_to_text(value)):
                keyword = keyword.strip()
                keywords.add(keyword)
        elif kind == "verbatim":
            bare = value.strip().replace("\\_", "_").replace("\\%", "%").replace("\\&", "&")
            if variable == "DOI" and not normalise_doi(bare):
                item.custom.setdefault(field, []).append(bare)  # not a DOI: kept as given
                continue
            item.fields.setdefault(variable, normalise_doi(bare) if variable == "DOI" else bare)
        elif kind == "pages":
            item.fields.setdefault(variable, latex_to_text(value).replace("–", "-"))
        elif kind == "title":
            item.fields.setdefault(variable, latex_to_text(value, title=True))
        else:
            item.fields.setdefault(variable, latex_to_text(value))
    if "issued" not in item.dates and year:
        text = latex_to_text(year)
        if month:
            bare = month.strip()
            month_number = int(bare) if _DIGITS.fullmatch(bare) else MONTHS.get(bare.lower()[:3])
            if month_number and _DIGITS.fullmatch(text.strip()) and 1 <= month_number <= 12:
                text = f"{text}-{month_number:02d}"
            else:
                text = f"{month} {text}"
        date = _date(text)
        if date.raw is not None and not date.parts:
            report.warn(name, line, "bibtex", f"year {year!r} not understood; kept as raw")
        item.dates["issued"] = date
    eprint_type = (values.get("eprinttype") or values.get("archiveprefix") or "").lower()
    eprint = values.get("eprint")
    if eprint and eprint_type == "pubmed":
        item.fields.setdefault("PMID", eprint)
    elif eprint and eprint_type == "pmcid":
        item.fields.setdefault("PMCID", eprint)
    if entry_type == "mastersthesis":
        item.fields.setdefault("genre", "Master's thesis")
    elif entry_type == "phdthesis":
        item.fields.setdefault("genre", "PhD thesis")
    if entry_type == "article" and (values.get("entrysubtype") or "").lower() in (
        "magazine",
        "newspaper",
    ):
        item.type = f"article-{values['entrysubtype'].lower()}"
    return item
