"""The parts of a resource page that depend on its kind: an organisation's people and cooperation
network, a tag's practices and related tags, a document's contents, related practices."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from kg import sparql
from kg.live import Generation
from kg.resource_names import local_name, pick, pick_from_row
from kg.resources import Description
from kg.vocab_labels import CG, DCT, ORG, SCHEMA, SKOS

log = logging.getLogger(__name__)

_NAME_INFOS = ("pref", "title", "name")


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


def _named(rows: list[dict[str, object]], subject: str, lang: str) -> list[Item]:
    """Rows of (subject, key, info, value) → one item per subject with its best name."""
    names: dict[str, dict[str, str]] = defaultdict(dict)
    kinds: dict[str, str] = {}
    notes: dict[str, str] = {}
    for row in rows:
        iri = str(row[subject])
        kinds[iri] = str(row["key"])
        if row.get("suggested") is not None and str(row["suggested"]).lower() == "true":
            notes[iri] = "suggested"
        value = row.get("value")
        if str(row.get("info")) in _NAME_INFOS and isinstance(value, Literal):
            names[iri].setdefault(value.language or "", str(value))
    items = [Item(i, pick(names[i], lang) or local_name(i), kinds[i], notes.get(i)) for i in kinds]
    return sorted(items, key=lambda it: (it.kind or "", it.label.casefold()))


def _people(generation: Generation, iri: str) -> list[Item]:
    seen: dict[str, Item] = {}
    for row in sparql.rows(generation.store, "resource_org_people", org=URIRef(iri)):
        person = str(row["person"])
        role = " — ".join(str(x) for x in (row["role"], row["unitName"]) if x is not None and str(x) != "")
        if person not in seen:
            name = str(row["name"]) if row["name"] is not None else local_name(person)
            seen[person] = Item(person, name, "person", role or None)
    return sorted(seen.values(), key=lambda it: it.label.casefold())


def _network(generation: Generation, iri: str, label: str) -> dict[str, Any] | None:
    """Nodes and edges around an organisation for the network picture (at most 150 nodes)."""
    nodes: dict[str, dict[str, str]] = {iri: {"id": iri, "label": label, "kind": "focus"}}
    edges: set[tuple[str, str, str]] = set()
    for row in sparql.rows(generation.store, "resource_org_network", org=URIRef(iri)):
        a, b = str(row["a"]), str(row["b"])
        for node, name, cls in ((a, row["aName"], row["aType"]), (b, row["bName"], row["bType"])):
            if node not in nodes and len(nodes) < 150:
                kind = "project" if str(cls) == SCHEMA + "Project" else "organization"
                nodes[node] = {"id": node, "label": str(name) if name else local_name(node), "kind": kind}
        if a in nodes and b in nodes and a != b:
            edges.add((min(a, b), max(a, b), str(row["rel"])))
    if len(nodes) < 2:
        return None
    return {
        "nodes": list(nodes.values()),
        "edges": [{"source": a, "target": b, "rel": rel} for a, b, rel in sorted(edges)],
    }


def _related(generation: Generation, iri: str, lang: str) -> tuple[list[Item], str]:
    """Similar practices from the search index when it is there, else those sharing the most tags."""
    try:
        from kg import search as kg_search

        hits = kg_search.related(generation, iri, k=6)
        items = [Item(h.iri, h.title, h.type) for h in hits if h.iri != iri]
        if items:
            return items[:6], "search"
    except ImportError:
        pass
    except LookupError:  # not in the search index (e.g. no index was built): use shared tags
        pass
    except Exception:  # the search index is optional for this section
        log.exception("related() failed for %s; falling back to shared tags", iri)
    rows = sparql.rows(generation.store, "resource_related_practices", s=URIRef(iri), lang=Literal(lang))
    items = [
        Item(str(r["other"]), pick_from_row(r) or local_name(str(r["other"])), str(r["key"]), str(r["n"]))
        for r in rows
    ]
    return items, "tags"


def sections(generation: Generation, d: Description, lang: str) -> Sections:
    out = Sections()
    store = generation.store
    if d.kind in ("organization", "unit"):
        out.people = _people(generation, d.iri)
        out.network = _network(generation, d.iri, d.label)
        out.hidden_incoming |= {ORG + "postIn"}
    if d.kind == "tag" or (d.kind is None and any(t.value == SKOS + "Concept" for t in d.types)):
        rows = sparql.rows(store, "resource_tag_members", tag=URIRef(d.iri))
        out.members = _named(rows, "s", lang)
        related = sparql.rows(store, "resource_tag_related", tag=URIRef(d.iri), lang=Literal(lang))
        out.co_tags = [
            Item(str(r["other"]), pick_from_row(r) or local_name(str(r["other"])), "tag", str(r["n"]))
            for r in related
        ]
        out.hidden_incoming |= {DCT + "subject", CG + "suggestedSubject"}
    if d.kind == "document":
        rows = sparql.rows(store, "resource_document_contents", g=URIRef(d.iri))
        out.contents = _named(rows, "s", lang)
    if d.kind in ("practice", "project"):
        out.related, out.related_by = _related(generation, d.iri, lang)
    return out
