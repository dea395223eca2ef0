"""Claims, extractions and how `assemble` turns claims into facts with sources and conflicts."""
from __future__ import annotations

import json
import random

from hypothesis import given
from hypothesis import strategies as st

from dealgraph.graph.model import Claim, Document, Entity, Extraction, Source, assemble

text = st.text(max_size=20)
maybe_date = st.none() | st.sampled_from(["2026", "2026-04", "2026-04-12"])
json_scalar = st.none() | st.booleans() | st.integers(-10**12, 10**12) | text
sources = st.builds(Source, document=st.text(min_size=1, max_size=10), quote=text,
                    start=st.none() | st.integers(0, 10**6), end=st.none() | st.integers(0, 10**6), rule=text,
                    title=st.none() | text, published=maybe_date, url=st.none() | text)
claims = st.builds(
    Claim, type=st.sampled_from(["ACQUIRED", "IPO"]), subject=st.text(min_size=1, max_size=10),
    object=st.none() | st.text(min_size=1, max_size=10), date=maybe_date, date_from=maybe_date, date_to=maybe_date,
    date_text=st.none() | text, status=st.none() | st.sampled_from(["announced", "pending"]),
    amount=st.none() | st.fixed_dictionaries({"value": st.integers(1, 10**12), "currency": st.just("USD")}),
    percent=st.none() | st.floats(0, 100), source=st.none() | sources,
    attributes=st.dictionaries(st.text(min_size=1, max_size=8),
                               json_scalar | st.lists(json_scalar, max_size=3), max_size=3),
)


def claim(subject="spacex", typ="ACQUIRED", obj="xai", doc="a", **quals) -> Claim:
    return Claim(type=typ, subject=subject, object=obj, source=Source(document=doc, quote=f"quote in {doc}"), **quals)


# -- serialisation -------------------------------------------------------------------------------

@given(claims)
def test_claim_round_trips_through_json(c):
    assert Claim.from_dict(json.loads(json.dumps(c.to_dict()))) == c


@given(st.lists(claims, max_size=4))
def test_extraction_round_trips_through_json(cs):
    ext = Extraction(document=Document(id="d", key="/d.txt", sha256="0" * 64, title="T", published="2026-04",
                                       loader="article", chars=12, ingested_at="2026-06-01T00:00:00+00:00"),
                     entities=[Entity("SpaceX", "Company", ["Space Exploration Technologies"], {"hq": "TX"}),
                               Entity("xAI", "Company")],
                     claims=cs)
    back = Extraction.from_dict(json.loads(json.dumps(ext.to_dict())))
    assert back.document == ext.document and back.entities == ext.entities and back.claims == ext.claims


def test_source_to_dict_leaves_out_what_is_unknown():
    assert Source(document="d", quote="q", start=0, end=1).to_dict() == {
        "document": "d", "quote": "q", "start": 0, "end": 1, "rule": ""}


def test_entity_id_is_the_slug_of_its_name_unless_given():
    assert Entity("Anysphere Inc.").id == "anysphere"
    assert Entity("Cursor", id="cursor-product").id == "cursor-product"


# -- assemble ----------------------------------------------------------------------------------------

def test_agreeing_claims_from_two_documents_are_one_fact_with_two_sources():
    [fact] = assemble([claim(doc="a", date="2026-02", status="completed"),
                       claim(doc="b", date="2026-02", status="completed")])
    assert (fact.subject, fact.type, fact.object, fact.date, fact.status) == (
        "spacex", "ACQUIRED", "xai", "2026-02", "completed")
    assert [s.document for s in fact.sources] == ["a", "b"] and fact.documents == ["a", "b"]
    assert fact.conflicts == {}


def test_the_same_source_twice_counts_once():
    [fact] = assemble([claim(doc="a"), claim(doc="a")])
    assert len(fact.sources) == 1


def sides(fact, qualifier) -> dict:
    """value -> documents that state it, from a fact's conflicts."""
    return {json.dumps(side["value"], sort_keys=True): sorted(s["document"] for s in side["sources"])
            for side in fact.conflicts[qualifier]}


def test_disagreeing_dates_are_kept_with_each_sides_sources():
    [fact] = assemble([claim(doc="a", date="2026-02"), claim(doc="b", date="2026-03"),
                       claim(doc="c", date="2026-03")])
    assert fact.date == "2026-03"  # two documents against one
    assert sides(fact, "date") == {'"2026-02"': ["a"], '"2026-03"': ["b", "c"]}


def test_a_more_precise_date_refines_rather_than_conflicts():
    [fact] = assemble([claim(doc="a", date="2026-05"), claim(doc="b", date="2026-05-25"),
                       claim(doc="c", date="2026")])
    assert fact.date == "2026-05-25" and "date" not in fact.conflicts


def test_disagreeing_amounts_status_and_percent_are_all_kept():
    [fact] = assemble([
        claim(doc="a", status="pending", amount={"value": 60e9, "currency": "USD", "text": "$60 billion"}, percent=10),
        claim(doc="b", status="completed", amount={"value": 50_000_000_000, "currency": "USD"}, percent=12.5),
    ])
    assert set(fact.conflicts) == {"status", "amount", "percent"}
    assert sides(fact, "status") == {'"pending"': ["a"], '"completed"': ["b"]}
    assert sides(fact, "amount") == {'{"currency": "USD", "value": 60000000000.0}': ["a"],
                                     '{"currency": "USD", "value": 50000000000}': ["b"]}
    assert sides(fact, "percent") == {"10": ["a"], "12.5": ["b"]}
    assert "text" not in fact.amount  # the phrase is not part of the value


def test_equal_amounts_written_differently_agree():
    [fact] = assemble([claim(doc="a", amount={"value": 6e10, "currency": "USD", "text": "$60bn"}),
                       claim(doc="b", amount={"value": 60_000_000_000, "currency": "USD"})])
    assert fact.amount["value"] == 6e10 and "amount" not in fact.conflicts


def test_statuses_never_refine_one_another():
    """Prefix agreement is for dates only; two different words are a conflict."""
    [fact] = assemble([claim(doc="a", status="pend"), claim(doc="b", status="pending")])
    assert "status" in fact.conflicts


def test_attribute_conflicts_including_list_values():
    [fact] = assemble([claim(doc="a", attributes={"terms": ["all-stock"], "fee": {"usd": 1}}),
                       claim(doc="b", attributes={"terms": ["cash", "stock"], "fee": {"usd": 1}}),
                       claim(doc="c", attributes={"terms": ["all-stock"]})])
    assert fact.attributes == {"terms": ["all-stock"], "fee": {"usd": 1}}
    assert sides(fact, "attributes.terms") == {'["all-stock"]': ["a", "c"], '["cash", "stock"]': ["b"]}
    assert "attributes.fee" not in fact.conflicts


def test_a_claim_that_is_silent_on_a_qualifier_does_not_conflict():
    [fact] = assemble([claim(doc="a", date="2026-02", status="completed"), claim(doc="b")])
    assert (fact.date, fact.status, fact.conflicts) == ("2026-02", "completed", {})


def test_symmetric_relations_merge_regardless_of_order():
    cs = [claim("spacex", "MERGED_WITH", "xai", doc="a"), claim("xai", "MERGED_WITH", "spacex", doc="b")]
    [fact] = assemble(cs, symmetric={"MERGED_WITH"})
    assert fact.documents == ["a", "b"] and {fact.subject, fact.object} == {"spacex", "xai"}
    [reverse] = assemble(cs[::-1], symmetric={"MERGED_WITH"})
    assert reverse.id == fact.id and (reverse.subject, reverse.object) == (fact.subject, fact.object)


def test_directed_relations_keep_their_direction():
    facts = assemble([claim("spacex", "ACQUIRED", "xai"), claim("xai", "ACQUIRED", "spacex")])
    assert {(f.subject, f.object) for f in facts} == {("spacex", "xai"), ("xai", "spacex")}
    assert len({f.id for f in facts}) == 2


def test_events_and_relations_get_distinct_deterministic_ids():
    facts = assemble([claim("spacex", "IPO", None, doc="a", date="2026-06-12"), claim(doc="a")])
    assert {f.kind for f in facts} == {"event", "relation"}
    assert [f.id for f in facts] == [f.id for f in assemble([claim(doc="a"), claim("spacex", "IPO", None, doc="a",
                                                                                     date="2026-06-12")])]


def test_assemble_does_not_depend_on_claim_order():
    cs = [claim(doc=d, date=date, status=st_, attributes={"terms": t})
          for d, date, st_, t in [("a", "2026-02", "pending", "x"), ("b", "2026-03", "completed", "y"),
                                  ("c", "2026-02-10", None, "x"), ("d", None, "completed", "y")]]
    cs += [claim("x", "PARTNERS_WITH", "tesla", doc="a"), claim("tesla", "PARTNERS_WITH", "x", doc="e")]

    def view(facts):
        return [(f.id, f.subject, f.object, f.date, f.status, f.attributes, {q: sides(f, q) for q in f.conflicts})
                for f in facts]

    expected = view(assemble(cs, symmetric={"PARTNERS_WITH"}))
    for seed in range(5):
        shuffled = cs[:]
        random.Random(seed).shuffle(shuffled)
        assert view(assemble(shuffled, symmetric={"PARTNERS_WITH"})) == expected


def test_facts_are_ordered_by_date_with_undated_last():
    facts = assemble([claim("a", "ACQUIRED", "b"), claim("c", "ACQUIRED", "d", date="2026-03"),
                      claim("e", "ACQUIRED", "f", date="2025")])
    assert [f.date for f in facts] == ["2025", "2026-03", None]


def test_a_tie_goes_to_the_most_recently_published_source():
    """Later news supersedes: one January and one June document give the June values, however spelt."""
    jan, jun = claim(doc="jan", status="announced", date="2026-01"), claim(doc="jun", status="completed",
                                                                            date="2026-06")
    published = {"jan": "2026-01-10", "jun": "2026-06-10"}
    for cs in ([jan, jun], [jun, jan]):
        [fact] = assemble(cs, published=published)
        assert (fact.status, fact.date) == ("completed", "2026-06")
    [fact] = assemble([claim(doc="a", status="terminated"), claim(doc="b", status="pending")],
                      published={"a": "2026-01", "b": "2026-02-01"})
    assert fact.status == "pending"  # not the longer word
    # a source's own published date (a curated citation) counts before its document's
    cited = Claim(type="ACQUIRED", subject="spacex", object="xai", status="pending",
                  source=Source(document="notes", quote="q", published="2026-07"))
    [fact] = assemble([jun, cited], published={**published, "notes": "2026-01-01"})
    assert fact.status == "pending"


def test_a_tie_without_published_dates_goes_to_the_smaller_document_id():
    for cs in ([claim(doc="b", status="announced"), claim(doc="a", status="completed")],
               [claim(doc="a", status="completed"), claim(doc="b", status="announced")]):
        [fact] = assemble(cs)
        assert fact.status == "completed"  # not the alphabetically first word


def test_the_review_repro_two_curated_files_months_apart(tmp_path):
    from dealgraph.graph.sqlite import SqliteStore
    from dealgraph.loaders import load
    from dealgraph.queries import conflicts

    for name, month, status in (("jan", "01", "announced"), ("jun", "06", "completed")):
        (tmp_path / f"{name}.yaml").write_text(
            f"title: {name}\npublished: 2026-{month}-10\nrelations:\n"
            f"  - {{subject: Alpha, type: ACQUIRED, object: Beta, status: {status}, date: 2026-{month}}}\n")
    store = SqliteStore(tmp_path / "s")
    store.add([load(tmp_path / "jan.yaml"), load(tmp_path / "jun.yaml")])
    [fact] = store.snapshot().relations
    assert (fact.status, fact.date) == ("completed", "2026-06")
    assert set(fact.conflicts) == {"status", "date"}
    df = conflicts(store.snapshot())
    assert list(df[(df["qualifier"] == "status") & df["chosen"]]["value"]) == ["completed"]
