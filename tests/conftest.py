"""Fixtures shared by every test: the third-party corpora in ../shared, fresh stores, and one real
Neo4j server for the whole session (tests/neo4j_server), a clean database per test.

Starting the server takes ~10 s, so it is session-scoped and started only by a test that asks for
it; clearing the database between tests is one `MATCH (n) DETACH DELETE n`. If the server cannot
be built or started the tests fail with the launcher's error: they never skip.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "corpus" / "gold"
DEV_TEXTS = SHARED / "corpus" / "dev" / "texts"
DEV_GOLD = SHARED / "corpus" / "dev" / "gold"
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared must be there (CI clones it beside the repository); fail loudly if not."""
    if not SEEDS.is_dir():
        pytest.fail(f"{SHARED} is missing: the seed corpus must sit beside the repository")
    return SHARED


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path):
    from dealgraph.graph.sqlite import SqliteStore

    store = SqliteStore(store_dir)
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_server():
    from neo4j_server import Neo4jServer

    server = Neo4jServer()
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"cannot start the Neo4j test server: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    driver = neo4j_server.driver()
    yield driver
    driver.close()


@pytest.fixture
def clean_db(neo4j_driver):
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_driver
