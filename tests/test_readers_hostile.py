"""What an adversarial pass over the new readers found, one reproducer each: exit 3
crashes, records merged or dropped, valid input refused, unbounded work."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citeconv.diagnostics import InputError, Report
from citeconv.readers import ReadOptions, read_stream

from conftest import citeconv_command, run_citeconv


def items(data: bytes, name: str = "in", **options: object) -> list[dict[str, object]]:
    found = read_stream(io.BytesIO(data), name, Report(), ReadOptions(**options))  # type: ignore[arg-type]
    return [item.to_csl() for item in found]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"@article{a, title={T}, crossref={a}}\n", "crossref to itself"),
        (b"@article{a, title={T}, year={2020}, month={\xc2\xb2}}\n", "superscript month"),
        (b"PT J\nTI T\nPY \xc2\xb2\nER\n", "superscript WoS year"),
        (
            b"<xml><records><record><contributors><authors><!-- c --><author>Doe, J</author>"
            b"</authors></contributors><titles><title>T</title></titles><?pi x?></record>"
            b"</records></xml>",
            "XML comment and processing instruction",
        ),
        (b"references:\n- id: a\n  title: T\n  issued: 2020-13-45\n", "impossible YAML date"),
    ],
)
def test_no_crash(data: bytes, name: str) -> None:
    assert len(items(data)) == 1, name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"references:\n- id: a\n  volume: !!int abc\n", "none of the references"),
        (b"references:\n" + b"- " * 3000 + b"x\n", "YAML"),
        (b"references:\n- 1\n- two\n", "none of the references"),
    ],
)
def test_yaml_that_yields_nothing_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        items(data)


def test_endnote_downloads_joined_without_blank_lines_stay_apart() -> None:
    one = b"%0 Journal Article\n%T Title %d\n%A Doe, J\n"
    data = b"".join(one.replace(b"%d", str(n).encode()) for n in range(3))
    assert [i["title"] for i in items(data)] == ["Title 0", "Title 1", "Title 2"]


def test_cr_only_line_ends_are_read_in_every_tagged_format() -> None:
    medline = b"OWN - ERIC\rTI  - One\r\rOWN - ERIC\rTI  - Two\r"
    assert [i["title"] for i in items(medline)] == ["One", "Two"]
    ris = b"TY  - JOUR\rTI  - One\rER  - \rTY  - JOUR\rTI  - Two\rER  - \r"
    assert len(items(ris)) == 2
    bib = b"@article{a,\r title={One}}\r@article{b,\r title={Two}}\r"
    assert len(items(bib)) == 2


def test_medline_people_are_not_lost_to_a_group_author_or_missing_full_names() -> None:
    [item] = items(b"PMID- 1\nTI  - T\nAU  - Smith J\nAU  - Doe J\nCN  - Study Group\n")
    assert [a.get("family") or a.get("literal") for a in item["author"]] == [  # type: ignore[union-attr]
        "Smith",
        "Doe",
        "Study Group",
    ]


def test_a_bibtex_value_line_starting_with_at_does_not_cut_a_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from citeconv.readers import bibtex

    monkeypatch.setattr(bibtex, "_CHUNK_LINES", 3)
    data = (
        b"@misc{a, title={A}}\n@misc{b,\n note={x\n@twitter handle},\n title={B}}\n"
        b"@misc{c, title={C}}\n"
    )
    assert [i["title"] for i in items(data)] == ["A", "B", "C"]


def test_string_macros_that_double_are_bounded() -> None:
    lines = [b'@string{s0 = "xx"}']
    lines += [b"@string{s%d = s%d # s%d}" % (n, n - 1, n - 1) for n in range(1, 30)]
    data = b"\n".join(lines) + b"\n@misc{k, title = s29}\n"
    start = time.monotonic()
    [item] = items(data)
    assert time.monotonic() - start < 10 and len(str(item["title"])) < 2_000_000


def test_continuation_lines_are_joined_in_linear_time() -> None:
    data = b"PMID- 1\nAB  - start\n" + b"      more abstract text\n" * 100_000
    start = time.monotonic()
    [item] = items(data)
    assert time.monotonic() - start < 10 and str(item["abstract"]).endswith("more abstract text")


def test_a_medline_record_past_max_line_bytes_is_refused() -> None:
    with pytest.raises(InputError, match="longer than 1,024 characters"):
        items(b"PMID- 1\n" + b"AU  - Smith J\n" * 1000, max_line_bytes=1024)


def test_a_pipe_that_delivers_in_two_writes_is_sniffed_whole(tmp_path: Path) -> None:
    """peek() saw only the first write: an EndNote download through curl was "not RIS"."""
    data = b"%0 Journal Article\n%T A title\n%A Doe, J\n"
    script = (
        f"import sys, time; sys.stdout.buffer.write({data[:8]!r}); sys.stdout.flush();"
        f" time.sleep(1); sys.stdout.buffer.write({data[8:]!r})"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    done = subprocess.run(
        [citeconv_command(), "convert", "-", "--to", "csl-json", "-q"],
        stdin=writer.stdout,
        capture_output=True,
        timeout=60,
        check=False,
    )
    writer.wait()
    assert done.returncode == 0, done.stderr
    assert b'"title": "A title"' in done.stdout


@pytest.mark.parametrize(
    "text",
    [
        "---\r\nreferences:\r\n- id: a\r\n  title: T\r\n---\r\n",
        "references: [{id: a, title: T}]\n",
        "---\ntitle: A paper\n"
        + "abstract: "
        + "x" * 5000
        + "\nreferences:\n- id: a\n  title: T\n---\n",
    ],
    ids=["crlf", "flow", "late"],
)
def test_csl_yaml_in_its_other_shapes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(text, newline="")
    done = run_citeconv("convert", str(path), "--to", "csl-json", "-q")
    assert done.returncode == 0, done.stderr
    assert b'"title": "T"' in done.stdout


def test_a_refer_value_line_starting_with_percent_and_digits_is_no_tag() -> None:
    [item] = items(b"%0 Journal Article\n%T Fifty\n%50 per cent\n")
    assert item["title"] == "Fifty %50 per cent"  # a wrapped line, not a tag "%5"
