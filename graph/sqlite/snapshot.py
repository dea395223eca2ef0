"""A Snapshot read from the store's database: lookups are indexed reads, the whole graph is loaded
only when something asks for it (exports, the HTML view, listings, embedded Cypher).

It holds its own connection in a read transaction, so everything it reads, now or later, comes
from the one committed state it was opened on, whatever writers do meanwhile (WAL).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Collection

from ...exc import NotFoundError
from ..collector import gc_paused
from ..model import Document, Entity, Fact
from ..names import normalize
from ..schema import Schema
from ..snapshot import Snapshot, suggest
from .resolver import claims as read_claims
from .resolver import loads, slot_entity

_FACT = ("f.id, f.kind, f.type, f.subject, f.object, f.date, f.date_from, f.date_to, f.date_text, f.status, "
         "f.amount, f.percent, f.attributes, f.conflicts, f.known_date, f.documents")
_DOCUMENT = "id, key, sha256, title, url, published, loader, chars, ingested_at"


class StoredFact(Fact):
    """A fact read by a lookup: its claims (sources) are read when first asked for."""

    def __init__(self, snap: "StoredSnapshot", row: tuple):
        (self.id, self.kind, self.type, self.subject, self.object, self.date, self.date_from, self.date_to,
         self.date_text, self.status, amount, self.percent, attributes, conflicts, self.known_date,
         documents) = row
        self.amount = None if amount is None else loads(amount)
        self.attributes, self.conflicts = loads(attributes), loads(conflicts)
        self._documents = loads(documents)
        self._snap = snap
        self._claims = None

    @property
    def claims(self):
        if self._claims is None:
            self._claims = [c for _, c in read_claims(self._snap.conn, where="WHERE c.fact = ?", params=(self.id,))]
        return self._claims

    @property
    def documents(self) -> list[str]:
        return list(self._documents)

    def __repr__(self) -> str:
        return f"StoredFact({self.id!r}, {self.subject!r} {self.type} {self.object!r})"


class StoredSnapshot(Snapshot):
    """The store as of one commit; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, schema: Schema, where: Path):
        self.conn, self.schema, self.where = conn, schema, where
        self._graph = None
        self._names = None
        self._index: dict[str, Any] = {}
        self._whole: dict[str, Any] = {}
        self._entities: dict[str, Entity | None] = {}
        self._facts: dict[str, StoredFact | None] = {}
        self._documents: dict[str, Document | None] = {}

    def __repr__(self) -> str:
        return f"<StoredSnapshot {self.where}>"

    def close(self) -> None:
        self.conn.close()

    # -- lookups ---------------------------------------------------------------------------------
    def entity(self, eid: str | None) -> Entity | None:
        if eid is None:
            return None
        if eid not in self._entities:
            row = self.conn.execute("SELECT id, name, type, aliases, attributes FROM entity WHERE id = ?",
                                    (eid,)).fetchone()
            self._entities[eid] = None if row is None else slot_entity(row)
        return self._entities[eid]

    def document(self, did: str) -> Document | None:
        if did not in self._documents:
            row = self.conn.execute(f"SELECT {_DOCUMENT} FROM document WHERE id = ?", (did,)).fetchone()
            self._documents[did] = None if row is None else Document(*row)
        return self._documents[did]

    def fact(self, fid: str) -> Fact | None:
        if fid not in self._facts:
            row = self.conn.execute(f"SELECT {_FACT} FROM fact f WHERE f.id = ?", (fid,)).fetchone()
            self._facts[fid] = None if row is None else StoredFact(self, row)
        return self._facts[fid]

    def _fact(self, row: tuple) -> StoredFact:
        found = self._facts.get(row[0])
        if found is None:
            found = self._facts[row[0]] = StoredFact(self, row)
        return found

    def touching(self, eid: str) -> list[Fact]:
        rows = self.conn.execute(
            f"SELECT f.sort_key, {_FACT} FROM edge e JOIN fact f ON f.id = e.fact WHERE e.node = ?1 UNION ALL "
            f"SELECT f.sort_key, {_FACT} FROM fact f WHERE f.kind = 'event' AND f.subject = ?1", (eid,)).fetchall()
        rows.sort(key=lambda r: (r[2] != "relation", r[0], r[4], r[3], r[5] or ""))  # snapshot order
        return [self._fact(r[1:]) for r in rows]

    def incident(self, eid: str, types: Collection[str] | None = None) -> list[tuple[str, Fact]]:
        if types is None:
            rows = self.conn.execute(f"SELECT e.other, {_FACT} FROM edge e JOIN fact f ON f.id = e.fact "
                                     "WHERE e.node = ?", (eid,))
        else:
            types = sorted(types)
            rows = self.conn.execute(f"SELECT e.other, {_FACT} FROM edge e JOIN fact f ON f.id = e.fact "
                                     f"WHERE e.node = ? AND e.type IN ({','.join('?' * len(types))})", (eid, *types))
        return [(row[0], self._fact(row[1:])) for row in rows]

    def find(self, name: str) -> Entity:
        found = self.entity(name) or self.entity(normalize(name))  # ids index themselves
        if found is not None:
            return found
        row = self.conn.execute(
            "SELECT e.id, e.name, e.type, e.aliases, e.attributes FROM entity_name n JOIN entity e "
            "ON e.rowid = n.entity WHERE n.norm = ? ORDER BY e.first_doc, e.first_pos LIMIT 1",
            (normalize(name),)).fetchone()
        if row is not None:
            return self._entities.setdefault(row[0], slot_entity(row))
        raise NotFoundError("entity", name, self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        rows = self.conn.execute("SELECT name, aliases FROM entity ORDER BY first_doc, first_pos")
        return suggest(name, ((canonical, (canonical, *loads(aliases))) for canonical, aliases in rows), limit)

    def find_document(self, ref: str) -> Document:
        found = self.document(ref)
        if found is not None:
            return found
        resolved = str(Path(ref).resolve())  # loaders key files by their resolved path
        exact = self._documents_where("key = ?1 OR url = ?1 OR sha256 = ?1 OR key = ?2", (ref, resolved))
        tail = "/" + ref.removeprefix("./")
        ends = self._documents_where("substr(key, -length(?1)) = ?1", (tail,))
        for hits in (exact, ends):
            if len(hits) == 1:
                return hits[0]
            if hits:  # "notes.txt" in two folders: never guess which one to forget
                raise NotFoundError("document", ref, sorted(d.id for d in hits))
        from rapidfuzz import process

        ids = [d for d, in self.conn.execute("SELECT id FROM document ORDER BY id")]
        raise NotFoundError("document", ref, [h[0] for h in process.extract(ref, ids, limit=3, score_cutoff=60)])

    def _documents_where(self, condition: str, params: tuple) -> list[Document]:
        return [Document(*row) for row in self.conn.execute(
            f"SELECT {_DOCUMENT} FROM document WHERE {condition} ORDER BY id", params)]

    def facts(self, kind: str | None = None) -> list[Fact]:
        if "facts" in self._whole:  # the whole graph is read already
            return super().facts(kind)
        return self._stored_facts("" if kind is None else "WHERE f.kind = ?", () if kind is None else (kind,))

    def conflicted(self) -> list[Fact]:
        return self._stored_facts("WHERE f.conflicts <> '{}'", ())

    def _stored_facts(self, where: str, params: tuple) -> list[Fact]:
        rows = self.conn.execute(f"SELECT f.sort_key, {_FACT} FROM fact f {where}", params).fetchall()
        rows.sort(key=lambda r: (r[2] != "relation", r[0], r[4], r[3], r[5] or ""))  # snapshot order
        return [self._fact(r[1:]) for r in rows]

    def degrees(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT node, count(*) FROM edge GROUP BY node"))

    def stats(self) -> dict[str, Any]:
        count = {k: n for k, n in self.conn.execute("SELECT kind, count(*) FROM fact GROUP BY kind")}
        return {"entities": self.conn.execute("SELECT count(*) FROM entity").fetchone()[0],
                "relations": count.get("relation", 0), "events": count.get("event", 0),
                "documents": self.conn.execute("SELECT count(*) FROM document").fetchone()[0]}

    # -- the whole graph, read once when asked for ------------------------------------------------
    def _load(self, what: str):
        if what not in self._whole:
            with gc_paused():  # millions of objects, no cycles: the collector would only rescan them
                self._whole[what] = getattr(self, "_read_" + what)()
        return self._whole[what]

    entities = property(lambda self: self._load("entities"))
    relations = property(lambda self: self._load("facts")[0])
    events = property(lambda self: self._load("facts")[1])
    documents = property(lambda self: self._load("documents"))
    entity_documents = property(lambda self: self._load("entity_documents"))

    def _read_entities(self) -> dict[str, Entity]:
        return {row[0]: slot_entity(row) for row in self.conn.execute(
            "SELECT id, name, type, aliases, attributes FROM entity ORDER BY first_doc, first_pos")}

    def _read_documents(self) -> dict[str, Document]:
        return {row[0]: Document(*row) for row in self.conn.execute(f"SELECT {_DOCUMENT} FROM document ORDER BY id")}

    def _read_entity_documents(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for eid, doc in self.conn.execute("SELECT DISTINCT e.id, s.doc FROM slot s JOIN entity e "
                                          "ON e.rowid = s.entity ORDER BY e.id, s.doc"):
            out.setdefault(eid, []).append(doc)
        return out

    def _read_facts(self) -> tuple[list[Fact], list[Fact]]:
        by_id: dict[str, list] = {}
        # claims in table order, (document, place): each fact's come out in its order, read sequentially
        for fid, c in read_claims(self.conn, where="WHERE c.fact IS NOT NULL", order=False):
            by_id.setdefault(fid, []).append(c)
        out: dict[str, list[Fact]] = {"relation": [], "event": []}
        rows = self.conn.execute(f"SELECT f.sort_key, {_FACT} FROM fact f").fetchall()
        rows.sort(key=lambda r: (r[0], r[4], r[3], r[5] or ""))  # snapshot order: date, subject, type, object
        for _, *row in rows:
            (fid, kind, rtype, subject, obj, date, date_from, date_to, date_text, status, amount, percent,
             attributes, conflicts, known_date, _) = row
            out[kind].append(Fact(id=fid, kind=kind, type=rtype, subject=subject, object=obj, claims=by_id[fid],
                                  date=date, date_from=date_from, date_to=date_to, date_text=date_text,
                                  status=status, amount=None if amount is None else loads(amount),
                                  percent=percent, attributes=loads(attributes),
                                  conflicts=loads(conflicts), known_date=known_date))
        return out["relation"], out["event"]
