"""What the Home, Browse and Tag cloud pages show: named SPARQL queries over the published store.

Flask-free. A generation's store never changes, so results are memoised per generation
(:class:`PageCache`, a generation-bound resource): a warm server answers from memory, and browsing
large sets pages through one sorted catalogue instead of sorting in SPARQL for every page.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rdflib import Literal, URIRef

from kg import sparql
from kg.iris import fold
from kg.live import LOADERS, Generation
from kg.manifest import Manifest
from kg.resource_names import pick_from_row
from kg.store import Store

T = TypeVar("T")

#: The kinds the catalogue lists, in the order pages show them.
KINDS = ("practice", "project", "organization", "unit", "person", "document")


class PageCache:
    """A bounded memo for one generation; concurrent misses on one key compute it once."""

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]  # type: ignore[no-any-return]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:
                    return self._data[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self._data[key] = value
                self._key_locks.pop(key, None)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
            return value


def page_cache(generation: Generation) -> PageCache:
    LOADERS.setdefault("pages", lambda _generation: PageCache())
    cache: PageCache = generation.resource("pages")
    return cache


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


# -- the catalogue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str
    label: str
    country: str | None
    year: int | None
    sort_key: str

    @property
    def letter(self) -> str:
        first = self.sort_key[:1].upper()
        return first if first.isalpha() and first.isascii() else "#"


def catalog(store: Store, lang: str) -> list[Entry]:
    """Every practice, project, organisation, unit, person and document, sorted by name."""
    out: list[Entry] = []
    for row in sparql.rows(store, "page_catalog", lang=Literal(lang)):
        label = pick_from_row(row) or str(row["s"]).rsplit("/", 1)[-1]
        year = _int(row["year"]) or None
        country = str(row["country"]) if row["country"] is not None else None
        out.append(Entry(str(row["s"]), str(row["key"]), label, country, year, fold(label)))
    out.sort(key=lambda e: (e.sort_key, e.iri))
    return out


@dataclass(frozen=True)
class Country:
    iri: str
    code: str
    label: str


def countries(store: Store, lang: str) -> dict[str, Country]:
    """Countries that anything is in: IRI → code and name in ``lang`` (English fallback)."""
    out: dict[str, Country] = {}
    for row in sparql.rows(store, "page_country_names", lang=Literal(lang)):
        iri = str(row["country"])
        code = str(row["code"]) if row["code"] is not None else iri.rsplit("/", 1)[-1]
        out[iri] = Country(iri, code, pick_from_row(row) or code)
    return out


# -- home -------------------------------------------------------------------------------------------


@dataclass
class CountryCount:
    country: Country
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass
class Overview:
    by_kind: dict[str, int]
    countries: list[CountryCount]
    languages: list[tuple[str, int]]
    tags_in_use: int


def overview(store: Store, lang: str) -> Overview:
    """Counts by kind, by country (and kind) and documents by language."""
    by_kind = {str(r["key"]): _int(r["n"]) for r in sparql.rows(store, "page_type_counts")}
    names = countries(store, lang)
    per_country: dict[str, dict[str, int]] = defaultdict(dict)
    for row in sparql.rows(store, "page_country_counts", lang=Literal(lang)):
        per_country[str(row["country"])][str(row["key"])] = _int(row["n"])
    rows = [
        CountryCount(names.get(iri) or Country(iri, iri.rsplit("/", 1)[-1], iri.rsplit("/", 1)[-1]), kinds)
        for iri, kinds in per_country.items()
    ]
    rows.sort(key=lambda c: (-c.total, c.country.label))
    languages = [(str(r["language"]), _int(r["n"])) for r in sparql.rows(store, "page_language_counts")]
    tags = sparql.rows(store, "page_tag_use_count")
    return Overview(by_kind, rows, languages, _int(tags[0]["n"]) if tags else 0)


@dataclass(frozen=True)
class Addition:
    iri: str
    kind: str
    label: str
    document: str
    updated: str


def latest(store: Store, manifest: Manifest, lang: str, limit: int = 8) -> list[Addition]:
    """What the most recently ingested documents describe (their main practice, project or organisation)."""
    rows = sorted(manifest.documents(), key=lambda d: (d.updated_at, d.iri), reverse=True)
    out: list[Addition] = []
    for doc in rows:
        if len(out) >= limit:
            break
        if doc.status != "stored":
            continue
        found = sparql.rows(store, "page_document_main", doc=URIRef(doc.iri), lang=Literal(lang))
        if found:
            first = found[0]
            label = pick_from_row(first) or doc.file_name or doc.source
            out.append(Addition(str(first["s"]), str(first["key"]), label, doc.iri, doc.updated_at))
    return out


# -- tags -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagUse:
    iri: str
    label: str
    scheme: str | None
    scheme_label: str
    count: int  # things tagged with it (practices, projects, documents ...)
    practices: int = 0  # good practices tagged with it
    weight: int = 1  # 1..6, for the cloud


@dataclass
class SchemeGroup:
    iri: str | None
    label: str
    tags: list[TagUse] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tags)


def tag_uses(store: Store, lang: str) -> list[TagUse]:
    """Every tag in use with its count and a weight 1..6 (log scale), most used first."""
    raw = sparql.rows(store, "page_tag_cloud", lang=Literal(lang))
    counts = [_int(r["n"]) for r in raw]
    top = max(counts, default=1)
    out: list[TagUse] = []
    for row, count in zip(raw, counts, strict=True):
        weight = 1 + round(5 * math.log1p(count) / math.log1p(top)) if top > 1 else 1
        scheme = str(row["scheme"]) if row["scheme"] is not None else None
        scheme_label = pick_from_row(row, "schemeLabel") or (scheme or "").rsplit("/", 1)[-1]
        label = pick_from_row(row) or str(row["tag"]).rsplit("/", 1)[-1]
        practices = _int(row["practices"])
        out.append(TagUse(str(row["tag"]), label, scheme, scheme_label, count, practices, min(weight, 6)))
    out.sort(key=lambda t: (-t.count, fold(t.label)))
    return out


def tag_groups(uses: list[TagUse]) -> list[SchemeGroup]:
    """Tags grouped by scheme (biggest scheme first), alphabetical inside a group."""
    groups: dict[str | None, SchemeGroup] = {}
    for use in uses:
        group = groups.setdefault(use.scheme, SchemeGroup(use.scheme, use.scheme_label))
        group.tags.append(use)
    for group in groups.values():
        group.tags.sort(key=lambda t: fold(t.label))
    return sorted(groups.values(), key=lambda g: (-g.total, fold(g.label)))
