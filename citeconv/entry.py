"""The ``citeconv`` console script: signals are handled from its first moment.

``citeconv.cli`` imports typer, click and pydantic (about 0.15 s, longer on a busy
machine). A Ctrl-C or SIGTERM in that time would otherwise end the program with an
import traceback; here it ends as the CLI would: one line on stderr, exit code 130
or 143. Once the CLI is imported, its own handling (``cli.guarded``) takes over.
"""

from __future__ import annotations

import os
import signal
from types import FrameType


def _early_exit(signum: int, frame: FrameType | None) -> None:
    interrupted = signum == signal.SIGINT
    os.write(2, b"citeconv: interrupted\n" if interrupted else b"citeconv: terminated\n")
    # Nothing is open yet (no output file, no workers): leave at once.
    os._exit(130 if interrupted else 143)


def install_early_handlers() -> None:
    """Ctrl-C and SIGTERM end the program at once, cleanly (before the CLI runs)."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # ignored: a background job
        signal.signal(signal.SIGINT, _early_exit)
    signal.signal(signal.SIGTERM, _early_exit)


def main() -> None:
    """Entry point of the ``citeconv`` console script."""
    install_early_handlers()
    from citeconv import cli

    # cli.main installs its SIGTERM handler first thing, and each command its
    # Ctrl-C handling (cli.guarded) before it starts work.
    cli.main()
