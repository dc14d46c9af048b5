"""The lexical index: BM25 (bm25s) over chunks, stemmed per language (PyStemmer / Snowball).

Each chunk is analysed with its own language's stemmer and stop-word list (lower case, stemmed,
accents folded); the query is analysed with its detected language *and* English, and the union of
the terms is scored. One index holds all languages, so scores (and document frequencies) stay
comparable; a term stemmed by one language rarely equals another language's stem, and when it
does the words are usually related. Languages Snowball does not cover (e.g. Latvian) are folded
but not stemmed. docs/benchmarks.md compares this with English-only stemming.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import bm25s
import bm25s.stopwords as bm25s_stopwords
import numpy as np
import Stemmer

#: ISO 639-1 code → Snowball algorithm (PyStemmer).
STEMMERS: dict[str, str] = {
    "en": "english",
    "lt": "lithuanian",
    "sv": "swedish",
    "da": "danish",
    "fi": "finnish",
    "de": "german",
    "et": "estonian",
    "pl": "polish",
    "ru": "russian",
    "nl": "dutch",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "cs": "czech",
    "hu": "hungarian",
    "ro": "romanian",
    "el": "greek",
    "tr": "turkish",
    "ca": "catalan",
    "eu": "basque",
    "ga": "irish",
    "hy": "armenian",
    "id": "indonesian",
    "sr": "serbian",
}

_STOPWORD_LISTS: dict[str, str] = {
    "en": "STOPWORDS_EN",
    "da": "STOPWORDS_DANISH",
    "nl": "STOPWORDS_DUTCH",
    "fr": "STOPWORDS_FRENCH",
    "de": "STOPWORDS_GERMAN",
    "it": "STOPWORDS_ITALIAN",
    "no": "STOPWORDS_NORWEGIAN",
    "nb": "STOPWORDS_NORWEGIAN",
    "pt": "STOPWORDS_PORTUGUESE",
    "ru": "STOPWORDS_RUSSIAN",
    "es": "STOPWORDS_SPANISH",
    "sv": "STOPWORDS_SWEDISH",
    "tr": "STOPWORDS_TURKISH",
}

_WORD = re.compile(r"\w+", re.UNICODE)

Analyzer = Callable[[str], list[str]]


def base_language(lang: str | None) -> str | None:
    """``"en-GB"`` → ``"en"``; ``None``/``"und"`` → None."""
    if not lang:
        return None
    code = lang.strip().lower().split("-")[0]
    return None if code in {"", "und", "zxx", "mul"} else code


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def analyzer(lang: str | None) -> Analyzer:
    """Text → index terms for language ``lang`` (English when unknown)."""
    code = base_language(lang) or "en"
    algorithm = STEMMERS.get(code)
    stemmer = Stemmer.Stemmer(algorithm) if algorithm else None
    stop_name = _STOPWORD_LISTS.get(code)
    stop = frozenset(getattr(bm25s_stopwords, stop_name)) if stop_name else frozenset()

    def analyse(text: str) -> list[str]:
        words = [w for w in _WORD.findall(text.casefold()) if w not in stop]
        stems = stemmer.stemWords(words) if stemmer is not None else words
        return [_fold(s) for s in stems if s]

    return analyse


def analyse_query(text: str, langs: Iterable[str | None]) -> list[str]:
    """Query terms: the union (in order, without repeats) of the analyses in each of ``langs``."""
    seen: dict[str, None] = {}
    for lang in langs:
        for term in analyzer(lang)(text):
            seen.setdefault(term, None)
    return list(seen)


class LexicalIndex:
    """BM25 over chunks; row ``i`` is chunk ``ids[i]``."""

    def __init__(self, ids: np.ndarray, bm25: bm25s.BM25 | None) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.bm25 = bm25
        self.vocab: dict[str, int] = dict(bm25.vocab_dict) if bm25 is not None else {}

    @classmethod
    def build(cls, ids: Sequence[int], terms: Sequence[Sequence[str]]) -> LexicalIndex:
        if len(ids) != len(terms):
            raise ValueError("one term list per chunk id is needed")
        if not ids:
            return cls(np.zeros(0, dtype=np.int64), None)
        bm25 = bm25s.BM25()
        bm25.index([list(t) for t in terms], show_progress=False)
        return cls(np.asarray(ids, dtype=np.int64), bm25)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def scores(self, terms: Sequence[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every row (0 where no term matches or ``mask`` is false)."""
        known = [t for t in dict.fromkeys(terms) if t in self.vocab and t != ""]
        if self.bm25 is None or not known:
            return np.zeros(len(self), dtype=np.float32)
        weights = None if mask is None else mask.astype(np.float32)
        return np.asarray(self.bm25.get_scores(known, weight_mask=weights), dtype=np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "ids.npy", self.ids, allow_pickle=False)
        (folder / "meta.json").write_text(json.dumps({"count": len(self)}), encoding="utf-8")
        if self.bm25 is not None:
            self.bm25.save(str(folder / "bm25"), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        ids = np.load(folder / "ids.npy", allow_pickle=False)
        bm25 = None
        if (folder / "bm25").is_dir():
            bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=False, show_progress=False, verbosity=0)
        return cls(ids, bm25)
