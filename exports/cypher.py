"""A Cypher script that rebuilds the graph in Neo4j: `cypher-shell -f graph.cypher`.

One statement per line, each ending with `;`, no parameters and no comments, so any loader that
splits on lines can run it. Every value is a literal escaped here (strings, labels, types);
MERGE on ids makes the script idempotent: running it twice changes nothing.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from ..graph.snapshot import Snapshot
from . import deliver, flat

CONSTRAINT = "CREATE CONSTRAINT dealgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;"
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r"[\\'\x00-\x1f\x7f-\x9f\u2028\u2029]")  # all that splitlines() splits on, and more


def string(value: str) -> str:
    r"""A single-quoted Cypher string literal; other control characters become \uXXXX.

    >>> print(string("it's\n"))
    'it\'s\n'
    """
    return "'" + _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), value) + "'"


def name(value: str) -> str:
    """A backquoted label, relationship type or key (backquotes doubled)."""
    return "`" + value.replace("`", "``") + "`"


def literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} to Cypher")
        return repr(value)
    return string(str(value))


def props(d: dict[str, Any]) -> str:
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
