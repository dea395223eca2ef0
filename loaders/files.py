"""Reading input files safely: size, emptiness, binary content and encoding are checked up front."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..exc import InputError
from ..graph.names import slugify

MAX_BYTES = int(os.environ.get("DEALGRAPH_MAX_BYTES", 25 * 1024 * 1024))


def read_text(path: Path) -> tuple[str, str]:
    """(text, sha256 of the bytes). Raises InputError naming the file and the problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: file too large ({size / 1e6:.1f} MB; the limit is "
                             f"{MAX_BYTES / 1e6:.0f} MB, set DEALGRAPH_MAX_BYTES to raise it)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")  # a BOM stays in: offsets count it, as any reader of the file does
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return text, hashlib.sha256(data).hexdigest()


def document_id(path: Path) -> str:
    """A readable id from the file name; the store adds a suffix if another file took it."""
    return slugify(path.stem) if path.stem else "document"


def document_key(path: Path) -> str:
    return str(path.resolve())
