"""Hand-built graphs for the query tests, written as curated facts files and loaded for real."""
from __future__ import annotations

import itertools
from pathlib import Path

import yaml

_files = itertools.count()


def build(tmp: Path, *specs: dict):
    """A Snapshot from curated-facts specs, one document per spec (so sources can disagree)."""
    from dealgraph.graph import schema
    from dealgraph.graph.resolve import resolve
    from dealgraph.loaders.structured import load_facts

    extractions = []
    for spec in specs:
        path = tmp / f"facts-{next(_files)}.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        extractions.append(load_facts(path))
    return resolve(extractions, [], schema.load())


def rel(subject: str, type: str, object: str, **qualifiers) -> dict:
    return {"subject": subject, "type": type, "object": object, **qualifiers}


# A corporate group: a diamond (A -> B -> D, A -> C -> D), a cross-holding cycle (E <-> F), a
# subsidiary pointing child -> parent, parallel relations (A -> B twice), an option (pending
# control), a deal ended by a termination and a later deal the termination does not end.
GROUP = {
    "title": "group",
    "entities": [{"name": n, "type": "Company"} for n in "Alpha Beta Gamma Delta Epsilon Phi Gee Hotel Xray Yankee".split()]
    + [{"name": "Pad", "type": "Product"}],
    "relations": [
        rel("Alpha", "OWNS_STAKE_IN", "Beta", percent=60, date="2020", status="completed"),
        rel("Alpha", "INVESTED_IN", "Beta", amount={"value": 1e9, "currency": "USD"}, date="2019-05"),
        rel("Alpha", "OWNS_STAKE_IN", "Gamma", percent=40, date="2021-03"),
        rel("Beta", "OWNS_STAKE_IN", "Delta", percent=50, date="2022-01-10"),
        rel("Gamma", "OWNS_STAKE_IN", "Delta", percent=30, date="2022"),
        rel("Epsilon", "SUBSIDIARY_OF", "Delta"),
        rel("Epsilon", "OWNS_STAKE_IN", "Phi", percent=10, date="2023"),
        rel("Phi", "OWNS_STAKE_IN", "Epsilon", percent=5, date="2023"),
        rel("Alpha", "HOLDS_OPTION_TO_ACQUIRE", "Gee", date="2026-04", status="pending"),
        rel("Gee", "DEVELOPS", "Pad"),
        rel("Alpha", "OWNS_STAKE_IN", "Hotel", percent=20, date="2024-01", status="completed"),
        rel("Alpha", "TERMINATED_DEAL_WITH", "Hotel", date="2024-06", status="completed"),
        rel("Alpha", "ACQUIRED", "Hotel", date="2025-02", status="completed"),
        rel("Xray", "ACQUIRED", "Yankee", date="2026-04", status="completed"),
    ],
}

# Data moving around: S supplies L, model M trained on S (reverse flow), L develops M, M expected on
# P (pending), P feeds L back (a cycle), and a flow that starts only in 2025.
FLOW = {
    "title": "flow",
    "entities": [{"name": "Source", "type": "Company"}, {"name": "Lab", "type": "Company"},
                 {"name": "Model", "type": "AIModel"}, {"name": "Platform", "type": "Platform"},
                 {"name": "Island", "type": "Company"}],
    "relations": [
        rel("Source", "SUPPLIES_DATA_TO", "Lab", date="2025-01", status="announced"),
        rel("Model", "TRAINED_ON", "Source", date="2025-06"),
        rel("Lab", "DEVELOPS", "Model", date="2024"),
        rel("Model", "DEPLOYS_ON", "Platform", date="2026-06", status="expected"),
        rel("Platform", "SUPPLIES_DATA_TO", "Lab"),
        rel("Lab", "COMPETES_WITH", "Island"),
    ],
}
