"""Plain listings of what a store holds: entities, relations, events, documents."""
from __future__ import annotations

import pandas as pd

from ..graph.present import format_amount
from ..graph.snapshot import Snapshot
from .rows import name


def entities(snap: Snapshot, *, type: str | None = None) -> pd.DataFrame:
    """Every entity, those in no relation too, with how many relations and documents it has."""
    degree = snap.degrees()
    rows = [{"id": e.id, "name": e.name, "type": e.type, "aliases": "; ".join(e.aliases),
             "relations": degree.get(e.id, 0), "documents": len(snap.entity_documents.get(e.id, []))}
            for e in sorted(snap.entities.values(), key=lambda e: e.id) if type is None or e.type == type]
    return pd.DataFrame(rows, columns=["id", "name", "type", "aliases", "relations", "documents"])


def relations(snap: Snapshot, *, type: str | None = None) -> pd.DataFrame:
    rows = [{"id": f.id, "subject": name(snap, f.subject), "type": f.type, "object": name(snap, f.object),
             "date": f.date, "status": f.status, "amount": format_amount(f.amount), "percent": f.percent,
             "sources": len(f.sources), "conflicts": ", ".join(sorted(f.conflicts)) or None}
            for f in snap.relations if type is None or f.type == type]
    return pd.DataFrame(rows, columns=["id", "subject", "type", "object", "date", "status", "amount",
                                       "percent", "sources", "conflicts"])


def events(snap: Snapshot, *, type: str | None = None) -> pd.DataFrame:
    rows = [{"id": f.id, "entity": name(snap, f.subject), "type": f.type, "date": f.date, "status": f.status,
             "amount": format_amount(f.amount), "sources": len(f.sources),
             "conflicts": ", ".join(sorted(f.conflicts)) or None}
            for f in snap.events if type is None or f.type == type]
    return pd.DataFrame(rows, columns=["id", "entity", "type", "date", "status", "amount", "sources", "conflicts"])


def documents(snap: Snapshot) -> pd.DataFrame:
    facts: dict[str, int] = {}
    for f in [*snap.relations, *snap.events]:
        for d in f.documents:
            facts[d] = facts.get(d, 0) + 1
    rows = [{"id": d.id, "title": d.title, "published": d.published, "loader": d.loader,
             "facts": facts.get(d.id, 0), "url": d.url, "path": d.key}
            for d in sorted(snap.documents.values(), key=lambda d: d.id)]
    return pd.DataFrame(rows, columns=["id", "title", "published", "loader", "facts", "url", "path"])
