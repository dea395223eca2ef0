"""Neo4jStore against the real server: same graph as the embedded store, idempotent, atomic, queryable."""
from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest
from generated import extractions

from dealgraph.exc import BackendError, StoreError
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.graph.model import Extraction
from dealgraph.graph.neo4j import Neo4jStore, rows
from dealgraph.graph.neo4j import store as store_mod


def _export(snapshot) -> dict:
    out = to_dict(snapshot)
    for d in out["documents"]:
        d.pop("ingested_at")  # stamped at ingest, so two stores differ here by design
    return out


def _counts(driver) -> dict:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes, sum(size(keys(n))) AS nprops "
        "OPTIONAL MATCH ()-[r]->() RETURN nodes, nprops, count(r) AS rels, sum(size(keys(r))) AS rprops")
    return records[0].data()


def _both(tmp_path, neo4j_store, docs: list[Extraction]) -> SqliteStore:
    memory = SqliteStore(tmp_path / "memory")
    memory.add(docs)
    neo4j_store.add([Extraction.from_dict(x.to_dict()) for x in docs])
    return memory


def test_same_graph_as_the_embedded_store(tmp_path, neo4j_store):
    memory = _both(tmp_path, neo4j_store, extractions(300))
    assert _export(neo4j_store.snapshot()) == _export(memory.snapshot())
    assert memory.snapshot().stats()["relations"] > 250


def test_constraints_and_indexes_are_created_up_front(neo4j_store, neo4j_driver):
    neo4j_store.setup()
    records, _, _ = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name, type RETURN name, type")
    found = {r["name"]: r["type"] for r in records}
    assert {found[f"dealgraph_{k}"] for k in ("entity_id", "event_id", "document_id", "store_key")} == {"UNIQUENESS"}
    records, _, _ = neo4j_driver.execute_query("SHOW INDEXES YIELD name RETURN name")
    assert {"dealgraph_entity_name", "dealgraph_event_entity"} <= {r["name"] for r in records}


def test_adding_again_and_pushing_twice_change_nothing(tmp_path, neo4j_store, neo4j_driver):
    docs = extractions(200)
    memory = _both(tmp_path, neo4j_store, docs)
    before = _counts(neo4j_driver)
    assert [o.action for o in neo4j_store.add(extractions(200))] == ["unchanged"] * len(docs)
    store_mod.push(memory, neo4j_store)
    assert set(neo4j_store.stats.values()) == {0}, neo4j_store.stats
    store_mod.push(memory, neo4j_store)
    assert set(neo4j_store.stats.values()) == {0}
    assert _counts(neo4j_driver) == before


def test_forget_and_judgements_match_the_embedded_store(tmp_path, neo4j_store):
    docs = extractions(200)
    memory = _both(tmp_path, neo4j_store, docs)
    for store in (memory, neo4j_store):
        store.judge("same", "Company 1", "Company 2")
        store.judge("distinct", "Company 3", "Company 4")
        store.forget(docs[1].document.id)
    assert _export(neo4j_store.snapshot()) == _export(memory.snapshot())
    assert "company-2" not in neo4j_store.snapshot().entities  # merged into Company 1
    for store in (memory, neo4j_store):
        store.judge("distinct", "Company 1", "Company 2")  # and apart again
    assert _export(neo4j_store.snapshot()) == _export(memory.snapshot())


def test_a_failed_write_leaves_nothing_behind(tmp_path, neo4j_store, neo4j_driver, monkeypatch):
    neo4j_store.add(extractions(100, seed=1))
    before = _counts(neo4j_driver)
    real_sync = store_mod.sync

    def sync_then_fail(tx, old, new):
        real_sync(tx, old, new)  # everything is written inside the transaction ...
        raise BackendError("simulated failure after the writes")  # ... and then it fails

    monkeypatch.setattr(store_mod, "sync", sync_then_fail)
    with pytest.raises(BackendError):
        neo4j_store.add(extractions(100, seed=2))
    assert _counts(neo4j_driver) == before


def test_provenance_is_queryable_in_cypher(neo4j_store, neo4j_driver):
    neo4j_store.add(extractions(100))
    snap = neo4j_store.snapshot()
    fact = next(f for f in snap.relations if len(f.sources) > 1)
    records, _, _ = neo4j_driver.execute_query(  # the README's example
        "MATCH (a:Entity)-[r {id: $id}]->(b:Entity) UNWIND range(0, size(r.source_quotes) - 1) AS i "
        "OPTIONAL MATCH (d:Document {id: r.source_documents[i]}) "
        "RETURN a.id AS a, type(r) AS type, b.id AS b, d.id AS doc, r.source_quotes[i] AS quote, "
        "r.source_starts[i] AS start ORDER BY doc, start", id=fact.id)
    assert {(r["a"], r["type"], r["b"]) for r in records} == {(fact.subject, fact.type, fact.object)}
    assert [(r["doc"], r["quote"], r["start"]) for r in records] == sorted(
        (s.document, s.quote, s.start) for s in fact.sources)


def test_entity_type_is_a_label_and_relation_type_a_relationship_type(neo4j_store, neo4j_driver):
    neo4j_store.add(extractions(60))
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Company)-[r:OWNS_STAKE_IN]->(b) WHERE r.percent IS NOT NULL RETURN count(r) AS n")
    assert records[0]["n"] > 0


def test_concurrent_writers_both_land(neo4j_server, neo4j_store):
    docs = extractions(200, per_document=20)

    def write(part):
        with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as store:
            for ext in part:
                store.add([ext])

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(write, [docs[::2], docs[1::2]]))  # re-raises a writer's error
    assert set(neo4j_store.snapshot().documents) == {x.document.id for x in docs}


def test_fast_serialisation_agrees_with_the_model():
    for ext in extractions(100):
        assert rows.extraction_dict(ext) == ext.to_dict()


def test_schema_types_that_cannot_be_labels_are_refused(tmp_path):
    from dealgraph.graph import schema

    path = tmp_path / "extra.yaml"
    path.write_text("entity_types:\n  Document: {label: clash}\n", encoding="utf-8")
    with pytest.raises(StoreError, match="'Document' cannot be a Neo4j label"):
        Neo4jStore("bolt://127.0.0.1:1", schema=schema.load(path))


def test_sources_and_qualifiers_survive_the_trip_through_properties():
    """The parallel source lists give back every source, a curated one's title and URL included."""
    from dealgraph.graph import schema
    from dealgraph.graph.model import Claim, Source
    from dealgraph.graph.resolve import resolve

    snap = resolve(extractions(200), [], schema.load())
    graph = rows.graph_rows(snap)
    for f in snap.relations:
        back = rows.fact(graph.relations[f.id][2], f.subject, f.object)
        assert back.sources == f.sources
        assert (back.date, back.status, back.amount, back.percent, back.conflicts) == (
            f.date, f.status, f.amount, f.percent, f.conflicts)
    for f in snap.events:
        assert rows.sources(graph.events[f.id]) == f.sources
    mixed = dataclasses.replace(snap.relations[0], type="ACQUIRED", claims=[
        Claim("ACQUIRED", "a", "b", status="pending"),
        Claim("ACQUIRED", "a", "b", source=Source("memo", quote="", title="A memo", url="https://x.test")),
        Claim("ACQUIRED", "a", "b", amount={"value": 5.0, "currency": "USD"},
              source=Source("gen-00001", quote="q", start=0, end=1, rule="r"))])
    props = rows.fact_props(mixed, snap.schema, None)
    assert props["source_documents"] == ["memo", "gen-00001"] and props["source_starts"] == [-1, 0]
    assert props["source_titles"] == ["A memo", ""] and "source_published" not in props
    assert rows.sources({"type": "ACQUIRED", **props}) == mixed.sources
    assert "source_titles" not in rows.fact_props(snap.relations[0], snap.schema, None)
