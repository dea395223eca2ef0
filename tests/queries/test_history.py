"""timeline and deals: date order with precision kept, windows, filters."""
from __future__ import annotations

import pytest
from hand_built import build, rel

from dealgraph.exc import NotFoundError, SchemaError
from dealgraph.queries import deals, timeline

DATED = {
    "title": "dated",
    "published": "2026-07-01",
    "relations": [
        rel("P", "ACQUIRED", "Q", date="2026-01-01", status="completed"),
        rel("P", "OWNS_STAKE_IN", "R", date="2026", percent=12.5),
        rel("R", "LICENSES_TO", "Q", date="2026-01"),
        rel("P", "AGREED_TO_ACQUIRE", "S", date="2025-11", status="terminated"),
        rel("P", "TERMINATED_DEAL_WITH", "S", date="2025-12-02"),
        rel("Q", "PARTNERS_WITH", "R", date="2024-03"),
        rel("Q", "DEVELOPS", "Widget"),
    ],
    "events": [{"entity": "Q", "type": "IPO", "date": "2026-01", "status": "expected"}],
}


@pytest.fixture
def dated(tmp_path):
    return build(tmp_path, DATED)


def test_timeline_orders_by_first_day_vaguer_first_and_keeps_precision(dated):
    df = timeline(dated)
    assert list(df.columns) == list(timeline.columns)
    assert df["date"].tolist() == ["2024-03", "2025-11", "2025-12-02", "2026", "2026-01", "2026-01", "2026-01-01",
                                   "2026-07-01"]
    assert df["date_basis"].tolist()[-1] == "published"  # DEVELOPS is undated: its source's date stands in
    jan = df[df["date"] == "2026-01"]
    assert sorted(jan["kind"]) == ["event", "relation"] and jan["fact"].tolist() == sorted(jan["fact"])
    event = df[df["kind"] == "event"].iloc[0]
    assert (event["type"], event["subject_name"], event["object"], event["status"]) == ("IPO", "Q", None, "expected")
    assert df.attrs["edges"] == sorted(df["fact"])


def test_timeline_for_one_entity_and_windows_overlap(dated):
    assert set(timeline(dated, "R")["type"]) == {"OWNS_STAKE_IN", "LICENSES_TO", "PARTNERS_WITH"}
    # "2026" and "2026-01" may fall on 2026-01-15; "2026-01-01" may not
    assert timeline(dated, since="2026-01-15", until="2026-01-15")["date"].tolist() == ["2026", "2026-01", "2026-01"]
    assert timeline(dated, until="2025")["date"].tolist() == ["2024-03", "2025-11", "2025-12-02"]


def test_timeline_window_leaves_out_the_undated(tmp_path):
    snap = build(tmp_path, {"relations": [rel("P", "ACQUIRED", "Q"), rel("P", "ACQUIRED", "R", date="2020")]})
    assert timeline(snap)["date"].tolist() == ["2020", None]
    assert timeline(snap)["date_basis"].tolist() == ["stated", "undated"]
    assert timeline(snap, since="1900")["date"].tolist() == ["2020"]


def test_deals_are_control_data_and_termination_relations(dated):
    df = deals(dated)
    assert df["type"].tolist() == ["AGREED_TO_ACQUIRE", "TERMINATED_DEAL_WITH", "OWNS_STAKE_IN", "LICENSES_TO",
                                   "ACQUIRED"]
    stake = df[df["type"] == "OWNS_STAKE_IN"].iloc[0]
    assert stake["percent"] == 12.5 and stake["subject_name"] == "P"


def test_deal_filters(dated):
    assert deals(dated, party="S")["type"].tolist() == ["AGREED_TO_ACQUIRE", "TERMINATED_DEAL_WITH"]
    assert deals(dated, type="PARTNERS_WITH")["object"].tolist() == ["r"]
    assert deals(dated, status="terminated")["object"].tolist() == ["s"]
    assert deals(dated, since="2026-01-02")["type"].tolist() == ["OWNS_STAKE_IN", "LICENSES_TO"]
    with pytest.raises(SchemaError, match="unknown relation type 'BOUGHT'"):
        deals(dated, type="BOUGHT")
    with pytest.raises(SchemaError, match="unknown status 'done'"):
        deals(dated, status="done")
    with pytest.raises(NotFoundError, match="did you mean"):
        deals(dated, party="Rr")
