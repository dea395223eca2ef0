"""The registry of canned queries: name, help, typed parameters, columns, implementation.

A query is a function ``fn(snapshot, *required, **options) -> pandas.DataFrame`` in the style of a
networkx algorithm: it validates its arguments up front (unknown names raise NotFoundError with
did-you-mean suggestions) and returns plain values (str, int, float, bool, None, lists of str) in
documented columns and a documented, deterministic row order, so that another backend (Neo4j
Cypher) can return identical rows. Every result carries ``df.attrs["nodes"]`` (entity ids
involved) and ``df.attrs["edges"]`` (fact ids involved), sorted, for views that highlight it.

Implementations build a `Table` (rows, columns, nodes, edges); the functions this package exports
turn it into the DataFrame. The CLI prints the Table itself (``Query.table``), so a query run from
the command line never imports pandas (0.3 s of every call).

The CLI builds one ``dealgraph query NAME`` subcommand per entry from its parameters.
"""
from __future__ import annotations

import difflib
import functools
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..exc import NotFoundError
from ..graph.snapshot import Snapshot

if TYPE_CHECKING:
    import pandas as pd

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


class Table:
    """A query's answer: rows (dicts of plain values) under fixed columns, and the entity ids
    (`attrs["nodes"]`) and fact ids (`attrs["edges"]`) involved, sorted."""

    __slots__ = ("rows", "columns", "attrs")

    def __init__(self, rows: list[dict[str, Any]], columns: Iterable[str], nodes: Iterable[str] = (),
                 edges: Iterable[str] = ()):
        self.rows, self.columns = rows, list(columns)
        self.attrs = {"nodes": sorted(set(nodes)), "edges": sorted(set(edges))}

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[list[Any]]:
        """The cells, row by row, in column order."""
        return [[row.get(c) for c in self.columns] for row in self.rows]

    def frame(self) -> "pd.DataFrame":
        """The DataFrame every query function returns: one object column per column, None kept."""
        import numpy as np
        import pandas as pd

        cells = np.empty((len(self.rows), len(self.columns)), dtype=object)  # one object block: fast
        for i, row in enumerate(self.rows):
            for j, column in enumerate(self.columns):
                cells[i, j] = row.get(column)
        df = pd.DataFrame(cells, columns=self.columns, dtype=object, copy=False)
        df.attrs["nodes"], df.attrs["edges"] = list(self.attrs["nodes"]), list(self.attrs["edges"])
        return df

    @classmethod
    def of(cls, df: "pd.DataFrame") -> "Table":
        """A DataFrame (a listing, a Cypher result) as a Table, missing values as None."""
        rows = [{c: (None if _missing(v) else v) for c, v in zip(df.columns, values)}
                for values in df.astype(object).itertuples(index=False, name=None)]
        return cls(rows, [str(c) for c in df.columns], df.attrs.get("nodes", ()), df.attrs.get("edges", ()))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # NaN


@dataclass(frozen=True)
class Query:
    name: str
    fn: Callable[..., Table]
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

    def __call__(self, snap: Snapshot, *args: Any, **kwargs: Any) -> "pd.DataFrame":
        return self.fn(snap, *args, **kwargs).frame()

    def table(self, snap: Snapshot, *args: Any, **kwargs: Any) -> Table:
        return self.fn(snap, *args, **kwargs)


REGISTRY: dict[str, Query] = {}


def register(name: str, *params: Param, columns: Iterable[str]):
    """Decorator: add `fn` (returning a Table) to the registry under `name` (kebab-case); what it
    returns is the same function returning a DataFrame, with `.table` the Table one."""

    def wrap(fn: Callable[..., Table]):
        REGISTRY[name] = Query(name, fn, tuple(params), tuple(columns))

        @functools.wraps(fn)
        def frame(snap: Snapshot, *args: Any, **kwargs: Any) -> "pd.DataFrame":
            return fn(snap, *args, **kwargs).frame()

        frame.columns = fn.columns = tuple(columns)
        frame.table = fn
        return frame

    return wrap


def get(name: str) -> Query:
    """The query called `name`; NotFoundError with close names otherwise."""
    if name in REGISTRY:
        return REGISTRY[name]
    raise NotFoundError("query", name, difflib.get_close_matches(name, list(REGISTRY), n=3, cutoff=0.5))


def result(rows: list[dict[str, Any]], columns: Iterable[str], *, nodes: Iterable[str] = (),
           edges: Iterable[str] = ()) -> Table:
    """What every query implementation returns: fixed columns, plain values, involved nodes and edges."""
    return Table(rows, columns, nodes, edges)
