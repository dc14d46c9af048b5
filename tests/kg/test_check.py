from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.check import check
from kg.layout import Layout
from kg.manifest import DocumentRow, Manifest, now
from kg.publish import publish
from kg.settings import Settings
from kg.store import Store

CG = "https://w3id.org/civicgraph/ns#"
DOC = "http://example.org/id/doc/a"


def doc_graph(digest: str) -> Graph:
    g = Graph()
    d = URIRef(DOC)
    g.add((d, RDF.type, URIRef(CG + "SourceDocument")))
    g.add((d, URIRef(CG + "contentHash"), Literal(digest)))
    g.add((d, DCTERMS.source, Literal("a.txt")))
    return g


def row(digest: str) -> DocumentRow:
    return DocumentRow(DOC, "a.txt", None, "a.txt", "other", "en", None, digest, "stored", now())


def test_consistent_store_passes(settings: Settings) -> None:
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w, Manifest(layout.manifest) as m:
        w.replace_graph(DOC, doc_graph("h1"))
        m.upsert(row("h1"))
        publish(w, m, settings)
    report = check(settings, builders=[], verifiers=[])
    assert report.ok, report.render()


def test_crash_after_graph_write_is_found_and_repaired(settings: Settings) -> None:
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w, Manifest(layout.manifest) as m:
        w.replace_graph(DOC, doc_graph("h1"))
        m.upsert(row("h1"))
        publish(w, m, settings)
        w.replace_graph(DOC, doc_graph("h2"))  # the process "dies" before the manifest and the publish
    report = check(settings, builders=[], verifiers=[])
    assert not report.ok
    assert any("another version" in p for p in report.problems)
    assert any("lags" in p for p in report.problems)
    repaired = check(settings, repair=True, builders=[], verifiers=[])
    assert repaired.repaired
    again = check(settings, builders=[], verifiers=[])
    assert again.ok, again.render()
    with Store.open_reader(settings) as reader:
        assert {str(o) for o in reader.graph(DOC).objects(URIRef(DOC), URIRef(CG + "contentHash"))} == {"h2"}


def test_manifest_row_without_graph(settings: Settings) -> None:
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w, Manifest(layout.manifest) as m:
        m.upsert(row("h1"))
        publish(w, m, settings)
    report = check(settings, builders=[], verifiers=[])
    assert any("missing from the store" in p for p in report.problems)
    check(settings, repair=True, builders=[], verifiers=[])
    assert check(settings, builders=[], verifiers=[]).ok


def test_damaged_current_is_found_and_repaired(settings: Settings) -> None:
    """A damaged CURRENT blocks readers with a clear error; check names it; a writer can still open the
    store; --repair publishes a new generation after the newest snapshot on disk."""
    import pytest

    from kg.layout import DamagedCurrentError

    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as w, Manifest(layout.manifest) as m:
        w.replace_graph(DOC, doc_graph("h1"))
        m.upsert(row("h1"))
        publish(w, m, settings)
        publish(w, m, settings)
    layout.current.write_text('{"generation": ', encoding="utf-8")
    with pytest.raises(DamagedCurrentError, match=r"CURRENT is damaged .*check --repair"):
        Store.open_reader(settings)
    report = check(settings, builders=[], verifiers=[])
    assert not report.ok and any("CURRENT is damaged" in p for p in report.problems), report.render()
    repaired = check(settings, repair=True, builders=[], verifiers=[])
    assert repaired.generation == 3, repaired.render()
    assert check(settings, builders=[], verifiers=[]).ok
    with Store.open_reader(settings) as reader:
        assert reader.generation == 3
        assert {str(o) for o in reader.graph(DOC).objects(URIRef(DOC), URIRef(CG + "contentHash"))} == {"h1"}
