"""The civicgraph data model: OWL terms, SHACL shapes, shipped SKOS schemes and countries.

Static vocabulary IRIs do not depend on where a store is served (unlike data IRIs minted by
``kg.iris.Minter``):

- ontology terms ``https://w3id.org/civicgraph/ns#Term`` (``ontology.namespace.CG``)
- shipped schemes ``https://w3id.org/civicgraph/scheme/{key}`` and their concepts
  ``https://w3id.org/civicgraph/scheme/{key}/{notation}`` (topics, funds, funding-roles,
  document-kinds, countries)
- countries ``https://w3id.org/civicgraph/country/{alpha-2}``

The store loads :func:`static_graphs` into their own named graphs.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from ontology.countries import countries_graph
from ontology.namespace import CG

VOCAB_BASE = "https://w3id.org/civicgraph/"
ONTOLOGY_NS = "https://w3id.org/civicgraph/ns#"
ONTOLOGY_IRI = URIRef("https://w3id.org/civicgraph/ns")
SCHEME_BASE = VOCAB_BASE + "scheme/"

#: Named graphs of the static vocabularies in the store.
ONTOLOGY_GRAPH = URIRef(VOCAB_BASE + "graph/ontology")
TAGS_GRAPH = URIRef(VOCAB_BASE + "graph/tags")
COUNTRIES_GRAPH = URIRef(VOCAB_BASE + "graph/countries")

#: Scheme keys whose concepts ship with civicgraph (ontology/tags.ttl, ontology/countries.py).
SHIPPED_SCHEMES = frozenset({"topics", "funds", "funding-roles", "document-kinds", "countries"})

__all__ = [
    "CG",
    "COUNTRIES_GRAPH",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "ONTOLOGY_NS",
    "SCHEME_BASE",
    "SHIPPED_SCHEMES",
    "TAGS_GRAPH",
    "VOCAB_BASE",
    "concept_iri",
    "ontology_graph",
    "org_class",
    "org_type_classes",
    "read_text",
    "scheme_iri",
    "shapes_graph",
    "static_graphs",
    "tags_graph",
]


def read_text(name: str) -> str:
    """The text of a file shipped in the ``ontology`` package (e.g. ``"shapes.ttl"``)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _parse(name: str, identifier: URIRef | None = None) -> Graph:
    graph = Graph(identifier=identifier)
    graph.parse(data=read_text(name), format="turtle")
    return graph


def ontology_graph() -> Graph:
    """``civicgraph.ttl`` as a graph named :data:`ONTOLOGY_GRAPH` (a fresh copy each call)."""
    return _parse("civicgraph.ttl", ONTOLOGY_GRAPH)


def tags_graph() -> Graph:
    """``tags.ttl`` (shipped SKOS schemes) as a graph named :data:`TAGS_GRAPH`."""
    return _parse("tags.ttl", TAGS_GRAPH)


def shapes_graph() -> Graph:
    """``shapes.ttl`` (SHACL shapes); not loaded into the store, used by ``kg.validate``."""
    return _parse("shapes.ttl")


def static_graphs() -> dict[str, Graph]:
    """Graph IRI → graph for every static vocabulary the store keeps in its own named graph."""
    return {
        str(ONTOLOGY_GRAPH): ontology_graph(),
        str(TAGS_GRAPH): tags_graph(),
        str(COUNTRIES_GRAPH): countries_graph(COUNTRIES_GRAPH),
    }


def scheme_iri(key: str) -> URIRef:
    """The IRI of a shipped scheme (``"topics"``, ``"funds"`` ...); ValueError otherwise."""
    if key not in SHIPPED_SCHEMES:
        raise ValueError(f"{key!r} is not a shipped scheme (one of {sorted(SHIPPED_SCHEMES)})")
    return URIRef(SCHEME_BASE + key)


def concept_iri(scheme: str, notation: str) -> URIRef:
    """The IRI of a concept of a shipped scheme from its notation (not checked to exist)."""
    if scheme == "countries":
        raise ValueError("countries: use ontology.countries.country_iri")
    return URIRef(f"{scheme_iri(scheme)}/{notation.replace('+', '-PLUS')}")


@lru_cache(maxsize=1)
def org_type_classes() -> dict[str, URIRef]:
    """ORG_TYPES key (``"municipality"`` ...) → ontology class, read from the classes' notations.

    ``"other"`` (and any key without a class) maps to ``org:Organization`` in :func:`org_class`.
    """
    graph = ontology_graph()
    out: dict[str, URIRef] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        for notation in graph.objects(cls, SKOS.notation):
            if isinstance(cls, URIRef) and isinstance(notation, Literal):
                out[str(notation)] = cls
    return out


def org_class(type_key: str | None) -> URIRef | None:
    """The ontology class of a normalised organisation type, or None for "other"/unknown."""
    if not type_key:
        return None
    return org_type_classes().get(type_key)
