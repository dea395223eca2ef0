"""Reading input files safely: size, emptiness, binary content and encoding are checked up front."""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from ..exc import InputError
from ..graph.names import slugify

DEFAULT_MAX_MB = 25  # MiB; the README states the same number
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 1024 * 1024
DEFAULT_ENCODING = "utf-8"
AUTO = "auto"


def size_text(n: float) -> str:
    """Bytes for people: '812 bytes', '3.4 MiB', '25 MiB'."""
    if n < 1024 * 1024:
        return f"{n:,.0f} bytes"
    mib = n / (1024 * 1024)
    return f"{mib:.0f} MiB" if mib == int(mib) else f"{mib:.1f} MiB"


def encoding_name(encoding: str) -> str:
    """The codec's canonical name ('auto' stays 'auto'); InputError for an encoding Python does not know."""
    if encoding == AUTO:
        return AUTO
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1252, "
                         f"latin-1, utf-16, or {AUTO!r} to detect it") from None


def read_text(path: Path, encoding: str = DEFAULT_ENCODING, max_bytes: int | None = None) -> tuple[str, str]:
    """(text, sha256 of the bytes). Raises InputError naming the file and the problem.

    `encoding` is a Python codec name or 'auto' (detected with charset-normalizer). Offsets
    everywhere are character offsets into the text as decoded here; a UTF-8 byte order mark stays
    in the text (a reader of the file counts it too), extraction skips it (`normalize`).
    """
    try:
        size, limit = path.stat().st_size, DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        if size > limit:
            raise InputError(f"{path}: file too large ({size_text(size)}; the limit is {size_text(limit)}, "
                             "set DEALGRAPH_MAX_BYTES to raise it)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    text = _decode(path, data, encoding_name(encoding))
    nul = text.find("\x00")
    if nul >= 0:  # no text document holds one: binary data, or UTF-16 read as something else
        raise InputError(f"{path}: binary file (NUL character at offset {nul}), not a text document; "
                         "if it is UTF-16 text, use --encoding utf-16")
    return text, hashlib.sha256(data).hexdigest()


def _decode(path: Path, data: bytes, encoding: str) -> str:
    if encoding == AUTO:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{path}: binary file or unknown encoding (charset-normalizer found none); "
                             "if it is text, name its encoding with --encoding")
        encoding = codecs.lookup(best.encoding).name  # decoded below as for a named encoding: a BOM stays
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError(f"{path}: UTF-16 text (it starts with a UTF-16 byte order mark), not {encoding}; "
                             "read it with --encoding utf-16") from None
        if b"\x00" in data[:8192]:
            raise InputError(f"{path}: binary file (contains NUL bytes), not a text document; "
                             "if it is UTF-16 text, use --encoding utf-16") from None
        shown = encoding.upper() if encoding.startswith("utf") else encoding
        raise InputError(f"{path}: not {shown} text (bad byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                         "name its encoding with --encoding (e.g. --encoding cp1252) or use --encoding auto") from None


def document_id(path: Path) -> str:
    """A readable id from the file name; the store adds a suffix if another file took it."""
    return slugify(path.stem) if path.stem else "document"


def document_key(path: Path) -> str:
    return str(path.resolve())
