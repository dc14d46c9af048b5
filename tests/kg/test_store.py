from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg import sparql
from kg.layout import Layout
from kg.manifest import Manifest
from kg.publish import publish
from kg.settings import Settings
from kg.store import Store, StoreError, WriterBusyError

G1 = "http://example.org/id/doc/one"
S = URIRef("http://example.org/id/org/x")
P = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def graph(*labels: str) -> Graph:
    g = Graph()
    for label in labels:
        g.add((S, P, Literal(label, lang="en")))
    return g


def labels(store: Store) -> set[str]:
    return {str(o) for _, _, o in store.graph(G1)}


def test_replace_graph_replaces_whole_graph(settings: Settings) -> None:
    with Store.open_writer(settings) as store:
        store.replace_graph(G1, graph("old", "older"))
        store.replace_graph(G1, graph('new "quoted"\nline'))
        assert labels(store) == {'new "quoted"\nline'}
        store.drop_graph(G1)
        assert not store.has_graph(G1)


def test_second_writer_gets_clear_error(settings: Settings) -> None:
    with Store.open_writer(settings), pytest.raises(WriterBusyError, match="another writer"):
        Store.open_writer(settings)
    Store.open_writer(settings).close()  # the lock is released


def test_readers_see_published_generations_only(settings: Settings) -> None:
    with Store.open_writer(settings) as writer, Manifest(Layout(settings.data_path).manifest) as manifest:
        assert Store.open_reader(settings).generation == 0
        writer.replace_graph(G1, graph("first"))
        assert publish(writer, manifest, settings) == 1
        writer.replace_graph(G1, graph("second"))  # not yet published
        with Store.open_reader(settings) as reader:  # never blocked by the writer
            assert reader.generation == 1
            assert labels(reader) == {"first"}
        assert publish(writer, manifest, settings) == 2
        with Store.open_reader(settings) as reader:
            assert labels(reader) == {"second"}
            with pytest.raises(StoreError, match="read-only"):
                reader.replace_graph(G1, graph("x"))


def test_old_generations_are_collected(settings: Settings) -> None:
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as writer, Manifest(layout.manifest) as manifest:
        for i in range(6):
            writer.replace_graph(G1, graph(str(i)))
            publish(writer, manifest, settings)
    kept = sorted(p.name for p in layout.snapshots.iterdir())
    assert len(kept) == 3 and kept[-1] == "00000006"


def test_named_query_with_bindings(settings: Settings) -> None:
    store = Store.in_memory()
    store.replace_graph(G1, graph("a", "b"))
    counts = sparql.rows(store, "counts")[0]
    assert int(str(counts["triples"])) == 2
    result = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": S})
    assert {str(row[1]) for row in result} == {"a", "b"}  # type: ignore[index]


def test_bad_graph_name_is_refused(tmp_path: Path) -> None:
    store = Store.in_memory()
    with pytest.raises(StoreError, match="not a valid IRI"):
        store.drop_graph("http://x> } ; DROP ALL ; #")


def test_literals_with_unicode_line_separators(settings: Settings) -> None:
    store = Store.in_memory()
    text = "first\u2028second\u2029third\x85fourth\r\nfifth"
    store.replace_graph(G1, graph(text))
    assert labels(store) == {text}
