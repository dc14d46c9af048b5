"""Across documents: the four seed pages ingested into one store, questioned by SPARQL.

Acceptance of the extraction issue: one node for Alytus City Municipality with its Lithuanian and
English names, its unit and three staff with contacts; the project linked to Alytus District
Municipality and to its 12 partners.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from kg import settings as settings_mod
from kg.store import Store

pytestmark = pytest.mark.shared

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX cg: <https://w3id.org/civicgraph/ns#>
"""


@pytest.fixture(scope="module")
def store(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    settings = settings_mod.load({}, data_dir=str(tmp_path_factory.mktemp("seeds") / "store"))
    with Ingestor(settings, builders=[]) as ingestor:
        summary = ingestor.ingest([shared_dir / "seeds"])
    assert summary.counts["added"] == 4, summary.render()
    return Store.open_reader(settings)


def select(store: Store, body: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + body)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]


def test_alytus_city_is_one_node_with_both_names(store: Store) -> None:
    rows = select(
        store,
        """SELECT DISTINCT ?org WHERE {
             ?org a org:Organization ; (skos:prefLabel|skos:altLabel|rdfs:label) ?en , ?lt .
             FILTER(STR(?en) = "Alytus City Municipality" && LANG(?en) = "en")
             FILTER(STR(?lt) = "Alytaus miesto savivaldybė" && LANG(?lt) = "lt")
           }""",
    )
    assert len(rows) == 1
    others = select(
        store,
        """SELECT DISTINCT ?org WHERE { ?org a org:Organization ; (skos:prefLabel|skos:altLabel) ?n .
             FILTER(LCASE(STR(?n)) IN ("alytus city municipality", "alytaus miesto savivaldybė")) }""",
    )
    assert others == rows  # no second node carries either name


def test_unit_and_three_staff_with_contacts(store: Store) -> None:
    rows = select(
        store,
        """SELECT DISTINCT ?name ?email ?tel ?office WHERE {
             ?city (skos:prefLabel|skos:altLabel) "Alytaus miesto savivaldybė"@lt .
             ?unit org:unitOf ?city ; skos:prefLabel "Viešųjų ir užsienio ryšių skyrius"@lt .
             ?person foaf:name ?name ; org:holds/org:postIn ?unit ;
                     vcard:hasEmail ?email ; vcard:hasTelephone/vcard:hasValue ?tel ; cg:office ?office .
           }""",
    )
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Modesta Tarasauskienė", "Loreta Gaižiuvienė", "Dovilė Balčiūnaitė"}
    assert by_name["Modesta Tarasauskienė"]["email"] == "mailto:modesta.tarasauskiene@alytus.lt"
    assert by_name["Modesta Tarasauskienė"]["tel"] == "tel:+37031555118"
    assert by_name["Modesta Tarasauskienė"]["office"] == "211"


def test_project_linked_to_district_municipality_and_twelve_partners(store: Store) -> None:
    rows = select(
        store,
        """SELECT ?project (COUNT(DISTINCT ?partner) AS ?partners) WHERE {
             ?project dct:identifier "10-056-K0023" ; cg:leadOrganization ?lead ;
                      cg:partnerOrganization ?partner .
             ?district (skos:prefLabel|skos:altLabel) "Alytaus rajono savivaldybė"@lt .
             ?lead (org:subOrganizationOf|cg:administeredBy)* ?district .
           } GROUP BY ?project""",
    )
    assert len(rows) == 1
    assert rows[0]["partners"] == "12"
