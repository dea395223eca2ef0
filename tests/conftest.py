"""Fixtures shared by every test: the third-party corpora in ../shared, fresh stores, and one real
Neo4j server for the whole session (tests/neo4j_server), a clean database per test.

The corpus (seed and dev articles, gold, the shared scorer) is not in the repository: tests find it
through DEALGRAPH_CORPUS (relative to the repository root; default ../shared, where CI puts it).
Without it, the tests that need it are skipped with one line naming the folder, except in CI
(CI=true), where they fail.

Starting the Neo4j server takes ~10 s, so it is session-scoped and started only by a test that asks
for it; clearing the database between tests is one `MATCH (n) DETACH DELETE n`. If the server cannot
be built or started the tests fail with the launcher's error: they never skip.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / os.environ.get("DEALGRAPH_CORPUS", "../shared")).resolve()
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "corpus" / "gold"
DEV_TEXTS = SHARED / "corpus" / "dev" / "texts"
DEV_GOLD = SHARED / "corpus" / "dev" / "gold"
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))


NO_CORPUS = (f"no corpus at {SHARED} (set DEALGRAPH_CORPUS; by default ../shared beside the repository): "
             "the tests that need it do not run")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def corpus() -> Path:
    """The corpus folder; skips the calling test without it outside CI, fails it in CI."""
    if not SEEDS.is_dir():
        if in_ci():
            pytest.fail(NO_CORPUS + ", and CI must run them")
        pytest.skip(NO_CORPUS)
    return SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    return corpus()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Every corpus skip reported at one place, so the summary folds them into one line."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2].endswith(NO_CORPUS):
        report.longrepr = (__file__, corpus.__code__.co_firstlineno, report.longrepr[2])
    return report


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
