"""Provenance of facts: the source documents (named graphs) holding statements about a resource and
the evidence nodes quoting where each fact was found."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg import sparql
from kg.store import Store


@dataclass(frozen=True)
class Quote:
    """The evidence for one fact: the words in the source document, or the record field."""

    text: str
    document: str | None
    predicate: str | None = None
    object: str | None = None
    start: int | None = None
    end: int | None = None
    field: str | None = None
    confidence: float | None = None
    score: float | None = None
    extractor: str | None = None
    suggested: bool = False


@dataclass(frozen=True)
class Source:
    iri: str
    title: str | None
    url: str | None  # the original page (http or https only)
    name: str | None  # the source as recorded (URL or file name)
    language: str | None
    kind: str | None  # document-kinds concept IRI


def evidence(store: Store, subject: URIRef) -> list[Quote]:
    out: list[Quote] = []
    seen: set[str] = set()
    for row in sparql.rows(store, "resource_evidence", s=subject):
        key = str(row["ev"])
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Quote(
                text=str(row["quote"] or ""),
                document=str(row["g"]) if row["g"] is not None else None,
                predicate=str(row["p"]) if row["p"] is not None else None,
                object=str(row["o"]) if row["o"] is not None else None,
                start=_int(row["start"]),
                end=_int(row["end"]),
                field=str(row["field"]) if row["field"] is not None else None,
                confidence=_float(row["confidence"]),
                score=_float(row["score"]),
                extractor=str(row["extractor"]) if row["extractor"] is not None else None,
                suggested=row["suggestedBy"] is not None,
            )
        )
    return out


def _int(value: object) -> int | None:
    try:
        return None if value is None else int(str(value))
    except ValueError:
        return None


def _float(value: object) -> float | None:
    try:
        return None if value is None else float(str(value))
    except ValueError:
        return None


def http_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL (the only links pages make to the outside), else None."""
    text = str(value or "").strip()
    lowered = text.lower()
    if lowered.startswith(("http://", "https://")) and not any(c in text for c in " \n\r\t<>\"'`"):
        return text
    return None


def sources(store: Store, subject: URIRef) -> list[Source]:
    out: list[Source] = []
    for row in sparql.rows(store, "resource_sources", s=subject):
        source = row["source"]
        out.append(
            Source(
                iri=str(row["g"]),
                title=str(row["title"]) if row["title"] is not None else None,
                url=http_url(source) if isinstance(source, URIRef | Literal) else None,
                name=str(source) if source is not None else None,
                language=str(row["language"]) if row["language"] is not None else None,
                kind=str(row["kind"]) if row["kind"] is not None else None,
            )
        )
    out.sort(key=lambda s: (s.title or s.name or s.iri).casefold())
    return out
