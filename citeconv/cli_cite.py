"""``citeconv cite``: citations in a CSL style, one cluster per line.

Registered on :data:`citeconv.cli_app.app` by the import at the end of
citeconv/cli.py. Items are cited by their citation keys (citeconv.keys.CitationKeys,
claimed in input order): the CSL-JSON ids every writer's keys agree with.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from citeconv import exits
from citeconv.cli_app import app
from citeconv.cli_run import _finish, guarded
from citeconv.diagnostics import UsageError

if TYPE_CHECKING:  # citeconv.csl is imported only when a command runs
    from citeconv.csl.markup import Markup


@app.command(epilog=exits.CONVERT)
@guarded
def cite(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ITEMS...",
            help="The cited works: exports in any format a reader takes; none or '-' "
            "reads standard input.",
            show_default=False,
        ),
    ] = None,
    style: Annotated[
        str,
        typer.Option("--style", metavar="NAME|PATH", help="CSL style: a name or a .csl file."),
    ] = "",
    citations: Annotated[
        Path | None,
        typer.Option(
            "--citations",
            metavar="CLUSTERS.json",
            help="The clusters, as citeproc-js takes them: a JSON array, each cluster a "
            'list of cites {"id", "locator", "label", "prefix", "suffix", '
            '"suppress-author", "author-only"} or {"citationItems": [...], '
            '"properties": {"noteIndex": N}}.',
        ),
    ] = None,
    key: Annotated[
        list[str] | None,
        typer.Option(
            "--key",
            "-k",
            metavar="KEY[,KEY...]",
            help="One cluster of these keys (repeatable: one cluster each).",
        ),
    ] = None,
    locale: Annotated[
        str | None, typer.Option("--locale", metavar="TAG", help="Locale, e.g. de-DE.")
    ] = None,
    markup: Annotated[
        str, typer.Option("--markup", metavar="text|html|markdown", help="Markup.")
    ] = "text",
    bibliography: Annotated[
        bool,
        typer.Option("--bibliography", help="The cited works' bibliography after the citations."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout."
        ),
    ] = None,
    input_format: Annotated[
        str, typer.Option("--from", "-f", metavar="FORMAT", help="Input format (as convert's).")
    ] = "auto",
    encoding: Annotated[
        str | None, typer.Option("--encoding", metavar="CODEC", help="Input encoding.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Any warning fails (exit 1).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> None:
    """Render citations of ITEMS in a CSL style, each cluster on its own line.

    Positions (first, subsequent, ibid, near-note) come from the clusters' order and
    note numbers; year suffixes and added names from the whole document.

    Examples:

      citeconv cite refs.bib --style apa --key smith2020,lee2019

      citeconv cite refs.ris --style chicago-notes-bibliography --citations notes.json
    """
    from citeconv.api import check_inputs, read
    from citeconv.csl.citations import parse_clusters, render_citations
    from citeconv.csl.styles import check_locale, style_source
    from citeconv.diagnostics import Report, stderr_wants_colour
    from citeconv.keys import ANY_ID, CitationKeys
    from citeconv.output import open_output
    from citeconv.readers import ReadOptions, find_reader
    from citeconv.writers.formatted import check_markup

    if not style:
        raise UsageError("cite needs --style NAME or --style FILE.csl")
    check_markup(markup)
    if (citations is None) == (not key):
        raise UsageError("cite: give --citations FILE or --key KEY[,KEY], one of them")
    style_source(style)
    if locale:
        check_locale(locale)
    if input_format != "auto":
        input_format = find_reader(input_format).name
    data: Any
    if citations is not None:
        try:
            data = json.loads(citations.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"--citations {citations}: {exc}") from None
    else:
        data = [
            [{"id": part.strip()} for part in group.split(",") if part.strip()]
            for group in key or ()
        ]
    clusters = parse_clusters(data)
    paths = inputs or ["-"]
    report = Report(sink=sys.stderr, quiet=quiet, colour=stderr_wants_colour())
    options = ReadOptions(input_format=input_format, encoding=encoding)
    check_inputs(paths, options)
    items = list(read(paths, report, options))
    # The keys a CSL-JSON file of these items has (any id kept as it is).
    keys = CitationKeys(valid=ANY_ID, case_sensitive=True)
    ids = [keys(item) for item in items]
    done = render_citations(
        items, style, clusters, locale, cast("Markup", markup), ids=ids, bibliography=bibliography
    )
    with open_output(output) as (stream, commit):
        for line in done.clusters:
            stream.write(line + "\n")
        if done.bibliography is not None:
            stream.write("\n")
            for entry in done.bibliography:
                stream.write(entry.text + "\n")
        report.records_written = len(done.clusters)
        commit.ok = report.exit_code(strict) == 0
    _finish(report, quiet, strict)
