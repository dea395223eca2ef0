"""One Cypher literal renderer (graph/literal.py) for the export script and the embedded interpreter:
what it writes reads back as the same value in Neo4j, in grand-cypher, and through `unquote`."""
from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealgraph.exc import InputError, LiteralError
from dealgraph.graph import literal as lit
from dealgraph.graph import schema
from dealgraph.graph.model import Entity
from dealgraph.graph.snapshot import Snapshot
from dealgraph.queries import cypher

VALUES = [None, True, False, 0, -7, 2**53, 2.5, -0.125, 1e16, 1.5e-07, "", "plain", "it's", 'say "hi"',
          "back\\slash \\n", "line\nbreak\r\ttab", "nul\x00 bell\x07 del\x7f", "sep\u2028\u2029", "é ✓ 𝔁",
          ["a", "b'c"], [1, 2.5, None, True], []]


def test_the_docstring_example_holds():
    result = doctest.testmod(lit)
    assert result.attempted and not result.failed


def test_literals_are_written_one_way():
    assert [lit.literal(v) for v in (None, True, False, 3, 2.5, 1e16, "it's", ["a", 1])] == \
        ["null", "true", "false", "3", "2.5", "1e16", "'it\\'s'", "['a', 1]"]
    assert "\n" not in lit.literal("a\nb\u2028c") and "\r" not in lit.literal("a\rb")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"a": 1}, object(), [1, float("-inf")]])
def test_what_has_no_literal_is_refused_as_bad_input_and_a_bad_value(value):
    with pytest.raises(LiteralError, match=r"^cypher: parameter \$x: ") as e:
        lit.literal(value, "cypher: parameter $x")
    assert isinstance(e.value, InputError) and isinstance(e.value, ValueError)


@given(st.text())
def test_strings_read_back_through_unquote(text):
    assert lit.unquote(lit.string(text)) == text


def test_the_embedded_interpreter_reads_every_string_back_as_itself():
    """grand-cypher reads double quotes only: queries/cypher.py rewrites our literals, and the user's."""
    texts = [v for v in VALUES if isinstance(v, str)]
    snap = Snapshot(schema=schema.load(), entities={f"e{i}": Entity(name=t or "-", id=f"e{i}")
                                                    for i, t in enumerate(texts)})
    for i, text in enumerate(texts):
        found = cypher.run(snap, "MATCH (a) WHERE a.name = $v RETURN id(a) AS id", {"v": text or "-"})
        assert found["id"].tolist() == [f"e{i}"], text
        written = cypher.run(snap, f"MATCH (a) WHERE a.name = {lit.string(text or '-')} RETURN id(a) AS id")
        assert written["id"].tolist() == [f"e{i}"], text
    both = cypher.run(snap, "MATCH (a) WHERE a.name IN $names RETURN id(a) AS id", {"names": ["it's", "plain"]})
    assert sorted(both["id"]) == ["e1", "e2"]


@pytest.mark.neo4j
def test_neo4j_reads_every_literal_back_as_its_value(neo4j_driver):
    for value in VALUES:
        records, _, _ = neo4j_driver.execute_query(f"RETURN {lit.literal(value)} AS v")
        assert records[0]["v"] == value and type(records[0]["v"]) is type(value), value
