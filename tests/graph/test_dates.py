"""Partial ISO dates: precision is kept, never invented, and comparisons respect it."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dealgraph.exc import InputError
from dealgraph.graph import dates

days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
precisions = st.sampled_from([1, 2, 3])


def at_precision(day: dt.date, parts: int) -> str:
    return "-".join(day.isoformat().split("-")[:parts])


partial = st.builds(at_precision, days, precisions)


@pytest.mark.parametrize("value, expected", [
    ("2026", "2026"), ("2026-04", "2026-04"), ("2026-04-12", "2026-04-12"), (" 2026-04 ", "2026-04"),
    (2026, "2026"), (dt.date(2026, 6, 5), "2026-06-05"), (dt.datetime(2026, 6, 5, 13, 30), "2026-06-05"),
    (None, None), ("", None),
])
def test_parse_iso_accepts_and_keeps_precision(value, expected):
    assert dates.parse_iso(value) == expected


@pytest.mark.parametrize("value", [
    "2026-4", "2026-04-1", "26", "2026/04/12", "2026-13", "2026-00", "2026-04-00", "2026-02-30", "2025-02-29", "0000",
    "April 2026", "2026-04-12T10:00", "2026-04-12x", True, 2026.0, "\u0662\u0660\u0662\u0666",
])
def test_parse_iso_rejects_what_is_not_a_canonical_iso_prefix(value):
    with pytest.raises(InputError, match="bad date"):
        dates.parse_iso(value)


def test_parse_iso_names_the_field_in_its_error():
    with pytest.raises(InputError, match=r"^bad date from '2026-02-30': day is out of range"):
        dates.parse_iso("2026-02-30", what="date from")


def test_leap_days():
    assert dates.parse_iso("2024-02-29") == "2024-02-29"
    assert dates.last_day("2024-02") == dt.date(2024, 2, 29)
    assert dates.last_day("2100-02") == dt.date(2100, 2, 28)


@given(partial)
def test_any_date_at_any_precision_parses_back_to_itself(value):
    assert dates.parse_iso(value) == value
    assert dates.precision(value) == ("year", "month", "day")[value.count("-")]


@given(days)
def test_dates_and_their_iso_strings_agree(day):
    assert dates.parse_iso(day) == dates.parse_iso(day.isoformat()) == day.isoformat()


@given(st.text(max_size=12))
@example("２０２６")  # full-width digits are \d to Python's re, but not a date
def test_parse_iso_returns_canonical_ascii_or_raises(text):
    try:
        out = dates.parse_iso(text)
    except InputError:
        return
    assert out is None or (out.isascii() and dates.parse_iso(out) == out)


@given(partial)
def test_first_and_last_day_bound_the_interval(value):
    first, last = dates.first_day(value), dates.last_day(value)
    assert first <= last
    assert first.isoformat().startswith(value) and last.isoformat().startswith(value)
    assert (first - dt.timedelta(days=1)).isoformat()[:len(value)] != value if first > dt.date.min else True
    assert (last + dt.timedelta(days=1)).isoformat()[:len(value)] != value if last < dt.date.max else True


@given(partial, partial)
def test_not_after_means_the_value_may_already_have_happened(value, as_of):
    assert dates.not_after(value, as_of) == (dates.first_day(value) <= dates.last_day(as_of))
    if dates.last_day(value) <= dates.first_day(as_of):
        assert dates.not_after(value, as_of)  # certainly before
    if dates.first_day(value) > dates.last_day(as_of):
        assert not dates.not_after(value, as_of)  # certainly after


@pytest.mark.parametrize("value, as_of, expected", [
    ("2026-02", "2026-02-01", True),  # February may have started by the first of February
    ("2026-03", "2026-02-28", False),
    ("2026", "2026-01-01", True),
    ("2026-06-12", "2026-06", True),
    ("2026-07-01", "2026-06", False),
    ("2025-12-31", "2026", True),
])
def test_not_after_examples(value, as_of, expected):
    assert dates.not_after(value, as_of) is expected


@pytest.mark.parametrize("values, expected", [
    (["2025-01", "2025-03"], "2025"),
    (["2025-01-05", "2025-01-20"], "2025-01"),
    (["2025", "2025-03-01"], "2025"),
    (["2025-03-01"], "2025-03-01"),
    (["2025", "2026"], None),
    ([], None),
])
def test_common_prefix(values, expected):
    assert dates.common_prefix(values) == expected


@given(st.lists(partial, min_size=1, max_size=5))
def test_common_prefix_is_a_date_every_value_refines(values):
    common = dates.common_prefix(values)
    if common is not None:
        assert dates.parse_iso(common) == common
        assert all(v.startswith(common) for v in values)


def test_sort_key_orders_by_first_day_vaguer_first_and_undated_last():
    values = ["2026-04-12", None, "2026", "2025-12", "2026-04", ""]
    assert sorted(values, key=dates.sort_key) == ["2025-12", "2026", "2026-04", "2026-04-12", None, ""]


@given(st.lists(partial, max_size=8))
def test_sort_key_agrees_with_first_day(values):
    ordered = sorted(values, key=dates.sort_key)
    firsts = [dates.first_day(v) for v in ordered]
    assert firsts == sorted(firsts)


def test_docstring_examples_hold():
    import doctest

    assert doctest.testmod(dates).failed == 0
