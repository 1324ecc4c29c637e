"""The ``citeconv`` console script: signals are handled from its first moment.

``citeconv.cli`` imports typer, click and pydantic (about 0.15 s, longer on a busy
machine). A Ctrl-C or SIGTERM in that time would otherwise end the program with an
import traceback; here it ends as the CLI would: one line on stderr, exit code 130
or 143. Once the CLI is imported, its own handling (``cli.guarded``) takes over.
"""

from __future__ import annotations

# citeconv.signals uses the C module ``_signal``, not ``signal``: importing
# ``signal`` builds its enums (milliseconds in which a Ctrl-C would print an import
# traceback).
from citeconv import signals


def main() -> None:
    """Entry point of the ``citeconv`` console script."""
    signals.install_early()
    import sys

    if sys.argv[1:] == ["--version"]:
        # What the CLI's --version prints, without importing typer and the CLI
        # (0.13 s → 0.03 s; scripts and package managers ask this often).
        # tests/test_cli.py checks both paths print the same.
        from citeconv import __version__

        try:
            sys.stdout.write(f"citeconv {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            pass  # `citeconv --version | true`: nothing to say
        return
    from citeconv import cli

    # cli.main installs its SIGTERM handler first thing, and each command its
    # Ctrl-C handling (cli.guarded) before it starts work.
    cli.main()
