"""Dated listings: the timeline of relations and events, and the deals.

Neither applies the as-of reading: they show every relation whatever its status (terminated and
pending ones included, their status says so), in date order with the date's precision kept.
"""
from __future__ import annotations

from ..graph.snapshot import Snapshot
from . import asof, rows
from .registry import Param, Table, register, result

DEAL_CATEGORIES = ("control", "data")


def _listing(snap: Snapshot, facts, since, until) -> Table:
    since, until = asof.parse_date(since, "since date"), asof.parse_date(until, "until date")
    picked = sorted((f for f in facts if rows.overlaps(f.known_date, since, until)),
                    key=lambda f: rows.date_key(f.known_date, f.id))
    out = [rows.fact(snap, f) for f in picked]
    nodes = {e for f in picked for e in (f.subject, f.object) if e is not None}
    return result(out, rows.FACT_COLUMNS, nodes=nodes, edges=(f.id for f in picked))


@register("timeline", Param("entity", "entity", "Only what involves this entity.", arg=True), rows.SINCE, rows.UNTIL,
          columns=rows.FACT_COLUMNS)
def timeline(snap: Snapshot, entity: str | None = None, *, since: str | None = None,
             until: str | None = None) -> Table:
    """Relations and events in date order, precision kept (optionally only those involving ENTITY).

    A relation involves ENTITY as subject or object, an event as its entity. --since/--until keep
    what may fall in the window: a partial date overlaps it ("2026-04" is kept by --until 2026-04-01);
    with either bound set, undated rows are left out.
    Columns: the fact columns of ``queries.rows`` (date, date_basis, kind "relation"|"event", type,
    subject, subject_name, object, object_name (None for events), status, amount, currency,
    percent, sources, fact).
    Row order: date's first day, vaguer before more precise ("2026" before "2026-01" before
    "2026-01-01"), undated last; ties by fact id.
    """
    facts = snap.touching(snap.find(entity).id) if entity is not None else snap.facts()
    return _listing(snap, facts, since, until)


@register("deals", Param("party", "entity", "Only deals with this entity on either side."),
          Param("type", "relation-type", "Only this relation type (any type in the schema)."),
          Param("status", "status", "Only this status."), rows.SINCE, rows.UNTIL, columns=rows.FACT_COLUMNS)
def deals(snap: Snapshot, *, party: str | None = None, type: str | None = None, status: str | None = None,
          since: str | None = None, until: str | None = None) -> Table:
    """Deals in date order: control and data relations (acquisitions, options, stakes, data deals, licences) and terminations.

    A deal is a relation whose type's category is control or data, or whose type ends deals
    (``ends: true``); --type picks one relation type instead (any in the schema). --party matches
    subject or object; --since/--until as for timeline.
    Columns and row order: as for timeline (kind is always "relation").
    """
    schema = snap.schema
    eid = snap.find(party).id if party is not None else None
    if type is not None:
        wanted = {schema.relation_type(type).name}
    else:
        wanted = {n for n, t in schema.relation_types.items() if t.category in DEAL_CATEGORIES or t.ends}
    status = schema.status(status)
    facts = [f for f in (snap.facts("relation") if eid is None else snap.touching(eid))
             if f.kind == "relation" and f.type in wanted and (status is None or f.status == status)]
    return _listing(snap, facts, since, until)
