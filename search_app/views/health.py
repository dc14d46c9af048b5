"""``/health``: counts of triples, documents, vectors and the model in use."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from kg import sparql
from search_app.db import get_generation, get_settings

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    generation = get_generation()
    counts = sparql.rows(generation.store, "counts")[0]
    with generation.manifest() as manifest:
        documents = manifest.count()
    vectors = None
    try:
        vectors = len(generation.resource("vectors"))
    except KeyError:
        vectors = None
    return jsonify(
        {
            "status": "ok",
            "generation": generation.number,
            "triples": int(str(counts["triples"])),
            "graphs": int(str(counts["graphs"])),
            "documents": documents,
            "vectors": vectors,
            "model": get_settings().model,
        }
    )
