"""``/sparql`` (SPARQL 1.1 Protocol, read-only), ``/.well-known/void`` and ``/dumps/...``.

A query is checked by :mod:`kg.sparql_guard` (length, nesting, SERVICE, updates) and evaluated in a
killable worker (:mod:`kg.sparql_worker`) within ``sparql_timeout``; the app itself never writes
and never evaluates user SPARQL in its own process. Errors are ``text/plain`` with the reason.
"""

from __future__ import annotations

import atexit
import json
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from jinja2 import TemplateNotFound

from kg import dumps, rdf_formats
from kg import void as void_mod
from kg.layout import Layout
from kg.settings import Settings
from kg.sparql_examples import examples
from kg.sparql_guard import CheckedQuery, QueryRefused, check
from kg.sparql_pool import PoolBusy, PoolError, WorkerPool
from kg.sparql_results import GRAPH_BY_NAME, RESULT_BY_NAME, content_type
from kg.sparql_worker import Answer, Job
from search_app import assets
from search_app.db import get_generation, get_settings
from search_app.sparql_protocol import ClientSlots, ProtocolError, ProtocolRequest, negotiate, parse_request

bp = Blueprint("sparql", __name__)
METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]
PAGE_ROWS = 500  # rows shown in the HTML table (the formats give them all)
EXPOSED = "X-SPARQL-Truncated, X-SPARQL-Rows, X-SPARQL-Max-Rows, Retry-After, Server-Timing"
EDITOR_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


class SparqlService:
    """The app's query workers and per-client slots (one per app)."""

    def __init__(self, settings: Settings) -> None:
        self.pool = WorkerPool(int(settings.sparql_workers))
        self.slots = ClientSlots(int(settings.sparql_per_client))

    def close(self) -> None:
        self.pool.close()


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    app = state.app
    service = SparqlService(app.config["CIVICGRAPH"])
    app.extensions["civicgraph.sparql"] = service
    atexit.register(service.close)


def service() -> SparqlService:
    found: SparqlService = current_app.extensions["civicgraph.sparql"]
    return found


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    response.vary.add("Accept")
    return response


def _text(status: int, message: str, **headers: str) -> Response:
    response = Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    response.headers.update(headers)
    return response


def _client() -> str:
    return request.remote_addr or "unknown"


# -- /sparql -------------------------------------------------------------------------------------------


@bp.route("/sparql/", methods=METHODS)  # the form the W3C protocol tests write (``/sparql/?query=``)
@bp.route("/sparql", methods=METHODS)
def endpoint() -> ResponseReturnValue:
    if request.method == "OPTIONS":
        return _preflight()
    try:
        body = request.get_data(cache=False) if request.method == "POST" else b""
        proto = parse_request(request.method, request.content_type, request.query_string, body)
    except ProtocolError as exc:
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"} if exc.status == 405 else {}
        return _text(exc.status, exc.message, **headers)
    if proto.query is None:
        return _describe()
    settings = get_settings()
    try:
        checked = check(proto.query, settings)
        wanted = negotiate(
            request.accept_mimetypes if request.headers.get("Accept") else None, checked.form, proto.format
        )
    except (QueryRefused, ProtocolError) as exc:
        return _text(exc.status, exc.message)
    if wanted.html:
        return _editor(proto.query, _run_for_page(checked, proto, settings))
    if (wanted.graph if checked.returns_graph else wanted.result) is None and checked.form is not None:
        offered = "RDF formats" if checked.returns_graph else "SPARQL results formats"
        return _text(
            406, f"a {checked.form} query answers in {offered}; the requested ones (Accept, format) are not"
        )
    try:
        answer = _run(checked, proto, settings, wanted.result, wanted.graph)
    except ProtocolError as exc:
        return _text(exc.status, exc.message, **({"Retry-After": "1"} if exc.status == 429 else {}))
    except PoolError as exc:
        return _text(exc.status, str(exc), **({"Retry-After": "2"} if isinstance(exc, PoolBusy) else {}))
    return _answer_response(answer, settings)


def _run(
    checked: CheckedQuery, proto: ProtocolRequest, settings: Settings, result: str | None, graph: str | None
) -> Answer:
    generation = get_generation()
    snapshot = Layout(settings.data_path).snapshot_dir(generation.number) if generation.number else None
    job = Job(
        checked=checked,
        generation=generation.number,
        snapshot=str(snapshot) if snapshot else None,
        index_dir=str(generation.index_dir) if generation.index_dir else None,
        settings=dict(settings.values),
        result_format=result,
        graph_format=graph,
        max_rows=int(settings.sparql_max_rows),
        default_graphs=proto.default_graphs,
        named_graphs=proto.named_graphs,
        base_iri=str(void_mod.void_iris(str(settings.base_url))["endpoint"]),
    )
    with service().slots.hold(_client()):
        return service().pool.run(job, float(settings.sparql_timeout))


def _answer_response(answer: Answer, settings: Settings) -> Response:
    if answer.status != 200:
        return _text(answer.status, answer.message)
    fmt = answer.format or ""
    media = GRAPH_BY_NAME[fmt].media_type if answer.kind == "graph" else RESULT_BY_NAME[fmt].media_type
    response = Response(answer.body, content_type=content_type(media))
    response.headers["X-SPARQL-Rows"] = str(answer.rows)
    response.headers["Server-Timing"] = f"evaluate;dur={answer.seconds * 1000:.1f}"
    if answer.truncated:
        response.headers["X-SPARQL-Truncated"] = "true"
        response.headers["X-SPARQL-Max-Rows"] = str(settings.sparql_max_rows)
    return response


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Allow"] = "GET, HEAD, POST, OPTIONS"
    return response


def _description_format() -> rdf_formats.RdfFormat | None:
    """The Service Description's RDF format, or None when the client (a browser) prefers the editor.

    No ``Accept`` or one without ``text/html`` (e.g. ``*/*``) gets Turtle. An RDF type the client names
    as high as ``text/html`` wins the tie here (an RDF client that also reads RDFa), unlike on pages.
    """
    accept = request.headers.get("Accept")
    if not accept:
        return rdf_formats.BY_SUFFIX["ttl"]
    fmt = rdf_formats.negotiate(accept)
    if fmt is not None:
        return fmt
    entries = [(value.lower(), q) for value, q in request.accept_mimetypes]
    html = max((q for value, q in entries if value == rdf_formats.HTML), default=0.0)
    named = [(q, -i, value) for i, (value, q) in enumerate(entries) if value in rdf_formats.BY_MEDIA_TYPE]
    best = max(named, default=None)
    if best is not None and best[0] > 0 and best[0] >= html:
        return rdf_formats.BY_MEDIA_TYPE[best[2]]
    return None if html > 0 else rdf_formats.BY_SUFFIX["ttl"]


def _describe() -> Response:
    """GET without a query: the Service Description, or the editor for a browser."""
    fmt = _description_format()
    if fmt is None:
        return _editor(None, None)
    settings = get_settings()
    limits = {
        "time limit (s)": settings.sparql_timeout,
        "row cap": settings.sparql_max_rows,
        "longest query (characters)": settings.sparql_max_query_chars,
        "deepest nesting": settings.sparql_max_depth,
        "concurrent queries per client": settings.sparql_per_client,
    }
    graph = void_mod.service_description(request.base_url, str(settings.base_url), limits)
    return Response(rdf_formats.serialize(graph, fmt), content_type=content_type(fmt.media_type))


# -- the editor page ------------------------------------------------------------------------------------


def _run_for_page(checked: CheckedQuery, proto: ProtocolRequest, settings: Settings) -> dict[str, Any]:
    """Evaluate for the HTML page: a table (SELECT), a yes/no (ASK) or Turtle text (graphs)."""
    try:
        answer = _run(checked, proto, settings, "json", "turtle")
    except (ProtocolError, PoolError) as exc:
        return {"error": getattr(exc, "message", None) or str(exc)}
    if answer.status != 200:
        return {"error": answer.message}
    out: dict[str, Any] = {
        "rows": answer.rows,
        "truncated": answer.truncated,
        "max_rows": settings.sparql_max_rows,
    }
    if answer.kind == "graph":
        out["text"] = answer.body.decode("utf-8")
    else:
        data = json.loads(answer.body)
        if "boolean" in data:
            out["boolean"] = data["boolean"]
        else:
            out["vars"] = data["head"]["vars"]
            out["bindings"] = data["results"]["bindings"][:PAGE_ROWS]
            out["shown"] = len(out["bindings"])
    return out


def _layout() -> str:
    """The site's base layout when the site provides one, else a standalone page."""
    try:
        current_app.jinja_env.get_template("base.html")
    except TemplateNotFound:
        return "sparql/standalone.html"
    return "base.html"


#: Prefixes written at the top of a new editor tab (the vocabularies the data uses).
EDITOR_PREFIXES: dict[str, str] = {
    **rdf_formats.PREFIXES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "topics": "https://w3id.org/civicgraph/scheme/topics/",
    "funds": "https://w3id.org/civicgraph/scheme/funds/",
    "country": "https://w3id.org/civicgraph/country/",
}


def default_query() -> str:
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in sorted(EDITOR_PREFIXES.items())]
    return "\n".join(
        [
            *lines,
            "",
            "SELECT * WHERE {",
            "  ?practice a cg:GoodPractice ; dct:title ?title .",
            "}",
            "LIMIT 20",
        ]
    )


def _editor(query: str | None, result: dict[str, Any] | None) -> Response:
    shown = examples()
    extra: dict[str, Any] = {}
    if "_" not in current_app.jinja_env.globals:  # no translations installed: show the English text
        extra["_"] = lambda text, **values: text % values if values else text
    html = render_template(
        "sparql/editor.html",
        examples=shown,
        examples_json=[
            {"name": e.name, "title": e.title, "description": e.description, "query": e.text} for e in shown
        ],
        query=query if query is not None else (shown[0].text if shown else default_query()),
        default_query=default_query(),
        result=result,
        endpoint=url_for("sparql.endpoint"),
        yasgui=assets.available("yasgui/yasgui.min.js") and assets.available("yasgui/yasgui.min.css"),
        settings=get_settings(),
        active="sparql",
        layout=_layout(),
        **extra,
    )
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = EDITOR_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# -- Linked Data: VoID and dumps --------------------------------------------------------------------------


@bp.get("/.well-known/void")
def void() -> ResponseReturnValue:
    generation = get_generation()
    etag = f"g{generation.number}"
    accept = request.headers.get("Accept")
    fmt = (rdf_formats.negotiate(accept) if accept else None) or rdf_formats.BY_SUFFIX["ttl"]
    if request.if_none_match.contains(etag + "-" + fmt.suffix):
        return Response(status=304)
    stats: void_mod.VoidStats = generation.resource("void")
    graph = void_mod.void_graph(stats, str(get_settings().base_url))
    response = Response(rdf_formats.serialize(graph, fmt), content_type=content_type(fmt.media_type))
    response.set_etag(etag + "-" + fmt.suffix)
    return response


@bp.get("/dumps/<name>")
def dump(name: str) -> ResponseReturnValue:
    if name not in void_mod.DUMPS:
        return _text(404, f"no dump named {name!r}; see /.well-known/void for the dumps")
    generation = get_generation()
    etag = f"g{generation.number}-{name}"
    if request.if_none_match.contains(etag):
        return Response(status=304)
    store = generation.store.ox
    if name.endswith(".gz"):
        body, media = dumps.nquads_gzip(store), "application/gzip"
    else:
        body, media = dumps.turtle(store), "text/turtle; charset=utf-8"
    response = Response(body, content_type=media, direct_passthrough=True)
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.set_etag(etag)
    return response
