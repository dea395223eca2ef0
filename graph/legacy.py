"""dealgraph 0.1's embedded store, one JSON file in the store directory: read only, to migrate it.

    store.json   {"format": "dealgraph-store", "version": 1, "documents": {...}, "judgements": [...]}
    store.lock   the file lock its writers took

`dealgraph migrate` (graph/sqlite/store.py, `migrate`) loads it into the SQLite store and keeps
the file as store.json.bak.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..exc import StoreError
from .model import Extraction
from .resolve import Judgement

FILE = "store.json"
LOCK = "store.lock"
FORMAT = "dealgraph-store"
VERSION = 1


def holds_legacy(directory: Path) -> bool:
    return (Path(directory) / FILE).is_file()


def read(directory: Path) -> tuple[list[Extraction], list[Judgement]]:
    """The documents' extractions and the judgements of a JSON store; one-line StoreError otherwise."""
    file = Path(directory) / FILE
    try:
        raw = json.loads(file.read_bytes())
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise StoreError(f"{file}: cannot read store: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise StoreError(f"{file}: not a dealgraph store")
    if raw.get("version") != VERSION:
        raise StoreError(f"{file}: store version {raw.get('version')} is not supported "
                         f"(this dealgraph migrates version {VERSION})")
    try:
        extractions = [Extraction.from_dict(v) for _, v in sorted((raw.get("documents") or {}).items())]
        judgements = [Judgement(**j) for j in raw.get("judgements") or []]
    except (TypeError, KeyError, ValueError) as exc:
        raise StoreError(f"{file}: not a dealgraph store ({type(exc).__name__}: {exc})") from None
    return extractions, judgements
