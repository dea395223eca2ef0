"""One contract, every store. The embedded SQLite store and Neo4j, given the same inputs, answer what
resolving those inputs from scratch answers (tests/reference.py): the whole graph (the JSON export)
and every canned query (`store.query`), after adding, re-adding, replacing, forgetting, merging and
keeping apart. The SQLite store answers with the NetworkX implementations over its indexed lookups,
Neo4j with Cypher (queries/neo4j.py); the reference with the NetworkX implementations over a snapshot
in memory. Both stores come from `dealgraph.open_store`, as the CLI's do.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
from generated import extractions, name
from reference import Reference, answer, assert_same_answer, export

from dealgraph import open_store
from dealgraph.exc import BackendError, DealgraphError, UsageError
from dealgraph.graph.model import Extraction
from dealgraph.queries import REGISTRY
from dealgraph.queries import cypher as embedded_cypher

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
    def __init__(self, name, store):
        self.name, self.store, self.ask = name, store, store.query

    def add(self, docs):
        return self.store.add([Extraction.from_dict(x.to_dict()) for x in docs])


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request, tmp_path):
    if request.param == "sqlite":
        store = open_store("embedded", path=tmp_path / "store")
    else:
        server = request.getfixturevalue("neo4j_server")
        request.getfixturevalue("clean_db")
        store = open_store("neo4j", uri=server.uri, user=server.user, password=server.password,
                           database=server.database)
    yield Backend(request.param, store)
    store.close()


def agree(backend: Backend, ref: Reference) -> None:
    snap = ref.snapshot()
    assert export(backend.store.snapshot()) == export(snap)
    for query, cases in CASES.items():
        for case in cases:
            args, kwargs = case[:-1], case[-1]
            expected = answer(REGISTRY[query], snap, *args, **kwargs)
            assert_same_answer(answer(backend.ask, query, *args, **kwargs), expected, f"{query} {case}")


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


def test_cypher_takes_real_parameters_and_writes_only_when_asked(backend):
    ref = loaded(backend, extractions(120))
    text = "MATCH (a)-[r]->(b) WHERE a.name = $who RETURN b.name AS target, type(r) AS relation"
    expected = embedded_cypher.run(ref.snapshot(), text, {"who": N(0)})
    got = backend.store.cypher(text, {"who": N(0)})
    assert list(got.columns) == ["target", "relation"] and len(expected) > 0
    assert sorted(got.values.tolist()) == sorted(expected.values.tolist())
    assert got.attrs["counters"] == {}
    assert backend.store.cypher(text, {"who": "x' OR 1=1 //"}).empty  # a value, never text of the statement
    note = "MATCH (e:Entity) WHERE e.name = $who SET e.note = $note RETURN e.note AS note"
    if backend.name == "sqlite":
        with pytest.raises(UsageError, match="read-only"):
            backend.store.cypher(note, {"who": N(0), "note": "checked"}, write=True)
        return
    with pytest.raises(BackendError, match="ran read-only"):
        backend.store.cypher(note, {"who": N(0), "note": "checked"})
    written = backend.store.cypher(note, {"who": N(0), "note": "checked"}, write=True)
    assert written["note"].tolist() == ["checked"] and written.attrs["counters"] == {"properties_set": 1}


def test_an_unknown_query_is_refused_alike_with_close_names(backend):
    with pytest.raises(DealgraphError, match=r"unknown query 'controller'; did you mean 'controllers'\?"):
        backend.store.query("controller", N(0))


def test_a_store_made_without_the_queries_package_says_how_to_get_them(tmp_path):
    """graph/ cannot import queries/ (tests/test_layers.py): the queries register themselves."""
    code = ("from dealgraph.graph.sqlite import SqliteStore\n"
            f"try:\n    SqliteStore({str(tmp_path)!r}).query('controllers', 'x')\n"
            "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "DealgraphError no canned queries are registered: import dealgraph.queries first " \
                          "(dealgraph.open_store does)"
