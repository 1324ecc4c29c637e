"""Writing output: standard output, or a file replaced atomically on success."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from citeconv.diagnostics import OutputError


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[tuple[TextIO, list[bool]]]:
    """Yield a UTF-8, LF text stream and a one-element ``commit`` flag list.

    For a file, the text goes to a temporary file in the same folder, renamed over
    ``path`` only if the caller sets ``commit[0] = True`` and no exception escapes:
    a failed or interrupted run leaves an existing file untouched and no partial
    file behind. ``None`` or ``-`` means standard output.
    """
    commit = [False]
    if path is None or path == "-":
        stream = io.TextIOWrapper(
            sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=False
        )
        try:
            yield stream, commit
            stream.flush()
        finally:
            stream.detach()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError("is a directory", path)
    if not folder.is_dir():
        raise OutputError(f"folder {str(folder)!r} does not exist", path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream, commit
            stream.flush()
            os.fsync(stream.fileno())
        if commit[0]:
            _copy_mode(target, temp_name)
            os.replace(temp_name, target)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)


def _copy_mode(target: Path, temp_name: str) -> None:
    """Give the new file the old file's mode, or the umask's default for a new one."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp_name, mode)
