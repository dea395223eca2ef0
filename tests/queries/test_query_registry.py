"""The registry: every query documented, columns as declared, attrs for highlighting."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from dealgraph import queries
from dealgraph.exc import NotFoundError
from dealgraph.queries import REGISTRY, get


ROOT = Path(__file__).resolve().parents[2]
ISSUE_QUERIES = {"ownership-paths", "controllers", "holdings", "data-flow", "timeline", "deals", "neighbors", "path",
                 "sources", "conflicts"}

# arguments that make each query return rows on the hand-built group
CALLS = {
    "ownership-paths": (("Alpha", "Delta"), {}),
    "controllers": (("Delta",), {}),
    "holdings": (("Alpha",), {}),
    "data-flow": (("Gee",), {}),
    "timeline": (("Alpha",), {}),
    "deals": ((), {"party": "Alpha"}),
    "neighbors": (("Beta",), {}),
    "path": (("Alpha", "Phi"), {}),
    "sources": (("Alpha",), {}),
    "conflicts": ((), {}),
}


def test_the_issue_queries_are_all_registered():
    assert set(REGISTRY) == ISSUE_QUERIES == set(CALLS)


@pytest.mark.parametrize("name", sorted(ISSUE_QUERIES))
def test_every_query_runs_with_its_declared_columns_plain_values_and_attrs(group, name):
    q = REGISTRY[name]
    args, kwargs = CALLS[name]
    df = q(group, *args, **kwargs)
    assert tuple(df.columns) == q.columns
    assert name == "conflicts" or len(df) > 0
    for value in df.to_numpy().ravel():
        assert value is None or isinstance(value, (str, int, float, bool)) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)), (name, value)
    assert isinstance(df.attrs["nodes"], list) and df.attrs["nodes"] == sorted(set(df.attrs["nodes"]))
    assert isinstance(df.attrs["edges"], list) and df.attrs["edges"] == sorted(set(df.attrs["edges"]))
    assert set(df.attrs["edges"]) <= {f.id for f in group.relations}
    assert set(df.attrs["nodes"]) <= set(group.entities)


@pytest.mark.parametrize("name", sorted(ISSUE_QUERIES))
def test_every_query_spells_out_columns_and_row_order(name):
    q = REGISTRY[name]
    assert "Columns" in q.doc and "order" in q.doc.lower()
    signature = inspect.signature(q.fn)
    assert [p.name for p in q.params] == list(signature.parameters)[1:]
    for p in q.params:
        assert (signature.parameters[p.name].default is inspect.Parameter.empty) == p.required
        assert p.required or signature.parameters[p.name].default == p.default
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)


def test_every_query_is_documented_in_the_query_guide():
    section = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name, q in REGISTRY.items():
        row = re.search(rf"^\| `{re.escape(name)}[ `].*$", section, flags=re.M)
        assert row, f"{name} has no row in docs/queries.md's query table"
        assert all(c in row.group(0) for c in q.columns if c not in rows_named_elsewhere(name)), name
    assert "--as-of" in section and "dealgraph cypher" in section


def test_unknown_query_suggests():
    with pytest.raises(NotFoundError, match=r"unknown query 'ownership-path'; did you mean 'ownership-paths'"):
        get("ownership-path")


def test_library_functions_are_exported():
    """The package's functions answer with DataFrames; the registry's with the Tables they wrap."""
    for name, q in REGISTRY.items():
        assert getattr(queries, name.replace("-", "_")).table is q.fn


def rows_named_elsewhere(name: str) -> set[str]:
    """Columns the guide's table gives by reference ("as timeline", "+ the hop columns")."""
    from dealgraph.queries.rows import FACT_COLUMNS, HOP_COLUMNS

    return {"deals": set(FACT_COLUMNS), "data-flow": set(HOP_COLUMNS), "path": set(HOP_COLUMNS)}.get(name, set())
