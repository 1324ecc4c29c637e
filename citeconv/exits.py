"""Exit codes, and the help text that documents them, in one place.

``citeconv --help``, each command's ``--help`` and the README's table are written
from here (tests/test_cli.py holds the README to it).
"""

from __future__ import annotations

OK = 0
#: An input could not be converted (or, with --strict, a warning).
FAILED = 1
USAGE = 2
#: A bug in citeconv.
INTERNAL = 3
INTERRUPTED = 130
#: The reader of the output went away before it was all written (``| head``).
READER_GONE = 141
TERMINATED = 143


def by_signal(signum: int) -> int:
    """The exit code of a run ended by signal ``signum`` (SIGTERM: 143)."""
    return 128 + signum


#: (code, meaning) as the README's table gives them.
TABLE: tuple[tuple[str, str], ...] = (
    (
        "0",
        "converted (warnings allowed; an empty export, with no records, gives an empty "
        "output and a warning)",
    ),
    (
        "1",
        "an input could not be converted: missing or unreadable file, not in a format "
        "a reader takes, a limit exceeded, output not writable, or any warning under "
        "`--strict`; with `--keep-going`, any bad input",
    ),
    ("2", "usage error (unknown writer, style or locale, bad option, unsupported citeproc-py)"),
    ("3", "internal error (a bug; `--debug` shows the traceback)"),
    ("130", "interrupted (Ctrl-C)"),
    (
        "141",
        "the reader of the output went away before it was all written (a pipe into "
        "head, a FIFO's reader): no message, as a Unix tool ended by SIGPIPE",
    ),
    (
        "143",
        "terminated (SIGTERM); 128 + N for another terminating signal N (129 SIGHUP, "
        "131 SIGQUIT, 138 SIGUSR1)",
    ),
)

_SIGNALS = (
    "130 interrupted (Ctrl-C); 141 the output's reader went away (| head); "
    "143 terminated (SIGTERM; 128 + N for signal N: 129 SIGHUP)."
)

#: ``citeconv --help`` and ``citeconv convert --help``.
CONVERT = (
    "Exit codes: 0 converted (warnings allowed: an empty export, with zero records, "
    "gives an empty output and a warning); 1 an input could not be converted "
    "(missing or unreadable file, not in a format read, output not writable, or any "
    "warning with --strict); 2 usage error; 3 internal error (a bug: please report it, "
    f"with --debug); {_SIGNALS}"
)
#: ``citeconv check --help``.
CHECK = (
    "Exit codes: 0 readable (warnings allowed); 1 an error (or a warning with --strict); "
    f"2 usage error; 3 internal error; {_SIGNALS}"
)
#: ``citeconv writers --help``.
WRITERS = "Exit codes: 0 listed; 3 internal error."
#: ``citeconv styles --help``.
STYLES = "Exit codes: 0 found; 1 nothing matches; 3 internal error."


def readme_table() -> str:
    """The README's table of exit codes, as Markdown."""
    rows = "".join(f"| {code} | {meaning} |\n" for code, meaning in TABLE)
    return "| code | meaning |\n|---|---|\n" + rows
