"""neighbors and path: any relation, either direction."""
from __future__ import annotations

import pytest
from hand_built import build, rel

from dealgraph.exc import InputError
from dealgraph.queries import neighbors, path


def test_neighbors_by_depth(group):
    one = neighbors(group, "Beta")
    assert list(one.columns) == list(neighbors.columns)
    assert one["depth"].tolist() == [1, 1, 1]
    assert sorted(zip(one["subject"], one["type"], one["object"])) == [
        ("alpha", "INVESTED_IN", "beta"), ("alpha", "OWNS_STAKE_IN", "beta"), ("beta", "OWNS_STAKE_IN", "delta")]
    two = neighbors(group, "Beta", depth=2)
    assert two["depth"].tolist() == [1, 1, 1] + [2] * (len(two) - 3)
    assert ("epsilon", "SUBSIDIARY_OF", "delta") in set(zip(two["subject"], two["type"], two["object"]))
    assert ("alpha", "TERMINATED_DEAL_WITH", "hotel") in set(zip(two["subject"], two["type"], two["object"]))
    assert set(two.attrs["nodes"]) >= {"beta", "alpha", "delta", "hotel", "epsilon"}
    assert len(two.attrs["edges"]) == len(two)
    with pytest.raises(InputError, match="bad depth 0"):
        neighbors(group, "Beta", depth=0)


def test_path_is_shortest_any_direction_smallest_ids_first(tmp_path):
    snap = build(tmp_path, {"relations": [rel("A", "PARTNERS_WITH", "M"), rel("A", "COMPETES_WITH", "B"),
                                          rel("C", "SUPPLIES_DATA_TO", "B"), rel("M", "ACQUIRED", "Z"),
                                          rel("C", "DEVELOPS", "Z"), rel("Lone", "ACQUIRED", "Other")]})
    df = path(snap, "A", "Z")
    assert list(df.columns) == list(path.columns)
    # two shortest connections of 3 hops: a-b-c-z and a-m-z is shorter (2 hops)
    assert [(r["from"], r["relation"], r["to"], r["direction"]) for r in df.to_dict("records")] == [
        ("a", "PARTNERS_WITH", "m", "forward"), ("m", "ACQUIRED", "z", "forward")]
    back = path(snap, "C", "A")
    assert back["from"].tolist() == ["c", "b"] and back["direction"].tolist() == ["forward", "reverse"]
    assert back.attrs["nodes"] == ["a", "b", "c"]
    assert path(snap, "A", "Lone").empty
    with pytest.raises(InputError, match="same entity"):
        path(snap, "A", "a")


def test_path_tie_break_on_entity_ids(tmp_path):
    snap = build(tmp_path, {"relations": [rel("S", "ACQUIRED", "Y"), rel("Y", "ACQUIRED", "T"),
                                          rel("S", "ACQUIRED", "K"), rel("K", "ACQUIRED", "T")]})
    assert path(snap, "S", "T")["to"].tolist() == ["k", "t"]
