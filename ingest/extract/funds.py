"""Funds and budgets named in text, from the shipped ``funds`` scheme (ontology/tags.ttl).

Every label of a fund concept, in every language, becomes a pattern that tolerates case endings
("Europos regioninės plėtros fondo", "valstybės biudžeto lėšos") and accents; acronyms (ERDF,
ESF+, ERPF) are matched as written. The result names the concept's notation (``ERDF``) and its
English label.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ingest.extract.sections import fold
from ontology import tags_graph

#: Budgets (not external funds): they are funders of a share, but not a project's "funders".
BUDGET_CODES = frozenset({"NATIONAL", "MUNICIPAL", "OWN"})


@dataclass(frozen=True)
class FundMention:
    code: str  # skos:notation, e.g. "ERDF"
    label: str  # English prefLabel, e.g. "European Regional Development Fund"
    start: int
    end: int
    text: str


def _stem(word: str) -> str:
    if len(word) <= 4:
        return re.escape(word)
    keep = len(word) - 2 if len(word) <= 6 else len(word) - 3
    return re.escape(word[:keep])


def _label_pattern(label: str) -> str | None:
    words = re.findall(r"[\w+]+", fold(label))
    if not words:
        return None
    parts = []
    for word in words:
        if word.endswith("+"):
            parts.append(re.escape(word))
        else:
            parts.append(_stem(word) + r"\w*")
    return r"(?<!\w)" + r"[\s\-–,]+".join(parts) + r"(?![\w+])"


@lru_cache(maxsize=1)
def _fund_patterns() -> tuple[tuple[re.Pattern[str], bool, str, str], ...]:
    """(pattern, is_acronym, code, English label), longest labels first."""
    graph = tags_graph()
    scheme = URIRef("https://w3id.org/civicgraph/scheme/funds")
    entries: list[tuple[int, re.Pattern[str], bool, str, str]] = []
    for concept in graph.subjects(SKOS.inScheme, scheme):
        code = str(next(graph.objects(concept, SKOS.notation), ""))
        english = next(
            (
                str(o)
                for o in graph.objects(concept, SKOS.prefLabel)
                if isinstance(o, Literal) and o.language == "en"
            ),
            code,
        )
        labels = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(concept, p)}
        for label in labels:
            core = re.sub(r"\s*\(.*?\)\s*", " ", label).strip()
            if re.fullmatch(r"[A-ZĄČĘĖĮŠŲŪŽ+]{2,8}", core):
                pattern = re.compile(r"(?<![\w])" + re.escape(core) + r"(?![\w+])")
                entries.append((len(core), pattern, True, code, english))
            else:
                source = _label_pattern(core)
                if source:
                    entries.append((len(core), re.compile(source), False, code, english))
    entries.sort(key=lambda e: -e[0])
    return tuple((p, acronym, code, label) for _, p, acronym, code, label in entries)


def find_funds(text: str) -> list[FundMention]:
    """Fund and budget mentions in ``text``, in order, without overlaps (longest label wins)."""
    folded = fold(text)
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    out: list[FundMention] = []
    for pattern, acronym, code, label in _fund_patterns():
        haystack = text if acronym else folded
        for m in pattern.finditer(haystack):
            i = bisect_left(taken, (m.end(),)) - 1  # the last span starting before this one ends
            if i >= 0 and taken[i][1] > m.start():
                continue
            insort(taken, (m.start(), m.end()))
            out.append(FundMention(code, label, m.start(), m.end(), text[m.start() : m.end()]))
    out.sort(key=lambda f: f.start)
    return out
