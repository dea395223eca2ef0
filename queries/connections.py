"""Connections of any kind, ignoring direction, status and dates: neighbourhoods and shortest paths."""
from __future__ import annotations

from ..exc import InputError
from ..graph.model import Fact
from ..graph.snapshot import Snapshot
from . import rows
from .registry import Param, Table, register, result
from .walk import distances


class _Undirected:
    """Neighbours in both directions, read from the snapshot node by node, as an adjacency mapping."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self._nodes: dict[str, dict[str, dict[str, Fact]]] = {}

    def _node(self, u: str) -> dict[str, dict[str, Fact]]:
        if u not in self._nodes:
            found: dict[str, dict[str, Fact]] = {}
            for other, f in self.snap.incident(u):
                found.setdefault(other, {})[f.id] = f
            self._nodes[u] = found
        return self._nodes[u]

    def get(self, u: str, default=()):
        return self._node(u).keys() or default

    def facts(self, u: str, v: str) -> list[Fact]:
        """The relations between u and v in either direction, by fact id."""
        found = self._node(u).get(v, {})
        return [found[k] for k in sorted(found)]


_NEIGHBOUR_COLUMNS = ("depth", "subject", "subject_name", "type", "object", "object_name", "date", "date_basis",
                      "status", "fact")


@register("neighbors", Param("entity", "entity", "Whose neighbourhood to show.", required=True),
          Param("depth", "int", "How many steps out.", default=1), columns=_NEIGHBOUR_COLUMNS)
def neighbors(snap: Snapshot, entity: str, *, depth: int = 1) -> Table:
    """The relations within DEPTH steps of ENTITY, of any type and either direction.

    Let d(x) be the fewest steps (relations, either direction) from ENTITY to x. A relation is a
    row when one of its ends has d < DEPTH.
    Columns: depth (the smaller d of its two ends, plus 1), subject, subject_name, type, object,
    object_name, date, date_basis, status, fact.
    Row order: depth, subject, type, object, fact.
    """
    eid = snap.find(entity).id
    depth = rows.depth(depth, "depth")
    adj = _Undirected(snap)
    dist = distances(adj, eid, depth)
    out = []
    seen: set[str] = set()
    for u, d in dist.items():
        if d >= depth:
            continue
        for v in adj.get(u):
            for f in adj.facts(u, v):
                if f.id in seen:
                    continue
                seen.add(f.id)
                r = rows.fact(snap, f)
                out.append({"depth": min(dist.get(f.subject, depth), dist.get(f.object, depth)) + 1,
                            **{c: r[c] for c in _NEIGHBOUR_COLUMNS[1:]}})
    out.sort(key=lambda r: (r["depth"], r["subject"], r["type"], r["object"], r["fact"]))
    nodes = {eid, *(r["subject"] for r in out), *(r["object"] for r in out)}
    return result(out, _NEIGHBOUR_COLUMNS, nodes=nodes, edges=seen)


_PATH_COLUMNS = ("hop", *rows.HOP_COLUMNS)


@register("path", Param("a", "entity", "One end.", required=True), Param("b", "entity", "The other end.", required=True),
          columns=_PATH_COLUMNS)
def path(snap: Snapshot, a: str, b: str) -> Table:
    """The shortest connection between A and B through relations of any type, either direction.

    Among shortest connections, the one whose list of entity ids is smallest (compared element by
    element) is shown; between two entities the relation with the smallest fact id is used.
    No connection gives no rows.
    Columns: hop (from 1), then the hop columns of ``queries.rows`` (from, from_name, to, to_name,
    relation, direction, date, date_basis, status, amount, currency, percent, sources, fact);
    direction "reverse" when the relation points from `to` to `from`.
    Row order: hop.
    """
    s, t = snap.find(a).id, snap.find(b).id
    if s == t:
        raise InputError(f"{a!r} and {b!r} are the same entity ({s})")
    adj = _Undirected(snap)
    from_s = distances(adj, s, None, goal=t)
    if t not in from_s:
        return result([], _PATH_COLUMNS, nodes=[s, t])
    length = from_s[t]
    to_t = distances(adj, t, length)
    nodes = [s]
    for k in range(1, length + 1):
        nodes.append(min(v for v in adj.get(nodes[-1]) if from_s.get(v) == k and to_t.get(v) == length - k))
    out, edges = [], []
    for i, (u, v) in enumerate(zip(nodes, nodes[1:]), start=1):
        f = adj.facts(u, v)[0]
        edges.append(f.id)
        out.append({"hop": i, **rows.hop(snap, u, v, f)})
    return result(out, _PATH_COLUMNS, nodes=nodes, edges=edges)

