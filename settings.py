"""Settings from the environment, read once at the edge and handed to the library as values.

No library module reads the environment (tests/test_layers.py): a library user passes these as
arguments and the CLI reads them. The variables that are also options (DEALGRAPH_STORE,
DEALGRAPH_SCHEMA, DEALGRAPH_BACKEND, DEALGRAPH_CATALOGUE, NEO4J_*) come through click's `envvar`;
the ones below have no option and are read here, when a command needs them.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Mapping

from .exc import InputError
from .graph import dates


@dataclass(frozen=True)
class Settings:
    max_bytes: int | None = None  # DEALGRAPH_MAX_BYTES: largest input file (None: the loaders' 25 MiB)
    today: dt.date | None = None  # DEALGRAPH_TODAY: the day a year an undated article leaves out is taken from


def from_environment(env: Mapping[str, str] | None = None) -> Settings:
    """The settings in `env` (default os.environ); a bad value is an InputError naming the variable."""
    env = os.environ if env is None else env
    raw_bytes, raw_today = env.get("DEALGRAPH_MAX_BYTES"), env.get("DEALGRAPH_TODAY")
    max_bytes = today = None
    if raw_bytes is not None:
        try:
            max_bytes = int(raw_bytes)
        except ValueError:
            raise InputError(f"DEALGRAPH_MAX_BYTES must be a whole number of bytes, not {raw_bytes!r}") from None
    if raw_today:
        today = dates.first_day(dates.parse_iso(raw_today, what="DEALGRAPH_TODAY"))
    return Settings(max_bytes=max_bytes, today=today)
