"""GraphML and GEXF through the networkx writers, for Gephi, yEd and anything else that reads them.

Every value is a scalar (see `flat`), so `nx.read_graphml`/`nx.read_gexf` give back the same
entities and relations, keyed by fact id, with dates, status and sources intact. GEXF nodes also
carry Gephi's `viz` colour from the schema, and GEXF edges name their type `relation`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from ..graph.snapshot import Snapshot
from . import deliver, flat


def flat_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for eid, attrs in flat.nodes(snapshot):
        g.add_node(eid, label=attrs["name"], **attrs)
    for s, o, fid, attrs in flat.edges(snapshot):
        g.add_edge(s, o, key=fid, **attrs)
    return g


def _rgb(color: str) -> dict[str, int]:
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}


def _lines(lines: Iterable[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_graphml(snapshot: Snapshot, output: Path | None, **_: Any) -> bytes | list[Path]:
    return deliver(_lines(nx.generate_graphml(flat_graph(snapshot), named_key_ids=True)), output)


def write_gexf(snapshot: Snapshot, output: Path | None, **_: Any) -> bytes | list[Path]:
    g = flat_graph(snapshot)
    for _, attrs in g.nodes(data=True):
        spec = snapshot.schema.entity_types.get(attrs["type"], {})
        if spec.get("color"):
            attrs["viz"] = {"color": _rgb(spec["color"])}
    for *_, key, attrs in g.edges(keys=True, data=True):
        # GEXF reserves an edge's `type` for directed/undirected: the relation type goes in
        # `relation` (and Gephi's edge label); edge ids are the fact ids, as in the other formats.
        attrs["relation"] = attrs.pop("type")
        rt = snapshot.schema.relation_types.get(attrs["relation"])
        attrs.update(id=key, label=rt.label if rt else attrs["relation"])
    return deliver(_lines(nx.generate_gexf(g)), output)

