"""One RIS record → :class:`~citeconv.model.Item`: each tag routed by the mapping
table (``mapping.py``) to its CSL variable, and the values that need more than a
table (names, dates, pages, links, ISSN/ISBN, DOIs found in other fields) taken
apart. ``reader.py`` turns lines into the records this reads.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from citeconv.dates import parse_ris_date
from citeconv.diagnostics import Report
from citeconv.model import ET_AL, Date, Item, Name, Origin
from citeconv.names import is_et_al, parse_name, split_names, strip_et_al
from citeconv.notes import file_bookkeeping
from citeconv.readers.ris import mapping, procite
from citeconv.readers.ris.records import RawRecord, TagLine

_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"]+)", re.IGNORECASE)
_DOI_PREFIX = re.compile(
    r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE
)
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^(?:97[89])?\d{9}[\dXx]$")

_PRECEDENCE = mapping.variable_precedence()

#: A web address: the only kind of link that may become ``URL``.
# It stops at a blank, or at a ";", "," or "|" that the next link follows ("a;b").
# "<" and ">" may be inside (SICI DOIs: "…30:2<131::AID-JBM1>3.0.CO;2-T").
_WEB_LINK = re.compile(
    r"(?:(?:https?|ftp):|(?<![\w:/])(?=//\w))//"
    r"(?:[^\s\";,|]|[;,|](?!\s{0,8}(?:https?|ftp|file|internal-pdf):|\s|$))+",
    re.IGNORECASE,
)
#: Words that join links in one value ("a and b"): nothing to keep.
_LINK_JOINERS = frozenset({"and", "or", "&", "und", "et"})
#: EndNote's link to a Web of Science record: its accession number, not a link.
_ISI_LINK = re.compile(r"<Go to ISI>://([A-Za-z0-9:._-]+)", re.IGNORECASE)
#: Separators between several links in one value ("a; b", "a, b", "a b").
_LINK_SEPARATORS = " \t;,|"

#: The start of a link (a continuation line that starts one is another value).
_LINK_START = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|<Go to ISI>|www\.|[A-Za-z]:[\\/]|internal-pdf:)",
    re.IGNORECASE,
)


def map_record(
    record: RawRecord,
    name: str,
    report: Report,
    index: int,
    tag_mapping: str = mapping.DEFAULT_MAPPING,
) -> Item:
    """Translate one raw record into an Item, following :mod:`citeconv.readers.ris.mapping`."""
    if any(f.folded for f in record.fields):
        record.fields = _proper_case_first(record.fields)
    type_line = record.type_tag
    ris_type = type_line.value.strip() if type_line is not None else ""
    ris_upper = ris_type.upper()
    csl_type = mapping.csl_type_of(ris_upper, tag_mapping)
    if csl_type is None or ris_upper in mapping.generic_types(tag_mapping):
        guessed = _closest_type(record)
    else:
        guessed = csl_type
    item = Item(id=item_id(index), type=guessed)
    item.origin = Origin(name, record.line)
    if type_line is None:
        pass  # already warned as a record without TY
    elif not ris_type:
        report.warn(name, type_line.line, "empty-type", f"empty TY; read as {item.type}")
    elif csl_type is None:
        report.warn(
            name,
            type_line.line,
            "unknown-type",
            f"unknown TY {ris_type!r}; read as {item.type}",
        )
        item.custom.setdefault("TY", []).append(ris_type)
    if ris_upper == "INPR":
        item.fields["status"] = "in press"

    rules = _rules_for(item.type, ris_upper, tag_mapping)
    empty_cells: list[TagLine] = []
    routed = _route(record.fields, rules, item, empty_cells)
    procite_fields: list[tuple[str, TagLine]] = []
    notes = routed.get("note")
    if notes is not None and procite.is_procite(notes.get("N1")):
        # ProCite's dialect (citeconv.readers.ris.procite): some tags mean other fields, and
        # labelled notes hold fields. Route the record again with its tags renamed.
        report.facts(name).add_trait("procite")
        retags = procite.RETAGS.get(ris_upper, {})
        fields = [
            TagLine(retags[tl.tag], tl.value, tl.line) if tl.tag in retags else tl
            for tl in record.fields
        ]
        if tag_mapping == "zotero":
            fields = procite.creator_notes_as_tags(fields)
        item.custom = {k: v for k, v in item.custom.items() if k == "TY"}
        empty_cells = []
        routed = _route(fields, rules, item, empty_cells)
        procite_fields, kept = procite.note_fields(routed["note"]["N1"], routed)
        if kept:
            routed["note"]["N1"] = kept
        else:
            del routed["note"]

    _access_date_is_the_date(routed)
    if ris_upper == "EDBOOK" and "editor" not in routed and "author" not in routed:
        # An edited book whose only names are A2: they are its editors, not the
        # editors of a series it belongs to.
        series_editors = routed.get("collection-editor", {})
        if "A2" in series_editors:
            routed["editor"] = {"A2": series_editors.pop("A2")}
            if not series_editors:
                del routed["collection-editor"]
    for variable, by_tag in routed.items():
        if len(by_tag) == 1:
            [(tag, tag_lines)] = by_tag.items()
            if len(tag_lines) == 1 and rules[tag].kind is _TEXT:
                item.fields[variable] = tag_lines[0].value  # the common case, cheaply
                continue
            tags = [tag]
        else:
            tags = [t for t in _PRECEDENCE[variable] if t in by_tag]
        _apply(item, variable, tags, by_tag, rules, name, report)
    for variable, tag_line in procite_fields:
        item.fields[variable] = tag_line.value
    if empty_cells:
        first = empty_cells[0]
        report.warn_once_per_file(
            name,
            first.line,
            "empty-cell",
            f"{first.tag} is 'nan', an empty cell of a pandas-made export: read as empty "
            "(so are later 'nan' values in this file)",
        )
    if (
        "container-title" not in item.fields
        and "container-title-short" in item.fields
        and item.type in mapping.SERIAL_CONTAINERS
    ):
        # Only an abbreviation names the journal (JA, J2: Cochrane CENTRAL): it is
        # also its title, as in Zotero; without it no style prints a journal.
        item.fields["container-title"] = item.fields["container-title-short"]
    _find_doi_elsewhere(item)
    # Here, not only in read_stream: --jobs ranges map records without it.
    file_bookkeeping(item)
    return item


def _proper_case_first(fields: list[TagLine]) -> list[TagLine]:
    """The fields with each tag written in upper case before the same tag written in
    another case: a converter-mangled ``Ti  - Cited:0`` before the real ``TI`` is not
    the title (it is kept, as a later value of the tag)."""
    # Only tags that hold one value compete; names, keywords and notes keep their order.
    proper = {f.tag for f in fields if not f.folded} - mapping.REPEATABLE_TAGS
    late = [f for f in fields if f.folded and f.tag in proper]
    if not late:
        return fields
    return [f for f in fields if not (f.folded and f.tag in proper)] + late


def _route(
    fields: list[TagLine],
    rules: dict[str, mapping.Rule],
    item: Item,
    empty_cells: list[TagLine],
) -> dict[str, dict[str, list[TagLine]]]:
    """Each tag line under the variable its rule names (unmapped ones kept on the item).

    A value "nan" is an empty cell of a table written out by pandas (ASReview and
    other screening tools export RIS so): it goes to ``empty_cells``, not to a
    field ("Frontiers in Psychology, 8(nan), 100364–nan").
    """
    routed: dict[str, dict[str, list[TagLine]]] = {}
    for tag_line in fields:
        tag = tag_line.tag
        if tag in _STRUCTURE or not tag_line.value:
            continue
        if tag_line.value == "nan":
            empty_cells.append(tag_line)
            continue
        rule = rules.get(tag)
        if rule is None or rule.kind is _KEEP:
            custom = item.custom.get(tag)
            if custom is None:
                item.custom[tag] = [tag_line.value]
            else:
                custom.append(tag_line.value)
            continue
        by_tag = routed.get(rule.variable)
        if by_tag is None:
            routed[rule.variable] = {tag: [tag_line]}
        elif tag in by_tag:
            by_tag[tag].append(tag_line)
        else:
            by_tag[tag] = [tag_line]
    return routed


def item_id(index: int) -> str:
    """The id of the ``index``-th record read (1-based, across all inputs)."""
    return f"item{index}"


def _closest_type(record: RawRecord) -> str:
    """The CSL type a record without a usable TY is closest to, by its tags."""
    tags = {f.tag for f in record.fields if f.value}
    for needed, csl_type in mapping.CLOSEST_BY_TAGS:
        if needed <= tags:
            return csl_type
    return mapping.FALLBACK_TYPE


_STRUCTURE = mapping.STRUCTURE_TAGS
_KEEP = mapping.Kind.KEEP
_TEXT = mapping.Kind.TEXT
_RULE_CACHE: dict[tuple[str, str, str], dict[str, mapping.Rule]] = {}


def _rules_for(csl_type: str, ris_type: str, tag_mapping: str) -> dict[str, mapping.Rule]:
    """Each tag's rule for this type, computed once per (CSL type, TY, mapping)."""
    key = (csl_type, ris_type, tag_mapping)
    rules = _RULE_CACHE.get(key)
    if rules is None:
        if len(_RULE_CACHE) > 256:  # arbitrary TY values must not grow it forever
            _RULE_CACHE.clear()
        rules = _RULE_CACHE[key] = mapping.rules_for(csl_type, ris_type, tag_mapping)
    return rules


def _keep(item: Item, tag_line: TagLine) -> None:
    item.custom.setdefault(tag_line.tag, []).append(tag_line.value)


def _apply(
    item: Item,
    variable: str,
    tags: list[str],
    by_tag: dict[str, list[TagLine]],
    rules: dict[str, mapping.Rule],
    name: str,
    report: Report,
) -> None:
    ordered = [tl for tag in tags for tl in by_tag[tag]]
    kind = rules[tags[0]].kind
    if kind is mapping.Kind.NAMES:
        _apply_names(item, variable, ordered, by_tag, tags)
    elif kind is mapping.Kind.DATE:
        _apply_date(item, variable, ordered, name, report)
    elif kind is mapping.Kind.PAGES:
        _apply_pages(item, by_tag)
    elif kind is mapping.Kind.DOI:
        for tl in ordered:
            doi = normalise_doi(tl.value)
            if doi and "DOI" not in item.fields:
                item.fields["DOI"] = doi
            elif doi != item.fields.get("DOI"):
                _keep(item, tl)
    elif kind is mapping.Kind.URL:
        _apply_links(item, ordered)
    elif kind is mapping.Kind.SERIAL:
        _apply_serials(item, ordered)
    elif kind is mapping.Kind.KEYWORDS:
        seen = set(item.keywords)
        for tl in ordered:
            for keyword in tl.value.split(";") if ";" in tl.value else (tl.value,):
                keyword = keyword.strip()
                if keyword and keyword not in seen:
                    seen.add(keyword)
                    item.keywords.append(keyword)
    elif kind is mapping.Kind.NOTE:
        item.fields[variable] = "\n\n".join(tl.value for tl in ordered)
    elif kind is mapping.Kind.KEY:
        item.key = ordered[0].value
        for tl in ordered[1:]:
            _keep(item, tl)
    else:
        _apply_text(item, variable, ordered, rules)


def _apply_text(
    item: Item, variable: str, ordered: list[TagLine], rules: dict[str, mapping.Rule]
) -> None:
    for tl in ordered:
        current = item.fields.get(variable)
        if current is None:
            item.fields[variable] = tl.value
            continue
        if tl.value == current:
            continue
        overflow = rules[tl.tag].overflow
        if overflow and overflow not in item.fields:
            item.fields[overflow] = tl.value
        else:
            _keep(item, tl)


def _apply_names(
    item: Item,
    variable: str,
    ordered: list[TagLine],
    by_tag: dict[str, list[TagLine]],
    tags: list[str],
) -> None:
    # AU and A1 both mean author: keep their order of appearance, dropping repeats.
    seen: set[tuple[str, ...]] = set()
    names: list[Name] = []
    cut_short = False
    for tl in sorted(ordered, key=lambda t: t.line) if len(tags) > 1 else ordered:
        for text in split_names(tl.value):
            if is_et_al(text):
                cut_short = True  # "et al." is no person: the list was cut
                continue
            text, trailing = strip_et_al(text)
            cut_short = cut_short or trailing
            parsed = parse_name(text)
            if parsed is None:
                continue
            signature = tuple(parsed.to_csl().values())
            if signature in seen:
                continue
            seen.add(signature)
            names.append(parsed)
    if names:
        item.names.setdefault(variable, []).extend(names)
    if cut_short:
        marked = item.custom.setdefault(ET_AL, [])
        if variable not in marked:
            marked.append(variable)


def _apply_date(
    item: Item, variable: str, ordered: list[TagLine], name: str, report: Report
) -> None:
    chosen: Date | None = None
    unparsed: list[tuple[TagLine, Date]] = []
    for tl in ordered:
        if not tl.value.strip(" /"):
            continue  # "///": the RIS date grammar with every part empty
        date = parse_ris_date(tl.value)
        if date is None:
            continue
        if not date.parts:
            unparsed.append((tl, date))
            continue
        if chosen is None:
            chosen = date
        elif _more_specific(date, chosen) and _PLAIN_DATE.match(tl.value):
            # PY 1970 and Y1 June 1970 agree, and the lower one says more (and nothing
            # the date grammar would not keep: no range, season or text): keep it.
            chosen = Date(parts=date.parts, circa=chosen.circa)
        elif len(date.parts) > 1 or date.parts[0] != chosen.parts[0][: len(date.parts[0])]:
            # A lower tag's date that says more than the chosen one, or something
            # else, is kept; one it merely repeats (PY 2019 under DA 2019/03/15) is not.
            _keep(item, tl)
    for tl, date in unparsed:
        if not tl.value.strip(" /0"):
            # "0000" (Scopus for "no year") is no date: kept, never shown as one.
            report.warn(name, tl.line, "date", f"{tl.tag} {tl.value!r} is not a date; kept")
            _keep(item, tl)
        elif chosen is None:
            chosen = date
            report.warn(
                name, tl.line, "date", f"{tl.tag} date {tl.value!r} not understood; kept as raw"
            )
        else:
            _keep(item, tl)
    if chosen is not None:
        item.dates[variable] = chosen


#: Between links that are no web address: ";" or "|", or a blank or ", " before
#: the next one ("internal-pdf://a.pdf internal-pdf://b.pdf").
_OTHER_LINKS_SPLIT = re.compile(
    r"\s*[;|]\s*|,?\s+(?=(?:[A-Za-z][A-Za-z0-9+.-]*://|internal-pdf:|[A-Za-z]:[\\/]))"
)


def split_links(value: str) -> tuple[list[str], list[str], list[str]]:
    """(web addresses, Web of Science accession numbers, the other links) of one value.

    Exporters write several links in one value ("a; b", "a, internal-pdf://x.pdf",
    "a b") and things that are not web addresses: ``<Go to ISI>://WOS:000…`` (EndNote,
    an accession number), ``internal-pdf://``, ``file://`` and local paths: what is
    left when the web addresses and accession numbers are taken out, one by one.
    """
    web: list[str] = []
    accessions: list[str] = []
    rest: list[str] = []
    at = 0
    for match in _ISI_LINK.finditer(value):
        rest.append(value[at : match.start()])
        accessions.append(match.group(1).rstrip(_LINK_SEPARATORS))
        at = match.end()
    rest.append(value[at:])
    text = " ".join(rest)
    rest = []
    at = 0
    found = _WEB_LINK.search(text)
    while found is not None:
        address = _trim_link(found.group())
        rest.append(text[at : found.start()])
        # "//host/path" (protocol-relative, as ScienceDirect writes it) is on the web.
        web.append(f"https:{address}" if address.startswith("//") else address)
        at = found.start() + len(address)
        found = _WEB_LINK.search(text, at)
    tail = text[at:]
    words = tail.split()
    if (
        len(web) == 1
        and not accessions
        and len(words) == 1
        and tail.startswith(" ")
        and not "".join(rest).strip()
        and _LINK_START.match(words[0]) is None
        and ("/" in words[0] or "." in words[0].strip("."))
    ):
        # "http://x.org/my file.pdf": a blank inside one address, not two links.
        web[0] = f"{web[0]} {words[0].rstrip(';,|')}"
        tail = ""
    rest.append(tail)
    pieces = []
    for piece in _OTHER_LINKS_SPLIT.split(" ".join(rest)):
        words = [w for w in piece.split() if w.lower() not in _LINK_JOINERS]
        kept = " ".join(words).strip(_LINK_SEPARATORS + ".()[]<>")
        if kept:
            pieces.append(kept)
    return web, accessions, pieces


_CLOSERS = {")": "(", "]": "[", ">": "<"}


def _trim_link(address: str) -> str:
    """A matched address without the punctuation around it in running text: a final
    ".", ",", ";", and closing brackets it does not open ("(see https://a.org/x).")."""
    address = address.rstrip(";,|.")
    opened = {closer: address.count(opener) for closer, opener in _CLOSERS.items()}
    closed = {closer: address.count(closer) for closer in _CLOSERS}
    while address[-1:] in _CLOSERS and closed[address[-1]] > opened[address[-1]]:
        closed[address[-1]] -= 1
        address = address[:-1]
        stripped = address.rstrip(";,|.")
        if len(stripped) != len(address):
            address = stripped
    return address


def _apply_links(item: Item, ordered: list[TagLine]) -> None:
    """The first web address is ``URL``; other addresses, accession numbers found as
    links (into ``AN``) and links that are no web address are kept under their tag."""
    known = set(item.custom.get("AN", ()))
    known.add(item.fields.get("archive_location", ""))
    for tl in ordered:
        web, accessions, others = split_links(tl.value)
        for address in web:
            if "URL" not in item.fields:
                item.fields["URL"] = address
            else:
                item.custom.setdefault(tl.tag, []).append(address)
        for accession in accessions:
            if accession not in known:
                known.add(accession)
                item.custom.setdefault("AN", []).append(accession)
        if others:
            item.custom.setdefault(tl.tag, []).extend(others)


#: A date that says a year, month and day and nothing else, in the forms exports
#: write: "1970/06/15/", "1970-06", "June 1970", "15 June 1970", "Jun 15, 1970".
_PLAIN_DATE = re.compile(
    r"^\s*(?:\d{4}(?:[/-]\d{1,2}(?:[/-]\d{1,2})?)?/{0,3}"
    r"|[A-Za-z]{3,9}\.? (?:\d{1,2},? )?\d{4}"
    r"|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
    r"|\d{4} [A-Za-z]{3,9}\.?(?: \d{1,2})?)\s*$"
)


def _more_specific(date: Date, than: Date) -> bool:
    """True when ``date`` is ``than`` with more parts (a month, a day), neither a range."""
    if len(date.parts) != 1 or len(than.parts) != 1 or than.season is not None or than.literal:
        return False
    mine, theirs = date.parts[0], than.parts[0]
    return len(mine) > len(theirs) and mine[: len(theirs)] == theirs


#: Before the web, no date is an access date.
_FIRST_ACCESS_YEAR = 1991


def _access_date_is_the_date(routed: dict[str, dict[str, list[TagLine]]]) -> None:
    """A ``DA`` read as the access date that cannot be one becomes the work's date.

    EndNote's layout names DA "Date Accessed" for cases and electronic types, but
    exporters (Zotero among them) write the decision or publication date there:
    ``DA 1954/05/17`` with ``PY 1954``. A DA before the web, or in the year of
    publication when the record has no fuller date, is the date of the work.
    """
    accessed = routed.get("accessed")
    if accessed is None or "DA" not in accessed:
        return
    issued = routed.get("issued", {})
    years: set[int] = set()
    fuller = False
    for tag_lines in issued.values():
        for tl in tag_lines:
            date = parse_ris_date(tl.value)
            if date is not None and date.parts:
                years.add(date.parts[0][0])
                # A month, a day or a range ("2020-2021") says more than a year.
                fuller = fuller or len(date.parts[0]) > 1 or len(date.parts) > 1
    for tl in accessed["DA"]:
        date = parse_ris_date(tl.value)
        if date is None or not date.parts:
            return
        year = date.parts[0][0]
        if not (year < _FIRST_ACCESS_YEAR or (year in years and not fuller)):
            return
    routed.setdefault("issued", {})["DA"] = accessed.pop("DA")
    if not accessed:
        del routed["accessed"]


_PAGE_SPLIT = re.compile(r"\s*[-–—]+\s*")


def _apply_pages(item: Item, by_tag: dict[str, list[TagLine]]) -> None:
    start = by_tag["SP"][0].value.strip() if "SP" in by_tag else ""
    ends = [tl.value.strip() for tag in ("EP", "LP") for tl in by_tag.get(tag, [])]
    end = ends[0] if ends else ""
    for extra in by_tag.get("SP", [])[1:]:
        _keep(item, extra)
    pieces = _PAGE_SPLIT.split(start, maxsplit=1) if start else []
    if len(pieces) == 2 and pieces[1]:
        # SP already holds a range ("759-766"): EP/LP repeating its end adds nothing.
        page = f"{pieces[0]}-{pieces[1]}"
        if end and end != pieces[1]:
            item.custom.setdefault("EP", []).append(end)
    elif start and end and end != start:
        page = f"{start}-{end}"
    else:
        page = start or end
    if page:
        if not ends and len(pieces) < 2 and item.type in mapping.PAGE_COUNTS:
            # A lone SP of a whole book is its page count (EndNote: "Number of Pages").
            item.fields["number-of-pages"] = page
        elif not ends and len(pieces) < 2 and item.type in mapping.RUNNING_TIMES:
            item.fields["dimensions"] = page  # EndNote: "Running Time"
        else:
            item.fields["page"] = page
    for other in ends[1:]:
        if other != end:
            item.custom.setdefault("EP", []).append(other)


_SERIAL_SPLIT = re.compile(r"[;,\s\\]+")


def _apply_serials(item: Item, ordered: list[TagLine]) -> None:
    issns: dict[str, None] = {}  # ordered sets: linear however many values
    isbns: dict[str, None] = {}
    for tl in ordered:
        found = 0
        for token in _SERIAL_SPLIT.split(tl.value):
            token = token.strip("()[]")
            compact = token.replace("-", "").replace(" ", "")
            if not compact:
                continue
            if _ISSN.match(token) or (len(compact) == 8 and _ISSN.match(compact)):
                found += 1
                issns[token] = None
            elif _ISBN.match(compact):
                found += 1
                isbns[token] = None
        if not found:
            # Not shaped like an ISSN or ISBN: what the exporter wrote goes to the
            # field its type gives SN (as Zotero does), seen rather than hidden.
            if item.type in mapping.NUMBERED:
                target = "number"
            elif item.type in mapping.SERIAL_CONTAINERS:
                target = "ISSN"
            else:
                target = "ISBN"
            if target not in item.fields:
                item.fields[target] = tl.value
            else:
                _keep(item, tl)
    if issns:
        item.fields["ISSN"] = " ".join(issns)
    if isbns:
        item.fields["ISBN"] = " ".join(isbns)


def normalise_doi(value: str) -> str:
    """A bare DOI from ``https://doi.org/10.x/y``, ``doi:10.x/y`` or ``10.x/y``."""
    value = _DOI_PREFIX.sub("", value.strip())
    match = _DOI_IN_TEXT.search(value)
    if match is None:
        return ""
    # "<" and ">" belong to SICI DOIs ("…30:2<131::AID-JBM1>3.0.CO;2-T"), not a final
    # ">" that closes a "<…>" around the DOI.
    return _trim_link(match.group(1).rstrip(".,;"))


def _only_a_doi(value: str) -> str:
    """The DOI when ``value`` is nothing but one ("doi:10.x/y", "10.x/y"), else ""."""
    found = normalise_doi(value)
    return found if found and _DOI_PREFIX.sub("", value.strip()).rstrip(".,;") == found else ""


def _find_doi_elsewhere(item: Item) -> None:
    """When ``DO`` is empty, a DOI in M3, N1, UR or L3 is the record's DOI."""
    doi = item.fields.get("DOI")
    genre = item.fields.get("genre")
    if genre is not None and (found := _only_a_doi(genre)):
        # M3 holds nothing but a DOI (Ovid, EBSCO; Zotero reads M3 as a DOI too):
        # the DOI, or a second DOI kept; never a genre.
        del item.fields["genre"]
        if doi is None:
            doi = item.fields["DOI"] = found
        elif found != doi:
            item.custom.setdefault("M3", []).append(genre)
    kept_m3 = item.custom.get("M3")
    if kept_m3:
        # An article's M3 (kept: a document type) may also be nothing but a DOI.
        others: list[str] = []
        for value in kept_m3:
            found = _only_a_doi(value)
            if found and doi is None:
                doi = item.fields["DOI"] = found
            elif not found or found != doi:
                others.append(value)
        if others:
            item.custom["M3"] = others
        else:
            del item.custom["M3"]
    if doi is None:
        for source, find in (
            (item.fields.get("URL"), doi_in_link),
            # "UR  - doi:10.x/y", "UR  - 10.x/y": no web address, but a DOI.
            *((value, _only_a_doi) for value in item.custom.get("UR", ())),
            *((value, normalise_doi) for value in item.custom.get("L3", ())),
            *((value, normalise_doi) for value in item.custom.get("M3", ())),
            (item.fields.get("note"), _doi_in_note),
        ):
            if not source:
                continue
            found = find(source)
            if found:
                item.fields["DOI"] = found
                break


#: What follows a DOI in a publisher's link to the article: a page of it.
_PAGES_AFTER_DOI = frozenset(
    [
        "abstract",
        "full",
        "fulltext",
        "pdf",
        "epdf",
        "pdfdirect",
        "summary",
        "meta",
        "html",
        "references",
        "figures",
        "suppl",
        "citedby",
        "issuetoc",
    ]
)


def doi_in_link(url: str) -> str:
    """The DOI in a link: ``https://doi.org/10.x/y``, a publisher's ``…/doi/full/10.x/y``,
    a resolver's ``…?doi=10.x%2Fy&…``; without the page, query or next parameter that
    follows it; "" when it has none."""
    doi = normalise_doi(unquote(url))
    for mark in "?#&":
        doi = doi.split(mark, 1)[0]
    doi = doi.rstrip("/")
    while "/" in doi:
        head, last = doi.rsplit("/", 1)
        if last.lower() not in _PAGES_AFTER_DOI or "/" not in head:
            break
        doi = head.rstrip("/")
    return doi.rstrip(".,;")


#: A DOI named as one in running text: "doi: 10.x/y", "DOI 10.x/y", a doi.org link.
_LABELLED_DOI = re.compile(r"(?:\bdoi\b[:\s]*|doi\.org/)(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)


def _doi_in_note(note: str) -> str:
    """The record's DOI in a note: the note is only a DOI, or names one DOI as a DOI.

    A note that mentions DOIs otherwise (Scopus puts the whole cited-reference list
    in N1) does not give the record's DOI.
    """
    bare = _only_a_doi(note)
    if bare:
        return bare
    found = {m.group(1).rstrip(".,;") for m in _LABELLED_DOI.finditer(note)}
    return found.pop() if len(found) == 1 and len(_DOI_IN_TEXT.findall(note)) == 1 else ""
