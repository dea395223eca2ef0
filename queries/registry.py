"""The registry of canned queries: name, help, typed parameters, columns, implementation.

A query is a function ``fn(snapshot, *required, **options) -> pandas.DataFrame`` in the style of a
networkx algorithm: it validates its arguments up front (unknown names raise NotFoundError with
did-you-mean suggestions) and returns plain values (str, int, float, bool, None, lists of str) in
documented columns and a documented, deterministic row order, so that another backend (Neo4j
Cypher) can return identical rows. Every result carries ``df.attrs["nodes"]`` (entity ids
involved) and ``df.attrs["edges"]`` (fact ids involved), sorted, for views that highlight it.

The CLI builds one ``dealgraph query NAME`` subcommand per entry from its parameters.
"""
from __future__ import annotations

import difflib
import inspect
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from ..exc import NotFoundError
from ..graph.snapshot import Snapshot

KINDS = ("entity", "text", "date", "int", "flag", "relation-type", "status")


@dataclass(frozen=True)
class Param:
    """One parameter. Positional ones (all required ones, and optional `arg`s) are CLI arguments."""

    name: str
    kind: str
    help: str
    required: bool = False
    default: Any = None
    arg: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"parameter {self.name}: unknown kind {self.kind!r}")

    @property
    def positional(self) -> bool:
        return self.required or self.arg

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Query:
    name: str
    fn: Callable[..., pd.DataFrame]
    params: tuple[Param, ...]
    columns: tuple[str, ...]

    @property
    def help(self) -> str:
        """The first paragraph of the implementation's docstring."""
        return inspect.cleandoc(self.fn.__doc__ or "").split("\n\n")[0].replace("\n", " ")

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.fn.__doc__ or "")

    def usage(self) -> str:
        parts = [p.name.upper() if p.required else f"[{p.name.upper()}]" for p in self.params if p.positional]
        parts += [f"[{p.flag}]" if p.kind == "flag" else f"[{p.flag} {p.kind.upper()}]"
                  for p in self.params if not p.positional]
        return " ".join([self.name, *parts])

    def __call__(self, snap: Snapshot, *args: Any, **kwargs: Any) -> pd.DataFrame:
        return self.fn(snap, *args, **kwargs)


REGISTRY: dict[str, Query] = {}


def register(name: str, *params: Param, columns: Iterable[str]):
    """Decorator: add `fn` to the registry under `name` (kebab-case)."""

    def wrap(fn: Callable[..., pd.DataFrame]):
        REGISTRY[name] = Query(name, fn, tuple(params), tuple(columns))
        fn.columns = tuple(columns)
        return fn

    return wrap


def get(name: str) -> Query:
    """The query called `name`; NotFoundError with close names otherwise."""
    if name in REGISTRY:
        return REGISTRY[name]
    raise NotFoundError("query", name, difflib.get_close_matches(name, list(REGISTRY), n=3, cutoff=0.5))


def result(rows: list[dict[str, Any]], columns: Iterable[str], *, nodes: Iterable[str] = (),
           edges: Iterable[str] = ()) -> pd.DataFrame:
    """The DataFrame every query returns: fixed columns, plain values, involved nodes and edges."""
    columns = list(columns)
    cells = np.empty((len(rows), len(columns)), dtype=object)  # one object block: None stays None, fast
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            cells[i, j] = row.get(column)
    df = pd.DataFrame(cells, columns=columns, dtype=object, copy=False)
    df.attrs["nodes"] = sorted(set(nodes))
    df.attrs["edges"] = sorted(set(edges))
    return df
