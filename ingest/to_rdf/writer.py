"""The building blocks of a document graph: safe adds, language-tagged text, PROV and evidence."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, SKOS
from rdflib.term import Node

from ingest.records import Evidence, ExtractedDocument, Place, Tag
from kg.iris import Minter
from ontology import scheme_iri
from ontology.concepts import lookup
from ontology.countries import country_code, country_iri, names
from ontology.namespace import CG
from ontology.values import decimal_literal, language_tag, text
from ontology.vcard import VCARD

PREFIXES = {
    "cg": CG._NS,
    "dct": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "prov": PROV,
    "schema": SDO,
    "skos": SKOS,
    "vcard": VCARD,
}


class GraphWriter:
    """Adds triples to one document's graph; every text literal gets a language tag."""

    def __init__(self, doc: ExtractedDocument, minter: Minter) -> None:
        self.doc = doc
        self.minter = minter
        self.doc_iri = minter.document(doc.source)
        self.graph = Graph(identifier=self.doc_iri)
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        self.lang = language_tag(doc.language)
        self.activity = minter.hashed("activity", doc.source, doc.content_hash)
        self.agent: URIRef | None = None
        self._derived: set[URIRef] = set()

    # -- adding ------------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: Node | None) -> None:
        """Add a triple; ``None`` objects (a value that could not be made a term) are skipped."""
        if o is not None:
            self.graph.add((s, p, o))

    def add_iri(self, s: URIRef, p: URIRef, o: URIRef | None) -> None:
        self.add(s, p, o)

    def text(self, value: str, lang: str | None = None) -> Literal:
        """A literal tagged with ``lang``, else the document's language (``und`` when unknown)."""
        return text(value.strip(), lang or self.lang)

    def add_text(self, s: URIRef, p: URIRef, value: str | None, lang: str | None = None) -> None:
        if value is not None and value.strip():
            self.graph.add((s, p, self.text(value, lang)))

    def add_texts(self, s: URIRef, p: URIRef, values: Iterable[str], lang: str | None = None) -> None:
        for value in values:
            self.add_text(s, p, value, lang)

    def add_country(self, s: URIRef, code_or_name: str | None) -> None:
        code = country_code(code_or_name)
        if code:
            self.graph.add((s, CG.country, country_iri(code)))

    @staticmethod
    def country_name(code: str) -> str:
        found = names(code)
        return found.labels["en"] if found else code

    # -- provenance ----------------------------------------------------------------------------

    def derived(self, entity: URIRef) -> None:
        """Mark ``entity`` as taken from this document (prov:wasDerivedFrom)."""
        if entity not in self._derived:
            self._derived.add(entity)
            self.graph.add((entity, PROV.wasDerivedFrom, self.doc_iri))

    def evidence(self, subject: URIRef, predicate: URIRef, obj: Node, items: Iterable[Evidence]) -> None:
        """One cg:Evidence node per :class:`Evidence` of the fact ``subject predicate obj``."""
        for ev in items:
            node = self.minter.hashed(
                "evidence",
                self.doc.source,
                str(subject),
                str(predicate),
                obj.n3(),
                str(ev.start),
                str(ev.end),
                ev.field or "",
                ev.extractor,
            )
            g = self.graph
            g.add((node, RDF.type, CG.Evidence))
            g.add((node, RDF.subject, subject))
            g.add((node, RDF.predicate, predicate))
            g.add((node, RDF.object, obj))
            if ev.start is not None and ev.start >= 0:
                g.add((node, CG.spanStart, Literal(ev.start)))
            if ev.end is not None and ev.end >= 0:
                g.add((node, CG.spanEnd, Literal(ev.end)))
            if ev.quote.strip():
                g.add((node, CG.quote, self.text(ev.quote)))
            confidence = min(max(ev.confidence, 0.0), 1.0)
            g.add((node, CG.confidence, decimal_literal(round(confidence, 4))))
            if ev.extractor:
                g.add((node, CG.extractor, Literal(ev.extractor)))
            if ev.field:
                g.add((node, CG.sourceField, Literal(ev.field)))
            g.add((node, PROV.wasGeneratedBy, self.activity))
            g.add((node, PROV.wasDerivedFrom, self.doc_iri))

    # -- tags and places ---------------------------------------------------------------------

    def _tag_on(self, item: URIRef, tag: Tag) -> None:
        concept = self.concept(tag)
        suggested = tag.suggested or tag.score is not None
        prop = CG.suggestedSubject if suggested else DCTERMS.subject
        self.add(item, prop, concept)
        if suggested:
            node = self.minter.hashed("evidence", self.doc.source, str(item), str(prop), str(concept))
            self.add(node, RDF.type, CG.Evidence)
            self.add(node, RDF.subject, item)
            self.add(node, RDF.predicate, prop)
            self.add(node, RDF.object, concept)
            if tag.score is not None:
                self.add(node, CG.score, decimal_literal(round(tag.score, 4)))
            self.add(node, CG.suggestedBy, self.agent)
            self.add(node, PROV.wasGeneratedBy, self.activity)
            self.add(node, PROV.wasDerivedFrom, self.doc_iri)
        self.evidence(item, prop, concept, tag.evidence)

    def concept(self, tag: Tag) -> URIRef:
        """The concept for a tag: a shipped concept when one matches, else one minted in its scheme."""
        shipped = tag.scheme in {"topics", "funds", "funding-roles", "document-kinds"}
        if shipped:
            found = lookup(tag.scheme, tag.notation) or lookup(tag.scheme, tag.label)
            if found is not None:
                return found
            scheme = scheme_iri(tag.scheme)
        else:
            scheme = self.minter.iri("scheme", tag.scheme)
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.add(scheme, SKOS.notation, Literal(tag.scheme))
            self.add_text(scheme, SKOS.prefLabel, tag.scheme.replace("-", " "), "en")
        iri = self.minter.iri("tag", tag.scheme, tag.notation or tag.label)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme)
        if tag.notation:
            self.add(iri, SKOS.notation, Literal(tag.notation))
        self.add_text(iri, SKOS.prefLabel, tag.label, tag.lang)
        self.add_text(iri, RDFS.label, tag.label, tag.lang)
        if tag.scheme != "topics":
            self.add(iri, SKOS.exactMatch, lookup("topics", tag.label))
        self.derived(iri)
        return iri

    def _place_on(self, item: URIRef, place: Place) -> None:
        if place.kind == "country":
            code = country_code(place.name) or country_code(place.country)
            if code:
                self.add(item, DCTERMS.spatial, country_iri(code))
                self.evidence(item, DCTERMS.spatial, country_iri(code), place.evidence)
                return
        iri = self.minter.iri("place", place.country or "xx", place.kind, place.name)
        self.add(iri, RDF.type, CG.Place)
        self.add(iri, RDF.type, DCTERMS.Location)
        self.add_text(iri, SKOS.prefLabel, place.name, place.lang)
        self.add_text(iri, RDFS.label, place.name, place.lang)
        self.add(iri, CG.placeKind, Literal(place.kind))
        self.add_country(iri, place.country)
        self.add(item, DCTERMS.spatial, iri)
        self.derived(iri)
        self.evidence(item, DCTERMS.spatial, iri, place.evidence)
