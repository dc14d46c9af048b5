"""``civicgraph load``: an RDF file stored as it is in one named graph, readers see it after publish."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg.check import check
from kg.forget import forget
from kg.load import LoadError, load_rdf
from kg.settings import Settings
from kg.store import Store

GRAPH = "http://kasei.us/2009/09/sparql/data/data1.rdf"
RDF_XML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/ns#">
  <rdf:Description rdf:about="http://example.org/a"><ex:name>Alpha</ex:name></rdf:Description>
  <rdf:Description rdf:about="http://example.org/b"><ex:name>Beta</ex:name></rdf:Description>
</rdf:RDF>
"""


def _names(settings: Settings, graph: str) -> set[str]:
    with Store.open_reader(settings) as reader:
        return {str(o) for o in reader.graph(graph).objects(None, URIRef("http://example.org/ns#name"))}


def test_load_stores_exactly_the_files_triples(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "data1.rdf"
    path.write_text(RDF_XML, encoding="utf-8")
    first = load_rdf(settings, path, graph=GRAPH, builders=[])
    assert (first.status, first.triples, first.generation) == ("added", 2, 1)
    assert _names(settings, GRAPH) == {"Alpha", "Beta"}
    with Store.open_reader(settings) as reader:
        assert len(reader.graph(GRAPH)) == 2  # nothing added to the researcher's triples
    assert load_rdf(settings, path, graph=GRAPH, builders=[]).status == "unchanged"
    path.write_text(RDF_XML.replace("Beta", "Gamma"), encoding="utf-8")
    assert load_rdf(settings, path, graph=GRAPH, builders=[]).status == "replaced"
    assert _names(settings, GRAPH) == {"Alpha", "Gamma"}
    assert check(settings, builders=[], verifiers=[]).ok
    forget(settings, GRAPH, builders=[])
    assert _names(settings, GRAPH) == set()


def test_default_graph_name_is_the_files_iri(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text('<http://example.org/a> <http://example.org/ns#name> "Delta" .\n', encoding="utf-8")
    report = load_rdf(settings, path, builders=[])
    assert report.graph == path.resolve().as_uri() and _names(settings, report.graph) == {"Delta"}


@pytest.mark.parametrize(
    ("name", "content", "graph", "message"),
    [
        ("bad.ttl", "<http://example.org/a> <http://example.org/p> .", None, "not valid turtle"),
        ("data.csv", "a,b\n", None, "unknown RDF format '.csv'"),
        ("ok.ttl", "", "not an iri", "not a valid IRI"),
        ("ok.ttl", "", "relative/graph", "not a valid IRI"),
    ],
)
def test_bad_files_are_refused_and_nothing_changes(
    settings: Settings, tmp_path: Path, name: str, content: str, graph: str | None, message: str
) -> None:
    kept = tmp_path / "kept.ttl"
    kept.write_text('<http://example.org/a> <http://example.org/ns#name> "Kept" .\n', encoding="utf-8")
    load_rdf(settings, kept, graph=GRAPH, builders=[])
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match=message) as error:
        load_rdf(settings, path, graph=graph, builders=[])
    assert str(path) in str(error.value)
    assert _names(settings, GRAPH) == {"Kept"}
