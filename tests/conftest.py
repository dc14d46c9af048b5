"""Shared fixtures: the ../shared material rule, settings on a temporary data dir, the model once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import settings as settings_mod

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
