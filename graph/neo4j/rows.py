"""The dealgraph graph model in Neo4j, and the conversions between a Snapshot and Neo4j properties.

    (:Entity:Company {id, name, type, aliases, documents, norms, attributes_json})  + a label per type
    (:Entity)-[:ACQUIRED {id, type, category, date, date_from, date_to, date_text, status, amount,
                          currency, percent, documents, known_date, attributes_json,
                          conflicts_json, source_documents, source_quotes, source_starts,
                          source_ends, source_rules[, source_titles, source_published,
                          source_urls]}]->(:Entity)
    (:Event {id, type, entity, date, ..., same qualifiers and source lists})-[:OF]->(:Entity)
    (:Document {id, key, sha256, title, url, published, loader, chars, ingested_at, extraction_gz})
    (:Judgement {seq, kind, a, b})

A relation is a relationship whose type is the relation type, so `MATCH (a)-[:ACQUIRED]->(b)` reads
naturally. Its provenance lives on it as parallel lists, entry i being its i-th source statement
(`source_documents[i]` is a `:Document` id, `source_quotes[i]` the quote, `source_starts[i]`/
`source_ends[i]` its offsets, -1 when unknown); a curated source's own title, publication date and
URL add three more lists ("" when absent) on the facts that have one. Lists rather than a node per
statement, and nothing stored twice: loading time is the records written, and every property
costs on each of 10^5 relationships. What each claim stated on its own (its qualifiers) is in its
document's extraction (`:Document {extraction_gz}`), from which dealgraph resolves the graph.
Neo4j has no null and no maps: absent values are absent properties, and maps are JSON strings.

Relations and entities carry the property names of the embedded store's Cypher graph
(`queries/cypher.py`), so a read query runs unchanged on either backend. `known_date` is the date
queries use (`graph.asof.known_date`): `date` when stated, else the earliest source's publication
date. Partial ISO dates compare as text, so no day-precision copies are stored (`queries/neo4j.py`,
`_before`). `norms` are the normalised names and aliases
an entity is found by. A document's extraction is stored gzipped (`extraction_gz`, bytes): only
dealgraph reads it, and a sixth of the bytes is a sixth of the writing.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
from typing import Any

from ..model import Claim, Entity, Extraction, Fact, Source
from ..names import normalize
from ..schema import Schema
from ..snapshot import Snapshot

# A curated source's own fields, as parallel lists beside source_documents ... source_rules.
CURATED_LISTS = {"title": "source_titles", "published": "source_published", "url": "source_urls"}
UNKNOWN_OFFSET = -1  # lists hold no nulls
ABSENT = ""


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


_OPTIONAL = ("date_from", "date_to", "date_text", "status", "percent")


def fact_props(f: Fact, schema: Schema, known_date: str | None) -> dict[str, Any]:
    """`known_date` is the date queries use (`Fact.known_date`); its basis follows from
    whether `date` is there. Absent values are left out. Written out rather than built and
    cleaned: it runs once per relation of every load.
    """
    srcs = [c.source for c in f.claims if c.source is not None]
    props: dict[str, Any] = {"id": f.id, "type": f.type, "documents": sorted({s.document for s in srcs})}
    if f.date:
        props["date"] = f.date
    if known_date:
        props["known_date"] = known_date
    for key in _OPTIONAL:
        if (value := getattr(f, key)) is not None:
            props[key] = value
    if f.amount:
        for key, field in (("amount", "value"), ("currency", "currency")):
            if f.amount.get(field) is not None:
                props[key] = f.amount[field]
    if f.attributes:
        props["attributes_json"] = _dump(f.attributes)
    if f.conflicts:
        props["conflicts_json"] = _dump(f.conflicts)
    if srcs:
        props.update(source_props(srcs))
    if f.kind == "relation":
        rt = schema.relation_types.get(f.type)
        if rt is not None:
            props["category"] = rt.category
    else:
        props["entity"] = f.subject
    return props


def source_props(srcs: list[Source]) -> dict[str, list]:
    """Sources as parallel lists, for Cypher; the curated fields only where some source has them."""
    out = {"source_documents": [s.document for s in srcs], "source_quotes": [s.quote for s in srcs],
           "source_starts": [UNKNOWN_OFFSET if s.start is None else s.start for s in srcs],
           "source_ends": [UNKNOWN_OFFSET if s.end is None else s.end for s in srcs],
           "source_rules": [s.rule for s in srcs]}
    if any(s.title is not None or s.published is not None or s.url is not None for s in srcs):
        for field, key in CURATED_LISTS.items():
            values = [getattr(s, field) for s in srcs]
            if any(v is not None for v in values):
                out[key] = [ABSENT if v is None else v for v in values]
    return out


def sources(p: dict[str, Any]) -> list[Source]:
    """The sources of a fact from its properties (`source_props` reversed)."""
    n = len(p.get("source_documents") or ())

    def column(key: str, absent: Any = None) -> list:
        return [None if v == absent else v for v in p.get(key) or [absent] * n]

    return [Source(document=d, quote=q, start=a, end=b, rule=r, title=t, published=pub, url=u)
            for d, q, a, b, r, t, pub, u in zip(
                column("source_documents"), column("source_quotes"), column("source_starts", UNKNOWN_OFFSET),
                column("source_ends", UNKNOWN_OFFSET), column("source_rules"), column("source_titles", ABSENT),
                column("source_published", ABSENT), column("source_urls", ABSENT))]


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
    # level 3: 15% more bytes than the default 6 in half the time (measured on generated extractions)
    return _clean({**ext.document.to_dict(), "extraction_gz": gzip.compress(text.encode(), 3, mtime=0)})


@dataclasses.dataclass
class GraphRows:
    """The resolved graph as Neo4j properties, keyed by id (what a sync compares and writes)."""

    entities: dict[str, dict[str, Any]]
    relations: dict[str, tuple[str, str, dict[str, Any]]]  # id -> (subject id, object id, props)
    events: dict[str, dict[str, Any]]


def graph_rows(snap: Snapshot) -> GraphRows:
    return GraphRows(
        entities={e.id: entity_props(e, snap.entity_documents.get(e.id, [])) for e in snap.entities.values()},
        relations={f.id: (f.subject, f.object, fact_props(f, snap.schema, f.known_date)) for f in snap.relations},
        events={f.id: fact_props(f, snap.schema, f.known_date) for f in snap.events},
    )


# -- properties -> Snapshot ----------------------------------------------------------------------

def extraction(props: dict[str, Any]) -> Extraction:
    return Extraction.from_dict(json.loads(gzip.decompress(props["extraction_gz"])))


def fact(p: dict[str, Any], subject: str, obj: str | None) -> Fact:
    """A Fact from the properties of a relation or event: its qualifiers and one claim per source."""
    amount = {"value": p["amount"], "currency": p.get("currency")} if p.get("amount") is not None else None
    claims = [Claim(type=p["type"], subject=subject, object=obj, source=src) for src in sources(p)]
    return Fact(id=p["id"], kind="event" if obj is None else "relation", type=p["type"], subject=subject,
                object=obj, claims=claims, date=p.get("date"), date_from=p.get("date_from"),
                date_to=p.get("date_to"), date_text=p.get("date_text"), status=p.get("status"),
                amount=amount, percent=p.get("percent"),
                attributes=_load(p.get("attributes_json"), {}), conflicts=_load(p.get("conflicts_json"), {}),
                known_date=p.get("known_date"))
