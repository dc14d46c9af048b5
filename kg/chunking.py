"""Cutting an entity's text into chunks that fit the model's window, with overlap, losing nothing.

Windows are counted in the model's own word pieces (256 for all-MiniLM-L6-v2, minus the two special
tokens), end at a sentence end when one is near and never inside a word, and overlap the previous
window by ``overlap`` pieces. Every word piece of the text is in at least one chunk: nothing is
silently truncated. Each chunk repeats the entity's title and tag line (when they are short) so a
chunk from the middle of a long description still says what it is about.

Chunk ids are stable 63-bit integers derived from the entity IRI, the chunk's position and the
hash of its text: the same text of the same entity always gets the same id, so unchanged chunks
keep their vectors across re-ingests and rebuilds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from kg.encoder import Encoder, Span

ID_MASK = (1 << 63) - 1
DEFAULT_OVERLAP = 32
_SENTENCE_END = frozenset(".!?;:")


@dataclass(frozen=True)
class Chunk:
    """One piece of searchable text; ``id`` is the key in the vector and lexical indexes.

    ``text`` is embedded and indexed; ``extra`` (the entity's organisation, country, type, scope)
    is indexed by the lexical index only — facts for filters and exact words, not for meaning.
    """

    id: int
    entity: str
    seq: int
    lang: str | None
    text: str
    extra: str = ""

    @property
    def indexed(self) -> str:
        """Everything the lexical index reads."""
        return f"{self.text}\n{self.extra}" if self.extra else self.text


def chunk_id(entity: str, seq: int, text: str) -> int:
    """Stable non-negative int64 id: hash of entity IRI + sequence + text hash, masked to 63 bits."""
    text_hash = hashlib.sha256(text.encode("utf-8")).digest()
    digest = hashlib.sha256(f"{entity}\x1f{seq}\x1f".encode() + text_hash).digest()
    return int.from_bytes(digest[:8], "big") & ID_MASK


def _contiguous(spans: Sequence[Span], k: int) -> bool:
    """Whether piece ``k`` continues the word of piece ``k-1`` (no space between them)."""
    return 0 < k < len(spans) and spans[k][0] == spans[k - 1][1]


def windows(text: str, spans: Sequence[Span], max_tokens: int, overlap: int) -> list[tuple[int, int]]:
    """Character ranges covering every piece in ``spans``, each at most ``max_tokens`` pieces."""
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be positive, got {max_tokens}")
    n = len(spans)
    if n == 0:
        return []
    if n <= max_tokens:
        return [(spans[0][0], _end_char(text, spans, n))]
    overlap = max(0, min(overlap, max_tokens // 3))
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        end = min(start + max_tokens, n)
        if end < n:
            end = _good_end(text, spans, start, end, max_tokens)
        out.append((spans[start][0], _end_char(text, spans, end)))
        if end >= n:
            break
        nxt = max(end - overlap, start + 1)
        while nxt < end and _contiguous(spans, nxt):  # do not start inside a word
            nxt += 1
        start = nxt
    return out


def _end_char(text: str, spans: Sequence[Span], end: int) -> int:
    """End of a window of pieces ``[.., end)``: after the last piece and punctuation glued to it."""
    stop = spans[end][0] if end < len(spans) else len(text)
    pos = spans[end - 1][1]
    while pos < stop and not text[pos].isspace():
        pos += 1
    return pos


def _good_end(text: str, spans: Sequence[Span], start: int, end: int, max_tokens: int) -> int:
    """Move ``end`` back to just after a sentence end (in the second half), else to a word boundary."""
    floor = start + max_tokens // 2
    for k in range(end - 1, floor - 1, -1):
        piece = text[spans[k][0] : spans[k][1]]
        gap = text[spans[k][1] : spans[k + 1][0]] if k + 1 < len(spans) else ""
        ends_sentence = piece[-1:] in _SENTENCE_END or gap.strip()[:1] in _SENTENCE_END - {""}
        if (ends_sentence and not _contiguous(spans, k + 1)) or "\n" in gap:
            return k + 1
    k = end
    while k > start + 1 and _contiguous(spans, k) and end - k < 16:
        k -= 1
    return k if not _contiguous(spans, k) else end


def split_text(text: str, encoder: Encoder, max_tokens: int, overlap: int = DEFAULT_OVERLAP) -> list[str]:
    """``text`` cut into pieces of at most ``max_tokens`` word pieces each (with overlap)."""
    spans = encoder.token_spans(text)
    return [text[a:b] for a, b in windows(text, spans, max_tokens, overlap)]


def chunk_entity(
    entity: str,
    title: str,
    body: str,
    lang: str | None,
    encoder: Encoder,
    *,
    header: str = "",
    extra: str = "",
    overlap: int = DEFAULT_OVERLAP,
) -> list[Chunk]:
    """The chunks of one entity's text: a prefix repeated in each chunk, then a piece of ``body``.

    The prefix is ``title`` and ``header`` (the tag line) when together they take at most a third of
    the window, else the title alone when it takes at most a quarter (the header then opens the
    body), else nothing (everything is body). So every chunk says what it is about. ``extra`` goes
    with every chunk to the lexical index only (and into its id).
    """
    title, header, body = title.strip(), header.strip(), body.strip()
    window = encoder.max_tokens

    def size(text: str) -> int:
        return len(encoder.token_spans(text)) if text else 0

    prefix = "\n".join(x for x in (title, header) if x)
    if header and size(prefix) > window // 3:
        prefix, body = title, "\n".join(x for x in (header, body) if x)
    if prefix and size(prefix) > window // 4 and prefix == title:
        prefix, body = "", "\n".join(x for x in (title, body) if x)
    texts: list[str]
    if not body:
        texts = split_text(prefix, encoder, window, overlap) if prefix else []
    elif prefix:
        # Two pieces of margin: joining can change how pieces are cut at the seam.
        budget = window - size(prefix) - 2
        texts = [f"{prefix}\n{piece}" for piece in split_text(body, encoder, budget, overlap)]
        texts = texts or split_text(prefix, encoder, window, overlap)  # a body without words
    else:
        texts = split_text(body, encoder, window, overlap)
    extra = extra.strip()
    content = [f"{t}\x1f{extra}" if extra else t for t in texts]
    return [
        Chunk(chunk_id(entity, seq, c), entity, seq, lang, t, extra)
        for seq, (t, c) in enumerate(zip(texts, content, strict=True))
    ]
