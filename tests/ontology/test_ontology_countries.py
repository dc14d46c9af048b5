"""Countries: look-up by code or name in many languages, IRIs and labels."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ontology.countries import code_of_iri, countries_graph, country_code, country_iri, names

EU_AND_NEIGHBOURS = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "BY", "RU", "UA", "NO", "GB", "CH", "IS",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Finland", "FI"),
        ("FI", "FI"),
        ("fi", "FI"),
        ("fin", "FI"),
        ("FIN", "FI"),
        ("Suomija", "FI"),
        ("Suomi", "FI"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Kaliningrad Oblast (Russian Federation)", "RU"),
        ("Rusijos Federacija", "RU"),
        ("Lietuva", "LT"),
        ("Lithuania", "LT"),
        ("LIETUVA", "LT"),
        ("Alytus, Lithuania", "LT"),
        ("Baltarusija", "BY"),
        ("Belarus", "BY"),
        ("Polska", "PL"),
        ("Lenkija", "PL"),
        ("Latvija", "LV"),
        ("Deutschland", "DE"),
        ("Sverige", "SE"),
        ("Danmark", "DK"),
        ("Eesti", "EE"),
        ("Norvegija", "NO"),
        ("Norge", "NO"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Jungtinė Karalystė", "GB"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Turkey", "TR"),
        ("EL", "GR"),
        ("Kosovo", "XK"),
        ("Україна", "UA"),
        ("  Estonia  ", "EE"),
    ],
)
def test_country_code(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["", "   ", None, "Atlantis", "XX", "zzz", "Alytus"])
def test_unknown_countries_give_none(text: str | None) -> None:
    assert country_code(text) is None


@pytest.mark.parametrize("code", EU_AND_NEIGHBOURS)
def test_eu_and_neighbours_have_english_lithuanian_and_native_names(code: str) -> None:
    found = names(code)
    assert found is not None
    assert {"en", "lt"} <= set(found.labels)
    assert len(found.labels) >= 8
    for name in found.labels.values():
        assert country_code(name) == code, (code, name)


def test_country_iris() -> None:
    assert country_iri("lt") == URIRef("https://w3id.org/civicgraph/country/LT")
    assert code_of_iri(str(country_iri("LT"))) == "LT"
    assert code_of_iri("https://example.org/LT") is None
    with pytest.raises(ValueError, match="unknown"):
        country_iri("XX")


def test_countries_graph() -> None:
    graph = countries_graph()
    lt = country_iri("LT")
    assert graph.value(lt, SKOS.notation) == Literal("LT")
    assert Literal("Lietuva", lang="lt") in set(graph.objects(lt, SKOS.prefLabel))
    assert Literal("Lithuania", lang="en") in set(graph.objects(lt, SKOS.prefLabel))
    assert graph.value(lt, SKOS.exactMatch) == URIRef(
        "http://publications.europa.eu/resource/authority/country/LTU"
    )
    assert len(set(graph.subjects(SKOS.notation, None))) >= 249
