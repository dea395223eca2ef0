"""Fixtures: the hand-built graphs of hand_built.py as snapshots."""
from __future__ import annotations

import pytest
from hand_built import FLOW, GROUP, build


@pytest.fixture
def group(tmp_path):
    return build(tmp_path, GROUP)


@pytest.fixture
def flow(tmp_path):
    return build(tmp_path, FLOW)
