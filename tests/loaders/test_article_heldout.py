"""Generalization floors: the shared scorer over our own held-out articles (tests/loaders/heldout, heldout2).

The held-out texts are written by us about real, public deals that are in neither the seeds nor
the dev corpus, annotated with the dev corpus conventions; the extractor was never tuned on a
sentence of a corpus before that corpus was first scored (heldout2 scored 0.47 relation F1 then,
see the README). The gold is checked first (evidence verbatim, known ids and types) so that a
broken annotation cannot pass as an extractor regression.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from test_article_quality import score

HERE = Path(__file__).parent
FLOORS = {
    "heldout": {"relation_f1": 0.82, "event_f1": 0.75, "provenance_valid": 1.0},
    "heldout2": {"relation_f1": 0.88, "event_f1": 0.8, "provenance_valid": 1.0},
}
RELATIONS = set("ACQUIRED AGREED_TO_ACQUIRE MERGED_WITH HOLDS_OPTION_TO_ACQUIRE OWNS_STAKE_IN INVESTED_IN "
                "SUBSIDIARY_OF DEVELOPS LICENSES_TO SUPPLIES_DATA_TO PARTNERS_WITH DEPLOYS_ON TRAINED_ON CEO_OF "
                "FOUNDED EMPLOYED_BY TERMINATED_DEAL_WITH COMPETES_WITH REGULATOR_REVIEWED".split())
EVENTS = set("IPO TRAINING_COMPLETED RELEASE FUNDING_ROUND LAYOFFS DEPARTURE".split())
ENTITY_TYPES = set("Company Person Product AIModel Platform Government Dataset Other".split())
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _ids(v) -> list[str]:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _problems(gold_file: Path) -> list[str]:
    g = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    text = (gold_file.parent.parent / "texts" / g["document"]).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if "\n---\n" in text else text
    ids = {e["id"] for e in g["entities"]}
    bad = [f"entity type {e['type']}" for e in g["entities"] if e["type"] not in ENTITY_TYPES]
    for r in g["relations"]:
        ends = _ids(r["subject"]) + _ids(r["object"]) + [x for alt in r.get("alt", []) for x in (alt[0], alt[2])]
        bad += [f"relation type {r['type']}"] * (r["type"] not in RELATIONS)
        bad += [f"unknown id in {r}"] * (not set(ends) <= ids)
        bad += [f"date {r['date']!r}"] * (r.get("date") is not None and not DATE.match(str(r["date"])))
        bad += [f"evidence not verbatim: {r['evidence']}"] * (r["evidence"] not in body)
    for v in g.get("events", []):
        bad += [f"event {v}"] * (v["type"] not in EVENTS or v["entity"] not in ids)
        bad += [f"event evidence not verbatim: {v['evidence']}"] * (v["evidence"] not in body)
    return bad


@pytest.mark.parametrize("gold_file", sorted(HERE.glob("heldout*/gold/*.yaml")),
                         ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_heldout_gold_is_consistent(gold_file):
    assert _problems(gold_file) == []


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_heldout_scores_hold_the_floors(corpus, shared, tmp_path, monkeypatch):
    monkeypatch.setenv("DEALGRAPH_TODAY", "2026-11-22")
    summary = score(shared, HERE / corpus / "texts", HERE / corpus / "gold", tmp_path)
    assert summary["missing_predictions"] == 0
    for metric, floor in FLOORS[corpus].items():
        assert summary[metric] is not None and summary[metric] >= floor, (metric, summary)
