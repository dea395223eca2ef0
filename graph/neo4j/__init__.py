"""The Neo4j backend: a GraphStore over Bolt (`Neo4jStore`) and its graph model (see `rows`)."""
from .connection import Connection
from .store import Neo4jStore

__all__ = ["Connection", "Neo4jStore"]
