"""The ``civicgraph`` command group: the one place that wires ingest's, kg's and the server's commands."""

from __future__ import annotations

import click

from ingest.cli import extract_command, ingest_command
from kg import settings as settings_mod
from kg.cli import (
    check_command,
    export_command,
    forget_command,
    load_command,
    sparql_command,
    stats_command,
    validate_command,
)
from kg.cli_search import search_command


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """civicgraph: knowledge graph and semantic search over municipal good practices."""
    try:
        ctx.obj = settings_mod.load()
    except settings_mod.SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option(
    "--warm/--no-warm",
    default=True,
    show_default=True,
    help="Load the model and the search index in the background at start.",
)
@click.pass_obj
def serve_command(settings: settings_mod.Settings, host: str, port: int, threads: int, warm: bool) -> None:
    """Serve the site with a production WSGI server (waitress)."""
    from waitress import serve

    from search_app import create_app
    from search_app.warm import warm_up

    app = create_app({"CIVICGRAPH": settings})
    if warm:
        warm_up(app)
    click.echo(f"civicgraph serving {settings.data_path} on http://{host}:{port}/", err=True)
    serve(app, host=host, port=port, threads=threads, ident="civicgraph")


COMMANDS = (
    ingest_command,
    extract_command,
    sparql_command,
    stats_command,
    validate_command,
    export_command,
    check_command,
    forget_command,
    load_command,
    search_command,
)
for command in COMMANDS:
    main.add_command(command)


if __name__ == "__main__":
    main()
