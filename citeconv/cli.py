"""The ``citeconv`` command: thin, parses options and calls :mod:`citeconv.api`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from citeconv import __version__, cli_run, completion, exits, signals
from citeconv.cli_app import app
from citeconv.cli_run import EXIT_INTERNAL, Terminated, _fail, _finish, guarded
from citeconv.diagnostics import (
    EXIT_FAILED,
    EXIT_USAGE,
    EmptyInput,
    Report,
    UsageError,
    stderr_wants_colour,
)

#: Options shared by ``convert`` and ``check``.
MaxLineBytes = Annotated[
    int,
    typer.Option(
        "--max-line-bytes",
        metavar="N",
        min=1024,
        help="Refuse a line longer than N bytes that holds no record boundary, and a "
        "record longer than N characters (bounds memory on hostile input).",
    ),
]
MAX_LINE_BYTES = 64 * 1024 * 1024  # the reader's default (citeconv.readers.ris.decode)
TagMappingOption = Annotated[
    str,
    typer.Option(
        "--mapping",
        metavar="endnote|zotero",
        help="How RIS tags whose meaning depends on the type are read: endnote (EndNote's "
        "layout: A2 of a BOOK is its series editor, TY UNPB an unpublished manuscript) "
        "or zotero (as Zotero's RIS import reads them, its item types included).",
    ),
]
TAG_MAPPINGS = ("endnote", "zotero")  # citeconv.readers.ris.mapping.MAPPINGS, without importing it


def _check_mapping(tag_mapping: str) -> None:
    from citeconv.suggest import check_choice

    check_choice("mapping", tag_mapping, TAG_MAPPINGS)


def _check_encoding(encoding: str | None) -> None:
    if encoding is not None:
        from citeconv.readers.ris.decode import encoding_problem

        problem = encoding_problem(encoding)
        if problem is not None:
            raise UsageError(f"--encoding: {problem}")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"citeconv {__version__}\n")
        raise typer.Exit()


@app.callback(epilog=exits.CONVERT)
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    install_completion: completion.InstallOption = None,
    show_completion: completion.ShowOption = None,
) -> None:
    """Convert bibliographic exports (RIS, PubMed, Web of Science, Scopus, EndNote,
    BibTeX, CSL-JSON...) to BibTeX, BibLaTeX, CSL-JSON, RIS and formatted references;
    remove duplicates across them; check them.

    Examples:

      citeconv convert scopus.ris -o refs.bib

      citeconv convert export.ris --to apa

      cat a.ris b.ris | citeconv convert --to csl-json > refs.json
    """


ReportOption = Annotated[
    str | None,
    typer.Option(
        "--report",
        metavar="FILE",
        help="Dedupe: one line per input record, id<TAB>cluster<TAB>kept<TAB>source<TAB>rule.",
    ),
]
MaybeOption = Annotated[
    str | None,
    typer.Option(
        "--maybe", metavar="FILE", help="Dedupe: pairs that look alike but were not merged."
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Dedupe: write the report only, not the records.")
]
PreprintOption = Annotated[
    bool,
    typer.Option(
        "--merge-preprints", help="Dedupe: a preprint and its published version are one work."
    ),
]


@app.command(epilog=exits.CONVERT)
@guarded
def convert(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT...",
            help="Exports in any format a reader takes (citeconv readers), mixed, read in "
            "order into one output; none or '-' reads standard input.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            "-t",
            metavar="NAME",
            help="Writer: bibtex, biblatex, csl-json, ris, apa, vancouver, csl, or a plug-in "
            "(see 'citeconv writers'). Default: from -o's suffix (.bib, .json, .ris), or "
            "csl when --style is given.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here (atomically: replaced only on success) instead of stdout.",
        ),
    ] = None,
    input_format: Annotated[
        str,
        typer.Option(
            "--from",
            "-f",
            metavar="FORMAT",
            help="Input format: auto (by content, then suffix) or a reader (citeconv readers).",
        ),
    ] = "auto",
    style: Annotated[
        str | None,
        typer.Option(
            "--style",
            metavar="NAME|PATH",
            help="CSL style: a name from 'citeconv styles' or a .csl file; without --to it "
            "means --to csl.",
        ),
    ] = None,
    locale: Annotated[
        str | None,
        typer.Option("--locale", metavar="TAG", help="Locale for formatted writers, e.g. de-DE."),
    ] = None,
    markup: Annotated[
        str,
        typer.Option(
            "--markup",
            metavar="text|html|markdown",
            help="Markup of formatted references (default text; html or markdown when -o "
            "ends in .html or .md).",
        ),
    ] = "text",
    links: Annotated[
        bool,
        typer.Option(
            "--links",
            help="Formatted references: DOIs and URLs as links (<a href> in html, [text](url) "
            "in markdown); no effect on --markup text.",
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="CODEC",
            help="Input encoding (default: BOM, UTF-16 detection, UTF-8, then cp1252).",
        ),
    ] = None,
    no_abstract: Annotated[
        bool, typer.Option("--no-abstract", help="Leave abstracts out (--exclude-fields abstract).")
    ] = False,
    exclude_fields: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-fields",
            "-x",
            metavar="F,F...",
            help="Leave these fields out of every record, for any writer: CSL names as in "
            "CSL-JSON (abstract, note, keyword, URL, custom, export-notes ...) or BibTeX's "
            "(journal, year, pages, keywords, url). Repeatable.",
            show_default=False,
        ),
    ] = None,
    only_fields: Annotated[
        list[str] | None,
        typer.Option(
            "--fields",
            metavar="F,F...",
            help="Keep only these fields (and id, type), for any writer; names as for "
            "--exclude-fields. Repeatable.",
            show_default=False,
        ),
    ] = None,
    keep_ids: Annotated[
        bool,
        typer.Option(
            "--keep-ids",
            help="Keep each record's own id (a RIS ID too) as its key when it is a valid "
            "one. Without it, BibTeX keys and CSL-JSON ids are kept unless --key-format "
            "is given, and other records get the template's key.",
        ),
    ] = False,
    ascii_only: Annotated[
        bool,
        typer.Option(
            "--ascii", help='BibTeX/BibLaTeX: LaTeX accent commands ({\\"u}) instead of UTF-8.'
        ),
    ] = False,
    protect_case: Annotated[
        str,
        typer.Option(
            "--protect-case",
            metavar="auto|none|all",
            help="BibTeX/BibLaTeX: brace title words so styles keep their case: auto "
            "(acronyms, inner capitals: {DNA}, {mRNA}), none, or all capitalised words.",
        ),
    ] = "auto",
    key_format: Annotated[
        str | None,
        typer.Option(
            "--key-format",
            metavar="TEMPLATE",
            help="Key template for every writer that writes keys (BibTeX key = CSL-JSON id "
            "= RIS ID; default {author}{year}{title}); fields "
            "{author} {authors} {year} {title} {shorttitle} {id}, modifiers :upper "
            ":capitalize :N (first N characters), e.g. {author:capitalize}_{year}.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat any warning as a failure (exit 1).")
    ] = False,
    max_line_bytes: MaxLineBytes = MAX_LINE_BYTES,
    tag_mapping: TagMappingOption = "endnote",
    max_entries: Annotated[
        int | None,
        typer.Option(
            "--max-entries",
            metavar="N",
            min=1,
            help="Formatted writers: refuse more than N records (a bibliography is sorted "
            "in memory). Default 200000.",
            show_default=False,
        ),
    ] = None,
    keep_going: Annotated[
        bool,
        typer.Option(
            "--keep-going",
            "-k",
            help="With several inputs: convert the good ones, list the bad ones, exit 1. "
            "Without it, one bad input means nothing is written.",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No summary line and no progress bar; warnings still shown."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=0,
            help="Processes: for formatted references (apa, vancouver, csl), and for "
            "CSL-JSON and BibTeX from a RIS file of 4 MB or more (read in ranges). Default "
            "(or 0): automatic, the usable cores, 1 for small inputs. Output is the same "
            "for any N.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    dedupe: Annotated[
        bool,
        typer.Option(
            "--dedupe", help="Remove duplicates across the inputs (see 'citeconv dedupe')."
        ),
    ] = False,
    report_file: ReportOption = None,
    maybe_file: MaybeOption = None,
    dry_run: DryRunOption = False,
    merge_preprints: PreprintOption = False,
) -> None:
    """Convert INPUT files to one output.

    An option the chosen writer does not read (--locale with bibtex, --ascii with
    csl-json) is a warning, never silently ignored; --exclude-fields, --fields,
    --no-abstract and --jobs apply to every writer. --style alone means --to csl.

    Examples:

      citeconv convert samples/cfp-2021.ris --to apa

      citeconv convert scopus.ris wos.ris -o refs.bib

      citeconv convert export.ris --to csl --style ieee --markup html

      citeconv convert < export.ris --to csl-json > refs.json
    """
    from citeconv.api import input_problem, read, read_rendered
    from citeconv.cli_rules import (
        check_writer_options,
        implied_markup,
        implied_writer,
        refuse_overwriting_input,
        warn_unused_options,
    )
    from citeconv.output import open_output
    from citeconv.pipeline.fields import parse_fields, with_fields
    from citeconv.progress import ReadProgress, WorkProgress
    from citeconv.readers import ReadOptions, find_reader
    from citeconv.writers import WriterOptions, find_writer

    paths = inputs or ["-"]
    report = Report(sink=sys.stderr, quiet=quiet, colour=stderr_wants_colour())
    if input_format != "auto":
        input_format = find_reader(input_format).name
    _check_mapping(tag_mapping)
    _check_encoding(encoding)
    dedupe = dedupe or bool(report_file or maybe_file or dry_run)
    to = implied_writer(to, output, style)  # --style alone: --to csl
    markup = implied_markup(markup, output)  # -o refs.html: html
    if dry_run and to is None and output is None:
        to = "csl-json"  # nothing is written: any writer
    if to is None and output is None:
        raise UsageError(
            f"no writer chosen: use --to NAME or -o FILE.bib/.json (writers: {_writer_list()})"
        )
    writer_cls = find_writer(to) if to is not None else find_writer(filename=output)
    if style is not None and not writer_cls.formatted:
        raise UsageError(
            f"--style is for formatted writers (csl, apa, vancouver), not {writer_cls.name}"
        )
    if output is not None and output != "-":
        refuse_overwriting_input(output, paths)
    options = WriterOptions(
        style=style,
        locale=locale,
        markup=markup,
        links=links,
        no_abstract=no_abstract,
        keep_ids=keep_ids,
        ascii=ascii_only,
        protect_case=protect_case,
        key_format=key_format,
        exclude_fields=parse_fields(exclude_fields),
        fields=parse_fields(only_fields, required=True) if only_fields is not None else None,
        jobs=jobs,
        max_entries=max_entries,
    )
    writer = writer_cls(options, report)
    check_writer_options(writer_cls, options)
    if not dry_run:  # nothing is written: no writer's options to check
        warn_unused_options(writer_cls, options, report)
    writer.progress = WorkProgress.for_terminal(report, quiet=quiet)
    writer = with_fields(writer)  # --exclude-fields, --fields, --no-abstract
    read_options = ReadOptions(
        input_format=input_format,  # checked above
        encoding=encoding,
        max_line_bytes=max_line_bytes,
        tag_mapping=tag_mapping,
        keep_going=keep_going,
    )
    good: list[str] = []
    for path in paths:
        problem = input_problem(path, read_options)
        if problem is None or isinstance(problem, EmptyInput):
            good.append(path)  # an empty one: a warning when it is read
        elif keep_going:
            report.error(problem.file, problem.line, "input", problem.message)
        else:
            raise problem
    if dedupe:
        from citeconv.dedupe.run import run_dedupe

        run_dedupe(
            good,
            report,
            read_options,
            writer,
            output,
            strict,
            quiet,
            keep_going,
            report_file,
            maybe_file,
            dry_run,
            merge_preprints,
        )
        _finish(report, quiet, strict)
        return
    # A bar of records and bytes read, on a terminal only, for long reads (rich lazily).
    progress = ReadProgress.for_inputs(good, report, quiet=quiet)
    with open_output(output) as (stream, commit), progress:
        if good and writer.can_render_apart():
            # CSL-JSON, BibTeX: large RIS files are read by --jobs processes.
            parts = read_rendered(
                good, report, read_options, render=writer.render, jobs=jobs, progress=progress
            )
            report.records_written += writer.write_rendered(parts, stream)
        elif good:
            items = read(good, report, read_options, progress=progress)
            report.records_written += writer.write(items, stream)
        # --keep-going: what could be converted is kept even though the run fails.
        commit.ok = report.exit_code(strict) == 0 or (
            keep_going and report.records_written > 0 and not (strict and report.warnings)
        )
    _finish(report, quiet, strict)


@app.command(epilog=exits.CONVERT)
@guarded
def dedupe(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT...",
            help="Exports in any format a reader takes (mixed); none or '-' reads stdin.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", "-t", metavar="NAME", help="Writer (as convert's); or from -o."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the records here."),
    ] = None,
    input_format: Annotated[
        str, typer.Option("--from", "-f", metavar="FORMAT", help="Input format (as convert's).")
    ] = "auto",
    report_file: ReportOption = None,
    maybe_file: MaybeOption = None,
    dry_run: DryRunOption = False,
    merge_preprints: PreprintOption = False,
    encoding: Annotated[
        str | None, typer.Option("--encoding", metavar="CODEC", help="Input encoding.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Any warning fails (exit 1).")] = False,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", "-k", help="Skip inputs that cannot be read.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary lines.")] = False,
) -> None:
    """Remove duplicates across exports: one record per work, merged.

    Records are one work when an identifier (DOI, PMID) and the title agree, or the
    title and at least two of first author, journal, volume, first page and year
    (never the title alone); errata, replies, different parts of a series,
    preprints and published versions are kept apart. The clusters do not depend
    on the inputs' order.

    Examples:

      citeconv dedupe pubmed.nbib embase.ris wos.txt -o unique.ris --report dedupe.tsv

      citeconv dedupe search/*.ris --dry-run --report dedupe.tsv --maybe check.tsv
    """
    convert(
        inputs=inputs,
        to=to,
        output=output,
        input_format=input_format,
        encoding=encoding,
        strict=strict,
        keep_going=keep_going,
        quiet=quiet,
        dedupe=True,
        report_file=report_file,
        maybe_file=maybe_file,
        dry_run=dry_run,
        merge_preprints=merge_preprints,
    )


def _writer_list() -> str:
    from citeconv.writers import writer_names

    return writer_names()


@app.command(epilog=exits.WRITERS)
@guarded
def writers() -> None:
    """List the installed writers: name, aliases, output suffixes, description.

    Example: citeconv writers

    Writers are plug-ins (entry-point group citeconv.writers); see the README.
    """
    from citeconv.writers import available_writers

    _table(
        (
            info.name,
            ", ".join(info.cls.aliases) or "-",
            " ".join(info.cls.suffixes) or "-",
            info.cls.description,
        )
        for info in available_writers()
    )


@app.command(epilog=exits.WRITERS)
@guarded
def readers() -> None:
    """List the installed readers: name, aliases, input suffixes, description.

    Example: citeconv readers

    --from NAME takes one; --from auto (the default) decides by content, then by
    suffix. Readers are plug-ins (entry-point group citeconv.readers); see the README.
    """
    from citeconv.readers import available_readers

    _table(
        (cls.name, ", ".join(cls.aliases) or "-", " ".join(cls.suffixes) or "-", cls.description)
        for cls in available_readers()
    )


def _table(found: Iterable[tuple[str, str, str, str]]) -> None:
    rows = list(found)
    widths = [max(len(r[i]) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    header = ("NAME", "ALIASES", "SUFFIXES", "DESCRIPTION")
    widths = [max(w, len(h)) for w, h in zip(widths, header[:3], strict=True)]
    for row in [header, *rows]:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3]))
        sys.stdout.write(f"{line}  {row[3]}".rstrip() + "\n")


@app.command(epilog=exits.CHECK)
@guarded
def check(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT...",
            help="Files in any format a reader takes (citeconv readers); none or '-' is stdin.",
        ),
    ] = None,
    input_format: Annotated[
        str, typer.Option("--from", "-f", metavar="FORMAT", help="Input format (as convert's).")
    ] = "auto",
    encoding: Annotated[
        str | None, typer.Option("--encoding", metavar="CODEC", help="Input encoding.")
    ] = None,
    max_line_bytes: MaxLineBytes = MAX_LINE_BYTES,
    tag_mapping: TagMappingOption = "endnote",
    as_json: Annotated[
        bool, typer.Option("--json", help="Write one JSON object (keys below) instead.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on any warning too.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line (the report is written).")
    ] = False,
) -> None:
    """Read INPUT files without converting them; report what is in them.

    Per input, then for all: reader, encoding, RIS dialect, records by type, records
    without title, author or editor, year or DOI (all counted, the first 10 named by
    id and line), DOIs given to several records (case and https://doi.org/ ignored),
    warnings and errors. The report goes to stdout, diagnostics to stderr.

    \b
    --json keys: files [FILE], totals {files, unreadable, COUNTS}; FILE: file, ok,
      error, reader, reader_by, reader_doubt, encoding, encoding_by,
      encoding_fallback, dialect, COUNTS; COUNTS: records, types {type: n}, missing
      {title, author, year, doi: {count, first}}, repeated_dois {count, records,
      first [{doi, count, records}]}, warnings, errors; a record {file, line, n, id}.
    """
    import json

    from citeconv.checking import format_text, run_check, to_json
    from citeconv.readers import ReadOptions, find_reader

    if input_format != "auto":
        input_format = find_reader(input_format).name
    _check_mapping(tag_mapping)
    _check_encoding(encoding)
    report = Report(sink=sys.stderr, quiet=quiet, colour=stderr_wants_colour())
    options = ReadOptions(
        input_format=input_format,
        encoding=encoding,
        max_line_bytes=max_line_bytes,
        tag_mapping=tag_mapping,
    )
    result = run_check(inputs or ["-"], options, report)
    report.flush_hidden()
    if as_json:
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=True, indent=2) + "\n")
    else:
        sys.stdout.write(format_text(result, colour=stderr_wants_colour(sys.stdout)))
    sys.stdout.flush()
    if not quiet:
        sys.stderr.write(report.summary().replace(", 0 written", "") + "\n")
    if result.failed or report.exit_code(strict):
        raise typer.Exit(EXIT_FAILED)


@app.command(epilog=exits.STYLES)
@guarded
def styles(
    query: Annotated[
        str | None, typer.Argument(help="Words to look for in style ids and titles.")
    ] = None,
) -> None:
    """List or search the CSL styles available to --style (id, title, dependent).

    Examples: citeconv styles; citeconv styles vancouver; citeconv styles "chicago author"
    """
    from citeconv.csl.catalogue import list_styles

    found = list_styles(query)
    for style in found:
        kind = "dependent" if style.dependent else "independent"
        sys.stdout.write(f"{style.id}\t{kind}\t{style.title}\n")
    if not found:
        _fail(f"citeconv: no style matches {query!r}", EXIT_FAILED)


def main() -> None:
    """Entry point of the ``citeconv`` console script."""
    # SIGTERM stays with citeconv.entry's early handler (one line, exit 143) until a
    # command starts (cli.guarded): typer's and pydantic's imports run in between.
    from citeconv.cli_app import for_arguments

    try:
        for_arguments(sys.argv[1:])()
    except Terminated as exc:
        sys.stderr.write(signals.message(exc.signum) + "\n")
        sys.exit(exits.by_signal(exc.signum))
    except Exception as exc:  # last resort; commands are @guarded themselves
        import os

        if isinstance(exc, KeyError) and os.environ.get("_CITECONV_COMPLETE"):
            # The completion protocol run by hand, without the shell's variables.
            sys.stderr.write(f"citeconv: completion needs the shell's variables ({exc})\n")
            sys.exit(EXIT_USAGE)
        if "--debug" in sys.argv:
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"citeconv: internal error: {type(exc).__name__}: {exc}\n")
        sys.exit(EXIT_INTERNAL)
    finally:
        # A signal while the interpreter shuts down: one line and 128 + its
        # number, as at start-up, never a traceback or a bare death.
        cli_run.end()


__all__ = ["EXIT_USAGE", "app", "main"]

# Commands kept in their own modules register on app (last: they import it).
from citeconv import cli_cite  # noqa: E402, F401
