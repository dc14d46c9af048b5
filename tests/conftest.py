"""Shared fixtures: the ../shared material rule, settings on a temporary data dir, the model once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import settings as settings_mod
from kg.encoder import Encoder, HashingEncoder, get_encoder

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _require_shared() -> bool:
    return os.environ.get("CIVICGRAPH_REQUIRE_SHARED", "") in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; skips when absent, fails when CIVICGRAPH_REQUIRE_SHARED=1."""
    if not (SHARED / "seeds").is_dir():
        if _require_shared():
            pytest.fail(f"{SHARED} is required (CIVICGRAPH_REQUIRE_SHARED=1) but missing")
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture()
def settings(tmp_path: Path) -> settings_mod.Settings:
    """Settings on a fresh temporary data dir (nothing read from the developer's environment)."""
    return settings_mod.load({}, data_dir=str(tmp_path / "store"))


@pytest.fixture(autouse=True, scope="session")
def _offline() -> Iterator[None]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    yield


CORPUS_FILES = (
    "corpus/ce-good-practices/good_practices.csv",
    "corpus/participedia/derived/cases_joined.jsonl",
    "corpus/eu-funds-projects/SE/Sweden_all_funds_2014-2020.json",
)


@pytest.fixture(scope="session")
def corpus_settings(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> settings_mod.Settings:
    """A data dir holding the shared corpora and the four seeds, with indexes, built ONCE per session.

    Read-only for tests: open it with ``Store.open_reader`` / ``LiveView`` / ``create_app``; never write.
    The vectors come from the deterministic hashing encoder: embedding the ~8,000 chunks with the real
    model takes about 6 minutes on the 2-core CI machine (53 s in all with this encoder), and what the
    tests over this store check is the graph and the index plumbing, not ranking quality. Ranking
    quality with the real model is measured by ``bench/eval_search.py`` and the ``model`` tests.
    """
    from ingest.pipeline import Ingestor

    data_dir = tmp_path_factory.mktemp("corpus") / "store"
    settings = settings_mod.load({}, data_dir=str(data_dir), model="hashing:256")
    with Ingestor(settings) as ingestor:
        summary = ingestor.ingest([shared_dir / rel for rel in CORPUS_FILES] + [shared_dir / "seeds"])
    refused = [o for o in summary.outcomes if o.status == "refused"]
    assert not refused, refused[:5]
    return settings


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real embedding model (default all-MiniLM-L6-v2 from its package), loaded once per session.

    Tests using it are marked ``model``.
    """
    return get_encoder(settings_mod.load({}))


@pytest.fixture()
def fake_encoder() -> HashingEncoder:
    """A deterministic bag-of-words encoder with a small window (fast unit tests, no model files)."""
    return HashingEncoder(dim=64, max_tokens=24)


@pytest.fixture()
def search_settings(tmp_path: Path) -> settings_mod.Settings:
    """Settings on a temporary data dir with the deterministic encoder (indexing and search tests)."""
    return settings_mod.load({}, data_dir=str(tmp_path / "store"), model="hashing:64")
