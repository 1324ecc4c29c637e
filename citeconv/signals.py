"""The signals that end citeconv, in one place: how the program and its workers meet them.

Every signal whose default action ends a process (SIGTERM, SIGHUP when the terminal
closes, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU) ends citeconv the same way: one
line on stderr, the cleanup of Ctrl-C (no temporary file, no worker left), exit
128 + the signal's number. A signal that was ignored when citeconv started
(``nohup``) stays ignored. Worker processes leave all of them to the parent and die
with it, silently.

Only the C module ``_signal`` is imported here: ``citeconv.entry`` uses this module
before anything else is loaded.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]

# Not typing.TYPE_CHECKING, and no typing or collections.abc at run time: each costs
# milliseconds before the handlers are in place, in which a Ctrl-C printed a
# KeyboardInterrupt traceback (found by an adversarial review).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_NAMES = {
    getattr(_signal, name): name
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU")
    if hasattr(_signal, name)
}
#: Signals whose default action terminates the process (SIGINT is Ctrl-C's, apart).
TERMINATING: tuple[int, ...] = tuple(_NAMES)


def name(signum: int) -> str:
    """``SIGHUP`` for 1, and so on."""
    return _NAMES.get(signum, f"signal {signum}")


def message(signum: int) -> str:
    """The one line citeconv prints when ``signum`` ends it."""
    if signum == _signal.SIGINT:
        return "citeconv: interrupted"
    if signum == _signal.SIGTERM:
        return "citeconv: terminated"
    return f"citeconv: terminated by {name(signum)}"


def exit_at_once(signum: int, frame: object = None) -> None:
    """End the program now with ``signum``'s line and 128 + its number (nothing open
    needs cleaning up)."""
    import os

    os.write(2, message(signum).encode() + b"\n")
    # Nothing is open (no output file, no workers): leave at once.
    os._exit(128 + signum)


def install_early() -> None:
    """Ctrl-C and every terminating signal end the program at once with its one line
    (before the CLI runs, and after it has finished: nothing is open then)."""
    if _signal.getsignal(_signal.SIGINT) != _signal.SIG_IGN:  # ignored: a background job
        _signal.signal(_signal.SIGINT, exit_at_once)
    install(exit_at_once)


def install(handler: Callable[[int, Any], Any]) -> None:
    """``handler`` for every terminating signal not ignored at start."""
    for signum in TERMINATING:
        if _signal.getsignal(signum) != _signal.SIG_IGN:
            _signal.signal(signum, handler)


def in_worker() -> None:
    """In a forked worker: every terminating signal kills it at once, without the
    parent's handler (which raises, to clean up, and would print a traceback here);
    Ctrl-C is the parent's to handle; and it dies with the parent, even when the
    parent is killed with SIGKILL (Linux: PR_SET_PDEATHSIG)."""
    for signum in TERMINATING:
        if _signal.getsignal(signum) != _signal.SIG_IGN:
            _signal.signal(signum, _signal.SIG_DFL)
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, _signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl: the workers' own checks remain
        return
