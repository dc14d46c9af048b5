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
#: Named graphs of the shipped vocabularies (not documents).
STATIC_GRAPH_PREFIX = "https://w3id.org/civicgraph/graph/"
TAGS_GRAPH = STATIC_GRAPH_PREFIX + "tags"
COUNTRIES_GRAPH = STATIC_GRAPH_PREFIX + "countries"
TOPICS_SCHEME = "https://w3id.org/civicgraph/scheme/topics"


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


def searchable_classes(store: Store) -> dict[str, str]:
    """Class IRI → kind, for the top classes and their subclasses in the loaded ontology."""
    out: dict[str, str] = {}
    for sol in ox_select(store, "search_classes"):
        iri, kind = _value(sol["class"]), _value(sol["kind"])
        if iri not in out or KINDS.index(kind) < KINDS.index(out[iri]):
            out[iri] = kind
    return out


def _kind(kinds: Iterable[str]) -> str:
    """The kind of an entity typed as several (a practice that is also an organisation is a practice)."""
    return min(kinds, key=KINDS.index)


def _static_labels(store: Store) -> dict[str, list[tuple[str, str | None]]]:
    """Preferred labels in the shipped vocabulary graphs (tags and countries), by subject."""
    out: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for graph in (TAGS_GRAPH, COUNTRIES_GRAPH):
        for sol in ox_select(store, "search_graph_literals", g=graph):
            if _value(sol["field"]) == "name":
                value = sol["value"]
                out[_value(sol["s"])].append((_value(value), _lang(value)))
    return out


def entity_texts(store: Store, graphs: Iterable[str] | None = None) -> Iterator[EntityText]:
    """The text of every entity in ``graphs`` (all graphs when None), by (graph, entity).

    A document's text depends on that document and the shipped vocabularies only: tag and
    organisation names come from the same graph, tag and country labels also from the vocabularies.
    """
    classes = searchable_classes(store)
    static = _static_labels(store)
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    literals: dict[tuple[str, str], dict[str, list[tuple[str, str | None]]]] = defaultdict(dict)
    links: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)

    def read(bindings: dict[str, str]) -> None:
        if "g" in bindings:
            type_rows = ox_select(store, "search_graph_types", **bindings)
        else:  # the whole store: one query per searchable class (not every typed node)
            type_rows = (
                sol for c in classes for sol in ox_select(store, "search_graph_types", **{"class": c})
            )
        for sol in type_rows:
            kind = classes.get(_value(sol["class"]))
            if kind is not None:
                types[(_value(sol["g"]), _value(sol["entity"]))].add(kind)
        for sol in ox_select(store, "search_graph_literals", **bindings):
            value = sol["value"]
            key = (_value(sol["g"]), _value(sol["s"]))
            literals[key].setdefault(_value(sol["field"]), []).append((_value(value), _lang(value)))
        for sol in ox_select(store, "search_graph_links", **bindings):
            links[(_value(sol["g"]), _value(sol["s"]))].append((_value(sol["field"]), _value(sol["o"])))

    if graphs is None:
        read({})
    else:
        for graph in sorted(set(graphs)):
            read({"g": graph})

    def names(graph: str, node: str, *, english_only: bool = False) -> list[tuple[str, str | None]]:
        found = literals.get((graph, node), {}).get("name", []) + static.get(node, [])
        return [v for v in found if v[1] == "en"] if english_only else found

    for (doc, entity), kinds in sorted(types.items()):
        if doc.startswith(STATIC_GRAPH_PREFIX):
            continue
        fields = {k: list(v) for k, v in literals.get((doc, entity), {}).items()}
        for field_name, target in links.get((doc, entity), []):
            fields.setdefault(field_name, []).extend(names(doc, target, english_only=field_name == "country"))
        title, header, body, extra, lang = _compose(_kind(kinds), fields)
        if title or body or header:
            yield EntityText(doc, entity, _kind(kinds), lang, title, body, header, extra)


def catalogue(store: Store) -> dict[str, EntityFacts]:
    """Facts about every searchable entity, over all graphs."""
    classes = searchable_classes(store)
    out: dict[str, EntityFacts] = {}
    for class_iri in classes:
        for sol in ox_select(store, "search_graph_types", **{"class": class_iri}):
            iri, graph = _value(sol["entity"]), _value(sol["g"])
            kind = classes[class_iri]
            facts = out.get(iri)
            if facts is None:
                facts = out[iri] = EntityFacts(iri, kind)
            facts.kind = _kind([facts.kind, kind])
            facts.graphs.add(graph)
    titles: dict[str, dict[str, list[tuple[str, str | None]]]] = defaultdict(lambda: defaultdict(list))
    notations: dict[str, str] = {}
    country_links: list[tuple[EntityFacts, str]] = []
    for sol in ox_select(store, "search_facts"):
        subject, fact, value = _value(sol["s"]), _value(sol["fact"]), sol["value"]
        if fact == "notation":
            notations.setdefault(subject, _value(value))
            continue
        facts = out.get(subject)
        if facts is None:
            continue
        text = _value(value)
        if fact in TITLE_FIELDS:
            titles[subject][fact].append((text, _lang(value)))
        elif fact == "tag":
            facts.tags.add(text)
        elif fact == "country":
            country_links.append((facts, text))
        elif fact == "organization":
            facts.organizations.add(text)
            facts.related_orgs.add(text)
        elif fact == "partner":
            facts.related_orgs.add(text)
        elif fact == "url":
            facts.urls.add(text)
    for facts, country in country_links:
        code = notations.get(country)
        if code:
            facts.countries.add(code.upper())
    for iri, by_field in titles.items():
        candidates = [v for f in TITLE_FIELDS for v in sorted(by_field.get(f, []))]
        # Prefer a title in English, then in any language, in field order.
        english = [v for v in candidates if v[1] == "en"]
        out[iri].titles = _dedupe(english + candidates)
    return out


def concepts(store: Store, used: Iterable[str] = ()) -> dict[str, Concept]:
    """The concepts in ``used`` (tags), the shipped topics, and the concepts they match exactly."""
    found: dict[str, Concept] = {}
    for sol in ox_select(store, "search_concepts"):
        iri = _value(sol["concept"])
        concept = found.setdefault(iri, Concept(iri))
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
    wanted = set(used) | {iri for iri, c in found.items() if TOPICS_SCHEME in c.schemes}
    wanted |= {other for iri in list(wanted) if iri in found for other in found[iri].exact}
    wanted |= {c.iri for c in found.values() if c.exact & wanted}  # linked from the other side
    out = {iri: found[iri] for iri in sorted(wanted) if iri in found}
    for concept in out.values():
        concept.labels.sort(key=lambda x: (not x[2], x[1] or "", x[0]))
    return out


def document_sources(store: Store) -> dict[str, str]:
    """Document IRI → its source (the page's URL, else its file name)."""
    return {_value(sol["doc"]): _value(sol["source"]) for sol in ox_select(store, "search_sources")}
