"""Resolution at write time is resolution: after every change, the SQLite store shows exactly what
`graph.resolve.resolve()` makes of the same inputs (entities in order, ids, facts in order, name
lookups), whichever path the change took (merges, recomputes, id families or the whole table)."""
from __future__ import annotations

import random

import pytest
from random_inputs import NAMES, document, judgement
from reference import Reference

from dealgraph.exc import DealgraphError
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph import schema
from dealgraph.graph.model import Extraction
from dealgraph.graph.sqlite import SqliteStore, resolver
from dealgraph.graph.sqlite import store as sqlite_store

SCHEMA = schema.load()


def seen(snapshot) -> tuple:
    data = to_dict(snapshot)
    for d in data["documents"]:
        d.pop("ingested_at")
    found = []
    for name in NAMES:
        try:
            found.append(snapshot.find(name).id)
        except DealgraphError:
            found.append(None)
    return data, list(snapshot.entities), [f.id for f in snapshot.relations], [f.id for f in snapshot.events], found


def outcome_or_error(fn, *args):
    try:
        return fn(*args)
    except DealgraphError as exc:
        return str(exc)


@pytest.mark.parametrize("seed", range(60))
def test_every_change_leaves_what_resolving_from_scratch_gives(seed, tmp_path, monkeypatch):
    rng = random.Random(seed)
    if seed % 3 == 1:
        monkeypatch.setattr(resolver, "BULK_IDS", 0)  # ids over the whole table, not the family
    if seed % 3 == 2:
        monkeypatch.setattr(resolver, "SUMMARY_MIN", 1)  # every entity keeps its summary
    if seed % 4 == 3:
        monkeypatch.setattr(sqlite_store, "BULK_ROWS", 0)  # the first load builds its indexes after
    store, ref = SqliteStore(tmp_path / "store", schema=SCHEMA), Reference(SCHEMA)
    docs = [f"d{i}" for i in range(rng.randint(2, 7))]
    for step in range(rng.randint(4, 14)):
        r = rng.random()
        if r < 0.5:
            batch = [document(rng, rng.choice(docs)) for _ in range(rng.randint(1, 3))]
            got = store.add([Extraction.from_dict(x.to_dict()) for x in batch])
            want = ref.add([Extraction.from_dict(x.to_dict()) for x in batch])
            assert [(o.document, o.action) for o in got] == [(o.document, o.action) for o in want]
        elif r < 0.7 and ref.docs:
            doc = rng.choice(sorted(ref.docs))
            store.forget(doc)
            ref.forget(doc)
        else:
            j = judgement(rng)
            assert outcome_or_error(store.judge, j.kind, j.a, j.b) == outcome_or_error(ref.judge, j.kind, j.a, j.b)
        assert seen(store.snapshot()) == seen(ref.snapshot()), (seed, step)


def test_a_merge_into_an_entity_seen_in_many_documents_uses_its_summary(tmp_path, ext):
    store, ref = SqliteStore(tmp_path / "store"), Reference()
    for i in range(12):  # Beta Labs in 12 documents, then a spelling that renames it
        x = ext(f"n{i:02d}", [("Beta Labs", "Company", [f"Beta {i}"]), f"Other {i}"],
                [("Beta Labs", "INVESTED_IN", f"Other {i}")])
        store.add([x])
        ref.add([Extraction.from_dict(x.to_dict())])
    for i in range(13):
        x = ext(f"z{i:02d}", [("BETA LABS", "Product", ["Beta Laboratories"])], [])
        store.add([x])
        ref.add([Extraction.from_dict(x.to_dict())])
        assert seen(store.snapshot()) == seen(ref.snapshot())
    [beta] = [e for e in store.snapshot().entities.values() if "Beta Laboratories" in e.aliases]
    assert beta.name == "BETA LABS" and len(store.snapshot().touching(beta.id)) == 12


def test_a_first_load_builds_every_index_after_its_rows(tmp_path, monkeypatch, ext):
    monkeypatch.setattr(sqlite_store, "BULK_ROWS", 0)
    store, ref = SqliteStore(tmp_path / "bulk"), Reference(SCHEMA)
    docs = [document(random.Random(i), f"d{i}") for i in range(5)]
    store.add([Extraction.from_dict(x.to_dict()) for x in docs])
    ref.add([Extraction.from_dict(x.to_dict()) for x in docs])
    assert seen(store.snapshot()) == seen(ref.snapshot())

    def indexes(db):
        return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())

    fresh = SqliteStore(tmp_path / "fresh")
    fresh.add([ext("x", ["Acme"], [])])
    assert indexes(store._open(False)) == indexes(fresh._open(False))
    assert {name for name, _ in indexes(store._open(False))} >= set(sqlite_store.DEFERRED)
