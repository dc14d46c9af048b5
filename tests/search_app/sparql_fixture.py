"""A published data dir for the SPARQL tests: the fictional graph of tests/fixtures/pages.trig plus the
static vocabularies, with search indexes built by the deterministic hashing encoder (no model files)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg import settings as settings_mod
from kg.indexing import build_search_index
from kg.manifest import Manifest
from kg.publish import publish
from kg.store import Store
from tests.search_app.pages_fixture import BASE, load

PRACTICE = BASE + "id/practice/repair-cafes"


def build(root: Path, graphs: Mapping[str, Graph] | None = None, **overrides: Any) -> settings_mod.Settings:
    """Publish the fixture (plus ``graphs``: more named graphs by IRI) in ``root``; the settings."""
    values: dict[str, Any] = {"model": "hashing:64", "base_url": BASE, "sparql_timeout": 2.0}
    values.update(overrides)
    settings = settings_mod.load({}, data_dir=str(root / "store"), **values)
    writer = Store.open_writer(settings)
    assert writer.layout is not None
    manifest = Manifest(writer.layout.manifest)
    try:
        manifest.set_meta("iri_base", BASE)
        load(writer)
        for iri, graph in (graphs or {}).items():
            writer.replace_graph(iri, graph)
        publish(writer, manifest, settings, builders=[build_search_index])
    finally:
        manifest.close()
        writer.close()
    return settings
