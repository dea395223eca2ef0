"""Extracting many files into a store: in this process or a pool of N, in input order, in batches.

`extract_many` loads files (a bad one fails alone, as a one-line error) and `ingest` commits them
to a store in batches, skipping files whose content the store already holds. Both report to a
`Progress`, which the CLI draws as a bar. `dealgraph ingest` and `dealgraph demo` run this; a
library user can too.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from ..exc import DealgraphError
from ..graph.base import GraphStore, Outcome
from ..graph.collector import gc_paused
from ..graph.model import Extraction
from ..graph.schema import Schema
from .files import DEFAULT_MAX_BYTES, document_key

BATCH = 500  # files per commit: a huge ingest keeps what it already did (a big store asks for more)
ROWS = 100_000  # a commit also ends at this many entities and claims: what a batch holds in memory


class Progress:
    """What extraction reports; this one shows nothing (the CLI's bar is one that does)."""

    def files(self, done: int, total: int) -> None:
        """`done` of `total` files extracted."""

    def chars(self, path: str, done: int, total: int) -> None:
        """`done` of `total` characters of `path` read; reported only for extraction in this process."""


class Extracted(NamedTuple):
    path: str
    extraction: Extraction | None
    error: str | None  # one line naming the file and the problem


@dataclass(frozen=True)
class Options:
    """How to load each file: see `loaders.load`. Picklable, for the worker processes."""

    encoding: str = "utf-8"
    catalogue: bool = True
    schema: Schema | None = None
    max_bytes: int | None = None
    today: dt.date | None = None


def extract_one(path: str, options: Options = Options(), progress: Progress | None = None) -> Extracted:
    """Load one file. The extraction is serialised here as the store will serialise it, so a value
    JSON cannot hold fails this file alone instead of the whole batch it would be committed with."""
    from . import load  # looked up at each call: tests replace loaders.load

    reading = None if progress is None else functools.partial(progress.chars, path)
    try:
        extraction = load(path, encoding=options.encoding, catalogue=options.catalogue, schema=options.schema,
                                  max_bytes=options.max_bytes, today=options.today, progress=reading)
    except DealgraphError as exc:
        return Extracted(path, None, str(exc))
    encode = json.JSONEncoder(allow_nan=False).encode
    try:  # the free-form values, which the store keeps as JSON (the rest is text the loaders checked)
        encode(extraction.document.to_dict())
        for e in extraction.entities:
            if e.aliases or e.attributes:
                encode([e.aliases, e.attributes])
        for c in extraction.claims:
            if c.amount or c.attributes or c.percent is not None:
                encode([c.amount, c.attributes, c.percent])
    except (TypeError, ValueError) as exc:  # json's refusals: NaN, infinity, a type it cannot write
        return Extracted(path, None, f"{path}: cannot store this file's facts: {exc}")
    return Extracted(path, extraction, None)


def extract_many(paths: list[str], jobs: int = 1, progress: Progress | None = None,
                 options: Options = Options()) -> Iterator[Extracted]:
    """Every file's Extracted, in the order given: in `jobs` processes when there are several files,
    else here (where `progress.chars` follows the document being read)."""
    progress = progress or Progress()
    total = len(paths)
    if jobs > 1 and total > 1:
        yield from _in_pool(paths, jobs, progress, options)
        return
    for done, path in enumerate(paths, start=1):
        # one big facts file makes millions of objects, no cycles: the collector would only rescan them
        with gc_paused() if total == 1 else contextlib.nullcontext():
            item = extract_one(path, options, progress)
        progress.files(done, total)
        yield item


def _in_pool(paths: list[str], jobs: int, progress: Progress, options: Options) -> Iterator[Extracted]:
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        found = pool.map(functools.partial(extract_one, options=options), paths,
                         chunksize=max(1, len(paths) // (jobs * 8)))
        for done, item in enumerate(found, start=1):
            yield item
            progress.files(done, len(paths))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a caller that stops early stops the workers too


@dataclass(frozen=True)
class Event:
    """One step of `ingest`, in the order it happens: a file `failed` (error) or was `extracted`
    (extraction: its warnings and stats), then, once its batch is committed, `stored` (outcome)."""

    kind: str
    path: str
    error: str | None = None
    extraction: Extraction | None = None
    outcome: Outcome | None = None


def ingest(store: GraphStore, files: Iterable[str | os.PathLike], *, jobs: int = 1, force: bool = False,
           progress: Progress | None = None, options: Options = Options(), batch: int = BATCH) -> Iterator[Event]:
    """Extract `files` and add them to `store` in batches of `batch` files (or what
    `store.commit_size` asks for, up to ROWS entities and claims); files the store already holds
    with the same content are not extracted at all (unless `force`). Close it (contextlib.closing)
    to stop early."""
    files = [str(f) for f in files]
    known = {} if force else unchanged(store, files, options.max_bytes)
    results = extract_many([f for f in files if f not in known], jobs, progress, options)
    try:
        i = 0
        while i < len(files):
            end, rows = i + store.commit_size(batch), 0
            window, extractions = [], []
            while i < min(end, len(files)) and rows < ROWS:
                path = files[i]
                i += 1
                if path in known:
                    window.append(Event("stored", path, outcome=Outcome(known[path], "unchanged")))
                    continue
                item = next(results)
                if item.error:
                    yield Event("failed", path, error=item.error)
                    continue
                yield Event("extracted", path, extraction=item.extraction)
                window.append((path, len(extractions)))
                extractions.append(item.extraction)
                rows += len(item.extraction.entities) + len(item.extraction.claims)
            added = store.add(extractions, force=force) if extractions else []
            for w in window:
                yield w if isinstance(w, Event) else Event("stored", w[0], outcome=added[w[1]])
    finally:
        results.close()  # a store that fails stops the extraction, worker processes included


def unchanged(store: GraphStore, files: list[str], max_bytes: int | None = None) -> dict[str, str]:
    """file -> id of the stored document it is unchanged from (its path and content, or its content
    under a new path), read from the file's bytes; nothing is read for a store that cannot tell."""
    found: dict[str, str] = {}
    if not store.knows_unchanged:
        return found
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    for f in files:
        try:
            if Path(f).stat().st_size > limit:
                continue  # the loader refuses it, without reading it
            sha = hashlib.sha256(Path(f).read_bytes()).hexdigest()
        except OSError:
            continue  # the loader reports it
        doc = store.unchanged(document_key(Path(f)), sha)
        if doc is not None:
            found[f] = doc
    return found


def die_with_parent(parent: int) -> None:
    """Pool initializer: a worker must not outlive `dealgraph ingest -j N`.

    Killed with -9, the parent cannot shut its pool down, and a worker would go on extracting and
    then block forever on its task queue. On Linux the kernel kills the worker when its parent
    dies (PR_SET_PDEATHSIG, which also stops one busy in a long regex that holds the GIL);
    everywhere, a daemon thread exits the worker once it has been re-parented.
    """
    import signal
    import threading
    import time

    start = os.getppid()
    if start == parent and sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # no prctl: the thread below still notices

    def alive() -> bool:
        if os.getppid() != start:  # re-parented: whoever started us is gone
            return False
        try:
            os.kill(parent, 0)  # a forkserver start: our parent is not `parent`; watch that one too
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    if not alive():  # the parent died before the death signal was armed
        os._exit(1)

    def watch() -> None:
        while alive():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
