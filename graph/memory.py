"""The embedded store: documents' extractions in one JSON file, resolved into NetworkX.

Layout of a store directory:
    store.json   {"format": "dealgraph-store", "version": 1, "documents": {...}, "judgements": [...]}
    store.lock   taken for every write, so concurrent ingests serialise instead of losing work

Writes go to a temporary file in the same directory, are fsynced and renamed over store.json, so
a crash at any point leaves either the old or the new store, never a half-written one.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import gc
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..exc import DealgraphError, InputError, NotFoundError, StoreError
from . import schema as schema_mod
from .base import GraphStore, Outcome
from .model import Extraction
from .names import normalize
from .resolve import Judgement, resolve
from .snapshot import Snapshot

FORMAT = "dealgraph-store"
VERSION = 1
DEFAULT_DIR = ".dealgraph"


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old or the new content, never a mix.

    A path that cannot be written (a directory, no permission, no space) is a DealgraphError naming it.
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
            os.fchmod(fh.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600; give an ordinary file's mode
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


@contextlib.contextmanager
def gc_paused():
    """Building millions of small objects makes the cyclic collector rescan them again and again
    (loading 10^6 relations took 14x the time of 10^5); they hold no cycles worth collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class MemoryStore(GraphStore):
    """NetworkX-backed store persisted in a directory; nothing to install or start."""

    def __init__(self, path: str | os.PathLike | None = None, *, schema: schema_mod.Schema | None = None,
                 lock_timeout: float = 120.0):
        self.dir = Path(path or os.environ.get("DEALGRAPH_STORE") or DEFAULT_DIR)
        self.file = self.dir / "store.json"
        self.schema = schema or schema_mod.load()
        self._lock = FileLock(str(self.dir / "store.lock"), timeout=lock_timeout)
        self._lock_timeout = lock_timeout
        self.extractions: dict[str, Extraction] = {}
        self.judgements: list[Judgement] = []
        self._snapshot: Snapshot | None = None
        self._mtime: tuple[int, int, int] | None = None  # (inode, mtime, size) of what we last read
        self._digest: bytes | None = None  # of the committed file, to skip writes that change nothing
        self._read()

    # -- persistence ---------------------------------------------------------------------------
    def _read(self) -> None:
        try:
            stat = self.file.stat()
        except FileNotFoundError:
            self.extractions, self.judgements, self._mtime, self._digest = {}, [], None, None
            self._snapshot = None
            return
        except OSError as exc:  # e.g. --store names a file, not a directory
            raise StoreError(f"{self.dir}: cannot open store: {exc.strerror or exc}") from None
        # every commit renames a new file in, so the inode tells a new commit even within one mtime tick
        version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if version == self._mtime:
            return
        try:
            data = self.file.read_bytes()
            raw = json.loads(data)
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.file}: cannot read store: {exc}") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise StoreError(f"{self.file}: not a dealgraph store")
        if raw.get("version") != VERSION:
            raise StoreError(f"{self.file}: store version {raw.get('version')} is not supported "
                             f"(this dealgraph reads version {VERSION})")
        self.extractions = {k: Extraction.from_dict(v) for k, v in raw.get("documents", {}).items()}
        self.judgements = [Judgement(**j) for j in raw.get("judgements", [])]
        self._mtime, self._digest = version, hashlib.blake2b(data).digest()
        self._snapshot = None

    def _write(self) -> None:
        payload: dict[str, Any] = {
            "format": FORMAT, "version": VERSION,
            "documents": {k: self.extractions[k].to_dict() for k in sorted(self.extractions)},
            "judgements": [j.to_dict() for j in self.judgements],
        }
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._snapshot = None
        digest = hashlib.blake2b(data).digest()
        if digest == self._digest:
            return  # nothing changed: leave the file (and its mtime) alone
        for stale in self.dir.glob(f".{self.file.name}.*.tmp"):
            stale.unlink(missing_ok=True)  # left by a writer killed mid-save; we hold the lock
        try:
            atomic_write(self.file, data)
        except DealgraphError as exc:
            raise StoreError(str(exc)) from None
        stat = self.file.stat()
        self._mtime, self._digest = (stat.st_ino, stat.st_mtime_ns, stat.st_size), digest

    class _Txn:
        def __init__(self, store: "MemoryStore"):
            self.store = store

        def __enter__(self):
            try:
                self.store.dir.mkdir(parents=True, exist_ok=True)
                self.store._lock.acquire()
            except Timeout:
                raise StoreError(f"{self.store.dir}: store is locked by another dealgraph process "
                                 f"(waited {self.store._lock_timeout:.0f}s)") from None
            except OSError as exc:
                raise StoreError(f"{self.store.dir}: cannot open store: {exc.strerror or exc}") from None
            # re-read only if another writer committed since (every commit renames a new file in,
            # so the version changes): forcing it parsed the whole store twice on every ingest
            self.store._read()
            return self.store

        def __exit__(self, exc_type, *rest):
            try:
                if exc_type is None:
                    self.store._write()
                else:
                    self.store._mtime = None
                    self.store._read()  # drop uncommitted changes
            finally:
                self.store._lock.release()

    def transaction(self) -> "_Txn":
        """Lock, re-read, change, write atomically; on an exception nothing is written."""
        return self._Txn(self)

    # -- GraphStore ----------------------------------------------------------------------------
    def add(self, extractions: list[Extraction], *, force: bool = False) -> list[Outcome]:
        with self.transaction():
            # indexes built once per batch: scanning every stored document per added one was quadratic
            by_key: dict[str, str] = {}
            by_hash: dict[str, str] = {}
            for d, x in self.extractions.items():
                by_key.setdefault(x.document.key, d)
                by_hash.setdefault(x.document.sha256, d)
            outcomes = [self._add_one(ext, force, by_key, by_hash) for ext in extractions]
        return outcomes

    def _add_one(self, ext: Extraction, force: bool, by_key: dict[str, str], by_hash: dict[str, str]) -> Outcome:
        """Decide by key (path or URL) first: the same key is unchanged or replaced; only a new key
        may be a copy of another document (same hash), and no other key's document is ever dropped.

        `by_key` and `by_hash` index the stored documents (`add`); they are kept current here.
        """
        doc = ext.document
        counts = dict(relations=sum(c.object is not None for c in ext.claims),
                      events=sum(c.object is None for c in ext.claims), entities=len(ext.entities))
        original_id = doc.id
        same_key = by_key.get(doc.key)
        if same_key is not None:
            old_hash = self.extractions[same_key].document.sha256
            if old_hash == doc.sha256 and not force:
                return Outcome(same_key, "unchanged")
            if by_hash.get(old_hash) == same_key:
                del by_hash[old_hash]  # that content is no longer stored
            doc.id, action = same_key, "replaced"
        else:
            same_hash = by_hash.get(doc.sha256)
            if same_hash is not None and not force:
                return Outcome(same_hash, "unchanged")
            base, n = doc.id, 2
            while doc.id in self.extractions:
                doc.id, n = f"{base}-{n}", n + 1
            action = "added"
        if doc.id != original_id:
            for c in ext.claims:
                if c.source is not None and c.source.document == original_id:
                    c.source = dataclasses.replace(c.source, document=doc.id)
        doc.ingested_at = doc.ingested_at or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        self.extractions[doc.id] = ext
        by_key.setdefault(doc.key, doc.id)
        by_hash.setdefault(doc.sha256, doc.id)
        return Outcome(doc.id, action, **counts)

    def forget(self, document: str) -> Outcome:
        with self.transaction():
            doc_id = self.snapshot().find_document(document).id
            del self.extractions[doc_id]
        return Outcome(doc_id, "forgotten")

    def judge(self, kind: str, a: str, b: str) -> list[str]:
        """Record 'same' or 'distinct'; returns the names not in the store yet.

        Those are recorded as given: resolution applies the judgement once a document brings them.
        """
        if kind not in ("same", "distinct"):
            raise ValueError(kind)
        if kind == "distinct" and normalize(a) == normalize(b):
            raise InputError(f"{a!r} and {b!r} are the same name; name two different entities")
        with self.transaction():
            snap = self.snapshot()
            names, missing = [], []
            for ref in (a, b):
                try:
                    names.append(snap.find(ref).name)
                except NotFoundError:
                    names.append(ref)
                    missing.append(ref)
            na, nb = names
            if normalize(na) == normalize(nb):
                if kind == "same":
                    return missing
                # both references found the same (merged) entity: keep the analyst's own strings
                na, nb = a, b
            # the newest judgement about a pair replaces older ones (a "distinct" undoes a "merge")
            keep = [j for j in self.judgements
                    if {normalize(j.a), normalize(j.b)} != {normalize(na), normalize(nb)}]
            self.judgements = keep + [Judgement(kind, na, nb)]
        return missing

    def snapshot(self) -> Snapshot:
        with gc_paused():
            self._read()
            if self._snapshot is None:
                self._snapshot = resolve(self.extractions.values(), self.judgements, self.schema)
        return self._snapshot
