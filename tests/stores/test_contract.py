"""One contract, every store. The embedded SQLite store and Neo4j, given the same inputs, answer what
resolving those inputs from scratch answers (tests/reference.py): the whole graph (the JSON export)
and every canned query, after adding, re-adding, replacing, forgetting, merging and keeping apart.
The SQLite store answers with the NetworkX implementations over its indexed lookups, Neo4j with
Cypher (queries/neo4j.py); the reference with the NetworkX implementations over a snapshot in memory.
"""
from __future__ import annotations

import pandas as pd
import pytest
from generated import extractions, name
from reference import Reference, export

from dealgraph.exc import DealgraphError
from dealgraph.graph.model import Extraction
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.queries import REGISTRY

N, P = name, {"include_pending": True}
CASES = {
    "ownership-paths": [(N(0), N(3), {}), (N(0), N(6), P), (N(0), N(9), {"as_of": "2024-12"}), (N(1), N(0), {})],
    "controllers": [(N(3), {}), (N(0), {"max_depth": 4}), (N(9), {"as_of": "2024-03"})],
    "holdings": [(N(0), {}), (N(0), {**P, "max_depth": 3}), (N(7), P)],
    "data-flow": [(N(12), {}), (N(12), {"to": N(13)}), (N(14), {"as_of": "2025-03"})],
    "neighbors": [(N(0), {}), (N(3), {"depth": 2})],
    "path": [(N(0), N(15), {}), (N(17), N(18), {})],
    "timeline": [({},), (N(0), {}), ({"since": "2024", "until": "2025-06"},)],
    "deals": [({},), ({"party": N(0)},), ({"status": "terminated"},)],
    "sources": [(N(0), {}), (N(12), {})],
    "conflicts": [({},), (N(0), {})],
}


class Backend:
    def __init__(self, store, ask):
        self.store, self.ask = store, ask

    def add(self, docs):
        return self.store.add([Extraction.from_dict(x.to_dict()) for x in docs])


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request, tmp_path):
    if request.param == "sqlite":
        store = SqliteStore(tmp_path / "store")

        def ask(query, *args, **kwargs):
            return REGISTRY[query](store.snapshot(), *args, **kwargs)
    else:
        from dealgraph.graph.neo4j import Neo4jStore
        from dealgraph.queries import neo4j as cypher_queries

        server = request.getfixturevalue("neo4j_server")
        request.getfixturevalue("clean_db")
        store = Neo4jStore(server.uri, server.user, server.password, server.database)

        def ask(query, *args, **kwargs):
            return cypher_queries.run(store, query, *args, **kwargs)
    yield Backend(store, ask)
    store.close()


def _answer(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DealgraphError as exc:  # a refused argument must be refused alike
        return f"{type(exc).__name__}: {exc}"


def agree(backend: Backend, ref: Reference) -> None:
    snap = ref.snapshot()
    assert export(backend.store.snapshot()) == export(snap)
    for query, cases in CASES.items():
        for case in cases:
            args, kwargs = case[:-1], case[-1]
            expected = _answer(REGISTRY[query], snap, *args, **kwargs)
            got = _answer(backend.ask, query, *args, **kwargs)
            if isinstance(expected, str):
                assert got == expected, (query, case)
                continue
            assert isinstance(got, pd.DataFrame), (query, case, got)
            pd.testing.assert_frame_equal(got, expected, obj=f"{query} {case}")
            assert got.attrs == expected.attrs, (query, case)


def loaded(backend: Backend, docs) -> Reference:
    ref = Reference()
    assert [o.action for o in backend.add(docs)] == [o.action for o in ref.add(docs)]
    return ref


def test_a_store_answers_as_resolving_its_inputs_from_scratch(backend):
    ref = loaded(backend, extractions(300))
    agree(backend, ref)
    assert any(ref.snapshot().relations[i].conflicts for i in range(len(ref.snapshot().relations)))


def test_adding_again_changes_nothing_and_a_changed_document_replaces_its_own(backend):
    docs = extractions(300)
    ref = loaded(backend, docs)
    assert {o.action for o in backend.add(docs)} == {"unchanged"}
    changed = extractions(300, seed=8)[1]
    changed.document.key, changed.document.id = docs[1].document.key, docs[1].document.id
    assert [o.action for o in backend.add([changed])] == [o.action for o in ref.add([changed])] == ["replaced"]
    agree(backend, ref)


def test_forget(backend):
    docs = extractions(300)
    ref = loaded(backend, docs)
    for doc in (docs[0].document.id, docs[-1].document.key):
        assert backend.store.forget(doc).document == ref.snapshot().find_document(doc).id
        ref.forget(doc)
    agree(backend, ref)


def test_merge_distinct_and_taking_a_judgement_back(backend):
    ref = loaded(backend, extractions(300))
    for kind, a, b in (("same", N(1), N(2)), ("distinct", N(3), f"{N(10)} Holdings"),
                       ("same", "Nobody Yet", N(12)), ("distinct", N(1), N(2))):
        assert backend.store.judge(kind, a, b) == ref.judge(kind, a, b)
        agree(backend, ref)
    late = extractions(40, seed=9)[0]
    late.document.id, late.document.key = "late", "generated/late.txt"
    late.entities[0].aliases.append("Nobody Yet")  # a judged name arriving later
    assert [o.action for o in backend.add([late])] == [o.action for o in ref.add([late])]
    agree(backend, ref)
