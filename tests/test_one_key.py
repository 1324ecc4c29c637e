"""One citation key for every writer: BibTeX/BibLaTeX key = CSL-JSON id = RIS ID."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CORPUS, SAMPLE, run_citeconv

FORMATS = CORPUS.parent / "corpus-formats"


def keys(path: Path | str, *args: str) -> dict[str, list[str]]:
    """The keys each writer gives the records of ``path``, in order."""
    out: dict[str, list[str]] = {}
    for writer in ("bibtex", "biblatex", "csl-json", "ris"):
        result = run_citeconv("convert", str(path), "--to", writer, "-q", *args, timeout=300)
        assert result.returncode in (0, 1), result.stderr.decode()
        text = result.stdout.decode("utf-8")
        if writer == "csl-json":
            out[writer] = [item["id"] for item in json.loads(text)]
        elif writer == "ris":
            out[writer] = re.findall(r"^ID  - (.*)$", text, re.M)
        else:
            out[writer] = re.findall(r"^@\w+\{([^,\n]*),", text, re.M)
    return out


def assert_one_key(found: dict[str, list[str]]) -> list[str]:
    first = found["bibtex"]
    assert first, "no records"
    for writer, got in found.items():
        assert got == first, writer
    assert len({k.lower() for k in first}) == len(first)  # unique, case-insensitively
    return first


def test_sample_key_everywhere() -> None:
    assert assert_one_key(keys(SAMPLE)) == ["tran2021quality"]


def test_key_format_and_keep_ids_apply_to_every_writer(tmp_path: Path) -> None:
    ris = tmp_path / "two.ris"
    ris.write_text(
        "TY  - JOUR\nID  - Smith:2020\nAU  - Smith, Ann\nTI  - Trial one\nPY  - 2020\nER  - \n\n"
        "TY  - JOUR\nID  - not a key\nAU  - Smith, Ann\nTI  - Trial two\nPY  - 2020\nER  - \n",
        encoding="utf-8",
    )
    assert assert_one_key(keys(ris)) == ["smith2020trial", "smith2020triala"]
    formatted = assert_one_key(keys(ris, "--key-format", "{author:capitalize}_{year}"))
    assert formatted == ["Smith_2020", "Smith_2020a"]
    # Own ids kept: CSL-JSON and RIS take any one-line id; BibTeX the nearest valid
    # key (blanks out), with a warning.
    kept = keys(ris, "--keep-ids")
    assert kept["csl-json"] == kept["ris"] == ["Smith:2020", "not a key"]
    assert kept["bibtex"] == kept["biblatex"] == ["Smith:2020", "notakey"]


def test_csl_json_ids_kept_with_keep_ids(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text(
        json.dumps(
            [
                {"id": "doe2019", "type": "book", "title": "A", "author": [{"family": "Doe"}]},
                {"id": "x", "type": "book", "title": "B", "citation-key": "roe:b"},
            ]
        ),
        encoding="utf-8",
    )
    # Ids documents cite already are kept by every writer, with or without --keep-ids.
    assert assert_one_key(keys(path)) == ["doe2019", "roe:b"]
    assert assert_one_key(keys(path, "--keep-ids")) == ["doe2019", "roe:b"]
    # A template asked for: new keys (no year, no significant title word here).
    template = ("--key-format", "{author}{year}{title}")
    assert assert_one_key(keys(path, *template)) == ["doe", "b"]
    assert assert_one_key(keys(path, *template, "--keep-ids")) == ["doe2019", "roe:b"]


def test_bibtex_keys_are_kept_for_every_writer(tmp_path: Path) -> None:
    """A pandoc user's refs.bib → refs.json: @knuth1984 still cites."""
    path = tmp_path / "refs.bib"
    path.write_text(
        "@book{knuth1984, author={Knuth, Donald}, title={The TeXbook}, year=1984}\n"
        "@article{Knuth1984, author={Knuth, D.}, title={Literate Programming}, year=1984}\n"
        "@misc{, title={No key}}\n",
        encoding="utf-8",
    )
    found = keys(path)
    # BibTeX's keys are unique case-insensitively (bibtex), a CSL-JSON id and a RIS
    # ID case-sensitively (pandoc, citeproc): only there do they differ.
    assert found["bibtex"] == found["biblatex"] == ["knuth1984", "Knuth1984a", "no"]
    assert found["csl-json"] == found["ris"] == ["knuth1984", "Knuth1984", "no"]
    done = run_citeconv("convert", str(path), "--to", "bibtex")
    assert b"warning: key 'Knuth1984' written as 'Knuth1984a'" in done.stderr


def test_bad_key_format_is_a_usage_error_for_every_writer() -> None:
    for writer in ("csl-json", "ris", "bibtex"):
        result = run_citeconv("convert", str(SAMPLE), "--to", writer, "--key-format", "{nope}")
        assert result.returncode == 2, writer
        assert b"unknown key field {nope}" in result.stderr


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "misc/016-asreview-scopus.ris",
        "misc/037-citesource-20221207-gambling-harms-scopus-255.ris",
        "jabref/018-testscopus.ris",
    ],
)
def test_real_exports_one_key(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("shared corpus absent")
    assert_one_key(keys(path))


@pytest.mark.corpus
def test_real_other_formats_one_key() -> None:
    files = sorted(p for p in FORMATS.glob("*/*") if p.suffix in (".bib", ".nbib", ".json"))
    if not files:
        pytest.skip("shared corpus-formats absent")
    for path in files[:6]:
        assert_one_key(keys(path))
        assert_one_key(keys(path, "--keep-ids"))


def test_same_keys_with_any_jobs(tmp_path: Path) -> None:
    """The keys are made unique in input order, also when --jobs workers render."""
    record = "TY  - JOUR\nAU  - Lee, Bo\nTI  - Same title\nPY  - 2021\nAB  - {}\nER  - \n\n"
    path = tmp_path / "big.ris"
    path.write_text("".join(record.format("x" * 900) for _ in range(6000)), encoding="utf-8")
    for writer in ("csl-json", "ris", "bibtex"):
        one = run_citeconv("convert", str(path), "--to", writer, "--jobs", "1", "-q")
        two = run_citeconv("convert", str(path), "--to", writer, "--jobs", "2", "-q")
        assert one.stdout == two.stdout, writer
        assert b"lee2021sameaaa" in one.stdout  # the 703rd: a, ..., z, aa, ..., zz, aaa
