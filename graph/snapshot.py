"""The neutral view of a graph: resolved entities, facts and documents, whatever the backend.

Queries (NetworkX implementations), exporters and the CLI listings read a Snapshot; the stores
produce one. `graph()` builds the NetworkX MultiDiGraph once and caches it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..exc import NotFoundError
from .model import Document, Entity, Fact
from .names import normalize
from .schema import Schema


@dataclass
class Snapshot:
    schema: Schema
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Fact] = field(default_factory=list)
    events: list[Fact] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    entity_documents: dict[str, list[str]] = field(default_factory=dict)
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)
    _names: dict[str, str] | None = field(default=None, repr=False)

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
        if name in self.entities:
            return self.entities[name]
        eid = self.name_index().get(normalize(name))
        if eid is not None:
            return self.entities[eid]
        raise NotFoundError("entity", name, self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process, utils

        choices = {}
        for e in self.entities.values():
            for n in e.names():
                choices.setdefault(n, e.name)
        hits = process.extract(name, list(choices), scorer=fuzz.WRatio, processor=utils.default_process,
                               limit=limit * 3, score_cutoff=60)
        out: list[str] = []
        for hit, _score, _ in hits:
            canonical = choices[hit]
            if canonical not in out:
                out.append(canonical)
        return out[:limit]

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
        for f in self.relations:
            if f.id == fact_id:
                return f
        for f in self.events:
            if f.id == fact_id:
                return f
        raise NotFoundError("relation or event", fact_id)

    # -- graph ---------------------------------------------------------------------------------
    def graph(self) -> nx.MultiDiGraph:
        """Entities as nodes, relations as keyed edges (key = fact id), events on their node."""
        if self._graph is None:
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
