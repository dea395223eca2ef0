"""Pausing Python's cyclic garbage collector while a store builds or reads many small objects.

Its own module because snapshot.py uses it and base.py, where it was, imports snapshot.py.
"""
from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Building millions of small objects makes the cyclic collector rescan them again and again
    (loading 10^6 relations took 14x the time of 10^5); they hold no cycles worth collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
