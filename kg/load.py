"""``civicgraph load FILE [--graph IRI]``: store an RDF file, as it is, as one named graph.

For data that is already RDF: a researcher's own vocabulary or annotations, another city's export, or the
datasets of the W3C SPARQL protocol tests (``data0.rdf`` … ``data3.rdf`` under their ``http://kasei.us/``
graph names). The public site stays read-only: like ``ingest``, ``load`` is a command-line write. The graph
holds exactly the file's triples (nothing is added to them); the manifest records the file, its hash and
the graph, and ``civicgraph forget GRAPH`` removes it again. Loading the same file again is a no-op; a
changed file replaces the graph in one transaction. A file that does not parse is refused with the
parser's message and nothing stored changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.layout import Layout
from kg.manifest import DocumentRow, Manifest, now
from kg.publish import IndexBuilder, default_builders, publish
from kg.settings import Settings
from kg.store import Store, StoreError, checked_iri

#: File extensions → rdflib parser names (formats holding one graph of triples).
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".n3": "n3",
    ".nt": "nt",
    ".ntriples": "nt",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
#: Manifest status of loaded graphs (``ingest`` writes "stored"; ``check`` compares those with the
#: document nodes ingest writes, which a loaded graph does not have).
LOADED = "loaded"


class LoadError(ValueError):
    """The file cannot be loaded (format, size, syntax or graph name)."""


@dataclass(frozen=True)
class LoadReport:
    graph: str
    triples: int
    status: str  # added | replaced | unchanged
    generation: int | None

    def render(self) -> str:
        published = f"; published generation {self.generation}" if self.generation is not None else ""
        return f"{self.status} graph <{self.graph}>: {self.triples} triples{published}"


def parse_file(path: Path, graph_iri: str, fmt: str | None, max_bytes: int) -> tuple[Graph, str]:
    """The file's triples and the hash of its bytes; :class:`LoadError` naming the file otherwise."""
    name = fmt or FORMATS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(FORMATS))
        raise LoadError(f"{path}: unknown RDF format {path.suffix!r} (known: {known}); pass --format")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"{path}: cannot read it ({exc.strerror})") from None
    if size > max_bytes:
        raise LoadError(f"{path}: {size} bytes is larger than max_document_bytes ({max_bytes})")
    data = path.read_bytes()
    graph = Graph(identifier=graph_iri)
    try:
        graph.parse(data=data, format=name, publicID=graph_iri)
    except Exception as exc:  # rdflib's parsers raise many types; all mean "not valid <format>"
        raise LoadError(f"{path}: not valid {name}: {exc}") from None
    return graph, "sha256:" + hashlib.sha256(data).hexdigest()


def load_rdf(
    settings: Settings,
    path: Path,
    *,
    graph: str | None = None,
    fmt: str | None = None,
    builders: Sequence[IndexBuilder] | None = None,
) -> LoadReport:
    """Store ``path``'s triples as the named graph ``graph`` (default: the file's ``file:`` IRI)."""
    iri = graph or path.resolve().as_uri()
    try:
        checked_iri(iri)
    except StoreError as exc:
        raise LoadError(f"{path}: {exc}") from None
    triples, digest = parse_file(path, iri, fmt, int(settings.max_document_bytes))
    layout = Layout(settings.data_path)
    with Store.open_writer(settings) as writer, Manifest(layout.manifest) as manifest:
        row = manifest.get(iri)
        if row is not None and row.content_hash == digest and writer.has_graph(iri) == bool(len(triples)):
            return LoadReport(iri, len(triples), "unchanged", None)
        status = "replaced" if row is not None or writer.has_graph(iri) else "added"
        writer.replace_graph(iri, triples)
        manifest.upsert(
            DocumentRow(iri, str(path), None, path.name, "rdf", None, None, digest, LOADED, now())
        )
        generation = publish(
            writer,
            manifest,
            settings,
            builders=list(builders) if builders is not None else default_builders(),
            changed={iri},
        )
    return LoadReport(iri, len(triples), status, generation)
