"""The canned queries and Cypher a store answers, registered from above.

graph/ sits below queries/ (tests/test_layers.py), so a store cannot import the queries it is asked
for. Instead queries/, when imported, registers here one implementation per query and *engine*, the
way a store runs them: "snapshot" (over any Snapshot: the SQLite store's indexed lookups, a snapshot
in memory) or "neo4j" (Cypher on the server); and the embedded Cypher interpreter. `GraphStore.query`
and `GraphStore.cypher` look their engine up here, so callers never branch on the backend: the same
choice inside the library that networkx makes when it dispatches an algorithm to a backend.
`dealgraph.open_store` imports queries/, so every store it returns answers them all.
"""
from __future__ import annotations

import difflib
from typing import Any, Callable

from ..exc import DealgraphError, InputError, NotFoundError

NOT_LOADED = "no canned queries are registered: import dealgraph.queries first (dealgraph.open_store does)"

_QUERIES: dict[str, dict[str, Callable[..., Any]]] = {}  # engine -> name -> fn(store, *args, **params)
_CYPHER: dict[str, Callable[..., Any]] = {}  # engine -> fn(store, text, params, write)


def register(engine: str, name: str, fn: Callable[..., Any]) -> None:
    """`fn(store, *args, **params)` answers query `name` on stores of `engine` with a Table."""
    _QUERIES.setdefault(engine, {})[name] = fn


def register_cypher(engine: str, fn: Callable[..., Any]) -> None:
    """`fn(store, text, params, write)` runs a Cypher statement on stores of `engine`: a DataFrame."""
    _CYPHER[engine] = fn


def query(engine: str, name: str) -> Callable[..., Any]:
    """The implementation of query `name` for `engine`; NotFoundError with close names for an unknown one."""
    found = _QUERIES.get(engine, {})
    if name in found:
        return found[name]
    names = list(dict.fromkeys(n for by_name in _QUERIES.values() for n in by_name))
    if not names:
        raise DealgraphError(NOT_LOADED)
    if name in names:
        raise InputError(f"query {name!r} has no {engine} implementation yet")
    raise NotFoundError("query", name, difflib.get_close_matches(name, names, n=3, cutoff=0.5))


def cypher(engine: str) -> Callable[..., Any]:
    if engine not in _CYPHER:
        raise DealgraphError(NOT_LOADED if not _QUERIES else f"no Cypher interpreter for {engine} stores")
    return _CYPHER[engine]
