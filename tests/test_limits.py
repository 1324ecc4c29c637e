"""Limits instead of exhaustion: huge lines, huge collapsed files, many authors, deep markup."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import peak_rss_mb, run_citeconv

COLLAPSED = (
    "TY  - {ty} TI  - Title number {n} AU  - Smith, Ann AB  - "
    + "words about the ER - department " * 30
    + "PY  - 2020 ER  - "
)


def _collapsed_file(path: Path, records: int, odd_one: int = -1) -> Path:
    path.write_text(
        " ".join(
            COLLAPSED.format(n=n, ty="ZZZZ" if n == odd_one else "JOUR") for n in range(records)
        )
    )
    return path


def test_huge_collapsed_line_streams_in_bounded_memory(tmp_path: Path) -> None:
    """A one-line export far larger than a read block: cut at record boundaries."""
    source = _collapsed_file(tmp_path / "collapsed.ris", 12_000, odd_one=9_000)
    assert source.stat().st_size > 10 * 1024 * 1024
    out = tmp_path / "out.json"
    code, stderr, peak = peak_rss_mb("convert", str(source), "-o", str(out))
    assert code == 0, stderr
    items = json.loads(out.read_text())
    assert [i["title"] for i in items] == [f"Title number {n}" for n in range(12_000)]
    assert items[100]["abstract"].count("ER - department") == 30
    # The physical line is line 1 for every record, however it was cut.
    assert f"{source}:1: warning: unknown TY 'ZZZZ'".encode() in stderr
    assert peak < 120, f"peak RSS {peak:.0f} MB"


def test_long_line_without_records_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    source = tmp_path / "long.ris"
    source.write_bytes(b"TY  - JOUR\nAB  - " + b"x" * (3 * 1024 * 1024) + b"\nER  - \n")
    refused = run_citeconv("convert", str(source), "--to", "json", "--max-line-bytes", "1048576")
    assert refused.returncode == 1
    assert refused.stderr.decode().startswith(
        f"{source}:2: error: line 2 is longer than 1048576 bytes"
    )
    assert b"--max-line-bytes" in refused.stderr
    accepted = run_citeconv("convert", str(source), "--to", "json", "-q")
    assert accepted.returncode == 0
    assert len(json.loads(accepted.stdout)[0]["abstract"]) == 3 * 1024 * 1024


def test_ten_thousand_authors(tmp_path: Path) -> None:
    source = tmp_path / "team.ris"
    lines = ["TY  - JOUR", "TI  - Big team science", "PY  - 2020"]
    lines += [f"AU  - Family{i}, Given{i}" for i in range(10_000)]
    source.write_text("\n".join([*lines, "ER  - ", ""]))
    for writer in ("csl-json", "bibtex", "apa", "vancouver"):
        result = run_citeconv("convert", str(source), "--to", writer, "-q", timeout=60)
        assert result.returncode == 0, (writer, result.stderr)
    data = json.loads(run_citeconv("convert", str(source), "--to", "json", "-q").stdout)
    assert len(data[0]["author"]) == 10_000
    apa = run_citeconv("convert", str(source), "--to", "apa", "-q").stdout.decode()
    assert "Family9999, G." in apa and "Family30, G." not in apa  # APA: 19 … last


def test_deeply_nested_markup_in_a_title(tmp_path: Path) -> None:
    source = tmp_path / "nested.ris"
    title = "<i>" * 5000 + "deep" + "</i>" * 5000
    source.write_text(f"TY  - JOUR\nTI  - {title}\nAU  - Smith, Ann\nPY  - 2020\nER  - \n")
    for args in (("--to", "csl-json"), ("--to", "bibtex"), ("--to", "apa", "--markup", "html")):
        result = run_citeconv("convert", str(source), *args, "-q", timeout=60)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr


def test_cli_default_line_limit_is_the_readers() -> None:
    from citeconv import cli
    from citeconv.readers.ris import decode

    assert cli.MAX_LINE_BYTES == decode.MAX_LINE_BYTES


def test_formatted_bibliography_size_is_bounded(tmp_path: Path) -> None:
    from citeconv.writers.formatted import MAX_ENTRIES

    source = tmp_path / "thirty.ris"
    source.write_text(
        "".join(
            f"TY  - JOUR\nTI  - Paper {n}\nAU  - Smith, Ann\nPY  - 2020\nER  - \n"
            for n in range(30)
        )
    )
    out = tmp_path / "refs.txt"
    out.write_text("previous\n")
    refused = run_citeconv(
        "convert", str(source), "--to", "apa", "--max-entries", "10", "-o", str(out)
    )
    assert refused.returncode == 1
    assert b"more than 10 records for one formatted bibliography" in refused.stderr
    assert out.read_text() == "previous\n"
    allowed = run_citeconv("convert", str(source), "--to", "apa", "--max-entries", "30", "-q")
    assert allowed.returncode == 0
    assert len(allowed.stdout.decode().splitlines()) == 30
    assert MAX_ENTRIES == 200_000  # the default --max-entries in citeconv/cli.py
