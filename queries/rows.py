"""Row builders and shared parameters, so every query spells a hop or a fact the same way.

Column vocabulary (identical in every query that has the column):
    from, to / subject, object   entity ids; *_name the entity's canonical name
    relation / type              relation type (schema name)
    direction                    "forward" when the hop runs subject -> object, "reverse" otherwise
    date, date_basis             the date queries use and where it comes from (see graph.asof):
                                 "stated" (the fact's own date, precision kept), "published" (the
                                 earliest source's published date) or "undated" (date is None)
    status                       the fact's status or None
    amount, currency             the amount's value (float) and currency code, or None
    percent                      stake in percent (float) or None
    sources                      sorted list of the document ids behind the fact
    fact                         the fact id (rel-... or evt-...)
"""
from __future__ import annotations

from typing import Any

from ..graph import dates
from ..graph.model import Fact
from ..graph.snapshot import Snapshot
from . import asof
from .registry import Param

HOP_COLUMNS = ("from", "from_name", "to", "to_name", "relation", "direction", "date", "date_basis", "status",
               "amount", "currency", "percent", "sources", "fact")
FACT_COLUMNS = ("date", "date_basis", "kind", "type", "subject", "subject_name", "object", "object_name", "status",
                "amount", "currency", "percent", "sources", "fact")

AS_OF = Param("as_of", "date", "Only relations in effect on this date (YYYY, YYYY-MM or YYYY-MM-DD).")
PENDING = Param("include_pending", "flag", "Count pending and expected relations (options, signed deals) too.",
                default=False)
STRICT = Param("strict_dates", "flag", "Leave out relations with no date at all (no stated or published date).",
               default=False)
DEPTH = Param("max_depth", "int", "Longest chain followed, in hops.", default=6)
SINCE = Param("since", "date", "Only what may fall on or after this date (partial dates overlap).")
UNTIL = Param("until", "date", "Only what may fall on or before this date (partial dates overlap).")


def name(snap: Snapshot, eid: str | None) -> str | None:
    if eid is None:
        return None
    e = snap.entity(eid)
    return e.name if e else eid


def depth(value: Any, what: str = "max depth") -> int:
    from ..exc import InputError

    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"bad {what} {value!r}: expected a whole number of hops, 1 or more")
    return value


def _qualifiers(snap: Snapshot, f: Fact) -> dict[str, Any]:
    date, basis = asof.known(f)
    amount = f.amount or {}
    value = amount.get("value")
    return {"date": date, "date_basis": basis, "status": f.status,
            "amount": None if value is None else float(value), "currency": amount.get("currency"),
            "percent": None if f.percent is None else float(f.percent), "sources": f.documents, "fact": f.id}


def hop(snap: Snapshot, u: str, v: str, f: Fact) -> dict[str, Any]:
    """One step u -> v along fact f (which may point the other way: SUBSIDIARY_OF, TRAINED_ON)."""
    return {"from": u, "from_name": name(snap, u), "to": v, "to_name": name(snap, v), "relation": f.type,
            "direction": "forward" if (u, v) == (f.subject, f.object) else "reverse", **_qualifiers(snap, f)}


def fact(snap: Snapshot, f: Fact) -> dict[str, Any]:
    """A relation or event as one row (events have no object)."""
    return {"kind": f.kind, "type": f.type, "subject": f.subject, "subject_name": name(snap, f.subject),
            "object": f.object, "object_name": name(snap, f.object), **_qualifiers(snap, f)}


def date_key(date: str | None, fact_id: str) -> tuple:
    """Row order of dated listings: first day, vaguer before more precise, undated last; then fact id."""
    return (*dates.sort_key(date), fact_id)


def overlaps(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a partial date may fall within [since, until]; undated never does once a bound is set."""
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or dates.last_day(date) >= dates.first_day(since)) and \
        (until is None or dates.not_after(date, until))
