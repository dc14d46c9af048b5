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


def _files_hold(root: Path, needle: bytes) -> bool:
    return any(p.is_file() and needle in p.read_bytes() for p in root.rglob("*"))


def test_rebuild_leaves_no_bytes_of_removed_triples(settings: Settings) -> None:
    primary = Layout(settings.data_path).primary
    with Store.open_writer(settings) as w:
        w.replace_graph("http://example.org/g/a", graph("Zyxwvutsrq Removed"))
        w.replace_graph("http://example.org/g/b", graph("kept value"))
        w.drop_graph("http://example.org/g/a")
        w.ox.flush()
        assert _files_hold(primary, b"Zyxwvutsrq")  # Oxigraph keeps the string after the delete
        assert w.rebuild() == 1
        assert {str(g) for g in w.graph_iris()} == {"http://example.org/g/b"}
        w.replace_graph("http://example.org/g/c", graph("after the rebuild"))  # still writable
    assert not _files_hold(primary, b"Zyxwvutsrq")
    with Store.open_writer(settings) as w:
        assert w.triple_count() == 2


@pytest.mark.parametrize("stage", ["copy-incomplete", "between-renames", "before-renames"])
def test_interrupted_rebuild_is_finished_or_discarded(settings: Settings, stage: str) -> None:
    """A rebuild that stopped part-way: the next writer sees either the old or the complete new store."""
    import pyoxigraph as ox

    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w:
        w.replace_graph("http://example.org/g/a", graph("old"))
    fresh_dir, done = layout.root / "primary.rebuild", layout.root / "primary.rebuild.done"
    fresh = ox.Store(str(fresh_dir))
    fresh.add(
        ox.Quad(
            ox.NamedNode("http://example.org/s"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal("new"),
            ox.NamedNode("http://example.org/g/a"),
        )
    )
    fresh.flush()
    del fresh
    if stage != "copy-incomplete":
        done.touch()
    if stage == "between-renames":
        layout.primary.rename(layout.root / "primary.old")
    with Store.open_writer(settings) as w:
        values = {str(o) for o in w.graph("http://example.org/g/a").objects()}
    assert values == ({"old"} if stage == "copy-incomplete" else {"new"})
    assert not fresh_dir.exists() and not done.exists() and not (layout.root / "primary.old").exists()
