"""The real tools: bibtex (plain.bst) and biber take our .bib files without errors.

Each test converts many records in one citeconv run (keys are unique across the run)
and runs the tool once, so that the 213-file corpus costs a few processes, not
hundreds. The tests skip, saying why, when bibtex or biber is not installed; CI
installs them (texlive-binaries, texlive-base, biber: see .ci/run).

The only bibtex warnings allowed are those about data a record does not have —
the "empty field" kind, which plain.bst prints for a missing required field:

- ``Warning--empty journal in KEY`` (any field, also ``empty chapter and pages``);
- ``Warning--there's a number but no volume in KEY`` (an issue number without a
  volume: the volume is the empty field);
- ``Warning--all relevant fields are empty in KEY`` (a misc record with nothing
  plain.bst prints).

Everything else (``can't use both ...``, ``to sort, need ...``, syntax errors,
repeated keys) fails the test: the writer avoids those (see
``BibtexWriter._plain_bst_consistency``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GOLDEN, SAMPLE, run_citeconv

pytestmark = pytest.mark.textools

ALLOWED_BIBTEX_WARNING = re.compile(
    r"^Warning--(?:empty [\w ]+ in \S+"
    r"|there's a number but no volume in \S+"
    r"|all relevant fields are empty in \S+)$"
)
BIBTEX_INFO = re.compile(
    r"^(?:This is BibTeX|The top-level auxiliary file:|The style file:|Database file #\d+:"
    r"|\(There (?:were \d+ warnings|was 1 warning)\))"
)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (apt install texlive-binaries texlive-base biber)")
    return path


def convert(inputs: list[str], writer: str, out: Path, *extra: str) -> int:
    """Convert ``inputs`` in one run; return the number of entries written."""
    result = run_citeconv("convert", *inputs, "--to", writer, "-o", str(out), "-q", *extra)
    assert result.returncode == 0, result.stderr.decode()
    return len(re.findall(r"^@", out.read_text(encoding="utf-8"), flags=re.MULTILINE))


def run_bibtex(bib: Path, entries: int) -> None:
    """bibtex with plain.bst on every entry; only missing-field warnings allowed."""
    bibtex = _need("bibtex")
    aux = bib.with_suffix(".aux")
    aux.write_text(f"\\citation{{*}}\n\\bibdata{{{bib.stem}}}\n\\bibstyle{{plain}}\n")
    result = subprocess.run(
        [bibtex, aux.stem], cwd=bib.parent, capture_output=True, timeout=120, check=False
    )
    output = result.stdout.decode("utf-8", "replace")
    unexpected = [
        line
        for line in output.splitlines()
        if line.strip() and not ALLOWED_BIBTEX_WARNING.match(line) and not BIBTEX_INFO.match(line)
    ]
    assert not unexpected, "\n".join(unexpected[:40])
    assert result.returncode in (0, 1), output[-2000:]
    bbl = bib.with_suffix(".bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count("\\bibitem") == entries


def run_biber(bib: Path, entries: int) -> None:
    """biber --tool --validate-datamodel: no ERROR line, every entry kept."""
    biber = _need("biber")
    result = subprocess.run(
        [biber, "--tool", "--validate-datamodel", "--output-directory", str(bib.parent), bib.name],
        cwd=bib.parent,
        capture_output=True,
        timeout=300,
        check=False,
    )
    output = (result.stdout + result.stderr).decode("utf-8", "replace")
    errors = [line for line in output.splitlines() if "ERROR" in line]
    assert not errors, "\n".join(errors[:40])
    assert result.returncode == 0, output[-2000:]
    written = bib.parent / f"{bib.stem}_bibertool.bib"
    text = written.read_text(encoding="utf-8")
    assert len(re.findall(r"^@", text, flags=re.MULTILINE)) == entries


def _fixtures() -> list[str]:
    return [str(SAMPLE)] + [str(p) for p in sorted(GOLDEN.glob("*.csl.json"))]


def _corpus_inputs(corpus: Path) -> list[str]:
    """Every RIS file of the corpus that citeconv reads (``citeconv check`` says which)."""
    files = sorted(str(p) for p in corpus.rglob("*.ris"))
    result = run_citeconv("check", *files, "-q")
    refused = set(re.findall(r"^(.+?): error:", result.stderr.decode(), flags=re.MULTILINE))
    # Files that are not RIS (a Web of Science export kept as a negative case).
    assert len(refused) < 5, refused
    return [f for f in files if f not in refused]


def test_fixtures_through_bibtex(tmp_path: Path) -> None:
    _need("bibtex")
    bib = tmp_path / "fixtures.bib"
    run_bibtex(bib, convert(_fixtures(), "bibtex", bib))


@pytest.mark.parametrize("extra", [("--ascii",), ("--protect-case", "all")])
def test_fixtures_through_bibtex_with_options(tmp_path: Path, extra: tuple[str, ...]) -> None:
    _need("bibtex")
    bib = tmp_path / "fixtures.bib"
    entries = convert(_fixtures(), "bibtex", bib, *extra)
    if "--ascii" in extra:
        # ASCII but for what has no LaTeX spelling (our fixtures hold emoji and CJK),
        # which is kept as UTF-8: bibtex reads it as 8-bit text.
        from citeconv.latex import escape

        kept = {c for c in bib.read_text(encoding="utf-8") if not c.isascii()}
        assert all(not escape(c, ascii_only=True).isascii() for c in kept)
    run_bibtex(bib, entries)


def test_fixtures_through_biber(tmp_path: Path) -> None:
    _need("biber")
    bib = tmp_path / "fixtures.bib"
    run_biber(bib, convert(_fixtures(), "biblatex", bib))


@pytest.mark.corpus
def test_corpus_through_bibtex(tmp_path: Path, corpus: Path) -> None:
    _need("bibtex")
    bib = tmp_path / "corpus.bib"
    entries = convert(_corpus_inputs(corpus), "bibtex", bib)
    assert entries > 1000
    run_bibtex(bib, entries)


@pytest.mark.corpus
def test_corpus_through_biber(tmp_path: Path, corpus: Path) -> None:
    _need("biber")
    bib = tmp_path / "corpus.bib"
    entries = convert(_corpus_inputs(corpus), "biblatex", bib)
    assert entries > 1000
    run_biber(bib, entries)


def test_the_bibtex_check_catches_errors_and_other_warnings(tmp_path: Path) -> None:
    _need("bibtex")
    bib = tmp_path / "bad.bib"
    bib.write_text("@book{a,\n  author = {A, B},\n  editor = {C, D},\n  title = {T}\n}\n")
    with pytest.raises(AssertionError, match="can't use both author and editor"):
        run_bibtex(bib, 1)
    bib.write_text("@article{a,\n  title = {x \\{ y},\n  journal = {J}\n}\n")
    with pytest.raises(AssertionError):
        run_bibtex(bib, 1)


def test_the_biber_check_catches_errors(tmp_path: Path) -> None:
    _need("biber")
    bib = tmp_path / "bad.bib"
    bib.write_text("@article{a,\n  author = {A, {B, C, D, E}},\n  title = {T}\n}\n")
    with pytest.raises(AssertionError, match="too many commas"):
        run_biber(bib, 1)


#: Names that start with a TeX special: biber made unbalanced initials of the
#: "{\textbackslash}" spelling, and pdflatex stopped with "Extra }".
SPECIAL_NAMES = (
    "TY  - JOUR\nAU  - \\foo, Bar\nAU  - {Brace, Open\nAU  - ~Tilde, T\nAU  - ^Caret, C\n"
    "AU  - Smith, }x\nAU  - Doe, \\Jane\nTI  - Names with specials\nJO  - J\nPY  - 2020\nER  - \n"
)
DOCUMENT = (
    "\\documentclass{article}\n\\usepackage[backend=biber,style=authoryear]{biblatex}\n"
    "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\printbibliography\n"
    "\\end{document}\n"
)


def test_names_starting_with_tex_specials_compile_with_biber_and_pdflatex(
    tmp_path: Path,
) -> None:
    pdflatex = _need("pdflatex")
    biber = _need("biber")
    source = tmp_path / "in.ris"
    source.write_text(SPECIAL_NAMES)
    convert([str(source)], "biblatex", tmp_path / "refs.bib")
    (tmp_path / "doc.tex").write_text(DOCUMENT)
    if subprocess.run(["kpsewhich", "biblatex.sty"], capture_output=True, check=False).returncode:
        pytest.skip("biblatex.sty is not installed (apt install texlive-bibtex-extra)")

    def latex() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    assert latex().returncode == 0
    done = subprocess.run(
        [biber, "doc"], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stdout
    final = latex()
    assert final.returncode == 0, [
        line for line in final.stdout.splitlines() if line.startswith("!")
    ]
    assert "{\\textbackslash{}foo}" in (tmp_path / "refs.bib").read_text()
