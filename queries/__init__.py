"""Canned questions over a graph; every result is a pandas DataFrame.

`REGISTRY` maps each query's name to its entry (help, parameters, columns, implementation); the
implementations are plain functions taking a Snapshot, importable from here. As-of semantics
are defined once, in `graph.asof` (`queries.asof` applies them).
"""
from .connections import neighbors, path
from .control import controllers, holdings, ownership_paths
from .flow import data_flow
from .history import deals, timeline
from .provenance import conflicts, sources
from .registry import REGISTRY, Param, Query, get

__all__ = ["REGISTRY", "Param", "Query", "conflicts", "controllers", "data_flow", "deals", "get", "holdings",
           "neighbors", "ownership_paths", "path", "sources", "timeline"]
