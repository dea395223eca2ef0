"""The Neo4j store: the same documents, judgements and resolution as the embedded store, kept in Neo4j.

Neo4j holds two layers (graph model in `rows.py`):
- the inputs: each document's Extraction (`:Document {extraction_gz}`) and the analysts'
  judgements (`:Judgement`), the inputs the embedded store keeps in its tables;
- the resolved graph (`:Entity`, relations, `:Event`, provenance on them) that Cypher users and the canned
  Cypher queries read.

Every change (add, forget, judge, push) is one Neo4j transaction: lock the store node, read the
inputs, change them with the bookkeeping every store shares (`graph/base.py`), resolve with `graph/resolve.py`,
and write only the difference between the resolved graph and what Neo4j holds. A failure rolls the
whole transaction back, so nothing is ever half written, and repeating a change writes nothing.
A change that rewrites most of a large graph is staged in parallel transactions first and made
visible by that one transaction's commit (`bulk.py`).
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

from ...exc import StoreError
from .. import schema as schema_mod
from ..base import GraphStore, Outcome, judged, merge_judgements, place
from ..collector import gc_paused
from ..model import Extraction
from ..resolve import Judgement, resolve
from ..snapshot import Snapshot
from . import bulk
from . import rows as R
from .connection import Connection

FORMAT, VERSION = "dealgraph-store", 1  # the inputs' layout in Neo4j (the :DealgraphStore node says which)
BATCH = 10_000  # rows per UNWIND statement; all statements of a change share one transaction
OWN_LABELS = frozenset({"Entity", "Event", "Document", "Judgement", "DealgraphStore", *bulk.LABELS})

CONSTRAINTS = {
    "dealgraph_store_key": "FOR (n:DealgraphStore) REQUIRE n.key IS UNIQUE",
    "dealgraph_entity_id": "FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "dealgraph_event_id": "FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "dealgraph_document_id": "FOR (n:Document) REQUIRE n.id IS UNIQUE",
}
INDEXES = {
    "dealgraph_entity_name": "FOR (n:Entity) ON (n.name)",
    "dealgraph_event_entity": "FOR (n:Event) ON (n.entity)",
}


def _label(name: str) -> str:
    """A type name checked fit to be a label or relationship type in a statement (and quoted)."""
    if name in OWN_LABELS or not name.replace("_", "a").isalnum() or not name[0].isalpha():
        raise StoreError(f"schema type {name!r} cannot be a Neo4j label or relationship type "
                         f"(use letters, digits and '_'; not {', '.join(sorted(OWN_LABELS))})")
    return f"`{name}`"


def _check_labels(schema: schema_mod.Schema) -> None:
    """Entity and relation type names become labels and relationship types: keep them unambiguous."""
    for name in [*schema.entity_types, *schema.relation_types]:
        _label(name)


class Neo4jStore(GraphStore):
    """A GraphStore in a Neo4j database, reached over Bolt."""

    engine = "neo4j"  # canned queries run as Cypher on the server (queries/neo4j.py registers them)

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, *, schema: schema_mod.Schema | None = None):
        self.schema = schema or schema_mod.load()
        _check_labels(self.schema)
        self.conn = Connection(uri, user, password, database)
        self.extractions: dict[str, Extraction] = {}
        self.judgements: list[Judgement] = []
        self._snapshot: Snapshot | None = None
        self._in_txn = False
        self._ready = False
        self.stats: dict[str, int] = {}  # what the last change wrote, per kind

    @property
    def dir(self) -> str:  # where the CLI says the store is
        return self.conn.where

    def __repr__(self) -> str:
        return f"<Neo4jStore {self.conn.where}>"

    # -- setup -----------------------------------------------------------------------------------
    def setup(self) -> None:
        """Create dealgraph's constraints and indexes (once per process; IF NOT EXISTS is idempotent)."""
        if self._ready:
            return
        # No constraint on relation ids: `sync` writes each id once by construction, and their
        # index entries were half the commit time of a large push.
        wanted = CONSTRAINTS
        have = {r["name"] for r in self.conn.read("SHOW CONSTRAINTS YIELD name RETURN name")}
        have |= {r["name"] for r in self.conn.read("SHOW INDEXES YIELD name RETURN name")}
        with self.conn.session() as s:
            for name, body in wanted.items():
                if name not in have:  # names are ours and types were checked by _check_labels
                    s.run(f"CREATE CONSTRAINT {name} IF NOT EXISTS {body}").consume()
            for name, body in INDEXES.items():
                if name not in have:
                    s.run(f"CREATE INDEX {name} IF NOT EXISTS {body}").consume()
        self._ready = True

    # -- reading ---------------------------------------------------------------------------------
    def _read_inputs(self, tx) -> tuple[dict[str, Extraction], list[Judgement]]:
        meta = tx.run("MATCH (m:DealgraphStore {key: 'store'}) RETURN m.format AS format, m.version AS version"
                      ).single()
        if meta is not None and (meta["format"], meta["version"]) != (FORMAT, VERSION):
            raise StoreError(f"{self.conn.where}: holds dealgraph store version {meta['version']}; "
                             f"this dealgraph reads version {VERSION}")
        exts = {r["id"]: R.extraction(r) for r in tx.run(
            "MATCH (d:Document) WHERE d.extraction_gz IS NOT NULL RETURN d.id AS id, d.extraction_gz AS extraction_gz")}
        judgements = [Judgement(r["kind"], r["a"], r["b"]) for r in tx.run(
            "MATCH (j:Judgement) RETURN j.kind AS kind, j.a AS a, j.b AS b ORDER BY j.seq")]
        return exts, judgements

    def read_inputs(self) -> tuple[dict[str, Extraction], list[Judgement]]:
        """The stored extractions and judgements (what `pull` copies into an embedded store)."""
        self.setup()
        with self.conn.session(write=False) as s, s.begin_transaction() as tx:
            return self._read_inputs(tx)

    def snapshot(self) -> Snapshot:
        """The resolution of the stored inputs (inside a change: of the pending ones).

        Resolved from the documents' extractions, as the embedded store does, rather than read
        back from the graph: the extractions hold every claim's own statement, the graph only
        what Cypher users need.
        """
        if self._snapshot is None:
            with gc_paused():
                if self._in_txn:
                    exts, judgements = self.extractions, self.judgements
                else:
                    exts, judgements = self.read_inputs()
                self._snapshot = resolve(exts.values(), judgements, self.schema)
        return self._snapshot

    # -- changing --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Neo4jStore"]:
        """Lock, read the inputs, change them, write inputs and resolved graph; all or nothing."""
        if self._in_txn:
            raise StoreError("Neo4jStore transactions do not nest")
        self.setup()
        staged = False
        with self.conn.session() as s, s.begin_transaction() as tx, gc_paused():
            _lock(tx)
            if bulk.has_leftovers(tx):  # of a load that died; we hold the lock, so none is running
                bulk.delete_leftovers(self.conn)
            before_exts, before_judgements = self._read_inputs(tx)
            self.extractions, self.judgements = dict(before_exts), list(before_judgements)
            self._in_txn, self._snapshot = True, None
            try:
                yield self
                self.stats, staged = self._commit(tx, before_exts, before_judgements)
                tx.commit()
            finally:  # committed or rolled back, the next read comes from Neo4j
                self._in_txn, self._snapshot = False, None
                self.extractions, self.judgements = {}, []
        if staged:  # delete the graph the flip retired, under the lock again
            with self.conn.session() as s, s.begin_transaction() as tx:
                _lock(tx)
                bulk.delete_leftovers(self.conn)
                tx.commit()

    def _commit(self, tx, before_exts: dict[str, Extraction],
                before_judgements: list[Judgement]) -> tuple[dict[str, int], bool]:
        """Write the inputs and the graph they resolve to; returns what changed and whether it was staged."""
        stats: dict[str, int] = {}
        # add/forget put new Extraction objects in or take them out: identity tells what changed
        gone = [k for k in before_exts if k not in self.extractions]
        changed = [R.document_props(x) for k, x in self.extractions.items() if before_exts.get(k) is not x]
        _run(tx, "UNWIND $rows AS id MATCH (d:Document {id: id}) DETACH DELETE d", gone)
        _run(tx, "UNWIND $rows AS r MERGE (d:Document {id: r.id}) SET d = r", changed)
        stats["documents"] = len(gone) + len(changed)
        if self.judgements != before_judgements:
            tx.run("MATCH (j:Judgement) DELETE j").consume()
            _run(tx, "UNWIND $rows AS r CREATE (j:Judgement) SET j = r",
                 [{"seq": i, **j.to_dict()} for i, j in enumerate(self.judgements)])
            stats["judgements"] = len(self.judgements)
        self._snapshot = None
        new = R.graph_rows(self.snapshot())
        old = tx.run("MATCH (:Entity)-[r]->() RETURN count(r) AS n").single()["n"]  # from the count store
        if bulk.worth_staging(len(new.relations), old):
            graph = bulk.prepare(new)
            stats.update(graph.counts(), **{"staging transactions": bulk.write(self.conn, tx, graph, _label)})
            return stats, True
        stats.update(sync(tx, self._graph_rows(tx), new))
        return stats, False

    def _graph_rows(self, tx) -> R.GraphRows:
        return R.GraphRows(
            entities={r["p"]["id"]: r["p"] for r in tx.run("MATCH (e:Entity) RETURN properties(e) AS p")},
            relations={r["p"]["id"]: (r["s"], r["o"], r["p"]) for r in tx.run(
                "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, b.id AS o, properties(r) AS p")},
            events={r["p"]["id"]: r["p"] for r in tx.run("MATCH (v:Event) RETURN properties(v) AS p")},
        )

    # -- GraphStore ------------------------------------------------------------------------------
    def add(self, extractions: list[Extraction], *, force: bool = False) -> list[Outcome]:
        with self.transaction():
            # indexes built once per batch and kept current: scanning the documents per added one was quadratic
            by_key = {x.document.key: (d, x.document.sha256) for d, x in reversed(self.extractions.items())}
            by_hash = {x.document.sha256: d for d, x in reversed(self.extractions.items())}
            outcomes = []
            for ext in extractions:
                outcome = place(ext, force, by_key.get, by_hash.get, self.extractions.__contains__)
                if outcome.action != "unchanged":
                    if outcome.action == "replaced":
                        old = self.extractions[outcome.document].document.sha256
                        if by_hash.get(old) == outcome.document:
                            del by_hash[old]  # that content is no longer stored
                    self.extractions[outcome.document] = ext
                    by_key[ext.document.key] = (outcome.document, ext.document.sha256)
                    by_hash.setdefault(ext.document.sha256, outcome.document)
                outcomes.append(outcome)
        return outcomes

    def forget(self, document: str) -> Outcome:
        with self.transaction():
            doc_id = self.snapshot().find_document(document).id
            del self.extractions[doc_id]
        return Outcome(doc_id, "forgotten")

    def judge(self, kind: str, a: str, b: str) -> list[str]:
        with self.transaction():
            self.judgements, missing = judged(self.judgements, kind, a, b, self.snapshot())
        return missing

    def merge_inputs(self, extractions: list[Extraction], judgements: list[Judgement]) -> None:
        """Add these documents and judgements; a document with the same id but other content is replaced."""
        with self.transaction():
            merge_documents(self.extractions, extractions)
            self.judgements = merge_judgements(self.judgements, judgements)

    def clear(self) -> None:
        """Delete everything dealgraph wrote (the inputs and the resolved graph)."""
        with self.conn.session() as s, s.begin_transaction() as tx:
            for label in sorted(OWN_LABELS):
                tx.run("MATCH (n) WHERE $label IN labels(n) DETACH DELETE n", label=label).consume()
            tx.commit()
        self._snapshot = None

    def cypher(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False):
        """Run a user's statement with real parameters, in a read transaction unless `write`.

        `df.attrs["counters"]` holds what a write changed (nodes_created, properties_set, ...).
        """
        import pandas as pd

        with self.conn.session(write=write) as s, s.begin_transaction() as tx:
            found = tx.run(text, params or {})
            keys = list(found.keys())
            data = [[plain(v) for v in record.values()] for record in found]
            counters = found.consume().counters
            tx.commit()
        if write:
            self._snapshot = None
        df = pd.DataFrame(data, columns=keys).astype(object)
        df.attrs["counters"] = {k: v for k, v in vars(counters).items()
                                if isinstance(v, int) and v and not k.startswith("_")}
        return df

    def close(self) -> None:
        self.conn.close()


def plain(value: Any) -> Any:
    """Driver values as plain data: nodes and relationships as their properties, temporals as ISO text."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, (Node, Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def merge_documents(mine: dict[str, Extraction], theirs) -> int:
    """Put each of their documents into `mine` (by id) unless an identical one is there; returns how many."""
    changed = 0
    for ext in theirs:
        have = mine.get(ext.document.id)
        if have is None or R.extraction_dict(have) != R.extraction_dict(ext):
            mine[ext.document.id], changed = ext, changed + 1
    return changed


def _lock(tx) -> None:
    """Write-lock the store node (creating it): concurrent writers queue here, never interleave."""
    tx.run("MERGE (m:DealgraphStore {key: 'store'}) ON CREATE SET m.format = $f, m.version = $v "
           "SET m.locked = true", f=FORMAT, v=VERSION).consume()


def _run(tx, query: str, rows: list, **params: Any) -> None:
    for i in range(0, len(rows), BATCH):
        tx.run(query, rows=rows[i:i + BATCH], **params).consume()


def _read(tx, query: str, rows: list) -> dict:
    """`_run` for statements returning (id, node) pairs."""
    return {r["id"]: r["node"] for i in range(0, len(rows), BATCH)
            for r in tx.run(query, rows=rows[i:i + BATCH])}


def _by_type(rows: list[dict], type_of) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(type_of(row), []).append(row)
    return grouped


def sync(tx, old: R.GraphRows, new: R.GraphRows) -> dict[str, int]:
    """Write `new` over `old` touching only what differs; returns how many of each kind changed.

    New elements are CREATEd (the diff says they are new), grouped by type so the label or
    relationship type is part of the statement rather than computed per row. Everything runs in
    the caller's transaction, so element ids read here stay valid while it is used.
    """
    def diff(a: dict, b: dict) -> tuple[list[str], list[str], list[str]]:
        gone = [k for k in a if k not in b]
        added = [k for k in b if k not in a]
        changed = [k for k in b if k in a and a[k] != b[k]]
        return gone, added, changed

    eg, ea, ec = diff(old.entities, new.entities)
    rg, ra, rc = diff(old.relations, new.relations)
    vg, va, vc = diff(old.events, new.events)

    _run(tx, "UNWIND $rows AS id MATCH (v:Event {id: id}) DETACH DELETE v", vg)
    _run(tx, "UNWIND $rows AS r MATCH (:Entity {id: r.s})-[x {id: r.id}]->() DELETE x",
         [{"id": k, "s": old.relations[k][0]} for k in rg])
    _run(tx, "UNWIND $rows AS id MATCH (e:Entity {id: id}) DETACH DELETE e", eg)

    node = {}  # entity id -> elementId: relationships attach by node id, cheaper than an index seek
    for etype, rows in _by_type([new.entities[k] for k in ea], lambda p: p["type"]).items():
        node.update(_read(tx, f"UNWIND $rows AS r CREATE (e:Entity:{_label(etype)}) SET e = r "
                              "RETURN r.id AS id, elementId(e) AS node", rows))
    _run(tx, "UNWIND $rows AS r MATCH (e:Entity {id: r.p.id}) REMOVE e:$(r.old) SET e = r.p, e:$(r.p.type)",
         [{"p": new.entities[k], "old": old.entities[k]["type"]} for k in ec])
    ends = {e for k in ra for e in new.relations[k][:2]}
    node.update(_read(tx, "UNWIND $rows AS id MATCH (e:Entity {id: id}) RETURN id, elementId(e) AS node",
                      sorted(ends - node.keys())))
    added = [{"s": node[s], "o": node[o], "p": p} for s, o, p in (new.relations[k] for k in ra)]
    for rtype, rows in _by_type(added, lambda r: r["p"]["type"]).items():
        _run(tx, "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r.s MATCH (b) WHERE elementId(b) = r.o "
                 f"CREATE (a)-[x:{_label(rtype)}]->(b) SET x = r.p", rows)
    _run(tx, "UNWIND $rows AS r MATCH (:Entity {id: r.s})-[x {id: r.p.id}]->() SET x = r.p",
         [{"s": new.relations[k][0], "p": new.relations[k][2]} for k in rc])
    _run(tx, "UNWIND $rows AS r MATCH (e:Entity {id: r.entity}) CREATE (v:Event)-[:OF]->(e) SET v = r",
         [new.events[k] for k in va])
    _run(tx, "UNWIND $rows AS r MATCH (v:Event {id: r.id}) SET v = r", [new.events[k] for k in vc])
    return {"entities": len(eg) + len(ea) + len(ec), "relations": len(rg) + len(ra) + len(rc),
            "events": len(vg) + len(va) + len(vc)}


def push(embedded, store: Neo4jStore) -> dict[str, int]:
    """Copy an embedded store's documents and judgements into Neo4j, in one transaction."""
    store.merge_inputs(list(embedded.extractions()), embedded.judgements())
    return store.stats


def pull(store: Neo4jStore, embedded) -> tuple[int, int]:
    """Copy Neo4j's documents and judgements into an embedded store; returns (documents, judgements) changed."""
    extractions, judgements = store.read_inputs()
    return embedded.merge_inputs(list(extractions.values()), judgements)
