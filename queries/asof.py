"""As of a date: which relations are in effect. The one place that decides it.

A relation is **in effect on D** when all three hold:

1. **Date.** Its date, at its precision, is not after D: "2026-04" is not after 2026-04-30 (nor
   after D = "2026-04"), but it is after 2026-03-31. A relation with no date of its own is known to
   hold no later than the published date of its earliest source document, so that date stands in
   (``date_basis = "published"``). A relation with neither is *undated*: it is included and shown
   as undated, unless ``strict_dates`` leaves it out.
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

The filtered relations and their control and flow graphs are built once per (as_of,
include_pending, strict_dates) and cached on the snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import networkx as nx

from ..graph import dates
from ..graph.model import Fact
from ..graph.snapshot import Snapshot

STATED, PUBLISHED, UNDATED = "stated", "published", "undated"
_VIEWS_KEPT = 8


def cache(snap: Snapshot) -> dict:
    """Per-snapshot memo for query structures; a new snapshot (any store change) starts empty."""
    return vars(snap).setdefault("_query_cache", {})


def fact_dates(snap: Snapshot) -> dict[str, tuple[str | None, str]]:
    """fact id -> (date the queries use, its basis: stated | published | undated)."""
    memo = cache(snap)
    if "dates" not in memo:
        published = {d.id: d.published for d in snap.documents.values()}
        out: dict[str, tuple[str | None, str]] = {}
        for f in [*snap.relations, *snap.events]:
            if f.date:
                known_date = f.date
            else:
                known = [d for s in f.sources if (d := s.published or published.get(s.document))]
                known_date = min(known, key=dates.sort_key) if known else None
            out[f.id] = (known_date, basis(f.date, known_date))
        memo["dates"] = out
    return memo["dates"]


def basis(date: str | None, known_date: str | None) -> str:
    """What a fact's known date rests on: its own date, else a source's publication, else nothing."""
    return STATED if date else PUBLISHED if known_date else UNDATED


def parse_date(value, what: str) -> str | None:
    return dates.parse_iso(value, what=what)


class Links:
    """Directed multi-edges as plain dicts (succ[u][v][fact id] = fact, pred mirrored).

    Lighter and several times faster to build than a networkx MultiDiGraph at 10^6 relations;
    the walks in ``queries.walk`` take ``succ`` or ``pred`` as their adjacency.
    """

    def __init__(self) -> None:
        self.succ: dict[str, dict[str, dict[str, Fact]]] = {}
        self.pred: dict[str, dict[str, dict[str, Fact]]] = {}

    def add(self, u: str, v: str, f: Fact) -> None:
        self.succ.setdefault(u, {}).setdefault(v, {})[f.id] = f
        self.pred.setdefault(v, {}).setdefault(u, {})[f.id] = f

    def __contains__(self, node: str) -> bool:
        return node in self.succ or node in self.pred

    def has_edge(self, u: str, v: str) -> bool:
        return v in self.succ.get(u, {})


@dataclass
class View:
    """The relations in effect under one (as_of, include_pending, strict_dates) reading."""

    snap: Snapshot
    as_of: str | None
    include_pending: bool
    strict_dates: bool
    facts: list[Fact] = field(default_factory=list)
    _control: Links | None = None
    _flow: Links | None = None
    _ultimate: set[str] | None = None

    def control(self) -> Links:
        """controller -> controlled, keyed by fact id (pending-control types only with include_pending)."""
        if self._control is None:
            types = self.snap.schema.relation_types
            wanted = {n for n, t in types.items()
                      if t.control == "effective" or (t.control == "pending" and self.include_pending)}
            self._control = self._directed(wanted, lambda t: t.controller == "object")
        return self._control

    def flow(self) -> Links:
        """data source -> destination, keyed by fact id."""
        if self._flow is None:
            types = self.snap.schema.relation_types
            wanted = {n for n, t in types.items() if t.flow in ("forward", "reverse")}
            self._flow = self._directed(wanted, lambda t: t.flow == "reverse")
        return self._flow

    def _directed(self, wanted: set[str], flipped) -> Links:
        types = self.snap.schema.relation_types
        links = Links()
        for f in self.facts:
            if f.type not in wanted:
                continue
            t = types[f.type]
            u, v = (f.object, f.subject) if flipped(t) else (f.subject, f.object)
            links.add(u, v, f)
            if t.symmetric:
                links.add(v, u, f)
        return links

    def ultimate(self) -> set[str]:
        """Entities nobody outside their own control cycle controls (source components)."""
        if self._ultimate is None:
            g = nx.DiGraph()
            g.add_edges_from((u, v) for u, vs in self.control().succ.items() for v in vs)
            cond = nx.condensation(g)
            self._ultimate = {n for c in cond if cond.in_degree(c) == 0 for n in cond.nodes[c]["members"]}
        return self._ultimate


def in_effect(snap: Snapshot, as_of: str | None = None, *, include_pending: bool = False,
              strict_dates: bool = False) -> Iterator[Fact]:
    """The relations in effect on `as_of` (see the module docstring), in snapshot order."""
    schema, known = snap.schema, fact_dates(snap)

    def passes(f: Fact, pending_ok: bool) -> bool:
        date, basis = known[f.id]
        if date is None:
            if strict_dates:
                return False
        elif as_of is not None and not dates.not_after(date, as_of):
            return False
        return schema.in_effect(f.status) or (pending_ok and schema.is_pending(f.status))

    ends = {n for n, t in schema.relation_types.items() if t.ends}
    candidates = [f for f in snap.relations if f.type not in ends and passes(f, include_pending)]
    ended = terminations(snap, candidates, lambda t: passes(t, False))
    yield from (f for f in candidates if f.id not in ended)


def terminations(snap: Snapshot, facts: Iterable[Fact],
                 counts: Callable[[Fact], bool]) -> dict[str, list[str | None]]:
    """Rule 3 of the module docstring: fact id -> the dates (as the queries use them, None when
    undated) of the terminations that end it, for the facts among `facts` that some termination ends.

    `counts` says which terminations are in effect (the queries: rules 1 and 2 on the as-of date;
    the HTML slider: status alone, since the page compares the dates itself). A termination never
    ends a termination.
    """
    known = fact_dates(snap)
    kinds = {n for n, t in snap.schema.relation_types.items() if t.ends}
    stops: dict[frozenset, list[str | None]] = {}
    for t in snap.relations:
        if t.type in kinds and counts(t):
            stops.setdefault(frozenset((t.subject, t.object)), []).append(known[t.id][0])
    out = {}
    for f in facts:
        pair = stops.get(frozenset((f.subject, f.object))) if f.type not in kinds else None
        enders = [t for t in pair or () if not _before(t, f.date)]
        if enders:
            out[f.id] = enders
    return out


def _before(termination: str | None, stated: str | None) -> bool:
    """True when the termination is known to come before the relation's stated date."""
    return bool(termination and stated) and dates.last_day(termination) < dates.first_day(stated)


def view(snap: Snapshot, as_of: str | None = None, *, include_pending: bool = False,
         strict_dates: bool = False) -> View:
    """The cached View for this reading; `as_of` is a partial ISO date (validated here)."""
    as_of = parse_date(as_of, "as-of date")
    key = (as_of, bool(include_pending), bool(strict_dates))
    views: dict = cache(snap).setdefault("views", {})
    if key not in views:
        if len(views) >= _VIEWS_KEPT:
            views.pop(next(iter(views)))
        facts = list(in_effect(snap, as_of, include_pending=include_pending, strict_dates=strict_dates))
        views[key] = View(snap, as_of, bool(include_pending), bool(strict_dates), facts)
    return views[key]
