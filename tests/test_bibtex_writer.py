"""The BibTeX and BibLaTeX writers: types, names, fields, dates, options, streaming."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from citeconv.model import Date, Item, Name
from citeconv.writers.base import WriterOptions
from citeconv.writers.bibtex import (
    BIBLATEX_TYPES,
    BIBTEX_TYPES,
    ENTRY_TYPES,
    BiblatexWriter,
    BibtexWriter,
    edtf_date,
    format_name,
    format_names,
    format_pages,
)

from conftest import run_citeconv

#: The entry types of bibtex's standard styles (plain.bst and kin).
STANDARD_BIBTEX = {
    "article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
}  # fmt: skip
#: Entry types of the BibLaTeX manual (§2.1), supported and "unsupported" alike.
BIBLATEX = {
    "article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet",
    "collection", "mvcollection", "incollection", "suppcollection", "dataset", "manual",
    "misc", "online", "patent", "periodical", "suppperiodical", "proceedings",
    "mvproceedings", "inproceedings", "reference", "mvreference", "inreference",
    "report", "set", "software", "thesis", "unpublished", "xdata", "artwork", "audio",
    "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal", "letter",
    "movie", "music", "performance", "review", "standard", "video",
}  # fmt: skip
#: CSL 1.0.2's item types.
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
}  # fmt: skip


def test_type_table_covers_every_csl_type_with_valid_types() -> None:
    assert set(ENTRY_TYPES) == CSL_TYPES
    assert set(BIBTEX_TYPES.values()) <= STANDARD_BIBTEX
    assert set(BIBLATEX_TYPES.values()) <= BIBLATEX


@pytest.mark.parametrize(
    ("csl", "bibtex", "biblatex"),
    [
        ("article-journal", "article", "article"),
        ("book", "book", "book"),
        ("chapter", "incollection", "incollection"),
        ("paper-conference", "inproceedings", "inproceedings"),
        ("thesis", "phdthesis", "thesis"),
        ("report", "techreport", "report"),
        ("webpage", "misc", "online"),
        ("dataset", "misc", "dataset"),
        ("software", "misc", "software"),
        ("patent", "misc", "patent"),
        ("article-newspaper", "article", "article"),
        ("no-such-type", "misc", "misc"),
    ],
)
def test_entry_types(csl: str, bibtex: str, biblatex: str) -> None:
    item = Item(id="x", type=csl)
    assert BibtexWriter().entry_type(item) == bibtex
    assert BiblatexWriter().entry_type(item) == biblatex


def test_entry_type_refinements() -> None:
    masters = Item(id="x", type="thesis", fields={"genre": "Master's thesis"})
    assert BibtexWriter().entry_type(masters) == "mastersthesis"
    assert BibtexWriter().entry_type(Item(id="x", type="thesis")) == "phdthesis"
    edited = Item(id="x", type="book", names={"editor": [Name(family="Denzin")]})
    assert BiblatexWriter().entry_type(edited) == "collection"
    assert BibtexWriter().entry_type(edited) == "book"
    proceedings = Item(id="x", type="book", fields={"event-title": "NeurIPS"})
    assert BibtexWriter().entry_type(proceedings) == "proceedings"


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (Name(family="Berg", given="Jan", non_dropping_particle="van der"), "van der Berg, Jan"),
        (Name(family="King", given="Martin Luther", suffix="Jr."), "King, Jr., Martin Luther"),
        (
            Name(family="Beethoven", given="Ludwig", dropping_particle="van"),
            "van Beethoven, Ludwig",
        ),
        (Name(literal="World Health Organization"), "{World Health Organization}"),
        (Name(literal="Barnes & Noble"), r"{Barnes {\&} Noble}"),
        (Name(family="García Márquez", given="Gabriel"), "García Márquez, Gabriel"),
        (Name(family="García Márquez"), "{García Márquez}"),
        (Name(family="King", suffix="Jr."), "King, Jr., {}"),
        (Name(family="Plato"), "Plato"),
        (Name(given="Madonna"), "Madonna"),
        (Name(family="Smith and Sons", given="A"), "{Smith and Sons}, A"),
        (Name(family="Tian", given="J. R., Zee D. S."), "{Tian, J. R., Zee D. S.}"),
        (Name(family="O_Neil", given="A"), r"O{\_}Neil, A"),
        (Name(), None),
        (Name(family="  "), None),
    ],
)
def test_format_name(name: Name, expected: str | None) -> None:
    assert format_name(name) == expected


def test_format_names_joins_with_and_and_skips_empty_names() -> None:
    names = [Name(family="A", given="B"), Name(), Name(literal="C D")]
    assert format_names(names) == "A, B and {C D}"
    assert format_names([Name(family="Müller", given="Zoë")], ascii_only=True) == (
        r"M{\"u}ller, Zo{\"e}"
    )


def test_pages() -> None:
    assert format_pages("759-766") == "759--766"
    assert format_pages("759–766") == "759--766"
    assert format_pages("759 - 766") == "759--766"
    assert format_pages("e1234") == "e1234"
    assert format_pages("S1_2") == r"S1\_2"


# --- dates ----------------------------------------------------------------------------


def test_edtf_dates() -> None:
    assert edtf_date(Date(parts=[[2021, 10, 1]])) == "2021-10-01"
    assert edtf_date(Date(parts=[[2019, 7], [2019, 8]])) == "2019-07/2019-08"
    assert edtf_date(Date(parts=[[1850]], circa=True)) == "1850~"
    assert edtf_date(Date(parts=[[2019]], season=1)) == "2019-21"
    assert edtf_date(Date(parts=[[2019]], season=4)) == "2019-24"
    assert edtf_date(Date(parts=[[2019], [0]])) == "2019/"
    assert edtf_date(Date(raw="sometime")) is None


def test_bibtex_dates() -> None:
    writer = BibtexWriter()
    assert writer.date_fields(Date(parts=[[2021, 10, 1]])) == [("year", "{2021}"), ("month", "oct")]
    assert writer.date_fields(Date(parts=[[2019, 7], [2019, 8]])) == [
        ("year", "{2019}"),
        ("month", 'jul # "--" # aug'),
    ]
    assert writer.date_fields(Date(parts=[[1998], [2001]])) == [("year", "{1998--2001}")]
    assert writer.date_fields(Date(parts=[[2019]], season=2)) == [
        ("year", "{2019}"),
        ("month", "{Summer}"),
    ]
    assert writer.date_fields(Date(raw="n.d. 50%")) == [("year", r"{n.d. 50\%}")]


# --- fields ---------------------------------------------------------------------------


def fields(item: Item, biblatex: bool = False, **extra: object) -> dict[str, str]:
    cls = BiblatexWriter if biblatex else BibtexWriter
    return dict(cls(WriterOptions(**extra)).fields(item, "key"))


def test_doi_is_bare_and_url_verbatim() -> None:
    item = Item(
        id="x",
        type="article-journal",
        fields={"DOI": "https://doi.org/10.1000/a_b", "URL": "http://x.org/a_b%20c"},
    )
    out = fields(item)
    assert out["doi"] == "{10.1000/a_b}"
    assert out["url"] == "{http://x.org/a_b%20c}"
    assert fields(Item(id="x", type="article", fields={"DOI": "doi: 10.1/x"}))["doi"] == "{10.1/x}"


def test_urldate_from_accessed() -> None:
    item = Item(id="x", type="webpage", dates={"accessed": Date(parts=[[2024, 2, 1]])})
    assert fields(item)["urldate"] == "{2024-02-01}"
    assert fields(item, biblatex=True)["urldate"] == "{2024-02-01}"


def test_no_abstract_option() -> None:
    item = Item(id="x", type="article-journal", fields={"abstract": "Text."})
    assert fields(item)["abstract"] == "{Text.}"
    assert "abstract" not in fields(item, no_abstract=True)


def test_protect_case_options() -> None:
    item = Item(id="x", type="article-journal", fields={"title": "DNA in Ontario"})
    assert fields(item)["title"] == "{{DNA} in Ontario}"
    assert fields(item, protect_case="none")["title"] == "{DNA in Ontario}"
    assert fields(item, protect_case="all")["title"] == "{{DNA} in {Ontario}}"


def test_plain_bst_consistency() -> None:
    authored = Item(
        id="x",
        type="book",
        fields={"title": "T", "volume": "2", "collection-number": "7", "collection-title": "S"},
        names={"author": [Name(family="A")], "editor": [Name(family="E")]},
    )
    out = fields(authored)
    assert "editor" not in out and out["editora"] == "{E}" and out["editoratype"] == "{editor}"
    assert "number" not in out and out["issue"] == "{7}"
    # BibLaTeX keeps editor and number: its styles take both.
    assert fields(authored, biblatex=True)["editor"] == "{E}"
    anonymous = Item(id="x", type="article-journal", fields={"title": "A title"})
    assert fields(anonymous)["key"] == "{A title}"
    assert fields(Item(id="x", type="misc"))["key"] == "{key}"
    assert "key" not in fields(anonymous, biblatex=True)


def test_biblatex_fields() -> None:
    item = Item(
        id="x",
        type="article-newspaper",
        fields={"container-title": "The Guardian", "container-title-short": "Guardian"},
    )
    out = fields(item, biblatex=True)
    assert out["journaltitle"] == "{The Guardian}"
    assert out["shortjournal"] == "{Guardian}"
    assert out["entrysubtype"] == "{newspaper}"
    thesis = Item(id="x", type="thesis", fields={"publisher": "Delft", "genre": "MSc thesis"})
    assert fields(thesis, biblatex=True)["type"] == "{mathesis}"
    assert fields(thesis, biblatex=True)["institution"] == "{Delft}"
    assert fields(thesis)["school"] == "{Delft}"
    report = Item(id="x", type="report")
    assert fields(report, biblatex=True)["type"] == "{techreport}"
    pubmed = Item(id="x", type="article-journal", fields={"PMID": "123"})
    assert fields(pubmed, biblatex=True)["eprint"] == "{123}"
    assert fields(pubmed, biblatex=True)["eprinttype"] == "{pubmed}"
    assert fields(pubmed)["pmid"] == "{123}"


def test_note_keeps_its_text() -> None:
    item = Item(id="x", type="article-journal", fields={"note": "See p. 5."})
    assert fields(item)["note"] == "{See p. 5.}"


# --- writing ----------------------------------------------------------------------------


def test_writer_streams_entry_by_entry() -> None:
    out = io.StringIO()

    def items() -> Iterator[Item]:
        yield Item(id="a", type="book", fields={"title": "First"})
        # The first entry is out before the second record is even read.
        assert "@book{first," in out.getvalue()
        yield Item(id="b", type="book", fields={"title": "Second"})

    assert BibtexWriter().write(items(), out) == 2
    assert out.getvalue().count("@book{") == 2


def test_keep_ids_uses_valid_ids_only() -> None:
    items = [
        Item(id="1", type="book", fields={"title": "Alpha"}, key="Smith2020"),
        Item(id="2", type="book", fields={"title": "Beta"}, key="not valid{}"),
        Item(id="3", type="book", fields={"title": "Gamma"}, key="smith2020"),
    ]
    out = io.StringIO()
    BibtexWriter(WriterOptions(keep_ids=True)).write(items, out)
    text = out.getvalue()
    assert "@book{Smith2020," in text
    assert "@book{notvalid," in text  # the nearest valid key, with a warning
    assert "@book{smith2020a," in text  # unique case-insensitively
    out = io.StringIO()
    BibtexWriter().write(items, out)
    assert "Smith2020" not in out.getvalue()


# --- command line -----------------------------------------------------------------------

RIS = "\n".join(
    [
        "TY  - JOUR",
        "ID  - Tran:2021",
        "AU  - Müller, Zoë",
        "TI  - DNA repair in Ontario",
        "PY  - 2021",
        "JO  - J Test",
        "AB  - An abstract.",
        "ER  - ",
        "",
    ]
).encode("utf-8")


def test_cli_options(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_bytes(RIS)
    plain = run_citeconv("convert", str(source), "--to", "bibtex", "-q")
    assert plain.returncode == 0, plain.stderr.decode()
    text = plain.stdout.decode()
    assert "@article{muller2021dna," in text and "Müller, Zoë" in text
    assert "{{DNA} repair in Ontario}" in text and "abstract" in text
    result = run_citeconv(
        "convert",
        str(source),
        "--to",
        "biblatex",
        "--ascii",
        "--protect-case",
        "none",
        "--no-abstract",
        "--key-format",
        "{author:capitalize}_{year}",
        "-q",
    )
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert text.isascii()
    assert "@article{Muller_2021," in text
    assert r"M{\"u}ller, Zo{\"e}" in text
    assert "{DNA repair in Ontario}" in text and "abstract" not in text
    kept = run_citeconv("convert", str(source), "--to", "bibtex", "--keep-ids", "-q")
    assert "@article{Tran:2021," in kept.stdout.decode()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--protect-case", "some", "unknown --protect-case"),
        ("--key-format", "{nope}", "unknown key field"),
        ("--key-format", "{author} {year}", "may only hold"),
    ],
)
def test_cli_refuses_bad_options(tmp_path: Path, option: str, value: str, message: str) -> None:
    source = tmp_path / "in.ris"
    source.write_bytes(RIS)
    result = run_citeconv("convert", str(source), "--to", "bibtex", option, value)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert result.stdout == b""


def test_names_split_right_in_bibtexparser() -> None:
    """Workaround: bibtexparser 2.x mis-splits ``a, \\_ and b`` (an escape before "and")."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names = format_names([Name(family="Doe", given="_"), Name(family="Roe"), Name(literal="&")])
    assert split_multiple_persons_names(names) == ["Doe, {\\_}", "Roe", "{{\\&}}"]
