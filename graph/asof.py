"""As of a date: which relations are in effect. The one place that decides it.

A relation is **in effect on D** when all three hold:

1. **Date.** Its date, at its precision, is not after D: "2026-04" is not after 2026-04-30 (nor
   after D = "2026-04"), but it is after 2026-03-31. A relation with no date of its own is known to
   hold no later than the published date of its earliest source document, so that date stands in
   (``date_basis = "published"``). A relation with neither is *undated*: it is included and shown
   as undated, unless ``strict_dates`` leaves it out. The date that counts is ``known_date``,
   computed once when a fact is assembled and kept with it (stores write it down).
2. **Status.** Its status counts as in effect (``statuses[...].in_effect`` in the schema; no status
   counts). Pending and expected statuses (``pending: true``) count only when the query is asked
   to include pending relations (``--include-pending``); terminated never does. In control
   queries the same goes for relation types marked ``control: pending`` (options, signed deals).
3. **Termination.** No termination ended it: a relation of a type marked ``ends: true``
   (TERMINATED_DEAL_WITH) between the same two parties, in either direction, that is itself in
   effect on D by rules 1 and 2 (pending terminations never end anything), ends every other
   relation between them unless it is known to come before that relation (its date's last day
   before the relation's own stated date's first day). A later deal between the same parties is
   therefore not ended by an earlier termination.

With no D (``as_of=None``) rule 1 is skipped: everything known so far, still filtered by status
and termination. Direction comes from the schema: a control edge runs from the controller
(``controller: subject|object``; SUBSIDIARY_OF points child -> parent, so the parent controls) to
the controlled; a data-flow edge runs with ``flow: forward`` or against ``flow: reverse``
(TRAINED_ON: data goes from the object into the model). Symmetric types give both directions.

These are pure functions of a fact's own fields; ``queries.asof`` applies them to a snapshot
(views, walks, caching), the Cypher queries (``queries/neo4j.py``) restate rules 1 to 3 as
property predicates, and the HTML page's slider compares the days this module gives it.
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping

from . import dates

STATED, PUBLISHED, UNDATED = "stated", "published", "undated"


def known_date(date: str | None, sources: Iterable, published: Mapping[str, str | None]) -> str | None:
    """Rule 1's date: the fact's own date, else the earliest published date of its sources (a
    source's own, else its document's, from `published`: document id -> date); None if neither."""
    if date:
        return date
    known = [d for s in sources if (d := s.published or published.get(s.document))]
    return min(known, key=dates.sort_key) if known else None


def basis(date: str | None, known: str | None) -> str:
    """What a fact's known date rests on: its own date, else a source's publication, else nothing."""
    return STATED if date else PUBLISHED if known else UNDATED


def passes(schema, status: str | None, known: str | None, as_of: str | None, *, pending_ok: bool,
           strict_dates: bool) -> bool:
    """Rules 1 and 2 for a fact with this status and known date."""
    if known is None:
        if strict_dates:
            return False
    elif as_of is not None and not dates.not_after(known, as_of):
        return False
    return schema.in_effect(status) or (pending_ok and schema.is_pending(status))


def before(termination: str | None, stated: str | None) -> bool:
    """Rule 3's exception: the termination is known to come before the relation's stated date."""
    return bool(termination and stated) and dates.last_day(termination) < dates.first_day(stated)


def enders(stated: str | None, terminations: Iterable[str | None]) -> list[str | None]:
    """Rule 3: of the known dates of the terminations in effect between a relation's two parties,
    those that end a relation with this stated date."""
    return [t for t in terminations if not before(t, stated)]


def ending_types(schema) -> set[str]:
    return {n for n, t in schema.relation_types.items() if t.ends}


def terminations(schema, relations: Iterable, facts: Iterable,
                 counts: Callable[[object], bool]) -> dict[str, list[str | None]]:
    """Rule 3 over a whole graph (`relations`, all of them): fact id -> the known dates (None when
    undated) of the terminations that end it, for the facts among `facts` that some termination ends.

    `counts` says which terminations are in effect (the HTML slider: status alone, since the page
    compares the dates itself). A termination never ends a termination.
    """
    kinds = ending_types(schema)
    stops: dict[frozenset, list[str | None]] = {}
    for t in relations:
        if t.type in kinds and counts(t):
            stops.setdefault(frozenset((t.subject, t.object)), []).append(t.known_date)
    out = {}
    for f in facts:
        pair = stops.get(frozenset((f.subject, f.object))) if f.type not in kinds else None
        ended = enders(f.date, pair or ())
        if ended:
            out[f.id] = ended
    return out
