"""The `dealgraph` command line: a thin click shell over the library.

Data goes to stdout, messages to stderr. A user mistake (bad input, unknown name, unreachable
server) is one line on stderr and a non-zero exit; a bug keeps its traceback.

Exit codes: 0 success, 1 some inputs failed or the command failed, 2 usage error.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable

import click

from . import __version__, open_store
from .exc import DealgraphError, UsageError
from .exports import formats as export_formats

FORMATS = ("table", "csv", "json", "jsonl")


# -- shared plumbing ---------------------------------------------------------------------------

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
        if not store.exists() and self._once("missing"):
            note(f"note: there is no store at {store.dir}; nothing was ingested there (check --store)")
        return store

    def snapshot(self):
        return self.reader().snapshot()

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
        except UsageError as exc:
            fail(str(exc), 2)
        except DealgraphError as exc:
            fail(str(exc))
        except BrokenPipeError:  # e.g. `dealgraph relations | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper


def output_format(fn: Callable) -> Callable:
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Table for people; csv, json or jsonl for programs.")(fn)


def emit(data, fmt: str) -> None:
    """Print a Table (or a DataFrame) as a table (rich on a terminal, plain otherwise) or as data.

    Pure Python: printing a query's answer must not import pandas."""
    import json

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


# -- the group -----------------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store", metavar="DIR", envvar="DEALGRAPH_STORE",
              help="Embedded store directory [env DEALGRAPH_STORE; default ./.dealgraph].")
@click.option("--schema", "schema", metavar="FILE", envvar="DEALGRAPH_SCHEMA", type=click.Path(dir_okay=False),
              help="Extra schema YAML merged over the built-in one [env DEALGRAPH_SCHEMA].")
@click.option("--backend", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True,
              envvar="DEALGRAPH_BACKEND", help="Where the graph lives [env DEALGRAPH_BACKEND].")
@click.option("--neo4j-uri", metavar="URI", envvar="NEO4J_URI",
              help="bolt://, neo4j://, +s or +ssc URI [env NEO4J_URI; default bolt://localhost:7687].")
@click.option("--neo4j-user", metavar="NAME", envvar="NEO4J_USERNAME", help="[env NEO4J_USERNAME; default neo4j]")
@click.option("--neo4j-password", metavar="SECRET", envvar="NEO4J_PASSWORD", show_default=False,
              help="[env NEO4J_PASSWORD; prefer the variable: flags show in `ps`]")
@click.option("--neo4j-database", metavar="NAME", envvar="NEO4J_DATABASE",
              help="[env NEO4J_DATABASE; default the server's home database]")
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.version_option(__version__, "--version", prog_name="dealgraph")
@click.pass_context
def main(ctx: click.Context, store: str | None, schema: str | None, backend: str, neo4j_uri: str | None,
         neo4j_user: str | None, neo4j_password: str | None, neo4j_database: str | None, verbose: int) -> None:
    """Turn deal news into a graph you can question.

    \b
    Examples:
      dealgraph ingest articles/            # extract every article and facts file
      dealgraph relations --format csv     # what the store holds
      dealgraph export --format json --output graph.json
    """
    app = App(store, schema, verbose, backend, {"uri": neo4j_uri, "user": neo4j_user, "password": neo4j_password,
                                                "database": neo4j_database})
    ctx.obj = app
    ctx.call_on_close(app.close)


# -- ingest ----------------------------------------------------------------------------------------

def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A usage error (exit 2) before any file is read, for an encoding Python does not know."""
    from .loaders.files import encoding_name

    try:
        return encoding_name(value)
    except DealgraphError as exc:
        raise click.BadParameter(str(exc)) from None


def _extract(path: str, encoding: str = "utf-8", catalogue: bool = True, **options):
    """Worker: load one file; returns (path, extraction | None, error | None).

    The extraction is serialised here as the store will serialise it, so a value JSON cannot hold
    fails this file alone instead of the whole batch it would be committed with.
    """
    import json

    from .loaders import load

    try:
        extraction = load(path, encoding=encoding, catalogue=catalogue, **options)
    except DealgraphError as exc:
        return path, None, str(exc)
    encode = json.JSONEncoder(allow_nan=False).encode
    try:  # the free-form values, which the store keeps as JSON (the rest is text the loaders checked)
        encode(extraction.document.to_dict())
        for e in extraction.entities:
            if e.aliases or e.attributes:
                encode([e.aliases, e.attributes])
        for c in extraction.claims:
            if c.amount or c.attributes or c.percent is not None:
                encode([c.amount, c.attributes, c.percent])
    except (TypeError, ValueError) as exc:  # json's refusals: NaN, infinity, a type it cannot write
        return path, None, f"{path}: cannot store this file's facts: {exc}"
    return path, extraction, None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in N parallel processes.")
@click.option("--force", is_flag=True, help="Re-extract documents even when their content is unchanged.")
@click.option("--encoding", default="utf-8", show_default=True, metavar="NAME", callback=_check_encoding,
              help="The files' text encoding (a Python codec: cp1252, latin-1, utf-16...), or 'auto' to detect "
                   "it per file.")
@click.option("--quiet", "-q", is_flag=True, help="No per-file lines, only problems and the summary.")
@click.option("--verbose", "-v", is_flag=True,
              help="Per article, what was read: words, names, candidate pairs and the frames that fired.")
@click.option("--catalogue/--no-catalogue", default=True, envvar="DEALGRAPH_CATALOGUE", show_default=True,
              help="Use the built-in list of well-known names as a prior; off, names come from the text alone.")
@pass_app
@handle_errors
def ingest(app: App, paths: tuple[str, ...], jobs: int, force: bool, encoding: str, quiet: bool, verbose: bool,
           catalogue: bool) -> None:
    """Extract entities, relations and events from files, directories or globs.

    Articles (.txt, .md, .html) go through the article extractor; curated facts files
    (.yaml, .json, .csv) through the structured loader. A file that fails is reported on one
    line and leaves the store untouched; the others still land. Exit code 1 if any failed.

    \b
    Examples:
      dealgraph ingest news/*.txt
      dealgraph --store team.dg ingest -j 2 archive/
    """
    from .graph.base import Outcome
    from .loaders import expand
    from .settings import from_environment

    settings = from_environment()
    files, problems = expand(paths)
    for p in problems:
        note(f"error: {p}")
    store = app.writer()  # a store that cannot be written fails here, before any extraction
    known = {} if force else _unchanged(store, files)  # same content as stored: nothing to extract
    results = iter(_run_extraction([str(f) for f in files if f not in known], jobs, encoding, catalogue,
                                   schema=app.schema(), max_bytes=settings.max_bytes, today=settings.today))
    failed = len(problems)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    batch = 500  # commit in batches so a huge ingest keeps what it already did
    for i in range(0, len(files), batch):
        window, extractions = [], []
        for f in files[i:i + batch]:
            if f in known:
                window.append(Outcome(known[f], "unchanged"))
                continue
            path, extraction, error = next(results)
            if error:
                failed += 1
                note(f"error: {error}")
                continue
            for warning in extraction.warnings:
                note(f"warning: {warning}")
            if verbose and extraction.stats:
                note(_read_line(path, extraction.stats))
            window.append(len(extractions))
            extractions.append(extraction)
        added = store.add(extractions, force=force) if extractions else []
        for outcome in (added[w] if isinstance(w, int) else w for w in window):
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
            if quiet:
                continue
            if outcome.action == "unchanged":  # nothing was extracted into the store: no counts to give
                note(f"unchanged {outcome.document}")
            else:
                note(f"{outcome.action:9} {outcome.document}: {outcome.relations} relation(s), "
                     f"{outcome.events} event(s), {outcome.entities} entit(y/ies)")
    note(f"{sum(counts.values())} file(s) ingested ({counts['added']} added, {counts['replaced']} replaced, "
         f"{counts['unchanged']} unchanged), {failed} failed")
    if failed:
        sys.exit(1)


def _unchanged(store, files: list) -> dict:
    """file -> id of the stored document it is unchanged from (its path and content, or its content
    under a new path), read from the file's bytes: such files are not extracted at all."""
    import hashlib

    found = {}
    for f in files:
        try:
            sha = hashlib.sha256(Path(f).read_bytes()).hexdigest()
        except OSError:
            continue  # the loader reports it
        doc = store.unchanged(str(Path(f).resolve()), sha)
        if doc is not None:
            found[f] = doc
    return found


def _read_line(path: str, st: dict) -> str:
    """`ingest -v`: what the extractor saw in one article, so an empty result can be told apart from a
    document without names (no mentions), without pairs (names never share a sentence) or without frames."""
    frames = ", ".join(f"{rule}×{n}" for rule, n in st.get("frames", {}).items()) or "none"
    return (f"read     {path}: {st['words']} words, {st['sentences']} sentences, {st['mentions']} mentions of "
            f"{st['entities']} entities, {st['pairs']} candidate pairs; {st['relations']} relation(s), "
            f"{st['events']} event(s); frames: {frames}")


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker must not outlive `dealgraph ingest -j N`.

    Killed with -9, the parent cannot shut its pool down, and a worker would go on extracting and
    then block forever on its task queue. On Linux the kernel kills the worker when its parent
    dies (PR_SET_PDEATHSIG, which also stops one busy in a long regex that holds the GIL);
    everywhere, a daemon thread exits the worker once it has been re-parented.
    """
    import os
    import signal
    import threading
    import time

    start = os.getppid()
    if start == parent and sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # no prctl: the thread below still notices

    def alive() -> bool:
        if os.getppid() != start:  # re-parented: whoever started us is gone
            return False
        try:
            os.kill(parent, 0)  # a forkserver start: our parent is not `parent`; watch that one too
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    if not alive():  # the parent died before the death signal was armed
        os._exit(1)

    def watch() -> None:
        while alive():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def _run_extraction(paths: list[str], jobs: int, encoding: str = "utf-8", catalogue: bool = True, **options):
    show = len(paths) > 5 and sys.stderr.isatty()
    extract = functools.partial(_extract, encoding=encoding, catalogue=catalogue, **options)
    if jobs > 1 and len(paths) > 1:
        import os
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            it = pool.map(extract, paths, chunksize=max(1, len(paths) // (jobs * 8)))
            return list(_progress(it, len(paths), show))
    if len(paths) == 1:  # one big facts file makes millions of objects, no cycles: the collector only rescans them
        from .graph.collector import gc_paused

        with gc_paused():
            return [extract(paths[0])]
    return list(_progress(map(extract, paths), len(paths), show))


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

    import yaml

    from .queries.registry import Table

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
    emit(Table(rows, ["kind", "name", "category", "description"]), "table")


# -- judgements and retraction ---------------------------------------------------------------------

@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--yes", "-y", is_flag=True, help="Merge without asking (needed when stdin is not a terminal).")
@click.option("--force", is_flag=True, help="Merge entities of different types (Other merges with any type).")
@pass_app
@handle_errors
def merge(app: App, a: str, b: str, yes: bool, force: bool) -> None:
    """Record that A and B are the same entity (applies to earlier and later ingests).

    Shows both entities, their types and relations, and what becomes of the relations between
    them (an entity has no relation with itself: they are dropped), then asks before merging.
    A name not in the store yet is recorded as given and merged when a document brings it.
    """
    store = app.store()
    found = _merge_plan(store.snapshot(), a, b, force)
    if found is None:
        return
    if not yes:
        if not sys.stdin.isatty():
            fail("merge asks before it changes anything and stdin is not a terminal; add --yes to merge")
        if not click.confirm("Merge them?", default=False, err=True):
            note("nothing merged")
            sys.exit(1)
    store = app.writer()
    missing = store.judge("same", a, b)
    if len(missing) == 2:
        note(f"merged: {a!r} and {b!r} recorded as the same entity")
        return
    e = store.snapshot().find(b if a in missing else a)
    note(f"merged: {a!r} and {b!r} are one entity, {e.name} ({e.type}, {e.id})")


def _merge_plan(snap, a: str, b: str, force: bool):
    """Say what merging A and B does; the entities found (None when they are one already).

    Refuses (DealgraphError) two known entities of different types unless `force`."""
    from .exc import NotFoundError
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
    between = [f for f in snap.touching(found[a].id) if f.kind == "relation" and {f.subject, f.object} == ids] \
        if len(ids) == 2 else []
    note(f"merge {a!r} and {b!r}:")
    for ref in (a, b):
        e = found.get(ref)
        if e is None:
            hints = snap.suggest(ref)
            hint = f" (did you mean {', '.join(map(repr, hints))}?)" if hints else ""
            note(f"  {ref!r} is not in the store yet; the judgement applies when it appears{hint}")
            continue
        facts = snap.touching(e.id)
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


@main.command()
@click.argument("a")
@click.argument("b")
@pass_app
@handle_errors
def distinct(app: App, a: str, b: str) -> None:
    """Record that A and B are different entities that must never be merged (names not in the
    store yet included: the judgement applies when they appear)."""
    _judge(app.writer(), "distinct", a, b)
    note(f"distinct: {a!r} and {b!r} will be kept apart")


def _judge(store, kind: str, a: str, b: str) -> list[str]:
    """Record the judgement and say which names it is waiting for (a typo shows up here)."""
    missing = store.judge(kind, a, b)
    for name in missing:
        hints = store.snapshot().suggest(name)
        hint = f" (did you mean {', '.join(map(repr, hints))}?)" if hints else ""
        note(f"{name!r} is not in the store yet; the judgement applies when it appears{hint}")
    return missing


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


# -- moving between backends ----------------------------------------------------------------------

@main.command()
@pass_app
@handle_errors
def push(app: App) -> None:
    """Copy the embedded store (--store) into Neo4j (--neo4j-uri ...), all or nothing.

    Documents and merge/distinct judgements are added to what Neo4j holds (a document with the
    same id is replaced) and the graph is resolved again there. Pushing twice changes nothing.
    A large push is written in parallel transactions that readers see only once all are done.

    \b
    Examples:
      NEO4J_URI=bolt://db:7687 NEO4J_PASSWORD=... dealgraph --store team.dg push
    """
    from .graph.neo4j.store import push as run

    embedded, neo = app.open("embedded"), app.open("neo4j")
    try:
        stats = run(embedded, neo)
        documents = embedded.count_documents()
    finally:
        neo.close()
        embedded.close()
    changed = ", ".join(f"{v} {k}" for k, v in stats.items() if v) or "nothing changed"
    note(f"pushed {documents} document(s) from {embedded.dir} to Neo4j at {neo.dir}: {changed}")


@main.command()
@pass_app
@handle_errors
def pull(app: App) -> None:
    """Copy Neo4j's documents and judgements into the embedded store (--store).

    A document with the same id is replaced; the embedded store resolves the graph itself, so
    every query then answers as it did on Neo4j.
    """
    from .graph.neo4j.store import pull as run

    embedded, neo = app.open("embedded"), app.open("neo4j")
    try:
        embedded.prepare()
        app.created(embedded)
        documents, judgements = run(neo, embedded)
    finally:
        neo.close()
        embedded.close()
    note(f"pulled from Neo4j at {neo.dir} into {embedded.dir}: {documents} document(s) and "
         f"{judgements} judgement(s) new or changed")


@main.command()
@pass_app
@handle_errors
def migrate(app: App) -> None:
    """Convert a dealgraph 0.1 store (a store directory holding store.json) to the SQLite store.

    Everything is carried over (documents with their extractions, merge/distinct judgements);
    the JSON file is kept beside it as store.json.bak. Other commands refuse a 0.1 store with a
    one-line hint to run this.

    \b
    Examples:
      dealgraph --store team.dg migrate
    """
    from .graph.sqlite import SqliteStore
    from .graph.sqlite import migrate as run

    where = SqliteStore(app.store_path).dir
    documents, judgements = run(where, schema=app.schema())
    note(f"migrated {where}: {documents} document(s) and {judgements} judgement(s) now in "
         f"{where / 'store.db'}; the JSON store is kept as {where / 'store.json.bak'}")


# -- export ----------------------------------------------------------------------------------------

@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(export_formats()), default="json", show_default=True,
              help="Output format.")
@click.option("--output", "-o", default="-", show_default=True,
              help="File to write, '-' for stdout (csv: a directory or a NAME.csv prefix for its two files).")
@pass_app
@handle_errors
def export(app: App, fmt: str, output: str) -> None:
    """Write the whole graph in one format: json, graphml, gexf, csv (neo4j-admin), cypher or html.

    \b
    Examples:
      dealgraph export --format json --output graph.json
      dealgraph export -f json | jq '.relations | length'
    """
    from .exports import export as run

    data = run(app.snapshot(), fmt, None if output == "-" else Path(output))
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        note(f"wrote {', '.join(map(str, data))}")


# -- view ------------------------------------------------------------------------------------------

def _write_view(snapshot, output: str, **options) -> None:
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


def split_list(values: tuple[str, ...]) -> list[str]:
    """Repeatable options that also take comma-separated lists: --types control,Company."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@main.command()
@click.option("--output", "-o", default="dealgraph.html", show_default=True,
              help="The HTML file to write, '-' for stdout.")
@click.option("--as-of", "as_of", metavar="DATE", help="Open the date slider at this date (YYYY[-MM[-DD]]).")
@click.option("--focus", metavar="ENTITY", help="Only what lies within --depth hops of this entity.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Hops around --focus.")
@click.option("--types", "types", multiple=True, metavar="TYPES",
              help="Only these entity types, relation categories or relation types (repeat or comma-separate).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Leave out the least connected entities beyond this many.")
@click.option("--title", default="dealgraph", show_default=True, help="The page title.")
@pass_app
@handle_errors
def view(app: App, output: str, as_of: str | None, focus: str | None, depth: int, types: tuple[str, ...],
         max_nodes: int, title: str) -> None:
    """Write the graph as one interactive HTML file that works offline.

    Entities are coloured and shaped by type, relations by category; click one for its evidence
    (document, date, quote). Filter by category, relation type and entity type, slide through time,
    find an entity by name.

    \b
    Examples:
      dealgraph view --output graph.html
      dealgraph view --focus SpaceX --depth 1 --types control --as-of 2026-03 -o spacex.html
    """
    _write_view(app.snapshot(), output, as_of=as_of, focus=focus, depth=depth, types=split_list(types),
                max_nodes=max_nodes, title=title)


# -- queries ---------------------------------------------------------------------------------------

def _cells(data, fmt: str):
    """For tables and CSV: lists (source documents) as '; '-joined text, whole amounts without '.0'."""
    from .queries.registry import Table

    table = data if isinstance(data, Table) else Table.of(data)
    if fmt in ("json", "jsonl"):
        return table

    def show(v):
        if isinstance(v, list):
            return "; ".join(map(str, v))
        return int(v) if isinstance(v, float) and v.is_integer() else v

    rows = [{c: show(row.get(c)) for c in table.columns} for row in table.rows]
    return Table(rows, table.columns, table.attrs["nodes"], table.attrs["edges"])


@main.command("queries")
@output_format
@handle_errors
def list_queries(fmt: str) -> None:
    """List the canned queries with their parameters; run one with `dealgraph query NAME`."""
    from .queries import REGISTRY
    from .queries.registry import Table

    rows = [{"query": q.name, "usage": q.usage(), "help": _plain_help(q.help)} for q in REGISTRY.values()]
    emit(Table(rows, ["query", "usage", "help"]), fmt)


def _query_command(q) -> click.Command:
    """A click command for one registered query, from its typed parameters."""
    params: list[click.Parameter] = []
    for p in q.params:
        if p.positional:
            metavar = p.name.upper() if p.required else f"[{p.name.upper()}]"
            params.append(click.Argument([p.name], metavar=metavar, required=p.required))
        elif p.kind == "flag":
            decl = f"{p.flag}/--no-{p.flag[2:]}" if p.default else p.flag
            params.append(click.Option([decl, p.name], is_flag=True, default=bool(p.default), show_default=True,
                                       help=p.help))
        elif p.kind == "int":
            params.append(click.Option([p.flag, p.name], type=click.IntRange(min=1), default=p.default,
                                       show_default=True, help=p.help))
        else:
            params.append(click.Option([p.flag, p.name], metavar=p.kind.upper(), help=p.help))
    params.append(click.Option(["--format", "-f", "fmt"], type=click.Choice(FORMATS), default="table",
                               show_default=True, help="Table for people; csv, json or jsonl for programs."))
    params.append(click.Option(["--html", "html_out"], metavar="FILE",
                               help="Also write an HTML view of the result, highlighted in its neighbourhood."))
    positional = [p.name for p in q.params if p.positional]

    @pass_app
    @handle_errors
    def run(app: App, fmt: str, html_out: str | None, **kwargs) -> None:
        args = [kwargs.pop(name) for name in positional]
        df = app.reader().table(q.name, *args, **kwargs)
        emit(_cells(df, fmt), fmt)
        if html_out:
            _write_view(app.snapshot(), html_out, highlight_nodes=df.attrs.get("nodes", ()),
                        highlight_edges=df.attrs.get("edges", ()), depth=1, as_of=kwargs.get("as_of"),
                        title=f"dealgraph query {q.name} {' '.join(map(str, args))}".strip())

    return click.Command(q.name, params=params, callback=run, help=_plain_help(q.doc), short_help=_plain_help(q.help))


def _plain_help(doc: str) -> str:
    """A query's docstring as --help text: no reST code marks, and its Columns and Row order
    sentences in paragraphs of their own (click rewraps a paragraph into one block)."""
    import re

    text = re.sub(r"``([^`]+)``", r"\1", doc)
    text = re.sub(r"`([^`]+)`", r"'\1'", text)
    return re.sub(r"\n(?=(?:Columns|Row order)\b[^\n]*:)", "\n\n", text)


class _QueryGroup(click.Group):
    """One subcommand per registered query, built when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from .queries import REGISTRY

        return list(REGISTRY)

    def get_command(self, ctx: click.Context, name: str):
        from .queries import REGISTRY

        return _query_command(REGISTRY[name]) if name in REGISTRY else None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        from .queries import get

        try:
            get(args[0])
        except DealgraphError as exc:
            ctx.fail(str(exc))
        return super().resolve_command(ctx, args)


@main.group("query", cls=_QueryGroup)
def query() -> None:
    """Run a canned query (`dealgraph queries` lists them; `dealgraph query NAME --help` explains one).

    \b
    Examples:
      dealgraph query ownership-paths SpaceX Cursor --include-pending
      dealgraph query controllers xAI --as-of 2026-03
      dealgraph query data-flow Cursor --format json
    """


@main.command()
@click.argument("statement", metavar="QUERY")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A $NAME parameter; VALUE is JSON (5, true, null, \"5\", [\"a\", \"b\"]) or else text.")
@click.option("--write", is_flag=True, help="Neo4j only: allow the statement to change the graph.")
@output_format
@pass_app
@handle_errors
def cypher(app: App, statement: str, params: tuple[str, ...], fmt: str, write: bool) -> None:
    """Run a Cypher query: read-only on the embedded store; on Neo4j a read transaction unless --write.

    With --backend neo4j the statement goes to the server as it is, with --param values as real
    Cypher parameters; the graph model is in the README (section "Neo4j backend").
    On the embedded store:

    Nodes are entities labelled with their type, with id, name, type and aliases; relationships
    point subject -> object, typed with the relation type, with id, type, category, date, status,
    amount, currency, percent and documents. Supported: MATCH with directed patterns and *min..max
    hops, WHERE, RETURN [DISTINCT] with id(), type(), COUNT/SUM/AVG/MIN/MAX/COLLECT and AS,
    ORDER BY, SKIP, LIMIT. Not supported (refused with an error): OPTIONAL MATCH, WITH, UNWIND,
    UNION, CASE, shortestPath, undirected patterns and every write clause.

    \b
    Examples:
      dealgraph cypher 'MATCH (a:Company)-[r:ACQUIRED]->(b) RETURN a.name, b.name, r.date'
      dealgraph cypher 'MATCH (a)-[r]->(b) WHERE a.name = $who RETURN type(r), b.name' -p who=SpaceX
    """
    from .queries.cypher import parse_params

    df = app.reader().cypher(statement, parse_params(params), write=write)
    emit(_cells(df, fmt), fmt)
    if df.attrs["counters"]:
        note("changed: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in df.attrs["counters"].items()))


# -- demo ------------------------------------------------------------------------------------------

SAMPLES = Path(__file__).with_name("samples") / "articles"  # the curated facts file is not part of the demo


DEMO_HTML = "dealgraph-demo.html"


@main.command()
@click.option("--output", "-o", metavar="FILE",
              help=f"Where to write the HTML view [default: {DEMO_HTML} inside the store directory; on Neo4j, in the "
                   "current directory].")
@pass_app
@handle_errors
def demo(app: App, output: str | None) -> None:
    """Ingest the shipped sample articles and show what dealgraph makes of them."""
    from .loaders import expand
    from .queries import listings

    files, _ = expand([str(SAMPLES)])
    if not files:
        fail(f"no samples found in {SAMPLES}")
    store = app.writer()
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
    emit(_cells(listings.relations(snap).drop(columns=["id"]), "table"), "table")
    click.echo("\nEvents:\n")
    emit(_cells(listings.events(snap).drop(columns=["id"]), "table"), "table")
    from .queries import registry

    for title, name, args, options in (
            ("How SpaceX reaches Cursor (counting its pending option)", "ownership-paths", ("SpaceX", "Cursor"),
             {"include_pending": True}),
            ("Where Cursor's data goes", "data-flow", ("Cursor",), {})):
        click.echo(f"\n{title}: dealgraph query {name} {' '.join(args)}"
                   f"{' --include-pending' if options.get('include_pending') else ''}\n")
        answer = registry.get(name).table(snap, *args, **options)
        hidden = ("from", "to", "fact", "direction", "sources", "percent")
        emit(_cells(registry.Table(answer.rows, [c for c in answer.columns if c not in hidden]), "table"), "table")
    if output is None:  # beside what the demo made, not wherever the command happened to run
        output = str(store.local_dir / DEMO_HTML) if store.local_dir else DEMO_HTML
    _write_view(snap, output, title="dealgraph demo: SpaceX, xAI and Cursor")
    note(f"open {output} in a browser (it works offline): filter to ownership, slide the date")


if __name__ == "__main__":  # pragma: no cover
    main()
