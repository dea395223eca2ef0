"""The as-of reading: dates at their precision, statuses, terminations, undated facts."""
from __future__ import annotations

import pytest

from dealgraph.exc import InputError
from dealgraph.queries import asof

from hand_built import FLOW, GROUP, build, rel


def pairs(snap, as_of=None, **kw):
    return {(f.subject, f.type, f.object) for f in asof.in_effect(snap, as_of, **kw)}


@pytest.mark.parametrize("as_of, expected", [("2026-04-30", True), ("2026-04", True), ("2026-04-01", True),
                                             ("2026-03-31", False), ("2026-03", False), ("2026", True), ("2025", False)])
def test_date_counts_at_its_precision(group, as_of, expected):
    assert (("xray", "ACQUIRED", "yankee") in pairs(group, as_of)) is expected


def test_termination_ends_earlier_deals_between_the_parties_not_later_ones(group):
    def hotel(as_of):
        return {t for s, t, o in pairs(group, as_of) if (s, o) == ("alpha", "hotel")}

    assert hotel("2024-03") == {"OWNS_STAKE_IN"}
    assert hotel("2024-12") == set()
    assert hotel("2025-03") == {"ACQUIRED"}
    assert hotel(None) == {"ACQUIRED"}


def test_termination_is_never_itself_in_effect(group):
    assert not any(t == "TERMINATED_DEAL_WITH" for _, t, _ in pairs(group))


def test_pending_counts_only_when_asked(group, flow):
    assert ("alpha", "HOLDS_OPTION_TO_ACQUIRE", "gee") not in pairs(group)
    assert ("alpha", "HOLDS_OPTION_TO_ACQUIRE", "gee") in pairs(group, include_pending=True)
    assert ("model", "DEPLOYS_ON", "platform") not in pairs(flow)
    assert ("model", "DEPLOYS_ON", "platform") in pairs(flow, include_pending=True)


def test_undated_included_unless_strict(group):
    assert ("epsilon", "SUBSIDIARY_OF", "delta") in pairs(group, "1990")
    assert ("epsilon", "SUBSIDIARY_OF", "delta") not in pairs(group, strict_dates=True)
    assert ("alpha", "OWNS_STAKE_IN", "beta") in pairs(group, strict_dates=True)


def test_undated_fact_holds_from_its_earliest_source_published_date(tmp_path):
    late = {"title": "late", "published": "2026-05-28", "relations": [rel("P", "ACQUIRED", "Q")]}
    early = {"title": "early", "relations": [rel("P", "ACQUIRED", "Q", sources=[{"title": "wire", "published": "2026-02-03"}])]}
    snap = build(tmp_path, late)
    assert asof.fact_dates(snap)[snap.relations[0].id] == ("2026-05-28", asof.PUBLISHED)
    assert not pairs(snap, "2026-05-27") and pairs(snap, "2026-05-28")
    both = build(tmp_path, late, early)
    assert asof.fact_dates(both)[both.relations[0].id] == ("2026-02-03", asof.PUBLISHED)
    assert pairs(both, "2026-02") and pairs(both, "2026-02-03", strict_dates=True)


def test_termination_with_status_pending_ends_nothing(tmp_path):
    snap = build(tmp_path, {"relations": [rel("P", "ACQUIRED", "Q", date="2020"),
                                          rel("Q", "TERMINATED_DEAL_WITH", "P", date="2021", status="expected")]})
    assert ("p", "ACQUIRED", "q") in pairs(snap, include_pending=True)


def test_views_are_cached_per_reading_and_bad_dates_refused(group):
    v = asof.view(group, "2026", include_pending=True)
    assert asof.view(group, "2026", include_pending=True) is v
    assert asof.view(group, "2026") is not v
    assert v.control() is v.control()
    with pytest.raises(InputError, match="bad as-of date '2026-13'"):
        asof.view(group, "2026-13")


def test_control_and_flow_direction_come_from_the_schema(group, flow):
    control = asof.view(group).control()
    assert control.has_edge("delta", "epsilon") and not control.has_edge("epsilon", "delta")  # SUBSIDIARY_OF
    assert not control.has_edge("alpha", "gee")  # an option is pending control
    assert asof.view(group, include_pending=True).control().has_edge("alpha", "gee")
    g = asof.view(flow).flow()
    assert g.has_edge("source", "model") and not g.has_edge("model", "source")  # TRAINED_ON reversed
    assert not g.has_edge("lab", "island")  # market relations carry no data
    assert FLOW and GROUP


def test_pending_control_types_need_include_pending_whatever_their_status(tmp_path):
    snap = build(tmp_path, {"relations": [rel("P", "HOLDS_OPTION_TO_ACQUIRE", "Q", date="2020")]})
    assert pairs(snap) == {("p", "HOLDS_OPTION_TO_ACQUIRE", "q")}
    assert not asof.view(snap).control().has_edge("p", "q")
    assert asof.view(snap, include_pending=True).control().has_edge("p", "q")
