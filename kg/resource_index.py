"""Direct index look-ups for resource pages: a node's statements with the graphs stating them, and
the names and types of the nodes a page links to.

Not SPARQL on purpose: Oxigraph applied a bound variable (``substitutions``) only after evaluating
queries of these shapes, which made them scan the whole store; and the union default graph repeats
a statement once per document graph that holds it, which these look-ups fold into sets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.rdf_formats import to_rdflib
from kg.resource_names import pick
from kg.store import Store
from kg.vocab_labels import DCT, FOAF, RDF, RDFS, SKOS

_INFO_RANK = {"pref": 0, "title": 0, "name": 0, "rdfs": 1, "notation": 2}


@dataclass
class NodeInfo:
    """What the store says a linked node is: its types, and its names by rank and language."""

    types: set[str] = field(default_factory=set)
    names: dict[int, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, info: str, value: object) -> None:
        if isinstance(value, Literal):
            self.add_name(info, str(value), value.language or "")
        elif info == "type":
            self.types.add(str(value))

    def add_name(self, info: str, text: str, lang: str) -> None:
        if info in _INFO_RANK:
            names = self.names[_INFO_RANK[info]]
            if lang not in names or text < names[lang]:  # the same choice whatever the store's order
                names[lang] = text

    def label(self, lang: str) -> str | None:
        for rank in sorted(self.names):
            chosen = pick(self.names[rank], lang)
            if chosen:
                return chosen
        return None


#: What names and types a linked resource has: predicate → kind of information.
INFO_PREDICATES = {
    RDF + "type": "type",
    SKOS + "prefLabel": "pref",
    DCT + "title": "title",
    FOAF + "name": "name",
    RDFS + "label": "rdfs",
    SKOS + "notation": "notation",
}


def statements(store: Store, subject: URIRef | BNode) -> dict[tuple[str, Identifier], set[str]]:
    """(predicate, object) → the named graphs (source documents) stating it, for one subject.

    A direct index scan: the same statement held by many document graphs is read once per graph
    but converted once (a tag used by 400 records states its name 400 times).
    """
    node = ox.BlankNode(str(subject)) if isinstance(subject, BNode) else ox.NamedNode(str(subject))
    raw: dict[tuple[str, object], set[str]] = defaultdict(set)
    for quad in store.ox.quads_for_pattern(node, None, None, None):
        graph = quad.graph_name
        raw[(quad.predicate.value, quad.object)].add(graph.value if isinstance(graph, ox.NamedNode) else "")
    return {(predicate, to_rdflib(obj)): graphs for (predicate, obj), graphs in raw.items()}


def node_info(store: Store, objects: Iterable[Identifier]) -> dict[str, NodeInfo]:
    """Types and names of the resources a page links to (IRI → what the store says).

    Direct index look-ups (six per object) rather than a SPARQL query: Oxigraph applies a bound
    variable only after evaluating a query of this shape, which made it scan the whole store.
    """
    infos: dict[str, NodeInfo] = {}
    for obj in objects:
        if isinstance(obj, Literal) or str(obj) in infos:
            continue
        node = ox.BlankNode(str(obj)) if isinstance(obj, BNode) else ox.NamedNode(str(obj))
        info = NodeInfo()
        for predicate, kind in INFO_PREDICATES.items():
            for quad in store.ox.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
                value = quad.object
                if isinstance(value, ox.Literal):
                    info.add_name(kind, value.value, value.language or "")
                elif kind == "type" and isinstance(value, ox.NamedNode):
                    info.types.add(value.value)
        infos[str(obj)] = info
    return infos
