"""Named SPARQL queries: every query the application runs lives in ``kg/queries/*.rq``.

Values are passed as bindings (Oxigraph substitutions, SEP-0007), never pasted into the text.
Oxigraph requires a substituted variable of a SELECT query to be projected: write
``SELECT ?org ?name ...`` (and ``GROUP BY ?org ...`` for aggregates) when ``?org`` is bound.
A query file may start with comment lines ``# title: ...`` and ``# description: ...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib.query import Result
from rdflib.term import Identifier

from kg.store import Store

QUERY_DIR = Path(__file__).resolve().parent / "queries"


class UnknownQueryError(KeyError):
    """No ``.rq`` file has that name."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: str
    description: str


def _parse_header(name: str, text: str) -> NamedQuery:
    title, description = name.replace("_", " "), ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        body = stripped.lstrip("#").strip()
        key, _, value = body.partition(":")
        if key.strip().lower() == "title":
            title = value.strip()
        elif key.strip().lower() == "description":
            description = value.strip()
    return NamedQuery(name, text, title, description)


@cache
def named_query(name: str) -> NamedQuery:
    """The query ``kg/queries/{name}.rq``."""
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        raise UnknownQueryError(name)
    return _parse_header(name, path.read_text(encoding="utf-8"))


def run(store: Store, name: str, **bindings: Identifier | None) -> Result:
    """Run the named query with ``bindings`` (``None`` values are left unbound)."""
    values: Mapping[str, Identifier] = {k: v for k, v in bindings.items() if v is not None}
    return store.query(named_query(name).text, values)


def rows(store: Store, name: str, **bindings: Identifier | None) -> list[dict[str, object]]:
    """The named SELECT query's solutions as dicts of Python values (``None`` for unbound)."""
    result = run(store, name, **bindings)
    out: list[dict[str, object]] = []
    for row in result:
        mapping = row.asdict()  # type: ignore[union-attr]
        out.append({str(var): mapping.get(str(var)) for var in result.vars or []})
    return out
