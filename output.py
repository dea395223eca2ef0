"""What the CLI prints: tables for people (rich on a terminal, plain otherwise), CSV and JSON for
programs; on stderr, notes, what an ingest did with each file, what a merge would do, and the
progress bar of a long ingest; the HTML view, to a file or stdout.

Pure Python until a terminal asks for rich, and cheap to import: `dealgraph --help` loads this, and
printing a query's answer must not import pandas.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click

FORMATS = ("table", "csv", "json", "jsonl")


def note(message: str) -> None:
    click.echo(message, err=True)


def emit(data: Any, fmt: str) -> None:
    """Print a Table (or a DataFrame) as a table (rich on a terminal, plain otherwise) or as data."""
    from .queries.registry import Table

    table = data if isinstance(data, Table) else Table.of(data)
    if fmt == "csv":
        from .exports import csvsafe  # formula-safe cells, CRLF rows

        click.echo(csvsafe.table(table.columns, table.records()), nl=False)
    elif fmt in ("json", "jsonl"):
        records = [dict(zip(table.columns, row)) for row in table.records()]
        if fmt == "json":
            click.echo(json.dumps(records, ensure_ascii=False, indent=1, separators=(",", ":"), default=str))
        elif records:
            click.echo("\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":"), default=str)
                                 for r in records))
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table as RichTable

        shown = RichTable(show_lines=False, header_style="bold")
        for col in table.columns:
            shown.add_column(str(col), overflow="fold")
        for row in table.records():
            shown.add_row(*("" if v is None else str(v) for v in row))
        Console().print(shown)
        note(f"{len(table)} row(s)")
    elif not len(table):
        click.echo("(no rows)")
    else:
        click.echo(plain_table(table.columns, table.records()))


def plain_table(columns: list[str], records: list[list]) -> str:
    """Columns padded to their widest cell, numbers to the right, text to the left; one line a row."""
    def text(v) -> str:
        return "" if v is None else str(v).replace("\r", " ").replace("\n", " ")

    cells = [[text(c) for c in columns], *([text(v) for v in row] for row in records)]
    numeric = [all(isinstance(row[j], (int, float)) and not isinstance(row[j], bool) or row[j] is None
                   for row in records) for j in range(len(columns))]
    widths = [max(len(r[j]) for r in cells) for j in range(len(columns))]
    return "\n".join("  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(r, widths, numeric)).rstrip()
                     for r in cells)


def cells(data: Any, fmt: str, hide: tuple[str, ...] = ()):
    """For tables and CSV: lists (source documents) as '; '-joined text, whole amounts without '.0';
    the columns in `hide` left out."""
    from .queries.registry import Table

    table = data if isinstance(data, Table) else Table.of(data)
    columns = [c for c in table.columns if c not in hide]
    if fmt in ("json", "jsonl"):
        return Table(table.rows, columns, table.attrs["nodes"], table.attrs["edges"])

    def show(v):
        if isinstance(v, list):
            return "; ".join(map(str, v))
        return int(v) if isinstance(v, float) and v.is_integer() else v

    rows = [{c: show(row.get(c)) for c in columns} for row in table.rows]
    return Table(rows, columns, table.attrs["nodes"], table.attrs["edges"])


def write_view(snapshot, output: str, **options) -> None:
    """Render the HTML view to a file or, for '-', to stdout (as `export -o -` does), and say what is in it."""
    from .exports import html

    if output == "-":
        data = html.payload(snapshot, **options)
        sys.stdout.buffer.write(html.page(data).encode("utf-8"))
        sys.stdout.flush()
    else:
        data = html.render(snapshot, output, **options)
    left = f", {data['omitted']:,} left out (narrow with --focus or --types)" if data["omitted"] else ""
    where = "stdout" if output == "-" else output
    note(f"wrote {where}: {len(data['nodes']):,} entities, {len(data['edges']):,} relations{left}")


def schema_table(schema):
    """`dealgraph schema`: one row per entity, relation and event type."""
    from .queries.registry import Table

    rows = [{"kind": "entity", "name": n, "category": "", "description": t.get("description", "")}
            for n, t in schema.entity_types.items()]
    rows += [{"kind": "relation", "name": n, "category": t.category, "description": t.description}
             for n, t in schema.relation_types.items()]
    rows += [{"kind": "event", "name": n, "category": "", "description": t.description}
             for n, t in schema.event_types.items()]
    return Table(rows, ["kind", "name", "category", "description"])


def read_line(path: str, st: dict) -> str:
    """`ingest -v`: what the extractor saw in one article, so an empty result can be told apart from a
    document without names (no mentions), without pairs (names never share a sentence) or without frames."""
    frames = ", ".join(f"{rule}×{n}" for rule, n in st.get("frames", {}).items()) or "none"
    return (f"read     {path}: {st['words']} words, {st['sentences']} sentences, {st['mentions']} mentions of "
            f"{st['entities']} entities, {st['pairs']} candidate pairs; {st['relations']} relation(s), "
            f"{st['events']} event(s); frames: {frames}")


def stored_line(outcome) -> str:
    """`ingest`: what became of one file."""
    if outcome.action == "unchanged":  # nothing was extracted into the store: no counts to give
        return f"unchanged {outcome.document}"
    return (f"{outcome.action:9} {outcome.document}: {outcome.relations} relation(s), {outcome.events} event(s), "
            f"{outcome.entities} entit(y/ies)")


def not_yet(snap, name: str, indent: str = "") -> None:
    """A judgement names someone the store does not hold: say so, with close names (a typo shows here)."""
    hints = snap.suggest(name)
    hint = f" (did you mean {', '.join(map(repr, hints))}?)" if hints else ""
    note(f"{indent}{name!r} is not in the store yet; the judgement applies when it appears{hint}")


def merge_plan(snap, a: str, b: str, force: bool):
    """Say what merging A and B does; the entities found (None when they are one already).

    Refuses (DealgraphError) two known entities of different types unless `force`."""
    from .exc import DealgraphError, NotFoundError
    from .queries.rows import name

    found = {}
    for ref in (a, b):
        try:
            found[ref] = snap.find(ref)
        except NotFoundError:
            pass
    if len(found) == 2 and found[a].id == found[b].id:
        note(f"{a!r} and {b!r} are one entity already, {found[a].name} ({found[a].id}): nothing to merge")
        return None
    ids = {e.id for e in found.values()}  # lookups, not the whole graph: a merge in a big store reads little
    touching = {ref: snap.touching(e.id) for ref, e in found.items()}
    between = [f for f in touching[a] if f.kind == "relation" and {f.subject, f.object} == ids] \
        if len(ids) == 2 else []
    note(f"merge {a!r} and {b!r}:")
    for ref in (a, b):
        e = found.get(ref)
        if e is None:
            not_yet(snap, ref, indent="  ")
            continue
        facts = touching[ref]
        rels = sum(1 for f in facts if f.kind == "relation")
        events = sum(1 for f in facts if f.kind == "event")
        note(f"  {e.name} ({e.type}, {e.id}): {rels} relation(s), {events} event(s)")
    for f in between:
        note(f"  {name(snap, f.subject)} {f.type} {name(snap, f.object)} ({f.id}) is dropped: "
             "an entity has no relation with itself")
    types = {e.type for e in found.values()} - {"Other"}
    if len(types) > 1 and not force:
        ea, eb = found[a], found[b]
        an = lambda t: f"{'an' if t[0] in 'AEIOU' else 'a'} {t}"  # noqa: E731
        raise DealgraphError(f"{ea.name} is {an(ea.type)} and {eb.name} {an(eb.type)}; add --force to merge "
                             "entities of different types")
    return found


class Bar:
    """The CLI's `loaders.pipeline.Progress`: a transient bar on stderr, only when stderr is a terminal,
    of the files extracted (more than five of them) and of the characters read of the document
    extracted in this process (one long file, or every file with --jobs 1), which would otherwise
    leave a terminal silent for minutes."""

    def __init__(self, files: int, stream=None):
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self.many = files > 5
        self._bar = self._files = self._doc = None
        self._path = None

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _start(self):
        if self._bar is None:
            from rich.console import Console
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(console=Console(file=self.stream), transient=True)
            self._bar.start()
        return self._bar

    def note(self, message: str) -> None:
        """A message on stderr that leaves the bar intact below it (`note` would write through it)."""
        if self._bar is None:
            note(message)
        else:
            self._bar.console.print(message, markup=False, highlight=False, emoji=False, soft_wrap=True)

    def files(self, done: int, total: int) -> None:
        if not (self.shown and self.many):
            return
        bar = self._start()
        if self._files is None:
            self._files = bar.add_task("extracting", total=total)
        bar.update(self._files, completed=done)

    def chars(self, path: str, done: int, total: int) -> None:
        if not self.shown:
            return
        bar = self._start()
        if self._doc is None:
            self._doc = bar.add_task(f"reading {path}", total=total)
        elif path != self._path:
            bar.reset(self._doc, total=total, description=f"reading {path}")
        self._path = path
        bar.update(self._doc, completed=done)
