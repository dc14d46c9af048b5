"""The parts of a resource page that depend on its kind: an organisation's people and cooperation
network, a tag's practices and related tags, a document's contents, related practices."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg import sparql
from kg.live import Generation
from kg.resource_model import Description
from kg.store import Store
from kg.vocab_labels import CG, DCT, ORG, RDF, SCHEMA, SKOS
from search_app.page_data import Labels, page_data

log = logging.getLogger(__name__)
MAX_NETWORK_NODES = 150


@dataclass(frozen=True)
class Item:
    iri: str
    label: str
    kind: str | None = None
    note: str | None = None  # a role, a count, "suggested" ...


@dataclass
class Sections:
    people: list[Item] = field(default_factory=list)
    network: dict[str, Any] | None = None
    members: list[Item] = field(default_factory=list)
    co_tags: list[Item] = field(default_factory=list)
    contents: list[Item] = field(default_factory=list)
    related: list[Item] = field(default_factory=list)
    related_by: str = ""  # "search" (similar text) or "tags" (shared tags)
    hidden_incoming: set[str] = field(default_factory=set)  # links shown in a section instead


def _items(rows: list[dict[str, object]], subject: str, labels: Labels, lang: str) -> list[Item]:
    items = []
    for row in rows:
        iri = str(row[subject])
        suggested = str(row.get("suggested", "")).lower() == "true"
        items.append(Item(iri, labels.name(iri, lang), str(row["key"]), "suggested" if suggested else None))
    return sorted(items, key=lambda it: (it.kind or "", it.label.casefold()))


def _people(generation: Generation, iri: str, labels: Labels, lang: str) -> list[Item]:
    roles: dict[str, list[str]] = {}
    for row in sparql.rows(generation.store, "resource_org_people", org=URIRef(iri)):
        where = [str(row["post"]), str(row["unit"])]
        role = " — ".join(name for node in where if node != iri and (name := labels.get(node, lang)))
        roles.setdefault(str(row["person"]), [])
        if role and role not in roles[str(row["person"])]:
            roles[str(row["person"])].append(role)
    items = [Item(p, labels.name(p, lang), "person", "; ".join(r) or None) for p, r in roles.items()]
    return sorted(items, key=lambda it: it.label.casefold())


def _network(generation: Generation, iri: str, labels: Labels, lang: str) -> dict[str, Any] | None:
    """Nodes and edges around an organisation for the network picture (at most 150 nodes)."""
    rows = sparql.rows(generation.store, "resource_org_network", org=URIRef(iri))
    projects = {str(r["b"]) for r in rows if str(r["rel"]) == "project" and str(r["a"]) == iri}
    projects |= {str(r["a"]) for r in rows if str(r["a"]) != iri}
    nodes: dict[str, dict[str, str]] = {iri: {"id": iri, "label": labels.name(iri, lang), "kind": "focus"}}
    edges: set[tuple[str, str, str]] = set()
    for row in rows:
        a, b = str(row["a"]), str(row["b"])
        for node in (a, b):
            if node not in nodes and len(nodes) < MAX_NETWORK_NODES:
                kind = "project" if node in projects else "organization"
                nodes[node] = {"id": node, "label": labels.name(node, lang), "kind": kind}
        if a in nodes and b in nodes and a != b:
            edges.add((min(a, b), max(a, b), str(row["rel"])))
    if len(nodes) < 2:
        return None
    return {
        "nodes": list(nodes.values()),
        "edges": [{"source": a, "target": b, "rel": rel} for a, b, rel in sorted(edges)],
    }


def _related(generation: Generation, iri: str, labels: Labels, lang: str) -> tuple[list[Item], str]:
    """Similar practices from the search index when it is there, else those sharing the most tags."""
    try:
        from kg import search as kg_search

        hits = kg_search.related(generation, iri, k=20)
        items = [
            Item(h.iri, labels.get(h.iri, lang) or h.title, h.type)
            for h in hits
            if h.iri != iri and h.type in ("practice", "project")
        ]
        if items:
            return items[:6], "search"
    except ImportError:
        pass
    except LookupError:  # not in the search index (e.g. no index was built): use shared tags
        pass
    except Exception:  # the search index is optional for this section
        log.exception("related() failed for %s; falling back to shared tags", iri)
    rows = sparql.rows(generation.store, "resource_related_practices", s=URIRef(iri))
    items = [
        Item(str(r["other"]), labels.name(str(r["other"]), lang), str(r["key"]), str(r["n"])) for r in rows
    ]
    return items, "tags"


def sections(generation: Generation, d: Description, lang: str) -> Sections:
    out = Sections()
    store = generation.store
    labels = page_data(generation).labels()
    if d.kind in ("organization", "unit"):
        out.people = _people(generation, d.iri, labels, lang)
        out.network = _network(generation, d.iri, labels, lang)
        out.hidden_incoming |= {ORG + "postIn"}
    if d.kind == "tag" or (d.kind is None and any(t.value == SKOS + "Concept" for t in d.types)):
        members = [
            Item(iri, labels.name(iri, lang), kind, "suggested" if only_suggested else None)
            for iri, kind, only_suggested in tag_members(store, d.iri)
        ]
        out.members = sorted(members, key=lambda it: (it.kind or "", it.label.casefold()))
        related = sparql.rows(store, "resource_tag_related", tag=URIRef(d.iri))
        out.co_tags = [
            Item(str(r["other"]), labels.name(str(r["other"]), lang), "tag", str(r["n"])) for r in related
        ]
        out.hidden_incoming |= {DCT + "subject", CG + "suggestedSubject"}
    if d.kind == "document":
        out.contents = _items(
            sparql.rows(store, "resource_document_contents", g=URIRef(d.iri)), "s", labels, lang
        )
    if d.kind in ("practice", "project"):
        out.related, out.related_by = _related(generation, d.iri, labels, lang)
    return out


SUBJECT = ox.NamedNode(DCT + "subject")
SUGGESTED = ox.NamedNode(CG + "suggestedSubject")
TYPE = ox.NamedNode(RDF + "type")
#: Classes a tagged resource is listed under (as "<IRI>", the way pyoxigraph prints a node).
MEMBER_CLASSES = {
    f"<{CG}GoodPractice>": "practice",
    f"<{SCHEMA}Project>": "project",
    f"<{ORG}Organization>": "organization",
    f"<{CG}SourceDocument>": "document",
}
#: Tags that count as this tag: the same (exact matches, both ways) or narrower.
SAME_OR_NARROWER = (
    (ox.NamedNode(SKOS + "exactMatch"), "out"),
    (ox.NamedNode(SKOS + "exactMatch"), "in"),
    (ox.NamedNode(SKOS + "broader"), "in"),
)
MAX_MEMBERS = 500


def tag_family(store: Store, tag: str) -> set[str]:
    """``tag`` and every tag that exactly matches it or is narrower, transitively."""
    found, todo = {tag}, [tag]
    while todo:
        node = ox.NamedNode(todo.pop())
        for predicate, direction in SAME_OR_NARROWER:
            pattern = (node, predicate, None, None) if direction == "out" else (None, predicate, node, None)
            for quad in store.ox.quads_for_pattern(*pattern):
                other = quad.object if direction == "out" else quad.subject
                if isinstance(other, ox.NamedNode) and other.value not in found:
                    found.add(other.value)
                    todo.append(other.value)
    return found


def tag_members(store: Store, tag: str) -> list[tuple[str, str, bool]]:
    """(IRI, kind, only suggested) of the practices, projects, organisations and documents tagged with
    ``tag`` or a tag of its family; at most 500. Direct index look-ups: the property-path query
    evaluated the path for every concept of the store before applying the bound tag."""
    suggested_only: dict[str, bool] = {}
    for member_tag in sorted(tag_family(store, tag)):
        node = ox.NamedNode(member_tag)
        for predicate, suggested in ((SUBJECT, False), (SUGGESTED, True)):
            for quad in store.ox.quads_for_pattern(None, predicate, node, None):
                if isinstance(quad.subject, ox.NamedNode):
                    iri = quad.subject.value
                    suggested_only[iri] = suggested_only.get(iri, True) and suggested
    out: list[tuple[str, str, bool]] = []
    for iri in sorted(suggested_only):
        types = {str(q.object) for q in store.ox.quads_for_pattern(ox.NamedNode(iri), TYPE, None, None)}
        kind = next((key for cls, key in MEMBER_CLASSES.items() if cls in types), None)
        if kind is not None:
            out.append((iri, kind, suggested_only[iri]))
    return out[:MAX_MEMBERS]
