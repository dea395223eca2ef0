"""The Neo4j tests: marked `neo4j`; the server fixtures are in tests/conftest.py (the contract
suite in tests/stores uses them too)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_collection_modifyitems(items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture
def neo4j_env(neo4j_server, clean_db, monkeypatch, tmp_path):
    """Environment for the CLI: backend settings from env, an embedded store in tmp_path."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    monkeypatch.setenv("DEALGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("DEALGRAPH_BACKEND", raising=False)
    return neo4j_server


@pytest.fixture
def neo4j_store(neo4j_server, clean_db):
    from dealgraph.graph.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    yield store
    store.close()
