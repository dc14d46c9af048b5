"""kg.resources (describe an IRI), kg.rdf_formats (content negotiation) and kg.schema_org on a small
fictional graph (tests/fixtures/pages.trig) in an in-memory store."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import ontology
from kg import rdf_formats, resources
from kg.provenance import http_url
from kg.resource_names import local_name, pick, term_label, type_key
from kg.schema_org import schema_org
from kg.store import Store
from kg.vocab_labels import CG, DCT, ORG, SCHEMA, SKOS, VCARD

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "pages.trig"
ID = "http://civicgraph.test/id/"
ORG_IRI = ID + "org/lakeside-district-municipality"
PRACTICE = ID + "practice/youth-heritage-camps"
PROJECT = ID + "project/green-riverbanks"
PERSON = ID + "person/jane-example"
PROFILE_DOC = ID + "doc/lakeside-profile-0a1b2c3d4e5f"
YOUTH = "https://w3id.org/civicgraph/scheme/topics/youth"


@pytest.fixture(scope="module")
def store() -> Store:
    st = Store.in_memory()
    dataset = Dataset()
    dataset.parse(FIXTURE, format="trig")
    for graph in dataset.graphs():
        if len(graph) and str(graph.identifier).startswith("http://civicgraph.test/"):
            st.replace_graph(str(graph.identifier), graph)
    for iri, graph in ontology.static_graphs().items():
        st.replace_graph(str(iri), graph)
    return st


def test_organisation_is_described_in_plain_language(store: Store) -> None:
    d = resources.describe(store, ORG_IRI, "en")
    assert d is not None
    assert d.label == "Lakeside District Municipality"
    assert d.kind == "organization"
    assert {t.label for t in d.types} >= {"organisation", "municipality"}
    priority = d.fact(CG + "cooperationPriority")
    assert priority is not None and priority.label == "cooperation priority"
    assert {v.term.label for v in priority.values} == {
        "Informal education for children and youths",
        "Restoration of the cultural heritage of historic villages",
    }
    assert d.fact(VCARD + "hasEmail").label == "e-mail"  # type: ignore[union-attr]
    country = d.values(CG + "country")[0]
    assert country.label == "Lithuania" and country.known and country.type_key == "country"


def test_names_follow_the_chosen_language_with_fallback(store: Store) -> None:
    lt = resources.describe(store, ORG_IRI, "lt")
    assert lt is not None and lt.label == "Ežerėlio rajono savivaldybė"
    assert lt.values(CG + "country")[0].label == "Lietuva"
    assert lt.fact(CG + "cooperationPriority").label == "bendradarbiavimo prioritetas"  # type: ignore[union-attr]
    # only an English name: Lithuanian pages fall back to it
    riverbend = resources.describe(store, ID + "org/riverbend-town-council", "lt")
    assert riverbend is not None and riverbend.label == "Riverbend Town Council"
    # only a Lithuanian title: English pages show it rather than the IRI
    club = resources.describe(store, ID + "practice/senjoru-klubas", "en")
    assert club is not None and club.label == "Senjorų klubas"
    names = {(n.label, n.lang) for n in lt.names}
    assert names >= {("Lakeside", "en"), ("Ežerėlio rajono savivaldybė", "lt")}


def test_literals_in_other_languages_are_kept_apart(store: Store) -> None:
    d = resources.describe(store, PRACTICE, "lt")
    assert d is not None and d.label == "Jaunimo paveldo stovyklos"
    names = {(n.label, n.lang) for n in d.names}
    assert ("Youth Heritage Camps", "en") in names


def test_dependent_nodes_are_nested_and_amounts_parsed(store: Store) -> None:
    d = resources.describe(store, PROJECT, "en")
    assert d is not None and d.kind == "project"
    total = d.fact(CG + "totalAmount")
    assert total is not None and total.values[0].amount == (Decimal("150000.00"), "EUR")
    funding = d.fact(CG + "funding")
    assert funding is not None
    value = funding.values[0]
    assert value.term.label == "European Regional Development Fund: 120000.00 EUR"
    nested = {f.predicate: f for f in value.nested}
    assert nested[SCHEMA + "amount"].values[0].amount == (Decimal("120000.00"), "EUR")
    assert nested[CG + "fundingRole"].values[0].term.label == "EU contribution"
    assert [t.label for t in d.values(CG + "leadOrganization")] == ["Riverbend Town Council"]


def test_person_role_and_contacts(store: Store) -> None:
    d = resources.describe(store, PERSON, "en")
    assert d is not None and d.kind == "person"
    post = d.fact(ORG + "holds")
    assert post is not None
    assert post.values[0].term.label == "Head of the International Cooperation Division"
    unit = {f.predicate: f for f in post.values[0].nested}[ORG + "postIn"].values[0].term
    assert unit.label == "International Cooperation Division"
    phone = d.fact(VCARD + "hasTelephone")
    assert phone is not None and phone.values[0].term.label == "+370 000 00002"
    assert d.evidence and d.evidence[0].text.startswith("Jane Example, Head of")


def test_incoming_links_read_from_the_object(store: Store) -> None:
    d = resources.describe(store, ORG_IRI, "en")
    assert d is not None
    groups = {g.predicate: g for g in d.incoming}
    implements = groups[CG + "implementedBy"]
    assert implements.label == "implements"
    assert {t.label for t in implements.subjects} == {"Youth Heritage Camps", "Senjorų klubas"}
    assert {t.type_key for t in implements.subjects} == {"practice"}
    assert groups[ORG + "unitOf"].label == "units"
    assert d.incoming_total >= 5
    # evidence reification and derivation are provenance, not "mentioned in"
    assert not any(g.predicate.endswith(("#subject", "wasDerivedFrom")) for g in d.incoming)


def test_provenance_sources_and_quoted_evidence(store: Store) -> None:
    d = resources.describe(store, ORG_IRI, "en")
    assert d is not None
    assert [(s.iri, s.url) for s in d.sources] == [(PROFILE_DOC, "https://lakeside.example.org/profile")]
    priority = d.fact(CG + "cooperationPriority")
    assert priority is not None
    quoted = {v.term.label: v.evidence for v in priority.values}
    [quote] = quoted["Restoration of the cultural heritage of historic villages"]
    assert quote.document == PROFILE_DOC and (quote.start, quote.end) == (120, 176)
    assert quote.confidence == pytest.approx(0.9)
    assert quoted["Informal education for children and youths"] == []
    # derivation links are shown as sources, not as a property
    assert d.fact("http://www.w3.org/ns/prov#wasDerivedFrom") is None


def test_record_field_evidence_and_file_sources(store: Store) -> None:
    d = resources.describe(store, PRACTICE, "en")
    assert d is not None
    title_quotes = [q for q in d.evidence if q.predicate == DCT + "title"]
    assert title_quotes and title_quotes[0].field == "Title"
    project = resources.describe(store, PROJECT, "en")
    assert project is not None
    [source] = project.sources
    assert source.url is None and source.name == "green-riverbanks.html"  # a file, not a link


def test_tag_and_vocabulary_iris_are_described(store: Store) -> None:
    d = resources.describe(store, YOUTH, "lt")
    assert d is not None and d.kind == "tag" and d.label == "jaunimas"
    assert {"youth", "jaunimas", "młodzież"} <= {n.label for n in d.names}
    tagged = {g.predicate: g for g in d.incoming}[DCT + "subject"]
    assert {t.value for t in tagged.subjects} == {PRACTICE, PROJECT}
    scheme = d.values(SKOS + "inScheme")[0]
    assert scheme.label == "Temos"


def test_unknown_iri_is_none(store: Store) -> None:
    assert resources.describe(store, ID + "practice/does-not-exist", "en") is None
    assert not resources.exists(store, ID + "practice/does-not-exist")
    assert resources.exists(store, PRACTICE)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, None),
        ("", None),
        ("*/*", None),
        ("text/html", None),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None),  # a browser
        ("text/turtle", "ttl"),
        ("application/x-turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("text/html;q=0.5, text/turtle", "ttl"),
        ("text/turtle, text/html", None),  # a tie goes to the page
        ("application/rdf+xml;q=0.9, text/turtle;q=0.9", "rdf"),  # equal q: the first listed
        ("text/turtle;q=0", None),
        ("text/*", None),
        ("image/png", None),
        ("garbage", None),
        ("text/turtle;q=abc", None),
    ],
)
def test_negotiation_table(accept: str | None, expected: str | None) -> None:
    found = rdf_formats.negotiate(accept)
    assert (found.suffix if found else None) == expected


@pytest.mark.parametrize(
    ("key", "stem", "suffix"),
    [
        ("practice/x.ttl", "practice/x", "ttl"),
        ("practice/x.jsonld", "practice/x", "jsonld"),
        ("doc/a-b.nt", "doc/a-b", "nt"),
        ("org/y.rdf", "org/y", "rdf"),
        ("org/y.RDF", "org/y", "rdf"),
        ("org/y", "org/y", None),
        ("org/y.html", "org/y.html", None),
        ("org/v1.2/z", "org/v1.2/z", None),
    ],
)
def test_suffixes(key: str, stem: str, suffix: str | None) -> None:
    found_stem, fmt = rdf_formats.split_suffix(key)
    assert (found_stem, fmt.suffix if fmt else None) == (stem, suffix)


@pytest.mark.parametrize("fmt", rdf_formats.FORMATS, ids=lambda f: f.suffix)
def test_every_format_round_trips_the_description(store: Store, fmt: rdf_formats.RdfFormat) -> None:
    graph = rdf_formats.resource_graph(store, PROJECT)
    fixture = Dataset()
    fixture.parse(FIXTURE, format="trig")
    project_only = Graph()
    for s, p, o, _g in fixture.quads((URIRef(PROJECT), None, None, None)):
        project_only.add((s, p, o))
    assert isomorphic(graph, project_only)
    data = rdf_formats.serialize(graph, fmt)
    parsed = Graph().parse(data=data, format=fmt.serializer)
    assert isomorphic(parsed, graph)
    if fmt.suffix == "jsonld":
        assert "@context" in json.loads(data)


def test_schema_org_of_each_kind(store: Store) -> None:
    org = schema_org(resources.describe(store, ORG_IRI, "en"))  # type: ignore[arg-type]
    assert org["@type"] == "GovernmentOrganization" and org["@id"] == ORG_IRI
    assert org["email"] == "info@lakeside.example.org" and org["telephone"] == "+370 000 00001"
    assert org["url"] == "https://lakeside.example.org/"
    practice = schema_org(resources.describe(store, PRACTICE, "en"))  # type: ignore[arg-type]
    assert practice["@type"] == "CreativeWork"
    assert set(practice["keywords"]) == {"youth", "cultural heritage", "Heritage skills"}
    assert practice["creator"][0]["name"] == "Lakeside District Municipality"
    project = schema_org(resources.describe(store, PROJECT, "en"))  # type: ignore[arg-type]
    assert project["@type"] == "Project" and project["funder"][0]["name"] == "Fictional Programme Agency"
    assert {Decimal(a["value"]) for a in project["amount"]} == {Decimal(150000), Decimal(120000)}
    assert {a["currency"] for a in project["amount"]} == {"EUR"}
    person = schema_org(resources.describe(store, PERSON, "en"))  # type: ignore[arg-type]
    assert person["jobTitle"] == "Head of the International Cooperation Division"
    tag = schema_org(resources.describe(store, YOUTH, "en"))  # type: ignore[arg-type]
    assert tag["@type"] == "DefinedTerm" and tag["inDefinedTermSet"]["name"] == "Topics"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("mailto:a@example.org", None),
        ('https://example.org/"><script>', None),
        ("file.html", None),
        (None, None),
    ],
)
def test_only_http_links_leave_the_site(value: str | None, expected: str | None) -> None:
    assert http_url(value) == expected


def test_names_helpers() -> None:
    assert pick({"en": "a", "lt": "b"}, "lt") == "b"
    assert pick({"en": "a", "": "c"}, "lv") == "a"
    assert pick({"": "c", "fi": "d"}, "lv") == "c"
    assert pick({"fi": "d", "de": "e"}, "lv") == "e"  # any, stable
    assert local_name("mailto:x@example.org") == "x@example.org"
    assert local_name("http://x.test/id/tag/ce-sector/repair-and-reuse") == "repair and reuse"
    assert term_label(CG + "cooperationPriority", "en", {}) == "cooperation priority"  # humanised
    assert term_label(DCT + "title", "lt", {}) == "pavadinimas"
    assert term_label(CG + "implementedBy", "en", {}, inverse=True) == "implements"
    assert type_key([CG + "Municipality"]) == "organization"  # a subclass alone is enough
    assert type_key([ORG + "OrganizationalUnit", ORG + "Organization"]) == "unit"
