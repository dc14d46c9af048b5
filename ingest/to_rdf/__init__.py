"""Records → RDF: one named graph per source document, with PROV for where every fact came from.

``document_graph(doc, minter, activity_time=...)`` is the entry point; docs/modelling.md shows the
graph it produces for a worked example.
"""

from __future__ import annotations

from ingest.to_rdf.document import document_graph

__all__ = ["document_graph"]
