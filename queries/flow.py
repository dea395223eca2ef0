"""Data flow: where data from an entity can go, along the relations the schema gives a `flow`.

SUPPLIES_DATA_TO, DEPLOYS_ON and LICENSES_TO carry data forward (subject -> object), TRAINED_ON
backward (what a model was trained on feeds the model), DEVELOPS forward (data a developer holds
reaches what it builds); see ``queries.asof`` for direction and the as-of reading.
"""
from __future__ import annotations

from ..graph.snapshot import Snapshot
from . import asof, rows
from .registry import Param, Table, register, result
from .walk import distances

_COLUMNS = ("depth", *rows.HOP_COLUMNS)


@register("data-flow", Param("source", "entity", "Where the data starts.", required=True),
          Param("to", "entity", "Only the flow that can reach this entity."),
          rows.AS_OF,
          Param("include_pending", "flag", "Count pending and expected flows (planned deployments); "
                "on by default because the question is where data can go.", default=True),
          rows.STRICT, rows.DEPTH, columns=_COLUMNS)
def data_flow(snap: Snapshot, source: str, *, to: str | None = None, as_of: str | None = None,
              include_pending: bool = True, strict_dates: bool = False, max_depth: int = 6) -> Table:
    """Where data from SOURCE can go: every data-flow hop reachable from it, nearest first.

    Let d(x) be the fewest flow hops from SOURCE to x. A flow relation u -> v is a row when
    d(u) < max_depth; hops back into entities already reached (feedback loops) are rows too.
    With --to T: d(x) counts only flows that do not pass through T, e(x) is the fewest hops from x
    to T on flows that do not pass through SOURCE, and u -> v is a row when u is not T, v is not
    SOURCE and d(u) + 1 + e(v) <= max_depth (it lies on a flow of at most max_depth hops that
    goes from SOURCE to T without passing through either end again).
    Columns: depth (d(u) + 1), then the hop columns of ``queries.rows`` (from, from_name, to,
    to_name, relation, direction, date, date_basis, status, amount, currency, percent, sources,
    fact); direction "reverse" marks a TRAINED_ON read from the data to the model.
    Row order: depth, from, to, relation, fact.
    """
    s = snap.find(source).id
    t = snap.find(to).id if to is not None else None
    max_depth = rows.depth(max_depth)
    g = asof.view(snap, as_of, include_pending=include_pending, strict_dates=strict_dates).flow()
    if s not in g or (t is not None and t not in g):
        return result([], _COLUMNS, nodes=[s])
    reach = distances(g.succ, s, max_depth - 1, stop=t)
    back = distances(g.pred, t, max_depth, stop=s) if t is not None else None
    out = []
    for u, d in reach.items():
        if u == t:
            continue
        for v, facts in g.succ.get(u, {}).items():
            if back is not None and (v == s or v not in back or d + 1 + back[v] > max_depth):
                continue
            for fact in facts.values():
                out.append({"depth": d + 1, **rows.hop(snap, u, v, fact)})
    out.sort(key=lambda r: (r["depth"], r["from"], r["to"], r["relation"], r["fact"]))
    nodes = {s, *(r["from"] for r in out), *(r["to"] for r in out)}
    return result(out, _COLUMNS, nodes=nodes, edges=(r["fact"] for r in out))
