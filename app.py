"""What every command of the CLI needs: the App (this run's settings, the store they open), one-line
errors with the right exit code, and the shared --format option.

The backend is chosen once, by `dealgraph.open_store`; nothing here or in the commands branches on it.
"""
from __future__ import annotations

import functools
import sys
from typing import Callable

import click

from . import open_store
from .exc import DealgraphError, UsageError
from .output import FORMATS, note


class App:
    """What every command needs: where the store is and how to open it (`open_store` picks the backend)."""

    def __init__(self, store: str | None, schema: str | None, verbose: int, backend: str = "embedded",
                 neo4j: dict | None = None):
        self.store_path = store
        self.schema_path = schema
        self.verbose = verbose
        self.backend = backend
        self.neo4j = dict(neo4j or {})  # uri, user, password, database: handed to the driver, never printed
        self._store = None
        self._told: set[str] = set()

    def schema(self):
        from .graph import schema

        return schema.load(self.schema_path)

    def load_options(self, encoding: str = "utf-8", catalogue: bool = True):
        """How files are loaded: this command's options, the schema and the settings the environment holds."""
        from .loaders.pipeline import Options
        from .settings import from_environment

        settings = from_environment()
        return Options(encoding, catalogue, self.schema(), settings.max_bytes, settings.today)

    def store(self):
        if self._store is None:
            self._store = self.open(self.backend)
        return self._store

    def open(self, backend: str):
        """A store of `backend` with this command's settings (push and pull open both)."""
        return open_store(backend, path=self.store_path, schema=self.schema(), **self.neo4j)

    def writer(self):
        """The store, for a command that writes: one that cannot be written is reported now,
        before any work, and one that did not exist is created (and said so)."""
        store = self.store()
        store.prepare()
        self.created(store)
        return store

    def created(self, store) -> None:
        if store.created and self._once(f"created {store.dir}"):
            note(f"created store at {store.dir}")

    def _once(self, what: str) -> bool:
        if what in self._told:
            return False
        self._told.add(what)
        return True

    def reader(self):
        """The store, for a command that reads: a store that is not there is said (a mistyped --store
        would otherwise read as an empty graph)."""
        store = self.store()
        if not store.exists():
            store.snapshot()  # empty, unless the directory holds what cannot be read (a 0.1 store): that error first
            if self._once("missing"):
                note(f"note: there is no store at {store.dir}; nothing was ingested there (check --store)")
        return store

    def snapshot(self):
        return self.reader().snapshot()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_app = click.make_pass_decorator(App)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(fn: Callable) -> Callable:
    """Turn library errors into one clean line; everything else keeps its traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            fail(str(exc), 2)
        except DealgraphError as exc:
            fail(str(exc))
        except BrokenPipeError:  # e.g. `dealgraph relations | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper


FORMAT_FLAGS = ("--format", "-f", "fmt")
FORMAT_OPTION = dict(type=click.Choice(FORMATS), default="table", show_default=True,
                     help="Table for people; csv, json or jsonl for programs.")


def output_format(fn: Callable) -> Callable:
    return click.option(*FORMAT_FLAGS, **FORMAT_OPTION)(fn)
