"""The dataclasses of the search API (re-exported by :mod:`kg.search`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class BadRequest(ValueError):
    """A search request has a value that cannot be used (the message names it)."""


class NotFound(LookupError):
    """The IRI is not a searchable entity of this generation."""


@dataclass
class SearchRequest:
    q: str
    limit: int = 10
    offset: int = 0
    types: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    pattern: str | None = None
    mode: str = "hybrid"  # "dense" / "lexical": the plain baselines


@dataclass
class Hit:
    iri: str
    type: str
    title: str
    snippet: str
    score: float
    scores: dict[str, float]
    source: str | None
    tags: list[str]
    country: str | None
    lang: str | None
    organization: str | None
    organization_iri: str | None = None
    tag_iris: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResponse:
    query: str
    total: int
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    notes: list[str] = field(default_factory=list)
    limit: int = 10
    offset: int = 0
    #: Seconds spent per stage (filter+facets, encode, vector, lexical, total); not part of the JSON.
    timings: dict[str, float] = field(default_factory=dict)


def hit_json(hit: Hit) -> dict[str, Any]:
    """A result as the JSON of ``/api/search`` (DESIGN.md §5) plus lang and organisation."""
    return {
        "iri": hit.iri,
        "type": hit.type,
        "title": hit.title,
        "snippet": hit.snippet,
        "score": hit.score,
        "scores": hit.scores,
        "source": hit.source,
        "tags": hit.tags,
        "country": hit.country,
        "lang": hit.lang,
        "organization": hit.organization,
        "organization_iri": hit.organization_iri,
        "tag_iris": hit.tag_iris,
    }


def response_json(response: SearchResponse) -> dict[str, Any]:
    """The JSON of ``/api/search`` (and ``civicgraph search --format json``)."""
    return {
        "query": response.query,
        "total": response.total,
        "limit": response.limit,
        "offset": response.offset,
        "results": [hit_json(h) for h in response.results],
        "facets": {name: [asdict(v) for v in values] for name, values in response.facets.items()},
        "notes": response.notes,
    }
