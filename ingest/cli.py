"""``civicgraph ingest`` and ``civicgraph extract`` (wired into the command group by search_app.cli)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from ingest import contract
from ingest.pipeline import Ingestor, Outcome, extract_only
from kg.settings import Settings
from kg.store import WriterBusyError


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--mapping", help="Record mapping name (e.g. ce_good_practices) or a mapping file.")
@click.option("--source-url", help="The original URL of the page (single document).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_obj
def ingest_command(
    settings: Settings, paths: tuple[Path, ...], mapping: str | None, source_url: str | None, quiet: bool
) -> None:
    """Ingest documents (txt, md, html, pdf) and record exports (csv, jsonl, json)."""
    bar = tqdm(unit="doc", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)

    def tick(outcome: Outcome) -> None:
        bar.update(1)
        bar.set_postfix_str(outcome.status, refresh=False)

    try:
        with Ingestor(settings) as ingestor:
            summary = ingestor.ingest(list(paths), mapping=mapping, source_url=source_url, progress=tick)
    except WriterBusyError as exc:
        bar.close()
        raise click.ClickException(str(exc)) from None
    bar.close()
    click.echo(summary.render())
    if summary.generation is not None:
        click.echo(f"published generation {summary.generation}")


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--mapping", help="Record mapping for exports.")
@click.option("--source-url", help="The original URL of the page (single document).")
@click.option(
    "--no-suggest", is_flag=True, help="Skip machine-suggested tags (no embedding model is loaded)."
)
@click.pass_obj
def extract_command(
    settings: Settings,
    paths: tuple[Path, ...],
    fmt: str,
    mapping: str | None,
    source_url: str | None,
    no_suggest: bool,
) -> None:
    """Extract facts without storing anything; prints JSON."""
    documents = []
    refused = []
    for produced in extract_only(
        paths, settings, mapping=mapping, source_url=source_url, suggest=not no_suggest
    ):
        if produced.document is None:
            refused.append({"input": produced.input, "reason": produced.reason})
        else:
            documents.append(contract.document(produced.document))
    payload: dict[str, object] = {"documents": documents}
    if refused:
        payload["refused"] = refused
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
