"""Same data, same answers: every canned query on the embedded store (NetworkX) and on Neo4j (Cypher).

Two data sets, each loaded into both backends: the seed articles plus the curated seed facts, and a
generated graph with cycles, diamonds, parallel relations, terminations, pending deals, stakes and
conflicts, written to Neo4j once in one transaction and once staged in several (graph/neo4j/bulk.py).
Every query runs with several argument sets; results must be identical DataFrames
(same columns, rows and order; every query defines its order) with the same nodes and edges.
"""
from __future__ import annotations

import glob
from pathlib import Path

import pytest
from generated import extractions, name
from reference import answer, assert_same_answer

from dealgraph.graph.sqlite import SqliteStore
from dealgraph.graph.neo4j import bulk
from dealgraph.loaders import load
from dealgraph.queries import REGISTRY
from dealgraph.queries import neo4j as cypher_queries

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
P = {"include_pending": True}
SEED_CASES = {
    "ownership-paths": [("SpaceX", "Cursor", {}), ("SpaceX", "Cursor", P), ("SpaceX", "xAI", {"as_of": "2026-01"}),
                        ("SpaceX", "Anysphere", {**P, "max_depth": 1})],
    "controllers": [("xAI", {}), ("Cursor", P), ("Anysphere", {**P, "max_depth": 1}), ("xAI", {"as_of": "2025"})],
    "holdings": [("SpaceX", {}), ("SpaceX", P), ("SpaceX", {**P, "strict_dates": True})],
    "data-flow": [("Cursor", {}), ("Cursor", {"to": "xAI"}), ("Tesla", {"as_of": "2026-05", "include_pending": False}),
                  ("X", {"max_depth": 1})],
    "neighbors": [("xAI", {}), ("xAI", {"depth": 2}), ("Elon Musk", {"depth": 3})],
    "path": [("Tesla", "Cursor", {}), ("X", "Anysphere", {}), ("SpaceX", "Grok V9 Medium", {})],
    "timeline": [({},), ("SpaceX", {}), ({"since": "2026-04", "until": "2026-06"},), ({"until": "2026-02"},)],
    "deals": [({},), ({"party": "SpaceX"},), ({"status": "pending"},), ({"type": "DEVELOPS"},),
              ({"since": "2026-05"},)],
    "sources": [("SpaceX", {}), ("xAI", {}), ("Grok V9-Medium", {})],
    "conflicts": [({},), ("xAI", {})],
}
N = name
GENERATED_CASES = {
    "ownership-paths": [(N(0), N(3), {}), (N(0), N(3), {"as_of": "2021"}), (N(0), N(6), P), (N(4), N(5), {}),
                        (N(0), N(9), {"as_of": "2024-12"}), (N(0), N(9), {}), (N(1), N(0), {"max_depth": 3})],
    "controllers": [(N(3), {}), (N(5), {}), (N(0), {"max_depth": 4}), (N(6), P), (N(9), {"as_of": "2024-03"}),
                    (N(3), {"strict_dates": True, "as_of": "2023"})],
    "holdings": [(N(0), {}), (N(0), {**P, "max_depth": 3}), (N(4), {}), (N(7), P), (N(0), {"as_of": "2021-06"})],
    "data-flow": [(N(12), {}), (N(12), {"to": N(13)}), (N(13), {"include_pending": False}), (N(12), {"max_depth": 2}),
                  (N(14), {"as_of": "2025-03"}), (N(12), {"to": N(15), "strict_dates": True})],
    "neighbors": [(N(0), {}), (N(3), {"depth": 2}), (N(19), {"depth": 3})],
    "path": [(N(0), N(15), {}), (N(5), N(16), {}), (N(17), N(18), {})],
    "timeline": [({},), (N(0), {}), ({"since": "2024", "until": "2025-06"},), (N(12), {"until": "2025-01-31"})],
    "deals": [({},), ({"party": N(0)},), ({"status": "terminated"},), ({"type": "OWNS_STAKE_IN"},),
              ({"party": N(9), "since": "2024-06"},)],
    "sources": [(N(0), {}), (N(12), {})],
    "conflicts": [({},), (N(0), {}), (N(13), {})],
}


def _load_seeds(request) -> list:
    seeds = request.getfixturevalue("shared") / "corpus" / "seeds"  # the corpus: only this data set needs it
    files = [SAMPLES / "facts" / "seed-deals.yaml", *sorted(glob.glob(str(seeds / "*.txt")))]
    return [load(f) for f in files]


DATASETS = {"seeds": (_load_seeds, SEED_CASES), "generated": (lambda _: extractions(600), GENERATED_CASES),
            # the same graph written by a staged load (graph/neo4j/bulk.py) in transactions of 100
            "generated-staged": (lambda _: extractions(600), GENERATED_CASES)}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def loaded(request, neo4j_server, neo4j_driver, tmp_path_factory):
    """(embedded snapshot, Neo4jStore, cases) with one data set in both backends."""
    from dealgraph.graph.neo4j import Neo4jStore

    build, cases = DATASETS[request.param]
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    memory = SqliteStore(tmp_path_factory.mktemp(request.param))
    memory.add(build(request))
    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    with pytest.MonkeyPatch.context() as patch:
        if request.param.endswith("-staged"):
            patch.setattr(bulk, "MIN_RELATIONS", 100)
            patch.setattr(bulk, "CHUNK", 100)
        store.add(build(request))
    assert (store.stats.get("staging transactions", 0) > 2) == request.param.endswith("-staged")
    yield request.param, memory.snapshot(), store, cases
    store.close()


def test_every_query_has_cypher_and_cases():
    assert set(REGISTRY) <= set(cypher_queries.IMPLEMENTATIONS)
    assert set(REGISTRY) <= set(SEED_CASES) and set(REGISTRY) <= set(GENERATED_CASES)


@pytest.mark.parametrize("query", sorted(REGISTRY))
def test_same_answers(loaded, query):
    dataset, snap, store, cases = loaded
    assert snap.stats() == store.snapshot().stats()
    nonempty = 0
    for case in cases[query]:
        args, kwargs = case[:-1], case[-1]
        expected = answer(REGISTRY[query], snap, *args, **kwargs)
        assert_same_answer(answer(cypher_queries.run, store, query, *args, **kwargs), expected, f"{query} {case}")
        nonempty += not isinstance(expected, str) and len(expected) > 0
    if dataset.startswith("generated"):  # built so that every query has something to say
        assert nonempty, f"{query}: every case was empty, the comparison proved nothing"


def test_unknown_entity_is_refused_alike(loaded):
    _, snap, store, _ = loaded
    expected = answer(REGISTRY["holdings"], snap, "Nobody Such")
    assert isinstance(expected, str) and expected == answer(cypher_queries.run, store, "holdings", "Nobody Such")


def test_partial_dates_compare_as_text_in_cypher(neo4j_driver):
    """`_before` (last day of a < first day of b) on the server agrees with graph.dates for every pair."""
    from itertools import product

    from dealgraph.graph import dates

    values = ["2025", "2026", "2026-01", "2026-02", "2026-12", "2026-01-01", "2026-01-31", "2026-02-01", "2027-01"]
    records, _, _ = neo4j_driver.execute_query(
        f"UNWIND $pairs AS p WITH p[0] AS a, p[1] AS b RETURN a, b, {cypher_queries._before('a', 'b')} AS before",
        pairs=[list(p) for p in product(values, values)])
    assert len(records) == len(values) ** 2
    for r in records:
        assert r["before"] == (dates.last_day(r["a"]) < dates.first_day(r["b"])), (r["a"], r["b"])
