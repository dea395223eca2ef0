"""Bounded graph walks over networkx adjacency (succ or pred): BFS distances and simple paths.

Simple paths always take a hop cut-off (their number grows exponentially with length, and
cycles abound); BFS is linear in the graph and may run to the end.
"""
from __future__ import annotations

from typing import Iterator


def distances(adjacency, start: str, cutoff: int | None, goal: str | None = None,
              stop: str | None = None) -> dict[str, int]:
    """BFS hop counts from `start` over an adjacency mapping (succ or pred).

    Stops after `cutoff` hops (None: no limit) or after the level that reaches `goal`; the node
    `stop` is reached but not walked through.
    """
    seen, frontier, d = {start: 0}, [start], 0
    while frontier and (cutoff is None or d < cutoff) and goal not in seen:
        d += 1
        nxt = []
        for u in frontier:
            if u == stop and u != start:
                continue
            for v in adjacency.get(u, ()):
                if v not in seen:
                    seen[v] = d
                    nxt.append(v)
        frontier = nxt
    return seen


def simple_paths(adjacency, start: str, cutoff: int, allowed=None, stop=None) -> Iterator[list[str]]:
    """Every simple path from `start` (as a node list, 2+ nodes), at most `cutoff` hops.

    `allowed(node, hops)` prunes nodes that cannot lead anywhere useful; paths end at `stop`.
    """
    path, on_path = [start], {start}
    stack = [iter(sorted(adjacency.get(start, ())))]
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if nxt in on_path or (allowed is not None and not allowed(nxt, len(path))):
            continue
        path.append(nxt)
        yield list(path)
        if len(path) <= cutoff and nxt != stop:
            on_path.add(nxt)
            stack.append(iter(sorted(adjacency.get(nxt, ()))))
        else:
            path.pop()
