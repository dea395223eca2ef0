"""The schema: the built-in vocabulary reads as written, and a user's schema file is validated
so that a typo is one error line naming the file and the key, never a silent change of meaning."""
from __future__ import annotations

import re

import pytest
import yaml

from dealgraph.exc import SchemaError
from dealgraph.graph.schema import BUILTIN, load


def test_every_builtin_description_reads_in_full():
    """Unquoted commas in a flow mapping cut a description short and add stray keys."""
    schema = load()
    written = re.findall(r'description: "?(.*?)"?}?$', BUILTIN.read_text(encoding="utf-8"), re.M)
    read = ([t["description"] for t in schema.statuses.values()]
            + [t["description"] for t in schema.entity_types.values()]
            + [t.description for t in schema.relation_types.values()]
            + [t.description for t in schema.event_types.values()])
    assert sorted(read) == sorted(written)
    assert schema.entity_types["Company"]["description"] == "A firm, startup, lab, fund or business unit."
    assert set(schema.entity_types["Company"]) == {"label", "color", "shape", "description"}


@pytest.mark.parametrize("content, key, problem", [
    ("relation_types: [1]\n", "relation_types", "must be a mapping of name: fields, got list"),
    ("entity_types: {Company: 5}\n", "entity_types.Company", "must be a mapping of fields, got 5"),
    ("relation_types: {ACQUIRED: {control: effectve}}\n", "relation_types.ACQUIRED.control",
     "'effectve' is not one of effective, pending, null"),
    ("relation_types: {SUBSIDIARY_OF: {controller: parent}}\n", "relation_types.SUBSIDIARY_OF.controller",
     "'parent' is not one of subject, object"),
    ("relation_types: {TRAINED_ON: {flow: backward}}\n", "relation_types.TRAINED_ON.flow",
     "'backward' is not one of forward, reverse, null"),
    ("relation_types: {ACQUIRED: {subject: 5}}\n", "relation_types.ACQUIRED.subject",
     "unknown entity type 5; choose from \"*\", AIModel"),
    ("relation_types: {ACQUIRED: {object: [Company, Firm]}}\n", "relation_types.ACQUIRED.object",
     "unknown entity type 'Firm'"),
    ("event_types: {IPO: {entity: [Corp]}}\n", "event_types.IPO.entity", "unknown entity type 'Corp'"),
    ("relation_types: {ACQUIRED: {controler: object}}\n", "relation_types.ACQUIRED.controler", "unknown field"),
    ("entity_types: {Team: {label: Team, description: A squad, club or crew}}\n", "entity_types.Team.club or crew",
     "unknown field (a description with a comma needs quotes)"),
    ("relation_type: {X: {category: market}}\n", "relation_type", "unknown section; choose from version"),
    ("relation_types: {ACQUIRED: {deal: maybe}}\n", "relation_types.ACQUIRED.deal", "'maybe' is not true or false"),
    ("event_types: {IPO: {amounts: 1}}\n", "event_types.IPO.amounts", "1 is not true or false"),
    ("relation_types: {ACQUIRED: {deal_rank: first}}\n", "relation_types.ACQUIRED.deal_rank",
     "'first' is not a whole number"),
])
def test_a_bad_user_schema_is_one_line_naming_the_file_and_key(tmp_path, content, key, problem):
    path = tmp_path / "mine.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load(str(path))
    message = str(err.value)
    assert message.startswith(f"{path}: {key}: ") and problem in message and "\n" not in message


def test_a_valid_user_schema_still_extends_and_overrides(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({
        "entity_types": {"Team": {"label": "Team", "description": "A squad, club or crew"}},
        "relation_types": {"SPONSORS": {"category": "market", "subject": ["Company"], "object": ["Team"]},
                           "SUBSIDIARY_OF": {"controller": "object", "flow": None}}}), encoding="utf-8")
    schema = load(str(path))
    assert schema.relation_types["SPONSORS"].object == ("Team",)
    assert schema.entity_types["Team"]["description"] == "A squad, club or crew"


@pytest.mark.parametrize("value", [["ACQUIRED"], 5, None])
def test_a_type_that_is_not_a_string_is_an_unknown_type(value):
    with pytest.raises(SchemaError, match=r"^unknown relation type .*; choose from ACQUIRED"):
        load().relation_type(value)


def test_the_extractor_reads_how_to_treat_each_type_from_the_schema(tmp_path):
    schema = load()
    assert {"ACQUIRED", "INVESTED_IN", "FUNDING_ROUND"} <= schema.having("amounts")
    assert "OWNS_STAKE_IN" in schema.having("deal") and "DEVELOPS" not in schema.having("deal")
    assert schema.having("dated", False) == {"DEVELOPS", "SUBSIDIARY_OF", "CEO_OF", "FOUNDED", "COMPETES_WITH",
                                             "TRAINED_ON"}
    assert schema.deal_ranks()["ACQUIRED"] < schema.deal_ranks()["INVESTED_IN"]
    path = tmp_path / "mine.yaml"
    path.write_text("relation_types: {SPONSORS: {category: market, deal: true, deal_rank: 2, announced: true}}\n",
                    encoding="utf-8")
    mine = load(str(path))
    assert "SPONSORS" in mine.having("deal") & mine.having("announced") and mine.deal_ranks()["SPONSORS"] == 2
