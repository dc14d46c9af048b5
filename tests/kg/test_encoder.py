from pathlib import Path

import numpy as np
import pytest

from kg import settings as settings_mod
from kg.encoder import (
    EmbeddingCache,
    Encoder,
    EncoderError,
    HashingEncoder,
    encode_cached,
    get_encoder,
    model_name,
    resolve_model,
    text_key,
)


def test_hashing_encoder_is_deterministic_normalised_and_word_sensitive() -> None:
    enc = HashingEncoder(dim=64)
    a, b, c = enc.encode(["repair cafe for bikes", "repair cafe for bicycles", "district budget vote"])
    again = HashingEncoder(dim=64).encode(["repair cafe for bikes"])[0]
    assert np.array_equal(a, again)
    assert np.allclose(np.linalg.norm([a, b, c], axis=1), 1.0)
    assert a @ b > a @ c
    assert enc.encode([]).shape == (0, 64)


def test_model_setting_names() -> None:
    assert model_name("all-MiniLM-L6-v2") == "sentence-transformers/all-MiniLM-L6-v2"
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2").endswith("model")
    assert Path(resolve_model("all-MiniLM-L6-v2"), "config.json").is_file()
    encoder = get_encoder(settings_mod.load({}, model="hashing:32"))
    assert (encoder.name, encoder.dim) == ("hashing:32", 32)
    assert get_encoder(settings_mod.load({}, model="hashing:32")) is encoder  # once per process


def test_unknown_model_is_refused_without_download(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match="nothing is downloaded"):
        get_encoder(settings_mod.load({}, model="civicgraph-test/no-such-model", data_dir=str(tmp_path)))
    with pytest.raises(EncoderError, match="hashing:DIMENSIONS"):
        get_encoder(settings_mod.load({}, model="hashing:many"))
    (tmp_path / "file.bin").write_bytes(b"x")
    with pytest.raises(EncoderError, match="folder"):
        resolve_model(str(tmp_path / "file.bin"))


def test_embedding_cache_skips_encoded_text(tmp_path: Path) -> None:
    enc = HashingEncoder(dim=16)
    path = tmp_path / "embeddings.sqlite"
    with EmbeddingCache(path) as cache:
        first = encode_cached(enc, cache, ["one text", "another text"])
        calls = enc.calls
        second = encode_cached(enc, cache, ["another text", "one text", "third"])
        assert enc.calls == calls + 1  # only "third" was encoded
        assert np.array_equal(second[0], first[1]) and np.array_equal(second[1], first[0])
        assert len(cache) == 3
    with EmbeddingCache(path, readonly=True) as cache:
        got = cache.get_many([text_key(enc.name, "third")], 16)
        assert len(got) == 1 and got[text_key(enc.name, "third")].dtype == np.float32
        cache.put_many([("x", np.zeros(16, np.float32))])  # ignored, read-only
        assert len(cache) == 3
    # Another model's vectors are never served for the same text.
    assert text_key("model-a", "t") != text_key("model-b", "t")


@pytest.mark.model
def test_real_model_vectors(encoder: Encoder) -> None:
    assert encoder.dim == 384 and encoder.max_tokens == 254
    vectors = encoder.encode(
        ["repair cafe where people fix broken things", "volunteers mend broken electronics", "tax law"]
    )
    assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    text = "Atliekų perdirbimas, recycling."
    spans = encoder.token_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(a < b for a, b in spans)


@pytest.mark.model
def test_onnx_backend_gives_the_same_vectors(encoder: Encoder, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from kg.encoder import SentenceEncoder

    onnx = SentenceEncoder("all-MiniLM-L6-v2", backend="onnx", cache_dir=tmp_path)
    texts = ["Food waste in school canteens", "Gyventojai rūšiuoja plastiko pakuotes", "x " * 400]
    a, b = encoder.encode(texts), onnx.encode(texts)
    assert onnx.name == encoder.name
    assert np.all(np.sum(a * b, axis=1) > 0.99999)
    assert list(tmp_path.glob("onnx-*/model.onnx"))
