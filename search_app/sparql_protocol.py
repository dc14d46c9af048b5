"""The SPARQL 1.1 Protocol's request side: operation, dataset parameters, content negotiation.

Kept apart from the view so the rules are plain functions with table-driven tests. Negotiation uses
the lookup tables of :mod:`kg.sparql_results` (media type ↔ format), as rdflib-endpoint does.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import MIMEAccept

from kg.sparql_results import GRAPH_FORMATS, RESULT_FORMATS

HTML = "text/html"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*$")


class ProtocolError(Exception):
    """The request does not follow the protocol (or asks what this endpoint refuses)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None


def parse_params(raw: bytes) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` → pairs; 400 unless every value is UTF-8."""
    pairs: list[tuple[str, str]] = []
    for part in raw.split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        try:
            pairs.append(
                (
                    unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8"),
                    unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8"),
                )
            )
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request's parameters are not valid UTF-8") from None
    return pairs


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


def _graphs(pairs: list[tuple[str, str]], name: str) -> list[str]:
    out = _values(pairs, name)
    for iri in out:
        if not _IRI.match(iri):
            raise ProtocolError(400, f"{name}: {iri!r} is not an absolute IRI")
    return out


def parse_request(method: str, content_type: str | None, query_string: bytes, body: bytes) -> ProtocolRequest:
    """The protocol operation of a request to /sparql (see the SPARQL 1.1 Protocol, section 2.1)."""
    url = parse_params(query_string)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    charset = re.search(r"charset\s*=\s*\"?([\w.-]+)", content_type or "", re.IGNORECASE)
    if method in ("GET", "HEAD"):
        params, direct = url, None
    elif method == "POST":
        if mime == UPDATE or _values(url, "update"):
            raise ProtocolError(403, "this SPARQL endpoint is read-only: updates are not accepted")
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"the request body must be UTF-8, not {charset.group(1)}")
        if mime == FORM:
            body_params = parse_params(body)
            if _values(url, "query"):
                raise ProtocolError(400, "a form POST carries the query in its body, not in the URL")
            params, direct = body_params + [(k, v) for k, v in url if k != "query"], None
        elif mime == DIRECT:
            if _values(url, "query"):
                raise ProtocolError(400, "a direct POST carries the query as its body, not in the URL")
            try:
                direct = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not valid UTF-8") from None
            params = url
        elif not mime:  # a body that does not say what it is: a malformed request (400, not 415)
            raise ProtocolError(400, f"POST needs a Content-Type header: {FORM} or {DIRECT}")
        else:
            raise ProtocolError(415, f"POST needs Content-Type {FORM} or {DIRECT}, not {mime}")
    else:
        raise ProtocolError(405, f"{method} is not supported: use GET or POST")
    if _values(params, "update"):
        raise ProtocolError(403, "this SPARQL endpoint is read-only: updates are not accepted")
    queries = _values(params, "query")
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query parameter: send one query per request")
    query = direct if direct is not None else (queries[0] if queries else None)
    if query is None and method == "POST":  # only GET without a query answers with the description
        raise ProtocolError(
            400, f"the POST carries no query: send a form with a query parameter, or {DIRECT}"
        )
    defaults, named = _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri")
    use_dataset = bool(defaults or named)
    formats = _values(params, "format")
    return ProtocolRequest(
        query=query,
        default_graphs=tuple(defaults) if use_dataset else None,
        named_graphs=tuple(named) if use_dataset else None,
        format=formats[0] if formats else None,
    )


# -- negotiation -------------------------------------------------------------------------------------

RESULT_OFFERS: dict[str, str] = {m: f.name for f in RESULT_FORMATS for m in (f.media_type, *f.aliases)}
GRAPH_OFFERS: dict[str, str] = {m: f.name for f in GRAPH_FORMATS for m in (f.media_type, *f.aliases)}
#: The results formats that define a boolean (ASK) result: JSON and XML (CSV and TSV do not).
BOOLEAN_OFFERS: dict[str, str] = {m: name for m, name in RESULT_OFFERS.items() if name in ("json", "xml")}


@dataclass(frozen=True)
class Negotiated:
    result: str | None  # format name for SELECT / ASK
    graph: str | None  # format name for CONSTRUCT / DESCRIBE
    html: bool  # the client prefers the HTML page


def _pick(offers: dict[str, str], accept: MIMEAccept | None, html: bool) -> tuple[str | None, bool]:
    if accept is None or not accept.values():
        return next(iter(offers.values())), False
    candidates = list(offers) + ([HTML] if html else [])
    best = accept.best_match(candidates)
    if best is None:
        return None, False
    if best == HTML:
        return None, True
    return offers[best], False


#: ``format=`` names → (results format, graph format); media types are accepted too.
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "nt": (None, "nt"),
    "n-triples": (None, "nt"),
    "ntriples": (None, "nt"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
}


def negotiate(accept: MIMEAccept | None, form: str | None, format_param: str | None) -> Negotiated:
    """The result and graph formats the client gets (a ``format`` parameter overrides Accept)."""
    if format_param:
        name = format_param.strip().lower()
        if name == "html":
            return Negotiated("json", "turtle", True)
        if name in FORMAT_PARAM:
            result, graph = FORMAT_PARAM[name]
        else:
            result, graph = RESULT_OFFERS.get(name), GRAPH_OFFERS.get(name)
        if result is None and graph is None:
            known = sorted({*FORMAT_PARAM, "html"})
            raise ProtocolError(400, f"format: unknown format {format_param!r} (one of {', '.join(known)})")
        return Negotiated(result, graph, False)
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    result, html_r = _pick(BOOLEAN_OFFERS if form == "ASK" else RESULT_OFFERS, accept, html=True)
    if form == "ASK" and result is None and not html_r:  # CSV/TSV define no boolean: a last resort
        result, html_r = _pick(RESULT_OFFERS, accept, html=True)
    graph, html_g = _pick(GRAPH_OFFERS, accept, html=True)
    html = html_g if graph_form else html_r
    if html:
        return Negotiated("json", "turtle", True)
    return Negotiated(result, graph, False)


# -- per-client concurrency ----------------------------------------------------------------------------


class ClientSlots:
    """At most ``limit`` requests in flight per client key."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._busy: dict[str, int] = {}

    @contextmanager
    def hold(self, client: str) -> Iterator[None]:
        with self._lock:
            if self._busy.get(client, 0) >= self.limit:
                raise ProtocolError(
                    429, f"too many concurrent queries from {client} (the limit is {self.limit}); retry later"
                )
            self._busy[client] = self._busy.get(client, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._busy[client] - 1
                if left:
                    self._busy[client] = left
                else:
                    del self._busy[client]
