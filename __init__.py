"""dealgraph: turn deal news into a graph that analysts can question.

Library entry points:
    dealgraph.open_store(...)            a store, embedded (SQLite) or Neo4j, that answers every query
    store.query(name, ...)               a canned question, answered as a pandas DataFrame
    store.cypher(text, params)           Cypher, read-only unless write=True
    dealgraph.loaders.load(path)         one file -> Extraction (store.add([...]) keeps it)
    dealgraph.exports.export(...)        JSON, GraphML, GEXF, CSV, Cypher, HTML
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .graph.base import GraphStore
    from .graph.schema import Schema

__version__ = "0.1.0"

BACKENDS = ("embedded", "neo4j")


def open_store(backend: str = "embedded", *, path: str | os.PathLike | None = None,
               schema: "Schema | str | os.PathLike | None" = None, uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None) -> "GraphStore":
    """The store for `backend`, ready to answer every canned query and Cypher.

    "embedded": the SQLite store in directory `path` (default ./.dealgraph); "neo4j": the server at
    `uri` (default bolt://localhost:7687) as `user`, `password`, in `database` (default its home
    database). `schema`: a Schema, or an extra schema file merged over the built-in one. Nothing
    here reads the environment: the caller (the CLI) passes what it read.

    The backend is chosen here, once, and queries/ is imported so that it registers the queries
    every store answers (graph/answers.py): graph/ cannot import queries/ itself.
    """
    from . import queries  # noqa: F401 - registers the canned queries and embedded Cypher
    from .exc import InputError
    from .graph import schema as schema_mod

    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    if not isinstance(schema, schema_mod.Schema):
        schema = schema_mod.load(None if schema is None else str(schema))
    if backend == "neo4j":
        from .graph.neo4j import Neo4jStore

        return Neo4jStore(uri, user, password, database, schema=schema)
    from .graph.sqlite import SqliteStore

    return SqliteStore(path, schema=schema)
