"""civicgraph core: settings, IRIs, the RDF store, manifest, indexes and search (no Flask here)."""

__version__ = "0.1.0"
