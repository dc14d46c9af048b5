"""Structural checks of SPARQL results documents: SPARQL 1.1 Query Results JSON and XML (the element
structure of the W3C results schema), each parsed into comparable terms."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

SR = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
Term = tuple[Any, ...]  # ("uri", iri) | ("bnode", label) | ("literal", value, lang, datatype)


def parse_xml_results(body: bytes) -> bool | tuple[list[str], list[dict[str, Term]]]:
    """A SPARQL XML results document checked against the element structure of the results schema."""
    root = ET.fromstring(body)
    assert root.tag == SR + "sparql", root.tag
    children = list(root)
    assert len(children) == 2 and children[0].tag == SR + "head", [c.tag for c in children]
    head = children[0]
    assert all(e.tag in (SR + "variable", SR + "link") for e in head)
    variables = [str(e.get("name")) for e in head if e.tag == SR + "variable"]
    assert all(e.get("name") for e in head if e.tag == SR + "variable")
    if children[1].tag == SR + "boolean":
        assert variables == [] and children[1].text in ("true", "false")
        return children[1].text == "true"
    results = children[1]
    assert results.tag == SR + "results"
    rows: list[dict[str, Term]] = []
    for result in results:
        assert result.tag == SR + "result"
        row: dict[str, Term] = {}
        for binding in result:
            name = binding.get("name")
            assert binding.tag == SR + "binding" and name in variables and name not in row
            (term,) = list(binding)
            assert len(term) == 0
            if term.tag == SR + "uri":
                assert not term.attrib
                row[name] = ("uri", term.text or "")
            elif term.tag == SR + "bnode":
                assert not term.attrib and term.text
                row[name] = ("bnode", term.text)
            else:
                assert term.tag == SR + "literal", term.tag
                assert set(term.attrib) <= {XML_LANG, "datatype"} and len(term.attrib) < 2
                row[name] = ("literal", term.text or "", term.get(XML_LANG), term.get("datatype"))
        rows.append(row)
    return variables, rows


def parse_json_results(body: bytes) -> tuple[list[str], list[dict[str, Term]]]:
    """A SPARQL JSON results document checked against the structure of the JSON results format."""
    data = json.loads(body)
    assert set(data) == {"head", "results"}, data.keys()
    assert set(data["head"]) <= {"vars", "link"}
    variables = data["head"]["vars"]
    assert isinstance(variables, list) and all(isinstance(v, str) for v in variables)
    assert set(data["results"]) == {"bindings"}
    rows: list[dict[str, Term]] = []
    for binding in data["results"]["bindings"]:
        row: dict[str, Term] = {}
        for name, term in binding.items():
            assert name in variables
            kind = term["type"]
            if kind == "literal":
                assert set(term) <= {"type", "value", "xml:lang", "datatype"} and not {
                    "xml:lang",
                    "datatype",
                } <= set(term)
                row[name] = ("literal", term["value"], term.get("xml:lang"), term.get("datatype"))
            else:
                assert kind in ("uri", "bnode") and set(term) == {"type", "value"}, term
                row[name] = (kind, term["value"])
        rows.append(row)
    return variables, rows
