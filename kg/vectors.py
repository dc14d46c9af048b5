"""The vector index: FAISS with stable int64 ids (``IndexIDMap2``) over normalised vectors.

Exact inner-product search (``IndexFlatIP``) by default; above ``hnsw_threshold`` vectors an HNSW
graph (``IndexHNSWFlat``, inner product) whose recall@10 against exact search is measured in
bench/search.py. HNSW cannot delete, so removing ids from it rebuilds it from its own stored vectors.

Searches may be restricted to a set of allowed ids (filters are applied *before* ranking): a flat
index searches only those ids (``IDSelectorBatch``); an HNSW index does too when they are a large
part of it, and otherwise (or when the graph walk returns too few) the allowed vectors are scored
exactly. FAISS's ``-1`` labels (fewer results than asked) never leave this module.

Files are written to a temporary name, fsynced and renamed, so a reader sees the old or the new
index, never a torn one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
#: Below this share of allowed ids, HNSW searches score the allowed vectors exactly instead.
HNSW_SELECTIVE_SHARE = 0.2


@contextmanager
def _one_thread() -> Iterator[None]:
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


@dataclass(frozen=True)
class Neighbour:
    id: int
    score: float


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    matrix = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))
    return matrix


def _as_ids(ids: np.ndarray | list[int]) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))


class VectorIndex:
    """A FAISS index keyed by chunk ids; ``kind`` is ``"flat"`` (exact) or ``"hnsw"``."""

    def __init__(self, index: faiss.IndexIDMap2, kind: str) -> None:
        self.index = index
        self.kind = kind
        self.dim = int(index.d)

    # -- building ----------------------------------------------------------------------------------

    @classmethod
    def empty(cls, dim: int, kind: str = "flat") -> VectorIndex:
        inner: faiss.Index
        if kind == "hnsw":
            inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        elif kind == "flat":
            inner = faiss.IndexFlatIP(dim)
        else:
            raise ValueError(f"unknown vector index kind {kind!r}")
        return cls(faiss.IndexIDMap2(inner), kind)

    @classmethod
    def build(
        cls, ids: np.ndarray | list[int], vectors: np.ndarray, dim: int, *, hnsw_threshold: int
    ) -> VectorIndex:
        ids_arr = _as_ids(ids)
        kind = "hnsw" if len(ids_arr) > hnsw_threshold else "flat"
        out = cls.empty(dim, kind)
        out.add(ids_arr, vectors)
        return out

    def add(self, ids: np.ndarray | list[int], vectors: np.ndarray) -> None:
        ids_arr = _as_ids(ids)
        if len(ids_arr) == 0:
            return
        matrix = _as_matrix(vectors, self.dim)
        if matrix.shape[0] != len(ids_arr):
            raise ValueError(f"{len(ids_arr)} ids but {matrix.shape[0]} vectors")
        if np.any(ids_arr < 0):
            raise ValueError("vector ids must be non-negative")
        self.index.add_with_ids(matrix, ids_arr)

    def remove(self, ids: np.ndarray | list[int]) -> None:
        ids_arr = _as_ids(ids)
        if len(ids_arr) == 0:
            return
        if self.kind == "flat":
            self.index.remove_ids(faiss.IDSelectorBatch(ids_arr))
            return
        keep = np.setdiff1d(self.ids(), ids_arr)
        vectors = self.vectors(keep)
        rebuilt = VectorIndex.empty(self.dim, "hnsw")
        rebuilt.add(keep, vectors)
        self.index = rebuilt.index

    def convert(self, hnsw_threshold: int) -> VectorIndex:
        """This index, as the kind its size calls for (a copy when it changes kind)."""
        wanted = "hnsw" if len(self) > hnsw_threshold else "flat"
        if wanted == self.kind:
            return self
        ids = self.ids()
        out = VectorIndex.empty(self.dim, wanted)
        out.add(ids, self.vectors(ids))
        return out

    # -- reading -----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def vectors(self, ids: np.ndarray | list[int]) -> np.ndarray:
        ids_arr = _as_ids(ids)
        if len(ids_arr) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self.index.reconstruct_batch(ids_arr), dtype=np.float32).reshape(-1, self.dim)

    def vector(self, chunk_id: int) -> np.ndarray | None:
        try:
            return np.asarray(self.index.reconstruct(int(chunk_id)), dtype=np.float32)
        except RuntimeError:  # not in the index
            return None

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[Neighbour]:
        """The ``k`` nearest ids by inner product (restricted to ``allowed`` ids when given)."""
        total = len(self)
        if k <= 0 or total == 0:
            return []
        q = _as_matrix(query, self.dim)[:1]
        if allowed is not None:
            allowed = _as_ids(allowed)
            if len(allowed) == 0:
                return []
            if self.kind == "hnsw" and len(allowed) < HNSW_SELECTIVE_SHARE * total:
                return self._exact_subset(q, k, allowed)
            params = self._params(faiss.IDSelectorBatch(allowed))
            k = min(k, len(allowed))
        else:
            params = self._params(None)
            k = min(k, total)
        with _one_thread():  # one query: threads only add overhead (5x slower on 2 busy cores)
            scores, labels = self.index.search(q, k, params=params)
        found = [Neighbour(int(i), float(s)) for i, s in zip(labels[0], scores[0], strict=True) if i >= 0]
        if allowed is not None and self.kind == "hnsw" and len(found) < k:
            return self._exact_subset(q, k, allowed)
        return found

    def _params(self, selector: faiss.IDSelector | None) -> faiss.SearchParameters | None:
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
            params.efSearch = HNSW_EF_SEARCH
        else:
            if selector is None:
                return None
            params = faiss.SearchParameters()
        if selector is not None:
            params.sel = selector
        return params

    def _exact_subset(self, q: np.ndarray, k: int, allowed: np.ndarray) -> list[Neighbour]:
        present = np.intersect1d(allowed, self.ids())
        if len(present) == 0:
            return []
        scores = self.vectors(present) @ q[0]
        top = np.argsort(-scores, kind="stable")[:k]
        return [Neighbour(int(present[i]), float(scores[i])) for i in top]

    # -- files -------------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically: temporary file, fsync, rename."""
        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        index = faiss.read_index(str(path))
        if not isinstance(index, faiss.IndexIDMap2):
            index = faiss.downcast_index(index)
        if not isinstance(index, faiss.IndexIDMap2):
            raise ValueError(f"{path} does not hold an id-mapped FAISS index")
        inner = faiss.downcast_index(index.index)
        kind = "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"
        return cls(index, kind)
