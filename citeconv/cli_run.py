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
    _raise_for(signum, frame, Terminated(signum))


def _on_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C: as ``signal.default_int_handler``, with the same care as SIGTERM."""
    _raise_for(signum, frame, KeyboardInterrupt())


class _Redelivery:
    """A signal whose exception a finalizer swallowed, being delivered again, and the
    signals that come while the run is already ending.

    Python only prints an exception raised inside a finalizer (a ``__del__``, a weak
    reference's callback, a generator closed by the collector) as "Exception ignored
    in …" and goes on, so a SIGTERM or Ctrl-C that came while one ran was lost and the
    run finished with exit 0 (found by tools/hostile.py). ``sys.unraisablehook`` sees
    the swallowed exception; the signal is then sent again, from a thread, until its
    exception is raised somewhere it can travel.

    Every moment of this is a race with the next signal, so no step relies on timing
    (each was found by a test or an adversarial review):
    - a signal that comes while the hook itself runs (where an exception would be
      swallowed once more, as "Exception ignored in sys.unraisablehook") raises
      nothing and is left pending;
    - the hook also sets a trace function on the frame the finalizer ran under, which
      raises the exception at that frame's next instruction (see _raise_on_return):
      re-sent alone, the signal kept landing in the next finalizer;
    - the thread sends the signal again every few milliseconds for as long as one is
      pending, so a delivery that lands in another finalizer is followed by another;
    - the command's end and the program's end act on a signal still pending from the
      main thread (the thread is a daemon, and may not have run at all);
    - for QUIET seconds after a signal's exception is raised, another signal (a
      re-delivery that crossed the raise, or a second signal: TERM then HUP) raises
      nothing, so that it cannot cut short the cleanup the first one runs (a second
      exception in the worker pool's shutdown was an internal error, exit 3);
    - once the command is over (:func:`end`), a signal ends the program at once, as at
      start-up, even while the handlers are being swapped.
    """

    pending: int | None = None  # the signal to send again
    raised_at: float | None = None  # when an exception was raised that no hook swallowed
    running = False  # a thread is sending the pending signal
    over = False  # the command is over


#: Seconds during which a run that is ending ignores further signals.
QUIET = 2.0


def _raise_for(signum: int, frame: object, exc: BaseException) -> None:
    if _Redelivery.over:
        signals.exit_at_once(signum, frame)
    if _inside_hook(frame):
        _deliver_later(signum)
        return
    import time

    now = time.monotonic()
    raised_at = _Redelivery.raised_at
    if _Redelivery.pending is None and raised_at is not None and now - raised_at < QUIET:
        return
    _Redelivery.pending = None
    _Redelivery.raised_at = now
    raise exc


def _inside_hook(frame: Any) -> bool:
    while frame is not None:
        if frame.f_code is _unraisable.__code__:
            return True
        frame = frame.f_back
    return False


def _deliver_later(signum: int) -> None:
    _Redelivery.pending = signum
    _Redelivery.raised_at = None
    if _Redelivery.running:
        return
    _Redelivery.running = True
    import threading

    try:
        threading.Thread(target=_resend, name="citeconv-signal", daemon=True).start()
    except RuntimeError:  # no new thread (the interpreter is ending): see raise_pending
        _Redelivery.running = False


def _resend() -> None:
    import os
    import time

    while (signum := _Redelivery.pending) is not None:
        os.kill(os.getpid(), signum)
        time.sleep(0.005)
    _Redelivery.running = False
    if _Redelivery.pending is not None:  # set again as the loop ended
        _deliver_later(_Redelivery.pending)


def raise_pending() -> None:
    """Raise, in the main thread, the exception of a signal still waiting to be sent
    again (when the command returns before the thread could send it)."""
    signum = _Redelivery.pending
    if signum is not None:
        import signal

        exc = KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)
        _raise_for(signum, None, exc)


def end() -> None:
    """The command is over: from now on a signal ends the program at once with its
    line, as at start-up (citeconv.signals.install_early), and so does one still
    pending."""
    _Redelivery.over = True
    signals.install_early()
    signum = _Redelivery.pending
    if signum is not None:
        signals.exit_at_once(signum)


def _unraisable(hook: Any) -> None:
    """A signal's exception swallowed by a finalizer: sent again (see _Redelivery)."""
    value = hook.exc_value
    if isinstance(value, Terminated | KeyboardInterrupt):
        import signal

        signum = value.signum if isinstance(value, Terminated) else signal.SIGINT
        if signal.getsignal(signum) in (_on_terminating_signal, _on_interrupt):
            _deliver_later(signum)
            _raise_on_return(sys._getframe().f_back)
            return
    sys.__unraisablehook__(hook)


def _raise_on_return(frame: Any) -> None:
    """Raise the pending signal's exception in ``frame`` (the one the finalizer ran
    under) at its next instruction, when the finalizer has returned.

    A re-delivery alone relies on luck when finalizers run nearly all the time: the
    signal lands in the next one, and the one after (a 2 ms ``__del__`` in a loop
    took 0.03–11 s to stop, and past 20 s in CI). A trace function on the frame
    itself raises where the exception can travel. Whichever comes first, it or a
    re-delivery, raises (:func:`_raise_for` clears ``pending``); the other then does
    nothing. Only in the main thread, where signal handlers run.
    """
    import threading

    if frame is None or threading.current_thread() is not threading.main_thread():
        return
    if sys.gettrace() is None:
        # A frame's own trace function is called only while the thread traces.
        sys.settrace(_trace_nothing)
    frame.f_trace_opcodes = True
    frame.f_trace = _raise_pending_here


def _trace_nothing(frame: Any, event: str, arg: Any) -> None:
    """The thread's trace while a signal waits: no frame called from now on is traced."""
    return None


def _raise_pending_here(frame: Any, event: str, arg: Any) -> None:
    frame.f_trace = None  # (a trace function that returns None stays the frame's)
    frame.f_trace_opcodes = False
    if sys.gettrace() is _trace_nothing:
        sys.settrace(None)
    raise_pending()


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
            _Redelivery.over = False  # a command run again in one process (tests)
            signals.install(_on_terminating_signal)
            sys.unraisablehook = _unraisable
            if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
                signal.signal(signal.SIGINT, _on_interrupt)
            command(*args, **kwargs)
            raise_pending()
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
