"""The neutral view of a graph: resolved entities, facts and documents, whatever the backend.

Queries, exporters and the CLI listings read a Snapshot; the stores produce one. Two ways in:

- lookups (`entity`, `document`, `fact`, `find`, `touching`, `incident`): what the canned queries
  use, walking out from the entities they are asked about. A stored snapshot
  (`graph.sqlite.snapshot`) answers them with indexed reads and loads nothing else;
- the whole graph (`entities`, `relations`, `events`, `documents`, `entity_documents`, `graph()`):
  what exports, the HTML view, listings and embedded Cypher read. `graph()` builds the NetworkX
  MultiDiGraph once and caches it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Iterable

from ..exc import NotFoundError
from .model import Document, Entity, Fact
from .names import normalize
from .schema import Schema

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Snapshot:
    schema: Schema
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Fact] = field(default_factory=list)
    events: list[Fact] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    entity_documents: dict[str, list[str]] = field(default_factory=dict)
    _graph: "nx.MultiDiGraph | None" = field(default=None, repr=False, compare=False)
    _names: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _index: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups (what a stored snapshot answers without loading the graph) ---------------------
    def entity(self, eid: str | None) -> Entity | None:
        return self.entities.get(eid) if eid is not None else None

    def document(self, did: str) -> Document | None:
        return self.documents.get(did)

    def fact(self, fid: str) -> Fact | None:
        """The relation or event with this id."""
        if "facts" not in self._index:
            self._index["facts"] = {f.id: f for f in [*self.relations, *self.events]}
        return self._index["facts"].get(fid)

    def touching(self, eid: str) -> list[Fact]:
        """The relations an entity is subject or object of, then its events, in snapshot order."""
        if "touching" not in self._index:
            index: dict[str, list[Fact]] = {}
            for f in [*self.relations, *self.events]:
                index.setdefault(f.subject, []).append(f)
                if f.object is not None and f.object != f.subject:
                    index.setdefault(f.object, []).append(f)
            self._index["touching"] = index
        return self._index["touching"].get(eid, [])

    def incident(self, eid: str, types: Collection[str] | None = None) -> list[tuple[str, Fact]]:
        """(other end, relation) for the relations at an entity, of the given types (None: any)."""
        if "incident" not in self._index:
            index: dict[str, list[tuple[str, Fact]]] = {}
            for f in self.relations:
                index.setdefault(f.subject, []).append((f.object, f))
                index.setdefault(f.object, []).append((f.subject, f))
            self._index["incident"] = index
        found = self._index["incident"].get(eid, [])
        return found if types is None else [(o, f) for o, f in found if f.type in types]

    # -- lookup -------------------------------------------------------------------------------
    def name_index(self) -> dict[str, str]:
        """normalised name or alias -> entity id (ids index themselves)."""
        if self._names is None:
            idx: dict[str, str] = {}
            for e in self.entities.values():
                for n in e.names():
                    idx.setdefault(normalize(n), e.id)
            for e in self.entities.values():
                idx[e.id] = e.id
            self._names = idx
        return self._names

    def find(self, name: str) -> Entity:
        """The entity with this id, name or alias; NotFoundError with suggestions otherwise."""
        found = self.entity(name)
        if found is not None:
            return found
        eid = self.name_index().get(normalize(name))
        if eid is not None:
            return self.entities[eid]
        raise NotFoundError("entity", name, self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        return suggest(name, ((e.name, e.names()) for e in self.entities.values()), limit)

    def find_document(self, ref: str) -> Document:
        """By id, key (path or URL, a relative path too), URL, hash or a unique path ending."""
        if ref in self.documents:
            return self.documents[ref]
        resolved = str(Path(ref).resolve())  # loaders key files by their resolved path
        exact = [d for d in self.documents.values() if ref in (d.key, d.url, d.sha256) or d.key == resolved]
        tail = [d for d in self.documents.values() if d.key.endswith("/" + ref.removeprefix("./"))]
        for found in (exact, tail):
            if len(found) == 1:
                return found[0]
            if found:  # "notes.txt" in two folders: never guess which one to forget
                raise NotFoundError("document", ref, sorted(d.id for d in found))
        from rapidfuzz import process

        hits = process.extract(ref, list(self.documents), limit=3, score_cutoff=60)
        raise NotFoundError("document", ref, [h[0] for h in hits])

    def relation(self, fact_id: str) -> Fact:
        found = self.fact(fact_id)
        if found is None:
            raise NotFoundError("relation or event", fact_id)
        return found

    def facts(self, kind: str | None = None) -> list[Fact]:
        """Every relation (then every event), in snapshot order; a stored snapshot reads them without
        their sources (`Fact.claims` is read when asked for), for listings that show facts only."""
        return {None: [*self.relations, *self.events], "relation": self.relations, "event": self.events}[kind]

    def conflicted(self) -> list[Fact]:
        """The facts whose sources disagree (`Fact.conflicts`), in snapshot order."""
        return [f for f in self.facts() if f.conflicts]

    def degrees(self) -> dict[str, int]:
        """entity id -> how many relations it is an end of (entities in none are left out)."""
        degree: dict[str, int] = {}
        for f in self.relations:
            degree[f.subject] = degree.get(f.subject, 0) + 1
            degree[f.object] = degree.get(f.object, 0) + 1
        return degree

    # -- graph ---------------------------------------------------------------------------------
    def graph(self) -> "nx.MultiDiGraph":
        """Entities as nodes, relations as keyed edges (key = fact id), events on their node."""
        if self._graph is None:
            import networkx as nx

            from .collector import gc_paused

            with gc_paused():  # a node and an edge dict per element, no cycles: nothing to collect
                g = nx.MultiDiGraph()
                for e in self.entities.values():
                    g.add_node(e.id, name=e.name, type=e.type, aliases=e.aliases, events=[])
                for f in self.relations:
                    rt = self.schema.relation_types.get(f.type)
                    g.add_edge(f.subject, f.object, key=f.id, type=f.type,
                               category=rt.category if rt else None, date=f.date, status=f.status,
                               amount=f.amount, percent=f.percent, fact=f)
                for f in self.events:
                    if f.subject in g:
                        g.nodes[f.subject]["events"].append(f)
            self._graph = g
        return self._graph

    def stats(self) -> dict[str, Any]:
        return {"entities": len(self.entities), "relations": len(self.relations),
                "events": len(self.events), "documents": len(self.documents)}


def suggest(name: str, entities: Iterable[tuple[str, Iterable[str]]], limit: int = 3) -> list[str]:
    """Up to `limit` canonical names whose spellings are close to `name` (did-you-mean), from
    (canonical name, every name it goes by) in the order entities rank."""
    from rapidfuzz import fuzz, process, utils

    choices: dict[str, str] = {}
    for canonical, names in entities:
        for n in names:
            choices.setdefault(n, canonical)
    hits = process.extract(name, list(choices), scorer=fuzz.WRatio, processor=utils.default_process,
                           limit=limit * 3, score_cutoff=60)
    out: list[str] = []
    for hit, _score, _ in hits:
        if choices[hit] not in out:
            out.append(choices[hit])
    return out[:limit]
