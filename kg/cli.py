"""Store commands: ``sparql``, ``stats``, ``validate``, ``export``, ``check``, ``forget``, ``load``
(wired in by search_app.cli)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pyoxigraph as ox

from kg import sparql
from kg.layout import Layout
from kg.manifest import Manifest
from kg.settings import Settings
from kg.sparql_guard import QueryRefused, check
from kg.sparql_worker import dataset_options, evaluate, local_job
from kg.store import Store

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
EXPORT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@click.command("sparql")
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted({*RESULT_FORMATS, *GRAPH_FORMATS})),
    default="json",
    show_default=True,
)
@click.pass_obj
def sparql_command(settings: Settings, query: str, fmt: str) -> None:
    """Run a SPARQL query (text, or - for standard input) on the published store."""
    text = sys.stdin.read() if query == "-" else query
    try:  # the same static checks as the endpoint: no SERVICE, LOAD or update, bounded nesting
        checked = check(text, settings)
    except QueryRefused as exc:
        raise click.ClickException(exc.message) from None
    out = sys.stdout.buffer
    if checked.needs_vectors:  # the similarity extension (kg.similarity) is evaluated by kg.sparql_worker
        answer = evaluate(local_job(checked, settings, fmt))
        if answer.status != 200:
            raise click.ClickException(answer.message)
        out.write(answer.body + b"\n")
        return
    with Store.open_reader(settings) as store:
        try:
            result = store.ox.query(text, **dataset_options(checked))
        except SyntaxError as exc:
            raise click.ClickException(f"SPARQL syntax error: {exc}") from None
        if isinstance(result, ox.QueryTriples):
            result.serialize(out, GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
        else:
            result.serialize(out, RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON))
        out.write(b"\n")


@click.command("stats")
@click.pass_obj
def stats_command(settings: Settings) -> None:
    """Counts of triples, graphs and documents in the published store."""
    layout = Layout(settings.data_path)
    with Store.open_reader(settings) as store:
        counts = sparql.rows(store, "counts")[0]
        click.echo(f"generation: {store.generation}")
        click.echo(f"triples: {counts['triples']}")
        click.echo(f"named graphs: {counts['graphs']}")
        for row in sparql.rows(store, "counts_by_type"):
            click.echo(f"  {row['label']}: {row['n']}")
    with Manifest(layout.manifest, readonly=True) as manifest:
        click.echo(f"documents in manifest: {manifest.count()}")


@click.command("validate")
@click.pass_obj
def validate_command(settings: Settings) -> None:
    """SHACL validation of the published store; exit 1 on violations."""
    from kg.validate import validate

    with Store.open_reader(settings) as store:
        report = validate(store.dataset)
    click.echo(report.render())
    if not report.conforms:
        sys.exit(1)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="nq", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: standard output)."
)
@click.pass_obj
def export_command(settings: Settings, fmt: str, output: Path | None) -> None:
    """Export the published store (N-Quads, TriG, Turtle of the union, JSON-LD)."""
    with Store.open_reader(settings) as store:
        target = output.open("wb") if output else sys.stdout.buffer
        try:
            export(store, fmt, target)
        finally:
            if output:
                target.close()


def export(store: Store, fmt: str, target: object) -> None:
    rdf_format = EXPORT_FORMATS[fmt]
    quads = store.ox.quads_for_pattern(None, None, None, None)
    if rdf_format.supports_datasets:
        ox.serialize(quads, target, rdf_format)  # type: ignore[arg-type]
    else:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        ox.serialize(sorted(triples, key=str), target, rdf_format)  # type: ignore[arg-type]


@click.command("check")
@click.option("--repair", is_flag=True, help="Make the manifest follow the store and rebuild the indexes.")
@click.pass_obj
def check_command(settings: Settings, repair: bool) -> None:
    """Verify that the store, the manifest and the indexes agree (exit 1 when they do not)."""
    from kg.check import check
    from kg.store import WriterBusyError

    try:
        report = check(settings, repair=repair)
    except WriterBusyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.render())
    if not report.ok and not repair:
        sys.exit(1)


@click.command("forget")
@click.argument("iri")
@click.pass_obj
def forget_command(settings: Settings, iri: str) -> None:
    """Remove a person (or any entity) or a whole document from the store, the indexes and old generations."""
    from kg.forget import ForgetError, forget
    from kg.store import WriterBusyError

    try:
        report = forget(settings, iri)
    except (ForgetError, WriterBusyError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.render())


@click.command("load")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--graph", "graph", default=None, help="Graph IRI (default: the file's file: IRI).")
@click.option(
    "--format",
    "fmt",
    default=None,
    help="rdflib parser name (turtle, nt, xml, json-ld, n3); default: from the extension.",
)
@click.pass_obj
def load_command(settings: Settings, path: Path, graph: str | None, fmt: str | None) -> None:
    """Store an RDF file as it is, as one named graph (replacing that graph if it exists)."""
    from kg.load import LoadError, load_rdf
    from kg.store import WriterBusyError

    try:
        report = load_rdf(settings, path, graph=graph, fmt=fmt)
    except (LoadError, WriterBusyError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.render())
