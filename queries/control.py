"""Ownership and control: chains between two entities, who controls an entity, what it holds.

All three read the control graph of ``queries.asof`` (controller -> controlled, relations in
effect on the as-of date). Paths are simple (no entity twice) and never longer than max_depth.

Look-through ownership: a hop's stake is the largest percent stated on the control relations
between its two entities; a path's stake is the product of its hops' stakes; an entity's
effective percent is the sum over the simple paths (up to max_depth) joining it to the other end,
in percent rounded to 6 decimals, and is None unless every hop of every such path has a known stake.
"""
from __future__ import annotations

import itertools

from ..graph.snapshot import Snapshot
from . import asof, rows
from .asof import Links
from .registry import Param, Table, register, result
from .walk import distances, simple_paths

CHAIN_COLUMNS = ("path", "hop", *rows.HOP_COLUMNS)
PARTY_COLUMNS = ("id", "name", "type", "depth", "percent", "paths")


@register("ownership-paths",
          Param("source", "entity", "The controlling end.", required=True),
          Param("target", "entity", "The controlled end.", required=True),
          rows.AS_OF, rows.PENDING, rows.STRICT, rows.DEPTH, columns=CHAIN_COLUMNS)
def ownership_paths(snap: Snapshot, source: str, target: str, *, as_of: str | None = None,
                    include_pending: bool = False, strict_dates: bool = False, max_depth: int = 6) -> Table:
    """Control chains from SOURCE to TARGET, one row per hop, each with its relation, date, status and sources.

    Columns: path, hop (both from 1), then the hop columns of ``queries.rows`` (from, from_name, to,
    to_name, relation, direction, date, date_basis, status, amount, currency, percent, sources, fact).
    A path is a sequence of control relations (parallel relations between the same two entities
    make separate paths) along which no entity repeats, with 1 to max_depth hops.
    Row order: paths by (number of hops, list of entity ids along the path, list of fact ids),
    numbered in that order; within a path, hops in order.
    """
    s, t = snap.find(source).id, snap.find(target).id
    max_depth = rows.depth(max_depth)
    g = asof.view(snap, as_of, include_pending=include_pending, strict_dates=strict_dates).control()
    if s == t or s not in g or t not in g:
        return result([], CHAIN_COLUMNS)
    to_target = distances(g.pred, t, max_depth)
    chains = []

    def leads_to_target(n: str, hops: int) -> bool:
        return n in to_target and hops + to_target[n] <= max_depth

    for nodes in simple_paths(g.succ, s, max_depth, leads_to_target, stop=t):
        if nodes[-1] != t:
            continue
        options = [sorted(g.succ[u][v]) for u, v in zip(nodes, nodes[1:])]
        for facts in itertools.product(*options):
            chains.append((len(facts), nodes, list(facts)))
    chains.sort()
    out, used_nodes, used_edges = [], set(), set()
    for number, (_, nodes, facts) in enumerate(chains, start=1):
        used_nodes.update(nodes)
        used_edges.update(facts)
        for i, (u, v, fid) in enumerate(zip(nodes, nodes[1:], facts), start=1):
            out.append({"path": number, "hop": i, **rows.hop(snap, u, v, g.succ[u][v][fid])})
    return result(out, CHAIN_COLUMNS, nodes=used_nodes, edges=used_edges)


def _stake(g: Links, u: str, v: str) -> float | None:
    known = [f.percent for f in g.succ[u][v].values() if f.percent is not None]
    return max(known) / 100 if known else None


def _parties(snap: Snapshot, g: Links, entity: str, max_depth: int, upward: bool) -> tuple[list, set, set]:
    """Everyone joined to `entity` by control paths (controllers when upward, holdings otherwise)."""
    adjacency = g.pred if upward else g.succ
    found: dict[str, dict] = {}
    edges: set[str] = set()
    for nodes in simple_paths(adjacency, entity, max_depth):
        other, hops = nodes[-1], len(nodes) - 1
        stake: float | None = 1.0
        for a, b in zip(nodes, nodes[1:]):
            u, v = (b, a) if upward else (a, b)
            edges.update(g.succ[u][v])
            hop_stake = _stake(g, u, v)
            stake = None if stake is None or hop_stake is None else stake * hop_stake
        row = found.setdefault(other, {"depth": hops, "paths": 0, "stake": 0.0})
        row["paths"] += 1
        row["depth"] = min(row["depth"], hops)
        row["stake"] = None if row["stake"] is None or stake is None else row["stake"] + stake
    out = []
    for eid, r in found.items():
        e = snap.entity(eid)
        out.append({"id": eid, "name": rows.name(snap, eid), "type": e.type if e else None, "depth": r["depth"],
                    "percent": None if r["stake"] is None else round(r["stake"] * 100, 6), "paths": r["paths"]})
    out.sort(key=lambda r: (r["depth"], r["id"]))
    return out, {entity, *found}, edges


@register("controllers", Param("entity", "entity", "Whose controllers to find.", required=True),
          rows.AS_OF, rows.PENDING, rows.STRICT, rows.DEPTH,
          columns=(*PARTY_COLUMNS[:4], "ultimate", *PARTY_COLUMNS[4:]))
def controllers(snap: Snapshot, entity: str, *, as_of: str | None = None, include_pending: bool = False,
                strict_dates: bool = False, max_depth: int = 6) -> Table:
    """Who controls ENTITY, directly or through others, with look-through ownership where stakes are known.

    Columns: id, name, type (the controller), depth (fewest hops from it to ENTITY), ultimate (True
    when everyone who controls it, through any chain of any length, is in turn controlled by it:
    nobody outside its own control cycle controls it), percent (effective look-through stake: the
    product of the stakes along a chain, summed over the chains, a hop's stake being the largest
    percent stated between its two ends; None unless every hop of every chain has one), paths
    (number of simple control paths, up to max_depth hops, from it to ENTITY; parallel relations
    count once).
    Row order: depth, then id.
    """
    eid = snap.find(entity).id
    max_depth = rows.depth(max_depth)
    v = asof.view(snap, as_of, include_pending=include_pending, strict_dates=strict_dates)
    g = v.control()
    if eid not in g:
        return result([], controllers.columns, nodes=[eid])
    found, nodes, edges = _parties(snap, g, eid, max_depth, upward=True)
    top = v.ultimate(eid)
    for r in found:
        r["ultimate"] = r["id"] in top
    return result(found, controllers.columns, nodes=nodes, edges=edges)


@register("holdings", Param("entity", "entity", "Whose holdings to find.", required=True),
          rows.AS_OF, rows.PENDING, rows.STRICT, rows.DEPTH, columns=PARTY_COLUMNS)
def holdings(snap: Snapshot, entity: str, *, as_of: str | None = None, include_pending: bool = False,
             strict_dates: bool = False, max_depth: int = 6) -> Table:
    """What ENTITY controls, directly or through others, with look-through ownership where stakes are known.

    Columns: id, name, type (the holding), depth (fewest hops from ENTITY to it), percent (effective
    look-through stake: the product of the stakes along a chain, summed over the chains, a hop's
    stake being the largest percent stated between its two ends; None unless every hop of every
    chain has one), paths (number of simple control paths, up to max_depth hops, from ENTITY to it;
    parallel relations count once).
    Row order: depth, then id.
    """
    eid = snap.find(entity).id
    max_depth = rows.depth(max_depth)
    g = asof.view(snap, as_of, include_pending=include_pending, strict_dates=strict_dates).control()
    if eid not in g:
        return result([], PARTY_COLUMNS, nodes=[eid])
    found, nodes, edges = _parties(snap, g, eid, max_depth, upward=False)
    return result(found, PARTY_COLUMNS, nodes=nodes, edges=edges)
