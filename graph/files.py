"""Writing files so that readers see the old or the new content, never a mix (exports use it)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..exc import DealgraphError


def umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old or the new content, never a mix.

    The bytes go to a temporary file in the same directory, are fsynced and renamed over `path`,
    so a crash at any point leaves either the old or the new file. A path that cannot be written
    (a directory, no permission, no space) is a DealgraphError naming it.
    """
    path = Path(path)
    if path.is_dir():
        raise DealgraphError(f"{path}: is a directory; give a file name")
    try:
        _write_and_rename(path, data)
    except OSError as exc:
        raise DealgraphError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _write_and_rename(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~umask())  # mkstemp makes 0600; give an ordinary file's mode
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dirfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
