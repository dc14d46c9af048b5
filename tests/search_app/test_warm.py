"""The serve warm-up loads the search index and fills the page caches, at start and after each publish."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg import search_index
from kg import settings as settings_mod
from kg.indexing import BUILDERS
from search_app import create_app
from search_app.warm import warm_up
from tests.searchdata import CORPUS, publish_corpus, republish


def test_warm_up_loads_the_index_and_follows_new_generations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_mod.load({}, data_dir=str(tmp_path / "store"), model="hashing:64")
    publish_corpus(settings, list(BUILDERS))
    loads: list[object] = []
    real = search_index.load_search_index

    def counted(*args: object, **kwargs: object) -> object:
        loads.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "load_search_index", counted)
    app = create_app({"CIVICGRAPH": settings, "TESTING": True})
    warmer = warm_up(app, poll_seconds=0.2)
    try:
        assert warmer.warmed.wait(timeout=120)
        assert warmer.generation == 1 and len(loads) == 1
        response = app.test_client().get("/api/search?q=repair+bicycles")
        assert response.status_code == 200 and response.get_json()["results"]
        assert len(loads) == 1  # the visitor's search found the index loaded

        name = next(iter(CORPUS))
        republish(settings, list(BUILDERS), replace={name: CORPUS[name][:1]})
        deadline = time.monotonic() + 60
        while warmer.generation != 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert warmer.generation == 2 and len(loads) == 2  # the new generation was warmed too
    finally:
        warmer.stop(timeout=30)
    assert not warmer.thread.is_alive()


def test_warm_up_on_an_empty_data_dir_does_not_fail(tmp_path: Path) -> None:
    settings = settings_mod.load({}, data_dir=str(tmp_path / "empty"), model="hashing:64")
    app = create_app({"CIVICGRAPH": settings, "TESTING": True})
    warmer = warm_up(app, poll_seconds=0.2)
    try:
        assert warmer.warmed.wait(timeout=60)
    finally:
        warmer.stop(timeout=30)
    assert app.test_client().get("/api/search?q=anything").status_code == 200
