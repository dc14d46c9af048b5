"""Deterministic IRIs: type + normalised key, so the same thing named twice is one node.

IRIs look like ``{base}id/{kind}/{key}``. ``base`` is fixed for a store at its first ingest (see
``kg.manifest``), so links stay stable even if ``CIVICGRAPH_BASE_URL`` later changes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

#: The ontology namespace (stable, independent of where a store is served).
ONTOLOGY_NS = "https://w3id.org/civicgraph/ns#"

KINDS = frozenset(
    {
        "doc",
        "org",
        "unit",
        "person",
        "post",
        "membership",
        "contact",
        "address",
        "practice",
        "project",
        "funding",
        "amount",
        "tag",
        "scheme",
        "place",
        "country",
        "evidence",
        "activity",
        "agent",
        "relation",
        "priority",
    }
)

_NON_WORD = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 80


#: Letters Unicode does not decompose into a base letter and a mark (NFKD leaves "ł", "ø" whole).
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ŀ": "l",
        "Ŀ": "L",
        "ħ": "h",
        "Ħ": "H",
    }
)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: the comparison form of a name ("Płock" = "plock")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def slug(text: str) -> str:
    """A readable, ASCII, URL-safe key; long or non-Latin keys get a short hash suffix."""
    folded = fold(text)
    base = _NON_WORD.sub("-", folded).strip("-")
    digest = hashlib.sha256(text.strip().casefold().encode("utf-8")).hexdigest()[:10]
    if not base:
        return digest
    if len(base) > _MAX_SLUG:
        return base[:_MAX_SLUG].rstrip("-") + "-" + digest
    return base


def short_hash(*parts: str, length: int = 16) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Minter:
    """Mints IRIs under one base, e.g. ``http://127.0.0.1:5000/``."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")

    def iri(self, kind: str, *key_parts: str) -> URIRef:
        """``{base}id/{kind}/{slug(part)}/...``; ``kind`` must be one of :data:`KINDS`."""
        if kind not in KINDS:
            raise ValueError(f"unknown IRI kind {kind!r}")
        if not key_parts:
            raise ValueError("an IRI needs at least one key part")
        path = "/".join(slug(p) for p in key_parts)
        return URIRef(f"{self.base}id/{kind}/{path}")

    def hashed(self, kind: str, *key_parts: str) -> URIRef:
        """An opaque IRI for things without a natural name (evidence, amounts, contacts)."""
        if kind not in KINDS:
            raise ValueError(f"unknown IRI kind {kind!r}")
        return URIRef(f"{self.base}id/{kind}/{short_hash(*key_parts)}")

    def document(self, identity: str) -> URIRef:
        """The IRI of a source document (also its named graph) from its identity (URL or file key)."""
        readable = slug(identity.rsplit("/", 1)[-1])[:40]
        return URIRef(f"{self.base}id/doc/{readable}-{short_hash(identity, length=12)}")

    def is_minted(self, iri: str) -> bool:
        return iri.startswith(self.base + "id/")
