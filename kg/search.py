"""Semantic and hybrid search over a published generation: the public API.

>>> request = parse_request({"q": "repair cafes", "country": "FI"}, settings)
>>> response = search(generation, request)          # SearchResponse: results, facets, notes
>>> related(generation, response.results[0].iri)    # nearest neighbours of an entity

Filters (type, tag, country, language, organisation, SPARQL pattern) select entities *before*
ranking; facets count the whole filtered set; ranking fuses dense, lexical and tag rankings
(:mod:`kg.search_rank`). Bad values raise :class:`BadRequest`; unknown filter values give empty
results with a note naming them. An empty query never calls the model.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping

import numpy as np

from kg.encoder import get_encoder
from kg.layout import Layout
from kg.lexical import base_language
from kg.live import Generation
from kg.search_catalog import KIND_LABELS, kind_key
from kg.search_facets import facets_for, hit_for
from kg.search_index import SearchIndex, search_index
from kg.search_pattern import PatternError, run_pattern
from kg.search_query import clean_query, detect_language, truncate
from kg.search_rank import MODES, RankConfig, plan_query, rank
from kg.search_types import BadRequest, FacetValue, Hit, NotFound, SearchRequest, SearchResponse
from kg.settings import Settings

MAX_LIMIT = 100
MAX_WINDOW = 1000  # offset + limit
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")

__all__ = [
    "BadRequest",
    "FacetValue",
    "Hit",
    "NotFound",
    "SearchRequest",
    "SearchResponse",
    "parse_request",
    "related",
    "search",
    "similarity",
]


# -- parsing -------------------------------------------------------------------------------------


def _values(args: Mapping[str, str | list[str]], *names: str, split: bool = False) -> list[str]:
    out: list[str] = []
    for name in names:
        raw: object = args.get(name)
        if raw is None:
            continue
        items = list(raw) if isinstance(raw, list | tuple) else [raw]
        for item in items:
            if isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                raise BadRequest(f"{name}: expected text, got {type(item).__name__}")
            parts = item.split(",") if split else [item]
            out.extend(p.strip() for p in parts if p.strip())
    return list(dict.fromkeys(out))


def _single(args: Mapping[str, str | list[str]], name: str) -> str | None:
    values = _values(args, name)
    if len(values) > 1:
        raise BadRequest(f"{name}: give one value, not {len(values)}")
    return values[0] if values else None


def _integer(args: Mapping[str, str | list[str]], name: str, default: int, low: int, high: int) -> int:
    raw = _single(args, name)
    if raw is None:
        return default
    if not re.fullmatch(r"[+-]?\d{1,12}", raw):
        raise BadRequest(f"{name}: expected a whole number from {low} to {high}, got {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise BadRequest(f"{name}: must be from {low} to {high}, got {value}")
    return value


def parse_request(args: Mapping[str, str | list[str]], settings: Settings) -> SearchRequest:
    """A :class:`SearchRequest` from query-string style arguments; :class:`BadRequest` on bad values."""
    raw_q = args.get("q", "")
    q = " ".join(raw_q) if isinstance(raw_q, list) else str(raw_q or "")
    limit = _integer(args, "limit", 10, 0, MAX_LIMIT)
    offset = _integer(args, "offset", 0, 0, MAX_WINDOW)
    if offset + limit > MAX_WINDOW:
        raise BadRequest(f"offset + limit must be at most {MAX_WINDOW}; narrow the search with filters")
    types = []
    for value in _values(args, "type", "types", split=True):
        key = kind_key(value)
        if key is None:
            raise BadRequest(f"type: {value[:60]!r} is not one of {', '.join(KIND_LABELS)}")
        types.append(key)
    langs = []
    for value in _values(args, "lang", "langs", split=True):
        if not _LANG.match(value.lower()):
            raise BadRequest(f"lang: {value[:40]!r} is not a language code such as en or lt")
        langs.append(str(base_language(value)))
    mode = (_single(args, "mode") or "hybrid").lower()
    if mode not in MODES:
        raise BadRequest(f"mode: must be one of {', '.join(MODES)}")
    pattern = _single(args, "pattern")
    return SearchRequest(
        q=q,
        limit=limit,
        offset=offset,
        types=list(dict.fromkeys(types)),
        tags=_values(args, "tag", "tags"),
        countries=_values(args, "country", "countries", split=True),
        langs=list(dict.fromkeys(langs)),
        organizations=_values(args, "organization", "organisation", "organizations", "org"),
        pattern=pattern,
        mode=mode,
    )


# -- filtering -----------------------------------------------------------------------------------


def _filter_mask(
    generation: Generation, index: SearchIndex, request: SearchRequest, notes: list[str]
) -> tuple[np.ndarray | None, bool]:
    """(mask over entities or None for "no filter", whether an unknown value emptied it)."""
    from ontology.countries import country_code

    catalog = index.catalog
    mask: np.ndarray | None = None
    unknown = False

    def narrow(selected: np.ndarray) -> None:
        nonlocal mask
        mask = selected if mask is None else mask & selected

    if request.types:
        narrow(catalog.mask("type", request.types))
    if request.tags:
        iris: set[str] = set()
        for value in request.tags:
            found = index.concepts.resolve(value)
            if not found:
                notes.append(f"unknown tag {value[:80]!r}: no tag has that IRI, code or label")
                unknown = True
            iris |= found
        narrow(catalog.mask("tag", iris))
    if request.countries:
        codes = set()
        for value in request.countries:
            code = country_code(value)
            if code is None:
                notes.append(f"unknown country {value[:80]!r}: use an ISO code (FI) or a name (Finland)")
                unknown = True
            else:
                codes.add(code)
        narrow(catalog.mask("country", codes))
    if request.langs:
        narrow(catalog.mask("lang", request.langs))
    if request.organizations:
        orgs: set[str] = set()
        by_title = catalog.organizations_by_name
        for value in request.organizations:
            found = {value} if catalog.get(value) else by_title.get(" ".join(value.casefold().split()), set())
            if not found:
                notes.append(f"unknown organisation {value[:80]!r}: give its IRI or its exact name")
                unknown = True
            orgs |= found
        narrow(catalog.mask("organization", orgs))
    if request.pattern:
        snapshot = Layout(generation.settings.data_path).snapshot_dir(generation.number)
        try:
            result = run_pattern(
                snapshot,
                request.pattern,
                timeout=float(generation.settings.sparql_timeout),
                max_rows=int(generation.settings.sparql_max_rows),
            )
        except PatternError as exc:
            raise BadRequest(f"pattern: {exc}") from None
        if result.truncated:
            notes.append(
                f"the pattern matched more than {generation.settings.sparql_max_rows} entities; "
                "only the first were used"
            )
        selected = np.zeros(len(catalog), dtype=bool)
        for iri in result.entities:
            pos = catalog.position.get(iri)
            if pos is not None:
                selected[pos] = True
        narrow(selected)
    return mask, unknown


# -- searching -----------------------------------------------------------------------------------


def search(
    generation: Generation, request: SearchRequest, config: RankConfig | None = None
) -> SearchResponse:
    """Run ``request`` on ``generation`` (see the module docstring)."""
    started = time.perf_counter()
    settings = generation.settings
    index = search_index(generation)
    notes: list[str] = list(index.notes)
    timings: dict[str, float] = {}
    q = clean_query(request.q)
    q, was_cut = truncate(q, int(settings.search_max_query_chars))
    if was_cut:
        notes.append(
            f"the query was longer than {settings.search_max_query_chars} characters and was truncated"
        )
    filtering = time.perf_counter()
    mask, unknown = _filter_mask(generation, index, request, notes)
    if unknown:
        mask = np.zeros(len(index.catalog), dtype=bool)
    facets = facets_for(index, mask)
    timings["filter"] = time.perf_counter() - filtering

    def respond(total: int, hits: list[Hit]) -> SearchResponse:
        timings["total"] = time.perf_counter() - started
        return SearchResponse(q, total, hits, facets, notes, request.limit, request.offset, timings)

    if len(index.catalog) == 0 or index.empty:
        if not any("empty" in n for n in notes):
            notes.append("the search index is empty: ingest documents first")
        return respond(0, [])
    if not q:
        if mask is None:
            notes.append("empty query: type some words (in any language) or choose a filter")
            return respond(0, [])
        notes.append("empty query: showing the entities that match the filters, by title")
        listed = sorted(
            np.flatnonzero(mask).tolist(), key=lambda p: index.catalog.entities[p].title.casefold()
        )
        return respond(
            len(listed),
            [hit_for(index, p, None, q) for p in listed[request.offset : request.offset + request.limit]],
        )
    if mask is not None and not mask.any():
        return respond(0, [])

    config = config or RankConfig(request.mode)
    encoder = get_encoder(settings) if config.mode != "lexical" else None
    language = detect_language(q, index.query_languages)
    plan = plan_query(index, q, language, config.mode, expand=config.expand)
    if config.mode == "hybrid" and language not in {None, "en"} and not plan.concepts:
        notes.append(
            f"the query looks {language}; the model reads English best and no tag label matched, "
            "so results rely on shared words"
        )
    ranked = rank(index, encoder, plan, mask, request.offset + request.limit, config)
    timings.update(plan.timings)
    page = ranked[request.offset : request.offset + request.limit]
    return respond(len(ranked), [hit_for(index, r.position, r, q) for r in page])


def _entity_vector(index: SearchIndex, iri: str) -> np.ndarray | None:
    pos = index.catalog.position.get(iri)
    if pos is None:
        return None
    ids = index.catalog.chunk_ids_of(pos)
    if len(ids) == 0:
        return None
    mean = index.vectors.vectors(ids).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


def related(generation: Generation, iri: str, k: int = 5) -> list[Hit]:
    """The ``k`` entities most similar to ``iri`` (never itself); :class:`NotFound` if unknown."""
    if not 0 < k <= MAX_LIMIT:
        raise BadRequest(f"k: must be from 1 to {MAX_LIMIT}, got {k}")
    index = search_index(generation)
    vector = _entity_vector(index, iri)
    if vector is None:
        raise NotFound(f"{iri} is not a searchable entity")
    own = index.catalog.position[iri]
    best: dict[int, tuple[float, int]] = {}
    for n in index.vectors.search(vector, max(50, k * 10)):
        pos = int(index.catalog.entity_of_chunks(np.asarray([n.id]))[0])
        if pos < 0 or pos == own:
            continue
        if pos not in best or n.score > best[pos][0]:
            best[pos] = (n.score, n.id)
    order = sorted(best, key=lambda p: (-best[p][0], p))[:k]
    from kg.search_rank import Ranked

    hits = []
    for pos in order:
        score, chunk = best[pos]
        hits.append(hit_for(index, pos, Ranked(pos, score, dense=score, dense_chunk=chunk), ""))
    return hits


def similarity(generation: Generation, a: str, b: str) -> float | None:
    """Cosine similarity of two entities' mean chunk vectors (None when either is unknown)."""
    index = search_index(generation)
    va, vb = _entity_vector(index, a), _entity_vector(index, b)
    if va is None or vb is None:
        return None
    return float(va @ vb)
