"""Concepts (tags) for search: matching query words to SKOS labels in any language.

A label matches a query when every one of its (stemmed, folded, stop-word-free) terms occurs in the
query analysed with the label's own language. Matched concepts drive cross-lingual retrieval:

- their English labels are added to the dense query when the match came through another language
  (the default model reads English), and labels in the index's other languages to the lexical query;
- entities tagged with them (or with concepts linked by skos:exactMatch / skos:closeMatch, or
  narrower ones) form the ``tags`` ranking that is fused with the dense and lexical rankings.

Tag filter values are resolved here too: a concept IRI, a notation, or a label in any language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.lexical import analyzer, base_language
from kg.search_corpus import Concept


@dataclass(frozen=True)
class ConceptMatch:
    iri: str
    label: str
    lang: str | None
    terms: int  # how many query terms the label covered


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


class ConceptIndex:
    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = {c.iri: c for c in concepts}
        self._labels: dict[str | None, list[tuple[frozenset[str], str, str]]] = defaultdict(list)
        self._lookup: dict[str, set[str]] = defaultdict(set)
        linked: dict[str, set[str]] = defaultdict(set)
        narrower: dict[str, set[str]] = defaultdict(set)
        for concept in self.concepts.values():
            self._lookup[concept.iri].add(concept.iri)
            for notation in concept.notations:
                self._lookup[_key(notation)].add(concept.iri)
            for text, lang, _pref in concept.labels:
                self._lookup[_key(text)].add(concept.iri)
                terms = frozenset(analyzer(lang)(text))
                if terms:
                    self._labels[base_language(lang)].append((terms, concept.iri, text))
            for other in concept.exact:
                linked[concept.iri].add(other)
                linked[other].add(concept.iri)
            for parent in concept.broader:
                narrower[parent].add(concept.iri)
        self._linked = linked
        self._narrower = narrower

    def __len__(self) -> int:
        return len(self.concepts)

    @property
    def languages(self) -> set[str | None]:
        return set(self._labels)

    def label(self, iri: str, lang: str | None = "en") -> str:
        concept = self.concepts.get(iri)
        return concept.label(lang) if concept else iri.rsplit("/", 1)[-1]

    def resolve(self, value: str) -> set[str]:
        """Concept IRIs a tag filter value names (IRI, notation or label in any language)."""
        value = value.strip()
        return set(self._lookup.get(value, set()) | self._lookup.get(_key(value), set()))

    def match(self, query: str) -> list[ConceptMatch]:
        """Concepts whose label's terms all occur in ``query`` (one match per concept, the longest)."""
        best: dict[str, ConceptMatch] = {}
        for lang, labels in self._labels.items():
            terms = set(analyzer(lang)(query))
            if not terms:
                continue
            for label_terms, iri, text in labels:
                if label_terms <= terms:
                    found = ConceptMatch(iri, text, lang, len(label_terms))
                    if iri not in best or found.terms > best[iri].terms:
                        best[iri] = found
        # A concept matched only through words another matched label already covers more fully
        # (e.g. "waste" inside "waste management") is kept: both are about the query.
        return sorted(best.values(), key=lambda m: (-m.terms, m.iri))

    def expand(self, iris: Iterable[str]) -> dict[str, str]:
        """Concepts standing for ``iris`` (exact/close matches, transitively, and narrower ones) → origin."""
        out: dict[str, str] = {}
        for origin in iris:
            stack = [origin]
            while stack:
                iri = stack.pop()
                if iri in out:
                    continue
                out[iri] = origin
                stack.extend(self._linked.get(iri, ()))
                stack.extend(self._narrower.get(iri, ()))
        return out

    def labels_in(self, iris: Iterable[str], langs: Iterable[str | None]) -> list[tuple[str, str | None]]:
        """(label, lang) of ``iris`` and their exact matches in ``langs`` (preferred labels first)."""
        wanted = {base_language(x) for x in langs}
        seen: set[tuple[str, str | None]] = set()  # the same word in two languages stems differently
        out: list[tuple[str, str | None]] = []
        linked: list[str] = []
        for iri in iris:
            linked.append(iri)
            linked.extend(sorted(self._linked.get(iri, ())))
        for iri in linked:
            concept = self.concepts.get(iri)
            if concept is None:
                continue
            for text, lang, _pref in concept.labels:
                key = (_key(text), base_language(lang))
                if key[1] in wanted and key not in seen:
                    seen.add(key)
                    out.append((text, key[1]))
        return out
