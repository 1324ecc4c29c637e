"""Writing output: standard output, or a file replaced atomically on success.

For ``-o FILE`` the text goes to a file that has no name until the run succeeds:
on Linux an ``O_TMPFILE`` file in the target's folder, given a name only at the end
(so even ``kill -9`` leaves nothing behind); elsewhere a named temporary file that
is removed on any failure. Either way an existing FILE is untouched until the final
``rename``; a FILE without write permission is refused. Standard output, and a
FILE that is not a regular file (``/dev/null``, a FIFO, a terminal, ``/dev/fd/N``),
get the same promise another way: the text is held (in memory, then a temporary
file) and written only when the run succeeds, directly, since renaming over a
device would replace it (a block device is refused; a FIFO with no reader is waited
on for a while). A FILE that is a symbolic link stays one: the file it points to is
replaced. The new file gets the old one's permission bits, without setuid, setgid
or sticky.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO, cast

from citeconv.diagnostics import OutputError


class Commit:
    """Set ``ok = True`` when the output is complete and should replace the target."""

    def __init__(self) -> None:
        self.ok = False


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[tuple[TextIO, Commit]]:
    """Yield a UTF-8, LF text stream and a :class:`Commit` flag.

    ``None`` or ``-`` means standard output. Write errors (a full disk, a closed
    pipe aside) become :class:`OutputError`.
    """
    commit = Commit()
    if path is None or path == "-":
        with _write_errors("<stdout>"):
            yield from _held(sys.stdout.buffer, commit)
            sys.stdout.buffer.flush()
        return
    if not path:
        raise OutputError("-o needs a file name, not an empty string", "''")
    if path.endswith(("/", os.sep)):
        raise OutputError("is a folder name (ends in '/'), not a file name", path)
    descriptor = _open_descriptor(path)
    if descriptor is not None:
        # /dev/stdout, /dev/fd/3, /proc/self/fd/1, or a link to one: the stream the
        # caller opened (perhaps ">> log" or inside "{ ...; } > file"). Written on
        # that descriptor, never the file behind it reopened, truncated or replaced.
        with _write_errors(path), io.FileIO(os.dup(descriptor), "w") as raw:
            yield from _held(raw, commit)
        return
    try:
        target = _target(path)
    except OSError as exc:  # a name too long, a loop of links, a folder not searchable
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from None
    if target is None:
        # /dev/null, a terminal, a FIFO: written directly.
        with _write_errors(path), _open_special(path) as raw:
            yield from _held(raw, commit)
        return
    with _write_errors(path):
        yield from _atomic(target, commit)


def _target(path: str) -> Path | None:
    """The regular file to replace for ``-o path``, or None to write ``path``
    directly (not a regular file); OutputError for what is refused."""
    # A symbolic link (refs.bib -> ~/papers/refs.bib) keeps being one: what is
    # replaced is the file it points to, atomically, in that file's folder.
    target = Path(path)
    if os.path.islink(path):
        real = Path(os.path.realpath(path))
        try:
            os.stat(path)
        except FileNotFoundError:
            target = real  # a link to a file still to be made: made where it points
        else:
            # A link to a regular file: that file is replaced. To anything else
            # (/dev/stdout is a link to the process's pipe): written through the link.
            target = real if real.is_file() else target
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise OutputError("is a directory", path)
        if stat.S_ISBLK(mode):
            raise OutputError("is a block device; refusing to write to it", path)
        if not stat.S_ISREG(mode):
            return None
        if not mode & 0o222 or not os.access(target, os.W_OK):
            # The rename would replace it (the folder is writable): a file made
            # read-only (chmod a-w, /proc/version) is not ours to replace.
            raise OutputError("is read-only; refusing to replace it", path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"folder {str(folder)!r} does not exist", path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"folder {str(folder)!r} is not writable", path)
    return target


#: How long ``-o FIFO`` waits for a reader (``citeconv -o fifo & cat fifo``).
FIFO_WAIT_SECONDS = 10.0


@contextlib.contextmanager
def _open_special(path: str) -> Iterator[io.FileIO]:
    """A file that is not regular, opened for writing. A FIFO is opened without
    blocking and waited on for at most :data:`FIFO_WAIT_SECONDS`: with no reader it
    is an error, not a hang."""
    import time

    deadline = time.monotonic() + FIFO_WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: a FIFO with no reader yet
                raise
            if time.monotonic() > deadline:
                raise OutputError(
                    f"is a FIFO with no reader (waited {FIFO_WAIT_SECONDS:g} s)", path
                ) from None
            time.sleep(0.05)
    os.set_blocking(fd, True)
    with io.FileIO(fd, "w") as raw:
        yield raw


#: Output held in memory up to this size, then in a temporary file.
HELD_IN_MEMORY = 16 * 1024 * 1024


def _held(destination: BinaryIO, commit: Commit) -> Iterator[tuple[TextIO, Commit]]:
    """A stream whose text reaches ``destination`` (standard output, a descriptor, a
    FIFO, a device) only when the run succeeds, all of it, as -o FILE's rename: a
    run that fails half-way (an input error after a thousand records) writes
    nothing, never a part that looks whole."""
    with tempfile.SpooledTemporaryFile(max_size=HELD_IN_MEMORY) as spool:
        stream = io.TextIOWrapper(
            cast(BinaryIO, spool), encoding="utf-8", newline="\n", write_through=False
        )
        try:
            yield stream, commit
            stream.flush()
            if commit.ok:
                spool.seek(0)
                shutil.copyfileobj(spool, destination, 1 << 20)
                destination.flush()
        finally:
            stream.detach()


_DESCRIPTOR_PATH = re.compile(r"^/(?:dev/(stdout|stderr|fd/(\d+))|proc/(?:self|\d+)/fd/(\d+))$")


def _open_descriptor(path: str) -> int | None:
    """The file descriptor ``path`` names (``/dev/stdout`` is 1, ``/dev/fd/3`` is 3,
    also through symbolic links to them), or None."""
    current = path
    for _ in range(40):
        match = _DESCRIPTOR_PATH.match(os.path.normpath(current))
        if match is not None:
            name, fd_dev, fd_proc = match.groups()
            if name in ("stdout", "stderr"):
                return 1 if name == "stdout" else 2
            number = int(fd_dev or fd_proc)
            if fd_proc and not current.startswith(("/proc/self/", f"/proc/{os.getpid()}/")):
                return None  # another process's descriptor: not ours to write
            return number
        try:
            link = os.readlink(current)
        except OSError:
            return None
        current = os.path.join(os.path.dirname(current), link)
    return None


@contextlib.contextmanager
def _write_errors(name: str) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", name) from None


def _atomic(target: Path, commit: Commit) -> Iterator[tuple[TextIO, Commit]]:
    fd, temp_name = _unnamed_file(target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream, commit
            stream.flush()
            if commit.ok:
                os.fsync(stream.fileno())
                os.fchmod(stream.fileno(), _mode_for(target))
                # A signal between giving the file a name and remembering it, or
                # between the rename and forgetting it, would leave a stray file (or
                # remove another's): held back until the name is known. It is raised
                # (the handlers of citeconv.signals) as soon as they are unblocked.
                with _signals_held():
                    if temp_name is None:
                        temp_name = _link_unnamed(stream.fileno(), target)
                    os.replace(temp_name, target)
                    temp_name = None
    finally:
        if temp_name is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    import signal

    from citeconv.signals import TERMINATING

    held = {signal.SIGINT, *TERMINATING}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _unnamed_file(folder: Path) -> tuple[int, str | None]:
    """(fd, None) for an O_TMPFILE file, or (fd, name) for a named temporary file."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag:
        try:
            return os.open(folder, flag | os.O_WRONLY, 0o600), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    fd, name = tempfile.mkstemp(prefix=".citeconv-", suffix=".tmp", dir=folder)
    return fd, name


def _link_unnamed(fd: int, target: Path) -> str:
    """Give an O_TMPFILE file a temporary name next to ``target`` (for the rename)."""
    folder_fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for attempt in range(100):
            name = f".citeconv-{os.getpid()}-{attempt}.tmp"
            try:
                # Passing dir fds makes CPython call linkat(AT_SYMLINK_FOLLOW); plain
                # os.link() would call link(), which cannot follow /proc/self/fd.
                os.link(
                    f"/proc/self/fd/{fd}",
                    name,
                    src_dir_fd=folder_fd,
                    dst_dir_fd=folder_fd,
                    follow_symlinks=True,
                )
                return str(target.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder_fd)
    raise OSError(errno.EEXIST, "cannot name the temporary output file")


def _mode_for(target: Path) -> int:
    """The old file's ordinary mode bits (never setuid, setgid or sticky: a converted
    bibliography is no program), or what the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
