"""sources and conflicts: quotes and documents behind facts; sources that disagree."""
from __future__ import annotations

import pytest
from hand_built import build, rel

from dealgraph.exc import NotFoundError
from dealgraph.queries import conflicts, sources

ONE = {"title": "first", "published": "2026-05-01",
       "relations": [rel("P", "ACQUIRED", "Q", date="2026-04", amount=100, status="completed",
                         sources=[{"title": "wire one", "quote": "P bought Q for 100."}]),
                     rel("Q", "DEVELOPS", "W")]}
TWO = {"title": "second", "published": "2026-05-02",
       "relations": [rel("P", "ACQUIRED", "Q", date="2026-03", amount=100, status="completed",
                         sources=[{"title": "wire two", "quote": "Q went to P in March.", "url": "https://example.org/2"}])]}
THREE = {"title": "third",
         "relations": [rel("P", "ACQUIRED", "Q", date="2026-04-02", amount=120, status="completed")]}


@pytest.fixture
def disputed(tmp_path):
    return build(tmp_path, ONE, TWO, THREE)


def test_sources_of_a_fact_and_of_an_entity(disputed):
    fid = next(f.id for f in disputed.relations if f.type == "ACQUIRED")
    df = sources(disputed, fid)
    assert list(df.columns) == list(sources.columns)
    assert df["fact"].tolist() == [fid] * 3
    assert df["document"].tolist() == sorted(df["document"])
    assert set(df["quote"]) >= {"P bought Q for 100.", "Q went to P in March."}
    two = df[df["quote"] == "Q went to P in March."].iloc[0]
    assert (two["title"], two["url"], two["subject_name"], two["object_name"]) == ("wire two", "https://example.org/2", "P", "Q")
    assert df.attrs["edges"] == [fid] and df.attrs["nodes"] == ["p", "q"]
    everything = sources(disputed, "Q")
    assert set(everything["type"]) == {"ACQUIRED", "DEVELOPS"} and len(everything) == 4
    with pytest.raises(NotFoundError, match=r"unknown entity or fact id 'Qq'"):
        sources(disputed, "Qq")


def test_an_unknown_fact_id_is_said_so_and_suggests_only_fact_ids(tmp_path):
    snap = build(tmp_path, ONE, {"title": "rel", "relations": [rel("Relx Does", "PARTNERS_WITH", "Q")]})
    with pytest.raises(NotFoundError) as e:  # "Relx Does" is close as a name, but a rel-... is a fact id
        sources(snap, "rel-doesnotexist")
    assert str(e.value) == "unknown fact id 'rel-doesnotexist'"
    fid = next(f.id for f in snap.relations if f.type == "ACQUIRED")
    for near in (fid[:12], fid[:-1] + ("0" if fid[-1] != "0" else "1"), fid.upper()[:14]):  # shortened, mistyped
        with pytest.raises(NotFoundError) as e:
            sources(snap, near)
        assert e.value.what == "fact id" and e.value.suggestions[:1] == [fid], near
    assert sources(snap, "Relx Does")["type"].tolist() == ["PARTNERS_WITH"]  # a name is still a name


def test_conflicts_list_each_side_with_its_documents(disputed):
    df = conflicts(disputed)
    assert list(df.columns) == list(conflicts.columns)
    assert sorted(set(df["qualifier"])) == ["amount", "date"]
    amount = df[df["qualifier"] == "amount"]
    assert amount["side"].tolist() == [1, 2]
    assert amount["value"].tolist() == ['{"currency": null, "value": 100}', '{"currency": null, "value": 120}']  # none invented
    assert amount["chosen"].tolist() == [True, False]
    assert len(amount.iloc[0]["documents"]) == 2 and len(amount.iloc[1]["documents"]) == 1
    date = df[df["qualifier"] == "date"]
    assert set(date["value"]) == {"2026-03", "2026-04", "2026-04-02"} or set(date["value"]) == {"2026-03", "2026-04-02"}
    assert date["chosen"].sum() == 1
    assert df.attrs["nodes"] == ["p", "q"]
    assert conflicts(disputed, entity="W").empty
    assert len(conflicts(disputed, entity="P")) == len(df)
