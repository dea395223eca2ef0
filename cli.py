"""The `dealgraph` command line: a thin click shell over the library.

The work is the library's (`open_store`, `loaders.pipeline`, `store.query`/`cypher`, exports); what
every command needs is in app.py, what they print in output.py, `dealgraph query NAME` in
query_commands.py. Nothing here branches on the backend.

Data goes to stdout, messages to stderr. A user mistake (bad input, unknown name, unreachable
server) is one line on stderr and a non-zero exit; a bug keeps its traceback.

Exit codes: 0 success, 1 some inputs failed or the command failed, 2 usage error.
"""
from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import click

from . import BACKENDS, __version__, query_commands
from .app import App, fail, handle_errors, output_format, pass_app
from .exc import DealgraphError
from .exports import formats as export_formats
from .output import cells, emit, merge_plan, not_yet, note, write_view


# -- the group -----------------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store", metavar="DIR", envvar="DEALGRAPH_STORE",
              help="Embedded store directory [env DEALGRAPH_STORE; default ./.dealgraph].")
@click.option("--schema", "schema", metavar="FILE", envvar="DEALGRAPH_SCHEMA", type=click.Path(dir_okay=False),
              help="Extra schema YAML merged over the built-in one [env DEALGRAPH_SCHEMA].")
@click.option("--backend", type=click.Choice(BACKENDS), default="embedded", show_default=True,
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
    from .loaders import expand, pipeline
    from .output import Bar, read_line, stored_line

    files, problems = expand(paths)
    for p in problems:
        note(f"error: {p}")
    options = app.load_options(encoding, catalogue)
    store = app.writer()  # a store that cannot be written fails here, before any extraction
    failed, counts = len(problems), {"added": 0, "replaced": 0, "unchanged": 0}
    with Bar(len(files)) as bar, closing(pipeline.ingest(store, files, jobs=jobs, force=force, progress=bar,
                                                          options=options)) as events:
        for event in events:
            if event.kind == "failed":
                failed += 1
                bar.note(f"error: {event.error}")
            elif event.kind == "extracted":
                for warning in event.extraction.warnings:
                    bar.note(f"warning: {warning}")
                if (verbose or app.verbose) and event.extraction.stats:
                    bar.note(read_line(event.path, event.extraction.stats))
            else:
                counts[event.outcome.action] = counts.get(event.outcome.action, 0) + 1
                if not quiet:
                    bar.note(stored_line(event.outcome))
    note(f"{sum(counts.values())} file(s) ingested ({counts['added']} added, {counts['replaced']} replaced, "
         f"{counts['unchanged']} unchanged), {failed} failed")
    if failed:
        sys.exit(1)


# -- listings ----------------------------------------------------------------------------------------

def _listing(name: str, check: str, help: str) -> None:
    """`dealgraph entities|relations|events [--type T]`: what the store holds, of one schema type if asked."""

    @main.command(name, help=help)
    @click.option("--type", "type_", help=f"Only {name} of this type.")
    @output_format
    @pass_app
    @handle_errors
    def command(app: App, type_: str | None, fmt: str) -> None:
        from .queries import listings

        if type_:
            getattr(app.schema(), check)(type_)  # an unknown type: a SchemaError naming the known ones
        emit(getattr(listings, name)(app.snapshot(), type=type_), fmt)


_listing("entities", "entity_type", "List entities with their type, aliases and how connected they are.")
_listing("relations", "relation_type", "List relations (one row per fact, however many sources).")
_listing("events", "event_type", "List events (IPO, training completed, release, funding round, layoffs, departure).")


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

    from .output import schema_table

    s = app.schema()
    if fmt == "json":
        click.echo(json.dumps(s.to_dict(), indent=1))
    elif fmt == "yaml":
        click.echo(yaml.safe_dump(s.to_dict(), sort_keys=False), nl=False)
    else:
        emit(schema_table(s), "table")


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
    found = merge_plan(store.snapshot(), a, b, force)
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


@main.command()
@click.argument("a")
@click.argument("b")
@pass_app
@handle_errors
def distinct(app: App, a: str, b: str) -> None:
    """Record that A and B are different entities that must never be merged (names not in the
    store yet included: the judgement applies when they appear)."""
    store = app.writer()
    missing = store.judge("distinct", a, b)
    if missing:
        snap = store.snapshot()
        for name in missing:
            not_yet(snap, name)
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
    write_view(app.snapshot(), output, as_of=as_of, focus=focus, depth=depth, types=split_list(types),
               max_nodes=max_nodes, title=title)


# -- queries ---------------------------------------------------------------------------------------

main.add_command(query_commands.list_queries, "queries")
main.add_command(query_commands.query, "query")


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
    emit(cells(df, fmt), fmt)
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
    from .loaders import expand, pipeline
    from .queries import listings

    files, _ = expand([str(SAMPLES)])
    if not files:
        fail(f"no samples found in {SAMPLES}")
    store = app.writer()
    for event in pipeline.ingest(store, files, options=app.load_options()):
        if event.kind == "failed":
            note(f"error: {event.error}")
    snap = store.snapshot()
    note(f"store {store.dir}: {snap.stats()}")
    click.echo("\nRelations extracted from the sample articles:\n")
    emit(cells(listings.relations(snap), "table", hide=("id",)), "table")
    click.echo("\nEvents:\n")
    emit(cells(listings.events(snap), "table", hide=("id",)), "table")
    for title, name, args, options in (
            ("How SpaceX reaches Cursor (counting its pending option)", "ownership-paths", ("SpaceX", "Cursor"),
             {"include_pending": True}),
            ("Where Cursor's data goes", "data-flow", ("Cursor",), {})):
        click.echo(f"\n{title}: dealgraph query {name} {' '.join(args)}"
                   f"{' --include-pending' if options.get('include_pending') else ''}\n")
        answer = store.table(name, *args, **options)
        emit(cells(answer, "table", hide=("from", "to", "fact", "direction", "sources", "percent")), "table")
    if output is None:  # beside what the demo made, not wherever the command happened to run
        output = str(store.local_dir / DEMO_HTML) if store.local_dir else DEMO_HTML
    write_view(snap, output, title="dealgraph demo: SpaceX, xAI and Cursor")
    note(f"open {output} in a browser (it works offline): filter to ownership, slide the date")


if __name__ == "__main__":  # pragma: no cover
    main()
