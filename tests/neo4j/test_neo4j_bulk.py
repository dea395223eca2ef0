"""Staged loads (graph/neo4j/bulk.py): the same graph as one transaction, all or nothing for readers."""
from __future__ import annotations

import pytest
from generated import extractions

from dealgraph.exc import BackendError
from dealgraph.graph.neo4j import bulk, rows
from dealgraph.queries import neo4j as cypher_queries


@pytest.fixture
def staging(monkeypatch):
    """Stage every change that brings 150 relations or more, in transactions of 60."""
    monkeypatch.setattr(bulk, "MIN_RELATIONS", 150)
    monkeypatch.setattr(bulk, "CHUNK", 60)


def _held(store) -> rows.GraphRows:
    """What Neo4j holds, as rows (entities, relations, events with every property)."""
    with store.conn.session() as s, s.begin_transaction() as tx:
        return store._graph_rows(tx)


def _leftovers(driver) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) RETURN count(n) AS n", labels=bulk.LABELS)
    return records[0]["n"]


def _labels(driver) -> dict[str, int]:
    records, _, _ = driver.execute_query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
    return {r["label"]: r["n"] for r in records}


def test_a_staged_load_writes_what_one_transaction_writes(neo4j_store, neo4j_driver, staging, monkeypatch):
    docs = extractions(400)
    neo4j_store.add(docs)
    assert neo4j_store.stats["staging transactions"] >= 7  # 80 entities and ~400 relations, 60 a time
    staged, labels = _held(neo4j_store), _labels(neo4j_driver)
    assert staged == rows.graph_rows(neo4j_store.snapshot())
    assert _leftovers(neo4j_driver) == 0

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    monkeypatch.setattr(bulk, "MIN_RELATIONS", 10**9)
    neo4j_store.add(extractions(400))
    assert "staging transactions" not in neo4j_store.stats
    assert _held(neo4j_store) == staged and _labels(neo4j_driver) == labels


def test_a_staged_load_replaces_a_smaller_graph(neo4j_store, neo4j_driver, staging):
    docs = extractions(600, per_document=40)
    neo4j_store.add(docs[:3])  # 120 relations: one transaction
    assert "staging transactions" not in neo4j_store.stats
    neo4j_store.add(docs[3:])  # 480 more, over twice what is there: staged, the old graph retired
    assert neo4j_store.stats["staging transactions"] > 0
    assert _held(neo4j_store) == rows.graph_rows(neo4j_store.snapshot())
    assert _leftovers(neo4j_driver) == 0
    neo4j_store.add(docs)  # nothing new: the diff path, which writes nothing
    assert neo4j_store.stats == {"documents": 0, "entities": 0, "relations": 0, "events": 0}


def test_a_load_that_fails_while_staging_changes_nothing(neo4j_store, neo4j_driver, staging, monkeypatch):
    docs = extractions(600, per_document=40)
    neo4j_store.add(docs[:3])
    before = _held(neo4j_store)
    real, packed = bulk._pack, []

    def fail_after_two(statements):
        jobs = real(statements)
        packed.append(statements)
        if len(packed) == 1:  # the entities are staged whole
            yield from jobs
            return
        yield next(jobs)
        yield next(jobs)  # two transactions of staged relations are committed ...
        raise BackendError("simulated failure while staging")  # ... then the load fails

    monkeypatch.setattr(bulk, "_pack", fail_after_two)
    with pytest.raises(BackendError, match="simulated"):
        neo4j_store.add(docs[3:])
    assert _held(neo4j_store) == before and _leftovers(neo4j_driver) == 0
    assert set(neo4j_store.snapshot().documents) == {d.document.id for d in docs[:3]}


def test_leftovers_of_a_dead_load_stay_out_of_sight_until_the_next_change_deletes_them(
        neo4j_store, neo4j_driver, staging, monkeypatch):
    docs = extractions(600, per_document=40)
    neo4j_store.add(docs[:3])
    before, labels = _held(neo4j_store), _labels(neo4j_driver)
    expected = cypher_queries.run(neo4j_store, "neighbors", "Company 0", depth=2)

    def die(tx, *args):  # the process dies after staging, before the flip commits
        raise KeyboardInterrupt

    monkeypatch.setattr(bulk, "_flip", die)
    monkeypatch.setattr(bulk, "delete_leftovers", lambda conn: None)  # nobody is left to tidy up
    with pytest.raises(KeyboardInterrupt):
        neo4j_store.add(docs[3:])
    records, _, _ = neo4j_driver.execute_query("MATCH (:DealgraphStaged)-[r]->(:DealgraphStaged) RETURN count(r) AS n")
    assert _leftovers(neo4j_driver) >= 100 and records[0]["n"] >= 550  # all of it staged ...
    assert _held(neo4j_store) == before  # ... and none of it is seen
    assert {k: v for k, v in _labels(neo4j_driver).items() if k not in bulk.LABELS} == labels
    assert cypher_queries.run(neo4j_store, "neighbors", "Company 0", depth=2).equals(expected)

    monkeypatch.undo()
    neo4j_store.add(docs[3:4])  # the next change, under the store lock, deletes them first
    assert _leftovers(neo4j_driver) == 0
    assert _held(neo4j_store) == rows.graph_rows(neo4j_store.snapshot())


def test_a_lone_staged_event_is_a_leftover_too(neo4j_store, neo4j_driver):
    """A tidy-up that died between labels can leave staged events alone; the next change finds them."""
    neo4j_driver.execute_query("CREATE (:DealgraphStagedEvent {id: 'evt-left-over'})")
    neo4j_store.add(extractions(20))
    assert _leftovers(neo4j_driver) == 0
