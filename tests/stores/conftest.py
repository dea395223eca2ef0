"""The contract suite reuses the generated deal graph of tests/neo4j."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "neo4j"))
