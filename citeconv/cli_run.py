"""Running a command: signals, failures and exit codes, so that no failure shows a
traceback (see :func:`guarded`)."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec

import typer

from citeconv import exits, signals
from citeconv.diagnostics import EXIT_INTERRUPTED, CiteconvError, Report, printable

EXIT_INTERNAL = exits.INTERNAL


class Terminated(BaseException):
    """SIGTERM (or another terminating signal, see citeconv.signals), raised in the
    main thread so that cleanup runs as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_terminating_signal(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _unraisable(hook: Any) -> None:
    """A signal whose exception was raised inside a finalizer (a ``__del__``, a weak
    reference's callback, a generator closed by the collector): Python only prints
    it there ("Exception ignored in …") and goes on, so a SIGTERM or Ctrl-C was lost
    and the run finished (found by tools/hostile.py). Deliver it again, from a
    moment later, outside the finalizer."""
    value = hook.exc_value
    if isinstance(value, Terminated | KeyboardInterrupt):
        import os
        import signal
        import threading

        signum = value.signum if isinstance(value, Terminated) else signal.SIGINT
        threading.Timer(0.001, os.kill, (os.getpid(), signum)).start()
        return
    sys.__unraisablehook__(hook)


P = ParamSpec("P")


def guarded(command: Callable[P, None]) -> Callable[P, None]:
    """Run a command so that no failure shows a traceback (unless ``--debug``).

    Known failures (:class:`CiteconvError`) print one line and exit with their code;
    Ctrl-C exits 130; a closed pipe (``| head``) exits quietly; anything else is a
    bug, reported in one line with exit code 3.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        debug = bool(kwargs.get("debug")) or "--debug" in sys.argv
        import signal

        try:
            # From here Ctrl-C is a KeyboardInterrupt and SIGTERM a Terminated, both
            # handled below (until now, citeconv.entry's early handlers: one line and
            # exit 130 or 143 at once). Installed inside the try: a signal can come
            # at any moment of start-up.
            signals.install(_on_terminating_signal)
            sys.unraisablehook = _unraisable
            if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
                signal.signal(signal.SIGINT, signal.default_int_handler)
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except CiteconvError as exc:
            if debug:
                traceback.print_exc()
            _fail(f"{_prefix(exc)}{printable(exc.message)}", exc.exit_code)
        except KeyboardInterrupt:
            _fail("citeconv: interrupted", EXIT_INTERRUPTED)
        except Terminated as exc:
            _fail(signals.message(exc.signum), exits.by_signal(exc.signum))
        except BrokenPipeError:
            # The reader went away before the output was all written (| head): no
            # word, and exit 141 as a Unix tool killed by SIGPIPE does (the status
            # `set -o pipefail` expects); keep the interpreter's final flush of
            # stdout from complaining.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(exits.READER_GONE) from None
        except Exception as exc:
            if debug:
                traceback.print_exc()
            _fail(
                f"citeconv: internal error: {type(exc).__name__}: {exc} "
                "(rerun with --debug, and please report it)",
                EXIT_INTERNAL,
            )

    return run


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(message.rstrip("\n") + "\n")
    raise typer.Exit(code)


def _prefix(exc: CiteconvError) -> str:
    from citeconv.diagnostics import format_location

    location = format_location(exc.file, exc.line)
    return f"{location}error: " if location else "citeconv: error: "


def _finish(report: Report, quiet: bool, strict: bool) -> None:
    """The summary line (unless quiet) and the exit code of a run."""
    report.flush_hidden()
    if not quiet:
        sys.stderr.write(report.summary() + "\n")
    code = report.exit_code(strict)
    if code:
        raise typer.Exit(code)
