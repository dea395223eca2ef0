"""The as-of reading of a snapshot: which relations are in effect, and the control and flow graphs
they make. The rules themselves are ``graph.asof`` (the one place that decides them); this module
applies them.

A View is one reading (as_of, include_pending, strict_dates). Its control and flow graphs are
filled node by node as walks reach them, from the snapshot's indexed lookups
(``Snapshot.incident``), so a query reads the neighbourhood it walks and nothing else, whether the
snapshot sits in memory or in a database. Views are cached on the snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..graph import asof as rules
from ..graph import dates
from ..graph.asof import PUBLISHED, STATED, UNDATED, basis  # noqa: F401 - the vocabulary queries use
from ..graph.model import Fact
from ..graph.snapshot import Snapshot

_VIEWS_KEPT = 8


def cache(snap: Snapshot) -> dict:
    """Per-snapshot memo for query structures; a new snapshot (any store change) starts empty."""
    return vars(snap).setdefault("_query_cache", {})


def known(f: Fact) -> tuple[str | None, str]:
    """(date the queries use, its basis: stated | published | undated) of one fact."""
    return f.known_date, basis(f.date, f.known_date)


def fact_dates(snap: Snapshot) -> dict[str, tuple[str | None, str]]:
    """fact id -> `known(f)` for every fact of the snapshot (whole-graph readers)."""
    return {f.id: known(f) for f in [*snap.relations, *snap.events]}


def parse_date(value, what: str) -> str | None:
    return dates.parse_iso(value, what=what)


class _Side:
    """One direction (succ or pred) of a Links, as the read-only mapping the walks take."""

    def __init__(self, links: "Links", i: int):
        self._links, self._i = links, i

    def get(self, u: str, default=None):
        found = self._links.node(u)[self._i]
        return found if found else default

    def __getitem__(self, u: str) -> dict[str, dict[str, Fact]]:
        return self._links.node(u)[self._i]

    def __contains__(self, u: str) -> bool:
        return bool(self._links.node(u)[self._i])


class Links:
    """Directed multi-edges of one reading: succ[u][v][fact id] = fact, pred mirrored.

    Filled one node at a time: `node(u)` reads u's relations of the wanted types from the
    snapshot once and keeps those in effect, pointed by the schema.
    """

    def __init__(self, view: "View", wanted: set[str], flipped: Callable):
        self.view, self.wanted, self.flipped = view, wanted, flipped
        self.succ, self.pred = _Side(self, 0), _Side(self, 1)
        self._nodes: dict[str, tuple[dict, dict]] = {}

    def node(self, u: str) -> tuple[dict[str, dict[str, Fact]], dict[str, dict[str, Fact]]]:
        if u not in self._nodes:
            succ: dict[str, dict[str, Fact]] = {}
            pred: dict[str, dict[str, Fact]] = {}
            types = self.view.snap.schema.relation_types
            for other, f in self.view.snap.incident(u, self.wanted):
                if not self.view.counts(f):
                    continue
                t = types[f.type]
                if t.symmetric:
                    succ.setdefault(other, {})[f.id] = f
                    pred.setdefault(other, {})[f.id] = f
                elif (f.subject == u) != self.flipped(t):  # u is where the edge starts
                    succ.setdefault(other, {})[f.id] = f
                else:
                    pred.setdefault(other, {})[f.id] = f
            self._nodes[u] = (succ, pred)
        return self._nodes[u]

    def __contains__(self, node: str) -> bool:
        succ, pred = self.node(node)
        return bool(succ or pred)

    def has_edge(self, u: str, v: str) -> bool:
        return v in self.node(u)[0]


@dataclass
class View:
    """The relations in effect under one (as_of, include_pending, strict_dates) reading."""

    snap: Snapshot
    as_of: str | None
    include_pending: bool
    strict_dates: bool
    _control: Links | None = None
    _flow: Links | None = None
    _counts: dict[str, bool] = field(default_factory=dict)
    _ends: dict[str, dict[str, list[str | None]]] = field(default_factory=dict)  # node -> other end -> dates

    def __post_init__(self) -> None:
        self._ending = rules.ending_types(self.snap.schema)

    def counts(self, f: Fact) -> bool:
        """Rules 1 to 3 of graph.asof for one relation (terminations themselves never count)."""
        if f.id not in self._counts:
            schema = self.snap.schema
            self._counts[f.id] = (
                f.type not in self._ending
                and rules.passes(schema, f.status, f.known_date, self.as_of, pending_ok=self.include_pending,
                                 strict_dates=self.strict_dates)
                and not rules.enders(f.date, self._terminations(f.subject, f.object)))
        return self._counts[f.id]

    def _terminations(self, a: str, b: str) -> list[str | None]:
        """Known dates of the terminations between a and b in effect on the as-of date (rules 1, 2); a's
        terminations are read once, whatever number of neighbours asks (a hub has thousands)."""
        if b in self._ends:
            return self._ends[b].get(a, [])
        if a not in self._ends:
            ends: dict[str, list[str | None]] = {}
            for other, t in self.snap.incident(a, self._ending):
                if rules.passes(self.snap.schema, t.status, t.known_date, self.as_of, pending_ok=False,
                                strict_dates=self.strict_dates):
                    ends.setdefault(other, []).append(t.known_date)
            self._ends[a] = ends
        return self._ends[a].get(b, [])

    def control(self) -> Links:
        """controller -> controlled, keyed by fact id (pending-control types only with include_pending)."""
        if self._control is None:
            types = self.snap.schema.relation_types
            wanted = {n for n, t in types.items()
                      if t.control == "effective" or (t.control == "pending" and self.include_pending)}
            self._control = Links(self, wanted, lambda t: t.controller == "object")
        return self._control

    def flow(self) -> Links:
        """data source -> destination, keyed by fact id."""
        if self._flow is None:
            types = self.snap.schema.relation_types
            wanted = {n for n, t in types.items() if t.flow in ("forward", "reverse")}
            self._flow = Links(self, wanted, lambda t: t.flow == "reverse")
        return self._flow

    def ultimate(self, entity: str) -> set[str]:
        """Among the entities controlling `entity` (through any chain), those nobody outside their own
        control cycle controls: the members of source components of the control graph.

        Every controller of a controller of `entity` is one of them too, so the strongly connected
        components of that upward-closed set, and whether anything outside points into them, are
        the whole graph's."""
        g = self.control()
        above, frontier = {entity}, [entity]
        while frontier:
            found = {p for u in frontier for p in g.pred.get(u, ()) if p not in above}
            above |= found
            frontier = sorted(found)
        component = components(above, lambda u: g.pred.get(u, ()))
        fed: set[int] = set()  # components something outside them controls
        for u in above:
            for p in g.pred.get(u, ()):
                if component[p] != component[u]:
                    fed.add(component[u])
        return {u for u in above if component[u] not in fed and (g.succ.get(u) or g.pred.get(u))}


def components(nodes: set[str], edges: Callable[[str], Iterable[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components, iteratively: node -> component number."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    count = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            u, it = work[-1]
            v = next(it, None)
            if v is not None:
                if v not in index:
                    index[v] = low[v] = len(index)
                    stack.append(v)
                    on_stack.add(v)
                    work.append((v, iter(sorted(edges(v)))))
                elif v in on_stack:
                    low[u] = min(low[u], index[v])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[u])
            if low[u] == index[u]:
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component[w] = count
                    if w == u:
                        break
                count += 1
    return component


def in_effect(snap: Snapshot, as_of: str | None = None, *, include_pending: bool = False,
              strict_dates: bool = False) -> Iterator[Fact]:
    """Every relation in effect on `as_of` (see graph.asof), in snapshot order: a whole-graph reading."""
    v = view(snap, as_of, include_pending=include_pending, strict_dates=strict_dates)
    return (f for f in snap.relations if v.counts(f))


def view(snap: Snapshot, as_of: str | None = None, *, include_pending: bool = False,
         strict_dates: bool = False) -> View:
    """The cached View for this reading; `as_of` is a partial ISO date (validated here)."""
    as_of = parse_date(as_of, "as-of date")
    key = (as_of, bool(include_pending), bool(strict_dates))
    views: dict = cache(snap).setdefault("views", {})
    if key not in views:
        if len(views) >= _VIEWS_KEPT:
            views.pop(next(iter(views)))
        views[key] = View(snap, as_of, bool(include_pending), bool(strict_dates))
    return views[key]
