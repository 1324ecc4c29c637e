"""``citeconv cite``: citations in a CSL style, one cluster per line.

Registered on :data:`citeconv.cli.app` by the import at the end of citeconv/cli.py.
Items are cited by their citation keys (citeconv.keys.CitationKeys: the BibTeX key,
claimed in input order), the same keys every writer gives them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from citeconv.cli_app import app
from citeconv.cli_run import guarded
from citeconv.diagnostics import UsageError

if TYPE_CHECKING:  # citeconv.csl is imported only when a command runs
    from citeconv.csl.markup import Markup


@app.command()
@guarded
def cite(
    inputs: Annotated[list[str], typer.Argument(help="Input files (any reader); - for stdin.")],
    style: Annotated[str, typer.Option("--style", help="CSL style name or .csl file.")],
    citations: Annotated[
        Path | None,
        typer.Option(
            "--citations",
            help="A JSON file of clusters, as citeproc-js takes them: each a list of "
            'cites {"id", "locator", "label", "prefix", "suffix", "suppress-author", '
            '"author-only"} or {"citationItems": [...], "properties": {"noteIndex": N}}.',
        ),
    ] = None,
    key: Annotated[
        str | None, typer.Option("--key", help="One cluster of these keys: KEY[,KEY...].")
    ] = None,
    locale: Annotated[str | None, typer.Option("--locale", help="Locale (en-US, de-DE).")] = None,
    markup: Annotated[str, typer.Option("--markup", help="text, html or markdown.")] = "text",
    bibliography: Annotated[
        bool, typer.Option("--bibliography", help="The cited items' bibliography after.")
    ] = False,
) -> None:
    """Render citations of ITEMS in a CSL style, each cluster on its own line.

    Examples: citeconv cite refs.bib --style apa --key smith2020,lee2019;
    citeconv cite refs.ris --style chicago-note-bibliography --citations notes.json
    """
    from citeconv.api import read
    from citeconv.csl.citations import parse_clusters, render_citations
    from citeconv.diagnostics import Report
    from citeconv.keys import CitationKeys
    from citeconv.writers.formatted import check_markup

    check_markup(markup)
    if (citations is None) == (key is None):
        raise UsageError("cite: give --citations FILE or --key KEY[,KEY], one of them")
    data: Any
    if citations is not None:
        try:
            data = json.loads(citations.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"--citations {citations}: {exc}") from None
    else:
        data = [[{"id": part.strip()} for part in str(key).split(",") if part.strip()]]
    clusters = parse_clusters(data)
    report = Report()
    items = list(read(inputs, report))
    keys = CitationKeys()
    ids = [keys(item) for item in items]
    done = render_citations(
        items, style, clusters, locale, cast("Markup", markup), ids=ids, bibliography=bibliography
    )
    for line in done.clusters:
        sys.stdout.write(line + "\n")
    if done.bibliography is not None:
        sys.stdout.write("\n")
        for entry in done.bibliography:
            sys.stdout.write(entry.text + "\n")
