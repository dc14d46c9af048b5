"""Find a shipped SKOS concept (topics, funds, funding roles, document kinds) by notation or label.

Labels are matched in every language and against ``skos:altLabel`` too, ignoring case, accents
and punctuation, so ``"Europos regioninės plėtros fondas"``, ``"ERDF"`` and ``"erdf"`` all find
the ERDF concept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ontology import SCHEME_BASE, tags_graph


def fold_label(text: str) -> str:
    """Comparison form of a label: lower case, no accents, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w+]+", " ", stripped.casefold()).split())


@dataclass
class SchemeIndex:
    iri: URIRef
    by_notation: dict[str, URIRef] = field(default_factory=dict)
    by_label: dict[str, URIRef] = field(default_factory=dict)


def build_index(graph: Graph) -> dict[str, SchemeIndex]:
    """Scheme key (its notation, or the last IRI segment) → index of its concepts."""
    schemes: dict[URIRef, SchemeIndex] = {}
    for scheme in graph.subjects(predicate=None, object=SKOS.ConceptScheme):
        if isinstance(scheme, URIRef):
            schemes[scheme] = SchemeIndex(scheme)
    members = sorted(
        (c, s)
        for c, s in graph.subject_objects(SKOS.inScheme)
        if isinstance(c, URIRef) and isinstance(s, URIRef)
    )
    for concept, scheme in members:
        index = schemes.get(scheme)
        if index is None:
            continue
        for notation in graph.objects(concept, SKOS.notation):
            index.by_notation[str(notation).casefold()] = concept
        # prefLabels win over altLabels when two concepts share a folded label.
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            labels = sorted(str(o) for o in graph.objects(concept, prop) if isinstance(o, Literal))
            for label in labels:
                index.by_label.setdefault(fold_label(label), concept)
    out: dict[str, SchemeIndex] = {}
    for scheme, index in schemes.items():
        notations = list(graph.objects(scheme, SKOS.notation))
        key = str(notations[0]) if notations else str(scheme).rsplit("/", 1)[-1]
        out[key] = index
    return out


@lru_cache(maxsize=1)
def shipped_index() -> dict[str, SchemeIndex]:
    return build_index(tags_graph())


def lookup(scheme: str, text: str | None) -> URIRef | None:
    """The shipped concept of ``scheme`` whose notation or any label is ``text``, else None."""
    if not text or not text.strip():
        return None
    index = shipped_index().get(scheme)
    if index is None:
        return None
    found = index.by_notation.get(text.strip().casefold())
    return found or index.by_label.get(fold_label(text))


def is_shipped_scheme_iri(iri: str) -> bool:
    return iri.startswith(SCHEME_BASE)
