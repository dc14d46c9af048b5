"""Semantic similarity inside SPARQL, served by the same FAISS index and model as search.

Two forms (``cg:`` = ``https://w3id.org/civicgraph/ns#``):

* the function ``cg:similarity(?entity, "text")`` → ``xsd:double``: the cosine similarity between
  the text and the entity's best-matching chunk (the score dense search ranks by); unbound (an
  error, so ``FILTER`` drops the row) when the entity is not indexed. Usable in ``BIND``,
  ``FILTER``, ``ORDER BY`` and projections.
* the magic predicate ``(?entity ?score) cg:similar ("text" k)`` (or ``?entity cg:similar "text"``,
  k = 10): the ``k`` most similar entities with their scores. Before evaluation the pattern is
  replaced by a ``VALUES`` block holding the top-k (:func:`kg.sparql_guard.rewrite`), so it joins
  with any graph pattern, FILTER and ORDER BY. Scores agree with ``cg:similarity`` exactly when the
  index is exact (flat); above ``hnsw_threshold`` vectors the top-k comes from the HNSW graph.

Entities are those search indexes (good practices, projects, organisations). The model reads
English best. Loaded lazily in the worker process, only for queries that use the extension.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pyoxigraph as ox

XSD_DOUBLE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
MAX_TEXTS = 256  # encoded texts remembered per generation


class Similarity:
    """Scores of entities against texts for one generation's search index."""

    def __init__(self, index: Any, encode: Any) -> None:
        self.index = index  # kg.search_index.SearchIndex
        self._encode = encode  # Callable[[list[str]], np.ndarray]
        self._vectors: dict[str, np.ndarray] = {}

    @classmethod
    def for_generation(
        cls, store: ox.Store, number: int, index_dir: str | None, settings: Mapping[str, Any]
    ) -> Similarity:
        """Load the generation's search index (via :data:`kg.live.LOADERS`) and the configured encoder."""
        from kg import search_index  # noqa: F401 - registers the "search" loader
        from kg.encoder import get_encoder
        from kg.live import Generation
        from kg.settings import Settings
        from kg.store import Store

        resolved = Settings(dict(settings))
        generation = Generation(
            number,
            Store(store, layout=None, writable=False, generation=number),
            Path(index_dir) if index_dir else None,
            resolved,
        )
        index = generation.resource("search")

        def encode(texts: list[str]) -> np.ndarray:
            return get_encoder(resolved).encode(texts)

        return cls(index, encode)

    def load(self) -> None:
        """Load the model and the chunk map now, so that evaluation time is query time."""
        self._encode(["similarity"])
        _ = self._chunks_by_entity

    # -- vectors ---------------------------------------------------------------------------------------

    def text_vector(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        if vector is None:
            vector = np.asarray(self._encode([text])[0], dtype=np.float32)
            if len(self._vectors) >= MAX_TEXTS:
                self._vectors.clear()
            self._vectors[text] = vector
        return vector

    @cached_property
    def _chunks_by_entity(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Chunk ids sorted by owning entity, with each entity's start/end offsets."""
        catalog = self.index.catalog
        owners = np.asarray(catalog.chunk_entity, dtype=np.int64)
        order = np.argsort(owners, kind="stable")
        ids = np.asarray(catalog.chunk_ids, dtype=np.int64)[order]
        sorted_owners = owners[order]
        positions = np.arange(len(catalog), dtype=np.int64)
        starts = np.searchsorted(sorted_owners, positions, side="left")
        ends = np.searchsorted(sorted_owners, positions, side="right")
        return ids, starts, ends

    def _entity_chunks(self, iri: str) -> np.ndarray | None:
        position = self.index.catalog.position.get(iri)
        if position is None:
            return None
        ids, starts, ends = self._chunks_by_entity
        found = ids[starts[position] : ends[position]]
        return found if len(found) else None

    # -- the two forms ---------------------------------------------------------------------------------

    def score(self, iri: str, text: str) -> float | None:
        """Cosine similarity of ``text`` and the entity's best chunk; None when it is not indexed."""
        chunks = self._entity_chunks(iri)
        if chunks is None:
            return None
        sims = self.index.vectors.vectors(chunks) @ self.text_vector(text)
        return float(np.max(sims))

    def top_k(self, text: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` entities most similar to ``text``, best first, as (IRI, score)."""
        vectors = self.index.vectors
        total = len(vectors)
        if k <= 0 or total == 0:
            return []
        query = self.text_vector(text)
        catalog = self.index.catalog
        want = min(total, max(4 * k, 50))
        while True:
            neighbours = vectors.search(query, want)
            owners = catalog.entity_of_chunks(np.asarray([n.id for n in neighbours], dtype=np.int64))
            best: dict[int, float] = {}
            for neighbour, owner in zip(neighbours, owners, strict=True):
                pos = int(owner)
                if pos >= 0 and (pos not in best or neighbour.score > best[pos]):
                    best[pos] = neighbour.score
            if len(best) >= k or want >= total:
                break
            want = min(total, want * 4)
        order = sorted(best, key=lambda p: (-best[p], p))[:k]
        return [(catalog.entities[p].iri, best[p]) for p in order]

    def function(self, entity: Any, text: Any) -> ox.Literal | None:
        """``cg:similarity(?entity, "text")`` for Oxigraph's ``custom_functions``."""
        if not isinstance(entity, ox.NamedNode) or not isinstance(text, ox.Literal):
            return None
        value = self.score(entity.value, text.value)
        if value is None:
            return None
        return ox.Literal(repr(round(value, 6)), datatype=XSD_DOUBLE)
