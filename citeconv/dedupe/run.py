"""``convert --dedupe`` and ``citeconv dedupe``: cluster the inputs, then write the
report, the pairs to review and the records (each output all or nothing)."""

from __future__ import annotations

import sys
from typing import Any

from citeconv.diagnostics import Report


def run_dedupe(
    good: list[str],
    report: Report,
    read_options: Any,
    writer: Any,
    output: str | None,
    strict: bool,
    quiet: bool,
    keep_going: bool,
    report_file: str | None,
    maybe_file: str | None,
    dry_run: bool,
    merge_preprints: bool,
) -> None:
    """convert --dedupe: cluster, then the report, the pairs to review, the records."""
    from citeconv.dedupe import find_duplicates
    from citeconv.dedupe.report import summary, write_maybe, write_report
    from citeconv.output import open_output

    found = find_duplicates(good, report, read_options, merge_preprints=merge_preprints)
    try:
        for path, write in ((report_file, write_report), (maybe_file, write_maybe)):
            if path is not None:
                with open_output(path) as (stream, commit):
                    write(found, stream)
                    commit.ok = True
        if not dry_run:
            with open_output(output) as (stream, commit):
                report.records_written += writer.write(found.records(), stream)
                commit.ok = report.exit_code(strict) == 0 or (
                    keep_going and report.records_written > 0 and not (strict and report.warnings)
                )
    finally:
        found.close()
    if not quiet:
        print(f"citeconv: {summary(found)}", file=sys.stderr)
