"""Records → RDF: the worked example of docs/modelling.md, determinism, IRIs, language tags, SHACL."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, Namespace

from ingest.records import (
    Address,
    Evidence,
    ExtractedDocument,
    Funding,
    Label,
    Organization,
    Person,
    PhoneNumber,
    Place,
    Practice,
    Project,
    Relation,
    Tag,
)
from ingest.to_rdf import document_graph
from ingest.to_rdf.document import _software_version
from kg.iris import Minter, slug
from kg.validate import validate
from ontology import concept_iri
from ontology.countries import country_iri
from ontology.namespace import CG
from ontology.vcard import VCARD

REPO = Path(__file__).resolve().parents[2]
MINTER = Minter("http://127.0.0.1:5000/")
WHEN = datetime(2025, 4, 1, 9, 30, tzinfo=UTC)
SDO = Namespace("https://schema.org/")  # rdflib's SDO warns when pytest inspects the module
TOPICS = "https://w3id.org/civicgraph/scheme/topics/"

#: Properties whose values are human-language text and must carry a language tag.
TEXT_PROPERTIES = {
    DCTERMS.title,
    DCTERMS.description,
    SKOS.prefLabel,
    SKOS.altLabel,
    FOAF.name,
    CG.objective,
    CG.participants,
    CG.targetGroup,
    CG.result,
    CG.activity,
    CG.organizationType,
    CG.cooperationPriority,
    CG.fieldOfActivity,
    CG.funderName,
    CG.quote,
    CG.sourceDatabase,
    CG.scope,
}


def example_document() -> ExtractedDocument:
    """The fictional document of docs/modelling.md's worked example."""
    return ExtractedDocument(
        source="https://lakeside.example/en/environment",
        source_url="https://lakeside.example/en/environment",
        title="Environment Division",
        language="en",
        kind="department",
        kind_confidence=0.9,
        published=date(2025, 3, 31),
        content_hash="sha256:5f1c",
        organizations=[
            Organization(
                name="Lakeside Town Municipality",
                type="municipality",
                type_label="Local public authority",
                country="FI",
                labels=[Label("Järvikylän kunta", "fi")],
                address=Address(
                    text="Harbour street 1, 99999 Lakeside, Finland",
                    street="Harbour street 1",
                    postal_code="99999",
                    locality="Lakeside",
                    country="FI",
                ),
            ),
            Organization(name="Environment Division", is_unit=True, parent="Lakeside Town Municipality"),
        ],
        people=[
            Person(
                name="Alex Example",
                role="Head of Environment Division",
                organization="Lakeside Town Municipality",
                unit="Environment Division",
                emails=["alex.example@lakeside.example"],
                phones=[PhoneNumber("+358401234568", as_written="040 123 4568")],
                office="211",
                evidence=[
                    Evidence(
                        start=120, end=132, quote="Alex Example", extractor="extract.people", confidence=0.95
                    )
                ],
            )
        ],
        practices=[
            Practice(
                title="Repair café network",
                description="Volunteers repair household items every Saturday.",
                objectives=["Reduce household waste"],
                target_groups=["residents"],
                tags=[
                    Tag("recycling"),
                    Tag("Repair", scheme="ce-sector"),
                    Tag("youth", score=0.61, suggested=True),
                ],
                organization="Lakeside Town Municipality",
                contact="Alex Example",
                start="2023-04",
            )
        ],
        projects=[
            Project(
                title="Lake Care",
                identifier="LC-1",
                lead="Lakeside Town Municipality",
                partners=["Hill Village"],
                funding=[
                    Funding(
                        "European Regional Development Fund", Decimal("900.50"), role="eu", fund_code="ERDF"
                    ),
                    Funding("Lakeside Town Municipality budget", Decimal("100.00"), role="municipal"),
                ],
                total=Funding(None, Decimal("1000.50"), role="total"),
                start="2024-01",
                end="2026-12-31",
                programme_period="2021-2027",
            )
        ],
    )


def rich_document() -> ExtractedDocument:
    """Everything the records can hold, for the property tests below."""
    doc = example_document()
    doc.source = doc.source_url = "https://lakeside.example/en/about"
    doc.emails = ["info@lakeside.example"]
    doc.phones = [PhoneNumber("+358401234567")]
    doc.tags = [Tag("Kreislaufwirtschaft", lang="de")]
    doc.places = [Place("Finland", kind="country")]
    org = doc.organizations[0]
    org.networks = ["Union of Lake Towns"]
    org.cooperation_priorities = ["Cultural heritage"]
    org.fields_of_activity = ["Local government"]
    org.legal_status = "Public legal entity"
    org.homepage = "https://lakeside.example/a page?q=1&x=<y>"
    org.emails = ["Info@Lakeside.example", "not an e-mail"]
    org.phones = [PhoneNumber("+358 40 123 4567", kind="fax"), PhoneNumber("12-34 ext. 5", valid=False)]
    org.evidence = [Evidence(field="Organisation", extractor="mapping.ce")]
    doc.relations = [
        Relation("Lakeside Town Municipality", "Hill Village", kind="twin", label="Lake Care"),
        Relation("Lakeside Town Municipality", "Union of Lake Towns", kind="network"),
    ]
    doc.practices[0].places = [Place("Lakeside", kind="municipality", country="FI")]
    doc.practices[0].url = "https://example.org/practices/1"
    doc.practices[0].country = "Finland"
    doc.practices[0].tags.append(Tag("Recycling", scheme="ce-key-area", notation="recycling-key"))
    doc.practices[0].tags.append(Tag("Reparaturcafé", scheme="ce-sector", lang="de"))
    doc.projects[0].funders = ["ERDF", "Ministry of the Environment"]
    doc.projects[0].contact = "Robin Sample"
    doc.projects[0].target_groups = ["children"]
    doc.projects[0].activities = ["repair workshops"]
    return doc


def build(doc: ExtractedDocument) -> Graph:
    return document_graph(doc, MINTER, activity_time=WHEN)


def docs_example() -> Graph:
    text = (REPO / "docs" / "modelling.md").read_text(encoding="utf-8")
    block = re.search(r"```turtle\n(.*?)```", text, re.S)
    assert block, "docs/modelling.md has no ```turtle block"
    version = _software_version()
    turtle = block.group(1).replace("civicgraph/0-1-0", f"civicgraph/{slug(version)}")
    turtle = turtle.replace('"civicgraph 0.1.0"', f'"civicgraph {version}"').replace(
        '"0.1.0"', f'"{version}"'
    )
    return Graph().parse(data=turtle, format="turtle")


def test_worked_example_in_docs_is_exactly_what_to_rdf_writes() -> None:
    produced, expected = build(example_document()), docs_example()
    if not isomorphic(produced, expected):
        _both, only_produced, only_expected = graph_diff(to_isomorphic(produced), to_isomorphic(expected))
        pytest.fail(
            "to_rdf output differs from docs/modelling.md\nonly in output:\n"
            + "\n".join(sorted(t.n3() for t in only_produced.triples((None, None, None))))  # type: ignore[attr-defined]
            + "\nonly in docs:\n"
            + "\n".join(sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in only_expected))
        )


def test_graph_is_named_after_the_document_and_deterministic() -> None:
    doc = rich_document()
    first, second = build(doc), build(rich_document())
    assert first.identifier == MINTER.document(doc.source)
    assert set(first) == set(second)
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_every_text_literal_has_a_language_tag() -> None:
    graph = build(rich_document())
    software = set(graph.subjects(RDF.type, PROV.SoftwareAgent))
    texts = [(s, p, o) for s, p, o in graph if p in TEXT_PROPERTIES and s not in software]
    assert len(texts) >= 25
    untagged = [(s, p, o) for s, p, o in texts if not (isinstance(o, Literal) and o.language)]
    assert untagged == []
    # The record's own language wins over the document's.
    org = MINTER.iri("org", "Lakeside Town Municipality")
    assert Literal("Järvikylän kunta", lang="fi") in set(graph.objects(org, SKOS.altLabel))
    assert Literal("Reparaturcafé", lang="de") in set(graph.objects(None, SKOS.prefLabel))


def test_unknown_language_is_und_not_missing() -> None:
    doc = replace(example_document(), language=None)
    graph = build(doc)
    title = graph.value(MINTER.iri("practice", "Repair café network"), DCTERMS.title)
    assert isinstance(title, Literal) and title.language == "und"
    assert graph.value(graph.identifier, DCTERMS.language) is None  # type: ignore[arg-type]


def test_every_iri_is_accepted_by_oxigraph() -> None:
    graph = build(rich_document())
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(store) == len(graph)
    homepage = graph.value(MINTER.iri("org", "Lakeside Town Municipality"), FOAF.homepage)
    assert str(homepage) == "https://lakeside.example/a%20page?q=1&x=%3Cy%3E"


def test_same_organisation_in_two_documents_is_one_node() -> None:
    one = build(example_document())
    other = example_document()
    other.source = "https://other.example/news"
    other.organizations = [Organization(name="LAKESIDE town municipality", lang="en")]
    two = build(other)
    iri = MINTER.iri("org", "Lakeside Town Municipality")
    assert (iri, RDF.type, ORG.Organization) in one
    assert (iri, RDF.type, ORG.Organization) in two
    assert one.identifier != two.identifier
    keyed = example_document()
    keyed.organizations[0].key = "fi-lakeside"
    graph = build(keyed)
    assert (MINTER.iri("org", "fi-lakeside"), RDF.type, CG.Municipality) in graph
    # Children are keyed by the parent's key, and references by name resolve to the keyed node.
    assert (
        MINTER.iri("unit", "fi-lakeside", "Environment Division"),
        ORG.unitOf,
        MINTER.iri("org", "fi-lakeside"),
    ) in graph
    project = MINTER.iri("project", "LC-1")
    assert graph.value(project, CG.leadOrganization) == MINTER.iri("org", "fi-lakeside")


def test_contacts_are_tel_and_mailto_iris() -> None:
    graph = build(rich_document())
    org = MINTER.iri("org", "Lakeside Town Municipality")
    assert set(graph.objects(org, VCARD.hasEmail)) == {URIRef("mailto:info@lakeside.example")}
    phones = {graph.value(c, RDF.type): c for c in graph.objects(org, VCARD.hasTelephone)}
    assert graph.value(phones[VCARD.Fax], VCARD.hasValue) == URIRef("tel:+358401234567")
    invalid = phones[VCARD.Voice]
    assert graph.value(invalid, VCARD.hasValue) is None
    assert graph.value(invalid, RDFS_LABEL) == Literal("12-34 ext. 5")
    assert (graph.identifier, CG.mentions, URIRef("mailto:info@lakeside.example")) in graph


RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def test_amounts_are_decimals_with_currency_and_funds_resolve() -> None:
    graph = build(rich_document())
    project = MINTER.iri("project", "LC-1")
    total = graph.value(project, CG.totalAmount)
    value = graph.value(total, SDO.value)  # type: ignore[arg-type]
    assert isinstance(value, Literal) and value.datatype == URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    assert value.toPython() == Decimal("1000.50")
    assert graph.value(total, SDO.currency) == Literal("EUR")  # type: ignore[arg-type]
    assert set(graph.objects(project, CG.fund)) == {
        concept_iri("funds", "ERDF"),
        concept_iri("funds", "MUNICIPAL"),
    }
    # A funder that is not a known fund becomes an organisation.
    assert graph.value(project, SDO.funder) == MINTER.iri("org", "Ministry of the Environment")
    roles = {graph.value(f, CG.fundingRole) for f in graph.objects(project, CG.funding)}
    assert roles == {concept_iri("funding-roles", "eu"), concept_iri("funding-roles", "municipal")}


def test_practices_are_keyed_by_their_url_else_their_title() -> None:
    same_title = example_document()
    same_title.practices.append(replace(same_title.practices[0], url="https://example.org/practices/2/"))
    same_title.practices[0].url = "https://www.example.org/practices/1"
    graph = build(same_title)
    practices = set(graph.subjects(RDF.type, CG.GoodPractice))
    assert practices == {
        MINTER.iri("practice", "example.org/practices/1"),
        MINTER.iri("practice", "example.org/practices/2"),
    }
    without_url = build(example_document())
    assert (MINTER.iri("practice", "Repair café network"), RDF.type, CG.GoodPractice) in without_url


def test_tags_topics_record_schemes_and_suggestions() -> None:
    graph = build(rich_document())
    practice = MINTER.iri("practice", "example.org/practices/1")  # keyed by its own URL
    subjects = set(graph.objects(practice, DCTERMS.subject))
    assert URIRef(TOPICS + "recycling") in subjects
    key_area = MINTER.iri("tag", "ce-key-area", "recycling-key")
    assert key_area in subjects
    assert graph.value(key_area, SKOS.exactMatch) == URIRef(TOPICS + "recycling")
    assert graph.value(key_area, SKOS.notation) == Literal("recycling-key")
    assert graph.value(key_area, SKOS.inScheme) == MINTER.iri("scheme", "ce-key-area")
    # Machine suggestions are kept apart and explained.
    assert URIRef(TOPICS + "youth") not in subjects
    assert (practice, CG.suggestedSubject, URIRef(TOPICS + "youth")) in graph
    suggestion = next(graph.subjects(RDF.object, URIRef(TOPICS + "youth")))
    assert graph.value(suggestion, CG.score) == Literal(Decimal("0.61"))
    assert graph.value(suggestion, CG.suggestedBy) is not None
    # A tag in another language still finds its topic ("Kreislaufwirtschaft" is circular economy).
    assert (graph.identifier, DCTERMS.subject, URIRef(TOPICS + "circular-economy")) in graph


def test_relations_places_and_countries() -> None:
    graph = build(rich_document())
    lakeside, hill = MINTER.iri("org", "Lakeside Town Municipality"), MINTER.iri("org", "Hill Village")
    for a, b in ((lakeside, hill), (hill, lakeside)):
        assert (a, CG.twinOf, b) in graph and (a, CG.partnerOf, b) in graph
    partnership = next(graph.subjects(RDF.type, CG.Twinning))
    assert (partnership, RDF.type, CG.Partnership) in graph
    assert graph.value(partnership, CG.project) == MINTER.iri("project", "LC-1")
    union = MINTER.iri("org", "Union of Lake Towns")
    assert (lakeside, CG.memberOfNetwork, union) in graph and (union, RDF.type, CG.Network) in graph
    practice = MINTER.iri("practice", "example.org/practices/1")  # keyed by its own URL
    assert graph.value(practice, CG.country) == country_iri("FI")
    place = MINTER.iri("place", "FI", "municipality", "Lakeside")
    assert (practice, DCTERMS.spatial, place) in graph
    assert (graph.identifier, DCTERMS.spatial, country_iri("FI")) in graph


def test_provenance_and_record_field_evidence() -> None:
    graph = build(rich_document())
    doc = graph.identifier
    activity = next(graph.subjects(RDF.type, PROV.Activity))
    assert (activity, PROV.used, doc) in graph
    agent = graph.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in graph
    for entity_type in (CG.GoodPractice, SDO.Project, FOAF.Person, ORG.Organization, CG.Funding):
        for entity in graph.subjects(RDF.type, entity_type):
            assert (entity, PROV.wasDerivedFrom, doc) in graph, entity
    field_evidence = [e for e in graph.subjects(RDF.type, CG.Evidence) if graph.value(e, CG.sourceField)]
    assert len(field_evidence) == 1
    assert graph.value(field_evidence[0], RDF.subject) == MINTER.iri("org", "Lakeside Town Municipality")
    assert graph.value(field_evidence[0], PROV.wasGeneratedBy) == activity


def test_file_source_is_a_literal_and_people_without_organisation_stay_in_their_document() -> None:
    doc = ExtractedDocument(
        source="samples/notes.txt",
        file_name="notes.txt",
        language="lt",
        content_hash="sha256:1",
        people=[Person(name="Jonas Pavyzdys", role="vedėjas", office="12")],
    )
    graph = build(doc)
    assert graph.value(graph.identifier, DCTERMS.source) == Literal("notes.txt")  # type: ignore[arg-type]
    person = next(graph.subjects(RDF.type, FOAF.Person))
    assert str(person).startswith(str(MINTER.base) + "id/person/doc-notes-txt-")
    assert graph.value(person, FOAF.name) == Literal("Jonas Pavyzdys", lang="lt")
    assert graph.value(None, RDF.type, ORG.Post) is None  # no organisation: no post to hold
    assert validate(graph).conforms


def test_shacl_conforms_on_converted_documents() -> None:
    for doc in (example_document(), rich_document()):
        report = validate(build(doc))
        assert report.conforms, report.render()
        assert report.violations == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: setattr(d.practices[0], "title", "  "), "empty title"),
        (lambda d: setattr(d.projects[0].funding[0], "amount", Decimal("NaN")), "not a finite number"),
        (lambda d: setattr(d.projects[0].funding[0], "currency", "euro"), "not an ISO 4217 currency"),
    ],
)
def test_bad_records_are_refused_with_the_source_named(change, problem: str) -> None:  # type: ignore[no-untyped-def]
    doc = example_document()
    change(doc)
    with pytest.raises(ValueError, match=problem) as info:
        build(doc)
    assert doc.source in str(info.value)


def test_naive_activity_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        document_graph(example_document(), MINTER, activity_time=datetime(2025, 1, 1))


# -- the seeds: the model can say everything the reference extractions of ../shared say --------


def _truth_document(truth: dict, name: str) -> ExtractedDocument:  # type: ignore[type-arg]
    """An ExtractedDocument holding what a seed's reference extraction lists (read at run time)."""
    lang = truth["language"]
    orgs = [
        Organization(
            name=o["name"],
            type_label=o.get("type"),
            country=o.get("country"),
            address=Address(text=o["address"], postal_code=o.get("postal_code"))
            if o.get("address")
            else None,
            cooperation_priorities=truth.get("cooperation_priorities", []) if i == 0 else [],
            labels=[Label(o["name_as_written"], lang)] if o.get("name_as_written") else [],
        )
        for i, o in enumerate(truth["organizations"])
    ]
    orgs += [Organization(name=u["name"], is_unit=True, parent=u["parent"]) for u in truth.get("units", [])]
    people = [
        Person(
            name=p["name"],
            role=p.get("role"),
            organization=p.get("organization"),
            unit=p.get("unit"),
            emails=p.get("emails", []),
            phones=[PhoneNumber(n) for n in p.get("phones", [])]
            + [PhoneNumber(n, kind="fax") for n in p.get("fax", [])],
            office=p.get("office"),
        )
        for p in truth["people"]
    ]
    projects = [
        Project(
            title=p["title"],
            identifier=p.get("identifier"),
            lead=p.get("lead"),
            partners=p.get("partners", []),
            funders=p.get("funders", []),
            funding=[
                Funding(
                    f["funder"], Decimal(str(f["eur"])), role="municipal" if "budget" in f["funder"] else "eu"
                )
                for f in p.get("funding", [])
            ],
            total=Funding(None, Decimal(str(p["total_eur"])), role="total") if "total_eur" in p else None,
            programme_period=p.get("programme_period"),
            start=p.get("start"),
            end=p.get("end"),
            target_groups=p.get("target_groups", []),
            activities=p.get("activities", []),
        )
        for p in truth.get("projects", [])
    ]
    practices = [
        Practice(
            title=f"Good practice of {p['organization']}",  # the reference lists no title
            organization=p.get("organization"),
            source_database=p.get("source_database"),
            tags=[Tag(t, scheme="ubc") for t in p.get("tags", [])],
        )
        for p in truth.get("practices", [])
    ]
    return ExtractedDocument(
        source=f"seeds/{name}",
        file_name=name,
        language=lang,
        kind=truth["kind"],
        published=date.fromisoformat(truth["published"]) if truth.get("published") else None,
        content_hash="sha256:" + name,
        organizations=orgs,
        people=people,
        emails=truth.get("emails", []),
        phones=[PhoneNumber(n) for n in truth.get("phones_e164", [])],
        projects=projects,
        practices=practices,
    )


@pytest.mark.shared
def test_seed_reference_extractions_convert_validate_and_answer(shared_dir: Path) -> None:
    import json

    files = sorted((shared_dir / "eval" / "seeds-truth").glob("*.json"))
    assert files
    for path in files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        graph = build(_truth_document(truth, path.stem))
        report = validate(graph)
        assert report.conforms, f"{path.name}: {report.render()}"
        names = {str(o) for o in graph.objects(None, SKOS.prefLabel)}
        for org in truth["organizations"] + truth.get("units", []):
            assert org["name"] in names, (path.name, org["name"])
            iri = MINTER.iri("org", org["name"]) if org in truth["organizations"] else None
            if iri is not None and org.get("country"):
                assert graph.value(iri, CG.country) == country_iri(org["country"])
        for person in truth["people"]:
            node = next(graph.subjects(FOAF.name, Literal(person["name"], lang=truth["language"])))
            mails = {str(m) for m in graph.objects(node, VCARD.hasEmail)}
            assert mails == {"mailto:" + e for e in person["emails"]}
            if person.get("role"):
                assert graph.value(graph.value(node, ORG.holds), SKOS.prefLabel) is not None
        for project in truth.get("projects", []):
            iri = MINTER.iri("project", project.get("identifier") or project["title"])
            assert len(set(graph.objects(iri, CG.partnerOrganization))) == len(set(project["partners"]))
            if "total_eur" in project:
                parts = [
                    graph.value(graph.value(f, SDO.amount), SDO.value).toPython()  # type: ignore[union-attr]
                    for f in graph.objects(iri, CG.funding)
                ]
                total = graph.value(graph.value(iri, CG.totalAmount), SDO.value)  # type: ignore[arg-type]
                assert sum(parts) == total.toPython() == Decimal(str(project["total_eur"]))  # type: ignore[union-attr]
                assert concept_iri("funds", "ERDF") in set(graph.objects(iri, CG.fund))
        for practice in truth.get("practices", []):
            gp = next(graph.subjects(RDF.type, CG.GoodPractice))
            topics = {graph.value(t, SKOS.exactMatch) for t in graph.objects(gp, DCTERMS.subject)}
            # Every UBC tag of the seed maps onto a shipped core topic.
            assert len(topics - {None}) == len(practice["tags"])


def test_units_without_a_known_parent_stay_in_their_document() -> None:
    doc = ExtractedDocument(
        source="samples/unit.txt",
        language="en",
        content_hash="sha256:2",
        people=[Person(name="Sam Sample", role="adviser", unit="Finance Division")],
    )
    graph = build(doc)
    unit = next(graph.subjects(RDF.type, ORG.OrganizationalUnit))
    assert str(unit).startswith(str(MINTER.base) + "id/unit/doc-unit-txt-")
    assert (next(graph.subjects(RDF.type, FOAF.Person)), ORG.memberOf, unit) in graph
    report = validate(graph)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]


def test_one_preflabel_per_language_when_documents_spell_a_municipality_differently() -> None:
    """Two Lithuanian documents write one listed municipality two ways ("Alytaus m. sav.", the full
    name): the reference name is the prefLabel in both, each spelling an altLabel, so the union of the
    documents has one prefLabel per language (SKOS integrity)."""
    from ingest.resolve import resolve

    union = Graph()
    for n, spelling in enumerate(["Alytaus m. sav.", "Alytaus miesto savivaldybė"]):
        doc = example_document()
        doc.source = f"https://lt.example/{n}"
        doc.language = "lt"
        doc.practices, doc.projects, doc.people = [], [], []
        doc.organizations = [Organization(name=spelling, lang="lt")]
        resolve(doc)
        assert doc.organizations[0].key, spelling
        union += build(doc)
    org = next(iter(union.subjects(RDF.type, CG.Municipality)))
    by_lang: dict[str | None, set[str]] = {}
    for label in union.objects(org, SKOS.prefLabel):
        assert isinstance(label, Literal)
        by_lang.setdefault(label.language, set()).add(str(label))
    assert all(len(names) == 1 for names in by_lang.values()), by_lang
    assert {"lt", "en"} <= set(by_lang)
    assert Literal("Alytaus m. sav.", lang="lt") in set(union.objects(org, SKOS.altLabel))


def test_projects_without_a_number_are_told_apart_by_their_lead() -> None:
    """Record exports without project numbers (DK, LV, PL lists) repeat titles such as "Vocational
    activation" for many beneficiaries: same title, other lead, other project; same lead, same project."""

    def project_iri(title: str, lead: str | None, source: str) -> URIRef:
        doc = example_document()
        doc.source = source
        doc.practices, doc.people = [], []
        doc.projects = [Project(title=title, lead=lead, lang="en")]
        graph = build(doc)
        return next(iter(graph.subjects(RDF.type, URIRef("https://schema.org/Project"))))  # type: ignore[return-value]

    a = project_iri("Vocational activation", "Lakeside Town Municipality", "https://a.example/1")
    b = project_iri("Vocational activation", "Riverton City Council", "https://a.example/2")
    c = project_iri("Vocational activation", "Lakeside Town Municipality", "https://b.example/3")
    assert a != b and a == c
    assert project_iri("Vocational activation", None, "https://a.example/4") not in {a, b}
