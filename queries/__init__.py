"""Canned questions over a graph; every result is a pandas DataFrame.

`REGISTRY` maps each query's name to its entry (help, parameters, columns, implementation); the
implementations are plain functions taking a Snapshot, importable from here. As-of semantics
are defined once, in `graph.asof` (`queries.asof` applies them).

Importing this package registers every query, its Cypher twin (`neo4j.py`) and the embedded Cypher
interpreter (`cypher.py`) with graph/answers.py, so `store.query(name, ...)` and `store.cypher(...)`
work on every store. The modules that need networkx, pandas or the Neo4j driver are imported when
first used, not here: the CLI answers a query without them.
"""
import functools as _functools

from ..exc import UsageError as _UsageError
from ..graph import answers as _answers
from .connections import neighbors, path
from .control import controllers, holdings, ownership_paths
from .flow import data_flow
from .history import deals, timeline
from .provenance import conflicts, sources
from .registry import REGISTRY, Param, Query, get

__all__ = ["REGISTRY", "Param", "Query", "conflicts", "controllers", "data_flow", "deals", "get", "holdings",
           "neighbors", "ownership_paths", "path", "sources", "timeline"]


def _on_snapshot(name, store, *args, **params):
    return REGISTRY[name].table(store.snapshot(), *args, **params)


def _on_neo4j(name, store, *args, **params):
    from . import neo4j

    return neo4j.table(store, name, *args, **params)


def _cypher_on_snapshot(store, text, params, write):
    if write:
        raise _UsageError("--write needs --backend neo4j: the embedded store is read-only from Cypher")
    from . import cypher

    df = cypher.run(store.snapshot(), text, params)
    df.attrs["counters"] = {}  # nothing is ever written
    return df


for _name in REGISTRY:
    _answers.register("snapshot", _name, _functools.partial(_on_snapshot, _name))
    _answers.register("neo4j", _name, _functools.partial(_on_neo4j, _name))
_answers.register_cypher("snapshot", _cypher_on_snapshot)
