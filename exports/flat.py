"""Entities and relations as flat records of scalars, for formats that cannot nest.

GraphML, GEXF, neo4j-admin CSV and Cypher all take one value per attribute; the JSON export's
records are the source of truth, and anything nested (aliases, sources, events, attributes,
conflicts) travels as a JSON string so that it survives the trip intact.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..graph.snapshot import Snapshot
from .jsonfmt import fact_dict

NODE_FIELDS = ("name", "type", "aliases", "attributes", "events", "documents")
EDGE_FIELDS = ("type", "category", "date", "date_from", "date_to", "date_text", "status",
               "amount_value", "amount_currency", "percent", "attributes", "conflicts", "sources")
NESTED = frozenset({"aliases", "attributes", "events", "documents", "conflicts", "sources"})


# what XML 1.0 cannot hold at all, not even escaped; GraphML and GEXF would be unreadable with it
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _flat(record: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Keep `fields` in order, JSON-encode the nested ones, drop what is missing or empty, and drop
    the characters XML cannot hold (older stores and article text may have them)."""
    out: dict[str, Any] = {}
    for k in fields:
        v = record.get(k)
        if v is None or (k in NESTED and not v):
            continue
        v = as_json(v) if k in NESTED else v
        out[k] = _NOT_XML.sub("", v) if isinstance(v, str) else v
    return out


def nodes(snapshot: Snapshot) -> Iterator[tuple[str, dict[str, Any]]]:
    """(entity id, flat attributes) in id order; events ride on their entity."""
    events: dict[str, list[dict]] = {}
    for f in snapshot.events:
        d = fact_dict(snapshot, f)
        events.setdefault(d.pop("entity"), []).append(d)
    for e in sorted(snapshot.entities.values(), key=lambda e: e.id):
        record = {**e.to_dict(), "events": events.get(e.id), "documents": snapshot.entity_documents.get(e.id)}
        yield e.id, _flat(record, NODE_FIELDS)


def edges(snapshot: Snapshot) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(subject, object, fact id, flat attributes) for every relation."""
    for f in snapshot.relations:
        d = fact_dict(snapshot, f)
        amount = d.pop("amount") or {}
        d.update(amount_value=amount.get("value"), amount_currency=amount.get("currency"))
        if d["amount_value"] is not None:
            d["amount_value"] = float(d["amount_value"])
        if d["percent"] is not None:
            d["percent"] = float(d["percent"])
        yield f.subject, f.object, f.id, _flat(d, EDGE_FIELDS)
