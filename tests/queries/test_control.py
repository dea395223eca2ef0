"""ownership-paths, controllers, holdings on the hand-built group (diamond, cycle, option, termination)."""
from __future__ import annotations

import pytest
from hand_built import build, rel

from dealgraph.exc import InputError, NotFoundError
from dealgraph.queries import controllers, holdings, ownership_paths


def chains(df) -> list[list[tuple[str, str, str]]]:
    out: dict[int, list] = {}
    for r in df.itertuples():
        out.setdefault(r.path, []).append((r._3, r.relation, r.to))  # _3 is "from"
    return [out[k] for k in sorted(out)]


def test_diamond_with_parallel_relations_gives_every_chain_in_order(group):
    df = ownership_paths(group, "Alpha", "Delta")
    found = chains(df)
    assert sorted(found[:2]) == [
        [("alpha", "INVESTED_IN", "beta"), ("beta", "OWNS_STAKE_IN", "delta")],
        [("alpha", "OWNS_STAKE_IN", "beta"), ("beta", "OWNS_STAKE_IN", "delta")],
    ]
    assert found[2] == [("alpha", "OWNS_STAKE_IN", "gamma"), ("gamma", "OWNS_STAKE_IN", "delta")]
    first_hops = df[df["hop"] == 1]["fact"].tolist()
    assert first_hops[0] < first_hops[1]  # same entities: ties broken by fact ids
    assert list(df.columns) == list(ownership_paths.columns)
    assert df["path"].tolist() == [1, 1, 2, 2, 3, 3] and df["hop"].tolist() == [1, 2, 1, 2, 1, 2]
    invested = df[df["relation"] == "INVESTED_IN"].iloc[0]
    assert (invested["from_name"], invested["to_name"], invested["amount"], invested["currency"]) == \
        ("Alpha", "Beta", 1e9, "USD")
    assert (invested["date"], invested["date_basis"], invested["direction"]) == ("2019-05", "stated", "forward")
    assert invested["sources"] == list(group.documents)
    assert df.attrs["nodes"] == ["alpha", "beta", "delta", "gamma"]
    assert df.attrs["edges"] == sorted(set(df["fact"]))


def test_paths_order_by_length_then_entity_ids(group):
    df = ownership_paths(group, "Alpha", "Epsilon")
    lengths = [len(c) for c in chains(df)]
    assert lengths == sorted(lengths) and lengths[0] == 3
    # SUBSIDIARY_OF points child -> parent: the hop reads parent -> child, direction reverse
    last = df[df["to"] == "epsilon"].iloc[0]
    assert (last["from"], last["relation"], last["direction"]) == ("delta", "SUBSIDIARY_OF", "reverse")


def test_option_reaches_the_product_only_with_include_pending(group):
    assert ownership_paths(group, "Alpha", "Pad").empty
    df = ownership_paths(group, "Alpha", "Pad", include_pending=True)
    assert chains(df) == [[("alpha", "HOLDS_OPTION_TO_ACQUIRE", "gee"), ("gee", "DEVELOPS", "pad")]]
    assert df.iloc[0]["status"] == "pending"


def test_as_of_and_termination(group):
    assert ownership_paths(group, "Alpha", "Delta", as_of="2021-12").empty  # Beta and Gamma hold Delta from 2022
    assert len(chains(ownership_paths(group, "Alpha", "Delta", as_of="2022"))) == 3
    hotel = lambda d: [c[0][1] for c in chains(ownership_paths(group, "Alpha", "Hotel", as_of=d))]  # noqa: E731
    assert hotel("2024-02") == ["OWNS_STAKE_IN"]
    assert hotel("2024-07") == []
    assert hotel("2025-02") == ["ACQUIRED"]


def test_cycles_terminate_and_depth_is_a_cut_off(group):
    df = ownership_paths(group, "Epsilon", "Phi")
    assert chains(df) == [[("epsilon", "OWNS_STAKE_IN", "phi")]]
    assert chains(ownership_paths(group, "Phi", "Epsilon")) == [[("phi", "OWNS_STAKE_IN", "epsilon")]]
    assert ownership_paths(group, "Alpha", "Phi", max_depth=3).empty
    assert not ownership_paths(group, "Alpha", "Phi", max_depth=4).empty
    assert ownership_paths(group, "Delta", "Alpha").empty  # control has a direction
    with pytest.raises(InputError, match="max depth 0"):
        ownership_paths(group, "Alpha", "Phi", max_depth=0)


def test_unknown_names_suggest(group):
    with pytest.raises(NotFoundError, match=r"unknown entity 'Alpah'; did you mean 'Alpha'"):
        ownership_paths(group, "Alpah", "Delta")


def test_controllers_with_look_through_percent(group):
    df = controllers(group, "Delta")
    assert list(df.columns) == list(controllers.columns)
    rows = {r["id"]: r for r in df.to_dict("records")}
    assert df["id"].tolist() == ["beta", "gamma", "alpha"]  # depth, then id
    assert rows["beta"]["percent"] == 50 and rows["gamma"]["percent"] == 30
    assert rows["alpha"]["percent"] == pytest.approx(42.0)  # 60% x 50% + 40% x 30%
    assert rows["alpha"]["paths"] == 2 and rows["alpha"]["depth"] == 2
    assert rows["alpha"]["ultimate"] and not rows["beta"]["ultimate"]
    assert df.attrs["nodes"] == ["alpha", "beta", "delta", "gamma"]


def test_controllers_through_a_cycle(group):
    df = controllers(group, "Epsilon")
    rows = {r["id"]: r for r in df.to_dict("records")}
    assert set(rows) == {"delta", "phi", "beta", "gamma", "alpha"}
    assert rows["phi"]["percent"] == 5 and rows["phi"]["depth"] == 1 and not rows["phi"]["ultimate"]
    assert rows["delta"]["percent"] is None  # SUBSIDIARY_OF states no stake
    assert rows["alpha"]["ultimate"]


def test_ultimate_inside_a_closed_cycle(tmp_path):
    snap = build(tmp_path, {"relations": [rel("P", "OWNS_STAKE_IN", "Q", percent=50),
                                          rel("Q", "OWNS_STAKE_IN", "P", percent=50),
                                          rel("P", "ACQUIRED", "R")]})
    df = controllers(snap, "R")
    assert df.set_index("id")["ultimate"].to_dict() == {"p": True, "q": True}
    assert df.set_index("id")["percent"].to_dict() == {"p": None, "q": None}


def test_holdings(group):
    df = holdings(group, "Alpha")
    assert list(df.columns) == list(holdings.columns)
    rows = {r["id"]: r for r in df.to_dict("records")}
    assert set(rows) == {"beta", "gamma", "hotel", "delta", "epsilon", "phi"}
    assert rows["beta"]["percent"] == 60 and rows["delta"]["percent"] == pytest.approx(42.0)
    assert rows["hotel"]["percent"] is None
    assert df["depth"].tolist() == sorted(df["depth"].tolist())
    assert "gee" in holdings(group, "Alpha", include_pending=True)["id"].tolist()
    assert holdings(group, "Alpha", as_of="2020")["id"].tolist() == ["beta"]
    assert holdings(group, "Alpha", max_depth=1)["id"].tolist() == ["beta", "gamma", "hotel"]
    assert holdings(group, "Pad").empty
