from pathlib import Path

import numpy as np
import pytest

from kg.vectors import VectorIndex


def unit(rows: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(rows, dim)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


IDS = np.arange(1, 301, dtype=np.int64) * 1_000_000_007  # large, sparse, stable ids


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_search_add_remove_and_no_minus_one(kind: str) -> None:
    vectors = unit(300)
    index = VectorIndex.empty(16, kind)
    index.add(IDS, vectors)
    assert len(index) == 300
    best = index.search(vectors[7], 3)
    assert best[0].id == IDS[7] and best[0].score == pytest.approx(1.0, abs=1e-5)
    everything = index.search(vectors[0], 10_000)  # more than there are: no -1 labels
    assert all(n.id >= 0 for n in everything) and len({n.id for n in everything}) == len(everything)
    index.remove(IDS[:100])
    assert len(index) == 200
    assert all(n.id not in set(IDS[:100].tolist()) for n in index.search(vectors[5], 50))
    assert index.vector(int(IDS[0])) is None and index.vector(int(IDS[150])) is not None
    assert VectorIndex.empty(16, kind).search(vectors[0], 5) == []
    with pytest.raises(ValueError):
        index.add([-5], vectors[:1])


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_search_restricted_to_allowed_ids(kind: str) -> None:
    vectors = unit(300, seed=1)
    index = VectorIndex.empty(16, kind)
    index.add(IDS, vectors)
    for allowed in (IDS[:5], IDS[::2], np.asarray([IDS[3], 42], dtype=np.int64)):
        found = index.search(vectors[250], 10, allowed)
        assert found and {n.id for n in found} <= set(allowed.tolist())
        assert len(found) == min(10, len(set(allowed.tolist()) & set(IDS.tolist())))
    assert index.search(vectors[0], 10, np.asarray([], dtype=np.int64)) == []


def test_save_is_atomic_and_load_round_trips(tmp_path: Path) -> None:
    index = VectorIndex.build(IDS, unit(300), 16, hnsw_threshold=1000)
    assert index.kind == "flat"
    path = tmp_path / "vectors.faiss"
    index.save(path)
    assert not list(tmp_path.glob("*.tmp"))
    loaded = VectorIndex.load(path)
    assert loaded.kind == "flat" and np.array_equal(np.sort(loaded.ids()), IDS)
    big = VectorIndex.build(IDS, unit(300), 16, hnsw_threshold=100)
    assert big.kind == "hnsw"
    big.save(path)
    assert VectorIndex.load(path).kind == "hnsw"
    assert big.convert(1000).kind == "flat" and index.convert(100).kind == "hnsw"


def test_hnsw_recall_against_exact() -> None:
    vectors = unit(3000, dim=32, seed=2)
    ids = np.arange(3000, dtype=np.int64)
    flat = VectorIndex.build(ids, vectors, 32, hnsw_threshold=10_000)
    hnsw = VectorIndex.build(ids, vectors, 32, hnsw_threshold=100)
    queries = unit(100, dim=32, seed=3)
    recall = np.mean(
        [len({n.id for n in flat.search(q, 10)} & {n.id for n in hnsw.search(q, 10)}) / 10 for q in queries]
    )
    assert recall >= 0.95
