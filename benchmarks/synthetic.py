"""Random deal graphs for the benchmarks: the relation-type weights and the draws the generators share."""
from __future__ import annotations

import random

CONTROL = [("OWNS_STAKE_IN", 0.40), ("ACQUIRED", 0.15), ("SUBSIDIARY_OF", 0.20), ("INVESTED_IN", 0.15),
           ("HOLDS_OPTION_TO_ACQUIRE", 0.05), ("AGREED_TO_ACQUIRE", 0.05)]
DATA = [("SUPPLIES_DATA_TO", 0.4), ("TRAINED_ON", 0.25), ("DEPLOYS_ON", 0.2), ("LICENSES_TO", 0.15)]


def pick(rng: random.Random, table):
    """A value of (value, weight) pairs drawn by weight."""
    x, acc = rng.random(), 0.0
    for value, weight in table:
        acc += weight
        if x < acc:
            return value
    return table[-1][0]


def partial_date(rng: random.Random) -> str | None:
    """None 5% of the time, else a year, a month or a day (15/40/40%) between 2000 and 2026."""
    r = rng.random()
    if r < 0.05:
        return None
    year = rng.randint(2000, 2026)
    if r < 0.2:
        return f"{year}"
    if r < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
