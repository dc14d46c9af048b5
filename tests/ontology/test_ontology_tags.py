"""The shipped SKOS schemes (ontology/tags.ttl) and label look-up."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from ingest.records import DocumentKind, FundingRole
from ontology import concept_iri, scheme_iri, tags_graph
from ontology.concepts import fold_label, lookup


def concepts(scheme: str) -> list[URIRef]:
    graph = tags_graph()
    return sorted(c for c in graph.subjects(SKOS.inScheme, scheme_iri(scheme)) if isinstance(c, URIRef))


def test_topics_have_english_and_lithuanian_labels_and_one_preflabel_per_language() -> None:
    graph = tags_graph()
    topics = concepts("topics")
    assert len(topics) >= 40
    for concept in topics:
        langs = Counter(
            lbl.language for lbl in graph.objects(concept, SKOS.prefLabel) if isinstance(lbl, Literal)
        )
        assert {"en", "lt"} <= set(langs), concept
        assert max(langs.values()) == 1, f"{concept}: more than one prefLabel in a language"
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert graph.value(concept, SKOS.notation) is not None
        assert str(concept).endswith("/" + str(graph.value(concept, SKOS.notation)))
    other_langs = {
        lbl.language for c in topics for lbl in graph.objects(c, SKOS.prefLabel) if isinstance(lbl, Literal)
    }
    assert {"lv", "pl", "sv", "de"} <= other_langs


def test_broader_links_stay_inside_the_scheme() -> None:
    graph = tags_graph()
    topics = set(concepts("topics"))
    for concept in topics:
        for broader in graph.objects(concept, SKOS.broader):
            assert broader in topics


def test_no_two_topics_share_a_label() -> None:
    graph = tags_graph()
    seen: dict[str, URIRef] = {}
    for concept in concepts("topics"):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, prop):
                key = f"{getattr(label, 'language', '')}:{fold_label(str(label))}"
                assert seen.setdefault(key, concept) == concept, f"{label!r} labels two topics"


def test_funds_roles_and_document_kinds_cover_the_record_values() -> None:
    for code in (
        "ERDF",
        "ESF",
        "ESF+",
        "EAFRD",
        "EMFF",
        "CF",
        "INTERREG",
        "EEA",
        "NORWAY",
        "NATIONAL",
        "MUNICIPAL",
    ):
        assert lookup("funds", code) == concept_iri("funds", code)
    graph = tags_graph()
    for fund in concepts("funds"):
        langs = {lbl.language for lbl in graph.objects(fund, SKOS.prefLabel) if isinstance(lbl, Literal)}
        assert {"en", "lt"} <= langs
    for role in FundingRole.__args__:
        assert lookup("funding-roles", role) == concept_iri("funding-roles", role)
    for kind in DocumentKind.__args__:
        assert lookup("document-kinds", kind) == concept_iri("document-kinds", kind)


@pytest.mark.parametrize(
    ("scheme", "text", "notation"),
    [
        ("topics", "Cross-sectoral cooperation", "cross-sectoral-cooperation"),
        ("topics", "PARTICIPATORY APPROACH", "participatory-approach"),
        ("topics", "atliekų perdirbimas", "recycling"),
        ("topics", "atlieku perdirbimas", "recycling"),
        ("topics", "Kreislaufwirtschaft", "circular-economy"),
        ("topics", "gospodarka odpadami", "waste-management"),
        ("topics", "hållbar utveckling", "sustainable-development"),
        ("funds", "European Regional Development Fund", "ERDF"),
        ("funds", "Europos regioninės plėtros fondas", "ERDF"),
        ("funds", "EFRE", "ERDF"),
        ("funds", "erdf", "ERDF"),
        ("funds", "savivaldybės biudžetas", "MUNICIPAL"),
        ("funds", "EEA and Norway Grants", "EEA"),
    ],
)
def test_lookup_by_any_label_or_notation(scheme: str, text: str, notation: str) -> None:
    assert lookup(scheme, text) == concept_iri(scheme, notation)


@pytest.mark.parametrize(
    ("scheme", "text"), [("topics", "knitting"), ("topics", ""), ("ce-sector", "Repair")]
)
def test_lookup_misses_return_none(scheme: str, text: str) -> None:
    assert lookup(scheme, text) is None
