"""The embedded store on SQLite: resolved at write time, read by indexed lookups (see store.py)."""
from .store import DEFAULT_DIR, FILE, SqliteStore, migrate

__all__ = ["DEFAULT_DIR", "FILE", "SqliteStore", "migrate"]
