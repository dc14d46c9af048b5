"""What the Home, Browse and Tag cloud pages show: named SPARQL queries over the published store.

Flask-free. A generation's store never changes, so :class:`PageData` memoises every result for the
generation (a bounded :class:`PageCache`, a generation-bound resource): a warm server answers from
memory, and browsing large sets pages through one sorted catalogue instead of sorting in SPARQL for
every page. Names come from one index of every resource's names (:class:`Labels`), chosen per
language in Python: joining names into each query multiplies its rows, because the union default
graph repeats a triple once per document graph that holds it.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rdflib import Literal, URIRef

from kg import sparql
from kg.iris import fold
from kg.live import LOADERS, Generation
from kg.resource_names import local_name, pick
from kg.store import Store

T = TypeVar("T")


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


class Labels:
    """Every resource's names by language: proper names (prefLabel, title, name) before rdfs:label."""

    def __init__(self, rows: Iterable[dict[str, object]]) -> None:
        self._names: dict[str, list[dict[str, str]]] = defaultdict(lambda: [{}, {}])
        for row in sorted(rows, key=lambda r: str(r["label"])):  # stable choice among equals
            label = row["label"]
            rank = 1 if _int(row["rank"]) else 0
            lang = label.language or "" if isinstance(label, Literal) else ""
            self._names[str(row["s"])][rank].setdefault(lang, str(label))

    def get(self, iri: str, lang: str) -> str | None:
        for names in self._names.get(iri, ()):
            chosen = pick(names, lang)
            if chosen:
                return chosen
        return None

    def name(self, iri: str, lang: str) -> str:
        """A name to show: the label in ``lang`` (with fallback), else readable IRI text."""
        return self.get(iri, lang) or local_name(iri)


# -- what the pages show ------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Country:
    iri: str
    code: str
    label: str


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


@dataclass(frozen=True)
class Addition:
    iri: str
    kind: str
    label: str
    document: str
    updated: str


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


class PageData:
    """The page queries of one generation, each run once (per language where names matter)."""

    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.store: Store = generation.store
        self.cache = page_cache(generation)

    def _memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        return self.cache.get(("page_data", *key), compute)

    def _rows(self, name: str) -> list[dict[str, object]]:
        return self._memo(("rows", name), lambda: sparql.rows(self.store, name))

    def labels(self) -> Labels:
        return self._memo(("labels",), lambda: Labels(self._rows("page_labels")))

    def catalog(self, lang: str) -> list[Entry]:
        """Every practice, project, organisation, unit, person and document, sorted by name."""

        def build() -> list[Entry]:
            labels = self.labels()
            out = []
            for row in self._rows("page_catalog"):
                iri = str(row["s"])
                label = labels.name(iri, lang)
                country = str(row["country"]) if row["country"] is not None else None
                year = _int(row["year"]) or None
                out.append(Entry(iri, str(row["key"]), label, country, year, fold(label)))
            out.sort(key=lambda e: (e.sort_key, e.iri))
            return out

        return self._memo(("catalog", lang), build)

    def countries(self, lang: str) -> dict[str, Country]:
        """Countries that anything is in: IRI → code and name in ``lang`` (English fallback)."""

        def build() -> dict[str, Country]:
            labels = self.labels()
            out: dict[str, Country] = {}
            for row in self._rows("page_country_names"):
                iri = str(row["country"])
                code = str(row["code"]) if row["code"] is not None else local_name(iri)
                out[iri] = Country(iri, code, labels.get(iri, lang) or code)
            return out

        return self._memo(("countries", lang), build)

    def overview(self, lang: str) -> Overview:
        """Counts by kind, by country (and kind) and documents by language."""

        def build() -> Overview:
            by_kind = {str(r["key"]): _int(r["n"]) for r in self._rows("page_type_counts")}
            names = self.countries(lang)
            per_country: dict[str, dict[str, int]] = defaultdict(dict)
            for row in self._rows("page_country_counts"):
                per_country[str(row["country"])][str(row["key"])] = _int(row["n"])
            rows = [
                CountryCount(names.get(iri) or Country(iri, local_name(iri), local_name(iri)), kinds)
                for iri, kinds in per_country.items()
            ]
            rows.sort(key=lambda c: (-c.total, c.country.label))
            languages = [(str(r["language"]), _int(r["n"])) for r in self._rows("page_language_counts")]
            tags = self._rows("page_tag_use_count")
            return Overview(by_kind, rows, languages, _int(tags[0]["n"]) if tags else 0)

        return self._memo(("overview", lang), build)

    def latest(self, lang: str, limit: int = 8) -> list[Addition]:
        """What the most recently ingested documents describe (their main practice, project or
        organisation), newest first."""

        def build() -> list[Addition]:
            with self.generation.manifest() as manifest:
                documents = sorted(manifest.documents(), key=lambda d: (d.updated_at, d.iri), reverse=True)
            labels = self.labels()
            out: list[Addition] = []
            for doc in documents:
                if len(out) >= limit:
                    break
                if doc.status != "stored":
                    continue
                found = sparql.rows(self.store, "page_document_main", doc=URIRef(doc.iri))
                if found:
                    iri = str(found[0]["s"])
                    label = labels.get(iri, lang) or doc.file_name or doc.source
                    out.append(Addition(iri, str(found[0]["key"]), label, doc.iri, doc.updated_at))
            return out

        return self._memo(("latest", lang, limit), build)

    def tag_uses(self, lang: str) -> list[TagUse]:
        """Every tag in use with its count and a weight 1..6 (log scale), most used first."""

        def build() -> list[TagUse]:
            labels = self.labels()
            raw = self._rows("page_tag_cloud")
            top = max((_int(r["n"]) for r in raw), default=1)
            out: list[TagUse] = []
            for row in raw:
                count = _int(row["n"])
                weight = min(6, 1 + round(5 * math.log1p(count) / math.log1p(top))) if top > 1 else 1
                scheme = str(row["scheme"]) if row["scheme"] is not None else None
                scheme_label = labels.name(scheme, lang) if scheme else ""
                tag = str(row["tag"])
                name = labels.name(tag, lang)
                out.append(TagUse(tag, name, scheme, scheme_label, count, _int(row["practices"]), weight))
            out.sort(key=lambda t: (-t.count, fold(t.label)))
            return out

        return self._memo(("tag_uses", lang), build)


def page_data(generation: Generation) -> PageData:
    """The generation's :class:`PageData` (one per generation)."""
    return page_cache(generation).get(("page_data",), lambda: PageData(generation))


def tag_groups(uses: list[TagUse]) -> list[SchemeGroup]:
    """Tags grouped by scheme (biggest scheme first), alphabetical inside a group."""
    groups: dict[str | None, SchemeGroup] = {}
    for use in uses:
        group = groups.setdefault(use.scheme, SchemeGroup(use.scheme, use.scheme_label))
        group.tags.append(use)
    for group in groups.values():
        group.tags.sort(key=lambda t: fold(t.label))
    return sorted(groups.values(), key=lambda g: (-g.total, fold(g.label)))
