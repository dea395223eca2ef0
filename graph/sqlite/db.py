"""The SQLite database of the embedded store: its tables, and opening it safely.

Inputs (what loaders produced and analysts judged; everything else is derived from them):

    document(id, key, sha256, title, url, published, loader, chars, ingested_at)
    slot(doc, pos, local, name, type, aliases, attributes, norms, entity)   a document's entity as its
                                            loader saw it; `norms` its normalised names (JSON)
    slot_norm(norm, doc, pos)               slots by normalised name (and alias)
    mention(doc, pos, start, end)           where the document mentions that entity
    claim(doc, seq, type, subject, object, s_pos, o_pos, date, date_from, date_to, date_text,
          status, amount, percent, attributes, src_document, quote, start, end, rule, src_title,
          src_published, src_url, fact)     one statement with its source; s_pos/o_pos the slots
                                            it names (NULL: the document declared no such entity)
    judgement(seq, kind, a, b)              merge ('same') and 'distinct', oldest first

Derived, kept equal to `graph.resolve.resolve()` of the inputs by `resolver.py`:

    entity(num, id, name, type, aliases, attributes, first_doc, first_pos, base, summary, alone)
                                            resolved entities; slot.entity points here
    entity_name(norm, entity)               find an entity by any of its names
    claim.fact                              the fact each claim supports (NULL: dropped)
    fact(id, kind, type, subject, object, date, ..., conflicts, known_date, documents, sort_key)
                                            relations and events as assembled, with the date
                                            the as-of rules use (graph/asof.py)
    edge(node, type, other, fact)           every relation once from each end: the walks'
                                            adjacency, WITHOUT ROWID so a node's edges sit together

Only indexes that writes or lookups need: whole-graph reads sort in Python. No table has planner
statistics (see `drop_statistics`).

`mentions` is a view: (document, entity, start, end). JSON columns hold lists and mappings.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ...exc import StoreError
from ..files import umask

FORMAT = "dealgraph-store"
VERSION = 2  # 1 was the JSON file (graph/legacy.py)
APPLICATION_ID = 0x44475247  # "DGRG": lets `file` and other tools tell the database apart

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE document (
    id TEXT PRIMARY KEY, key TEXT NOT NULL, sha256 TEXT NOT NULL, title TEXT, url TEXT, published TEXT,
    loader TEXT NOT NULL, chars INTEGER NOT NULL, ingested_at TEXT);
CREATE INDEX document_key ON document(key);
CREATE INDEX document_sha256 ON document(sha256);

CREATE TABLE slot (
    doc TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    local TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
    aliases TEXT NOT NULL, attributes TEXT NOT NULL, norms TEXT NOT NULL,
    entity INTEGER,
    PRIMARY KEY (doc, pos)) WITHOUT ROWID;
CREATE INDEX slot_entity ON slot(entity);

CREATE TABLE slot_norm (
    norm TEXT NOT NULL, doc TEXT NOT NULL, pos INTEGER NOT NULL,
    PRIMARY KEY (norm, doc, pos),
    FOREIGN KEY (doc, pos) REFERENCES slot(doc, pos) ON DELETE CASCADE) WITHOUT ROWID;
CREATE INDEX slot_norm_slot ON slot_norm(doc, pos);

CREATE TABLE mention (
    doc TEXT NOT NULL, pos INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    FOREIGN KEY (doc, pos) REFERENCES slot(doc, pos) ON DELETE CASCADE);
CREATE INDEX mention_slot ON mention(doc, pos);

CREATE TABLE claim (
    doc TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL, subject TEXT NOT NULL, object TEXT, s_pos INTEGER, o_pos INTEGER,
    date TEXT, date_from TEXT, date_to TEXT, date_text TEXT, status TEXT,
    amount TEXT, percent, attributes TEXT,
    src_document TEXT, quote TEXT, start INTEGER, "end" INTEGER, rule TEXT,
    src_title TEXT, src_published TEXT, src_url TEXT,
    fact TEXT,
    PRIMARY KEY (doc, seq)) WITHOUT ROWID;
CREATE INDEX claim_fact ON claim(fact) WHERE fact IS NOT NULL;
CREATE INDEX claim_subject ON claim(doc, s_pos);
CREATE INDEX claim_object ON claim(doc, o_pos) WHERE o_pos IS NOT NULL;
CREATE INDEX claim_cites ON claim(src_document) WHERE src_document <> doc;

CREATE TABLE judgement (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('same', 'distinct')),
    a TEXT NOT NULL, b TEXT NOT NULL);

CREATE TABLE entity (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL,
    aliases TEXT NOT NULL, attributes TEXT NOT NULL,
    first_doc TEXT NOT NULL, first_pos INTEGER NOT NULL,
    base TEXT NOT NULL, summary TEXT, alone INTEGER NOT NULL);
CREATE INDEX entity_base ON entity(base);

CREATE TABLE entity_name (
    norm TEXT NOT NULL, entity INTEGER NOT NULL REFERENCES entity(num) ON DELETE CASCADE,
    PRIMARY KEY (norm, entity)) WITHOUT ROWID;
CREATE INDEX entity_name_entity ON entity_name(entity);

CREATE TABLE fact (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, type TEXT NOT NULL, subject TEXT NOT NULL, object TEXT,
    date TEXT, date_from TEXT, date_to TEXT, date_text TEXT, status TEXT,
    amount TEXT, percent, attributes TEXT NOT NULL, conflicts TEXT NOT NULL,
    known_date TEXT, documents TEXT NOT NULL, sort_key TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX fact_event ON fact(subject) WHERE kind = 'event';

CREATE TABLE edge (
    node TEXT NOT NULL, type TEXT NOT NULL, other TEXT NOT NULL, fact TEXT NOT NULL,
    PRIMARY KEY (node, type, other, fact)) WITHOUT ROWID;

CREATE VIEW mentions (document, entity, start, "end") AS
    SELECT m.doc, e.id, m.start, m."end" FROM mention m
    JOIN slot s ON s.doc = m.doc AND s.pos = m.pos JOIN entity e ON e.rowid = s.entity;
"""


def connect(file: Path, *, timeout: float, readonly: bool = False, cache_mb: int = 64) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with the store's pragmas; its
    page cache grows up to `cache_mb` (writers of big loads want more than readers)."""
    try:
        if readonly:
            conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(file, timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # a commit that returned survives a crash of the machine too
        conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
        conn.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.OperationalError as exc:  # no permission, no such directory, locked
        raise StoreError(f"{file}: cannot open store: {exc}") from None
    except sqlite3.DatabaseError as exc:  # "file is not a database"
        raise StoreError(f"{file}: not a dealgraph store ({exc})") from None
    return conn


def create(file: Path) -> None:
    """A new, empty store database (the file is made first, with an ordinary file's mode)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~umask())
    os.close(fd)
    conn = sqlite3.connect(file, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        for statement in _statements(SCHEMA):
            conn.execute(statement)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", str(VERSION))])
        conn.execute(f"PRAGMA user_version = {VERSION}")
        conn.execute("COMMIT")
    finally:
        conn.close()


def drop_statistics(conn: sqlite3.Connection) -> None:
    """Forget planner statistics someone gathered (ANALYZE, PRAGMA optimize). With them, SQLite 3.40
    builds a Bloom filter over `edge` on every step of a recursive walk joined on a type list:
    100 to 400 times slower (benchmarks/store.py, "analyze"). Every query here was planned without them."""
    for table in ("sqlite_stat1", "sqlite_stat4"):
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            conn.execute(f"DELETE FROM {table}")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def check(conn: sqlite3.Connection, file: Path) -> dict[str, str]:
    """The store's meta table; a one-line StoreError when the file is no store of this version."""
    try:
        app, = conn.execute("PRAGMA application_id").fetchone()
        if app != APPLICATION_ID:
            raise StoreError(f"{file}: not a dealgraph store")
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", no meta table
        raise StoreError(f"{file}: not a dealgraph store ({exc})") from None
    if meta.get("format") != FORMAT:
        raise StoreError(f"{file}: not a dealgraph store")
    if meta.get("version") != str(VERSION):
        raise StoreError(f"{file}: store version {meta.get('version')} is not supported "
                         f"(this dealgraph reads version {VERSION})")
    return meta
