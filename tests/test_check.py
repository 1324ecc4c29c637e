"""``citeconv check``: the report on what the inputs hold, as the installed command
writes it (human on stdout, ``--json`` for scripts), on our own small inputs and on
real exports from ``../shared/corpus`` and ``../shared/corpus-formats``."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, run_citeconv

FORMATS = CORPUS.parent / "corpus-formats"

#: Three records: one DOI written three ways, and each record lacking something.
THREE = (
    b"TY  - JOUR\nTI  - First\nAU  - Smith, Ann\nPY  - 2020\nDO  - 10.1000/ABC\nER  - \n\n"
    b"TY  - JOUR\nTI  - Second\nDO  - https://doi.org/10.1000/abc\nER  - \n\n"
    b"TY  - BOOK\nID  - edbook\nA2  - Editor, Ed\nPY  - Published 2019 online\n"
    b"DO  - doi:10.1000/abc\nER  - \n\n"
    b"TY  - CHAP\nTI  - Fourth\nAU  - Jones, Bo\nPY  - 2018\nER  - \n"
)


def check_json(*args: str, input: bytes | None = None) -> dict[str, Any]:
    result = run_citeconv("check", "--json", "-q", *args, input=input)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def ids(sample: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(ref["id"], ref["line"]) for ref in sample["first"]]


def real(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"{path} not found (the shared corpus is not here)")
    return str(path)


def test_counts_types_missing_fields_and_repeated_dois(tmp_path: Path) -> None:
    source = tmp_path / "three.ris"
    source.write_bytes(THREE)
    [checked] = check_json(str(source))["files"]
    assert checked["records"] == 4
    assert checked["types"] == {"article-journal": 2, "book": 1, "chapter": 1}
    missing = checked["missing"]
    assert ids(missing["title"]) == [("edbook", 13)]
    # The book's A2 is its series editor (EndNote's reading), not an editor.
    assert ids(missing["author"]) == [(None, 8), ("edbook", 13)]
    # "Published 2019 online" gives a year, though the date is kept as text.
    assert ids(missing["year"]) == [(None, 8)]
    assert ids(missing["doi"]) == [(None, 20)]
    assert checked["repeated_dois"] == {
        "count": 1,
        "records": 3,
        "first": [
            {
                "doi": "10.1000/abc",
                "count": 3,
                "records": [
                    {"file": str(source), "line": line, "n": n, "id": own}
                    for n, line, own in ((1, 1, None), (2, 8, None), (3, 13, "edbook"))
                ],
            }
        ],
    }
    assert checked["reader"] == "ris" and checked["reader_by"] == "content"
    assert (checked["encoding"], checked["encoding_by"]) == ("utf-8", "default")
    assert checked["encoding_fallback"] is None
    assert checked["dialect"] == ["endnote"]
    # (the date kept as text is the one warning)
    assert (checked["ok"], checked["error"], checked["warnings"], checked["errors"]) == (
        True,
        None,
        1,
        0,
    )


def test_the_human_report_is_aligned_and_plain_off_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "three.ris"
    source.write_bytes(THREE)
    result = run_citeconv("check", str(source))
    assert result.returncode == 0
    assert result.stdout.decode() == (
        f"{source}\n"
        "  reader         ris (by content)\n"
        "  encoding       utf-8 (default)\n"
        "  dialect        EndNote tags (--mapping endnote)\n"
        "  records        4\n"
        "  types          article-journal  2    book             1    chapter          1\n"
        "  no title       1\n"
        "                 edbook (line 13)\n"
        "  no author      2\n"
        "                 line 8, edbook (line 13)\n"
        "  no year        1\n"
        "                 line 8\n"
        "  no DOI         1\n"
        "                 line 20\n"
        "  repeated DOIs  1 (3 records)\n"
        "                 10.1000/abc: line 1, line 8, edbook (line 13)\n"
        "  diagnostics    1 warning, 0 errors\n"
    )
    assert result.stderr.decode() == (
        f"{source}:16: warning: PY date 'Published 2019 online' not understood; kept as raw\n"
        "citeconv: 4 records read, 1 warning, 0 errors\n"
    )
    assert b"\x1b[" not in result.stdout + result.stderr


def test_types_are_ranked_down_the_columns(tmp_path: Path) -> None:
    source = tmp_path / "types.ris"
    counts = {"JOUR": 5, "BOOK": 4, "CHAP": 3, "CONF": 2, "RPRT": 1, "THES": 1, "PAT": 1}
    source.write_text(
        "".join(f"TY  - {ty}\nTI  - T\nER  - \n" * n for ty, n in counts.items()),
        encoding="utf-8",
    )
    text = run_citeconv("check", str(source), "-q").stdout.decode()
    rows = text.split("  types          ")[1].split("  no title")[0]
    assert rows == (
        "article-journal   5    paper-conference  2    thesis            1\n"
        "                 book              4    patent            1\n"
        "                 chapter           3    report            1\n"
    )


def test_lists_name_the_first_ten_and_counts_are_of_all(tmp_path: Path) -> None:
    source = tmp_path / "many.ris"
    records = [f"TY  - JOUR\nTI  - T{n}\nDO  - 10.1000/same\nER  - \n" for n in range(25)]
    source.write_text("".join(records), encoding="utf-8")
    [checked] = check_json(str(source))["files"]
    assert checked["missing"]["year"]["count"] == 25
    assert ids(checked["missing"]["year"]) == [(None, 4 * n - 3) for n in range(1, 11)]
    assert [ref["n"] for ref in checked["missing"]["year"]["first"]] == list(range(1, 11))
    [repeated] = checked["repeated_dois"]["first"]
    assert (repeated["count"], len(repeated["records"])) == (25, 10)
    assert checked["repeated_dois"]["records"] == 25
    text = run_citeconv("check", str(source), "-q").stdout.decode()
    assert "line 33, line 37, … 15 more\n" in text


def test_dois_are_compared_across_inputs_in_the_totals(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ris", tmp_path / "b.json"
    first.write_bytes(b"TY  - JOUR\nTI  - A\nDO  - 10.5555/X\nER  - \n")
    second.write_text(json.dumps([{"id": "b1", "type": "book", "DOI": "10.5555/x"}]))
    data = check_json(str(first), str(second))
    assert [f["repeated_dois"]["count"] for f in data["files"]] == [0, 0]
    totals = data["totals"]
    assert (totals["files"], totals["unreadable"], totals["records"]) == (2, 0, 2)
    assert totals["types"] == {"article-journal": 1, "book": 1}
    [repeated] = totals["repeated_dois"]["first"]
    assert [(r["file"], r["id"]) for r in repeated["records"]] == [
        (str(first), None),
        (str(second), "b1"),
    ]
    text = run_citeconv("check", str(first), str(second), "-q").stdout.decode()
    totals_block = text.split("\nall 2 inputs\n")[1]
    assert "  repeated DOIs  1 (2 records)\n" in totals_block
    # (long names wrap the list: compared word by word)
    assert f"10.5555/x: {first}:1, b1 ({second}:1) diagnostics" in " ".join(totals_block.split())


def test_encoding_as_decoded_and_why(tmp_path: Path) -> None:
    cp1252 = tmp_path / "cp1252.ris"
    cp1252.write_bytes("TY  - JOUR\nTI  - Café\nER  - \n".encode("cp1252"))
    utf16 = tmp_path / "utf16.ris"
    utf16.write_bytes("TY  - JOUR\nTI  - Café\nER  - \n".encode("utf-16"))  # with a BOM
    utf16_bare = tmp_path / "bare.json"
    utf16_bare.write_bytes('[{"id": "a", "type": "book"}]'.encode("utf-16-be"))
    files = check_json(str(cp1252), str(utf16), str(utf16_bare))["files"]
    found = [(f["encoding"], f["encoding_by"], f["encoding_fallback"]) for f in files]
    assert found == [
        ("utf-8", "default", "cp1252"),
        ("utf-16-le", "BOM", None),
        ("utf-16-be", "detected", None),
    ]
    assert [f["warnings"] for f in files] == [1, 0, 0]
    given = check_json("--encoding", "latin-1", str(cp1252))["files"][0]
    assert (given["encoding"], given["encoding_by"], given["warnings"]) == (
        "iso8859-1",
        "--encoding",
        0,
    )
    text = run_citeconv("check", str(cp1252), "-q").stdout.decode()
    assert "  encoding       utf-8 (default), cp1252 for lines that are not UTF-8\n" in text


def test_ris_dialects_the_reader_knows(tmp_path: Path) -> None:
    procite = tmp_path / "procite.ris"
    procite.write_bytes(b"TY  - BOOK\nTI  - A\nVL  - 2\nN1  - Record ID: 40\nER  - \n")
    collapsed = tmp_path / "collapsed.ris"
    collapsed.write_bytes(b"TY  - JOUR TI  - A AU  - B, C ER  - TY  - BOOK TI  - D ER  - \n")
    plain = tmp_path / "plain.ris"
    plain.write_bytes(b"TY  - JOUR\nTI  - A\nER  - \n")
    files = check_json(str(procite), str(collapsed), str(plain))["files"]
    assert [f["dialect"] for f in files] == [
        ["endnote", "procite"],
        ["endnote", "collapsed-lines"],
        ["endnote"],
    ]
    assert files[1]["records"] == 2
    zotero = check_json("--mapping", "zotero", str(plain))["files"][0]
    assert zotero["dialect"] == ["zotero"]
    csl = tmp_path / "a.json"
    csl.write_text('[{"id": "a", "type": "book"}]')
    assert check_json(str(csl))["files"][0]["dialect"] == []


def test_from_names_the_reader(tmp_path: Path) -> None:
    source = tmp_path / "refs.txt"
    source.write_text('[{"id": "a", "type": "book", "title": "T"}]')
    by_content = check_json(str(source))["files"][0]
    assert (by_content["reader"], by_content["reader_by"]) == ("csl-json", "content")
    chosen = check_json("--from", "json", str(source))["files"][0]
    assert (chosen["reader"], chosen["reader_by"]) == ("csl-json", "--from")
    refused = run_citeconv("check", "--from", "ris", str(source))
    assert refused.returncode == 1
    unknown = run_citeconv("check", "--from", "nonsense", str(source))
    assert (unknown.returncode, unknown.stdout) == (2, b"")
    assert b"unknown input format 'nonsense'" in unknown.stderr


def test_standard_input_is_named_stdin() -> None:
    data = check_json(input=THREE)
    assert data["files"][0]["file"] == "<stdin>"
    assert data["files"][0]["records"] == 4
    assert data["files"][0]["encoding"] == "utf-8"


def test_exit_codes_diagnostics_and_quiet(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.ris"
    damaged.write_bytes(b"Record 1 of 1\nTY  - JOUR\nTI  - x\n")
    warned = run_citeconv("check", str(damaged))
    assert warned.returncode == 0
    lines = warned.stderr.decode().splitlines()
    assert lines[0] == f"{damaged}:1: warning: text outside any record skipped"
    assert lines[-1] == "citeconv: 1 record read, 2 warnings, 0 errors"
    assert "  diagnostics    2 warnings, 0 errors\n" in warned.stdout.decode()
    assert run_citeconv("check", str(damaged), "--strict").returncode == 1
    quiet = run_citeconv("check", str(damaged), "-q")
    assert quiet.stdout == warned.stdout
    assert not quiet.stderr.decode().splitlines()[-1].startswith("citeconv:")
    missing = run_citeconv("check", "/no/such.ris", str(damaged), "--json")
    assert missing.returncode == 1
    assert b"/no/such.ris: error: no such file\n" in missing.stderr
    data = json.loads(missing.stdout)
    gone, read = data["files"]
    assert (gone["ok"], gone["error"], gone["errors"], gone["reader"]) == (
        False,
        "no such file",
        1,
        None,
    )
    assert (read["ok"], read["records"], read["warnings"]) == (True, 1, 2)
    assert (data["totals"]["unreadable"], data["totals"]["errors"]) == (1, 1)
    human = run_citeconv("check", "/no/such.ris", "-q").stdout.decode()
    assert human == "/no/such.ris\n  error          no such file\n"


def test_no_colour_codes_off_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "three.ris"
    source.write_bytes(THREE)
    result = run_citeconv("check", str(source), "/no/such.ris")
    assert b"\x1b[" not in result.stdout + result.stderr


# --- real exports: the report agrees with what `convert --to csl-json` makes of them


def expected_from_csl(path: str) -> dict[str, Any]:
    """What check should say of ``path``, worked out from its CSL-JSON conversion."""
    converted = run_citeconv("convert", path, "--to", "csl-json", "-q")
    assert converted.returncode == 0, converted.stderr
    items = json.loads(converted.stdout)
    numbered = list(enumerate(items, start=1))  # positions: the ids are the writer's

    def year(item: dict[str, Any]) -> bool:
        issued = item.get("issued") or {}
        parts = issued.get("date-parts") or [[]]
        text = f"{issued.get('raw', '')} {issued.get('literal', '')}"
        return bool(parts[0]) or re.search(r"(?<!\d)\d{4}(?!\d)", text) is not None

    def doi(item: dict[str, Any]) -> str:
        value = re.sub(
            r"^\s*(https?://(dx\.)?doi\.org/|doi:\s*)", "", item.get("DOI", ""), flags=re.I
        )
        return value.strip().rstrip(".").lower()

    lacking = {
        "title": [n for n, i in numbered if not i.get("title", "").strip()],
        "author": [n for n, i in numbered if not (i.get("author") or i.get("editor"))],
        "year": [n for n, i in numbered if not year(i)],
        "doi": [n for n, i in numbered if not doi(i)],
    }
    dois = Counter(doi(i) for i in items if doi(i))
    return {
        "records": len(items),
        "types": dict(Counter(i["type"] for i in items)),
        "lacking": lacking,
        "repeated": {d: n for d, n in dois.items() if n > 1},
    }


REAL = [
    ("corpus", "zotero/005-endnote-all-types-record-ids.ris", "ris"),
    ("corpus", "zotero/003-endnote-all-types-aggr-etc.ris", "ris"),
    ("formats", "pubmed-medline/013-revtools-restoration-pubmed.nbib", "medline"),
    ("formats", "pubmed-medline/001-zotero-medline-tc1-two-records.nbib", "medline"),
    ("formats", "bibtex/013-mabutko-scopus.bib", "bibtex"),
    ("formats", "bibtex/005-jabref-tiny-le-withbom.bib", "bibtex"),
    ("formats", "csl-json/002-bbt-date-export-360-811.csl.json", "csl-json"),
    ("formats", "endnote-xml/006-zotero-endnotexml-tc0-pretty.xml", "endnote-xml"),
    ("formats", "wos-tagged/001-zotero-wos-tc0-five-records-bom.txt", "wos"),
    ("formats", "scopus-csv/002-tethne-scopus.csv", "scopus-csv"),
]


@pytest.mark.parametrize(("root", "name", "reader"), REAL)
def test_real_exports_agree_with_their_conversion(root: str, name: str, reader: str) -> None:
    path = real((CORPUS if root == "corpus" else FORMATS) / name)
    expected = expected_from_csl(path)
    [checked] = check_json(path)["files"]
    assert checked["reader"] == reader
    assert checked["records"] == expected["records"] > 0
    assert checked["types"] == dict(sorted(expected["types"].items()))
    for what, lacking in expected["lacking"].items():
        assert checked["missing"][what]["count"] == len(lacking), what
        assert [ref["n"] for ref in checked["missing"][what]["first"]] == lacking[:10], what
    repeated = checked["repeated_dois"]
    assert repeated["count"] == len(expected["repeated"])
    assert repeated["records"] == sum(expected["repeated"].values())
    assert {r["doi"]: r["count"] for r in repeated["first"]} == dict(
        list(expected["repeated"].items())[:10]
    )


def test_real_ris_numbers() -> None:
    """The EndNote test file of all reference types (ProCite-styled) and the other."""
    procite = real(CORPUS / "zotero/005-endnote-all-types-record-ids.ris")
    aggregated = real(CORPUS / "zotero/003-endnote-all-types-aggr-etc.ris")
    data = check_json(procite, aggregated)
    first, second = data["files"]
    assert (first["records"], second["records"], data["totals"]["records"]) == (39, 48, 87)
    assert first["dialect"] == ["endnote", "procite"] and second["dialect"] == ["endnote"]
    assert ids(first["missing"]["title"]) == [(None, 565), (None, 592)]
    assert first["types"]["article-journal"] == 6 and second["types"]["book"] == 5
    assert data["totals"]["types"]["book"] == 10
    assert data["totals"]["missing"]["author"]["count"] == 5


def test_real_encodings() -> None:
    bom16 = real(FORMATS / "bibtex/005-jabref-tiny-le-withbom.bib")
    bom8 = real(FORMATS / "wos-tagged/001-zotero-wos-tc0-five-records-bom.txt")
    declared = real(FORMATS / "endnote-xml/001-jabref-endnotexml-article.xml")
    plain = real(FORMATS / "pubmed-medline/013-revtools-restoration-pubmed.nbib")
    files = check_json(bom16, bom8, declared, plain)["files"]
    assert [(f["encoding"], f["encoding_by"]) for f in files] == [
        ("utf-16-le", "BOM"),
        ("utf-8", "BOM"),
        ("utf-8", "declared"),
        ("utf-8", "default"),
    ]
