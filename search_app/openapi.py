"""``/openapi.json``: the OpenAPI 3.0 description of the JSON endpoints.

Covers ``/api/search``, ``/api/related``, ``/health`` and ``/sparql`` answering in SPARQL JSON
results. Limits and allowed values come from the code that enforces them (:mod:`kg.search`), so
the description cannot drift from the behaviour; tests run schemathesis against it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from kg.search import MAX_LIMIT, MAX_WINDOW
from kg.search_catalog import KIND_LABELS
from kg.search_rank import MODES
from kg.settings import Settings
from search_app.openapi_schemas import JSON, SCHEMAS, SPARQL_JSON, TEXT, TURTLE, ref

bp = Blueprint("openapi", __name__)


def _list_param(name: str, description: str, items: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "description": description,
        "schema": {"type": "array", "items": items or {"type": "string"}},
    }


def _int_param(name: str, low: int, high: int, default: int, description: str) -> dict[str, Any]:
    schema = {"type": "integer", "minimum": low, "maximum": high, "default": default}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _error(description: str, media: str = JSON) -> dict[str, Any]:
    schema = ref("Error") if media == JSON else {"type": "string"}
    return {"description": description, "content": {media: {"schema": schema}}}


def _json_ok(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ref(schema)}}}


SPARQL_EXAMPLES = {
    "count": {"value": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
    "types": {"value": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type LIMIT 20"},
    "ask": {"value": "ASK { ?s ?p ?o }"},
}

SPARQL_ERRORS = {
    "400": _error("The query is not valid SPARQL or the request is malformed", TEXT),
    "403": _error("The query asks for something the endpoint never does (SERVICE, LOAD, updates)", TEXT),
    "406": _error("No acceptable result format", TEXT),
    "413": _error("The query or the request body is too long", TEXT),
    "414": _error("The address is too long", TEXT),
    "429": _error("Too many concurrent queries from this client", TEXT),
    "503": _error("The query ran past the time limit, or every worker is busy", TEXT),
}


def _sparql_ok() -> dict[str, Any]:
    return {
        "description": "The results (SELECT, ASK), capped at the row limit (X-SPARQL-Truncated says so); "
        "without a query, the endpoint's service description (Turtle)",
        "content": {SPARQL_JSON: {"schema": ref("SparqlResults")}, TURTLE: {"schema": {"type": "string"}}},
    }


def _search_params() -> list[dict[str, Any]]:
    return [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "description": "The query text; longer than search_max_query_chars is truncated (a note says so)",
            "schema": {"type": "string"},
        },
        _int_param("limit", 0, MAX_LIMIT, 10, "Results per page"),
        _int_param("offset", 0, MAX_WINDOW, 0, f"Results to skip; offset + limit is at most {MAX_WINDOW}"),
        _list_param(
            "type", "Entity kinds (comma lists allowed)", {"type": "string", "enum": list(KIND_LABELS)}
        ),
        _list_param("tag", "Tags by IRI, code or label"),
        _list_param("country", "Countries by ISO code or English name"),
        _list_param(
            "lang",
            "Languages (ISO 639 codes)",
            {"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
        ),
        _list_param("organization", "Organisations by IRI or exact name"),
        {
            "name": "pattern",
            "in": "query",
            "required": False,
            "description": "A SPARQL group graph pattern binding ?entity, to filter by",
            "schema": {"type": "string"},
        },
        {
            "name": "mode",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(MODES), "default": "hybrid"},
        },
    ]


def document(settings: Settings) -> dict[str, Any]:
    """The OpenAPI document (plain data, ready for JSON)."""
    try:
        release = version("civicgraph")
    except PackageNotFoundError:
        release = "0"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "civicgraph",
            "version": release,
            "description": "Search, related entities, health and SPARQL over the published generation. "
            f"Every request is read-only. SPARQL queries stop after {settings.sparql_timeout:g} s, return at "
            f"most {settings.sparql_max_rows} rows and may be {settings.sparql_max_query_chars} characters "
            f"long; request bodies are limited to {settings.max_request_bytes} bytes.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Hybrid (semantic + keyword) search with filters and facets",
                    "parameters": _search_params(),
                    "responses": {
                        "200": _json_ok(
                            "Ranked results, facets of the filtered set, notes", "SearchResponse"
                        ),
                        "400": _error("A parameter has a value that cannot be used (the error names it)"),
                        "414": _error("The address is too long"),
                        "503": _error("The embedding model is not available"),
                    },
                }
            },
            "/api/related": {
                "get": {
                    "operationId": "related",
                    "summary": "The nearest entities of a practice, project or organisation",
                    "parameters": [
                        {
                            "name": "iri",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1},
                        },
                        _int_param("k", 1, 100, 5, "How many neighbours"),
                    ],
                    "responses": {
                        "200": _json_ok("The neighbours, nearest first", "RelatedResponse"),
                        "400": _error("A parameter has a value that cannot be used"),
                        "404": _error("The IRI is not a searchable entity"),
                        "414": _error("The address is too long"),
                        "503": _error("The embedding model is not available"),
                    },
                }
            },
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Counts of triples, documents and vectors, and the model in use",
                    "responses": {"200": _json_ok("The published generation's counts", "Health")},
                }
            },
            "/sparql": {
                "get": {
                    "operationId": "sparqlGet",
                    "summary": "SPARQL 1.1 query (read-only) with a time limit and a row cap",
                    "parameters": [
                        {
                            "name": "query",
                            "in": "query",
                            "required": False,
                            "description": "The query; without it, the service description",
                            "schema": {"type": "string", "minLength": 1},
                            "examples": SPARQL_EXAMPLES,
                        },
                        _list_param("default-graph-uri", "Graphs forming the default graph"),
                        _list_param("named-graph-uri", "Graphs available as named graphs"),
                    ],
                    "responses": {"200": _sparql_ok(), **SPARQL_ERRORS},
                },
                "post": {
                    "operationId": "sparqlPost",
                    "summary": "SPARQL 1.1 query by POST (form or direct)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"query": {"type": "string", "minLength": 1}},
                                },
                                "examples": {
                                    name: {"value": {"query": ex["value"]}}
                                    for name, ex in SPARQL_EXAMPLES.items()
                                },
                            },
                            "application/sparql-query": {
                                "schema": {"type": "string", "minLength": 1},
                                "examples": SPARQL_EXAMPLES,
                            },
                        },
                    },
                    "responses": {"200": _sparql_ok(), **SPARQL_ERRORS},
                },
            },
        },
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi_json() -> ResponseReturnValue:
    cached = current_app.extensions.get("civicgraph.openapi")
    if cached is None:
        cached = document(current_app.config["CIVICGRAPH"])
        current_app.extensions["civicgraph.openapi"] = cached
    response = jsonify(cached)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
