"""What search indexes, read from the store: entity texts per document, the catalogue, the concepts.

Everything here is derived from a store snapshot with the named queries ``kg/queries/search_*.rq``,
so the indexes can always be rebuilt from the store alone (``civicgraph check --repair``).

- :func:`entity_texts` — one :class:`EntityText` per (document graph, entity): its title and body
  (description, objectives, target groups, ..., tag labels, organisation, country).
- :func:`catalogue` — one :class:`EntityFacts` per entity over all graphs: kind, titles, tags,
  countries, organisations, link and source documents (filters, facets and result fields).
- :func:`concepts` — labels in every language and links of tag concepts (query expansion, tag filters).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.lexical import base_language
from kg.sparql import named_query
from kg.store import Store

#: Body fields in the order they are written, with the words that introduce them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("alt", "Also known as"),
    ("description", ""),
    ("objective", "Objectives"),
    ("target", "Target groups"),
    ("participants", "Participants"),
    ("activity", "Activities"),
    ("result", "Results"),
    ("field", "Fields of activity"),
    ("task", "Tasks"),
    ("function", "Functions"),
    ("priority", "Cooperation priorities"),
    ("orgtype", "Type"),
    ("scope", "Scope"),
    ("organization", "Organisation"),
    ("country", "Country"),
    ("tag", "Tags"),
)
TITLE_FIELDS = ("title", "name", "label")
#: Facts about an entity rather than descriptions of it: indexed lexically, not embedded.
LEXICAL_ONLY = frozenset({"orgtype", "scope", "organization", "country"})
KINDS = ("practice", "project", "organization")


@dataclass
class EntityText:
    doc: str
    entity: str
    kind: str
    lang: str | None
    title: str
    body: str
    header: str = ""  # the tag line, repeated in every chunk after the title when it is short
    extra: str = ""  # organisation, country, type, scope: for the lexical index only


@dataclass
class EntityFacts:
    iri: str
    kind: str
    titles: list[tuple[str, str | None]] = field(default_factory=list)  # (text, lang) by preference
    tags: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    organizations: set[str] = field(default_factory=set)  # implementing / leading organisations
    related_orgs: set[str] = field(default_factory=set)  # also partners and parents
    urls: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)

    @property
    def title(self) -> str:
        return self.titles[0][0] if self.titles else self.iri

    @property
    def lang(self) -> str | None:
        return self.titles[0][1] if self.titles else None


@dataclass
class Concept:
    iri: str
    labels: list[tuple[str, str | None, bool]] = field(default_factory=list)  # (text, lang, preferred)
    notations: set[str] = field(default_factory=set)
    schemes: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    broader: set[str] = field(default_factory=set)

    def label(self, lang: str | None = "en") -> str:
        """The preferred label in ``lang`` (else English, else any)."""
        for wanted in (lang, "en", None):
            for text, label_lang, pref in self.labels:
                if pref and (wanted is None or label_lang == wanted):
                    return text
        return self.labels[0][0] if self.labels else self.iri.rsplit("/", 1)[-1]


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def _lang(term: object) -> str | None:
    return base_language(getattr(term, "language", None))


def ox_select(store: Store, name: str, **bindings: str) -> Iterator[ox.QuerySolution]:
    """Solutions of the named query, run by Oxigraph directly (IRIs bound by name)."""
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): ox.NamedNode(v) for k, v in bindings.items()
    }
    result = store.ox.query(
        named_query(name).text, use_default_graph_as_union=True, substitutions=substitutions or None
    )
    assert isinstance(result, ox.QuerySolutions)
    yield from result


def _dedupe(values: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    seen: set[str] = set()
    out = []
    for text, lang in values:
        key = " ".join(text.casefold().split())
        if key and key not in seen:
            seen.add(key)
            out.append((" ".join(text.split()) if "\n" not in text else text.strip(), lang))
    return out


def _compose(
    kind: str, fields: dict[str, list[tuple[str, str | None]]]
) -> tuple[str, str, str, str, str | None]:
    """(title, header, body, extra, lang) of one entity in one document (see :class:`EntityText`)."""
    titles = _dedupe(v for f in TITLE_FIELDS for v in sorted(fields.get(f, []), key=lambda x: x[0]))
    languages = Counter(
        lang for f in (*TITLE_FIELDS, "description", "objective") for _, lang in fields.get(f, []) if lang
    )
    lang = titles[0][1] if titles and titles[0][1] else None
    if languages:
        top = max(languages.values())
        if lang is None or languages.get(lang, 0) < top:
            lang = sorted(code for code, n in languages.items() if n == top)[0]
    title = titles[0][0] if titles else ""
    seen = {" ".join(t.casefold().split()) for t, _ in titles[:1]}
    lines: list[str] = []
    extra: list[str] = []
    header = ""
    extra_titles = [t for t, _ in titles[1:]]
    for name, intro in FIELDS:
        values = list(fields.get(name, []))
        if name == "alt":
            values = [(t, None) for t in extra_titles] + values
        if name == "tag":  # tag labels in the entity's language and English
            wanted = {lang, "en"}
            chosen = [v for v in values if v[1] in wanted] or values[:1]
            values = chosen
        texts = [t for t, _ in _dedupe(sorted(values, key=lambda x: (x[1] or "", x[0])))]
        texts = [t for t in texts if " ".join(t.casefold().split()) not in seen]
        seen.update(" ".join(t.casefold().split()) for t in texts)
        if not texts:
            continue
        line = f"{intro}: {'; '.join(texts)}" if intro else ""
        line = line if not line or line.endswith((".", "!", "?")) else line + "."
        if name == "tag":
            header = line
        elif name in LEXICAL_ONLY:
            extra.append(line)
        elif intro:
            lines.append(line)
        else:
            lines.extend(texts)
    return title, header, "\n".join(lines), "\n".join(extra), lang


def entity_texts(store: Store, graphs: Iterable[str] | None = None) -> Iterator[EntityText]:
    """The text of every entity in ``graphs`` (all document graphs when None), by (graph, entity)."""
    rows: dict[tuple[str, str], dict[str, list[tuple[str, str | None]]]] = defaultdict(dict)
    kinds: dict[tuple[str, str], str] = {}

    def collect(solutions: Iterable[ox.QuerySolution]) -> None:
        for sol in solutions:
            key = (_value(sol["g"]), _value(sol["entity"]))
            kind = _value(sol["kind"])
            # An entity typed both as practice and organisation is indexed as the first kind.
            if KINDS.index(kind) < KINDS.index(kinds.get(key, kind)) or key not in kinds:
                kinds[key] = kind
            value = sol["value"]
            rows[key].setdefault(_value(sol["field"]), []).append((_value(value), _lang(value)))

    if graphs is None:
        collect(ox_select(store, "search_texts"))
    else:
        for graph in sorted(set(graphs)):
            collect(ox_select(store, "search_texts", g=graph))
    for (doc, entity), fields in sorted(rows.items()):
        title, header, body, extra, lang = _compose(kinds[(doc, entity)], fields)
        if title or body or header:
            yield EntityText(doc, entity, kinds[(doc, entity)], lang, title, body, header, extra)


def catalogue(store: Store) -> dict[str, EntityFacts]:
    """Facts about every searchable entity, over all graphs."""
    out: dict[str, EntityFacts] = {}
    titles: dict[str, dict[str, list[tuple[str, str | None]]]] = defaultdict(lambda: defaultdict(list))
    for sol in ox_select(store, "search_entities"):
        iri, kind, fact = _value(sol["entity"]), _value(sol["kind"]), _value(sol["fact"])
        facts = out.get(iri)
        if facts is None:
            facts = out[iri] = EntityFacts(iri, kind)
        elif KINDS.index(kind) < KINDS.index(facts.kind):
            facts.kind = kind
        value = sol["value"]
        text = _value(value)
        if fact in TITLE_FIELDS:
            titles[iri][fact].append((text, _lang(value)))
        elif fact == "tag":
            facts.tags.add(text)
        elif fact == "country":
            facts.countries.add(text.upper())
        elif fact == "organization":
            facts.organizations.add(text)
            facts.related_orgs.add(text)
        elif fact in {"partner", "parent"}:
            facts.related_orgs.add(text)
        elif fact == "url":
            facts.urls.add(text)
        elif fact == "graph":
            facts.graphs.add(text)
    for iri, by_field in titles.items():
        candidates = [v for f in TITLE_FIELDS for v in sorted(by_field.get(f, []))]
        # Prefer a title in English, then in any language, in field order.
        english = [v for v in candidates if v[1] == "en"]
        out[iri].titles = _dedupe(english + candidates)
    return out


def concepts(store: Store) -> dict[str, Concept]:
    out: dict[str, Concept] = {}
    for sol in ox_select(store, "search_concepts"):
        iri = _value(sol["concept"])
        concept = out.setdefault(iri, Concept(iri))
        rel, value = _value(sol["rel"]), sol["value"]
        if rel in {"pref", "alt"}:
            concept.labels.append((_value(value), _lang(value), rel == "pref"))
        elif rel == "notation":
            concept.notations.add(_value(value))
        elif rel == "scheme":
            concept.schemes.add(_value(value))
        elif rel == "exact":
            concept.exact.add(_value(value))
        elif rel == "broader":
            concept.broader.add(_value(value))
    for concept in out.values():
        concept.labels.sort(key=lambda x: (not x[2], x[1] or "", x[0]))
    return out


def document_sources(store: Store) -> dict[str, str]:
    """Document IRI → its source (the page's URL, else its file name)."""
    return {_value(sol["doc"]): _value(sol["source"]) for sol in ox_select(store, "search_sources")}
