"""The dealgraph graph model in Neo4j, and the conversions between a Snapshot and Neo4j properties.

    (:Entity:Company {id, name, type, aliases, documents, norms, attributes_json})  + a label per type
    (:Entity)-[:ACQUIRED {id, type, category, date, date_from, date_to, date_text, status, amount,
                          currency, percent, sources, documents, known_date, date_basis,
                          date_first, known_first, known_last, attributes_json, conflicts_json,
                          amount_json, source_documents, source_quotes, source_starts,
                          source_ends, source_rules, claims_json}]->(:Entity)
    (:Event {id, type, entity, date, ..., same qualifiers and source lists})-[:OF]->(:Entity)
    (:Document {id, key, sha256, title, url, published, loader, chars, ingested_at, extraction_gz})
    (:Judgement {seq, kind, a, b})

A relation is a relationship whose type is the relation type, so `MATCH (a)-[:ACQUIRED]->(b)` reads
naturally. Its provenance lives on it as parallel lists, entry i being its i-th source statement
(`source_documents[i]` is a `:Document` id, `source_quotes[i]` the quote, `source_starts[i]`/
`source_ends[i]` its offsets, -1 when unknown); `claims_json` keeps each claim's own statement
(qualifiers, amount, a curated source's title) so the Snapshot can be rebuilt. Lists rather than a
node per statement: a push writes half the records, and loading time is the records written.
Neo4j has no null and no maps: absent values are absent properties, and maps are JSON strings.

Relations and entities carry the property names of the embedded store's Cypher graph
(`queries/cypher.py`), so a read query runs unchanged on either backend. Partial dates are also
written as days so Cypher can compare them as strings: `date_first` (first day of the stated
date), `known_date`/`date_basis` (the date queries use, see `queries.asof.fact_dates`) and
`known_first`/`known_last` (its first and last day). `norms` are the normalised names and aliases
an entity is found by. A document's extraction is stored gzipped (`extraction_gz`, bytes): only
dealgraph reads it, and a seventh of the bytes is a seventh of the writing.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
from datetime import date
from typing import Any

from .. import dates
from ..model import Claim, Document, Entity, Extraction, Fact
from ..names import normalize
from ..schema import Schema
from ..snapshot import Snapshot

DOCUMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Document))
# Source fields kept as parallel lists on the fact (the rest of a source stays in claims_json).
SOURCE_LISTS = {"document": "source_documents", "quote": "source_quotes", "start": "source_starts",
                "end": "source_ends", "rule": "source_rules"}
UNKNOWN_OFFSET = -1  # lists hold no nulls


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
    props.update(source_props(f))
    if f.kind == "relation":
        rt = schema.relation_types.get(f.type)
        props["category"] = rt.category if rt else None
    else:
        props["entity"] = f.subject
    return _clean(props)


def source_props(f: Fact) -> dict[str, Any]:
    """A fact's claims: its sources as parallel lists for Cypher, the rest as `claims_json`."""
    lists: dict[str, list] = {key: [] for key in SOURCE_LISTS.values()}
    claims = []
    for c in f.claims:
        d = _claim_dict(c)
        del d["type"]  # the fact's
        if "source" in d:
            src = d["source"]
            for field, key in SOURCE_LISTS.items():
                value = src.pop(field, None)
                lists[key].append(UNKNOWN_OFFSET if value is None else value)
        claims.append(d)
    return {**(lists if lists["source_documents"] else {}), "claims_json": _dump(claims)}


def claims(p: dict[str, Any]) -> list[Claim]:
    """The claims of a fact from its properties (`source_props` reversed)."""
    sources = iter(range(len(p.get("source_documents") or ())))
    out = []
    for d in _load(p.get("claims_json"), []):
        if "source" in d:
            i = next(sources)
            d["source"].update({field: p[key][i] for field, key in SOURCE_LISTS.items()})
            for field in ("start", "end"):
                if d["source"][field] == UNKNOWN_OFFSET:
                    d["source"][field] = None
        out.append(Claim.from_dict({"type": p["type"], **d}))
    return out


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
    text = json.dumps(extraction_dict(ext), ensure_ascii=False, sort_keys=True)
    return _clean({**ext.document.to_dict(), "extraction_gz": gzip.compress(text.encode(), 6, mtime=0)})


@dataclasses.dataclass
class GraphRows:
    """The resolved graph as Neo4j properties, keyed by id (what a sync compares and writes)."""

    entities: dict[str, dict[str, Any]]
    relations: dict[str, tuple[str, str, dict[str, Any]]]  # id -> (subject id, object id, props)
    events: dict[str, dict[str, Any]]


def graph_rows(snap: Snapshot) -> GraphRows:
    from ...queries.asof import fact_dates  # the one definition of the date queries use

    known = fact_dates(snap)
    return GraphRows(
        entities={e.id: entity_props(e, snap.entity_documents.get(e.id, [])) for e in snap.entities.values()},
        relations={f.id: (f.subject, f.object, fact_props(f, snap.schema, known[f.id])) for f in snap.relations},
        events={f.id: fact_props(f, snap.schema, known[f.id]) for f in snap.events},
    )


# -- properties -> Snapshot ----------------------------------------------------------------------

def extraction(props: dict[str, Any]) -> Extraction:
    return Extraction.from_dict(json.loads(gzip.decompress(props["extraction_gz"])))


def fact(p: dict[str, Any], subject: str, obj: str | None) -> Fact:
    """A Fact from the properties of a relation or event."""
    return Fact(id=p["id"], kind="event" if obj is None else "relation", type=p["type"], subject=subject,
                object=obj, claims=claims(p), date=p.get("date"), date_from=p.get("date_from"),
                date_to=p.get("date_to"), date_text=p.get("date_text"), status=p.get("status"),
                amount=_load(p.get("amount_json"), None), percent=p.get("percent"),
                attributes=_load(p.get("attributes_json"), {}), conflicts=_load(p.get("conflicts_json"), {}))


def _order(f: Fact) -> tuple:
    """The order `model.assemble` gives facts, so both backends list them alike."""
    return (dates.sort_key(f.date), f.subject, f.type, f.object or "")


def to_snapshot(schema: Schema, documents: list[dict], entities: list[dict], relations: list[dict],
                events: list[dict]) -> Snapshot:
    """Rebuild a Snapshot from properties read back: `relations` rows are {s, o, p}, the rest props."""
    ents = sorted(entities, key=lambda p: p["id"])
    return Snapshot(
        schema=schema,
        entities={p["id"]: Entity(name=p["name"], type=p["type"], aliases=list(p.get("aliases") or []),
                                  attributes=_load(p.get("attributes_json"), {}), id=p["id"]) for p in ents},
        relations=sorted((fact(r["p"], r["s"], r["o"]) for r in relations), key=_order),
        events=sorted((fact(p, p["entity"], None) for p in events), key=_order),
        documents={p["id"]: Document(**{k: p.get(k) for k in DOCUMENT_FIELDS if k in p})
                   for p in sorted(documents, key=lambda p: p["id"])},
        entity_documents={p["id"]: list(p.get("documents") or []) for p in ents},
    )
