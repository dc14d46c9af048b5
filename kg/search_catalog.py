"""The in-memory catalogue of one generation: entities as arrays, for filters and facets.

Filters become a boolean mask over entities (values of one filter are OR-ed, filters are AND-ed;
tags are many-to-many), computed *before* ranking so a filter never empties a page. Facet counts are
computed over the whole filtered set with ``numpy.bincount`` over (entity, value) pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from kg.search_corpus import KINDS

KIND_LABELS = {"practice": "Good practice", "project": "Project", "organization": "Organisation"}
FACETS = ("type", "tag", "country", "lang", "organization")


@dataclass
class Entity:
    iri: str
    kind: str
    title: str
    lang: str | None
    source: str | None
    tags: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)


class _Pairs:
    """(entity index, value index) pairs of one many-to-many facet."""

    def __init__(self, n_entities: int, values_of: Sequence[Iterable[str]]) -> None:
        self.values: list[str] = sorted({v for vs in values_of for v in vs})
        self.index = {v: i for i, v in enumerate(self.values)}
        ents: list[int] = []
        vals: list[int] = []
        for e, vs in enumerate(values_of):
            for v in set(vs):
                ents.append(e)
                vals.append(self.index[v])
        self.ents = np.asarray(ents, dtype=np.int64)
        self.vals = np.asarray(vals, dtype=np.int64)
        self.n_entities = n_entities

    def mask(self, wanted: Iterable[str]) -> np.ndarray:
        ids = [self.index[v] for v in wanted if v in self.index]
        out = np.zeros(self.n_entities, dtype=bool)
        if ids:
            out[self.ents[np.isin(self.vals, ids)]] = True
        return out

    def counts(self, mask: np.ndarray | None) -> np.ndarray:
        vals = self.vals if mask is None else self.vals[mask[self.ents]]
        return np.bincount(vals, minlength=len(self.values))


class Catalog:
    """Entities of a generation and the chunk → entity map."""

    def __init__(
        self, entities: Sequence[Entity], chunk_ids: np.ndarray, chunk_entities: Sequence[str]
    ) -> None:
        self.entities = list(entities)
        self.position = {e.iri: i for i, e in enumerate(self.entities)}
        n = len(self.entities)
        order = np.argsort(chunk_ids, kind="stable")
        self.chunk_ids = np.asarray(chunk_ids, dtype=np.int64)[order]
        owners = [self.position.get(iri, -1) for iri in chunk_entities]
        self.chunk_entity = np.asarray(owners, dtype=np.int64)[order] if owners else np.zeros(0, np.int64)
        self.facets: dict[str, _Pairs] = {
            "type": _Pairs(n, [[e.kind] for e in self.entities]),
            "tag": _Pairs(n, [e.tags for e in self.entities]),
            "country": _Pairs(n, [e.countries for e in self.entities]),
            "lang": _Pairs(n, [[e.lang] if e.lang else [] for e in self.entities]),
            "organization": _Pairs(n, [e.organizations for e in self.entities]),
        }
        has_chunks = np.zeros(n, dtype=bool)
        if len(self.chunk_entity):
            has_chunks[self.chunk_entity[self.chunk_entity >= 0]] = True
        self.has_chunks = has_chunks

    def __len__(self) -> int:
        return len(self.entities)

    @cached_property
    def organizations_by_name(self) -> dict[str, set[str]]:
        """Folded name → IRIs of organisations with that title."""
        out: dict[str, set[str]] = {}
        for entity in self.entities:
            if entity.kind == "organization":
                out.setdefault(" ".join(entity.title.casefold().split()), set()).add(entity.iri)
        return out

    def get(self, iri: str) -> Entity | None:
        pos = self.position.get(iri)
        return None if pos is None else self.entities[pos]

    def entity_of_chunks(self, ids: np.ndarray) -> np.ndarray:
        """Entity positions of chunk ids (-1 for ids this catalogue does not know)."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(self.chunk_ids) == 0:
            return np.full(len(ids), -1, dtype=np.int64)
        where = np.clip(np.searchsorted(self.chunk_ids, ids), 0, len(self.chunk_ids) - 1)
        found = self.chunk_ids[where] == ids
        return np.where(found, self.chunk_entity[where], -1)

    def chunks_of(self, mask: np.ndarray) -> np.ndarray:
        """Chunk ids of the entities selected by ``mask``."""
        keep = (self.chunk_entity >= 0) & mask[np.clip(self.chunk_entity, 0, None)]
        return self.chunk_ids[keep]

    @cached_property
    def _chunks_by_entity(self) -> tuple[np.ndarray, np.ndarray]:
        """Chunk ids grouped by entity, and each entity's start offset into them (CSR)."""
        order = np.argsort(self.chunk_entity, kind="stable")
        grouped = self.chunk_entity[order]
        starts = np.searchsorted(grouped, np.arange(len(self.entities) + 1))
        return self.chunk_ids[order], starts

    def chunk_ids_of(self, position: int) -> np.ndarray:
        ids, starts = self._chunks_by_entity
        return ids[starts[position] : starts[position + 1]]

    def mask(self, facet: str, values: Iterable[str]) -> np.ndarray:
        return self.facets[facet].mask(values)

    def everything(self) -> np.ndarray:
        return np.ones(len(self.entities), dtype=bool)

    def facet_counts(
        self, facet: str, mask: np.ndarray | None, limit: int | None = None
    ) -> list[tuple[str, int]]:
        """(value, count) of the values present in the ``mask``ed set, most frequent first."""
        pairs = self.facets[facet]
        counts = pairs.counts(mask)
        present = np.flatnonzero(counts)
        order = present[np.lexsort((present, -counts[present]))][:limit]
        return [(pairs.values[i], int(counts[i])) for i in order]


def kind_key(value: str) -> str | None:
    """A type filter value → practice / project / organization (None when unknown)."""
    folded = value.strip().casefold().replace("_", "-").replace(" ", "-")
    aliases = {
        "practice": "practice",
        "practices": "practice",
        "good-practice": "practice",
        "goodpractice": "practice",
        "cg:goodpractice": "practice",
        "project": "project",
        "projects": "project",
        "schema:project": "project",
        "organization": "organization",
        "organisation": "organization",
        "organizations": "organization",
        "organisations": "organization",
        "org": "organization",
        "org:organization": "organization",
    }
    found = aliases.get(folded)
    return found if found in KINDS else None
