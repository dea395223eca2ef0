"""data-flow on the hand-built flow graph: reversed TRAINED_ON, developer to model, a feedback loop."""
from __future__ import annotations

from dealgraph.queries import data_flow


def hops(df) -> list[tuple[int, str, str, str]]:
    return [(r["depth"], r["from"], r["relation"], r["to"]) for r in df.to_dict("records")]


def test_everything_reachable_nearest_first_with_the_feedback_loop(flow):
    df = data_flow(flow, "Source")
    assert hops(df) == [
        (1, "source", "SUPPLIES_DATA_TO", "lab"),
        (1, "source", "TRAINED_ON", "model"),
        (2, "lab", "DEVELOPS", "model"),
        (2, "model", "DEPLOYS_ON", "platform"),
        (3, "platform", "SUPPLIES_DATA_TO", "lab"),
    ]
    trained = df[df["relation"] == "TRAINED_ON"].iloc[0]
    assert trained["direction"] == "reverse" and trained["to_name"] == "Model"
    assert list(df.columns) == list(data_flow.columns)
    assert df.attrs["nodes"] == ["lab", "model", "platform", "source"]
    assert df.attrs["edges"] == sorted(df["fact"])


def test_pending_flows_are_counted_unless_excluded(flow):
    assert "platform" not in set(data_flow(flow, "Source", include_pending=False)["to"])


def test_as_of_drops_flows_not_yet_in_effect(flow):
    # the model is trained on Source from 2025-06 and deployed from 2026-06
    assert hops(data_flow(flow, "Source", as_of="2025-03")) == [(1, "source", "SUPPLIES_DATA_TO", "lab"),
                                                              (2, "lab", "DEVELOPS", "model")]
    assert data_flow(flow, "Source", as_of="2024").empty


def test_to_keeps_only_hops_on_flows_that_reach_it(flow):
    assert hops(data_flow(flow, "Source", to="Model")) == [(1, "source", "SUPPLIES_DATA_TO", "lab"),
                                                          (1, "source", "TRAINED_ON", "model"),
                                                          (2, "lab", "DEVELOPS", "model")]
    assert hops(data_flow(flow, "Source", to="Model", max_depth=1)) == [(1, "source", "TRAINED_ON", "model")]
    assert data_flow(flow, "Source", to="Island").empty  # a competitor, not a data partner


def test_depth_cut_off(flow):
    assert {h[0] for h in hops(data_flow(flow, "Source", max_depth=2))} == {1, 2}
    assert data_flow(flow, "Platform", max_depth=1)["to"].tolist() == ["lab"]


def test_to_ignores_flows_that_pass_through_either_end(tmp_path):
    from hand_built import build, rel

    snap = build(tmp_path, {"relations": [rel("S", "SUPPLIES_DATA_TO", "T"), rel("T", "SUPPLIES_DATA_TO", "U"),
                                          rel("U", "SUPPLIES_DATA_TO", "T"), rel("U", "SUPPLIES_DATA_TO", "S"),
                                          rel("S", "SUPPLIES_DATA_TO", "V"), rel("V", "SUPPLIES_DATA_TO", "T")]})
    assert hops(data_flow(snap, "S", to="T")) == [(1, "s", "SUPPLIES_DATA_TO", "t"), (1, "s", "SUPPLIES_DATA_TO", "v"),
                                                  (2, "v", "SUPPLIES_DATA_TO", "t")]
    assert (3, "u", "SUPPLIES_DATA_TO", "s") in hops(data_flow(snap, "S"))  # feedback is shown without --to
