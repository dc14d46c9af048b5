"""Resource IRIs as RDF: the formats a resource answers in (by ``Accept`` or a file suffix) and the
statements served (its concise bounded description: every statement about it, across all source
documents, plus the blank nodes they lead to).

Negotiation is a lookup table (as in rdflib-endpoint): media type ↔ suffix ↔ rdflib serializer;
``text/html`` is offered too so browsers get the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.store import Store

HTML = "text/html"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class RdfFormat:
    name: str
    media_type: str
    suffix: str
    serializer: str  # rdflib format name
    aliases: tuple[str, ...] = ()


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("Turtle", "text/turtle", "ttl", "turtle", ("application/x-turtle",)),
    RdfFormat("JSON-LD", "application/ld+json", "jsonld", "json-ld"),
    RdfFormat("N-Triples", "application/n-triples", "nt", "nt", ("text/plain",)),
    RdfFormat("RDF/XML", "application/rdf+xml", "rdf", "xml", ("application/xml", "text/xml")),
)
BY_SUFFIX = {f.suffix: f for f in FORMATS}
BY_MEDIA_TYPE = {m: f for f in FORMATS for m in (f.media_type, *f.aliases)}

PREFIXES: dict[str, str] = {
    "cg": "https://w3id.org/civicgraph/ns#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _accept_ranges(accept: str) -> list[tuple[str, float, int]]:
    """``Accept`` → (media range, q, position), ignoring malformed parts."""
    out: list[tuple[str, float, int]] = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q, position))
    return out


def _quality(offer: str, ranges: list[tuple[str, float, int]]) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range matching ``offer``."""
    best: tuple[float, int, int] = (0.0, -1, 0)
    kind = offer.split("/", 1)[0]
    for media, q, position in ranges:
        if media == offer:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity, -position)
    return best


def negotiate(accept: str | None) -> RdfFormat | None:
    """The RDF format ``Accept`` prefers over HTML, or None for the HTML page.

    Missing or ``*/*`` → HTML; ties between HTML and an RDF type go to HTML; among RDF types the
    higher q, then the more specific range, then the earlier one wins.
    """
    if not accept or not accept.strip():
        return None
    ranges = _accept_ranges(accept)
    html = _quality(HTML, ranges)
    best: tuple[tuple[float, int, int], RdfFormat] | None = None
    for media, fmt in BY_MEDIA_TYPE.items():
        quality = _quality(media, ranges)
        if quality[0] <= 0 or quality[1] < 1:  # only an explicit RDF type (or type/*) asks for RDF
            continue
        if best is None or quality > best[0]:
            best = (quality, fmt)
    if best is None:
        return None
    if html[0] > 0 and (html[0], html[1]) >= (best[0][0], best[0][1]):
        return None
    return best[1]


def split_suffix(key: str) -> tuple[str, RdfFormat | None]:
    """``"practice/x.ttl"`` → (``"practice/x"``, Turtle); keys without a known suffix are unchanged."""
    stem, dot, suffix = key.rpartition(".")
    if dot and "/" not in suffix and suffix.lower() in BY_SUFFIX:
        return stem, BY_SUFFIX[suffix.lower()]
    return key, None


def to_rdflib(term: object) -> Identifier:
    """A pyoxigraph term as an rdflib term (plain strings without a datatype, as RDF 1.1 reads them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)  # a plain string (RDF 1.1: the same literal)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def resource_graph(store: Store, iri: str) -> Graph:
    """The concise bounded description of ``iri``: its statements and the blank nodes they reach."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    pending: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri)]
    seen: set[str] = set()
    while pending:
        subject = pending.pop()
        if str(subject) in seen:
            continue
        seen.add(str(subject))
        for quad in store.ox.quads_for_pattern(subject, None, None, None):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            if isinstance(quad.object, ox.BlankNode):
                pending.append(quad.object)
    return graph


def serialize(graph: Graph, fmt: RdfFormat) -> bytes:
    """``graph`` in ``fmt`` (JSON-LD compacted with the local prefixes; nothing is fetched)."""
    if fmt.serializer == "json-ld":
        data = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
        return data.encode("utf-8")
    out = graph.serialize(format=fmt.serializer, encoding="utf-8")
    return out if isinstance(out, bytes) else str(out).encode("utf-8")
