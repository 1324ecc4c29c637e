"""The ``citeconv`` console script: signals are handled from its first moment.

``citeconv.cli`` imports typer, click and pydantic (about 0.15 s, longer on a busy
machine). A Ctrl-C or SIGTERM in that time would otherwise end the program with an
import traceback; here it ends as the CLI would: one line on stderr, exit code 130
or 143. Once the CLI is imported, its own handling (``cli.guarded``) takes over.
"""

from __future__ import annotations

# The C module, not ``signal``: importing ``signal`` builds its enums (milliseconds in
# which a Ctrl-C would print an import traceback). ``os`` is loaded with Python.
import _signal  # type: ignore[import-not-found]
import os

from citeconv import signals


def _early_exit(signum: int, frame: object) -> None:
    os.write(2, signals.message(signum).encode() + b"\n")
    # Nothing is open (no output file, no workers): leave at once.
    os._exit(128 + signum)


def install_early_handlers() -> None:
    """Ctrl-C, SIGTERM and the other terminating signals end the program at once,
    cleanly (before the CLI runs, and after it has finished)."""
    if _signal.getsignal(_signal.SIGINT) != _signal.SIG_IGN:  # ignored: a background job
        _signal.signal(_signal.SIGINT, _early_exit)
    signals.install(_early_exit)


def main() -> None:
    """Entry point of the ``citeconv`` console script."""
    install_early_handlers()
    from citeconv import cli

    # cli.main installs its SIGTERM handler first thing, and each command its
    # Ctrl-C handling (cli.guarded) before it starts work.
    cli.main()
