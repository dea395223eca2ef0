"""The `dealgraph` command line: a thin click shell over the library.

Data goes to stdout, messages to stderr. A user mistake (bad input, unknown name, unreachable
server) is one line on stderr and a non-zero exit; a bug keeps its traceback.

Exit codes: 0 success, 1 some inputs failed or the command failed, 2 usage error.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .exc import DealgraphError

FORMATS = ("table", "csv", "json", "jsonl")


# -- shared plumbing ---------------------------------------------------------------------------

class App:
    """What every command needs: where the store is and how to open it."""

    def __init__(self, store: str | None, schema: str | None, verbose: int):
        self.store_path = store
        self.schema_path = schema
        self.verbose = verbose
        self._store = None

    def schema(self):
        from .graph import schema

        return schema.load(self.schema_path)

    def store(self):
        if self._store is None:
            from .graph.memory import MemoryStore

            self._store = MemoryStore(self.store_path, schema=self.schema())
        return self._store

    def snapshot(self):
        return self.store().snapshot()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_app = click.make_pass_decorator(App)


def note(message: str) -> None:
    click.echo(message, err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(fn: Callable) -> Callable:
    """Turn library errors into one clean line; everything else keeps its traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DealgraphError as exc:
            fail(str(exc))
        except BrokenPipeError:  # e.g. `dealgraph relations | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper


def output_format(fn: Callable) -> Callable:
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Table for people; csv, json or jsonl for programs.")(fn)


def emit(df, fmt: str) -> None:
    """Print a DataFrame as a table (rich on a terminal, plain otherwise) or as data."""
    import pandas as pd

    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df.to_json(orient="records", force_ascii=False, indent=1))
    elif fmt == "jsonl":
        if len(df):
            click.echo(df.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n"))
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for col in df.columns:
            table.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in row))
        Console().print(table)
        note(f"{len(df)} row(s)")
    else:
        if df.empty:
            click.echo("(no rows)")
        else:
            with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                                   "display.max_colwidth", 60):
                click.echo(df.fillna("").to_string(index=False))


# -- the group -----------------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store", metavar="DIR", envvar="DEALGRAPH_STORE",
              help="Embedded store directory [env DEALGRAPH_STORE; default ./.dealgraph].")
@click.option("--schema", "schema", metavar="FILE", envvar="DEALGRAPH_SCHEMA", type=click.Path(dir_okay=False),
              help="Extra schema YAML merged over the built-in one [env DEALGRAPH_SCHEMA].")
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.version_option(__version__, "--version", prog_name="dealgraph")
@click.pass_context
def main(ctx: click.Context, store: str | None, schema: str | None, verbose: int) -> None:
    """Turn deal news into a graph you can question.

    \b
    Examples:
      dealgraph ingest articles/            # extract every article and facts file
      dealgraph relations --format csv     # what the store holds
      dealgraph export --format json --output graph.json
    """
    app = App(store, schema, verbose)
    ctx.obj = app
    ctx.call_on_close(app.close)


# -- ingest ----------------------------------------------------------------------------------------

def _extract(path: str):
    """Worker: load one file; returns (path, extraction | None, error | None)."""
    from .loaders import load

    try:
        return path, load(path), None
    except DealgraphError as exc:
        return path, None, str(exc)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in N parallel processes.")
@click.option("--force", is_flag=True, help="Re-extract documents even when their content is unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="No per-file lines, only problems and the summary.")
@pass_app
@handle_errors
def ingest(app: App, paths: tuple[str, ...], jobs: int, force: bool, quiet: bool) -> None:
    """Extract entities, relations and events from files, directories or globs.

    Articles (.txt, .md, .html) go through the article extractor; curated facts files
    (.yaml, .json, .csv) through the structured loader. A file that fails is reported on one
    line and leaves the store untouched; the others still land. Exit code 1 if any failed.

    \b
    Examples:
      dealgraph ingest news/*.txt
      dealgraph --store team.dg ingest -j 2 archive/
    """
    from .loaders import expand

    files, problems = expand(paths)
    for p in problems:
        note(f"error: {p}")
    store = app.store()
    results = _run_extraction([str(f) for f in files], jobs)
    good, failed = [], len(problems)
    for path, extraction, error in results:
        if error:
            failed += 1
            note(f"error: {error}")
        else:
            good.append(extraction)
    batch = 500  # commit in batches so a huge ingest keeps what it already did
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    for i in range(0, len(good), batch):
        for outcome in store.add(good[i:i + batch], force=force):
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
            if not quiet:
                note(f"{outcome.action:9} {outcome.document}: {outcome.relations} relation(s), "
                     f"{outcome.events} event(s), {outcome.entities} entit(y/ies)")
    note(f"{len(good)} file(s) ingested ({counts['added']} added, {counts['replaced']} replaced, "
         f"{counts['unchanged']} unchanged), {failed} failed")
    if failed:
        sys.exit(1)


def _run_extraction(paths: list[str], jobs: int):
    show = len(paths) > 5 and sys.stderr.isatty()
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            it = pool.map(_extract, paths, chunksize=max(1, len(paths) // (jobs * 8)))
            return list(_progress(it, len(paths), show))
    return list(_progress(map(_extract, paths), len(paths), show))


def _progress(it, total: int, show: bool):
    if not show:
        yield from it
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("extracting", total=total)
        for item in it:
            bar.advance(task)
            yield item


# -- listings ----------------------------------------------------------------------------------------

@main.command()
@click.option("--type", "etype", help="Only entities of this type.")
@output_format
@pass_app
@handle_errors
def entities(app: App, etype: str | None, fmt: str) -> None:
    """List entities with their type, aliases and how connected they are."""
    from .queries import listings

    if etype:
        app.schema().entity_type(etype)
    emit(listings.entities(app.snapshot(), type=etype), fmt)


@main.command()
@click.option("--type", "rtype", help="Only relations of this type.")
@output_format
@pass_app
@handle_errors
def relations(app: App, rtype: str | None, fmt: str) -> None:
    """List relations (one row per fact, however many sources)."""
    from .queries import listings

    if rtype:
        app.schema().relation_type(rtype)
    emit(listings.relations(app.snapshot(), type=rtype), fmt)


@main.command()
@click.option("--type", "etype", help="Only events of this type.")
@output_format
@pass_app
@handle_errors
def events(app: App, etype: str | None, fmt: str) -> None:
    """List events (IPO, training completed, release, funding round, layoffs, departure)."""
    from .queries import listings

    if etype:
        app.schema().event_type(etype)
    emit(listings.events(app.snapshot(), type=etype), fmt)


@main.command()
@output_format
@pass_app
@handle_errors
def documents(app: App, fmt: str) -> None:
    """List ingested documents."""
    from .queries import listings

    emit(listings.documents(app.snapshot()), fmt)


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "yaml", "json"]), default="table",
              show_default=True)
@pass_app
@handle_errors
def schema(app: App, fmt: str) -> None:
    """Show the entity, relation and event types."""
    import json

    import pandas as pd
    import yaml

    s = app.schema()
    if fmt == "json":
        click.echo(json.dumps(s.to_dict(), indent=1))
        return
    if fmt == "yaml":
        click.echo(yaml.safe_dump(s.to_dict(), sort_keys=False), nl=False)
        return
    rows = [{"kind": "entity", "name": n, "category": "", "description": t.get("description", "")}
            for n, t in s.entity_types.items()]
    rows += [{"kind": "relation", "name": n, "category": t.category, "description": t.description}
             for n, t in s.relation_types.items()]
    rows += [{"kind": "event", "name": n, "category": "", "description": t.description}
             for n, t in s.event_types.items()]
    emit(pd.DataFrame(rows), "table")


# -- judgements and retraction ---------------------------------------------------------------------

@main.command()
@click.argument("a")
@click.argument("b")
@pass_app
@handle_errors
def merge(app: App, a: str, b: str) -> None:
    """Record that A and B are the same entity (applies to earlier and later ingests)."""
    store = app.store()
    store.judge("same", a, b)
    e = store.snapshot().find(a)
    note(f"merged: {e.name} ({e.id}) now also covers {b!r}")


@main.command()
@click.argument("a")
@click.argument("b")
@pass_app
@handle_errors
def distinct(app: App, a: str, b: str) -> None:
    """Record that A and B are different entities that must never be merged."""
    app.store().judge("distinct", a, b)
    note(f"distinct: {a!r} and {b!r} will be kept apart")


@main.command()
@click.argument("document")
@pass_app
@handle_errors
def forget(app: App, document: str) -> None:
    """Retract a document (id, path or URL): facts only it supported disappear."""
    store = app.store()
    before = store.snapshot().stats()
    outcome = store.forget(document)
    after = store.snapshot().stats()
    note(f"forgot {outcome.document}: {before['relations'] - after['relations']} relation(s), "
         f"{before['events'] - after['events']} event(s), {before['entities'] - after['entities']} "
         "entit(y/ies) no longer supported")


# -- export ----------------------------------------------------------------------------------------

@main.command()
@click.option("--format", "-f", "fmt", default="json", show_default=True, help="Output format.")
@click.option("--output", "-o", default="-", show_default=True, help="File to write, '-' for stdout.")
@pass_app
@handle_errors
def export(app: App, fmt: str, output: str) -> None:
    """Write the whole graph in one format (see `dealgraph export --help` for the list).

    \b
    Examples:
      dealgraph export --format json --output graph.json
      dealgraph export -f json | jq '.relations | length'
    """
    from .exports import export as run, formats

    if fmt not in formats():
        fail(f"unknown format {fmt!r}; choose from {', '.join(formats())}", 2)
    data = run(app.snapshot(), fmt, None if output == "-" else Path(output))
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        note(f"wrote {output}")


# -- demo ------------------------------------------------------------------------------------------

SAMPLES = Path(__file__).with_name("samples")


@main.command()
@click.option("--output", "-o", default="dealgraph-demo.html", show_default=True,
              help="Where to write the HTML view (if the HTML exporter is available).")
@pass_app
@handle_errors
def demo(app: App, output: str) -> None:
    """Ingest the shipped sample articles and show what dealgraph makes of them."""
    from .loaders import expand
    from .queries import listings

    files, _ = expand([str(SAMPLES)])
    if not files:
        fail(f"no samples found in {SAMPLES}")
    store = app.store()
    extractions = []
    for path, extraction, error in _run_extraction([str(f) for f in files], 1):
        if error:
            note(f"error: {error}")
        else:
            extractions.append(extraction)
    store.add(extractions)
    snap = store.snapshot()
    note(f"store {store.dir}: {snap.stats()}")
    click.echo("\nRelations extracted from the sample articles:\n")
    emit(listings.relations(snap).drop(columns=["id"]), "table")
    click.echo("\nEvents:\n")
    emit(listings.events(snap).drop(columns=["id"]), "table")


if __name__ == "__main__":  # pragma: no cover
    main()
