"""A small fictional corpus for search tests, written straight into a store (as ingest would).

Every name and text here is invented. Documents are named graphs; practices, projects and
organisations use the civicgraph vocabulary (ontology/civicgraph.ttl) and the shipped topics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS

import ontology
from kg.layout import Layout
from kg.manifest import DocumentRow, Manifest, now
from kg.publish import IndexBuilder, publish
from kg.settings import Settings
from kg.store import Store
from ontology.namespace import CG

BASE = "http://civicgraph.test/"
TOPICS = "https://w3id.org/civicgraph/scheme/topics/"
COUNTRY = "https://w3id.org/civicgraph/country/"


@dataclass
class Item:
    key: str
    title: str
    description: str
    lang: str = "en"
    country: str | None = None
    tags: list[str] = field(default_factory=list)
    org: str | None = None
    kind: str = "practice"
    url: str | None = None


def doc_iri(name: str) -> str:
    return f"{BASE}id/doc/{name}"


def item_iri(item: Item) -> str:
    return f"{BASE}id/{item.kind}/{item.key}"


def org_iri(name: str) -> str:
    return f"{BASE}id/org/{name.lower().replace(' ', '-')}"


def document(name: str, *items: Item) -> Graph:
    graph = Graph()
    doc = URIRef(doc_iri(name))
    graph.add((doc, RDF.type, CG.SourceDocument))
    graph.add((doc, DCTERMS.source, Literal(f"{name}.csv")))
    for item in items:
        node = URIRef(item_iri(item))
        cls = {"practice": CG.GoodPractice, "project": SDO.Project}[item.kind]
        graph.add((node, RDF.type, cls))
        graph.add((node, DCTERMS.title, Literal(item.title, lang=item.lang)))
        graph.add((node, DCTERMS.description, Literal(item.description, lang=item.lang)))
        graph.add((node, PROV.wasDerivedFrom, doc))
        if item.url:
            graph.add((node, SDO.url, URIRef(item.url)))
        if item.country:
            graph.add((node, CG.country, URIRef(COUNTRY + item.country)))
        for tag in item.tags:
            graph.add((node, DCTERMS.subject, URIRef(TOPICS + tag)))
        if item.org:
            org = URIRef(org_iri(item.org))
            link = CG.implementedBy if item.kind == "practice" else CG.leadOrganization
            graph.add((node, link, org))
            graph.add((org, RDF.type, ORG.Organization))
            graph.add((org, RDF.type, CG.Municipality))
            graph.add((org, SKOS.prefLabel, Literal(item.org, lang=item.lang)))
            if item.country:
                graph.add((org, CG.country, URIRef(COUNTRY + item.country)))
    return graph


CORPUS: dict[str, list[Item]] = {
    "repair": [
        Item(
            "repair-cafe",
            "Repair cafe in Northvale",
            "Volunteers help residents repair broken electronics, bicycles and clothes every Saturday, "
            "so fewer products are thrown away.",
            country="FI",
            tags=["recycling", "volunteering"],
            org="Northvale City",
            url="https://example.org/practices/repair-cafe",
        )
    ],
    "food": [
        Item(
            "school-food",
            "Less food waste in school canteens",
            "Canteens weigh leftovers daily and adjust portions; surplus meals go to a food bank.",
            country="SE",
            tags=["food", "waste-management"],
            org="Eastport Municipality",
        )
    ],
    "budget": [
        Item(
            "pb",
            "Residents decide on the district budget",
            "A participatory budgeting process lets residents propose and vote on projects for part "
            "of the city budget.",
            country="BR",
            tags=["citizen-participation"],
        )
    ],
    "sorting": [
        Item(
            "plastic-lt",
            "Plastiko pakuočių rūšiavimas daugiabučiuose",
            "Gyventojai rūšiuoja plastiko pakuotes į atskirus konteinerius, o surinktos pakuotės "
            "perdirbamos regioniniame centre.",
            lang="lt",
            country="LT",
            tags=["recycling"],
            org="Pavyzdžių rajono savivaldybė",
        )
    ],
    "forest": [
        Item(
            "forest",
            "Village forest council",
            "Local people and the forestry office agree together on protecting rivers and old forest.",
            country="FI",
            tags=["nature-and-biodiversity"],
        )
    ],
    "mobility": [
        Item(
            "bikes",
            "Cycling lanes planned with residents",
            "The city held open workshops on a new cycling network and safe routes to schools.",
            country="SE",
            tags=["mobility"],
            org="Eastport Municipality",
        ),
        Item(
            "bus-project",
            "Electric buses for the region",
            "A project replacing diesel buses with electric ones on regional lines.",
            country="SE",
            tags=["mobility", "energy"],
            org="Eastport Municipality",
            kind="project",
        ),
    ],
}


def write_corpus(store: Store, corpus: dict[str, list[Item]] | None = None) -> list[str]:
    for iri, graph in ontology.static_graphs().items():
        store.replace_graph(str(iri), graph)
    names = []
    for name, items in (corpus or CORPUS).items():
        store.replace_graph(doc_iri(name), document(name, *items))
        names.append(doc_iri(name))
    return names


def publish_corpus(
    settings: Settings,
    builders: list[IndexBuilder],
    corpus: dict[str, list[Item]] | None = None,
) -> int:
    """A data dir holding ``corpus`` (default :data:`CORPUS`), published with ``builders``."""
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as writer, Manifest(layout.manifest) as manifest:
        docs = write_corpus(writer, corpus)
        for iri in docs:
            manifest.upsert(
                DocumentRow(
                    iri,
                    iri,
                    None,
                    iri.rsplit("/", 1)[-1] + ".csv",
                    "record",
                    "en",
                    None,
                    "h",
                    "stored",
                    now(),
                )
            )
        return publish(writer, manifest, settings, builders=builders, changed=set(docs))


def republish(
    settings: Settings,
    builders: list[IndexBuilder],
    *,
    replace: dict[str, list[Item]] | None = None,
    remove: list[str] | None = None,
) -> int:
    """Replace or remove documents, then publish incrementally."""
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as writer, Manifest(layout.manifest) as manifest:
        changed, removed = set(), set()
        for name, items in (replace or {}).items():
            writer.replace_graph(doc_iri(name), document(name, *items))
            changed.add(doc_iri(name))
        for name in remove or []:
            writer.drop_graph(doc_iri(name))
            removed.add(doc_iri(name))
        return publish(writer, manifest, settings, builders=builders, changed=changed, removed=removed)
