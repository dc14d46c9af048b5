"""A published data dir holding the fictional graph of tests/fixtures/pages.trig (page and resource
tests). Written the way ingest writes: writer store, one named graph per document, the static
vocabularies, the manifest's IRI base and document rows, then a published generation."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, URIRef

import ontology
from kg import settings as settings_mod
from kg.manifest import DocumentRow, Manifest
from kg.publish import publish
from kg.store import Store

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "pages.trig"
BASE = "http://civicgraph.test/"


def fixture_graphs(path: Path = FIXTURE) -> dict[str, object]:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    return {
        str(g.identifier): g
        for g in dataset.graphs()
        if len(g) and isinstance(g.identifier, URIRef) and str(g.identifier).startswith(BASE)
    }


def load(store: Store, path: Path = FIXTURE) -> list[str]:
    """Put the fixture's document graphs and the static vocabularies into ``store``."""
    graphs = fixture_graphs(path)
    for iri, graph in graphs.items():
        store.replace_graph(iri, graph)  # type: ignore[arg-type]
    for iri, graph in ontology.static_graphs().items():
        store.replace_graph(str(iri), graph)
    return sorted(graphs)


def build_data_dir(root: Path, path: Path = FIXTURE) -> settings_mod.Settings:
    settings = settings_mod.load({}, data_dir=str(root / "store"))
    writer = Store.open_writer(settings)
    assert writer.layout is not None
    manifest = Manifest(writer.layout.manifest)
    try:
        manifest.set_meta("iri_base", BASE)
        documents = load(writer, path)
        for number, iri in enumerate(documents):
            manifest.upsert(
                DocumentRow(
                    iri=iri,
                    source=iri,
                    source_url=None,
                    file_name=f"doc{number}.html",
                    kind="other",
                    language="en",
                    mapping=None,
                    content_hash=f"sha256:{number}",
                    status="stored",
                    updated_at=f"2024-01-{10 + number:02d}T10:00:00+00:00",
                )
            )
        publish(writer, manifest, settings, builders=[])
    finally:
        manifest.close()
        writer.close()
    return settings
