"""Dates keep their precision and resolve against the published date; money, percent, status."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from dealgraph.loaders import qualifiers as q


def dates(sentence, published=None, text=""):
    ctx = q.DateContext(published, text or sentence)
    return [w.date for w in q.find_dates(sentence, ctx)]


@pytest.mark.parametrize("sentence,published,expected", [
    ("SpaceX absorbed xAI in February 2026.", None, "2026-02"),
    ("It closed on July 19, 2023.", None, "2023-07-19"),
    ("It was announced yesterday.", "2025-04-01", "2025-03-31"),
    ("announced by the companies on Friday", "2024-11-22", "2024-11-22"),
    ("In August, a court found that Google broke the law.", "2025-03-11", "2024-08"),
    ("The deal is set to close on January 22.", "2025-12-19", "2026-01-22"),
    ("Public release targeting mid-June.", "2026-05-25", "2026-06"),
    ("The option becomes exercisable after the June 12 IPO.", "2026-04-21", "2026-06-12"),
    ("It will be available within 2 to 3 weeks.", "2026-05-28", "2026-06"),
    ("Inflection received the money last year.", "2024-03-20", "2023"),
    # a relative clause after the date has a tense of its own: the agreement was in the April before
    ("It follows an agreement in April with Corvid, which will supply vans.", "2025-07-17", "2025-04"),
    ("Last week, Orbis sold its stake.", "2025-03-14", "2025-03"),  # a week inside one month: that month
    ("Earlier this year it bought Corvid AI.", "2024-09-10", "2024"),
    ("Later this month the deal closes.", "2024-09-10", "2024-09"),
])
def test_date_resolution(sentence, published, expected):
    assert expected in dates(sentence, published)


def test_a_week_across_two_months_is_not_dated():
    assert dates("Last week, Orbis sold its stake.", "2025-03-03") == []


def test_relative_dates_need_a_day_precise_published_date():
    assert dates("It was announced yesterday.") == []
    assert dates("Inflection received the money last year.") == []


def test_year_comes_from_the_document_when_published_is_unknown():
    text = "- June 5, 2026\nTraining done.\nMusk confirmed on June 5 that training ended."
    assert dates("Musk confirmed on June 5 that training ended.", None, text) == ["2026-06-05"]


def test_quarter_keeps_year_precision_with_a_range():
    ctx = q.DateContext(None, "")
    (w,) = q.find_dates("expected to close in the third quarter of 2026", ctx)
    assert (w.date, w.date_from, w.date_to) == ("2026", "2026-07", "2026-09")


def test_may_the_verb_is_not_a_month():
    assert dates("SoftBank may reduce its contribution.", "2025-04-01") == []


@pytest.mark.parametrize("text,value,currency", [
    ("a $60 billion option", 6e10, "USD"),
    ("SpaceX secures $60B Cursor option", 6e10, "USD"),
    ("a deal worth €1bn", 1e9, "EUR"),
    ("paid $620 million for a licence", 6.2e8, "USD"),
    ("$45B less $12B debt", 4.5e10, "USD"),
])
def test_money(text, value, currency):
    m = q.find_money(text)[0]
    assert (m.value, m.currency) == (value, currency)


def test_per_share_prices_and_valuations_are_not_deal_amounts():
    amounts = [m.value for m in q.find_money("Cisco will pay $28 billion, or $157 per share, at a valuation of $20 billion")]
    assert amounts == [28e9]


def test_percent():
    assert [p for p, _ in q.find_percent("Google owns 14% of Anthropic and up to 15 per cent")] == [14.0, 15.0]


def test_parse_published():
    assert q.parse_published("2026-05-27T09:30:00Z") == "2026-05-27"
    assert q.parse_published("unknown") is None
    assert q.parse_published("May 25, 2026") == "2026-05-25"


@given(st.text(max_size=300), st.sampled_from([None, "2026", "2026-05", "2026-05-25"]))
def test_find_dates_never_crashes_and_returns_iso_prefixes(text, published):
    for w in q.find_dates(text, q.DateContext(published, text)):
        assert w.date is None or len(w.date) in (4, 7, 10)
