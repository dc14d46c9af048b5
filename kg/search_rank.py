"""Hybrid ranking: dense (FAISS) and lexical (BM25) rankings of entities, plus the tag ranking, fused.

Each ranking is over *entities* (an entity's score is its best chunk's), restricted to the filtered
set before anything is ranked. Fusion is reciprocal rank fusion (``sum w / (k + rank)``, k = 60,
every ranking weighted 1 as in the original method); docs/benchmarks.md compares it with other
weights and with a convex combination of normalised scores. ``mode``
``dense`` and ``lexical`` give the plain baselines (no concept expansion, no tag ranking).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from kg.encoder import Encoder
from kg.lexical import analyse_query, analyzer, base_language
from kg.search_index import SearchIndex

MODES = ("hybrid", "dense", "lexical")
FUSIONS = ("rrf", "convex")


@dataclass(frozen=True)
class RankConfig:
    mode: str = "hybrid"
    fusion: str = "rrf"
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    tags_weight: float = 1.0
    convex_alpha: float = 0.5  # weight of the dense score in convex fusion
    expand: bool = True  # query expansion through concept labels (hybrid mode)
    dense_chunks: int = 400  # chunk candidates asked from FAISS (at least)
    max_candidates: int = 1000  # entities kept per ranking
    tag_similarity: int = 300  # tagged entities whose similarity is computed to order the tag ranking


@dataclass
class Ranked:
    position: int  # entity position in the catalogue
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    tags: float = 0.0
    dense_chunk: int | None = None
    lexical_chunk: int | None = None


@dataclass
class QueryPlan:
    """How the query was understood (for notes and the benchmark's time split)."""

    language: str | None
    dense_text: str
    lexical_terms: list[str]
    concepts: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def plan_query(
    index: SearchIndex, query: str, language: str | None, mode: str, *, expand: bool = True
) -> QueryPlan:
    """Dense text and lexical terms, expanded through matched concepts' labels in hybrid mode."""
    query_langs: list[str | None] = [language or "en", "en"]
    terms = analyse_query(query, query_langs)
    if mode != "hybrid" or not expand:
        return QueryPlan(language, query, terms)
    matches = index.concepts.match(query)
    iris = [m.iri for m in matches]
    dense_text = query
    if language != "en" and any(m.lang not in {"en", None} for m in matches):
        english = [text for text, _ in index.concepts.labels_in(iris, ["en"])]
        if english:
            dense_text = f"{query} ({'; '.join(english)})"
    other_langs = {base_language(x) for x in index.languages} - {base_language(language) or "en"}
    if language != "en":
        other_langs.add("en")
    extra: dict[str, None] = dict.fromkeys(terms)
    for text, lang in index.concepts.labels_in(iris, other_langs):
        for term in analyzer(lang)(text):
            extra.setdefault(term, None)
    return QueryPlan(language, dense_text, list(extra), iris)


def _ordered(scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions with a positive score, best first (stable on position), at most ``limit``."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:  # only the best ``limit`` need sorting (ties at the cut kept whole)
        cut = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
        candidates = candidates[scores[candidates] >= cut]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:limit]


def dense_scores(
    index: SearchIndex, qvec: np.ndarray, mask: np.ndarray | None, want: int, config: RankConfig
) -> tuple[dict[int, float], dict[int, int]]:
    """Entity position → best chunk similarity (and that chunk), for the top chunks."""
    allowed = None if mask is None else index.catalog.chunks_of(mask)
    k = max(config.dense_chunks, want * 4)
    neighbours = index.vectors.search(qvec, k, allowed)
    if not neighbours:
        return {}, {}
    ids = np.asarray([n.id for n in neighbours], dtype=np.int64)
    owners = index.catalog.entity_of_chunks(ids)
    best: dict[int, float] = {}
    chunk: dict[int, int] = {}
    for n, owner in zip(neighbours, owners, strict=True):
        pos = int(owner)
        if pos < 0 or (mask is not None and not mask[pos]):
            continue
        if pos not in best or n.score > best[pos]:
            best[pos], chunk[pos] = n.score, n.id
    return best, chunk


def exact_dense(
    index: SearchIndex, qvec: np.ndarray, positions: Sequence[int]
) -> dict[int, tuple[float, int]]:
    """Best chunk similarity of each entity in ``positions`` (computed exactly, in one batch)."""
    groups = [(pos, index.catalog.chunk_ids_of(pos)) for pos in positions]
    groups = [(pos, ids) for pos, ids in groups if len(ids)]
    if not groups:
        return {}
    ids = np.concatenate([g[1] for g in groups])
    sims = index.vectors.vectors(ids) @ qvec
    starts = np.cumsum([0] + [len(g[1]) for g in groups[:-1]])
    out: dict[int, tuple[float, int]] = {}
    for (pos, chunk_ids), start in zip(groups, starts, strict=True):
        part = sims[start : start + len(chunk_ids)]
        best = int(np.argmax(part))
        out[pos] = (float(part[best]), int(chunk_ids[best]))
    return out


def lexical_scores(
    index: SearchIndex, terms: list[str], mask: np.ndarray | None, config: RankConfig
) -> tuple[dict[int, float], dict[int, int]]:
    rows_ok = index.lexical_entity >= 0
    if mask is not None:
        rows_ok &= mask[np.clip(index.lexical_entity, 0, None)]
    scores = index.lexical.scores(terms, rows_ok)
    hit_rows = np.flatnonzero(scores > 0)
    if len(hit_rows) == 0:
        return {}, {}
    owners = index.lexical_entity[hit_rows]
    per_entity = np.zeros(len(index.catalog), dtype=np.float32)
    np.maximum.at(per_entity, owners, scores[hit_rows])
    top = _ordered(per_entity, config.max_candidates)
    best = {int(p): float(per_entity[p]) for p in top}
    # The best chunk of each entity: its (first) row scoring the entity's maximum.
    at_max = hit_rows[scores[hit_rows] == per_entity[owners]]
    first_owner, first_at = np.unique(index.lexical_entity[at_max], return_index=True)
    chunk_of = dict(zip(first_owner.tolist(), index.lexical.ids[at_max[first_at]].tolist(), strict=True))
    return best, {pos: int(chunk_of[pos]) for pos in best}


def tag_scores(index: SearchIndex, concepts: list[str], mask: np.ndarray | None) -> dict[int, float]:
    """Entity position → the summed IDF of the query's concepts it is tagged with (directly or via links).

    A concept that tags a large part of the catalogue (matched, say, by the single word "waste")
    says little; a specific one ("industrial symbiosis") says much — as for terms in BM25.
    """
    if not concepts:
        return {}
    origin_of = index.concepts.expand(concepts)
    pairs = index.catalog.facets["tag"]
    value_ids = {pairs.index[c]: origin for c, origin in origin_of.items() if c in pairs.index}
    if not value_ids:
        return {}
    origins = sorted(set(value_ids.values()))
    origin_no = {o: i for i, o in enumerate(origins)}
    value_list = np.asarray(list(value_ids), dtype=np.int64)
    selected = np.isin(pairs.vals, value_list)
    ents = pairs.ents[selected]
    lookup = np.zeros(len(pairs.values), dtype=np.int64)
    lookup[value_list] = [origin_no[value_ids[int(v)]] for v in value_list]
    origin_of_pair = lookup[pairs.vals[selected]]
    # Each (entity, origin) once: an entity tagged twice for the same query concept counts once.
    unique = np.unique(ents * len(origins) + origin_of_pair)
    u_ents, u_origins = unique // len(origins), unique % len(origins)
    total = max(len(index.catalog), 1)
    df = np.bincount(u_origins, minlength=len(origins))
    idf = np.log(1 + total / np.maximum(df, 1))
    if mask is not None:
        keep = mask[u_ents]
        u_ents, u_origins = u_ents[keep], u_origins[keep]
    sums = np.zeros(len(index.catalog), dtype=np.float64)
    np.add.at(sums, u_ents, idf[u_origins])
    return {int(e): float(sums[e]) for e in np.unique(u_ents)}


def fuse(
    dense: dict[int, float],
    lexical: dict[int, float],
    tags: dict[int, float],
    config: RankConfig,
) -> dict[int, float]:
    if config.fusion == "convex":
        top = max(lexical.values(), default=0.0) or 1.0
        return {
            pos: config.convex_alpha * dense.get(pos, 0.0)
            + (1 - config.convex_alpha) * lexical.get(pos, 0.0) / top
            for pos in set(dense) | set(lexical) | set(tags)
        }
    fused: dict[int, float] = {}
    for scores, weight in (
        (dense, config.dense_weight),
        (lexical, config.lexical_weight),
        (tags, config.tags_weight),
    ):
        if weight <= 0 or not scores:
            continue
        positions = np.fromiter(scores, dtype=np.int64, count=len(scores))
        values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
        ties = np.asarray([dense.get(int(p), 0.0) for p in positions], dtype=np.float64)
        order = positions[np.lexsort((positions, -ties, -values))][: config.max_candidates]
        for rank, pos in enumerate(order.tolist(), start=1):
            fused[pos] = fused.get(pos, 0.0) + weight / (config.rrf_k + rank)
    return fused


def rank(
    index: SearchIndex,
    encoder: Encoder | None,
    plan: QueryPlan,
    mask: np.ndarray | None,
    want: int,
    config: RankConfig,
) -> Ranking:
    """Entities for the query, best first (restricted to ``mask``)."""
    dense: dict[int, float] = {}
    dense_chunk: dict[int, int] = {}
    qvec: np.ndarray | None = None
    if config.mode in {"hybrid", "dense"} and encoder is not None and len(index.vectors):
        started = time.perf_counter()
        qvec = encoder.encode([plan.dense_text])[0]
        plan.timings["encode"] = time.perf_counter() - started
        started = time.perf_counter()
        dense, dense_chunk = dense_scores(index, qvec, mask, want, config)
        plan.timings["vector"] = time.perf_counter() - started
    lexical: dict[int, float] = {}
    lexical_chunk: dict[int, int] = {}
    if config.mode in {"hybrid", "lexical"}:
        started = time.perf_counter()
        lexical, lexical_chunk = lexical_scores(index, plan.lexical_terms, mask, config)
        plan.timings["lexical"] = time.perf_counter() - started
    tags: dict[int, float] = {}
    if config.mode == "hybrid":
        tags = tag_scores(index, plan.concepts, mask)
        if tags and qvec is not None:  # tagged entities are ordered by similarity within a score
            # Similarity is needed only where it can decide a tag rank that counts: the best-tagged.
            positions = np.fromiter(tags, dtype=np.int64, count=len(tags))
            values = np.fromiter(tags.values(), dtype=np.float64, count=len(tags))
            known = np.asarray([dense.get(int(p), -1.0) for p in positions], dtype=np.float64)
            candidates = positions[np.lexsort((positions, -known, -values))][: config.tag_similarity]
            missing = [int(p) for p in candidates if int(p) not in dense]
            for pos, (score, chunk_id) in exact_dense(index, qvec, missing).items():
                dense[pos], dense_chunk[pos] = score, chunk_id
    fused = fuse(dense, lexical, tags, config) if config.mode == "hybrid" else (dense or lexical)
    order = sorted(fused, key=lambda p: (-fused[p], p))

    def make(pos: int) -> Ranked:
        return Ranked(
            position=pos,
            score=float(fused[pos]),
            dense=float(dense.get(pos, 0.0)),
            lexical=float(lexical.get(pos, 0.0)),
            tags=round(float(tags.get(pos, 0.0)), 4),
            dense_chunk=dense_chunk.get(pos),
            lexical_chunk=lexical_chunk.get(pos),
        )

    return Ranking(order, make)


class Ranking(Sequence[Ranked]):
    """Entities best first; :class:`Ranked` rows are made only for the positions read (a page)."""

    def __init__(self, order: list[int], make: Callable[[int], Ranked]) -> None:
        self._order = order
        self._make = make

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> list[Ranked]: ...

    def __getitem__(self, index: int | slice) -> Ranked | list[Ranked]:
        if isinstance(index, slice):
            return [self._make(pos) for pos in self._order[index]]
        return self._make(self._order[index])
