"""The CLI on the Neo4j backend, against the real server: ingest, push/pull, queries, Cypher, failures."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.graph.resolve import Judgement
from dealgraph.graph.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]
SEED_FACTS = ROOT / "samples" / "facts" / "seed-deals.yaml"


def run(*args: str, code: int = 0, env: dict | None = None):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, (args, result.output, result.stderr)
    return result


def export(*args: str) -> dict:
    data = json.loads(run(*args, "export", "--format", "json").stdout)
    for d in data["documents"]:
        d.pop("ingested_at")
    return data


def test_ingest_straight_into_neo4j_matches_the_embedded_store(neo4j_env, tmp_path):
    run("--backend", "neo4j", "ingest", str(SEED_FACTS))
    run("--store", str(tmp_path / "embedded"), "ingest", str(SEED_FACTS))
    assert export("--backend", "neo4j") == export("--store", str(tmp_path / "embedded"))
    for command in (["relations", "-f", "csv"], ["entities", "-f", "csv"], ["events", "-f", "csv"],
                    ["query", "holdings", "SpaceX", "--include-pending", "-f", "json"]):
        assert run("--backend", "neo4j", *command).stdout == run("--store", str(tmp_path / "embedded"), *command).stdout


def test_forget_and_merge_on_neo4j(neo4j_env):
    run("--backend", "neo4j", "ingest", str(SEED_FACTS))
    before = run("--backend", "neo4j", "entities", "-f", "jsonl").stdout.splitlines()
    run("--backend", "neo4j", "merge", "--yes", "--force", "Tesla", "X")
    after = [json.loads(line) for line in run("--backend", "neo4j", "entities", "-f", "jsonl").stdout.splitlines()]
    assert len(after) == len(before) - 1
    assert "X social network" in next(e["aliases"] for e in after if e["name"] == "Tesla")
    result = run("--backend", "neo4j", "forget", "seed-deals")
    assert "forgot seed-deals" in result.stderr
    assert run("--backend", "neo4j", "relations", "-f", "jsonl").stdout == ""


def test_push_then_pull_round_trip(neo4j_env, tmp_path):
    source, target = str(tmp_path / "source"), str(tmp_path / "target")
    run("--store", source, "ingest", str(SEED_FACTS))
    run("--store", source, "distinct", "Tesla", "Tesla Energy")
    first = run("--store", source, "push")
    assert "pushed 1 document(s)" in first.stderr and "nothing changed" not in first.stderr
    assert "nothing changed" in run("--store", source, "push").stderr
    pulled = run("--store", target, "pull")
    assert "1 document(s) and 1 judgement(s)" in pulled.stderr
    assert export("--store", target) == export("--store", source) == export("--backend", "neo4j")
    assert SqliteStore(target).judgements() == [Judgement("distinct", "Tesla", "Tesla Energy")]


def test_cypher_reads_unless_write_and_takes_real_parameters(neo4j_env):
    run("--backend", "neo4j", "ingest", str(SEED_FACTS))
    out = run("--backend", "neo4j", "cypher", "MATCH (a)-[r:ACQUIRED]->(b) WHERE a.name = $who "
              "RETURN b.name AS target, r.date AS date", "-p", "who=SpaceX", "-f", "json").stdout
    assert json.loads(out) == [{"target": "xAI", "date": "2026-02"}]
    # a value that would break out of a string literal is just a value
    sneaky = "x' OR 1=1 //"
    assert run("--backend", "neo4j", "cypher", "MATCH (e:Entity) WHERE e.name = $n RETURN e.id", "-p",
               f"n={sneaky}", "-f", "jsonl").stdout == ""
    refused = run("--backend", "neo4j", "cypher", "CREATE (n:Note {text: $t})", "-p", "t=hi", code=1)
    assert refused.stderr.strip() == "error: the query writes but ran read-only; add --write to allow it"
    assert run("--backend", "neo4j", "cypher", "MATCH (n:Note) RETURN count(n) AS n", "-f", "json").stdout.strip() \
        == '[\n {\n  "n":0\n }\n]'
    done = run("--backend", "neo4j", "cypher", "CREATE (n:Note {text: $t})", "-p", "t=hi", "--write")
    assert "1 nodes created" in done.stderr
    assert "--write needs --backend neo4j" in run("cypher", "MATCH (n) RETURN n", "--write", code=2).stderr


def test_bolt_and_neo4j_uri_schemes(neo4j_env):
    run("--backend", "neo4j", "ingest", str(SEED_FACTS))
    for uri in (neo4j_env.uri, neo4j_env.routing_uri):
        assert uri.split("://")[0] in ("bolt", "neo4j")
        out = run("--backend", "neo4j", "--neo4j-uri", uri, "query", "controllers", "xAI", "-f", "jsonl").stdout
        assert json.loads(out)["id"] == "spacex"


@pytest.mark.parametrize("args, message", [
    (["--neo4j-uri", "bolt://127.0.0.1:1"], "error: cannot reach Neo4j at bolt://127.0.0.1:1: "),
    (["--neo4j-password", "not-the-password"], "refused the credentials of user 'neo4j'"),
    (["--neo4j-database", "nosuchdb"], "has no database 'nosuchdb'"),
    (["--neo4j-uri", "mongodb://127.0.0.1:1"], "error: bad Neo4j URI 'mongodb://127.0.0.1:1'"),
])
def test_failures_are_one_line_and_write_nothing(neo4j_env, neo4j_driver, tmp_path, args, message):
    result = run("--backend", "neo4j", *args, "ingest", str(SEED_FACTS), code=1)
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output + result.stderr
    for secret in (neo4j_env.password, "not-the-password"):
        assert secret not in result.output + result.stderr
    records, _, _ = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0


def test_cypher_syntax_error_is_one_line(neo4j_env):
    result = run("--backend", "neo4j", "cypher", "MATC (n) RETURN n", code=1)
    assert result.stderr.strip() == "error: Cypher syntax error: Invalid input 'MATC' (line 1, column 1 (offset: 0))"


def test_password_never_shown_in_help(neo4j_env):
    text = run("--help").stdout
    assert "--neo4j-password" in text and neo4j_env.password not in text


def test_cypher_export_loads_into_the_real_server(neo4j_env, neo4j_driver, tmp_path):
    store = str(tmp_path / "embedded")
    run("--store", store, "ingest", str(SEED_FACTS))
    script = run("--store", store, "export", "--format", "cypher").stdout
    with neo4j_driver.session() as session:
        for statement in filter(None, script.splitlines()):
            session.run(statement.rstrip(";")).consume()
    data = export("--store", store)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, type(r) AS t, b.id AS o, r.id AS id")
    assert sorted((r["s"], r["t"], r["o"], r["id"]) for r in records) == sorted(
        (x["subject"], x["type"], x["object"], x["id"]) for x in data["relations"])
    records, _, _ = neo4j_driver.execute_query("MATCH (e:Entity) RETURN e.id AS id, labels(e) AS labels")
    assert {r["id"]: set(r["labels"]) for r in records} == {e["id"]: {"Entity", e["type"]} for e in data["entities"]}


def test_the_installed_command_runs_against_the_server(neo4j_env):
    """As a real process, with the settings in the environment only."""
    env_run = subprocess.run([sys.executable, "-m", "dealgraph", "--backend", "neo4j", "ingest", str(SEED_FACTS)],
                             capture_output=True, text=True, check=False)
    assert env_run.returncode == 0, env_run.stderr
    out = subprocess.run([sys.executable, "-m", "dealgraph", "--backend", "neo4j", "query", "path", "Tesla", "Cursor",
                          "-f", "csv"], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0].startswith("hop,from,from_name,to")
    assert len(out.splitlines()) == 3


@pytest.mark.parametrize("scheme", ["bolt", "neo4j", "bolt+s", "neo4j+ssc"])
def test_a_password_inside_the_uri_never_reaches_the_message(scheme):
    result = CliRunner().invoke(main, ["--backend", "neo4j", "--neo4j-uri", f"{scheme}://neo4j:s3cret-pw@127.0.0.1:1",
                                       "relations"])
    assert result.exit_code == 1
    assert "s3cret-pw" not in result.output and "error:" in result.output


def test_an_unknown_fact_id_suggests_fact_ids_on_neo4j_too(neo4j_env):
    run("--backend", "neo4j", "ingest", str(SEED_FACTS))
    fid = json.loads(run("--backend", "neo4j", "relations", "-f", "jsonl").stdout.splitlines()[0])["id"]
    result = run("--backend", "neo4j", "query", "sources", "rel-doesnotexist", code=1)
    assert result.stderr.strip() == "error: unknown fact id 'rel-doesnotexist'"
    result = run("--backend", "neo4j", "query", "sources", fid[:-1], code=1)
    assert result.stderr.strip() == f"error: unknown fact id '{fid[:-1]}'; did you mean '{fid}'?"
