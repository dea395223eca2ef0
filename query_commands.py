"""`dealgraph queries` and `dealgraph query NAME`: one subcommand per registered query, built from its
typed parameters when asked for, answered by the store whatever its backend (`store.table`)."""
from __future__ import annotations

import re

import click

from .app import FORMAT_FLAGS, FORMAT_OPTION, App, handle_errors, output_format, pass_app
from .exc import DealgraphError
from .output import cells, emit, write_view


@click.command("queries")
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
    params.append(click.Option(list(FORMAT_FLAGS), **FORMAT_OPTION))
    params.append(click.Option(["--html", "html_out"], metavar="FILE",
                               help="Also write an HTML view of the result, highlighted in its neighbourhood."))
    positional = [p.name for p in q.params if p.positional]

    @pass_app
    @handle_errors
    def run(app: App, fmt: str, html_out: str | None, **kwargs) -> None:
        args = [kwargs.pop(name) for name in positional]
        df = app.reader().table(q.name, *args, **kwargs)
        emit(cells(df, fmt), fmt)
        if html_out:
            write_view(app.snapshot(), html_out, highlight_nodes=df.attrs.get("nodes", ()),
                        highlight_edges=df.attrs.get("edges", ()), depth=1, as_of=kwargs.get("as_of"),
                        title=f"dealgraph query {q.name} {' '.join(map(str, args))}".strip())

    return click.Command(q.name, params=params, callback=run, help=_plain_help(q.doc), short_help=_plain_help(q.help))


def _plain_help(doc: str) -> str:
    """A query's docstring as --help text: no reST code marks, and its Columns and Row order
    sentences in paragraphs of their own (click rewraps a paragraph into one block)."""
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


@click.group("query", cls=_QueryGroup)
def query() -> None:
    """Run a canned query (`dealgraph queries` lists them; `dealgraph query NAME --help` explains one).

    \b
    Examples:
      dealgraph query ownership-paths SpaceX Cursor --include-pending
      dealgraph query controllers xAI --as-of 2026-03
      dealgraph query data-flow Cursor --format json
    """
