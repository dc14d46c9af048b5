"""Loading a generation's search indexes for readers (registered in :data:`kg.live.LOADERS`).

``generation.resource("search")`` gives a :class:`SearchIndex` (catalogue, vectors, lexical index,
concepts, chunk table); ``"vectors"``, ``"lexical"``, ``"chunks"``, ``"catalog"`` and ``"concepts"``
give its parts. At load, the FAISS index and the lexical index are checked against the chunk table
(count and ids) and against the configured model; on any mismatch they are rebuilt in memory from
the chunk table (and the embedding cache), and the index says so in its ``notes`` — search never
answers from an index that disagrees with the store.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from kg.encoder import EmbeddingCache, encode_cached, get_encoder, model_identity
from kg.indexing import CHUNKS_FILE, LEXICAL_DIR, VECTORS_FILE, cache_path
from kg.lexical import LexicalIndex
from kg.live import LOADERS, Generation
from kg.search_catalog import Catalog, Entity
from kg.search_concepts import ConceptIndex
from kg.search_table import ChunkTable
from kg.settings import Settings
from kg.vectors import VectorIndex

log = logging.getLogger(__name__)


@dataclass
class SearchIndex:
    catalog: Catalog
    vectors: VectorIndex
    lexical: LexicalIndex
    concepts: ConceptIndex
    table: ChunkTable | None
    lexical_entity: np.ndarray
    languages: set[str | None] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return len(self.lexical) == 0

    @cached_property
    def query_languages(self) -> frozenset[str]:
        """Languages a query can usefully be read in: the texts' and the tag labels'."""
        return frozenset(x for x in self.languages | self.concepts.languages if x)


def _empty(notes: list[str]) -> SearchIndex:
    return SearchIndex(
        Catalog([], np.zeros(0, np.int64), []),
        VectorIndex.empty(1),
        LexicalIndex(np.zeros(0, np.int64), None),
        ConceptIndex([]),
        None,
        np.zeros(0, np.int64),
        set(),
        notes,
    )


def _same_ids(found: np.ndarray, expected: np.ndarray) -> bool:
    return len(found) == len(expected) and bool(np.array_equal(np.sort(found), expected))


def load_search_index(index_dir: Path | None, settings: Settings) -> SearchIndex:
    """Open and check the search indexes in ``index_dir`` (see the module docstring)."""
    if index_dir is None or not (index_dir / CHUNKS_FILE).is_file():
        return _empty(["the search index is empty: nothing has been ingested and published yet"])
    notes: list[str] = []
    table = ChunkTable(index_dir / CHUNKS_FILE, readonly=True)
    meta = table.meta()
    id_list, chunk_entities = table.id_entities()
    ids = np.asarray(id_list, dtype=np.int64)  # ascending
    model = model_identity(settings)

    vectors: VectorIndex | None = None
    try:
        vectors = VectorIndex.load(index_dir / VECTORS_FILE)
        if meta.get("model") != model:
            notes.append(
                f"the vectors were built with {meta.get('model')}, not {model}: re-encoded in memory"
            )
            vectors = None
        elif str(vectors.dim) != meta.get("dim") or not _same_ids(vectors.ids(), ids):
            notes.append("the vector index did not match the chunk table: rebuilt in memory")
            vectors = None
    except (OSError, RuntimeError, ValueError) as exc:
        notes.append(f"the vector index could not be read ({exc}): rebuilt in memory")
    if vectors is None:
        encoder = get_encoder(settings)
        with EmbeddingCache(cache_path(settings.data_path), readonly=True) as cache:
            matrix = encode_cached(encoder, cache, [r[3] for r in table.rows()])
        vectors = VectorIndex.build(ids, matrix, encoder.dim, hnsw_threshold=settings.hnsw_threshold)

    lexical: LexicalIndex | None = None
    try:
        lexical = LexicalIndex.load(index_dir / LEXICAL_DIR)
        if not _same_ids(lexical.ids, ids):
            notes.append("the lexical index did not match the chunk table: rebuilt in memory")
            lexical = None
    except (OSError, ValueError) as exc:
        notes.append(f"the lexical index could not be read ({exc}): rebuilt in memory")
    if lexical is None:
        lexical = LexicalIndex.build(id_list, [r[4].split() for r in table.rows()])

    entities = [
        Entity(
            iri=iri,
            kind=kind,
            title=str(data.get("title") or iri),
            lang=data.get("lang"),  # type: ignore[arg-type]
            source=data.get("source"),  # type: ignore[arg-type]
            tags=list(data.get("tags") or []),  # type: ignore[call-overload]
            countries=list(data.get("countries") or []),  # type: ignore[call-overload]
            organizations=list(data.get("organizations") or []),  # type: ignore[call-overload]
        )
        for iri, kind, data in table.entities()
    ]
    catalog = Catalog(entities, ids, chunk_entities)
    for note in notes:
        log.warning("%s: %s", index_dir, note)
    return SearchIndex(
        catalog=catalog,
        vectors=vectors,
        lexical=lexical,
        concepts=ConceptIndex(table.concepts()),
        table=table,
        lexical_entity=catalog.entity_of_chunks(lexical.ids),
        languages=table.languages(),
        notes=notes,
    )


_LOCK = threading.Lock()
_LOADED: OrderedDict[tuple[str, int, str, str], SearchIndex] = OrderedDict()
_KEEP = 2


def search_index(generation: Generation) -> SearchIndex:
    """The generation's search index (loaded once per generation and model, then shared)."""
    settings = generation.settings
    key = (str(generation.index_dir), generation.number, str(settings.model), str(settings.encoder_backend))
    with _LOCK:
        found = _LOADED.get(key)
        if found is None:
            found = load_search_index(generation.index_dir, settings)
            _LOADED[key] = found
            while len(_LOADED) > _KEEP:  # requests still holding an older one keep it alive
                _LOADED.popitem(last=False)
        else:
            _LOADED.move_to_end(key)
        return found


def _part(name: str) -> Any:
    def load(generation: Generation) -> Any:
        return getattr(search_index(generation), name)

    return load


def register_loaders() -> None:
    LOADERS["search"] = search_index
    LOADERS["vectors"] = _part("vectors")
    LOADERS["lexical"] = _part("lexical")
    LOADERS["chunks"] = _part("table")
    LOADERS["catalog"] = _part("catalog")
    LOADERS["concepts"] = _part("concepts")


register_loaders()
