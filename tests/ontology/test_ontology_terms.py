"""The ontology file, its generated namespace and the static graphs the store loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import OWL, SKOS

import ontology
from ingest.records import ORG_TYPES
from ontology import generate
from ontology.namespace import CG

REPO = Path(__file__).resolve().parents[2]


def test_namespace_py_is_generated_from_the_ttl() -> None:
    on_disk = (REPO / "ontology" / "namespace.py").read_text(encoding="utf-8")
    assert on_disk == generate.render(), "ontology/namespace.py drifted: run python -m ontology.generate"


def test_generate_sees_new_terms_and_check_fails_on_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ttl = tmp_path / "extra.ttl"
    ttl.write_text(
        (REPO / "ontology" / "civicgraph.ttl").read_text(encoding="utf-8")
        + '\ncg:brandNewTerm a owl:DatatypeProperty ; rdfs:label "new"@en .\n',
        encoding="utf-8",
    )
    assert "brandNewTerm: URIRef" in generate.render(ttl)
    assert "brandNewTerm" not in generate.render()
    result = subprocess.run(
        [sys.executable, "-m", "ontology.generate", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    stale = tmp_path / "namespace.py"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(generate, "TARGET", stale)
    assert generate.main(["--check"]) == 1
    assert generate.main([]) == 0
    assert stale.read_text(encoding="utf-8") == generate.render()


def test_defined_namespace_refuses_unknown_terms() -> None:
    assert CG.GoodPractice == URIRef("https://w3id.org/civicgraph/ns#GoodPractice")
    with pytest.raises(AttributeError):
        _ = CG.GoodPractise  # a typo must fail, not mint a new term


def test_every_term_is_labelled_in_english_and_described() -> None:
    graph = ontology.ontology_graph()
    terms = generate.terms(graph)
    assert len(terms) >= 60
    for term in terms:
        langs = {lbl.language for lbl in graph.objects(term, RDFS.label) if isinstance(lbl, Literal)}
        assert "en" in langs, term
        assert "lt" in langs, term
        assert graph.value(term, RDFS.comment) is not None, term


def test_there_is_one_class_per_organisation_type() -> None:
    classes = ontology.org_type_classes()
    assert set(classes) == set(ORG_TYPES) - {"other"}
    graph = ontology.ontology_graph()
    org = URIRef("http://www.w3.org/ns/org#Organization")
    for cls in classes.values():
        assert (cls, RDFS.subClassOf, org) in graph
        assert (cls, RDF.type, OWL.Class) in graph
    assert ontology.org_class("municipality") == CG.Municipality
    assert ontology.org_class("research") == CG.ResearchInstitution
    assert ontology.org_class("other") is None
    assert ontology.org_class(None) is None


def test_static_graphs_are_named_and_distinct() -> None:
    graphs = ontology.static_graphs()
    assert set(graphs) == {
        str(ontology.ONTOLOGY_GRAPH),
        str(ontology.TAGS_GRAPH),
        str(ontology.COUNTRIES_GRAPH),
    }
    for iri, graph in graphs.items():
        assert str(graph.identifier) == iri
        assert len(graph) > 100
    assert (URIRef("https://w3id.org/civicgraph/country/LT"), RDF.type, CG.Country) in graphs[
        str(ontology.COUNTRIES_GRAPH)
    ]
    assert (ontology.scheme_iri("topics"), RDF.type, SKOS.ConceptScheme) in graphs[str(ontology.TAGS_GRAPH)]


def test_scheme_and_concept_iris() -> None:
    assert str(ontology.scheme_iri("funds")) == "https://w3id.org/civicgraph/scheme/funds"
    assert str(ontology.concept_iri("funds", "ESF+")) == "https://w3id.org/civicgraph/scheme/funds/ESF-PLUS"
    with pytest.raises(ValueError, match="not a shipped scheme"):
        ontology.scheme_iri("ce-sector")
