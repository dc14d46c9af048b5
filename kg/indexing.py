"""Building the search indexes of a generation (called by :func:`kg.publish.publish`).

Files in the generation's index folder::

    chunks.sqlite    chunk table, catalogue and concepts (kg.search_table)
    vectors.faiss    FAISS index of the chunk ids (kg.vectors)
    lexical/         BM25 index of the chunk ids (kg.lexical)

With a previous generation (and the same model, chunking and analysis), the build is incremental:
the previous chunk table and FAISS index are copied, the chunks of changed and removed documents
are dropped, the changed documents' text is read from the new snapshot and chunked, and only
chunks that did not exist before are embedded. A change to a shipped vocabulary graph (tags,
countries, ontology: their labels are part of many texts) or a different model means a full build.
Embeddings come from the cache (``{data_dir}/embeddings.sqlite``), so neither kind of build encodes
text that was encoded before. The catalogue and concepts are re-read in full each time (they depend
on facts from several graphs). Before the folder is published, the vector and lexical ids are
checked against the chunk table.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.chunking import DEFAULT_OVERLAP, chunk_entity
from kg.encoder import EmbeddingCache, Encoder, encode_cached, get_encoder, text_key
from kg.lexical import LexicalIndex, analyzer
from kg.publish import IndexJob, fault
from kg.search_corpus import (
    STATIC_GRAPH_PREFIX,
    EntityFacts,
    catalogue,
    concepts,
    document_sources,
    entity_texts,
)
from kg.search_table import SCHEMA_VERSION, ChunkTable
from kg.store import Store
from kg.vectors import VectorIndex

log = logging.getLogger(__name__)

CHUNKS_FILE = "chunks.sqlite"
VECTORS_FILE = "vectors.faiss"
LEXICAL_DIR = "lexical"
#: Above this many changed documents, their text is read with one query over all graphs.
PER_GRAPH_LIMIT = 100
#: Bump when chunking or analysis changes (forces full builds).
TEXT_VERSION = "3"


@dataclass
class BuildReport:
    mode: str
    chunks: int
    added: int
    removed: int
    encoded_before: int
    entities: int


def cache_path(data_path: Path) -> Path:
    """The embedding cache of a data directory."""
    return data_path / "embeddings.sqlite"


def _meta(encoder: Encoder) -> dict[str, str]:
    return {
        "schema": SCHEMA_VERSION,
        "text_version": TEXT_VERSION,
        "model": encoder.name,
        "dim": str(encoder.dim),
        "max_tokens": str(encoder.max_tokens),
        "overlap": str(DEFAULT_OVERLAP),
    }


def _can_increment(job: IndexJob, encoder: Encoder) -> bool:
    prev = job.previous_dir
    if prev is None or not (prev / CHUNKS_FILE).is_file() or not (prev / VECTORS_FILE).is_file():
        return False
    if any(iri.startswith(STATIC_GRAPH_PREFIX) for iri in job.changed | job.removed):
        return False
    try:
        with ChunkTable(prev / CHUNKS_FILE, readonly=True) as table:
            meta = table.meta()
    except Exception:  # a damaged previous table means: build from the store
        return False
    wanted = _meta(encoder)
    return all(meta.get(k) == v for k, v in wanted.items())


def _previous_vectors(job: IndexJob, expected: set[int]) -> VectorIndex | None:
    """The previous generation's vectors when they hold exactly the previous chunks, else None."""
    assert job.previous_dir is not None
    try:
        vectors = VectorIndex.load(job.previous_dir / VECTORS_FILE)
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("previous vector index unreadable (%s): building from the chunk table", exc)
        return None
    if set(vectors.ids().tolist()) != expected:
        log.warning("previous vector index disagrees with its chunk table: building from the chunk table")
        return None
    return vectors


def _add_texts(table: ChunkTable, store: Store, encoder: Encoder, graphs: set[str] | None) -> None:
    query_graphs = graphs if graphs is not None and len(graphs) <= PER_GRAPH_LIMIT else None
    for text in entity_texts(store, query_graphs):
        if graphs is not None and text.doc not in graphs:
            continue
        chunks = chunk_entity(
            text.entity, text.title, text.body, text.lang, encoder, header=text.header, extra=text.extra
        )
        terms = [analyzer(c.lang)(c.indexed) for c in chunks]
        keys = [text_key(encoder.name, c.text) for c in chunks]
        table.add(text.doc, chunks, terms, keys)


def _write_catalogue(table: ChunkTable, store: Store) -> int:
    facts = catalogue(store)
    sources = document_sources(store)
    docs = table.docs_by_entity()
    rows: list[tuple[EntityFacts, dict[str, object]]] = []
    for iri, fact in sorted(facts.items()):
        by_size = docs.get(iri, {})
        ranked = sorted(by_size, key=lambda d: (-by_size[d], d)) + sorted(fact.graphs - set(by_size))
        source = (
            sorted(fact.urls)[0] if fact.urls else next((sources[d] for d in ranked if d in sources), None)
        )
        rows.append(
            (
                fact,
                {
                    "title": fact.title,
                    "lang": fact.lang,
                    "source": source,
                    "tags": sorted(fact.tags),
                    "countries": sorted(fact.countries),
                    "organizations": sorted(fact.organizations),
                },
            )
        )
    table.replace_entities(rows)
    used = {tag for fact in facts.values() for tag in fact.tags}
    table.replace_concepts(concepts(store, used).values())
    return len(rows)


def build_search_index(job: IndexJob) -> BuildReport:
    """The :data:`kg.publish.IndexBuilder` for chunks, vectors and the lexical index."""
    encoder = get_encoder(job.settings)
    cache = EmbeddingCache(cache_path(job.settings.data_path))
    out = job.out_dir
    incremental = _can_increment(job, encoder)
    try:
        if incremental:
            assert job.previous_dir is not None
            shutil.copyfile(job.previous_dir / CHUNKS_FILE, out / CHUNKS_FILE)
        table = ChunkTable(out / CHUNKS_FILE)
        try:
            before = set(table.ids())
            if incremental:
                table.forget_docs(job.changed | job.removed)
                _add_texts(table, job.store, encoder, set(job.changed))
            else:
                _add_texts(table, job.store, encoder, None)
            orphans = table.remove_orphans()
            after_rows = {i: (text, key) for i, _e, _l, text, _t, key in table.rows()}
            added = sorted(set(after_rows) - before)
            removed = sorted(before - set(after_rows))
            encoded_before = len(cache)

            previous = _previous_vectors(job, before) if incremental else None
            if previous is not None:
                vectors = previous
                vectors.remove(np.asarray(removed, dtype=np.int64))
                new_vectors = encode_cached(encoder, cache, [after_rows[i][0] for i in added])
                vectors.add(np.asarray(added, dtype=np.int64), new_vectors)
                vectors = vectors.convert(job.settings.hnsw_threshold)
            else:  # from the chunk table (the cache holds every vector encoded before)
                ids = sorted(after_rows)
                matrix = encode_cached(encoder, cache, [after_rows[i][0] for i in ids])
                vectors = VectorIndex.build(
                    ids, matrix, encoder.dim, hnsw_threshold=job.settings.hnsw_threshold
                )
            vectors.save(out / VECTORS_FILE)
            fault(job.settings, "mid-index")

            n_entities = _write_catalogue(table, job.store)
            ids_terms = [(i, terms.split()) for i, _e, _l, _x, terms, _k in table.rows()]
            lexical = LexicalIndex.build([i for i, _ in ids_terms], [t for _, t in ids_terms])
            lexical.save(out / LEXICAL_DIR)

            expected = np.asarray(sorted(after_rows), dtype=np.int64)
            if not np.array_equal(np.sort(vectors.ids()), expected):
                raise RuntimeError("vector index ids differ from the chunk table; not publishing")
            if not np.array_equal(np.sort(lexical.ids), expected):
                raise RuntimeError("lexical index ids differ from the chunk table; not publishing")
            table.set_meta(**_meta(encoder), count=len(expected), kind=vectors.kind)
            table.commit()
            # Texts nothing uses any more leave the cache too (forgotten data leaves no trace).
            gone = {key for _, key in orphans}
            cache.delete_many(gone - table.keys_in_use(gone))
        finally:
            table.close()
    finally:
        cache.close()
    report = BuildReport(
        "incremental" if incremental else "full",
        len(after_rows),
        len(added),
        len(removed),
        encoded_before,
        n_entities,
    )
    log.info("search index: %s", report)
    return report


def verify_search_index(store: Store, index_dir: Path) -> list[str]:
    """Problems with ``index_dir`` against the snapshot ``store`` (empty when they agree)."""
    from kg.settings import load

    problems: list[str] = []
    table_path = index_dir / CHUNKS_FILE
    if not table_path.is_file():
        return [f"{table_path} is missing"]
    with ChunkTable(table_path, readonly=True) as table:
        ids = np.asarray(table.ids(), dtype=np.int64)
        meta = table.meta()
    try:
        vectors = VectorIndex.load(index_dir / VECTORS_FILE)
        if not np.array_equal(np.sort(vectors.ids()), ids):
            problems.append(f"{index_dir / VECTORS_FILE}: {len(vectors)} vectors for {len(ids)} chunks")
    except (OSError, RuntimeError, ValueError) as exc:
        problems.append(f"{index_dir / VECTORS_FILE}: cannot be read ({exc})")
    try:
        lexical = LexicalIndex.load(index_dir / LEXICAL_DIR)
        if not np.array_equal(np.sort(lexical.ids), ids):
            problems.append(f"{index_dir / LEXICAL_DIR}: {len(lexical)} rows for {len(ids)} chunks")
    except (OSError, ValueError) as exc:
        problems.append(f"{index_dir / LEXICAL_DIR}: cannot be read ({exc})")
    if meta.get("count") != str(len(ids)):
        problems.append(f"{table_path}: records {meta.get('count')} chunks but holds {len(ids)}")
    # The texts must be those the snapshot gives (same entities, same words).
    encoder = get_encoder(load(model=meta.get("model", "")) if meta.get("model") else load())
    expected: set[int] = set()
    for text in entity_texts(store):
        chunks = chunk_entity(
            text.entity, text.title, text.body, text.lang, encoder, header=text.header, extra=text.extra
        )
        expected.update(chunk.id for chunk in chunks)
    found = set(ids.tolist())
    if expected != found:
        missing, stale = len(expected - found), len(found - expected)
        problems.append(f"{table_path}: {missing} chunk(s) missing and {stale} stale against the store")
    return problems


BUILDERS = [build_search_index]
VERIFIERS = [verify_search_index]
