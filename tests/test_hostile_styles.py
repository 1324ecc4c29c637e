"""A .csl file given by path is untrusted: no entities, no DTD, no endless macros."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE, run_citeconv

STYLE_HEAD = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
)
CITATION = '<citation><layout><text variable="title"/></layout></citation>'


def _style(tmp_path: Path, body: str, prolog: str = "") -> Path:
    path = tmp_path / "evil.csl"
    path.write_text(f'<?xml version="1.0"?>\n{prolog}{STYLE_HEAD}{body}</style>\n')
    return path


def test_plain_style_by_path_works(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        CITATION + '<bibliography><layout><text variable="title"/></layout></bibliography>',
    )
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("Are quality improvement plans")


def test_external_entity_cannot_read_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    style = _style(
        tmp_path,
        CITATION + '<bibliography><layout><text value="&xxe;"/></layout></bibliography>',
        prolog=f'<!DOCTYPE style [<!ENTITY xxe SYSTEM "file://{secret}">]>\n',
    )
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    assert result.returncode == 2
    assert b"TOP-SECRET" not in result.stdout + result.stderr
    assert b"DOCTYPE" in result.stderr


def test_macro_calling_itself_is_an_error_not_a_hang(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        '<macro name="a"><text macro="b"/></macro><macro name="b"><text macro="a"/></macro>'
        + CITATION
        + '<bibliography><layout><text macro="a"/></layout></bibliography>',
    )
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style), timeout=30)
    assert result.returncode == 2
    assert "macros call themselves (a → b → a)" in result.stderr.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<html/>", b"not a CSL style"),
        ("<style", b"not well-formed"),
    ],
)
def test_not_a_style(tmp_path: Path, content: str, message: bytes) -> None:
    path = tmp_path / "bad.csl"
    path.write_text(content)
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(path))
    assert result.returncode == 2
    assert message in result.stderr


def test_oversized_style_refused(tmp_path: Path) -> None:
    path = _style(tmp_path, "<!--" + "x" * (3 * 1024 * 1024) + "-->" + CITATION)
    result = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(path))
    assert result.returncode == 2
    assert b"larger than" in result.stderr
