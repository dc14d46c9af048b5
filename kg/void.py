"""Linked Data descriptions: the VoID description of the dataset and the SPARQL Service Description.

VoID (``/.well-known/void``) states the dataset's size (distinct triples of the union of all graphs,
entities in the minted URI space, distinct subjects/objects, properties, classes, named graphs),
a class and a property partition, example resources, the vocabularies used, the SPARQL endpoint
and the dumps. All IRIs are built from ``base_url`` — the same base the resource pages and minted
IRIs use. Counts are computed once per published generation (``generation.resource("void")``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from kg import sparql
from kg.live import LOADERS, Generation
from kg.rdf_formats import PREFIXES

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
CG = Namespace("https://w3id.org/civicgraph/ns#")

#: Dumps served under /dumps/: file name → (media type, format IRI).
DUMPS: dict[str, tuple[str, URIRef]] = {
    "civicgraph.nq.gz": ("application/n-quads", FORMATS["N-Quads"]),
    "civicgraph.ttl": ("text/turtle", FORMATS["Turtle"]),
}
RESULT_FORMAT_IRIS = [
    FORMATS["SPARQL_Results_JSON"],
    FORMATS["SPARQL_Results_XML"],
    FORMATS["SPARQL_Results_CSV"],
    FORMATS["SPARQL_Results_TSV"],
    FORMATS["Turtle"],
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS["RDF_XML"],
]
VOCABULARIES = [
    "https://w3id.org/civicgraph/ns#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2006/vcard/ns#",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "https://schema.org/",
]


@dataclass(frozen=True)
class VoidStats:
    generation: int
    triples: int = 0
    entities: int = 0
    subjects: int = 0
    objects: int = 0
    properties: int = 0
    classes: int = 0
    graphs: int = 0
    class_partition: list[tuple[str, int]] = field(default_factory=list)
    property_partition: list[tuple[str, int]] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def _int(value: object) -> int:
    return int(str(value)) if value is not None else 0


def void_stats(generation: Generation) -> VoidStats:
    """Counts for the VoID description (the ``"void"`` resource of a generation)."""
    store = generation.store
    counts = sparql.rows(store, "void_counts")[0]
    space = Literal(str(generation.settings.base_url) + "id/")
    entity_rows = sparql.rows(store, "void_entities", space=space)
    return VoidStats(
        generation=generation.number,
        triples=_int(counts["triples"]),
        entities=_int(entity_rows[0]["entities"]) if entity_rows else 0,
        subjects=_int(counts["subjects"]),
        objects=_int(counts["objects"]),
        properties=_int(counts["properties"]),
        classes=_int(counts["classes"]),
        graphs=_int(counts["graphs"]),
        class_partition=[(str(r["class"]), _int(r["entities"])) for r in sparql.rows(store, "void_classes")],
        property_partition=[
            (str(r["property"]), _int(r["triples"])) for r in sparql.rows(store, "void_properties")
        ],
        examples=[str(r["example"]) for r in sparql.rows(store, "void_examples") if r["example"]],
    )


LOADERS["void"] = void_stats


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("void", VOID)
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    return graph


def void_iris(base_url: str) -> dict[str, URIRef]:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return {
        "document": URIRef(base + ".well-known/void"),
        "dataset": URIRef(base + ".well-known/void#civicgraph"),
        "endpoint": URIRef(base + "sparql"),
        **{name: URIRef(base + "dumps/" + name) for name in DUMPS},
        "space": URIRef(base + "id/"),
    }


def void_graph(stats: VoidStats, base_url: str) -> Graph:
    """The VoID description of the published generation."""
    iris = void_iris(base_url)
    g = _bind(Graph())
    doc, ds = iris["document"], iris["dataset"]
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal("VoID description of civicgraph", lang="en")))
    g.add((doc, FOAF.primaryTopic, ds))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("civicgraph", lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Municipal good practices, projects, their funding, organisations and contacts, extracted "
                "from public documents and records; one named graph per source document, with provenance.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.uriSpace, Literal(str(iris["space"]))))
    g.add((ds, VOID.sparqlEndpoint, iris["endpoint"]))
    for name, (_media, fmt) in DUMPS.items():
        g.add((ds, VOID.dataDump, iris[name]))
        g.add((iris[name], DCTERMS["format"], fmt))
        g.add((ds, VOID.feature, fmt))
    for vocabulary in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for predicate, value in (
        (VOID.triples, stats.triples),
        (VOID.entities, stats.entities),
        (VOID.distinctSubjects, stats.subjects),
        (VOID.distinctObjects, stats.objects),
        (VOID.properties, stats.properties),
        (VOID.classes, stats.classes),
        (VOID.documents, stats.graphs),
    ):
        g.add((ds, predicate, Literal(value, datatype=XSD.integer)))
    for example in stats.examples:
        g.add((ds, VOID.exampleResource, URIRef(example)))
    for klass, count in stats.class_partition:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(klass)))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in stats.property_partition:
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    return g


def service_description(endpoint: str, base_url: str, limits: dict[str, object]) -> Graph:
    """The W3C SPARQL 1.1 Service Description of the endpoint at ``endpoint``."""
    g = _bind(Graph())
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in RESULT_FORMAT_IRIS:
        g.add((service, SD.resultFormat, fmt))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, CG.similar))
    g.add((service, SD.extensionFunction, CG.similarity))
    g.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    described = ", ".join(f"{k} = {v}" for k, v in limits.items())
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                "Read-only: updates, LOAD and SERVICE are refused; FROM and default-graph-uri / "
                "named-graph-uri select stored graphs and are never fetched. The default graph is the "
                f"union of all named graphs. Limits: {described}.",
                lang="en",
            ),
        )
    )
    dataset = BNode()
    default_graph = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((dataset, RDFS.seeAlso, void_iris(base_url)["dataset"]))
    g.add((CG.similarity, RDF.type, SD.ScalarFunction))
    g.add(
        (
            CG.similarity,
            RDFS.comment,
            Literal(
                'cg:similarity(?entity, "text") → xsd:double: cosine similarity of the text and the '
                "entity's best-matching indexed passage (the model and index search uses).",
                lang="en",
            ),
        )
    )
    g.add((CG.similar, RDF.type, SD.Feature))
    g.add(
        (
            CG.similar,
            RDFS.comment,
            Literal(
                '(?entity ?score) cg:similar ("text" k): the k entities most similar to the text, with '
                "their scores, as a triple pattern that joins with any other pattern.",
                lang="en",
            ),
        )
    )
    return g
