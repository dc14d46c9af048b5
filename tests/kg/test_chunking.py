import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.chunking import ID_MASK, chunk_entity, chunk_id, split_text, windows
from kg.encoder import Encoder, HashingEncoder

WORDS = st.text(alphabet="abcdefghijklmnopąčęėįšųūž", min_size=1, max_size=12)
SEPARATORS = st.sampled_from([" ", " ", " ", ". ", ", ", "\n", "; "])


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_chunk_ids_are_stable_63_bit_and_depend_on_entity_seq_and_text() -> None:
    a = chunk_id("http://x/e1", 0, "text")
    assert a == chunk_id("http://x/e1", 0, "text")
    assert 0 <= a <= ID_MASK
    assert (
        len(
            {
                a,
                chunk_id("http://x/e2", 0, "text"),
                chunk_id("http://x/e1", 1, "text"),
                chunk_id("http://x/e1", 0, "text!"),
            }
        )
        == 4
    )


def test_short_text_is_one_chunk_with_title() -> None:
    enc = HashingEncoder(dim=16, max_tokens=24)
    chunks = chunk_entity("http://x/e", "Repair cafe", "Volunteers fix bikes.", "en", enc)
    assert [c.text for c in chunks] == ["Repair cafe\nVolunteers fix bikes."]
    assert chunks[0].seq == 0 and chunks[0].lang == "en" and chunks[0].entity == "http://x/e"
    assert chunk_entity("http://x/e", "Only a title", "", None, enc)[0].text == "Only a title"
    assert chunk_entity("http://x/e", "", "", None, enc) == []


def test_long_text_is_cut_at_sentence_ends_with_overlap() -> None:
    enc = HashingEncoder(dim=16, max_tokens=20)
    sentences = [f"Sentence number {i} talks about topic {i} in detail." for i in range(12)]
    body = " ".join(sentences)
    pieces = split_text(body, enc, 20, overlap=4)
    assert len(pieces) > 3
    assert all(len(enc.token_spans(p)) <= 20 for p in pieces)
    assert sum(p.endswith(".") for p in pieces) >= len(pieces) - 1  # cut at sentence ends
    for left, right in itertools.pairwise(pieces):
        assert set(words_of(left)[-3:]) & set(words_of(right)[:8])  # overlap


@given(
    words=st.lists(st.tuples(WORDS, SEPARATORS), min_size=0, max_size=200),
    window=st.integers(min_value=3, max_value=40),
    overlap=st.integers(min_value=0, max_value=20),
)
@settings(max_examples=150, deadline=None)
def test_windows_cover_every_piece_and_respect_the_limit(
    words: list[tuple[str, str]], window: int, overlap: int
) -> None:
    enc = HashingEncoder(dim=16, max_tokens=window)
    text = "".join(w + s for w, s in words)
    spans = enc.token_spans(text)
    ranges = windows(text, spans, window, overlap)
    covered = [any(a <= s and e <= b for a, b in ranges) for s, e in spans]
    assert all(covered)  # nothing silently truncated
    for a, b in ranges:
        assert len(enc.token_spans(text[a:b])) <= window
        assert a == 0 or not text[a - 1].isalnum() or not text[a].isalnum()  # never starts mid-word


def test_tag_line_is_repeated_when_short_and_kept_in_the_body_when_long() -> None:
    enc = HashingEncoder(dim=16, max_tokens=30)
    body = " ".join(f"word{i}" for i in range(80))
    chunks = chunk_entity("http://x/e", "Title", body, "en", enc, header="Tags: recycling; food.")
    assert len(chunks) > 2 and all(c.text.startswith("Title\nTags: recycling; food.\n") for c in chunks)
    long_tags = "Tags: " + "; ".join(f"tag{i}" for i in range(20)) + "."
    chunks = chunk_entity("http://x/e", "Title", body, "en", enc, header=long_tags)
    assert all(c.text.startswith("Title\n") for c in chunks)
    assert sum("tag19" in c.text for c in chunks) >= 1 and not chunks[-1].text.startswith("Title\nTags")
    assert chunk_entity("http://x/e", "Title", "", None, enc, header="Tags: a.")[0].text == "Title\nTags: a."


@given(
    title=st.text(min_size=0, max_size=80),
    header=st.text(min_size=0, max_size=80),
    body=st.text(min_size=0, max_size=600),
)
@settings(max_examples=100, deadline=None)
def test_chunks_keep_every_word_and_fit_the_window(title: str, header: str, body: str) -> None:
    enc = HashingEncoder(dim=16, max_tokens=16)
    chunks = chunk_entity("http://x/e", title, body, None, enc, header=header)
    text_words = words_of(title + "\n" + header + "\n" + body)
    chunk_words = {w for c in chunks for w in words_of(c.text)}
    assert set(text_words) <= chunk_words
    assert all(len(enc.token_spans(c.text)) <= 16 for c in chunks)
    assert [c.seq for c in chunks] == list(range(len(chunks)))


@pytest.mark.model
def test_real_tokenizer_windows(encoder: Encoder) -> None:
    body = " ".join(
        f"Paragraph {i}: residents, schools and the municipality cooperate on recycling." for i in range(80)
    )
    chunks = chunk_entity("http://x/e", "A long practice", body, "en", encoder)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text.startswith("A long practice\n")
        assert len(encoder.token_spans(chunk.text)) <= encoder.max_tokens
    assert set(words_of(body)) <= {w for c in chunks for w in words_of(c.text)}
