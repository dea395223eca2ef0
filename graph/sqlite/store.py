"""The embedded store: one SQLite database in the store directory, resolved at write time.

    DIR/store.db    the database (tables: `db.py`); store.db-wal and store.db-shm beside it while open

Every change (`add`, `forget`, `judge`, `merge_inputs`) is one transaction: write the inputs,
bring the derived tables up to date for what they touch (`resolver.py`), commit. Writers queue
on SQLite's write lock (waiting up to `timeout` seconds, then a one-line StoreError); readers
read the last commit (WAL), each snapshot from one commit to the end; a process killed at any
point leaves the last commit. Nothing is re-resolved when reading.

Created by the first write (`created` says so), never by a read: reading a store that does not
exist gives an empty graph. A directory holding dealgraph 0.1's store.json is refused with a
one-line hint to run `dealgraph migrate` (`migrate` below).
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import weakref
from pathlib import Path
from typing import Iterator

from ...exc import StoreError
from .. import legacy
from .. import schema as schema_mod
from ..base import GraphStore, Outcome, judged, merge_judgements, place
from ..collector import gc_paused
from ..model import Document, Extraction
from ..names import normalize
from ..resolve import Judgement, symmetric_types
from ..snapshot import Snapshot
from . import db
from .resolver import Change, Resolver, claim_of, dumps, names_of, slot_entity
from .snapshot import StoredSnapshot

DEFAULT_DIR = ".dealgraph"
FILE = "store.db"
GROWTH = 20  # an ingest commits at least 1/GROWTH of the documents already stored at a time...
GROWTH_CAP = 10  # ...up to this many times the files per commit asked for


def point(name: str) -> None:
    """Where a write stands ("inputs written", "resolved"): tests replace this to kill a writer at a
    chosen point inside its transaction."""


class SqliteStore(GraphStore):
    """The store in `path` (a directory; default ./.dealgraph)."""

    def __init__(self, path: str | os.PathLike | None = None, *, schema: schema_mod.Schema | None = None,
                 timeout: float = 120.0):
        self.dir = Path(path or DEFAULT_DIR)
        self.file = self.dir / FILE
        self.schema = schema or schema_mod.load()
        self.timeout = timeout
        self.created = False  # this object created the database
        self._conn: sqlite3.Connection | None = None
        self._snapshot: StoredSnapshot | None = None
        self._seen: int | None = None  # data_version when the snapshot was taken
        self._symmetric = dumps(sorted(symmetric_types(self.schema)))

    def __repr__(self) -> str:
        return f"<SqliteStore {self.dir}>"

    @property
    def local_dir(self) -> Path:
        return self.dir

    # -- opening -----------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.file.is_file()

    def _open(self, create: bool) -> sqlite3.Connection | None:
        """The writer's connection; None when there is no store and `create` is false."""
        if self._conn is not None:
            return self._conn
        if self.dir.exists() and not self.dir.is_dir():
            raise StoreError(f"{self.dir}: cannot open store: not a directory")
        if not self.file.exists():
            if legacy.holds_legacy(self.dir):
                raise StoreError(f"{self.dir}: holds a dealgraph 0.1 store (store.json); run `dealgraph --store "
                                 f"{self.dir} migrate` to convert it (the JSON file is kept as store.json.bak)")
            if not create:
                return None
            self.created = _create(self.file)
        conn = db.connect(self.file, timeout=self.timeout, cache_mb=256)
        try:
            db.check(conn, self.file)
        except StoreError:
            conn.close()
            raise
        self._conn = conn
        return conn

    def prepare(self) -> None:
        """Open for writing now, creating the store if needed: a store that cannot be written (a
        read-only file or directory) is reported before any work is done."""
        conn = self._open(create=True)
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("UPDATE meta SET value = value WHERE key = 'format'")  # a write, undone
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):  # another writer: writable, it will wait
                raise StoreError(f"{self.file}: cannot write store: {exc}") from None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    # -- writing -----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken when no other writer holds the store, all or nothing."""
        conn = self._open(create=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"{self.dir}: store is locked by another dealgraph process "
                                 f"(waited {self.timeout:.0f}s)") from None
            raise StoreError(f"{self.file}: cannot write store: {exc}") from None
        self._snapshot = None
        try:
            with gc_paused(), _errors(self.file):
                db.drop_statistics(conn)
                stored = dict(conn.execute("SELECT key, value FROM meta"))
                if stored.get("symmetric") != self._symmetric:  # facts were assembled by other rules
                    if "symmetric" in stored:
                        Resolver(conn, self.schema).apply(Change(everything=True))
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('symmetric', ?)", (self._symmetric,))
                yield conn
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def add(self, extractions: list[Extraction], *, force: bool = False) -> list[Outcome]:
        with self.transaction() as conn, _first_load(conn, extractions):
            change, outcomes = Change(), []
            for ext in extractions:
                outcome = place(ext, force, lambda key: _by_key(conn, key), lambda sha: _by_hash(conn, sha),
                                lambda did: _one(conn, "SELECT 1 FROM document WHERE id = ?", did) is not None)
                if outcome.action == "replaced":
                    _remove(conn, outcome.document, change)
                if outcome.action != "unchanged":
                    _insert(conn, ext, change)
                outcomes.append(outcome)
            self._resolve(conn, change)
        return outcomes

    @property
    def knows_unchanged(self) -> bool:
        """An empty store can find nothing unchanged, so files need not be hashed before extraction."""
        return self.count_documents() > 0

    def commit_size(self, files: int) -> int:
        """At least 1/GROWTH of the documents stored, up to GROWTH_CAP times `files`. New rows land on
        scattered B-tree pages of the secondary indexes (names, facts, edges), so a commit of a fixed
        size writes more pages the bigger the store; a commit that grows with the store keeps the
        cost per document flat (benchmarks/store.py, "small")."""
        return max(files, min(self.count_documents() // GROWTH, files * GROWTH_CAP))

    def unchanged(self, key: str, sha256: str) -> str | None:
        """The id of the stored document an ingest of this file would find unchanged (same key and
        content, or a new key with a stored document's content), so it need not be extracted."""
        conn = self._open(create=False)
        if conn is None:
            return None
        with _errors(self.file):
            same_key = _by_key(conn, key)
            if same_key is not None:
                return same_key[0] if same_key[1] == sha256 else None
            return _by_hash(conn, sha256)

    def forget(self, document: str) -> Outcome:
        if not self.exists():
            self.snapshot().find_document(document)  # the empty graph's "unknown document"
        with self.transaction() as conn:
            doc_id = StoredSnapshot(conn, self.schema, self.dir).find_document(document).id
            change = Change()
            _remove(conn, doc_id, change)
            self._resolve(conn, change)
        return Outcome(doc_id, "forgotten")

    def judge(self, kind: str, a: str, b: str) -> list[str]:
        """Record 'same' or 'distinct'; returns the names not in the store yet (see base.judged)."""
        with self.transaction() as conn:
            old = _judgements(conn)
            new, missing = judged(old, kind, a, b, StoredSnapshot(conn, self.schema, self.dir))
            self._judge(conn, old, new)
        return missing

    def merge_inputs(self, extractions: list[Extraction], judgements: list[Judgement]) -> tuple[int, int]:
        """Put each of these documents in by id unless an identical one is there, and their judgements
        over ours for the same pair (pull, migrate); returns (documents, judgements) new or changed."""
        with self.transaction() as conn, _first_load(conn, extractions):
            change, changed = Change(), 0
            for ext in extractions:
                have = next(_extractions(conn, ext.document.id), None)
                if have is not None and have.to_dict() == ext.to_dict():
                    continue
                if have is not None:
                    _remove(conn, ext.document.id, change)
                _insert(conn, ext, change)
                changed += 1
            old = _judgements(conn)
            merged = merge_judgements(old, judgements)
            self._judge(conn, old, merged, change)
            self._resolve(conn, change)
        return changed, len([j for j in merged if j not in old])

    def _judge(self, conn: sqlite3.Connection, old: list[Judgement], new: list[Judgement],
               change: Change | None = None) -> None:
        """Write the judgements if they changed; the names of those added, dropped or moved are
        resolved again (now, or with `change`)."""
        if new == old:
            return
        conn.execute("DELETE FROM judgement")
        conn.executemany("INSERT INTO judgement (seq, kind, a, b) VALUES (?, ?, ?, ?)",
                         [(i, j.kind, j.a, j.b) for i, j in enumerate(new)])
        moved = set(old) ^ set(new) or set(new)  # only their order changed: it decides refused unions
        names = {normalize(n) for j in moved for n in (j.a, j.b)}
        if change is None:
            self._resolve(conn, Change(judged=names))
        else:
            change.judged |= names

    def _resolve(self, conn: sqlite3.Connection, change: Change) -> None:
        point("inputs written")
        Resolver(conn, self.schema).apply(change)
        point("resolved")

    # -- reading -----------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The graph as of the last commit (cached until the database changes)."""
        if self._snapshot is not None and self._version() == self._seen:
            return self._snapshot
        conn = self._open(create=False)
        if conn is None:
            return Snapshot(schema=self.schema)
        with _errors(self.file):
            if _one(conn, "SELECT value FROM meta WHERE key = 'symmetric'", default=self._symmetric) \
                    != self._symmetric:
                with self.transaction():
                    pass  # re-assembles the facts under this schema's symmetric types
            reader = db.connect(self.file, timeout=self.timeout)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM meta").fetchone()  # the read starts here: this commit
            self._seen = self._version()
        snap = StoredSnapshot(reader, self.schema, self.dir)
        weakref.finalize(snap, reader.close)
        self._snapshot = snap
        return snap

    def _version(self) -> int | None:
        """Changes whenever another connection commits (our own writes drop the snapshot)."""
        if self._conn is None:
            return None
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def judgements(self) -> list[Judgement]:
        conn = self._open(create=False)
        return [] if conn is None else _judgements(conn)

    def extractions(self) -> Iterator[Extraction]:
        """Every stored document's extraction, as its loader returned it (push, tests)."""
        conn = self._open(create=False)
        if conn is not None:
            yield from _extractions(conn)

    def count_documents(self) -> int:
        conn = self._open(create=False)
        return 0 if conn is None else conn.execute("SELECT count(*) FROM document").fetchone()[0]

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# -- inputs --------------------------------------------------------------------------------------

# Secondary indexes no statement of a first load reads: built once after its rows are in.
DEFERRED = ("claim_fact", "claim_subject", "claim_object", "claim_cites", "slot_entity", "slot_norm_slot",
            "mention_slot", "entity_name_entity", "entity_base")
BULK_ROWS = 50_000


@contextlib.contextmanager
def _first_load(conn: sqlite3.Connection, extractions: list[Extraction]):
    """A big load into an empty store writes its rows first and builds the secondary indexes after:
    one sort per index instead of a random B-tree insert per row (a third of a 10^6-relation load)."""
    rows = sum(len(x.claims) + len(x.entities) for x in extractions)
    if rows < BULK_ROWS or conn.execute("SELECT 1 FROM document LIMIT 1").fetchone() is not None:
        yield
        return
    saved = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN "
                         f"({', '.join('?' * len(DEFERRED))})", DEFERRED).fetchall()
    for name, _ in saved:
        conn.execute(f"DROP INDEX {name}")  # names from DEFERRED, not from input
    yield
    for _, sql in saved:
        conn.execute(sql)

def _one(conn: sqlite3.Connection, query: str, *params, default=None):
    row = conn.execute(query, params).fetchone()
    return default if row is None else row[0]


def _insert(conn: sqlite3.Connection, ext: Extraction, change: Change) -> None:
    """Write a document and its slots; the resolver writes its claims (`Resolver._add_claims`)."""
    doc = ext.document
    conn.execute("INSERT INTO document VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (doc.id, doc.key, doc.sha256, doc.title, doc.url, doc.published, doc.loader, doc.chars,
                  doc.ingested_at))
    slots, norms, mentions = [], [], []
    for pos, ent in enumerate(ext.entities):
        names = change.names[doc.id, pos] = names_of(ent)
        found = sorted(n for n in names if n)
        slots.append((doc.id, pos, ent.id, ent.name, ent.type, dumps(ent.aliases), dumps(ent.attributes),
                      dumps(found)))
        norms.extend((n, doc.id, pos) for n in found)
        mentions.extend((doc.id, pos, start, end) for start, end in ent.mentions)
    conn.executemany("INSERT INTO slot (doc, pos, local, name, type, aliases, attributes, norms) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", slots)
    conn.executemany("INSERT INTO slot_norm VALUES (?, ?, ?)", sorted(norms))
    conn.executemany("INSERT INTO mention VALUES (?, ?, ?, ?)", mentions)
    change.added[doc.id] = ext
    change.cited.add(doc.id)


def _remove(conn: sqlite3.Connection, doc_id: str, change: Change) -> None:
    for norms, entity in conn.execute("SELECT norms, entity FROM slot WHERE doc = ?", (doc_id,)):
        change.removed_norms.update(json.loads(norms))
        if entity is not None:
            change.removed_entities.add(entity)
    change.removed_facts |= {f for f, in conn.execute(
        "SELECT DISTINCT fact FROM claim WHERE doc = ? AND fact IS NOT NULL", (doc_id,))}
    change.cited.add(doc_id)
    change.added.pop(doc_id, None)  # added earlier in this change: its claims were never written
    conn.execute("DELETE FROM document WHERE id = ?", (doc_id,))  # slots, names, mentions, claims go with it


def _judgements(conn: sqlite3.Connection) -> list[Judgement]:
    return [Judgement(k, a, b) for k, a, b in conn.execute("SELECT kind, a, b FROM judgement ORDER BY seq")]


def _extractions(conn: sqlite3.Connection, only: str | None = None) -> Iterator[Extraction]:
    """Extractions rebuilt from the input tables, by document id (one document: `only`)."""
    where, document_where = ("", "") if only is None else (" WHERE doc = ?", " WHERE id = ?")
    params = () if only is None else (only,)
    slots = conn.execute(f"SELECT doc, pos, local, name, type, aliases, attributes FROM slot{where} ORDER BY doc, pos",
                         params)
    mentions = conn.execute(f"SELECT doc, pos, start, \"end\" FROM mention{where} ORDER BY doc, pos, rowid", params)
    claims = conn.execute(
        "SELECT doc, type, subject, object, date, date_from, date_to, date_text, status, amount, percent, "
        f"attributes, src_document, quote, start, \"end\", rule, src_title, src_published, src_url FROM claim{where} "
        "ORDER BY doc, seq", params)
    documents = conn.execute(f"SELECT id, key, sha256, title, url, published, loader, chars, ingested_at "
                             f"FROM document{document_where} ORDER BY id", params)
    slot_rows, mention_rows, claim_rows = _peekable(slots), _peekable(mentions), _peekable(claims)
    for row in documents:
        doc = Document(*row)
        entities = [slot_entity(row[2:]) for row in slot_rows.take(doc.id)]  # rows in slot order (pos)
        for _, pos, start, end in mention_rows.take(doc.id):
            entities[pos].mentions.append((start, end))
        claims_out = [claim_of(row[1:]) for row in claim_rows.take(doc.id)]
        yield Extraction(document=doc, entities=entities, claims=claims_out)


def _by_key(conn: sqlite3.Connection, key: str) -> tuple | None:
    """(id, sha256) of the first stored document with this key."""
    return conn.execute("SELECT id, sha256 FROM document WHERE key = ? ORDER BY id LIMIT 1", (key,)).fetchone()


def _by_hash(conn: sqlite3.Connection, sha256: str) -> str | None:
    """The id of the first stored document with this content."""
    return _one(conn, "SELECT id FROM document WHERE sha256 = ? ORDER BY id LIMIT 1", sha256)


class _peekable:
    """Rows sorted by document, taken a document at a time (a merge join in Python)."""

    def __init__(self, cursor):
        self.rows, self.head = iter(cursor), None
        self.head = next(self.rows, None)

    def take(self, doc: str) -> list:
        out = []
        while self.head is not None and self.head[0] == doc:
            out.append(self.head)
            self.head = next(self.rows, None)
        return out


# -- files -------------------------------------------------------------------------------------

def _create(file: Path) -> bool:
    """Make the database beside its final name and link it into place, so that two processes
    creating one store at once both end up with the same, complete one. True if this one made it."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            db.create(tmp)
            try:
                os.link(tmp, file)  # fails if another process made it first: theirs stays
            except FileExistsError:
                return False
            except OSError:  # a file system without hard links
                if file.exists():
                    return False
                os.rename(tmp, file)
            return True
        finally:
            _unlink_database(tmp)
    except OSError as exc:
        raise StoreError(f"{file.parent}: cannot create store: {exc.strerror or exc}") from None


def _unlink_database(file: Path) -> None:
    """A database file and its WAL and shared-memory companions, if there."""
    for part in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        part.unlink(missing_ok=True)


@contextlib.contextmanager
def _errors(file: Path):
    """SQLite's failures (disk full, read-only, corrupt) as one line naming the database."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{file}: {exc}") from None


def migrate(path: str | os.PathLike, *, schema: schema_mod.Schema | None = None) -> tuple[int, int]:
    """Convert dealgraph 0.1's store.json in `path` into store.db, keeping the JSON file as
    store.json.bak; returns (documents, judgements) carried over. Holds the old store's lock, so
    no dealgraph 0.1 writes meanwhile; a migration that stops half way leaves store.json as it was."""
    from filelock import FileLock, Timeout

    directory = Path(path)
    if (directory / FILE).exists():
        raise StoreError(f"{directory}: already holds a SQLite store ({FILE}); nothing to migrate")
    if not legacy.holds_legacy(directory):
        raise StoreError(f"{directory}: no dealgraph 0.1 store (store.json) to migrate")
    try:
        with FileLock(str(directory / legacy.LOCK), timeout=120):
            extractions, judgements = legacy.read(directory)
            tmp = directory / f".{FILE}.migrating"
            _unlink_database(tmp)
            db.create(tmp)
            store = SqliteStore(directory, schema=schema)
            store.file = tmp
            try:
                store.merge_inputs(extractions, judgements)  # its transaction pauses the collector
                if store.count_documents() != len(extractions) or store.judgements() != judgements:
                    raise StoreError(f"{directory}: migration check failed; store.json is unchanged")
            except BaseException:
                store.close()
                tmp.unlink(missing_ok=True)
                raise
            store.close()
            os.replace(tmp, directory / FILE)
            os.replace(directory / legacy.FILE, directory / (legacy.FILE + ".bak"))
        (directory / legacy.LOCK).unlink(missing_ok=True)
    except Timeout:
        raise StoreError(f"{directory}: store is locked by another dealgraph process") from None
    except OSError as exc:
        raise StoreError(f"{directory}: cannot migrate: {exc.strerror or exc}") from None
    return len(extractions), len(judgements)
