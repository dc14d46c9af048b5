"""Query text: cleaning, truncation and language detection (lingua, low-accuracy mode)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

#: Languages a query may be detected as (those civicgraph reads, and the corpora's other languages).
DETECTABLE = ("en", "lt", "lv", "pl", "et", "fi", "sv", "da", "de", "ru", "es", "it", "pt", "fr", "nl")
#: Below this confidence a query's language counts as unknown.
MIN_CONFIDENCE = 0.6

_SPACE = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """Control and format characters removed, white space collapsed."""
    kept = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return _SPACE.sub(" ", kept).strip()


def truncate(text: str, max_chars: int) -> tuple[str, bool]:
    """``text`` cut to at most ``max_chars`` characters, at a word boundary when there is one."""
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    space = cut.rfind(" ")
    if space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(), True


@cache
def _detector(codes: frozenset[str]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in sorted(codes)]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str, candidates: Iterable[str | None] | None = None) -> str | None:
    """ISO 639-1 code of the query's language, or None when unsure (too short, mixed, unknown).

    ``candidates`` limits the answer to languages the index can use (its texts' and tag labels'
    languages, and English); the fewer the choices, the fewer short queries are misread.
    """
    letters = sum(ch.isalpha() for ch in text)
    if letters < 3:
        return None
    codes = frozenset(DETECTABLE) if candidates is None else frozenset({"en", *candidates}) & set(DETECTABLE)
    if len(codes) == 1:
        return next(iter(codes))
    values = _detector(codes).compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return str(values[0].language.iso_code_639_1.name).lower()
