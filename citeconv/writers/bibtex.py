"""BibTeX and BibLaTeX, in bibtexparser v2's layout.

Each record becomes an entry whose field values are already LaTeX (see
:mod:`citeconv.latex`: bibtexparser's writer does no escaping, and its LaTeX-encoding
middleware writes ``\\{`` which bibtex miscounts) and already braced, laid out as
bibtexparser's writer lays out an entry (:func:`format_entry`). Entries are written
one by one as they arrive, so memory holds the keys handed out so far and nothing else.

What goes where is data: :data:`ENTRY_TYPES` (CSL type → BibTeX and BibLaTeX entry
types) and :data:`citeconv.writers.bibtex_fields.FIELDS` (CSL variable → field).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar, TextIO, cast

from citeconv.diagnostics import Report
from citeconv.latex import CASE_PROTECTIONS, CaseProtection, escape, latex_title, sanitize_verbatim
from citeconv.model import ET_AL, Date, Item, Name, Rendered
from citeconv.suggest import check_choice
from citeconv.writers.base import Writer, WriterOptions
from citeconv.writers.bibtex_fields import FIELDS, Choice, Field, Kind, doi, same_link

#: CSL type → (BibTeX entry type, BibLaTeX entry type): the closest type each offers.
#: BibTeX's types are those of the standard styles (plain.bst and kin); the rest of
#: what a record says goes into fields. Types not listed are ``misc`` in both.
#: Refinements in :meth:`BibtexWriter.entry_type`: a master's thesis is
#: ``mastersthesis``; a book with editors and no authors is a BibLaTeX ``collection``;
#: a book with an event (proceedings volume) is ``proceedings``.
ENTRY_TYPES: dict[str, tuple[str, str]] = {
    "article": ("article", "article"),  # preprints and other articles
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),  # BibLaTeX: entrysubtype = magazine
    "article-newspaper": ("article", "article"),  # BibLaTeX: entrysubtype = newspaper
    "review": ("article", "review"),
    "review-book": ("article", "review"),
    "periodical": ("misc", "periodical"),  # a whole journal issue or volume
    "book": ("book", "book"),
    "classic": ("book", "book"),
    "collection": ("book", "collection"),
    "chapter": ("incollection", "incollection"),
    "entry": ("incollection", "inreference"),
    "entry-dictionary": ("incollection", "inreference"),
    "entry-encyclopedia": ("incollection", "inreference"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "thesis": ("phdthesis", "thesis"),  # BibLaTeX: type = phdthesis / mathesis
    "report": ("techreport", "report"),  # BibLaTeX: type = techreport unless a genre
    "standard": ("techreport", "standard"),
    "manuscript": ("unpublished", "unpublished"),
    "pamphlet": ("booklet", "booklet"),
    "webpage": ("misc", "online"),
    "post": ("misc", "online"),
    "post-weblog": ("misc", "online"),
    "dataset": ("misc", "dataset"),
    "software": ("misc", "software"),
    "patent": ("misc", "patent"),
    "legislation": ("misc", "legislation"),
    "bill": ("misc", "legislation"),
    "regulation": ("misc", "legislation"),
    "treaty": ("misc", "legal"),
    "legal_case": ("misc", "jurisdiction"),
    "personal_communication": ("misc", "letter"),
    "motion_picture": ("misc", "movie"),
    "broadcast": ("misc", "video"),
    "song": ("misc", "audio"),
    "musical_score": ("misc", "music"),
    "performance": ("misc", "performance"),
    "graphic": ("misc", "artwork"),
    "figure": ("misc", "image"),
    "map": ("misc", "misc"),
    "speech": ("misc", "misc"),
    "interview": ("misc", "misc"),
    "event": ("misc", "misc"),
    "hearing": ("misc", "misc"),
    "document": ("misc", "misc"),
}

BIBTEX_TYPES: dict[str, str] = {csl: types[0] for csl, types in ENTRY_TYPES.items()}
BIBLATEX_TYPES: dict[str, str] = {csl: types[1] for csl, types in ENTRY_TYPES.items()}

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASONS = ("Spring", "Summer", "Autumn", "Winter")

#: BibTeX types whose standard styles read ``number`` as a number in a series.
_BVOLUME = frozenset({"book", "inbook", "incollection", "inproceedings", "proceedings"})
_DASHES = re.compile(r"\s*[-‐‑‒–—−]+\s*")
_MASTERS = re.compile(r"master|\bm\.?\s?(?:a|sc|s|phil|res)\b|magister|diplom", re.IGNORECASE)
_AND = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


#: At the start of a name word: "{\textX}" groups, then the rest of the word.
_WORD_START_COMMANDS = re.compile(r"(?:(?<=^)|(?<=\s))((?:\{\\text[a-z]+\})+)([^\s{}\\]*)")
_COMMAND_NAME = re.compile(r"\\(text[a-z]+)")


def format_name(name: Name, ascii_only: bool = False) -> str | None:
    """``van der Berg, Jan``; ``King, Jr., Martin Luther``; ``{World Health Organization}``.

    BibTeX's ``von Last, Jr, First`` form; None for a name with no text at all.
    """
    if name.literal is not None:
        literal = _name_escape(name.literal, ascii_only)
        return "{" + literal + "}" if literal else None
    if any("," in part for part in (name.family, name.given, name.suffix) if part):
        # A comma inside a part (a list of names left in one, from the source) would
        # split the name; biber even rejects braced parts with several commas
        # ("has too many commas, skipping entry"), so the whole name is one literal.
        whole = ", ".join(p for p in (name.full_family, name.suffix, name.given) if p)
        return "{" + _name_escape(whole, ascii_only) + "}"
    family, given = name.family, name.given
    if not family:
        # A mononym given as "given" only is still the name to sort by.
        family, given = given, None
    if not family:
        return None
    von = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    pieces = [
        _name_part(f"{von} {family}" if von else family, ascii_only),
        _name_part(name.suffix, ascii_only),
        _name_part(given, ascii_only),
    ]
    if not pieces[0]:
        return None
    if not pieces[1] and not pieces[2] and " " in pieces[0]:
        # Without a comma BibTeX would read "García Márquez" as given + family.
        return "{" + pieces[0] + "}"
    if not pieces[1]:
        del pieces[1]
    elif not pieces[2]:
        # "King, Jr.," would end in a comma, which bibtex rejects: an empty given name.
        pieces[2] = "{}"
    if not pieces[-1]:
        pieces.pop()
    return ", ".join(pieces)


def _name_escape(text: str, ascii_only: bool) -> str:
    escaped = escape(text, ascii_only)
    if "\\" not in escaped:
        return escaped
    # biber takes each name word's initial from its first character, and for a word
    # that starts with "{\textbackslash}" wrote an initial of an unbalanced "{" into
    # the .bbl (pdflatex: "Extra }"). The commands that start a word and the rest of
    # it go in one group, "{\textbackslash{}foo}": biber and pdflatex take it
    # (tests/test_bibtex_textools.py), and bibtexparser still splits the names (it
    # mis-reads a backslash right after " and ").
    escaped = _WORD_START_COMMANDS.sub(_one_group, escaped)
    return _NAME_ESCAPE.sub(r"{\\\1}", escaped)


def _one_group(match: re.Match[str]) -> str:
    commands = "".join(f"\\{name}" for name in _COMMAND_NAME.findall(match.group(1)))
    rest = match.group(2)
    if not rest and commands.count("\\") == 1:
        return match.group(0)
    return "{" + commands + ("{}" + rest if rest else "") + "}"


def _name_part(text: str | None, ascii_only: bool) -> str:
    """One part of a name; braced when an ``and`` in it would split the names."""
    if not text:
        return ""
    escaped = _name_escape(text, ascii_only)
    if _AND.search(escaped):
        return "{" + escaped + "}"
    return escaped


def format_names(names: list[Name], ascii_only: bool = False) -> str:
    """Names joined by `` and `` as BibTeX wants them."""
    formatted = (format_name(n, ascii_only) for n in names)
    return " and ".join(n for n in formatted if n)


# bibtex reads \_ in a name well, but bibtexparser 2.x (split_multiple_persons_names)
# mis-splits names when an escape comes right before " and " or right after it
# ("a, \_ and b" → "a," + "b"); a braced {\_} is read right by both.
_NAME_ESCAPE = re.compile(r"\\([&%$#_])")


def format_pages(pages: str, ascii_only: bool = False) -> str:
    """``759-766`` and ``759–766`` → ``759--766``; the parts escaped on their own."""
    return "--".join(escape(part, ascii_only) for part in _DASHES.split(pages.strip()))


def _join_sentences(texts: list[str | None]) -> str | None:
    """Texts joined as sentences (``a. b``), each kept as it was."""
    out = ""
    for text in texts:
        if text and text.strip():
            if out:
                out += " " if out[-1] in ".!?" else ". "
            out += text.strip()
    return out or None


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """``@type{key,`` then ``  field = value`` lines: bibtexparser v2's writer's layout
    (``BibtexFormat`` with ``indent="  "``, no alignment, no trailing comma).

    Our values are escaped and enclosed already, so all the writer did was this
    layout; through ``Library`` and ``writer.write`` it cost ~90 µs an entry, a
    quarter of a RIS → BibTeX run. ``tests/test_bibtex_properties.py`` checks the two
    agree.
    """
    return _layout(entry_type, key, _body(fields))


def _body(fields: list[tuple[str, str]]) -> str:
    return ",\n".join([f"  {name} = {value}" for name, value in fields])


def _layout(entry_type: str, key: str, body: str) -> str:
    if not body:
        return f"@{entry_type}{{{key},\n}}\n"
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def _iso(parts: list[int]) -> str:
    out = f"{parts[0]:04d}"
    for p in parts[1:3]:
        out += f"-{p:02d}"
    return out


def edtf_date(date: Date) -> str | None:
    """A CSL date as BibLaTeX's ISO 8601 / EDTF ``date`` (None when it has no parts).

    ``2021-10-01``, ranges ``2019-07/2019-08``, open ranges ``2019/``, seasons as
    months 21-24 (``2019-21`` for spring 2019), circa as ``~`` (approximate) — the
    forms the BibLaTeX manual lists under "Date Specifications".
    """
    if not date.parts or not date.parts[0]:
        return None
    mark = "~" if date.circa else ""
    first = _iso(date.parts[0])
    if date.season is not None and len(date.parts[0]) == 1 and 1 <= date.season <= 4:
        first += f"-{20 + date.season}"
    value = first + mark
    if len(date.parts) > 1 and date.parts[1]:
        # CSL writes an open range ("2019 to now") with a zero year as its end;
        # BibLaTeX with an empty end ("2019/").
        value += "/" + (_iso(date.parts[1]) + mark if date.parts[1][0] else "")
    return value


class _Fields:
    """The fields of one entry as they are written (see ``BibtexWriter._fields``)."""

    def __init__(self, writer: BibtexWriter, item: Item, entry_type: str) -> None:
        self.writer = writer
        self.item = item
        self.entry_type = entry_type
        self.out: list[tuple[str, str]] = []
        #: Values with no field of their own, for the note.
        self.leftovers: list[str] = []
        self.needs_key = False

    def add(self, row: Field) -> None:
        """Write ``row``'s field from the first of its variables with a value."""
        item, kind = self.item, row.kind
        value: str | None
        if kind == "names":
            [variable] = cast(tuple[str], row.source)
            value = format_names(item.names.get(variable) or [], self.writer.ascii_only)
            if value and variable in item.custom.get(ET_AL, ()):
                value += " and others"
            if value:
                self.out.append((cast(str, row.name), "{" + value + "}"))
            return
        if kind in ("edtf", "iso"):
            [variable] = cast(tuple[str], row.source)
            date = item.dates.get(variable)
            if kind == "edtf":
                value = edtf_date(date) if date is not None else None
            else:
                value = (
                    _iso(date.parts[0])
                    if date is not None and date.parts and date.parts[0]
                    else None
                )
            if value:
                self.out.append((cast(str, row.name), "{" + value + "}"))
            return
        if callable(row.source):
            value = row.source(item)
        else:
            value = None
            for variable in row.source:
                value = item.get(variable)
                if value:
                    break
        if row.name is None:
            if value:
                self.leftovers.append(value)
            return
        self.put(row.name, value, kind)

    def put(self, name: str, value: str | None, kind: Kind) -> None:
        """Write ``value`` (if it has one) into field ``name``, as ``kind`` says."""
        ascii_only = self.writer.ascii_only
        if kind == "holder":
            if value:
                self.out.append((name, "{{" + escape(value, ascii_only) + "}}"))
            return
        if not value or not value.strip():
            return
        if kind == "text":
            escaped = escape(value, ascii_only)
            if escaped:
                self.out.append((name, "{" + escaped + "}"))
        elif kind == "title":
            self.out.append(
                (name, "{" + latex_title(value, self.writer.protect_case, ascii_only) + "}")
            )
        elif kind == "verbatim":
            self.out.append((name, "{" + sanitize_verbatim(value) + "}"))
        elif kind == "pages":
            self.out.append((name, "{" + format_pages(value, ascii_only) + "}"))
        else:  # literal
            self.out.append((name, "{" + value + "}"))


class BibtexWriter(Writer):
    """BibTeX for bibtex and biber: UTF-8, escaped specials, unique readable keys.

    Options (:class:`WriterOptions`): ``no_abstract``, ``keep_ids`` (use the
    record's own ID as key when it is a valid key), ``ascii`` (LaTeX accent commands
    instead of UTF-8), ``protect_case`` (``auto``, ``none`` or ``all``) and
    ``key_format`` (a template, see :class:`citeconv.keys.KeyFormat`).
    """

    name: ClassVar[str] = "bibtex"
    aliases: ClassVar[tuple[str, ...]] = ("bib",)
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description: ClassVar[str] = "BibTeX (.bib for bibtex and biber)"
    biblatex: ClassVar[bool] = False
    options_used: ClassVar[frozenset[str] | None] = frozenset(
        {"keep_ids", "key_format", "ascii", "protect_case"}
    )

    def __init__(self, options: WriterOptions | None = None, report: Report | None = None) -> None:
        super().__init__(options, report)
        options = self.options
        self.ascii_only = options.ascii
        protect = options.protect_case or "auto"
        check_choice("--protect-case", protect, CASE_PROTECTIONS)
        self.protect_case = cast(CaseProtection, protect)
        self.keys = self.citation_keys()  # checks the template before reading

    def write(self, items: Iterable[Item], out: TextIO) -> int:
        """Write each item as one entry, as it arrives; return how many."""
        return self.write_rendered(items, out)

    def write_rendered(self, items: Iterable[Item | Rendered], out: TextIO) -> int:
        """:meth:`write`, where an item may come rendered already (by a ``--jobs``
        worker, see :meth:`render`). Keys are made unique here, in input order, so they
        do not depend on who rendered."""
        keys = self.citation_keys()
        count = 0
        for part in items:
            stem, wanted, entry_type, body, needs_key = (
                part.piece if isinstance(part, Rendered) else self.render(part)
            )
            key = keys.claim(stem)
            self.warn_renamed(keys, wanted, key, part)
            if needs_key:
                value = escape(key, self.ascii_only)
                if value:
                    line = f"  key = {{{value}}}"
                    body = f"{body},\n{line}" if body else line
            if self.ascii_only and not body.isascii():
                kept = "".join(dict.fromkeys(c for c in body if not c.isascii()))
                origin = None if isinstance(part, Rendered) else part.origin
                self.report.warn(
                    origin.file if origin else None,
                    origin.line if origin else None,
                    "ascii",
                    f"entry {key}: {len(kept)} character{'s' if len(kept) > 1 else ''} with "
                    f"no LaTeX spelling kept as UTF-8 ({kept[:20]})",
                )
            if count:
                out.write("\n")
            out.write(_layout(entry_type, key, body))
            count += 1
        return count

    def can_render_apart(self) -> bool:
        """Whether :meth:`render` may run in a worker: not when keys use the item's
        id, which is numbered in input order (``{id}`` of ``--key-format``)."""
        return not self.keys.in_input_order

    def render(self, item: Item) -> tuple[str, str | None, str, str, bool]:
        """Everything of ``item``'s entry but its unique key: ``(key stem, the own key
        kept (None: none), entry type, field lines, whether the key is to be added as
        the sort key of last resort)``.
        """
        entry_type = self.entry_type(item)
        out, needs_key = self._fields(item, entry_type)
        return self.key_stem(item), self.keys.wanted(item), entry_type, _body(out), needs_key

    def key_stem(self, item: Item) -> str:
        """The key ``item`` asks for, before it is made unique (CitationKeys)."""
        return self.keys.stem(item)

    def entry_type(self, item: Item) -> str:
        """The entry type for ``item``, from :data:`ENTRY_TYPES` and its refinements."""
        bibtex, biblatex = ENTRY_TYPES.get(item.type, ("misc", "misc"))
        if item.type == "book" and (item.get("event-title") or item.get("event")):
            return "proceedings"
        if self.biblatex:
            if biblatex == "book" and item.names.get("editor") and not item.names.get("author"):
                return "collection"
            return biblatex
        if bibtex == "phdthesis" and _MASTERS.search(item.get("genre") or ""):
            return "mastersthesis"
        return bibtex

    # --- fields --------------------------------------------------------------------

    def fields(self, item: Item, key: str = "") -> list[tuple[str, str]]:
        """The (field, enclosed LaTeX value) pairs of ``item``'s entry, in order.

        ``key`` is the entry's citation key, the BibTeX sort key of last resort.
        """
        out, needs_key = self._fields(item, self.entry_type(item))
        value = escape(key, self.ascii_only) if needs_key else ""
        if value:
            out.append(("key", "{" + value + "}"))
        return out

    def _fields(self, item: Item, entry_type: str) -> tuple[list[tuple[str, str]], bool]:
        """The fields, as :data:`citeconv.writers.bibtex_fields.FIELDS` says, and
        whether the citation key is wanted as the sort key (BibTeX without author,
        title or container: see :meth:`_plain_bst_consistency`)."""
        fields = _Fields(self, item, entry_type)
        for row in FIELDS:
            if isinstance(row, Field):
                if self._applies(row, item, entry_type):
                    fields.add(row)
            elif isinstance(row, Choice):
                for option in row.options:
                    if self._applies(option, item, entry_type):
                        fields.add(option)
                        break
            else:
                getattr(self, f"_step_{row.name}")(fields)
        return fields.out, fields.needs_key

    def _applies(self, row: Field, item: Item, entry_type: str) -> bool:
        if row.dialect is not None and (row.dialect == "biblatex") != self.biblatex:
            return False
        if row.types is not None and entry_type not in row.types:
            return False
        if entry_type in row.except_types:
            return False
        if row.unless_option is not None and getattr(self.options, row.unless_option):
            return False
        return row.when is None or row.when(item)

    def _step_issued(self, fields: _Fields) -> None:
        issued = fields.item.dates.get("issued")
        if issued is not None:
            fields.out.extend(self.date_fields(issued))

    def _step_type(self, fields: _Fields) -> None:
        self._type_field(fields.item, fields.entry_type, fields.out)

    def _step_eprint(self, fields: _Fields) -> None:
        self._eprint(fields.item, fields.out)

    def _step_url(self, fields: _Fields) -> None:
        url = fields.item.get("URL")
        doi_value = doi(fields.item)
        if url and doi_value and same_link(url, doi_value):
            # The DOI's own resolver link: bibtex and biber styles print doi and url
            # both, so the same link would be printed twice.
            url = None
        fields.put("url", url, "verbatim")

    def _step_note(self, fields: _Fields) -> None:
        fields.put("note", _join_sentences([fields.item.get("note"), *fields.leftovers]), "text")

    def _step_plain_bst(self, fields: _Fields) -> None:
        if not self.biblatex:
            fields.needs_key = self._plain_bst_consistency(
                fields.item, fields.entry_type, fields.out
            )

    def _plain_bst_consistency(
        self, item: Item, entry_type: str, out: list[tuple[str, str]]
    ) -> bool:
        """Keep plain.bst and its kin from warning about data they only cannot place.

        Their warnings other than missing fields: "to sort, need author or key" (so a
        ``key`` is given to entries without names), "can't use both author and editor
        fields" for books (editors of an authored book become BibLaTeX's ``editora``
        with ``editoratype = editor``: kept, and understood by biber) and "can't use
        both volume and number fields" / "there's a number but no series" for books
        and proceedings (the number is kept as ``issue``, which these styles ignore).
        """
        present = {k for k, _ in out}
        if "author" in present and "editor" in present and entry_type in ("book", "inbook"):
            out[:] = [("editora", v) if k == "editor" else (k, v) for k, v in out]
            out.append(("editoratype", "{editor}"))
            present = {k for k, _ in out}
        if (
            "number" in present
            and entry_type in _BVOLUME
            and ("volume" in present or "series" not in present)
        ):
            out[:] = [("issue", v) if k == "number" else (k, v) for k, v in out]
        sorts_by_editor = entry_type in ("book", "inbook", "proceedings") and "editor" in present
        if "author" not in present and not sorts_by_editor:
            for fallback in (item.get("title"), item.get("container-title")):
                value = escape(fallback or "", self.ascii_only)
                if value:
                    out.append(("key", "{" + value + "}"))
                    return False
            return True  # the citation key, once it is known
        return False

    def _type_field(self, item: Item, entry_type: str, out: list[tuple[str, str]]) -> None:
        """``type``: the genre of theses and reports (BibLaTeX needs one for both)."""
        genre = (item.get("genre") or "").strip()
        if self.biblatex and entry_type == "thesis":
            # BibLaTeX's localisation keys print "PhD thesis"/"Master's thesis" in the
            # document's language; any other genre is printed as given.
            if _MASTERS.search(genre):
                value = "mathesis"
            elif not genre or re.search(r"ph\.?\s?d|doctor|dissertation", genre, re.IGNORECASE):
                value = "phdthesis"
            else:
                value = escape(genre, self.ascii_only)
            out.append(("type", "{" + value + "}"))
        elif self.biblatex and entry_type == "report":
            value = escape(genre, self.ascii_only) if genre else "techreport"
            out.append(("type", "{" + value + "}"))
        elif genre and (
            entry_type in ("misc", "software", "dataset", "manual", "patent")
            or (not self.biblatex and entry_type != "article")
        ):
            out.append(("type", "{" + escape(genre, self.ascii_only) + "}"))

    def _eprint(self, item: Item, out: list[tuple[str, str]]) -> None:
        """PubMed IDs: BibLaTeX's ``eprint`` with ``eprinttype``; BibTeX ``pmid``/``pmcid``."""
        pmid, pmcid = item.get("PMID"), item.get("PMCID")
        if self.biblatex:
            if pmid:
                out.append(("eprint", "{" + sanitize_verbatim(pmid) + "}"))
                out.append(("eprinttype", "{pubmed}"))
            elif pmcid:
                out.append(("eprint", "{" + sanitize_verbatim(pmcid) + "}"))
                out.append(("eprinttype", "{pmcid}"))
            return
        if pmid:
            out.append(("pmid", "{" + escape(pmid) + "}"))
        if pmcid:
            out.append(("pmcid", "{" + escape(pmcid) + "}"))

    def date_fields(self, date: Date) -> list[tuple[str, str]]:
        """BibTeX ``year`` and ``month`` (a macro); BibLaTeX an ISO 8601 ``date``."""
        if self.biblatex:
            value = edtf_date(date)
            if value is not None:
                return [("date", "{" + value + "}")]
            # BibLaTeX's date must be ISO 8601; text it cannot parse goes to year,
            # which BibLaTeX takes as literal.
            raw = date.literal or date.raw or ""
            return [("year", "{" + escape(raw, self.ascii_only) + "}")] if raw.strip() else []
        if not date.parts or not date.parts[0]:
            raw = date.literal or date.raw or ""
            return [("year", "{" + escape(raw, self.ascii_only) + "}")] if raw.strip() else []
        first = date.parts[0]
        last = date.parts[1] if len(date.parts) > 1 and date.parts[1] else None
        year = str(first[0])
        if last is not None and last[0] != first[0]:
            year += "--" + str(last[0])
        fields = [("year", "{" + year + "}")]
        if len(first) > 1 and 1 <= first[1] <= 12:
            month = MONTH_MACROS[first[1] - 1]
            if last is not None and len(last) > 1 and last[1] != first[1] and 1 <= last[1] <= 12:
                # A month range as BibTeX concatenation of macros: jul # "--" # aug.
                month = f'{month} # "--" # {MONTH_MACROS[last[1] - 1]}'
            fields.append(("month", month))
        elif date.season is not None and 1 <= date.season <= 4:
            fields.append(("month", "{" + _SEASONS[date.season - 1] + "}"))
        return fields


class BiblatexWriter(BibtexWriter):
    """BibLaTeX for biber: ISO 8601 dates, journaltitle, BibLaTeX entry types."""

    name: ClassVar[str] = "biblatex"
    aliases: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "BibLaTeX (.bib for biber, ISO dates, richer types)"
    biblatex: ClassVar[bool] = True
