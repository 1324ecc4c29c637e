"""citeconv's output through the tools its users run, end to end (issue 19).

LaTeX: Scopus exports converted by citeconv, cited in a document compiled with
natbib + bibtex (plainnat) and with biblatex + biber; ``pdftotext`` reads the PDF
back. The cited works must be in it (title, first author, the in-text citation),
a user's own note too, and the export's bookkeeping ("Export Date", "Correspondence
Address", "References: ...", "Cited By", "CODEN", ...) must not: citeconv files it in
CSL-JSON's ``custom["export-notes"]``, out of the BibTeX ``note`` (before that, one
citation printed a six-page reference list). Each LaTeX test also compiles a
control, the same .bib with those notes put back as a ``note``, and asserts that
the control's PDF does show them and runs longer: the checks can fail.

pandoc: the same input converted to refs.bib and refs.json, a Markdown document
citing ``[@KEY]`` with citeconv's key, rendered with ``pandoc --citeproc`` and the
APA style citeconv ships, once from each file. Both must find every key and print
the same citations and the same works.

The tools: pdflatex, bibtex, biber, pdftotext and kpsewhich come from Debian
packages (.ci/run installs them), pandoc from the ``pypandoc-binary`` wheel (in the
``test`` extra). A missing tool skips the test with the package to install; under
CI (``CI`` set, as for .ci/run) it fails instead, because CI must run these tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

from citeconv.csl.styles import styles_folder
from citeconv.latex import escape

from conftest import CORPUS, SAMPLE, run_citeconv

pytestmark = pytest.mark.downstream

DATA = Path(__file__).resolve().parent / "data" / "downstream"
FORMATS = CORPUS.parent / "corpus-formats"

#: Real Scopus exports of the shared corpus (used when present).
SCOPUS_CORPUS = (
    "misc/016-asreview-scopus.ris",
    "misc/037-citesource-20221207-gambling-harms-scopus-255.ris",
    "jabref/018-testscopus.ris",
)
#: Real Scopus exports kept in this repository (see data/downstream/PROVENANCE.md).
SCOPUS_FOUND = (DATA / "bibx-scopus-excerpt.ris", DATA / "bibx-scopus-excerpt.bib")

#: A user's own record: their note, beside the Export Date line a database added.
OWN_NOTE = "Compare with chapter three before the defence"
OWN_RECORD = (
    "TY  - JOUR\nAU  - Okafor, Chidi\nAU  - Lindqvist, Maja\n"
    "TI  - Quiet harbours and noisy data\nT2  - Journal of Invented Examples\n"
    f"PY  - 2021\nVL  - 3\nSP  - 1\nEP  - 9\nN1  - {OWN_NOTE}\n"
    "N1  - Export Date: 2 March 2023\nER  - \n"
)

#: What an export adds about the record, not the work: none of it may be printed.
BOOKKEEPING = {
    "Export Date": r"Export\s+Date",
    "Correspondence Address": r"Correspondence\s+Address",
    "Funding details": r"Funding\s+details",
    "Funding text": r"Funding\s+text",
    "References:": r"References\s*:",
    "Cited By": r"\bCited\s+By\b",
    "CODEN": r"\bCODEN\b",
    "Chemicals/CAS": r"Chemicals\s*/\s*CAS",
    "Conference Code": r"Conference\s+Code",
}
#: The full document (17 records with the corpus) fills 3 pages in both styles;
#: with the notes put back, 52 or 53.
MAX_PAGES = 4

ON_CI = bool(os.environ.get("CI"))

#: A CSL-JSON item as citeconv writes it.
Item = dict[str, Any]


def _missing(reason: str) -> NoReturn:
    if ON_CI:
        pytest.fail(f"CI must run the downstream tests: {reason}")
    pytest.skip(reason)


def need(tool: str, package: str) -> str:
    """The path of ``tool``; skip (fail under CI) naming the Debian ``package``."""
    path = shutil.which(tool)
    if path is None:
        _missing(f"{tool} is not installed (apt-get install {package})")
    return path


def need_tex_file(name: str, package: str) -> None:
    kpsewhich = need("kpsewhich", "texlive-binaries")
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        _missing(f"{name} is not installed (apt-get install {package})")


def need_pandoc() -> str:
    """pandoc from the pypandoc-binary wheel (or any pandoc pypandoc finds), 2.11+."""
    reason = "pandoc is not installed (pip install pypandoc-binary: the test extra has it)"
    try:
        import pypandoc

        path = str(pypandoc.get_pandoc_path())
        version = str(pypandoc.get_pandoc_version())
    except (ImportError, OSError, RuntimeError):
        _missing(reason)
    major_minor = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if major_minor < (2, 11):
        _missing(f"pandoc {version} has no --citeproc; {reason}")
    return path


# ------------------------------------------------------------------ text helpers


def flat(text: str) -> str:
    """Text as compared: accents off, words broken at a line end joined, one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def squash(text: str) -> str:
    """Letters and digits only, case-folded: how TeX or pandoc broke, hyphenated,
    cased or punctuated a title does not matter, its words do."""
    return re.sub(r"[^0-9a-z]", "", flat(text).casefold())


def bookkeeping_in(text: str) -> list[str]:
    """The bookkeeping labels printed in ``text``."""
    text = flat(text)
    return [label for label, pattern in BOOKKEEPING.items() if re.search(pattern, text, re.I)]


def convert(inputs: list[Path], writer: str, out: Path) -> str:
    result = run_citeconv("convert", *map(str, inputs), "--to", writer, "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out.read_text(encoding="utf-8")


def bib_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,\n]*),", text, flags=re.MULTILINE)


# ------------------------------------------------------------------------ LaTeX


@dataclass
class Pdf:
    text: str
    pages: int


def compile_document(folder: Path, tex: str, backend: str) -> Pdf:
    """pdflatex, bibtex or biber, pdflatex twice; the PDF's text and page count."""
    pdflatex = need("pdflatex", "texlive-latex-base")
    pdftotext = need("pdftotext", "poppler-utils")
    if backend == "biber":
        tool = need("biber", "biber")
        need_tex_file("biblatex.sty", "texlive-bibtex-extra")
    else:
        tool = need("bibtex", "texlive-binaries")
        need_tex_file("plainnat.bst", "texlive-latex-base")
    (folder / "doc.tex").write_text(tex, encoding="utf-8")

    def run(*command: str) -> str:
        done = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=120, check=False
        )
        output = done.stdout + done.stderr
        # bibtex exits 1 after warnings (a record without a journal, say); 2+ is an error.
        assert done.returncode <= (1 if command[0] == tool else 0), output[-3000:]
        return output

    latex = (pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
    run(*latex)
    run(tool, "doc")
    run(*latex)
    log = run(*latex)
    assert "undefined" not in log, [line for line in log.splitlines() if "undefined" in line]
    pages = re.search(r"Output written on doc\.pdf \((\d+) pages?", log)
    assert pages, log[-2000:]
    text = run(pdftotext, "-enc", "UTF-8", "doc.pdf", "-")
    # Page breaks and the page numbers on them (a title over two pages was "…and
    # Income 2 Labour…"): out, so that the text reads as one.
    text = re.sub(r"\n\s*\d+\s*\n?\f", "\n", text).replace("\f", "\n")
    return Pdf(text, int(pages.group(1)))


NATBIB = r"""\documentclass{article}
\usepackage{natbib}
\usepackage{url}
\begin{document}
As shown by \citet{%s}.
%s
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
BIBLATEX = r"""\documentclass{article}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
As shown by \textcite{%s}.
%s
\printbibliography
\end{document}
"""


def latex_inputs(folder: Path) -> list[Path]:
    own = folder / "own.ris"
    own.write_text(OWN_RECORD, encoding="utf-8")
    corpus = [CORPUS / name for name in SCOPUS_CORPUS if (CORPUS / name).is_file()]
    return [*corpus, *SCOPUS_FOUND, own]


def with_notes_put_back(bib: str, items: list[Item]) -> str:
    """The control: ``bib`` with each record's export notes as its ``note`` again,
    as citeconv wrote them before (records with a note of their own left as they are)."""
    for item in items:
        notes = item.get("custom", {}).get("export-notes")
        if not notes or item.get("note"):
            continue
        head = re.search(rf"^@\w+\{{{re.escape(str(item['id']))},\n", bib, flags=re.MULTILINE)
        assert head, item["id"]
        # ASCII (LaTeX commands): the reference lists hold Greek letters that
        # pdflatex stops at, as the old output did.
        note = escape(" ".join("; ".join(notes).split()), ascii_only=True)
        bib = bib.replace(head.group(0), f"{head.group(0)}  note = {{{note}}},\n", 1)
    return bib


@pytest.mark.parametrize(
    ("writer", "backend", "template"),
    [("bibtex", "bibtex", NATBIB), ("biblatex", "biber", BIBLATEX)],
    ids=["natbib-bibtex-plainnat", "biblatex-biber"],
)
def test_latex_prints_the_works_and_not_the_export_notes(
    tmp_path: Path, writer: str, backend: str, template: str
) -> None:
    inputs = latex_inputs(tmp_path)
    items = json.loads(convert(inputs, "csl-json", tmp_path / "refs.json"))
    bib = convert(inputs, writer, tmp_path / "refs.bib")
    assert bib_keys(bib) == [item["id"] for item in items]  # one key for every writer
    # The inputs do hold every kind of bookkeeping checked for (else the test is empty).
    notes = "\n".join(n for item in items for n in item.get("custom", {}).get("export-notes", []))
    if len(inputs) > len(SCOPUS_FOUND) + 1:  # with the shared corpus
        assert bookkeeping_in(notes) == list(BOOKKEEPING)
    else:
        assert {"Export Date", "References:", "Cited By"} <= set(bookkeeping_in(notes))
    assert bookkeeping_in(bib) == []
    assert f"note = {{{OWN_NOTE}}}" in bib

    cited = items[0]
    family = cited["author"][0]["family"]
    document = template % (cited["id"], r"\nocite{*}")
    (tmp_path / "work").mkdir()
    shutil.copy(tmp_path / "refs.bib", tmp_path / "work" / "refs.bib")
    pdf = compile_document(tmp_path / "work", document, backend)

    body = flat(pdf.text)
    # (biblatex adds initials where two cited authors share a family name.)
    assert re.search(rf"As shown by (?:[A-Z]\. ?)*{re.escape(family)}\b", body), body[:300]
    text = squash(pdf.text)
    for item in items:
        assert squash(item["title"]) in text, item["title"]
        assert squash(item["author"][0]["family"]) in text, item["author"]
    assert squash(OWN_NOTE) in text
    assert bookkeeping_in(pdf.text) == []
    assert pdf.pages <= MAX_PAGES, pdf.pages

    # The control: the notes put back in the same .bib are printed, pages and pages.
    (tmp_path / "control").mkdir()
    (tmp_path / "control" / "refs.bib").write_text(with_notes_put_back(bib, items), "utf-8")
    control = compile_document(tmp_path / "control", document, backend)
    assert "Export Date" in bookkeeping_in(control.text)
    assert "References:" in bookkeeping_in(control.text)
    assert squash(OWN_NOTE) in squash(control.text)
    assert control.pages > pdf.pages, control.pages


@pytest.mark.corpus
def test_one_citation_is_one_page_not_six(tmp_path: Path) -> None:
    """The report of issue 19: citing one Scopus record printed six pages."""
    source = CORPUS / "misc" / "016-asreview-scopus.ris"
    if not source.is_file():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    items = json.loads(convert([source], "csl-json", tmp_path / "refs.json"))
    bib = convert([source], "bibtex", tmp_path / "refs.bib")
    key = "labanski2020stress"
    document = NATBIB % (key, "")
    for name, text in (("fixed", bib), ("control", with_notes_put_back(bib, items))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "refs.bib").write_text(text, encoding="utf-8")
    pdf = compile_document(tmp_path / "fixed", document, "bibtex")
    assert pdf.pages == 1
    assert squash("Stress and the brain-gut axis") in squash(pdf.text)
    control = compile_document(tmp_path / "control", document, "bibtex")
    assert control.pages >= 5, control.pages
    assert "Correspondence Address" in bookkeeping_in(control.text)


# ----------------------------------------------------------------------- pandoc


@dataclass
class Rendered:
    """pandoc's plain-text output, cut into in-text citations and references."""

    citations: list[str]
    references: list[str]
    warnings: list[str]


def render(pandoc: str, folder: Path, keys: list[str], bibliography: str) -> Rendered:
    """``[@KEY]`` for each key, one paragraph each, rendered with APA."""
    (folder / "doc.md").write_text("".join(f"Cited [@{k}].\n\n" for k in keys), "utf-8")
    done = subprocess.run(
        [
            pandoc,
            "doc.md",
            "--citeproc",
            "--csl",
            str(styles_folder() / "apa.csl"),
            "--bibliography",
            bibliography,
            "-t",
            "plain",
            "--wrap=none",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    paragraphs = [p.strip() for p in done.stdout.split("\n\n") if p.strip()]
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    return Rendered(paragraphs[: len(keys)], paragraphs[len(keys) :], warnings)


@dataclass
class Both:
    items: list[Item]
    bib: Rendered
    json: Rendered
    folder: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Both]:
    """Convert an input to refs.bib and refs.json; render both with pandoc (once)."""
    done: dict[Path, Both] = {}

    def both(source: Path) -> Both:
        if source not in done:
            if not source.is_file():
                pytest.skip(f"{source} not found (the shared corpus is absent)")
            pandoc = need_pandoc()
            folder = tmp_path_factory.mktemp(source.stem)
            # The .bib as `-o refs.bib` writes it (BibTeX; pandoc reads .bib as BibLaTeX).
            bib = convert([source], "bibtex", folder / "refs.bib")
            items = json.loads(convert([source], "csl-json", folder / "refs.json"))
            keys = [str(item["id"]) for item in items]
            assert bib_keys(bib) == keys  # BibTeX key = CSL-JSON id
            done[source] = Both(
                items,
                render(pandoc, folder, keys, "refs.bib"),
                render(pandoc, folder, keys, "refs.json"),
                folder,
            )
        return done[source]

    return both


def assert_same_works(items: list[Item], bib: Rendered, json_: Rendered) -> None:
    """What must agree whichever file pandoc read: every key found, the in-text
    citations word for word, and each reference's authors, year and title.

    Not compared here: letter case and the fields around the title. Case is
    pandoc's: its BibTeX reader puts English titles in sentence case, lowercasing
    "Ontario" where citeconv did not brace it, while CSL-JSON titles print as they
    are; and APA's title case of a journal applies to English items only, which
    the .bib's item is to pandoc (it takes no language from ``language = {eng}``)
    and a CSL-JSON item with MEDLINE's "language": "eng" is not ("Public Health"
    from the .bib, "Public health" from the .json).
    test_pandoc_prints_the_same_references_from_bib_and_json compares everything
    but case.
    """
    for rendered in (bib, json_):
        assert rendered.warnings == []
        assert len(rendered.citations) == len(items)
        assert len(rendered.references) == len(items)
    assert bib.citations == json_.citations
    for from_bib, from_json in zip(bib.references, json_.references, strict=True):
        item = next((i for i in items if squash(str(i["title"])) in squash(from_json)), None)
        assert item is not None, from_json
        year = str(item["issued"]["date-parts"][0][0])
        for reference in (from_bib, from_json):
            assert squash(str(item["title"])) in squash(reference), reference
            assert f"({year}" in reference, reference
            for name in item.get("author", [])[:19]:
                assert squash(name["family"]) in squash(reference), (name, reference)


PANDOC_INPUTS = {
    "sample": SAMPLE,
    "scopus-ris": CORPUS / "misc" / "016-asreview-scopus.ris",
    "scopus-ris-found": DATA / "bibx-scopus-excerpt.ris",
    "scopus-bib-found": DATA / "bibx-scopus-excerpt.bib",
    "medline": FORMATS / "pubmed-medline" / "002-zotero-medline-tc3-25744111.nbib",
    "bibtex": FORMATS / "bibtex" / "013-mabutko-scopus.bib",
}


def test_the_sample_cites_with_its_key(rendered: Callable[[Path], Both]) -> None:
    both = rendered(SAMPLE)
    assert [item["id"] for item in both.items] == ["tran2021quality"]
    assert both.bib.citations == both.json.citations == ["Cited (Tran et al., 2021)."]


@pytest.mark.parametrize("name", sorted(PANDOC_INPUTS))
def test_pandoc_cites_the_same_works_from_bib_and_json(
    rendered: Callable[[Path], Both], name: str
) -> None:
    both = rendered(PANDOC_INPUTS[name])
    assert_same_works(both.items, both.bib, both.json)


def _known(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(
    "source",
    [
        PANDOC_INPUTS["sample"],
        PANDOC_INPUTS["scopus-bib-found"],
        PANDOC_INPUTS["medline"],
        PANDOC_INPUTS["bibtex"],
        pytest.param(
            PANDOC_INPUTS["scopus-ris"],
            marks=_known(
                "pandoc's BibLaTeX reader ignores eid, where citeconv writes a Scopus "
                "article number (C7; BibTeX's number is the issue): '111, Article 104501' "
                "is printed from the .json only (plainnat and biblatex print the eid)"
            ),
            id="scopus-ris",
        ),
        pytest.param(
            PANDOC_INPUTS["scopus-ris-found"],
            marks=_known(
                "pandoc's BibLaTeX reader ignores eid (the article number beside an "
                "issue): 'Article 5738' is printed from the .json only"
            ),
            id="scopus-ris-found",
        ),
        # 'van Raaij, M. J.': the entry's options = {useprefix=true} makes pandoc keep
        # "van" as CSL's non-dropping particle (it read "(Raaij et al., 1996)").
        FORMATS / "pubmed-medline" / "001-zotero-medline-tc1-two-records.nbib",
        pytest.param(
            FORMATS / "bibtex" / "009-pandoc-biblatex-article.bib",
            marks=_known(
                "BibTeX has no pubstate: the BibTeX writer puts CSL status in the note "
                "('In press.', which plain.bst prints), pandoc prints it '(In press)' "
                "from the .json"
            ),
            id="biblatex-pubstate",
        ),
    ],
    ids=lambda p: p.stem if isinstance(p, Path) else None,
)
def test_pandoc_prints_the_same_references_from_bib_and_json(
    rendered: Callable[[Path], Both], source: Path
) -> None:
    """Everything but letter case (see assert_same_works) is the same from either
    file; a difference is a field the BibTeX writer loses or misplaces."""
    both = rendered(source)
    assert both.bib.warnings == both.json.warnings == []

    def text(r: Rendered) -> list[str]:
        return [flat(p).casefold() for p in r.citations + r.references]

    assert text(both.bib) == text(both.json)


def test_the_pandoc_checks_catch_a_lost_key_and_a_changed_title(
    rendered: Callable[[Path], Both],
) -> None:
    both = rendered(SAMPLE)
    pandoc = need_pandoc()
    folder = both.folder
    refs = json.loads((folder / "refs.json").read_text(encoding="utf-8"))
    refs[0]["id"] = "someone-else"
    (folder / "lost.json").write_text(json.dumps(refs), encoding="utf-8")
    lost = render(pandoc, folder, ["tran2021quality"], "lost.json")
    assert any("tran2021quality not found" in w for w in lost.warnings), lost.warnings
    with pytest.raises(AssertionError):
        assert_same_works(both.items, both.bib, lost)
    bib = (folder / "refs.bib").read_text(encoding="utf-8")
    (folder / "changed.bib").write_text(
        bib.replace("title = {Are quality", "title = {Are qualms"), encoding="utf-8"
    )
    changed = render(pandoc, folder, ["tran2021quality"], "changed.bib")
    assert changed.warnings == []
    with pytest.raises(AssertionError):
        assert_same_works(both.items, changed, both.json)
