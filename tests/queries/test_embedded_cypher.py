"""Cypher on the embedded store: results, parameters rendered safely, read-only and unsupported refusals."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.exc import InputError
from dealgraph.graph import schema
from dealgraph.graph.model import Entity
from dealgraph.graph.snapshot import Snapshot
from dealgraph.queries import cypher


def test_match_return_in_the_order_written(group):
    df = cypher.run(group, 'MATCH (a:Company)-[r:OWNS_STAKE_IN]->(b) WHERE r.percent >= 50 '
                           'RETURN b.name AS target, a.name, r.percent ORDER BY a.name')
    assert list(df.columns) == ["target", "a.name", "r.percent"]
    assert df.values.tolist() == [["Beta", "Alpha", 60], ["Delta", "Beta", 50]]


def test_graph_model_labels_ids_and_edge_properties(group):
    df = cypher.run(group, 'MATCH (a)-[r:INVESTED_IN]->(b) RETURN id(a), type(r), r.amount, r.currency, r.id, b')
    row = df.iloc[0]
    assert (row["ID(a)"], row["type(r)"], row["r.amount"], row["r.currency"]) == ("alpha", "INVESTED_IN", 1e9, "USD")
    assert row["r.id"].startswith("rel-")
    assert row["b"] == {"id": "beta", "name": "Beta", "type": "Company", "aliases": []}  # no internals


def test_lower_case_aggregates_single_quotes_and_hops(group):
    df = cypher.run(group, "MATCH (a)-[r]->(b) WHERE a.name = 'Alpha' RETURN a.name, count(r)")
    assert df.values.tolist() == [["Alpha", 7]]
    far = cypher.run(group, 'MATCH (a)-[*2]->(b) WHERE a.name = "Alpha" RETURN DISTINCT b.name ORDER BY b.name')
    assert far["b.name"].tolist() == ["Delta", "Pad"]


def test_parameters_become_literals(group):
    df = cypher.run(group, "MATCH (a)-[r]->(b) WHERE a.name = $who AND r.percent > $min RETURN b.name ORDER BY b.name",
                    {"who": "Alpha", "min": 30})
    assert df["b.name"].tolist() == ["Beta", "Gamma"]
    assert cypher.run(group, "MATCH (a) WHERE a.name IN $names RETURN a.name ORDER BY a.name",
                      {"names": ["Phi", "Beta"]})["a.name"].tolist() == ["Beta", "Phi"]
    # "$who" inside a string literal is text, not a parameter
    assert cypher.run(group, 'MATCH (a) WHERE a.name = "$who" RETURN a.name').empty
    with pytest.raises(InputError, match=r"parameter \$who has no value"):
        cypher.run(group, "MATCH (a) WHERE a.name = $who RETURN a.name")
    with pytest.raises(InputError, match="unsupported value type dict"):
        cypher.run(group, "MATCH (a) WHERE a.name = $who RETURN a.name", {"who": {"x": 1}})


_weird = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(name=_weird)
def test_any_string_parameter_matches_exactly_itself(name):
    snap = Snapshot(schema=schema.load(), entities={"x": Entity(name=name, id="x"), "y": Entity(name=name + "y", id="y")})
    df = cypher.run(snap, "MATCH (a) WHERE a.name = $n RETURN id(a)", {"n": name})
    assert df["ID(a)"].tolist() == ["x"]


@given(items=st.lists(st.tuples(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
                                st.one_of(st.integers(), st.booleans(), st.none(), st.text(max_size=10)))))
def test_param_parsing_round_trips_json_values(items):
    import json

    parsed = cypher.parse_params(f"{k}={json.dumps(v)}" for k, v in items)
    assert parsed == dict(items)


def test_param_parsing_keeps_plain_text_and_refuses_bad_pairs():
    assert cypher.parse_params(["who=SpaceX", "n=5", "s=\"5\"", "$x=null"]) == {"who": "SpaceX", "n": 5, "s": "5", "x": None}
    with pytest.raises(InputError, match="expected NAME=VALUE"):
        cypher.parse_params(["novalue"])


@pytest.mark.parametrize("query, word", [
    ('CREATE (a:Company {name: "X"})', "CREATE"),
    ("MATCH (a) SET a.name = 1 RETURN a", "SET"),
    ("MATCH (a) DETACH DELETE a", "DELETE"),
    ("MERGE (a {name: 1}) RETURN a", "MERGE"),
    ("MATCH (a) REMOVE a.name RETURN a", "REMOVE"),
    ("LOAD CSV FROM 'x' AS row RETURN row", "LOAD CSV"),
    ("CALL db.labels()", "CALL"),
    ("DROP INDEX x", "DROP"),
])
def test_write_clauses_are_refused(group, query, word):
    with pytest.raises(InputError, match=rf"{word} is a write clause; Cypher on the embedded store is read-only"):
        cypher.run(group, query)
    assert len(group.relations) == 14


@pytest.mark.parametrize("query, what", [
    ("OPTIONAL MATCH (a) RETURN a", "OPTIONAL MATCH"),
    ("MATCH (a) WITH a RETURN a.name", "WITH"),
    ("UNWIND [1, 2] AS x RETURN x", "UNWIND"),
    ("MATCH (a) RETURN a.name UNION MATCH (b) RETURN b.name", "UNION"),
    ("MATCH p = shortestPath((a)-[*]->(b)) RETURN p", "shortestPath"),
    ("MATCH (a)-[r]-(b) RETURN a.name", "undirected"),
    ("MATCH (a)--(b) RETURN a.name", "undirected"),
    ("MATCH (a) RETURN a.name; MATCH (b) RETURN b.name", "one statement"),
    ("MATCH (a) RETRUN a.name", "unsupported or invalid query"),
])
def test_unsupported_constructs_get_a_clear_error(group, query, what):
    with pytest.raises(InputError, match=what):
        cypher.run(group, query)


def test_keywords_inside_strings_and_operators_are_not_clauses(group):
    assert cypher.run(group, 'MATCH (a) WHERE a.name = "DELETE WITH" RETURN a.name').empty
    assert cypher.run(group, 'MATCH (a) WHERE a.name STARTS WITH "Al" RETURN a.name')["a.name"].tolist() == ["Alpha"]
    assert cypher.run(group, 'MATCH (a)<-[r]-(b) WHERE a.name ENDS WITH "ta" RETURN DISTINCT b.name ORDER BY b.name')[
        "b.name"].tolist() == ["Alpha", "Beta", "Epsilon", "Gamma"]


def test_each_query_gets_its_own_interpreter(group):
    first = cypher.run(group, 'MATCH (a) WHERE a.name = "Alpha" RETURN a.name')
    second = cypher.run(group, 'MATCH (a) WHERE a.name = "Beta" RETURN a.name')
    assert (first["a.name"].tolist(), second["a.name"].tolist()) == (["Alpha"], ["Beta"])
