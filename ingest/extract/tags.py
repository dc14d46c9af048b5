"""Tags: explicit tags mapped to the shipped topics (ontology/tags.ttl), suggestions for the rest.

- :func:`map_tags` matches each explicit tag ("cross-sectoral cooperation", "darnus vystymasis") to a
  topics concept by its folded prefLabel/altLabel in any language; a tag without a match keeps the
  words of the source in the source's own scheme.
- :func:`suggest_tags` compares a document's text with every topic (labels and definition) by
  embedding similarity and returns the best ones above a threshold, marked ``suggested=True`` with
  their score. The encoder is injectable (tests pass a deterministic one); by default the shared
  :func:`kg.encoder.get_encoder` model is loaded on first use. Topic vectors are computed once per
  encoder and process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ingest.records import Evidence, Tag
from ontology import scheme_iri, tags_graph
from ontology.concepts import lookup

#: Defaults for suggestions: cosine similarity threshold and how many at most.
SUGGEST_THRESHOLD = 0.35
SUGGEST_TOP_K = 3
#: Characters of the document compared with the topics (the model reads ~256 word pieces at a time).
_CHUNK_CHARS = 900
_MAX_CHUNKS = 4


class TextEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Topic:
    iri: URIRef
    notation: str
    label: str  # English prefLabel
    text: str  # what is embedded: labels in English and definition


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    graph = tags_graph()
    scheme = scheme_iri("topics")
    out = []
    members = sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
    for concept in members:
        notation = str(next(graph.objects(concept, SKOS.notation), concept.rsplit("/", 1)[-1]))
        english = [
            str(o)
            for o in graph.objects(concept, SKOS.prefLabel)
            if isinstance(o, Literal) and o.language == "en"
        ]
        alt = sorted(
            str(o)
            for o in graph.objects(concept, SKOS.altLabel)
            if isinstance(o, Literal) and o.language == "en"
        )
        definition = [str(o) for o in graph.objects(concept, SKOS.definition)]
        label = english[0] if english else notation
        text = "; ".join([label, *alt, *definition])
        out.append(Topic(concept, notation, label, text))
    return tuple(out)


def _topic_by_iri() -> dict[URIRef, Topic]:
    return {t.iri: t for t in topics()}


def map_tags(labels: Sequence[str], *, lang: str | None, source_scheme: str = "keywords") -> list[Tag]:
    """Explicit tags → topics concepts where a label matches, else tags of ``source_scheme``."""
    out: list[Tag] = []
    seen: set[str] = set()
    by_iri = _topic_by_iri()
    for label in labels:
        text = label.strip()
        if not text:
            continue
        concept = lookup("topics", text)
        topic = by_iri.get(concept) if concept is not None else None
        if topic is not None:
            tag = Tag(label=topic.label, scheme="topics", lang="en", notation=topic.notation)
        else:
            tag = Tag(label=text, scheme=source_scheme, lang=lang)
        key = f"{tag.scheme}/{tag.label.casefold()}"
        if key not in seen:
            seen.add(key)
            tag.evidence.append(Evidence(quote=text, extractor="tags.explicit"))
            out.append(tag)
    return out


_lock = threading.Lock()
_topic_vectors: dict[str, np.ndarray] = {}


def _vectors_for_topics(encoder: TextEncoder) -> np.ndarray:
    with _lock:
        cached = _topic_vectors.get(encoder.name)
        if cached is None:
            cached = np.asarray(encoder.encode([t.text for t in topics()]), dtype=np.float32)
            _topic_vectors[encoder.name] = cached
        return cached


def default_encoder() -> TextEncoder:
    """The process's shared embedding model (loaded on first use, from the settings)."""
    from kg.encoder import get_encoder
    from kg.settings import load

    return get_encoder(load())


def _chunks(text: str) -> list[str]:
    paragraphs = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 40]
    chunks: list[str] = []
    current = ""
    for para in paragraphs:
        if len(current) + len(para) > _CHUNK_CHARS and current:
            chunks.append(current)
            current = ""
        current = (current + "\n" + para).strip()[: _CHUNK_CHARS * 2]
        if len(chunks) >= _MAX_CHUNKS:
            break
    if current and len(chunks) < _MAX_CHUNKS:
        chunks.append(current)
    return chunks or ([text[:_CHUNK_CHARS]] if text.strip() else [])


def suggest_tags(
    text: str,
    *,
    encoder: TextEncoder | None = None,
    threshold: float = SUGGEST_THRESHOLD,
    top_k: int = SUGGEST_TOP_K,
) -> list[Tag]:
    """Topics similar to ``text`` (best first), each ``suggested=True`` with its cosine score."""
    chunks = _chunks(text)
    if not chunks or top_k <= 0:
        return []
    model = encoder or default_encoder()
    topic_matrix = _vectors_for_topics(model)
    doc = np.asarray(model.encode(chunks), dtype=np.float32)
    # each topic's best match with any part of the document
    scores = (doc @ topic_matrix.T).max(axis=0)
    order = np.argsort(-scores)
    out = []
    for i in order[:top_k]:
        score = float(scores[i])
        if score < threshold:
            break
        topic = topics()[int(i)]
        out.append(
            Tag(
                label=topic.label,
                scheme="topics",
                lang="en",
                score=round(score, 4),
                suggested=True,
                notation=topic.notation,
                evidence=[Evidence(extractor="tags.suggested", confidence=round(score, 4))],
            )
        )
    return out
