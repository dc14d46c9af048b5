"""Topics a document names in its own words: the topics' labels in the document's language, found in its
sentences after stemming ("jaunimo", "jaunimui" → "jaunim"; "kultūros paveldo" → "kultūros paveldas").

Suggestions by embedding similarity (:func:`ingest.extract.tags.suggest_tags`) rely on the model, and the
default model reads English: a Lithuanian, Polish or German page gets few or wrong topics that way. The
shipped topics carry labels in several languages (ontology/tags.ttl), so a page that names a topic in its
language several times is about it, with the sentence as evidence. A label matches a sentence when every
one of its terms occurs in the sentence (stemmed with the document language's Snowball stemmer, stop
words removed), as the search's concept matching does for queries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal
from rdflib.namespace import SKOS

from ingest.extract.tags import topics
from ingest.records import Evidence, Tag
from kg.lexical import Analyzer, analyzer, base_language
from ontology import tags_graph

#: Sentences (or list items) of a page: split at sentence ends, semicolons and line breaks.
_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)", re.MULTILINE)
#: Characters of a sentence compared (a "sentence" without punctuation can be a whole page).
_MAX_SENTENCE = 600
#: Characters of the document read (topics are named early; the rest adds cost, not evidence).
_MAX_TEXT = 200_000


@dataclass(frozen=True)
class LabelHit:
    topic: int  # index into :func:`ingest.extract.tags.topics`
    label: str
    count: int  # sentences naming it
    quote: str  # the first of them


@lru_cache(maxsize=32)
def _analyzer(lang: str) -> Analyzer:
    return analyzer(lang)


@lru_cache(maxsize=32)
def _labels(lang: str) -> tuple[tuple[frozenset[str], int, str], ...]:
    """(terms, topic index, label) of every topic label written in ``lang``."""
    graph = tags_graph()
    analyse = _analyzer(lang)
    out: list[tuple[frozenset[str], int, str]] = []
    for index, topic in enumerate(topics()):
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(topic.iri, predicate):
                if isinstance(label, Literal) and base_language(label.language) == lang:
                    terms = frozenset(analyse(str(label)))
                    # conjunctions ("ir", "un", "i") are not in every stop-word list
                    terms = frozenset(t for t in terms if len(t) > 2) or terms
                    if terms:
                        out.append((terms, index, str(label)))
    return tuple(out)


def label_hits(text: str, lang: str | None) -> list[LabelHit]:
    """Topics whose label (in ``lang``) a sentence of ``text`` holds, most often named first."""
    code = base_language(lang)
    if code is None:
        return []
    labels = _labels(code)
    if not labels:
        return []
    analyse = _analyzer(code)
    counts: Counter[int] = Counter()
    first: dict[int, tuple[str, str]] = {}
    for match in _SENTENCE.finditer(text[:_MAX_TEXT]):
        sentence = match.group().strip()[:_MAX_SENTENCE]
        terms = set(analyse(sentence))
        if not terms:
            continue
        named: dict[int, str] = {}
        for label_terms, index, label in labels:
            if label_terms <= terms:
                named.setdefault(index, label)
        for index, label in named.items():
            counts[index] += 1
            first.setdefault(index, (label, sentence))
    return [
        LabelHit(index, first[index][0], count, first[index][1])
        for index, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


#: Confidence given to a topic the document names in its own language (as strong as a close embedding
#: match: the default threshold for those is 0.35).
LABEL_CONFIDENCE = 0.5
#: Sentences that must name a topic (outside the title) before it is suggested, on a long page; a short
#: page (a profile's list of priorities, a database entry) names each of its topics once.
MIN_MENTIONS = 2
LONG_PAGE = 5_000


def merge_label_hits(
    suggested: list[Tag], title: str | None, text: str, lang: str | None, top_k: int
) -> list[Tag]:
    """``suggested`` (by similarity) plus the topics ``title``/``text`` name in ``lang``, best first.

    For English documents the model's similarity is kept as it is (it reads English)."""
    code = base_language(lang)
    if code in {None, "en"} or top_k <= 0:
        return suggested
    in_title = {hit.topic for hit in label_hits(title or "", code)}
    needed = MIN_MENTIONS if len(text) > LONG_PAGE else 1
    by_notation = {tag.notation: tag for tag in suggested}
    for hit in label_hits(text, code):
        if hit.count < needed and hit.topic not in in_title:
            continue
        topic = topics()[hit.topic]
        evidence = Evidence(quote=hit.quote, extractor="tags.label", confidence=LABEL_CONFIDENCE)
        tag = by_notation.get(topic.notation)
        if tag is None:
            by_notation[topic.notation] = Tag(
                label=topic.label,
                scheme="topics",
                lang="en",
                score=LABEL_CONFIDENCE,
                suggested=True,
                notation=topic.notation,
                evidence=[evidence],
            )
        else:
            tag.score = max(tag.score or 0.0, LABEL_CONFIDENCE)
            tag.evidence.append(evidence)
    ranked = sorted(by_notation.values(), key=lambda t: -(t.score or 0.0))
    return ranked[:top_k]
