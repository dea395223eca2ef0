"""The dealgraph graph model in Neo4j, and the conversions between a Snapshot and Neo4j properties.

    (:Entity:Company {id, name, type, aliases, documents, norms, attributes_json})  + a label per type
    (:Entity)-[:ACQUIRED {id, type, category, date, date_from, date_to, date_text, status, amount,
                          currency, percent, sources, documents, known_date, date_basis,
                          date_first, known_first, known_last, attributes_json, conflicts_json,
                          amount_json}]->(:Entity)
    (:Event {id, type, entity, date, ..., same qualifiers})-[:OF]->(:Entity)
    (:Claim {fact, ord, subject, object, date, status, ..., document, quote, start, end,
             rule, title, published, url})-[:FROM]->(:Document)
    (:Document {id, key, sha256, title, url, published, loader, chars, ingested_at, extraction_json})
    (:Judgement {seq, kind, a, b})

A relation is a relationship whose type is the relation type, so `MATCH (a)-[:ACQUIRED]->(b)` reads
naturally. Relationships cannot point at relationships, so each source statement is a `:Claim`
node whose `fact` property is the relation's (or event's) `id` (indexed). Neo4j has no null and
no maps: absent values are absent properties, and maps are JSON strings (`*_json`).

Relations and entities carry the property names of the embedded store's Cypher graph
(`queries/cypher.py`), so a read query runs unchanged on either backend. Partial dates are also
written as days so Cypher can compare them as strings: `date_first` (first day of the stated
date), `known_date`/`date_basis` (the date queries use, see `queries.asof.fact_dates`) and
`known_first`/`known_last` (its first and last day). `norms` are the normalised names and aliases
an entity is found by.
"""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from .. import dates
from ..model import Claim, Document, Entity, Extraction, Fact, Source
from ..names import normalize
from ..schema import Schema
from ..snapshot import Snapshot

DOCUMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Document))
SOURCE_FIELDS = tuple(f.name for f in dataclasses.fields(Source))
CLAIM_QUALIFIERS = ("date", "date_from", "date_to", "date_text", "status", "percent")
# Every property dealgraph writes, per kind (statements spell them out: no map SET, no Eager).
ENTITY_KEYS = ("id", "name", "type", "aliases", "documents", "norms", "attributes_json")
FACT_KEYS = ("id", "type", "date", "date_from", "date_to", "date_text", "status", "amount", "currency", "percent",
             "sources", "documents", "known_date", "date_basis", "date_first", "known_first", "known_last",
             "attributes_json", "conflicts_json", "amount_json")
RELATION_KEYS = (*FACT_KEYS, "category")
EVENT_KEYS = (*FACT_KEYS, "entity")
CLAIM_KEYS = ("fact", "ord", "subject", "object", *CLAIM_QUALIFIERS, "amount_json", "attributes_json", *SOURCE_FIELDS)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _dump(value: Any) -> str | None:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else None


def _load(text: str | None, default: Any) -> Any:
    return json.loads(text) if text else default


# -- Snapshot -> properties ----------------------------------------------------------------------

def entity_props(e: Entity, documents: list[str]) -> dict[str, Any]:
    norms = sorted({n for n in (normalize(x) for x in e.names()) if n})
    return _clean({"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                   "documents": list(documents), "norms": norms, "attributes_json": _dump(e.attributes)})


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def fact_props(f: Fact, schema: Schema, known: tuple[str | None, str]) -> dict[str, Any]:
    """`known` is (date, basis) as `queries.asof.fact_dates` gives it."""
    amount = f.amount or {}
    known_date, basis = known
    props = {"id": f.id, "type": f.type, "date": f.date, "date_from": f.date_from, "date_to": f.date_to,
             "date_text": f.date_text, "status": f.status, "amount": amount.get("value"),
             "currency": amount.get("currency"), "amount_json": _dump(f.amount), "percent": f.percent,
             "attributes_json": _dump(f.attributes), "conflicts_json": _dump(f.conflicts),
             "sources": len(f.sources), "documents": f.documents,
             "known_date": known_date, "date_basis": basis,
             "date_first": _day(f.date and dates.first_day(f.date)),
             "known_first": _day(known_date and dates.first_day(known_date)),
             "known_last": _day(known_date and dates.last_day(known_date))}
    if f.kind == "relation":
        rt = schema.relation_types.get(f.type)
        props["category"] = rt.category if rt else None
    else:
        props["entity"] = f.subject
    return _clean(props)


def claim_props(f: Fact) -> list[dict[str, Any]]:
    rows = []
    for i, c in enumerate(f.claims):
        props = {"fact": f.id, "ord": i, "subject": c.subject,
                 "object": c.object, "amount_json": _dump(c.amount), "attributes_json": _dump(c.attributes),
                 **{q: getattr(c, q) for q in CLAIM_QUALIFIERS}}
        if c.source is not None:
            props.update(vars(c.source))
        rows.append(_clean(props))
    return rows


def _claim_dict(c: Claim) -> dict[str, Any]:
    """`Claim.to_dict()` without `dataclasses.asdict`'s deep copies, which dominated push time."""
    d = {k: v for k, v in vars(c).items() if k != "source" and v is not None and v != {}}
    if c.source is not None:
        d["source"] = {k: v for k, v in vars(c.source).items() if v is not None}
    return d


def extraction_dict(ext: Extraction) -> dict[str, Any]:
    """`Extraction.to_dict()`, faster (tests/neo4j checks they agree)."""
    return {"document": ext.document.to_dict(), "entities": [e.to_dict() for e in ext.entities],
            "claims": [_claim_dict(c) for c in ext.claims]}


def document_props(ext: Extraction) -> dict[str, Any]:
    return _clean({**ext.document.to_dict(),
                   "extraction_json": json.dumps(extraction_dict(ext), ensure_ascii=False, sort_keys=True)})


@dataclasses.dataclass
class GraphRows:
    """The resolved graph as Neo4j properties, keyed by id (what a sync compares and writes)."""

    entities: dict[str, dict[str, Any]]
    relations: dict[str, tuple[str, str, dict[str, Any]]]  # id -> (subject id, object id, props)
    events: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]


def graph_rows(snap: Snapshot) -> GraphRows:
    from ...queries.asof import fact_dates  # the one definition of the date queries use

    facts, known = [*snap.relations, *snap.events], fact_dates(snap)
    return GraphRows(
        entities={e.id: entity_props(e, snap.entity_documents.get(e.id, [])) for e in snap.entities.values()},
        relations={f.id: (f.subject, f.object, fact_props(f, snap.schema, known[f.id])) for f in snap.relations},
        events={f.id: fact_props(f, snap.schema, known[f.id]) for f in snap.events},
        claims={claim_key(c): c for f in facts for c in claim_props(f)},
    )


# -- properties -> Snapshot ----------------------------------------------------------------------

def extraction(props: dict[str, Any]) -> Extraction:
    return Extraction.from_dict(json.loads(props["extraction_json"]))


def claim_key(p: dict[str, Any]) -> str:
    """A claim is the `ord`-th statement of its fact (no id of its own: one index less to write)."""
    return f"{p['fact']}/{p['ord']}"


def _claim(p: dict[str, Any], type: str) -> Claim:
    source = Source(**{k: p[k] for k in SOURCE_FIELDS if k in p}) if "document" in p else None
    return Claim(type=type, subject=p["subject"], object=p.get("object"),
                 amount=_load(p.get("amount_json"), None), attributes=_load(p.get("attributes_json"), {}),
                 source=source, **{q: p.get(q) for q in CLAIM_QUALIFIERS})


def fact(p: dict[str, Any], subject: str, obj: str | None, claims: list[Claim]) -> Fact:
    """A Fact from the properties of a relation or event (claims as given)."""
    return Fact(id=p["id"], kind="event" if obj is None else "relation", type=p["type"], subject=subject,
                object=obj, claims=claims, date=p.get("date"), date_from=p.get("date_from"),
                date_to=p.get("date_to"), date_text=p.get("date_text"), status=p.get("status"),
                amount=_load(p.get("amount_json"), None), percent=p.get("percent"),
                attributes=_load(p.get("attributes_json"), {}), conflicts=_load(p.get("conflicts_json"), {}))


def _order(f: Fact) -> tuple:
    """The order `model.assemble` gives facts, so both backends list them alike."""
    return (dates.sort_key(f.date), f.subject, f.type, f.object or "")


def to_snapshot(schema: Schema, documents: list[dict], entities: list[dict], relations: list[dict],
                events: list[dict], claims: list[dict]) -> Snapshot:
    """Rebuild a Snapshot from properties read back: `relations` rows are {s, o, p}, the rest props."""
    by_fact: dict[str, list[dict]] = {}
    for c in claims:
        by_fact.setdefault(c["fact"], []).append(c)

    def claims_of(p: dict) -> list[Claim]:
        return [_claim(c, p["type"]) for c in sorted(by_fact.get(p["id"], []), key=lambda c: c["ord"])]

    ents = sorted(entities, key=lambda p: p["id"])
    return Snapshot(
        schema=schema,
        entities={p["id"]: Entity(name=p["name"], type=p["type"], aliases=list(p.get("aliases") or []),
                                  attributes=_load(p.get("attributes_json"), {}), id=p["id"]) for p in ents},
        relations=sorted((fact(r["p"], r["s"], r["o"], claims_of(r["p"])) for r in relations), key=_order),
        events=sorted((fact(p, p["entity"], None, claims_of(p)) for p in events), key=_order),
        documents={p["id"]: Document(**{k: p.get(k) for k in DOCUMENT_FIELDS if k in p})
                   for p in sorted(documents, key=lambda p: p["id"])},
        entity_documents={p["id"]: list(p.get("documents") or []) for p in ents},
    )
