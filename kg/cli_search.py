"""``civicgraph search QUERY``: hybrid search of the published store from the command line."""

from __future__ import annotations

import json

import click

from kg.encoder import EncoderError
from kg.live import LiveView
from kg.search import BadRequest, SearchResponse, parse_request, search
from kg.search_types import response_json
from kg.settings import Settings


def render_text(response: SearchResponse) -> str:
    lines = [f"{response.total} result(s) for {response.query!r}"]
    lines += [f"note: {n}" for n in response.notes]
    for n, hit in enumerate(response.results, start=response.offset + 1):
        where = ", ".join(x for x in (hit.country, hit.organization) if x)
        lines.append(f"{n:>3}. [{hit.type}] {hit.title}" + (f" ({where})" if where else ""))
        lines.append(f"     {hit.iri}")
        if hit.source:
            lines.append(f"     source: {hit.source}")
        if hit.snippet:
            lines.append(f"     {hit.snippet}")
        parts = " ".join(f"{k}={v:.3f}" for k, v in hit.scores.items())
        lines.append(f"     score {hit.score:.4f}  {parts}")
    return "\n".join(lines)


@click.command("search")
@click.argument("query", nargs=-1)
@click.option("--limit", default="10", show_default=True, help="Results per page (0-100).")
@click.option("--offset", default="0", show_default=True, help="Results to skip.")
@click.option("--type", "types", multiple=True, help="practice, project or organization (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Tag IRI, code or label in any language (repeatable).")
@click.option("--country", "countries", multiple=True, help="ISO code or English name (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Language code of the entity's text (repeatable).")
@click.option("--org", "organizations", multiple=True, help="Organisation IRI or exact name (repeatable).")
@click.option("--pattern", help="SPARQL graph pattern selecting ?entity (researchers' filter).")
@click.option(
    "--mode", type=click.Choice(["hybrid", "dense", "lexical"]), default="hybrid", show_default=True
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def search_command(
    settings: Settings,
    query: tuple[str, ...],
    limit: str,
    offset: str,
    types: tuple[str, ...],
    tags: tuple[str, ...],
    countries: tuple[str, ...],
    langs: tuple[str, ...],
    organizations: tuple[str, ...],
    pattern: str | None,
    mode: str,
    fmt: str,
) -> None:
    """Search practices, projects and organisations (dense + BM25 + tags, fused)."""
    args: dict[str, str | list[str]] = {
        "q": " ".join(query),
        "limit": limit,
        "offset": offset,
        "type": list(types),
        "tag": list(tags),
        "country": list(countries),
        "lang": list(langs),
        "organization": list(organizations),
        "mode": mode,
    }
    if pattern:
        args["pattern"] = pattern
    try:
        request = parse_request(args, settings)
        response = search(LiveView(settings).current(), request)
    except BadRequest as exc:
        raise click.UsageError(str(exc)) from None
    except EncoderError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(response_json(response), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(response))
