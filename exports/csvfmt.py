"""CSV in the layout `neo4j-admin database import` reads: one nodes file, one relationships file.

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j

Nodes get the labels `Entity` and their entity type; relationships their relation type. Nested
values (aliases, sources, events...) are JSON strings, as in GraphML and GEXF. Cells go through
`csvsafe`, so text a spreadsheet would run as a formula starts with a single quote.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..exc import DealgraphError
from ..graph.files import atomic_write
from ..graph.snapshot import Snapshot
from . import csvsafe, flat

# column -> header; typed columns carry neo4j-admin's :type suffix
NODE_HEADER = {"id": "id:ID", **{k: k for k in flat.NODE_FIELDS}, ":LABEL": ":LABEL"}
EDGE_HEADER = {"subject": ":START_ID", "object": ":END_ID", "type": ":TYPE", "id": "id",
               **{k: k for k in flat.EDGE_FIELDS if k != "type"},
               "amount_value": "amount_value:double", "percent": "percent:double"}


def paths(output: Path) -> tuple[Path, Path]:
    """A directory (an existing one, or a name without a suffix) gets nodes.csv and relationships.csv;
    a file name is a prefix: deals.csv -> deals-nodes.csv and deals-relationships.csv."""
    if output.is_dir() or not output.suffix:
        return output / "nodes.csv", output / "relationships.csv"
    return output.with_name(f"{output.stem}-nodes.csv"), output.with_name(f"{output.stem}-relationships.csv")


def _table(header: dict[str, str], rows) -> bytes:
    return csvsafe.table(header.values(), ([row.get(k) for k in header] for row in rows)).encode("utf-8")


def write(snapshot: Snapshot, output: Path | None, **_: Any) -> list[Path]:
    if output is None:
        raise DealgraphError("the csv export writes two files (nodes and relationships); "
                             "give --output DIR or --output NAME.csv")
    node_rows = ({"id": eid, **attrs, ":LABEL": f"Entity;{attrs['type']}"} for eid, attrs in flat.nodes(snapshot))
    edge_rows = ({"subject": s, "object": o, "id": fid, **attrs} for s, o, fid, attrs in flat.edges(snapshot))
    nodes_path, rels_path = paths(Path(output))
    nodes_data, rels_data = _table(NODE_HEADER, node_rows), _table(EDGE_HEADER, edge_rows)
    atomic_write(nodes_path, nodes_data)
    atomic_write(rels_path, rels_data)
    return [nodes_path, rels_path]
