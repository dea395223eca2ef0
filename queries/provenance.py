"""Provenance: the quotes and documents behind facts, and the facts whose sources disagree."""
from __future__ import annotations

import difflib
import json
import re
from typing import Any

from ..exc import NotFoundError
from ..graph.present import source_dict
from ..graph.snapshot import Snapshot
from . import rows
from .registry import Param, Table, register, result

HEAD_COLUMNS = ("fact", "kind", "subject", "subject_name", "type", "object", "object_name")
SOURCE_COLUMNS = (*HEAD_COLUMNS, "document", "title", "published", "url", "quote", "start", "end", "rule")
CONFLICT_COLUMNS = (*HEAD_COLUMNS, "qualifier", "side", "value", "chosen", "documents")


def _head(snap: Snapshot, f) -> dict[str, Any]:
    r = rows.fact(snap, f)
    return {c: r[c] for c in HEAD_COLUMNS}


@register("sources", Param("ref", "text", "An entity (name, alias or id) or a fact id (rel-... / evt-...).",
                           required=True), columns=SOURCE_COLUMNS)
def sources(snap: Snapshot, ref: str) -> Table:
    """Every quote and document behind a relation or event (by fact id), or behind everything about an entity.

    REF is a fact id (as listed by `dealgraph relations`/`events`) or an entity; for an entity,
    every relation it is subject or object of and every event of it.
    Columns: fact, kind, subject, subject_name, type, object, object_name (the fact), then one
    source: document (id), title, published, url (the source's own, else its document's), quote,
    start, end (character offsets into the document's text, None for curated facts), rule.
    Row order: fact id, document, start (None last), quote.
    """
    facts = [found] if (found := snap.fact(ref)) is not None else []
    if not facts:
        try:
            eid = snap.find(ref).id
        except NotFoundError as exc:
            if looks_like_fact_id(ref):
                raise NotFoundError("fact id", ref, close_fact_ids(ref, [f.id for f in snap.facts()]))\
                    from None
            raise NotFoundError("entity or fact id", ref, exc.suggestions) from None
        facts = snap.touching(eid)
    out = [{**_head(snap, f), **{k: v for k, v in source_dict(snap, s).items() if k in SOURCE_COLUMNS}}
           for f in facts for s in f.sources]
    out.sort(key=lambda r: (r["fact"], r["document"], r["start"] is None, r["start"] or 0, r["quote"]))
    nodes = {e for f in facts for e in (f.subject, f.object) if e is not None}
    return result(out, SOURCE_COLUMNS, nodes=nodes, edges=(f.id for f in facts if f.kind == "relation"))


_FACT_ID = re.compile(r"^(?:rel|evt)-", re.I)


def looks_like_fact_id(ref: str) -> bool:
    """'rel-...' or 'evt-...': a fact id, not a name, so suggest fact ids and never an entity's name."""
    return bool(_FACT_ID.match(ref))


def close_fact_ids(ref: str, ids: list[str], limit: int = 3) -> list[str]:
    """Fact ids `ref` may have meant: those it begins (a shortened id), then near misses (a typo)."""
    ref = ref.lower()
    starts = sorted(i for i in ids if i.startswith(ref))
    return list(dict.fromkeys(starts + difflib.get_close_matches(ref, ids, n=limit, cutoff=0.8)))[:limit]


def render(value: Any) -> str | None:
    """A qualifier value as text: strings as they are, numbers plainly, mappings as sorted JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


@register("conflicts", Param("entity", "entity", "Only facts about this entity."), columns=CONFLICT_COLUMNS)
def conflicts(snap: Snapshot, entity: str | None = None) -> Table:
    """Facts whose sources disagree: one row per side of each disagreement, with the documents behind it.

    A qualifier (date, status, amount, percent, attributes.NAME) is in conflict when sources give
    values that do not refine one another ("2026-05" and "2026-05-25" agree).
    Columns: fact, kind, subject, subject_name, type, object, object_name, qualifier, side (from 1,
    best-supported first as the store ranks them), value (as text: strings as given, numbers
    plainly, amounts and other mappings as JSON with sorted keys), chosen (True for the value the
    fact carries), documents (sorted list of document ids stating this value).
    Row order: fact id, qualifier, side.
    """
    pool = snap.touching(snap.find(entity).id) if entity is not None else snap.conflicted()
    out, facts = [], []
    for f in sorted(pool, key=lambda f: f.id):
        if not f.conflicts:
            continue
        facts.append(f)
        out.extend(sides(_head(snap, f), f))
    nodes = {e for f in facts for e in (f.subject, f.object) if e is not None}
    return result(out, CONFLICT_COLUMNS, nodes=nodes, edges=(f.id for f in facts if f.kind == "relation"))


def sides(head: dict[str, Any], f) -> list[dict[str, Any]]:
    """The conflict rows of one fact (every backend shapes them here): qualifier, side, value, chosen, documents."""
    out = []
    for qualifier in sorted(f.conflicts):
        chosen = render(_current(f, qualifier))
        for side, s in enumerate(f.conflicts[qualifier], start=1):
            value = render(s["value"])
            out.append({**head, "qualifier": qualifier, "side": side, "value": value, "chosen": value == chosen,
                        "documents": sorted({src["document"] for src in s["sources"]})})
    return out


def _current(f, qualifier: str) -> Any:
    if qualifier.startswith("attributes."):
        return f.attributes.get(qualifier.split(".", 1)[1])
    return getattr(f, qualifier)
