"""Entity resolution: names and aliases merge mentions; analysts' judgements add or forbid merges."""
from __future__ import annotations

import pytest

from dealgraph.graph import schema as schema_mod
from dealgraph.graph.resolve import Judgement, resolve

SCHEMA = schema_mod.load()


def run(exts, judgements=()):
    return resolve(exts, list(judgements), SCHEMA)


def same(a, b):
    return Judgement("same", a, b)


def distinct(a, b):
    return Judgement("distinct", a, b)


def groups(snap) -> set[frozenset[str]]:
    """Each entity as the set of its names, so tests read as 'these names are one entity'."""
    return {frozenset(e.names()) for e in snap.entities.values()}


def test_mentions_with_the_same_normalised_name_merge_across_documents(ext):
    snap = run([ext("a", [("SpaceX", "Company"), "xAI"], [("SpaceX", "ACQUIRED", "xAI")]),
                ext("b", [("SpaceX Corp.", "Company"), "X.AI"], [("SpaceX Corp.", "ACQUIRED", "X.AI")])])
    assert groups(snap) == {frozenset({"SpaceX", "SpaceX Corp."}), frozenset({"xAI", "X.AI"})}
    [fact] = snap.relations
    assert fact.documents == ["a", "b"]
    assert snap.entity_documents[fact.subject] == ["a", "b"]


def test_aliases_merge_mentions_transitively(ext):
    snap = run([ext("a", [("Alpha Labs", "Company", ["Beta"])], []),
                ext("b", [("Beta", "Company", ["Gamma AI"])], []),
                ext("c", ["Gamma AI"], [])])
    assert groups(snap) == {frozenset({"Alpha Labs", "Beta", "Gamma AI"})}
    [entity] = snap.entities.values()
    assert snap.entity_documents[entity.id] == ["a", "b", "c"]


def test_different_names_stay_apart(ext):
    snap = run([ext("a", ["Anysphere", "Cursor"], [("Anysphere", "DEVELOPS", "Cursor")])])
    assert len(snap.entities) == 2 and len(snap.relations) == 1


def test_same_judgement_applies_to_earlier_and_later_documents(ext):
    early = ext("a", [("Anysphere", "Company")], [])
    late = ext("z", [("Cursor maker", "Company"), ("Cursor", "Product")], [("Cursor maker", "DEVELOPS", "Cursor")])
    judged = [same("Anysphere", "Cursor maker")]
    assert groups(run([early], judged)) == {frozenset({"Anysphere"})}
    snap = run([early, late], judged)
    assert frozenset({"Anysphere", "Cursor maker"}) in groups(snap)
    [fact] = snap.relations
    assert snap.entities[fact.subject].name in {"Anysphere", "Cursor maker"}
    assert snap.entity_documents[fact.subject] == ["a", "z"]


def test_distinct_judgement_applies_to_earlier_and_later_documents(ext):
    docs = [ext("a", [("Apple", "Company")], []), ext("b", [("Apple Records", "Company", ["Apple"])], [])]
    assert len(groups(run(docs))) == 1  # the shared name "Apple" merges them
    judged = [distinct("Apple", "Apple Records")]
    assert groups(run(docs, judged)) == {frozenset({"Apple"}), frozenset({"Apple Records"})}
    later = ext("c", [("Apple Records Ltd", "Company")], [])
    assert groups(run([*docs, later], judged)) == {frozenset({"Apple"}),
                                                   frozenset({"Apple Records", "Apple Records Ltd"})}


def test_distinct_splits_a_name_and_alias_that_one_document_carried_together(ext):
    """One article wrongly gave Anysphere as another name of Cursor; the analyst says they differ."""
    docs = [ext("a", [("Cursor", "Product", ["Anysphere"]), "xAI"], [("Cursor", "SUPPLIES_DATA_TO", "xAI")]),
            ext("b", [("Anysphere", "Company"), ("Cursor", "Product")], [("Anysphere", "DEVELOPS", "Cursor")])]
    assert len(run(docs).entities) == 2  # Cursor and Anysphere collapsed (plus xAI)
    snap = run(docs, [distinct("Cursor", "Anysphere")])
    assert groups(snap) == {frozenset({"Cursor"}), frozenset({"Anysphere"}), frozenset({"xAI"})}
    assert {(snap.entities[f.subject].name, f.type, snap.entities[f.object].name) for f in snap.relations} == {
        ("Cursor", "SUPPLIES_DATA_TO", "xAI"), ("Anysphere", "DEVELOPS", "Cursor")}


def test_distinct_wins_over_same_and_over_a_bridging_document(ext):
    docs = [ext("a", ["Acme"], []), ext("b", ["Apex"], []), ext("c", [("Acme", "Other", ["Apex"])], [])]
    assert len(run(docs).entities) == 1
    snap = run(docs, [same("Acme", "Apex"), distinct("Acme", "Apex")])
    assert groups(snap) == {frozenset({"Acme"}), frozenset({"Apex"})}


def test_same_judgement_with_an_unknown_name_changes_nothing(ext):
    docs = [ext("a", ["Acme"], []), ext("b", ["Apex"], [])]
    assert groups(run(docs, [same("Acme", "Nowhere")])) == groups(run(docs))


def test_curated_names_and_specific_types_win(ext):
    docs = [ext("a", [("SPACEX", "Other")], []), ext("b", [("SPACEX", "Other")], []),
            ext("c", [("SpaceX", "Company")], [], loader="structured")]
    [entity] = run(docs).entities.values()
    assert (entity.name, entity.type, entity.id) == ("SpaceX", "Company", "spacex")
    assert entity.aliases == ["SPACEX"]


def test_entities_whose_slugs_collide_get_distinct_deterministic_ids(ext):
    docs = [ext("a", [("Société", "Company")], []), ext("b", [("Societe", "Product")], [])]
    snap = run(docs)
    assert sorted(snap.entities) == ["societe", "societe-product"]
    assert sorted(run(docs[::-1]).entities) == sorted(snap.entities)


def test_a_relation_whose_ends_resolve_to_one_entity_is_dropped(ext):
    snap = run([ext("a", [("xAI", "Company"), ("X.AI Corp", "Company")], [("xAI", "ACQUIRED", "X.AI Corp")])])
    assert len(snap.entities) == 1 and snap.relations == []


def test_claims_about_undeclared_entities_are_ignored(ext):
    e = ext("a", ["Acme", "Apex"], [("Acme", "ACQUIRED", "Apex")])
    e.claims[0].object = "not-declared"
    assert run([e]).relations == []


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_resolution_does_not_depend_on_the_order_documents_arrive(order, ext):
    docs = [ext("a", [("SpaceX", "Company"), "xAI"], [("SpaceX", "ACQUIRED", "xAI", {"date": "2026-02"})]),
            ext("b", [("xAI", "Company", ["X.AI"]), ("Grok", "AIModel")], [("X.AI", "DEVELOPS", "Grok")]),
            ext("c", [("Space Exploration Technologies", "Company", ["SpaceX"]), "X.AI"],
                [("SpaceX", "ACQUIRED", "X.AI", {"date": "2026-03"})])]
    expected = run(docs, [distinct("Grok", "xAI")])
    got = run([docs[i] for i in order], [distinct("Grok", "xAI")])
    assert {k: v.to_dict() for k, v in got.entities.items()} == {k: v.to_dict() for k, v in expected.entities.items()}
    assert [(f.id, f.date, f.documents) for f in got.relations] == [(f.id, f.date, f.documents)
                                                                     for f in expected.relations]
    [acq] = [f for f in got.relations if f.type == "ACQUIRED"]
    assert acq.documents == ["a", "c"] and set(acq.conflicts) == {"date"}
