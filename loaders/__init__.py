"""Loaders turn input files into Extractions (entities + claims with provenance).

`load(path)` dispatches on the file's suffix; `expand(paths)` turns files, directories and globs
into the list of files to load. Every loader raises InputError with a one-line message naming the
file and the problem; the caller decides whether to go on with the other inputs.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
import re
from pathlib import Path
from typing import Callable, Iterable

from ..exc import InputError
from ..graph.model import Extraction
from ..graph.schema import Schema

STRUCTURED = {".yaml", ".yml", ".json", ".csv"}
ARTICLES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".xhtml"}
SUPPORTED = STRUCTURED | ARTICLES


def loader_for(path: Path) -> Callable[..., Extraction]:
    suffix = path.suffix.lower()
    if suffix in STRUCTURED:
        from .structured import load_facts

        return load_facts
    if suffix in ARTICLES:
        from .article import load_article

        return load_article
    raise InputError(f"{path}: unsupported file type {suffix or '(none)'!r}; "
                     f"choose from {', '.join(sorted(SUPPORTED))}")


def load(path: str | os.PathLike, *, encoding: str = "utf-8", catalogue: bool = True,
         progress: Callable[[int, int], None] | None = None, schema: Schema | None = None,
         max_bytes: int | None = None, today: dt.date | None = None) -> Extraction:
    """Read and extract one file. `encoding`: a Python codec name or 'auto' (see `files.read_text`);
    `catalogue=False`: articles' names come from the text alone; `progress(done, total)`: how far an
    article's extraction is, in characters; `schema`: what facts files are checked against (default
    the built-in one; articles are extracted by frames written for it); `max_bytes`: the size limit
    (default `files.DEFAULT_MAX_MB`); `today`: the reference day for a year an article leaves out
    (default the day it runs). Settings arrive here as values: no loader reads the environment."""
    p = Path(path)
    loader = loader_for(p)
    if p.suffix.lower() in ARTICLES:
        return loader(p, encoding=encoding, catalogue=catalogue, progress=progress, max_bytes=max_bytes, today=today)
    return loader(p, encoding=encoding, schema=schema, max_bytes=max_bytes)


_STORE_HEAD = re.compile(rb'^\s*\{\s*"format"\s*:\s*"dealgraph-store"')


def _is_store(path: Path) -> bool:
    """A dealgraph store's store.json (`--store demo.dg` inside the folder being ingested)."""
    try:
        with open(path, "rb") as fh:
            return bool(_STORE_HEAD.match(fh.read(256)))  # the format comes first; stores can be big
    except OSError:
        return False


def expand(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files to load from files, directories (recursive, supported suffixes) and globs.

    Inside a directory, hidden entries and dealgraph store directories are skipped.

    Returns (files, problems); a path that matches nothing is a problem, not an exception.
    """
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        matches = [raw] if os.path.exists(raw) else sorted(glob.glob(raw, recursive=True))
        if not matches:
            problems.append(f"{raw}: no such file, directory or glob match")
            continue
        for m in matches:
            p = Path(m)
            if p.is_dir():
                found = sorted(q for q in p.rglob("*")
                               if q.is_file() and q.suffix.lower() in SUPPORTED
                               and not any(part.startswith(".") for part in q.relative_to(p).parts))
                stores = {q.parent for q in found if q.name == "store.json" and _is_store(q)}
                files.extend(q for q in found if not stores.intersection(q.parents))
            else:
                files.append(p)
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems
