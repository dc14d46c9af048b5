"""The researchers' filter: a SPARQL graph pattern that selects entities (``?entity``).

The pattern is the body of ``SELECT DISTINCT ?entity WHERE { ... }``. It is parsed first (rdflib's
SPARQL parser): it must form exactly that one query — no SERVICE, no subquery escaping the braces —
and it runs in a separate process on the generation's read-only snapshot, killed when it exceeds
``sparql_timeout``; at most ``sparql_max_rows`` entities are used (the response says when more
matched). Nothing outside the store is ever fetched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PREFIXES = """PREFIX cg: <https://w3id.org/civicgraph/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
MAX_PATTERN_CHARS = 5_000


class PatternError(ValueError):
    """The pattern cannot be used (the message says why)."""


@dataclass(frozen=True)
class PatternResult:
    entities: frozenset[str]
    truncated: bool


def _walk(node: object, seen: set[int]) -> list[str]:
    """Names of the algebra/parse nodes under ``node``."""
    if id(node) in seen:
        return []
    seen.add(id(node))
    names: list[str] = []
    name = getattr(node, "name", None)
    if isinstance(name, str):
        names.append(name)
    if isinstance(node, dict):
        for value in node.values():
            names.extend(_walk(value, seen))
    elif isinstance(node, list | tuple):
        for value in node:
            names.extend(_walk(value, seen))
    return names


def build_query(pattern: str) -> str:
    """The full query for ``pattern``; raises :class:`PatternError` when it is not a plain pattern."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"pattern is longer than {MAX_PATTERN_CHARS} characters")
    if "?entity" not in pattern and "$entity" not in pattern:
        raise PatternError("pattern must use the variable ?entity for the entities it selects")
    text = f"{PREFIXES}SELECT DISTINCT ?entity WHERE {{\n{pattern}\n}}"
    try:
        query = prepareQuery(text)
    except (ParseException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise PatternError(f"pattern is not a valid SPARQL group graph pattern: {exc}") from None
    algebra = query.algebra
    if algebra.name != "SelectQuery" or [str(v) for v in algebra.get("PV") or []] != ["entity"]:
        raise PatternError("pattern must be the body of one SELECT ?entity query")
    names = _walk(algebra, set())
    if "ServiceGraphPattern" in names:
        raise PatternError("SERVICE is not allowed: nothing outside the store is queried")
    if names.count("SelectQuery") > 1 or "ToMultiSet" in names:
        raise PatternError("subqueries are not allowed in a search pattern")
    return text


def run_pattern(snapshot: Path, pattern: str, *, timeout: float, max_rows: int) -> PatternResult:
    """Entities the pattern selects in the snapshot at ``snapshot`` (a separate, killable process)."""
    query = build_query(pattern)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kg.search_pattern", str(snapshot), str(max_rows)],
            input=query.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PatternError(f"pattern took longer than {timeout:g} s and was stopped") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PatternError(f"pattern failed: {message[-1] if message else 'unknown error'}")
    payload = json.loads(done.stdout)
    return PatternResult(frozenset(payload["entities"]), bool(payload["truncated"]))


def _main(argv: list[str]) -> int:
    import pyoxigraph as ox

    snapshot, max_rows = Path(argv[0]), int(argv[1])
    query = sys.stdin.read()
    store = ox.Store.read_only(str(snapshot)) if snapshot.is_dir() else ox.Store()
    entities: list[str] = []
    truncated = False
    try:
        solutions = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        print(f"syntax error: {exc}", file=sys.stderr)
        return 2
    for solution in solutions:  # type: ignore[union-attr]
        term = solution["entity"]
        if isinstance(term, ox.NamedNode):
            if len(entities) >= max_rows:
                truncated = True
                break
            entities.append(term.value)
    json.dump({"entities": entities, "truncated": truncated}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
