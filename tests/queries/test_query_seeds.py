"""End to end on the seeds: the answers issue 4 expects, from the articles and from the curated facts."""
from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def ingest(store, paths) -> object:
    from dealgraph.loaders import load

    store.add([load(p) for p in paths])
    return store.snapshot()


def check_issue_answers(snap) -> None:
    from dealgraph.queries import controllers, data_flow, ownership_paths

    assert ownership_paths(snap, "SpaceX", "Cursor").empty
    chain = ownership_paths(snap, "SpaceX", "Cursor", include_pending=True)
    first = chain[chain["path"] == 1]
    assert first["to_name"].tolist() == ["Anysphere", "Cursor"]
    assert first.iloc[0]["relation"] == "HOLDS_OPTION_TO_ACQUIRE"

    assert "SpaceX" in controllers(snap, "xAI", as_of="2026-03")["name"].tolist()

    flow = data_flow(snap, "Cursor")
    hops = set(zip(flow["from_name"], flow["to_name"]))
    assert {("Cursor", "xAI"), ("xAI", "Grok V9-Medium"), ("Grok V9-Medium", "Tesla"), ("Grok V9-Medium", "X"),
            ("Tesla", "xAI"), ("X", "xAI")} <= hops


def test_seed_articles_answer_the_issue_questions(shared, store):
    snap = ingest(store, sorted((shared / "corpus" / "seeds").glob("*.txt")))
    check_issue_answers(snap)


def test_curated_seed_facts_answer_the_issue_questions(store):
    snap = ingest(store, [SAMPLES / "facts" / "seed-deals.yaml"])
    check_issue_answers(snap)
