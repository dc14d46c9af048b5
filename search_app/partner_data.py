"""Partner search: organisations that seek cooperation in a topic, in a country.

An organisation matches a topic when one of its cooperation priorities or fields of activity (as the
source wrote them) contains every word of one of the topic's names — in any language, after
stemming (Snowball, PyStemmer) so "youths" matches "youth" and "jaunimo" matches "jaunimas" — or when
practices or projects it runs are tagged with the topic. Flask-free; the index is built once per
generation from named queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import Stemmer
from rdflib import URIRef

from kg import sparql
from kg.iris import fold
from kg.store import Store
from search_app.page_data import Labels

TOPICS_SCHEME = URIRef("https://w3id.org/civicgraph/scheme/topics")

#: Snowball stemmers by ISO 639-1 code (languages civicgraph reads).
STEMMERS = {
    "en": "english", "lt": "lithuanian", "lv": None, "pl": None, "et": "estonian", "fi": "finnish",
    "sv": "swedish", "da": "danish", "de": "german", "ru": "russian", "nl": "dutch", "fr": "french",
    "es": "spanish", "it": "italian", "pt": "portuguese", "no": "norwegian", "nb": "norwegian",
}  # fmt: skip
#: Joining words that a topic name may contain but a priority need not repeat.
STOPWORDS = frozenset(
    [
        "and",
        "or",
        "of",
        "the",
        "for",
        "with",
        "in",
        "to",
        "ir",
        "ar",
        "su",
        "bei",
        "und",
        "oder",
        "der",
        "die",
        "das",
        "och",
        "i",
        "w",
        "z",
        "oraz",
        "un",
    ]
)
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    name = STEMMERS.get(lang)
    return Stemmer.Stemmer(name) if name else None


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _stems(tokens: list[str], lang: str | None) -> list[str]:
    stemmer = _stemmer(lang or "en")
    return stemmer.stemWords(tokens) if stemmer else tokens


@dataclass(frozen=True)
class Term:
    """One name of a topic, as the stems every matching text must contain."""

    text: str
    lang: str | None
    stems: tuple[str, ...]

    @classmethod
    def of(cls, text: str, lang: str | None) -> Term:
        tokens = [w for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]
        return cls(text, lang, tuple(_stems(tokens, lang)))

    def matches(self, text_words: list[str]) -> bool:
        if not self.stems:
            return False
        stemmed = set(_stems(text_words, self.lang)) | set(text_words)
        return all(s in stemmed or any(w.startswith(s) for w in text_words) for s in self.stems)


def terms_for(texts: list[tuple[str, str | None]]) -> list[Term]:
    out = {Term.of(t, lang) for t, lang in texts}
    return sorted((t for t in out if t.stems), key=lambda t: (len(t.stems), t.text))


@dataclass
class Candidate:
    iri: str
    priorities: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    partners: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    projects: list[tuple[str, str | None]] = field(default_factory=list)  # (project, end date)
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str | None, str]] = field(default_factory=list)  # (tel: IRI, as written)
    homepages: list[str] = field(default_factory=list)
    people: list[tuple[str, str, str | None]] = field(default_factory=list)  # (iri, name, role)

    def ongoing_projects(self, today: date) -> list[str]:
        return [p for p, end in self.projects if end is None or end[:10] >= today.isoformat()]


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def partner_index(store: Store) -> dict[str, Candidate]:
    """Every organisation with priorities, fields, tagged work or partnerships, with its contacts."""
    index: dict[str, Candidate] = {}

    def get(iri: object) -> Candidate:
        key = str(iri)
        return index.setdefault(key, Candidate(key))

    for row in sparql.rows(store, "page_partner_texts"):
        candidate = get(row["org"])
        target = candidate.priorities if str(row["field"]) == "priority" else candidate.fields
        target.append(str(row["text"]))
    for row in sparql.rows(store, "page_partner_topics"):
        get(row["org"]).topics.add(str(row["tag"]))
    for row in sparql.rows(store, "page_partner_links"):
        candidate, other, rel = get(row["org"]), str(row["other"]), str(row["rel"])
        if rel == "partner" and other not in candidate.partners:
            candidate.partners.append(other)
        elif rel == "network" and other not in candidate.networks:
            candidate.networks.append(other)
        elif rel in ("lead", "project") and other not in [p for p, _ in candidate.projects]:
            candidate.projects.append((other, _str(row["end"])))
    for row in sparql.rows(store, "page_partner_contacts"):
        if str(row["org"]) not in index:
            continue
        candidate, kind = index[str(row["org"])], str(row["kind"])
        if kind == "email" and row["value"] is not None:
            candidate.emails.append(str(row["value"]))
        elif kind == "homepage" and row["value"] is not None:
            candidate.homepages.append(str(row["value"]))
        elif kind == "phone":
            candidate.phones.append((_str(row["value"]), _str(row["text"]) or _str(row["value"]) or ""))
        elif kind == "person" and row["person"] is not None:
            _add_person(candidate, str(row["person"]), _str(row["text"]) or "", _str(row["role"]))
    for candidate in index.values():
        candidate.people.sort(key=lambda p: (p[2] is None, fold(p[1])))
    return index


def _add_person(candidate: Candidate, iri: str, name: str, role: str | None) -> None:
    """One entry per person; their roles (one per post, as written) joined."""
    for i, (known, known_name, known_role) in enumerate(candidate.people):
        if known == iri:
            roles = [r for r in (known_role, role) if r]
            joined = "; ".join(dict.fromkeys(roles)) or None
            candidate.people[i] = (known, known_name or name, joined)
            return
    candidate.people.append((iri, name, role))


def topics(store: Store, labels: Labels, lang: str) -> list[tuple[str, str]]:
    """(IRI, name) of the shipped topics, by name."""
    rows = sparql.rows(store, "page_topics", scheme=TOPICS_SCHEME)
    out = [(str(r["topic"]), labels.name(str(r["topic"]), lang)) for r in rows]
    return sorted(out, key=lambda t: fold(t[1]))


def topic_terms(store: Store, topic: str) -> list[Term]:
    rows = sparql.rows(store, "page_topic_terms", topic=URIRef(topic))
    texts = [(str(r["label"]), getattr(r["label"], "language", None)) for r in rows]
    return terms_for(texts)


@dataclass
class Match:
    candidate: Candidate
    matched: list[str]  # the priorities / fields that matched, as written
    by_work: bool  # practices or projects carry the topic
    score: float


def find(
    index: dict[str, Candidate],
    *,
    terms: list[Term],
    topic: str | None,
    country_of: dict[str, str | None],
    country: str | None,
) -> list[Match]:
    """Organisations matching any of ``terms`` (or tagged with ``topic``) in ``country`` (an IRI)."""
    out: list[Match] = []
    for candidate in index.values():
        if country and country_of.get(candidate.iri) != country:
            continue
        texts = candidate.priorities + candidate.fields
        matched = [t for t in texts if any(term.matches(words(t)) for term in terms)] if terms else []
        by_work = topic is not None and topic in candidate.topics
        if (terms or topic) and not matched and not by_work:
            continue
        if not (terms or topic) and not candidate.priorities:
            continue  # no topic asked: organisations that say what cooperation they seek
        in_priorities = sum(1 for t in matched if t in candidate.priorities)
        score = 3.0 * in_priorities + 1.0 * (len(matched) - in_priorities) + 1.5 * by_work
        score += 0.5 * bool(candidate.emails or candidate.phones or candidate.people)
        out.append(Match(candidate, matched, by_work, score))
    return out
