"""The CLI: `dealgraph queries`, one `dealgraph query NAME` per query, `dealgraph cypher`."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from hand_built import GROUP

from dealgraph.cli import main
from dealgraph.queries import REGISTRY


@pytest.fixture
def dg(tmp_path):
    facts = tmp_path / "group.yaml"
    facts.write_text(yaml.safe_dump(GROUP, sort_keys=False), encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["--store", store, "ingest", "-q", str(facts)]).exit_code == 0

    def run(*args: str):
        return runner.invoke(main, ["--store", store, *args])

    return run


def test_queries_lists_every_registered_query_with_help(dg):
    out = dg("queries", "-f", "json")
    assert out.exit_code == 0, out.output
    listed = json.loads(out.output)
    assert [r["query"] for r in listed] == list(REGISTRY)
    assert all(r["help"] and r["usage"].startswith(r["query"]) for r in listed)
    assert "ownership-paths SOURCE TARGET [--as-of DATE] [--include-pending]" in dg("queries").output


def test_query_subcommands_take_arguments_and_options(dg):
    out = dg("query", "ownership-paths", "Alpha", "Pad", "--include-pending", "-f", "json")
    assert out.exit_code == 0, out.output
    hops = json.loads(out.output)
    assert [(h["from"], h["relation"], h["to"]) for h in hops] == [("alpha", "HOLDS_OPTION_TO_ACQUIRE", "gee"),
                                                                  ("gee", "DEVELOPS", "pad")]
    assert isinstance(hops[0]["sources"], list)
    assert json.loads(dg("query", "ownership-paths", "Alpha", "Pad", "-f", "json").output) == []
    csv = dg("query", "controllers", "Delta", "--as-of", "2022", "-f", "csv").output.splitlines()
    assert csv[0] == "id,name,type,depth,ultimate,percent,paths" and len(csv) == 4
    assert dg("query", "timeline", "Hotel", "-f", "jsonl").output.count("\n") == 3
    assert json.loads(dg("query", "neighbors", "Beta", "--depth", "2", "-f", "json").output)[-1]["depth"] == 2
    table = dg("query", "sources", "Beta")
    assert table.exit_code == 0 and " group " in table.output and "OWNS_STAKE_IN" in table.output


def test_flags_with_a_default_on_can_be_turned_off(tmp_path):
    from hand_built import FLOW

    facts = tmp_path / "flow.yaml"
    facts.write_text(yaml.safe_dump(FLOW), encoding="utf-8")
    runner, store = CliRunner(), str(tmp_path / "s")
    runner.invoke(main, ["--store", store, "ingest", "-q", str(facts)])
    on = json.loads(runner.invoke(main, ["--store", store, "query", "data-flow", "Source", "-f", "json"]).output)
    off = json.loads(runner.invoke(main, ["--store", store, "query", "data-flow", "Source", "--no-include-pending",
                                          "-f", "json"]).output)
    assert len(on) == len(off) + 2


def test_user_mistakes_are_one_line_and_non_zero(dg):
    out = dg("query", "controllers", "Deltta")
    assert out.exit_code == 1 and out.output.startswith("error: unknown entity 'Deltta'; did you mean 'Delta'")
    assert out.output.count("\n") == 1
    out = dg("query", "controllers", "Delta", "--as-of", "2022-02-30")
    assert out.exit_code == 1 and "bad as-of date '2022-02-30'" in out.output
    out = dg("query", "deals", "--type", "BOUGHT")
    assert out.exit_code == 1 and "unknown relation type 'BOUGHT'; choose from" in out.output
    out = dg("query", "holdngs", "Alpha")
    assert out.exit_code == 2 and "did you mean 'holdings'" in out.output
    assert dg("query", "holdings", "Alpha", "--max-depth", "0").exit_code == 2


def test_query_help_shows_the_spec(dg):
    out = dg("query", "data-flow", "--help")
    assert out.exit_code == 0 and "Row order" in out.output and "--no-include-pending" in out.output


def test_cypher_command(dg):
    out = dg("cypher", "MATCH (a)-[r:OWNS_STAKE_IN]->(b) WHERE a.name = $who RETURN b.name, r.percent ORDER BY b.name",
             "--param", "who=Alpha", "-f", "json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == [{"b.name": "Beta", "r.percent": 60}, {"b.name": "Gamma", "r.percent": 40},
                                      {"b.name": "Hotel", "r.percent": 20}]
    refused = dg("cypher", "MATCH (a) DETACH DELETE a")
    assert refused.exit_code == 1 and "read-only" in refused.output
    unsupported = dg("cypher", "MATCH (a) WITH a RETURN a")
    assert unsupported.exit_code == 1 and unsupported.output.startswith("error: cypher: WITH is not supported")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_query_help_is_plain_text(dg, name):
    """No reST marks (``code``, `code`) in --help, and the column and order specs stand apart."""
    out = dg("query", name, "--help")
    assert out.exit_code == 0, out.output
    text = out.output[:out.output.index("Options:")]
    assert "`" not in text, text
    lines = [line.strip() for line in text.splitlines()]
    for heading in ("Columns", "Row order"):
        at = [i for i, line in enumerate(lines) if line.startswith(heading)]
        assert len(at) == (heading in REGISTRY[name].doc) and all(lines[i - 1] == "" for i in at), text
    assert "`" not in "".join(r["help"] for r in json.loads(dg("queries", "-f", "json").output))
