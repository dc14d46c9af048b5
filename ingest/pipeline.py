"""Ingest: inputs → ExtractedDocuments → one named graph each in the store, then publish.

Each document is all-or-nothing: it is fully converted to RDF in memory before anything is written,
its graph is replaced in one store transaction, and the manifest row follows. Unchanged content
(same hash) is a no-op. A refused document changes nothing that was stored before.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np

from ingest.records import ExtractedDocument
from ingest.sources import Input, expand, printable_name, sidecar_url
from kg.forget import scrub_forgotten
from kg.iris import Minter
from kg.manifest import DocumentRow, Manifest, now
from kg.publish import IndexBuilder, default_builders, fault, publish
from kg.settings import Settings
from kg.store import Store

#: Bump when extraction or RDF conversion changes so that re-ingesting re-extracts unchanged files.
PIPELINE_VERSION = "2"

Status = Literal["added", "unchanged", "replaced", "refused"]


@dataclass(frozen=True)
class Outcome:
    input: str
    status: Status
    document: str | None = None
    reason: str | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    generation: int | None = None

    @property
    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    def render(self) -> str:
        c = self.counts
        lines = [
            f"documents: {c['added']} added, {c['unchanged']} unchanged, {c['replaced']} replaced, "
            f"{c['refused']} refused"
        ]
        lines += [f"  refused {o.input}: {o.reason}" for o in self.outcomes if o.status == "refused"]
        return "\n".join(lines)


class InputError(ValueError):
    """An input cannot be read as a document (the message names the input and the problem)."""


@dataclass(frozen=True)
class Produced:
    """A document ready to store, or a refusal, produced from one input."""

    input: str
    document: ExtractedDocument | None = None
    reason: str | None = None


def _hash(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x1f")
    return "sha256:" + digest.hexdigest()


class _SettingsEncoder:
    """The configured embedding model, loaded only if a page actually needs tag suggestions."""

    def __init__(self, settings: Settings) -> None:
        from kg.encoder import model_identity

        self.settings = settings
        self.name = model_identity(settings)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from kg.encoder import get_encoder

        return get_encoder(self.settings).encode(texts)


def read_page(
    item: Input, settings: Settings, source_url: str | None = None, *, suggest: bool = True
) -> Produced:
    """Read and extract one page document (txt, md, html, pdf)."""
    from ingest.extract import extract_document
    from ingest.readers import read_document

    url = source_url or sidecar_url(item.path)
    result = read_document(item.path, max_bytes=settings.max_document_bytes, source_url=url)
    if result.status != "ok":
        return Produced(item.key, reason=f"{result.status}: {result.reason}")
    raw = item.path.read_bytes()
    doc = extract_document(
        result.text,
        source=url or item.key,
        source_url=url,
        title=result.title,
        file_name=item.path.name,
        published=result.published,
        suggest=suggest,
        encoder=_SettingsEncoder(settings) if suggest else None,
    )
    doc.content_hash = _hash(PIPELINE_VERSION, url or "", raw)
    return Produced(item.key, document=doc)


def read_records(item: Input, mapping: str | None, max_record_bytes: int | None = None) -> Iterator[Produced]:
    """Records of an export (csv, jsonl, json) through a declarative mapping; a record over
    ``max_record_bytes`` (default: the mappings' default, 20 MB) is refused, the others go in."""
    from ingest import mappings

    try:
        chosen = mappings.load_mapping(mapping) if mapping else mappings.detect_mapping(item.path)
    except mappings.RecordImportError as exc:
        yield Produced(item.key, reason=str(exc))
        return
    if chosen is None:
        yield Produced(
            item.key, reason="no record mapping matches this file's columns; name one with --mapping"
        )
        return
    try:
        limit = {"max_record_bytes": max_record_bytes} if max_record_bytes is not None else {}
        for result in mappings.read_records(item.path, chosen, **limit):
            if isinstance(result, ExtractedDocument):
                # The mapping's digest is part of the hash: editing a mapping re-imports its records.
                digest = str(result.extra.get("mapping_digest", ""))
                result.content_hash = _hash(PIPELINE_VERSION, digest, result.content_hash)
                key = result.extra.get("record_key") or result.source.rsplit("#", 1)[-1]
                yield Produced(f"{item.key}#{key}", document=result)
            else:
                yield Produced(item.key, reason=str(result))
    except mappings.RecordImportError as exc:
        yield Produced(item.key, reason=str(exc))
    except (RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        yield Produced(item.key, reason=f"refused: {type(exc).__name__}: {exc}")


def produce(
    paths: Sequence[Path],
    settings: Settings,
    *,
    mapping: str | None = None,
    source_url: str | None = None,
    suggest: bool = True,
) -> Iterator[Produced]:
    """Everything the inputs hold, document by document; problems become refusals, never exceptions."""
    for item in expand(list(paths)):
        try:
            yield from _produce_one(item, settings, mapping=mapping, source_url=source_url, suggest=suggest)
        except Exception as exc:  # one bad input must never stop the batch
            yield Produced(item.key, reason=f"refused: {type(exc).__name__}: {str(exc)[:300]}")


def _produce_one(
    item: Input, settings: Settings, *, mapping: str | None, source_url: str | None, suggest: bool
) -> Iterator[Produced]:
    if not item.path.exists():
        yield Produced(item.key, reason=f"no such file or folder: {printable_name(str(item.path))}")
    elif item.is_records:
        yield from read_records(item, mapping, settings.max_document_bytes)
    elif item.is_page:
        yield read_page(item, settings, source_url, suggest=suggest)
    else:
        yield Produced(item.key, reason=f"unsupported file type {item.suffix or '(none)'}")


class Ingestor:
    """Holds the store's write lock for a batch of inputs and publishes the result."""

    def __init__(
        self,
        settings: Settings,
        *,
        builders: Sequence[IndexBuilder] | None = None,
        to_graph: Callable[..., object] | None = None,
    ) -> None:
        self.settings = settings
        self.store = Store.open_writer(settings)
        self.manifest = Manifest(self.store.layout.manifest if self.store.layout else Path(":memory:"))
        base = self.manifest.get_meta("iri_base")
        if base is None:
            base = settings.base_url
            self.manifest.set_meta("iri_base", base)
        self.minter = Minter(base)
        self.builders = list(builders) if builders is not None else default_builders()
        self.changed: set[str] = set()
        self.removed: set[str] = set()
        self._static_checked = False

    def close(self) -> None:
        self.manifest.close()
        self.store.close()

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def store_document(self, input_name: str, doc: ExtractedDocument) -> Outcome:
        from ingest.to_rdf import document_graph

        doc.source = printable_name(doc.source)
        doc.file_name = printable_name(doc.file_name) if doc.file_name else doc.file_name
        iri = str(self.minter.document(doc.source))
        existing = self.manifest.get(iri)
        if existing is not None and existing.content_hash == doc.content_hash and existing.status == "stored":
            return Outcome(input_name, "unchanged", iri)
        graph = scrub_forgotten(
            document_graph(doc, self.minter, activity_time=datetime.now(UTC)), self.manifest
        )
        self.store.replace_graph(iri, graph)  # type: ignore[arg-type]
        fault(self.settings, "after-graph")
        self.manifest.upsert(
            DocumentRow(
                iri=iri,
                source=doc.source,
                source_url=doc.source_url,
                file_name=doc.file_name,
                kind=doc.kind,
                language=doc.language,
                mapping=doc.mapping,
                content_hash=doc.content_hash,
                status="stored",
                updated_at=now(),
                generation=self.store.generation + 1,
            )
        )
        self.changed.add(iri)
        outcome: Status = "replaced" if existing is not None else "added"
        self.manifest.log(input_name, outcome, document=iri)
        return Outcome(input_name, outcome, iri)

    def ensure_static_graphs(self) -> None:
        """Load the ontology, tag schemes and country list into their own graphs when they changed."""
        if self._static_checked:
            return
        self._static_checked = True
        import ontology

        for iri, graph in ontology.static_graphs().items():
            digest = _hash(graph.serialize(format="nt", encoding="utf-8"))
            key = f"static:{iri}"
            if self.manifest.get_meta(key) != digest:
                self.store.replace_graph(iri, graph)
                self.manifest.set_meta(key, digest)
                self.changed.add(iri)

    def ingest(
        self,
        paths: Sequence[Path],
        *,
        mapping: str | None = None,
        source_url: str | None = None,
        progress: Callable[[Outcome], None] | None = None,
    ) -> Summary:
        summary = Summary()
        self.ensure_static_graphs()
        for produced in produce(paths, self.settings, mapping=mapping, source_url=source_url):
            if produced.document is None:
                outcome = Outcome(produced.input, "refused", reason=produced.reason)
                self.manifest.log(produced.input, "refused", reason=produced.reason)
            else:
                try:
                    outcome = self.store_document(produced.input, produced.document)
                except (ValueError, TypeError, OSError) as exc:
                    outcome = Outcome(produced.input, "refused", reason=f"could not store: {exc}")
                    self.manifest.log(produced.input, "refused", reason=outcome.reason)
            summary.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        summary.generation = self.publish()
        return summary

    def publish(self, *, rebuild: bool = False) -> int | None:
        """Publish when anything changed (or when nothing was ever published)."""
        if not (self.changed or self.removed or rebuild) and self.store.generation > 0:
            return self.store.generation
        generation = publish(
            self.store,
            self.manifest,
            self.settings,
            builders=self.builders,
            changed=self.changed,
            removed=self.removed,
            rebuild=rebuild,
        )
        self.store.generation = generation
        self.changed, self.removed = set(), set()
        return generation


def extract_only(
    paths: Iterable[Path],
    settings: Settings,
    *,
    mapping: str | None = None,
    source_url: str | None = None,
    suggest: bool = True,
) -> Iterator[Produced]:
    """Extraction without storing (``civicgraph extract``)."""
    yield from produce(list(paths), settings, mapping=mapping, source_url=source_url, suggest=suggest)
