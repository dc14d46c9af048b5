"""Describe one resource of the graph for people: what it is, every property in plain language,
what points to it, and where each fact came from (source documents, quoted evidence).

Flask-free: the web layer turns a :class:`Description` into a page; :mod:`kg.rdf_formats` serves
the same IRI as RDF and :mod:`kg.schema_org` as embedded schema.org JSON-LD. Names are chosen in the
requested language with fallback (requested → English → untagged → any).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.provenance import Quote, Source, evidence, sources
from kg.resource_index import NodeInfo, node_info, statements
from kg.resource_model import Description, Fact, Incoming, Term, Value
from kg.resource_names import (
    VocabularyLabels,
    local_name,
    term_label,
    type_key,
    vocabulary_labels,
)
from kg.store import Store
from kg.vocab_labels import CG, DCT, FOAF, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, VCARD

__all__ = ["Description", "Fact", "Incoming", "Quote", "Source", "Term", "Value", "describe", "exists"]

#: Kinds shown inside the page of what points to them (an address, a phone, an amount ...).
DEPENDENT_KINDS = frozenset({"post", "membership", "funding", "amount", "address", "contact"})

RDF_TYPE = URIRef(RDF + "type")
#: How many incoming links a page lists (the total is given too).
MAX_INCOMING = 200
#: Statements that point to a resource without linking to it (provenance of facts).
NOT_LINKS = frozenset({RDF + "subject", RDF + "object", PROV + "used", PROV + "wasDerivedFrom"})

#: Name predicates: the heading and "names in other languages", not the list of properties.
NAME_PREDICATES = (SKOS + "prefLabel", DCT + "title", FOAF + "name", SCHEMA + "name")
ALT_PREDICATES = (SKOS + "altLabel",)
#: Derivation links: the page lists the source documents instead.
PROVENANCE_PREDICATES = frozenset({PROV + "wasDerivedFrom"})

#: Properties shown first, in this order; the rest follow by name.
ORDER = (
    DCT + "description",
    CG + "implementedBy",
    CG + "leadOrganization",
    CG + "partnerOrganization",
    SCHEMA + "funder",
    CG + "administeredBy",
    CG + "totalAmount",
    CG + "funding",
    CG + "fund",
    SCHEMA + "startDate",
    SCHEMA + "endDate",
    CG + "programmePeriod",
    DCT + "subject",
    CG + "suggestedSubject",
    CG + "country",
    DCT + "spatial",
    CG + "objective",
    CG + "targetGroup",
    CG + "participants",
    CG + "activity",
    CG + "result",
    CG + "cooperationPriority",
    CG + "fieldOfActivity",
    ORG + "holds",
    ORG + "postIn",
    ORG + "unitOf",
    ORG + "subOrganizationOf",
    CG + "contactPerson",
    VCARD + "hasEmail",
    VCARD + "hasTelephone",
    VCARD + "hasAddress",
    FOAF + "homepage",
    SCHEMA + "url",
    DCT + "source",
)
_ORDER_INDEX = {p: i for i, p in enumerate(ORDER)}


def make_term(value: Identifier, lang: str, info: NodeInfo | None = None) -> Term:
    if isinstance(value, Literal):
        datatype = str(value.datatype) if value.datatype else None
        return Term(str(value), "literal", str(value), value.language, datatype)
    kind = "bnode" if isinstance(value, BNode) else "iri"
    text = str(value)
    found = info.label(lang) if info else None
    key = type_key(info.types) if info else None
    known = bool(info and (info.types or info.names))
    if found is None and not known and text.startswith(("http://", "https://")):
        found = text  # a web address the store knows nothing about: show it as it is
    return Term(text, kind, found or local_name(text), type_key=key, known=known, named=found is not None)


def _amount(facts: list[Fact]) -> tuple[Decimal, str] | None:
    values = {f.predicate: f.values[0].term.value for f in facts if f.values}
    raw, currency = values.get(SCHEMA + "value"), values.get(SCHEMA + "currency")
    if raw is None:
        return None
    try:
        return Decimal(raw), currency or ""
    except InvalidOperation:
        return None


def _choose_languages(values: list[Value], lang: str) -> tuple[list[Value], list[Value]]:
    """Literals in the chosen language (else English, else all) plus untagged ones; the rest apart."""
    langs = {v.term.lang for v in values if v.term.kind == "literal" and v.term.lang}
    if len(langs) <= 1:
        return values, []
    keep = lang if lang in langs else ("en" if "en" in langs else None)
    if keep is None:
        return values, []
    shown = [v for v in values if v.term.kind != "literal" or v.term.lang in (None, keep)]
    hidden = [v for v in values if v not in shown]
    return shown, hidden


def _facts(
    store: Store,
    subject: URIRef | BNode,
    lang: str,
    vocabulary: VocabularyLabels,
    evidence: list[Quote],
    depth: int,
) -> tuple[list[Fact], dict[str, list[Term]], list[str], NodeInfo, set[str]]:
    """Facts about ``subject`` (names and types apart), with dependent nodes nested ``depth`` deep;
    also its names, types, what names it, and the graphs that state anything about it."""
    rows = statements(store, subject)
    infos = node_info(store, (obj for (predicate, obj) in rows if predicate != RDF + "type"))
    own = NodeInfo()
    names: dict[str, list[Term]] = defaultdict(list)
    grouped: dict[str, dict[tuple[str, str, str | None], Value]] = defaultdict(dict)
    for (predicate, obj), graphs in rows.items():
        if predicate == RDF + "type":
            own.types.add(str(obj))
            continue
        if predicate in PROVENANCE_PREDICATES:
            continue  # shown as the page's sources
        if predicate in NAME_PREDICATES + ALT_PREDICATES and isinstance(obj, Literal):
            term = make_term(obj, lang)
            if term not in names[predicate]:
                names[predicate].append(term)
            if predicate in NAME_PREDICATES:
                own.add("pref", obj)
            continue
        if predicate == RDFS + "label" and isinstance(obj, Literal):
            own.add("rdfs", obj)  # a generic display name: the heading, never a property of its own
            term = make_term(obj, lang)
            if term not in names[predicate]:
                names[predicate].append(term)
            continue
        assert isinstance(obj, Identifier)
        key = (str(obj), type(obj).__name__, obj.language if isinstance(obj, Literal) else None)
        value = grouped[predicate].get(key)
        if value is None:
            value = Value(make_term(obj, lang, infos.get(str(obj))))
            grouped[predicate][key] = value
        value.documents.extend(sorted(g for g in graphs if g not in value.documents))
    facts: list[Fact] = []
    for predicate, by_key in grouped.items():
        values = list(by_key.values())
        for value in values:
            value.evidence = [
                q
                for q in evidence
                if q.predicate == predicate and (q.object is None or q.object == value.term.value)
            ]
            term = value.term
            dependent = term.kind == "bnode" or (term.kind == "iri" and term.type_key in DEPENDENT_KINDS)
            if depth > 0 and dependent:
                node = BNode(term.value) if term.kind == "bnode" else URIRef(term.value)
                value.nested = _facts(store, node, lang, vocabulary, [], depth - 1)[0]
                if term.type_key == "amount":
                    value.amount = _amount(value.nested)
        shown, hidden = _choose_languages(values, lang)
        shown.sort(key=lambda v: (v.term.label.casefold(), v.term.value))
        facts.append(Fact(predicate, term_label(predicate, lang, vocabulary), shown, hidden))
    facts.sort(key=lambda f: (_ORDER_INDEX.get(f.predicate, len(ORDER)), f.label.casefold()))
    return facts, names, sorted(own.types), own, {g for graphs in rows.values() for g in graphs}


def incoming(
    store: Store, obj: URIRef, lang: str, vocabulary: VocabularyLabels
) -> tuple[list[Incoming], int]:
    """What points to ``obj``: the first ``MAX_INCOMING`` (subject, link) pairs, grouped by link, and
    how many pairs there are in all. Evidence reification and derivation are provenance, not links.

    Direct index look-ups: the SPARQL form of this (bound object, DISTINCT, ORDER BY) took a second
    on a country of the shared corpora, as Oxigraph applied the binding late.
    """
    pairs: set[tuple[str, str]] = set()
    for quad in store.ox.quads_for_pattern(None, None, ox.NamedNode(str(obj)), None):
        predicate = quad.predicate.value
        if isinstance(quad.subject, ox.NamedNode) and predicate not in NOT_LINKS:
            pairs.add((predicate, quad.subject.value))
    links = sorted(pairs)[:MAX_INCOMING]
    infos = node_info(store, (URIRef(subject) for _p, subject in links))
    groups: dict[str, list[Term]] = defaultdict(list)
    for predicate, subject in links:
        groups[predicate].append(make_term(URIRef(subject), lang, infos.get(subject)))
    out = [
        Incoming(p, term_label(p, lang, vocabulary, inverse=True), sorted(ts, key=_by_label))
        for p, ts in groups.items()
    ]
    out.sort(key=lambda g: g.label.casefold())
    return out, len(pairs)


def _by_label(term: Term) -> tuple[str, str]:
    return term.label.casefold(), term.value


def exists(store: Store, iri: str) -> bool:
    """Whether ``iri`` is the subject or the object of any statement (two index look-ups)."""
    node = ox.NamedNode(iri)
    for pattern in ((node, None, None, None), (None, None, node, None)):
        if next(iter(store.ox.quads_for_pattern(*pattern)), None) is not None:
            return True
    return False


def describe(
    store: Store, iri: str, lang: str = "en", vocabulary: VocabularyLabels | None = None
) -> Description | None:
    """Everything the store says about ``iri`` for a page, or None when it says nothing."""
    subject = URIRef(iri)
    vocab = vocabulary if vocabulary is not None else vocabulary_labels(store)
    quotes = evidence(store, subject)
    facts, names, types, own, graphs = _facts(store, subject, lang, vocab, quotes, depth=2)
    links, total = incoming(store, subject, lang, vocab)
    if not facts and not names and not types and not links:
        return None
    all_names = [t for p in (*NAME_PREDICATES, *ALT_PREDICATES) for t in names.get(p, [])]
    if not all_names:
        all_names = names.get(RDFS + "label", [])
    label = own.label(lang) or local_name(iri)
    type_terms = [
        Term(t, "iri", term_label(t, lang, vocab), type_key=type_key([t]), known=True) for t in types
    ]
    return Description(
        iri=iri,
        label=label,
        kind=type_key(types),
        types=type_terms,
        names=all_names,
        facts=facts,
        incoming=links,
        incoming_total=total,
        sources=sources(store, graphs),
        evidence=quotes,
    )
