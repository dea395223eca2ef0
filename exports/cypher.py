"""A Cypher script that rebuilds the graph in Neo4j: `cypher-shell -f graph.cypher`.

One statement per line, each ending with `;`, no parameters and no comments, so any loader that
splits on lines can run it. Every value is a literal escaped by graph/literal.py (strings, labels, types);
MERGE on ids makes the script idempotent: running it twice changes nothing.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..graph.literal import literal, name, string
from ..graph.snapshot import Snapshot
from . import deliver, flat

CONSTRAINT = "CREATE CONSTRAINT dealgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;"


def props(d: dict[str, Any]) -> str:
    r"""A map literal: backquoted keys, escaped values.

    >>> print(props({"name": "it's", "n": 2, "ok": True}))
    {`name`: 'it\'s', `n`: 2, `ok`: true}
    """
    return "{" + ", ".join(f"{name(k)}: {literal(v)}" for k, v in d.items()) + "}"


def statements(snapshot: Snapshot):
    yield CONSTRAINT
    for eid, attrs in flat.nodes(snapshot):
        yield (f"MERGE (n:Entity {{id: {string(eid)}}}) SET n:{name(attrs['type'])}, "
               f"n += {props(attrs)};")
    for s, o, fid, attrs in flat.edges(snapshot):
        rtype = attrs.pop("type")
        yield (f"MATCH (a:Entity {{id: {string(s)}}}), (b:Entity {{id: {string(o)}}}) "
               f"MERGE (a)-[r:{name(rtype)} {{id: {string(fid)}}}]->(b) SET r += {props(attrs)};")


def write(snapshot: Snapshot, output: Path | None, **_: Any) -> bytes | list[Path]:
    return deliver(("\n".join(statements(snapshot)) + "\n").encode("utf-8"), output)
