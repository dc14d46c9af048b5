"""``/api/search`` and ``/api/related``: the search API as JSON (contract in DESIGN.md §5)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from kg.encoder import EncoderError
from kg.search import BadRequest, NotFound, parse_request, related, search
from kg.search_types import hit_json, response_json
from search_app.db import get_generation, get_settings

bp = Blueprint("api", __name__, url_prefix="/api")


def _error(status: int, message: str) -> ResponseReturnValue:
    return jsonify({"error": message}), status


def _args() -> dict[str, str | list[str]]:
    return {key: request.args.getlist(key) for key in request.args}


@bp.get("/search")
def api_search() -> ResponseReturnValue:
    try:
        parsed = parse_request(_args(), get_settings())
        return jsonify(response_json(search(get_generation(), parsed)))
    except BadRequest as exc:
        return _error(400, str(exc))
    except EncoderError as exc:
        return _error(503, f"the embedding model is not available: {exc}")


@bp.get("/related")
def api_related() -> ResponseReturnValue:
    iri = request.args.get("iri", "").strip()
    if not iri:
        return _error(400, "iri: give the IRI of a practice, project or organisation")
    raw_k = request.args.get("k", "5")
    if not raw_k.isdigit():
        return _error(400, f"k: expected a whole number from 1 to 100, got {raw_k[:40]!r}")
    try:
        hits = related(get_generation(), iri, int(raw_k))
    except BadRequest as exc:
        return _error(400, str(exc))
    except NotFound as exc:
        return _error(404, str(exc))
    return jsonify({"iri": iri, "results": [hit_json(h) for h in hits]})
