"""Explicit tags mapped to the shipped topics; suggested tags by embedding similarity."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from ingest.extract import extract_document
from ingest.extract.tags import map_tags, suggest_tags, topics
from kg.encoder import HashingEncoder


def test_explicit_tags_match_topics_in_any_language() -> None:
    tags = map_tags(
        ["Cross-sectoral cooperation", "darnus vystymasis", "strategische Planung", "Repair cafés"],
        lang="en",
        source_scheme="riverton-good-practices",
    )
    assert [(t.label, t.scheme, t.notation) for t in tags] == [
        ("cross-sectoral cooperation", "topics", "cross-sectoral-cooperation"),
        ("sustainable development", "topics", "sustainable-development"),
        ("strategic planning", "topics", "strategic-planning"),
        ("Repair cafés", "riverton-good-practices", None),
    ]
    assert all(not t.suggested and t.score is None for t in tags)


def test_duplicate_explicit_tags_are_one() -> None:
    assert len(map_tags(["youth", "Youth", "young people"], lang="en")) == 1


class _Keyword:
    """A deterministic encoder: one dimension per topic, set when a topic's label words occur."""

    name = "keyword-test-encoder"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), len(topics()) + 1), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            for col, topic in enumerate(topics()):
                if topic.label.lower() in lowered:
                    out[row, col] = 1.0
            out[row, -1] = 0.1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / norms


def test_suggestions_rank_by_similarity_and_respect_threshold_and_top_k() -> None:
    text = "Our town improved waste management and recycling with the help of volunteers. " * 3
    tags = suggest_tags(text, encoder=_Keyword(), threshold=0.3, top_k=5)
    labels = [t.label for t in tags]
    assert set(labels) >= {"waste management", "recycling"}
    assert all(t.suggested and t.scheme == "topics" and t.score is not None and t.score >= 0.3 for t in tags)
    assert [t.score for t in tags] == sorted((t.score or 0 for t in tags), reverse=True)
    assert len(suggest_tags(text, encoder=_Keyword(), threshold=0.3, top_k=1)) == 1
    assert suggest_tags(text, encoder=_Keyword(), threshold=0.99) == []


def test_topic_vectors_are_computed_once_per_encoder() -> None:
    encoder = HashingEncoder(64)
    suggest_tags("Youth exchanges and sport for young people.", encoder=encoder)
    first = encoder.calls
    suggest_tags("Another text about culture and heritage.", encoder=encoder)
    assert encoder.calls == first + 1  # only the document was encoded the second time


class _Forbidden:
    name = "forbidden"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("the encoder must not be used")


def test_suggestions_can_be_turned_off_and_explicit_tags_win() -> None:
    text = "News\n\nThe River Festival returns on 14 June with boats, music and sport for young people."
    doc = extract_document(text, source="t.txt", suggest=False, encoder=_Forbidden())
    assert doc.tags == []
    practice_page = (
        "Detailed description of the Good Practice\n\nYoung people decide on a part of the budget.\n\n"
        "  • youth\n  • citizen participation\n\nObjectives of the Good Practice\n\nDemocracy.\n\n"
        "Target group of the Good Practice\n\nPupils.\n"
    )
    doc = extract_document(practice_page, source="p.txt", title="Youth budget", encoder=_Forbidden())
    assert [(t.label, t.suggested) for t in doc.tags] == [("youth", False), ("citizen participation", False)]


def test_untagged_document_gets_suggestions() -> None:
    text = "News\n\nThe municipality improved waste management and recycling in every village this year."
    doc = extract_document(text, source="w.txt", encoder=_Keyword(), suggest_threshold=0.3)
    assert doc.tags and all(t.suggested for t in doc.tags)
    assert "waste management" in [t.label for t in doc.tags]


@pytest.mark.model
def test_real_model_suggests_plausible_topics() -> None:
    text = (
        "Repair cafés in village libraries: volunteers help residents to mend clothes, bicycles and small "
        "appliances instead of throwing them away, preventing tonnes of waste every year."
    )
    labels = [t.label for t in suggest_tags(text, top_k=3)]
    assert {"waste management", "circular economy", "recycling"} & set(labels), labels


def test_topics_named_in_the_documents_own_language_are_found_inflected() -> None:
    from ingest.extract.tag_labels import label_hits

    text = (
        "Savivaldybė remia jaunimo iniciatyvas ir kultūros paveldo išsaugojimą.\n"
        "Jaunimui skirti renginiai vyksta kasmet; kultūros paveldą prižiūri seniūnijos."
    )
    hits = {hit.label: hit for hit in label_hits(text, "lt")}
    assert hits["kultūros paveldas"].count == 2  # genitive and accusative forms
    assert hits["jaunimas"].count == 2 and hits["jaunimas"].quote.startswith("Savivaldybė remia")
    assert label_hits(text, "en") == [] and label_hits(text, None) == []


def test_label_hits_add_suggestions_only_for_non_english_documents() -> None:
    from ingest.extract.tag_labels import LABEL_CONFIDENCE, merge_label_hits

    text = "Priorytety współpracy: dziedzictwo kulturowe; młodzież."
    merged = merge_label_hits([], None, text, "pl", top_k=3)
    assert merged and all(t.suggested and t.score == LABEL_CONFIDENCE for t in merged)
    assert all(e.extractor == "tags.label" and e.quote for t in merged for e in t.evidence)
    assert merge_label_hits([], None, "Youth and cultural heritage.", "en", top_k=3) == []
    long_page = "Młodzież. " + "Inne sprawy gminy. " * 400  # named once on a long page: not enough
    assert merge_label_hits([], None, long_page, "pl", top_k=3) == []
