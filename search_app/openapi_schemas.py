"""The component schemas of ``/openapi.json`` (the JSON shapes of the search API, health and SPARQL
results); :mod:`search_app.openapi` assembles the document."""

from __future__ import annotations

from typing import Any

JSON = "application/json"
SPARQL_JSON = "application/sparql-results+json"
TEXT = "text/plain"
TURTLE = "text/turtle"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str) -> dict[str, Any]:
    return {"type": kind, "nullable": True}


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    },
    "Hit": {
        "type": "object",
        "required": ["iri", "type", "title", "snippet", "score", "scores", "source", "tags", "country"],
        "properties": {
            "iri": {"type": "string"},
            "type": {"type": "string"},
            "title": {"type": "string"},
            "snippet": {"type": "string"},
            "score": {"type": "number"},
            "scores": {"type": "object", "additionalProperties": {"type": "number"}},
            "source": {**nullable("string"), "description": "The original document's URL, else its file"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "country": nullable("string"),
            "lang": nullable("string"),
            "organization": nullable("string"),
            "organization_iri": nullable("string"),
            "tag_iris": {"type": "array", "items": {"type": "string"}},
        },
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "label", "count"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
        },
    },
    "SearchResponse": {
        "type": "object",
        "required": ["query", "total", "results", "facets"],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 0},
            "offset": {"type": "integer", "minimum": 0},
            "results": {"type": "array", "items": ref("Hit")},
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": ref("FacetValue")},
            },
            "notes": {"type": "array", "items": {"type": "string"}},
        },
    },
    "RelatedResponse": {
        "type": "object",
        "required": ["iri", "results"],
        "properties": {"iri": {"type": "string"}, "results": {"type": "array", "items": ref("Hit")}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "generation", "triples", "documents", "vectors", "model"],
        "properties": {
            "status": {"type": "string"},
            "generation": {"type": "integer", "minimum": 0},
            "triples": {"type": "integer", "minimum": 0},
            "graphs": {"type": "integer", "minimum": 0},
            "documents": {"type": "integer", "minimum": 0},
            "vectors": nullable("integer"),
            "model": {"type": "string"},
        },
    },
    "SparqlResults": {
        "type": "object",
        "description": "SPARQL 1.1 Query Results JSON: bindings (SELECT) or a boolean (ASK)",
        "required": ["head"],
        "properties": {
            "head": {
                "type": "object",
                "properties": {
                    "vars": {"type": "array", "items": {"type": "string"}},
                    "link": {"type": "array", "items": {"type": "string"}},
                },
            },
            "results": {
                "type": "object",
                "required": ["bindings"],
                "properties": {
                    "bindings": {
                        "type": "array",
                        "items": {"type": "object", "additionalProperties": ref("SparqlTerm")},
                    }
                },
            },
            "boolean": {"type": "boolean"},
        },
    },
    "SparqlTerm": {
        "type": "object",
        "required": ["type", "value"],
        "properties": {
            "type": {"type": "string", "enum": ["uri", "literal", "bnode", "triple"]},
            "value": {},
            "datatype": {"type": "string"},
            "xml:lang": {"type": "string"},
        },
    },
}
