"""SHACL validation: broken records are named, reports point at the document's graph."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from kg.validate import ValidationReport, Violation, validate
from ontology import static_graphs

PREFIXES = """
@prefix cg:     <https://w3id.org/civicgraph/ns#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix vcard:  <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@base <http://example.org/id/> .
"""

GOOD = """
<practice/p> a cg:GoodPractice ; dct:title "Repair café"@en ; cg:implementedBy <org/o> .
<org/o> a org:Organization ; skos:prefLabel "Lakeside"@en ; vcard:hasEmail <mailto:info@lakeside.example> .
<project/x> a schema:Project ; dct:title "Lake Care"@en ; cg:funding <funding/f> .
<funding/f> a cg:Funding ; schema:amount <amount/a> .
<amount/a> a schema:MonetaryAmount ; schema:value 12.50 ; schema:currency "EUR" .
"""


def parse(body: str) -> Graph:
    return Graph().parse(data=PREFIXES + body, format="turtle")


def messages(report: ValidationReport) -> set[str]:
    return {v.message for v in report.violations}


def test_good_graph_conforms() -> None:
    report = validate(parse(GOOD))
    assert report.conforms
    assert report.violations == []
    assert "conforms" in report.render()


def test_practice_without_title_is_named() -> None:
    report = validate(parse(GOOD.replace('dct:title "Repair café"@en ;', "")))
    assert not report.conforms
    [violation] = report.violations
    assert violation.focus == "http://example.org/id/practice/p"
    assert violation.path == "http://purl.org/dc/terms/title"
    assert violation.message == "A good practice needs a title (dct:title)."
    assert violation.severity == "Violation"


def test_amount_that_is_not_a_number_is_named() -> None:
    report = validate(parse(GOOD.replace("schema:value 12.50", 'schema:value "12,50 EUR"')))
    assert not report.conforms
    assert "An amount's value must be an xsd:decimal number." in messages(report)
    bad = next(v for v in report.violations if v.path == "https://schema.org/value")
    assert bad.focus == "http://example.org/id/amount/a"
    assert bad.value == '"12,50 EUR"'


def test_untagged_title_missing_currency_and_bad_email_are_named() -> None:
    body = (
        GOOD.replace('"Lake Care"@en', '"Lake Care"')
        .replace('; schema:currency "EUR"', "")
        .replace("<mailto:info@lakeside.example>", "<http://lakeside.example/contact>")
    )
    found = messages(validate(parse(body)))
    assert "A project's title must be non-empty text with a language tag." in found
    assert 'An amount needs one ISO 4217 currency code (schema:currency), e.g. "EUR".' in found
    assert "An e-mail must be a mailto: IRI such as <mailto:name@example.org>." in found


def test_telephone_values_must_be_e164_tel_iris() -> None:
    body = (
        GOOD
        + """
<person/a> a foaf:Person ; foaf:name "A B"@en ; vcard:hasTelephone <contact/c> .
<contact/c> a vcard:Voice ; vcard:hasValue <tel:8-315-55118> .
"""
    )
    report = validate(parse(body))
    assert not report.conforms
    assert any("E.164" in v.message for v in report.violations)


def test_warnings_are_reported_without_failing() -> None:
    report = validate(
        parse(GOOD + '<unit/u> a org:Organization , org:OrganizationalUnit ; skos:prefLabel "U"@en .')
    )
    assert report.conforms
    [warning] = report.violations
    assert warning.severity == "Warning"
    assert "[Warning]" in report.render()


def test_dataset_reports_name_the_document_graph() -> None:
    dataset = Dataset()
    good = dataset.graph(URIRef("http://example.org/id/doc/good"))
    for triple in parse(GOOD):
        good.add(triple)
    bad = dataset.graph(URIRef("http://example.org/id/doc/bad"))
    for triple in parse("<person/z> a foaf:Person ; vcard:hasEmail <mailto:z@example.org> ."):
        bad.add(triple)
    report = validate(dataset)
    assert not report.conforms
    assert report.violations == [
        Violation(
            focus="http://example.org/id/person/z",
            path="http://xmlns.com/foaf/0.1/name",
            message="A person needs a name (foaf:name).",
            severity="Violation",
            graph="http://example.org/id/doc/bad",
            value=None,
            shape=None,
        )
    ]
    text = report.render()
    assert "graph http://example.org/id/doc/bad:" in text
    assert "A person needs a name (foaf:name)." in text


def test_shipped_vocabularies_conform() -> None:
    dataset = Dataset()
    for iri, graph in static_graphs().items():
        named = dataset.graph(URIRef(iri))
        for triple in graph:
            named.add(triple)
    report = validate(dataset)
    assert report.conforms, report.render()
    assert report.violations == []
