"""Provenance of facts: the source documents (named graphs) holding statements about a resource and
the evidence nodes quoting where each fact was found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from kg.store import Store


@dataclass(frozen=True)
class Quote:
    """The evidence for one fact: the words in the source document, or the record field."""

    text: str
    document: str | None
    predicate: str | None = None
    object: str | None = None
    start: int | None = None
    end: int | None = None
    field: str | None = None
    confidence: float | None = None
    score: float | None = None
    extractor: str | None = None
    suggested: bool = False


@dataclass(frozen=True)
class Source:
    iri: str
    title: str | None
    url: str | None  # the original page (http or https only)
    name: str | None  # the source as recorded (URL or file name)
    language: str | None
    kind: str | None  # document-kinds concept IRI


CG = "https://w3id.org/civicgraph/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SUBJECT = ox.NamedNode(RDF + "subject")
_EVIDENCE = ox.NamedNode(CG + "Evidence")
_TYPE = ox.NamedNode(RDF + "type")


def _text(term: object) -> str:
    return str(term.value) if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def evidence(store: Store, subject: URIRef) -> list[Quote]:
    """The evidence nodes naming ``subject`` (``rdf:subject``), ordered by document and position.

    Direct index look-ups, not SPARQL: Oxigraph applied the bound subject of the equivalent query
    only after matching every evidence node of the store.
    """
    out: list[Quote] = []
    seen: set[str] = set()
    for link in store.ox.quads_for_pattern(None, _SUBJECT, ox.NamedNode(str(subject)), None):
        node, graph = link.subject, link.graph_name
        if str(node) in seen or not isinstance(node, ox.NamedNode | ox.BlankNode):
            continue
        seen.add(str(node))
        values: dict[str, str] = {}
        typed = False
        for quad in store.ox.quads_for_pattern(node, None, None, graph):
            predicate = quad.predicate.value
            typed = typed or (predicate == _TYPE.value and quad.object == _EVIDENCE)
            values.setdefault(predicate, _text(quad.object))
        if not typed:
            continue
        out.append(
            Quote(
                text=values.get(CG + "quote", ""),
                document=_text(graph) if isinstance(graph, ox.NamedNode) else None,
                predicate=values.get(RDF + "predicate"),
                object=values.get(RDF + "object"),
                start=_int(values.get(CG + "spanStart")),
                end=_int(values.get(CG + "spanEnd")),
                field=values.get(CG + "sourceField"),
                confidence=_float(values.get(CG + "confidence")),
                score=_float(values.get(CG + "score")),
                extractor=values.get(CG + "extractor"),
                suggested=CG + "suggestedBy" in values,
            )
        )
    out.sort(key=lambda q: (q.document or "", q.start if q.start is not None else -1, q.text))
    return out


def _int(value: object) -> int | None:
    try:
        return None if value is None else int(str(value))
    except ValueError:
        return None


def _float(value: object) -> float | None:
    try:
        return None if value is None else float(str(value))
    except ValueError:
        return None


def http_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL (the only links pages make to the outside), else None."""
    text = str(value or "").strip()
    lowered = text.lower()
    if lowered.startswith(("http://", "https://")) and not any(c in text for c in " \n\r\t<>\"'`"):
        return text
    return None


DCT = "http://purl.org/dc/terms/"
_DOCUMENT = ox.NamedNode(CG + "SourceDocument")
_DOC_FIELDS = {"title": DCT + "title", "source": DCT + "source", "language": DCT + "language",
               "kind": CG + "documentKind"}  # fmt: skip


def sources(store: Store, graphs: Iterable[str]) -> list[Source]:
    """The source documents among ``graphs`` (the named graphs stating something about a resource):
    title, original URL (http or https only), source as recorded, language, kind; by title."""
    out: list[Source] = []
    for graph in sorted(set(graphs)):
        if not graph:
            continue
        node = ox.NamedNode(graph)
        if next(iter(store.ox.quads_for_pattern(node, _TYPE, _DOCUMENT, None)), None) is None:
            continue  # a vocabulary graph (ontology, tags, countries), not a document
        found: dict[str, object] = {}
        for key, predicate in _DOC_FIELDS.items():
            quad = next(iter(store.ox.quads_for_pattern(node, ox.NamedNode(predicate), None, None)), None)
            found[key] = quad.object if quad is not None else None
        source = found["source"]
        out.append(
            Source(
                iri=graph,
                title=_text(found["title"]) if found["title"] is not None else None,
                url=http_url(_text(source)) if source is not None else None,
                name=_text(source) if source is not None else None,
                language=_text(found["language"]) if found["language"] is not None else None,
                kind=_text(found["kind"]) if found["kind"] is not None else None,
            )
        )
    out.sort(key=lambda s: ((s.title or s.name or s.iri).casefold(), s.iri))
    return out
