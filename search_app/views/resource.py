"""A page for every IRI the graph mints (``/id/<kind>/<key>``) and for the shipped vocabulary IRIs it
uses (``/resource?iri=``); the same IRI answers Turtle, JSON-LD, N-Triples or RDF/XML by ``Accept``
or by a suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kg import rdf_formats, resources
from kg.rdf_formats import RdfFormat
from kg.resource_names import term_label, vocabulary_labels
from kg.schema_org import schema_org
from search_app import i18n
from search_app.db import get_generation
from search_app.views import resource_sections
from search_app.views.common import cached, iri_base, resource_url, secure

bp = Blueprint("resource", __name__)
bp.after_request(secure)
#: Characters an IRI cannot hold (besides controls).
FORBIDDEN = frozenset('<>"{}|^`\\ ')


def _valid(text: str) -> bool:
    """Something that can be (part of) an IRI: not too long, none of the characters IRIs exclude."""
    return 0 < len(text) <= 2000 and not any(c in FORBIDDEN or ord(c) < 32 for c in text)


def _format_param() -> RdfFormat | None:
    name = request.args.get("format", "").lower()
    if not name:
        return None
    fmt = rdf_formats.BY_SUFFIX.get(name)
    if fmt is None:
        abort(400, description=i18n.gettext("Unknown format; use ttl, jsonld, nt or rdf."))
    return fmt


def _rdf(iri: str, fmt: RdfFormat) -> Response:
    graph = rdf_formats.resource_graph(get_generation().store, iri)
    response = Response(rdf_formats.serialize(graph, fmt), mimetype=fmt.media_type)
    response.headers["Content-Type"] = f"{fmt.media_type}; charset=utf-8"
    response.vary.add("Accept")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _answer(iri: str, fmt: RdfFormat | None, alternates: dict[str, str]) -> ResponseReturnValue:
    generation = get_generation()
    store = generation.store
    if not resources.exists(store, iri):
        abort(404, description=i18n.gettext("The graph says nothing about this resource."))
    chosen = fmt or rdf_formats.negotiate(request.headers.get("Accept"))
    if chosen is not None:
        return _rdf(iri, chosen)
    lang = i18n.current_language()
    vocabulary = cached(("vocabulary",), lambda: vocabulary_labels(store))
    description = resources.describe(store, iri, lang, vocabulary)
    if description is None:
        abort(404)
    sections = resource_sections.sections(generation, description, lang)
    if sections.network:
        for node in sections.network["nodes"]:
            node["href"] = resource_url(node["id"])
    response = Response(
        render_template(
            "pages/resource.html",
            d=description,
            sections=sections,
            alternates=alternates,
            json_ld=schema_org(description),
            doc_titles={s.iri: s.title or s.name or s.iri for s in description.sources},
            fact_name=lambda predicate: term_label(predicate, lang, vocabulary),
        )
    )
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f'<{href}>; rel="alternate"; type="{rdf_formats.BY_SUFFIX[suffix].media_type}"'
        for suffix, href in alternates.items()
    )
    return response


@bp.get("/id/<path:key>")
def view(key: str) -> ResponseReturnValue:
    base = iri_base()
    if base is None:
        abort(404)
    stem, fmt = rdf_formats.split_suffix(key)
    if not _valid(stem):
        abort(404)
    alternates = {f.suffix: url_for("resource.view", key=f"{stem}.{f.suffix}") for f in rdf_formats.FORMATS}
    return _answer(f"{base}id/{stem}", fmt or _format_param(), alternates)


@bp.get("/resource")
def other() -> ResponseReturnValue:
    iri = request.args.get("iri", "").strip()
    if not iri or not _valid(iri):
        abort(400, description=i18n.gettext("Give the IRI of a resource, e.g. /resource?iri=https://…"))
    alternates = {f.suffix: url_for("resource.other", iri=iri, format=f.suffix) for f in rdf_formats.FORMATS}
    return _answer(iri, _format_param(), alternates)
