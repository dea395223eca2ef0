"""Fixtures shared by every test: the third-party corpora in ../shared and fresh stores."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "corpus" / "gold"
DEV_TEXTS = SHARED / "corpus" / "dev" / "texts"
DEV_GOLD = SHARED / "corpus" / "dev" / "gold"
SAMPLES = ROOT / "samples"


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

    return SqliteStore(store_dir)
