"""The EndNote XML reader: style runs and bare text, contributors by role, types,
dates, keywords by line, entities and DTDs off, a broken file kept up to its
break, Zotero's and JabRef's expectations on real exports."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from citeconv.diagnostics import InputError, Report
from citeconv.readers import choose_reader
from citeconv.readers.endnote_xml import read_endnote_xml

from conftest import ROOT, run_citeconv

FORMATS = ROOT.parent / "shared" / "corpus-formats" / "endnote-xml"

RECORD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xml><records><record>
  <database name="lib.enl" path="lib.enl">lib.enl</database>
  <ref-type name="Book Section">5</ref-type>
  <contributors>
    <authors><author><style face="normal">Ahlquist, John S.</style></author></authors>
    <secondary-authors><author>Rhodes, Martin</author></secondary-authors>
  </contributors>
  <titles>
    <title><style face="normal">The </style><style face="italic">Varieties</style>
      <style face="normal"> of
      Capitalism</style></title>
    <secondary-title>Beyond Varieties</secondary-title>
  </titles>
  <pages>32-45</pages>
  <keywords><keyword>economy&#xD;politics</keyword><keyword>europe</keyword></keywords>
  <dates><year>2009</year><pub-dates><date>Mar 3</date></pub-dates></dates>
  <pub-location>Oxford</pub-location>
  <publisher>Oxford University Press</publisher>
  <isbn>0199206481</isbn>
  <electronic-resource-num>doi:10.1093/acprof:oso/9780199206483.003.0003</electronic-resource-num>
  <urls><related-urls><url>https://example.org/chapter</url></related-urls><pdf-urls><url>internal-pdf://a.pdf</url></pdf-urls></urls>
  <label>imported</label>
</record></records></xml>
"""


def read(data: bytes, report: Report | None = None) -> list[dict[str, Any]]:
    return [i.to_csl() for i in read_endnote_xml(io.BytesIO(data), "lib.xml", report or Report())]


def test_a_record_maps_to_csl() -> None:
    [item] = read(RECORD)
    assert item["type"] == "chapter"
    assert item["title"] == "The <i>Varieties</i> of Capitalism"
    assert item["container-title"] == "Beyond Varieties"
    assert item["author"] == [{"family": "Ahlquist", "given": "John S."}]
    assert item["editor"] == [{"family": "Rhodes", "given": "Martin"}]
    assert item["issued"] == {"date-parts": [[2009, 3, 3]]}
    assert item["keyword"] == "economy, politics, europe"
    assert item["DOI"] == "10.1093/acprof:oso/9780199206483.003.0003"
    assert (item["ISBN"], item["URL"]) == ("0199206481", "https://example.org/chapter")
    assert item["custom"]["pdf-urls"] == ["internal-pdf://a.pdf"]
    assert item["custom"]["label"] == ["imported"]


def test_entities_are_not_expanded_and_nothing_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file://{secret}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<xml><records><record><titles><title>&x;&b;</title></titles></record></records></xml>"
    ).encode()
    [item] = read(data)
    assert "TOP SECRET" not in json.dumps(item) and "aaaa" not in json.dumps(item)


def test_a_file_that_breaks_off_keeps_the_records_before_the_break() -> None:
    report = Report()
    broken = RECORD.replace(b"</record></records></xml>", b"</record><record><titles><title>Half")
    items = read(broken, report)
    assert len(items) == 1
    assert report.errors == 1 and report.diagnostics[0].line is not None


def test_not_endnote_xml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not EndNote XML"):
        read(b"<xml><records></records></xml>")


def test_content_chooses_this_reader(tmp_path: Path) -> None:
    assert choose_reader(RECORD)[0].name == "endnote-xml"
    path = tmp_path / "My Library.xml"
    path.write_bytes(RECORD)
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"@incollection{ahlquist2009varieties,")


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("001-jabref-endnotexml-article.xml", 1),
        ("002-jabref-endnotexml-article2.xml", 2),
        ("003-jabref-endnotexml-labelandmultititle.xml", 3),
        ("004-jabref-endnotexml-report.xml", 1),
        ("005-jabref-endnotexml-emptykeywordstyle.xml", 1),
        ("006-zotero-endnotexml-tc0-pretty.xml", 9),
        ("007-zotero-endnotexml-tc1-oneline.xml", 1),
        ("008-pandoc-endnotexml-reader.xml", 2),
        ("009-rbibutils-endnote.xml", 2),
    ],
)
def test_real_exports_read_every_record(name: str, records: int) -> None:
    path = FORMATS / name
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    items = read(path.read_bytes())
    assert len(items) == records and all(i.get("title") for i in items)


def test_zotero_expectations_for_titles_types_and_people() -> None:
    path = FORMATS / "006-zotero-endnotexml-tc0-pretty.expected.json"
    if not path.exists():
        pytest.skip("the shared corpus of other formats is not here")
    expected = json.loads(path.read_text("utf-8"))
    ours = read((FORMATS / "006-zotero-endnotexml-tc0-pretty.xml").read_bytes())
    types = {
        "report": "report",
        "book": "book",
        "bookSection": "chapter",
        "journalArticle": "article-journal",
        "computerProgram": "software",
        "thesis": "thesis",
        "webpage": "webpage",
        "conferencePaper": "paper-conference",
        "document": "document",
        "patent": "patent",
    }
    for theirs, mine in zip(expected, ours, strict=True):
        assert mine["title"] == theirs["title"]
        assert mine["type"] == types[theirs["itemType"]]
        families = [
            c["lastName"]
            for c in theirs["creators"]
            if c["creatorType"] in ("author", "programmer", "inventor")
        ]
        assert [a.get("family") for a in mine.get("author", [])] == families


def test_encoding_overrides_the_declaration_and_a_wrong_one_gets_a_hint(tmp_path: Path) -> None:
    """EndNote's older exports declare UTF-8 and hold Windows-1252: --encoding reads
    them; without it the error says what to try."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><xml><records><record>'
        '<ref-type name="Journal Article">17</ref-type>'
        "<titles><title>Caf\xe9 \u201cquoted\u201d</title></titles></record></records></xml>"
    )
    path = tmp_path / "old.xml"
    path.write_bytes(xml.encode("cp1252"))
    done = run_citeconv("convert", str(path), "--encoding", "cp1252", "--to", "csl-json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["title"] == "Caf\xe9 \u201cquoted\u201d"
    done = run_citeconv("convert", str(path), "--to", "csl-json")
    assert done.returncode != 0
    assert b"--encoding cp1252" in done.stderr
    done = run_citeconv("convert", str(path), "--encoding", "nope", "--to", "csl-json")
    assert done.returncode == 2 and b"unknown encoding" in done.stderr


@pytest.mark.parametrize("codec", ["utf-8-sig", "mac-roman", "cp437", "utf-16-le", "shift_jis"])
def test_any_python_codec_works_as_encoding(tmp_path: Path, codec: str) -> None:
    """libxml2 knows fewer names than Python: these were internal errors."""
    title = "日本語" if codec in ("shift_jis", "utf-16-le") else "Café"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><xml><records><record>'
        f'<ref-type name="Journal Article">17</ref-type><titles><title>{title}</title>'
        "</titles></record></records></xml>"
    )
    path = tmp_path / "in.xml"
    path.write_bytes(xml.encode(codec))
    done = run_citeconv(
        "convert", str(path), "--from", "endnote-xml", "--encoding", codec, "--to", "csl-json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["title"] == title
