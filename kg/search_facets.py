"""Facets (counts over the filtered set) and result rows (hits with snippets) of a search."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

from kg.search_catalog import FACETS, KIND_LABELS
from kg.search_index import SearchIndex
from kg.search_rank import Ranked
from kg.search_types import FacetValue, Hit

#: Values listed per facet (the most frequent).
FACET_VALUES = 50
SNIPPET_CHARS = 280
TAG_LINE = "Tags: "


@cache
def _country_names() -> dict[str, str]:
    from ontology.countries import all_countries

    return {c.code: c.labels.get("en", c.code) for c in all_countries()}


@cache
def _language_name(code: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return str(found.name) if found is not None else code


def _label(index: SearchIndex, facet: str, value: str) -> str:
    if facet == "type":
        return KIND_LABELS.get(value, value)
    if facet == "tag":
        return index.concepts.label(value)
    if facet == "country":
        return _country_names().get(value, value)
    if facet == "lang":
        return _language_name(value)
    entity = index.catalog.get(value)
    return entity.title if entity is not None else value.rsplit("/", 1)[-1]


def facets_for(index: SearchIndex, mask: np.ndarray | None) -> dict[str, list[FacetValue]]:
    """Counts of every facet value over the entities ``mask`` selects (all when None)."""
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        counts = index.catalog.facet_counts(facet, mask, FACET_VALUES)
        out[facet] = [FacetValue(v, _label(index, facet, v), c) for v, c in counts]
    return out


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(text: str, title: str, query: str) -> str:
    """A short passage of ``text`` around the first query word in it (the title line dropped)."""
    body = text
    if title and body.startswith(title):
        body = body[len(title) :].lstrip("\n ")
    first, _, rest = body.partition("\n")
    if first.startswith(TAG_LINE) and rest.strip():  # the repeated tag line
        body = rest
    body = " ".join(body.split()) or " ".join(text.split())
    if len(body) <= SNIPPET_CHARS:
        return body
    lowered = body.lower()
    if len(lowered) != len(body):  # rare letters whose lower case is longer: no alignment
        lowered = body
    folded_body = None
    start = 0
    words = sorted({w for w in re.findall(r"\w{3,}", query.lower())}, key=len, reverse=True)
    for word in words:
        stem = word[: max(4, len(word) - 2)]
        found = lowered.find(stem)
        if found < 0 and _fold(stem) != stem:  # the query has accents the text may lack
            folded_body = folded_body if folded_body is not None else _fold(body)
            found = folded_body.find(_fold(stem)) if len(folded_body) == len(body) else -1
        if found >= 0:
            start = max(0, found - SNIPPET_CHARS // 3)
            break
    if start > 0:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    piece = body[start : start + SNIPPET_CHARS]
    cut = piece.rfind(" ")
    if start + SNIPPET_CHARS < len(body) and cut > SNIPPET_CHARS // 2:
        piece = piece[:cut]
    return ("…" if start > 0 else "") + piece.strip() + ("…" if start + len(piece) < len(body) else "")


def hit_for(index: SearchIndex, position: int, ranked: Ranked | None, query: str) -> Hit:
    entity = index.catalog.entities[position]
    chunk_id = None
    if ranked is not None:
        chunk_id = ranked.lexical_chunk if ranked.lexical_chunk is not None else ranked.dense_chunk
    text = ""
    if index.table is not None:
        if chunk_id is None:
            chunks = index.table.entity_chunks(entity.iri)
            text = chunks[0][2] if chunks else ""
        else:
            text = index.table.texts([chunk_id]).get(chunk_id, (entity.iri, "", None))[1]
    org = entity.organizations[0] if entity.organizations else None
    scores = (
        {"dense": round(ranked.dense, 6), "lexical": round(ranked.lexical, 6), "tags": ranked.tags}
        if ranked is not None
        else {}
    )
    return Hit(
        iri=entity.iri,
        type=entity.kind,
        title=entity.title,
        snippet=snippet(text, entity.title, query),
        score=round(ranked.score, 6) if ranked is not None else 0.0,
        scores=scores,
        source=entity.source,
        tags=[index.concepts.label(t, entity.lang or "en") for t in entity.tags],
        country=entity.countries[0] if entity.countries else None,
        lang=entity.lang,
        organization=_label(index, "organization", org) if org else None,
        organization_iri=org,
        tag_iris=list(entity.tags),
        countries=list(entity.countries),
    )
