"""The serve warm-up loads the published generation's search index before the first visitor."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import search_index
from kg import settings as settings_mod
from kg.indexing import BUILDERS
from search_app import create_app
from search_app.warm import warm_up
from tests.searchdata import publish_corpus


def test_warm_up_loads_the_search_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_mod.load({}, data_dir=str(tmp_path / "store"), model="hashing:64")
    publish_corpus(settings, list(BUILDERS))
    loads: list[object] = []
    real = search_index.load_search_index

    def counted(*args: object, **kwargs: object) -> object:
        loads.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "load_search_index", counted)
    app = create_app({"CIVICGRAPH": settings, "TESTING": True})
    thread = warm_up(app)
    thread.join(timeout=120)
    assert not thread.is_alive() and len(loads) == 1
    response = app.test_client().get("/api/search?q=repair+bicycles")
    assert response.status_code == 200 and response.get_json()["results"]
    assert len(loads) == 1  # the visitor's search found the index loaded


def test_warm_up_on_an_empty_data_dir_does_not_fail(tmp_path: Path) -> None:
    settings = settings_mod.load({}, data_dir=str(tmp_path / "empty"), model="hashing:64")
    app = create_app({"CIVICGRAPH": settings, "TESTING": True})
    thread = warm_up(app)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert app.test_client().get("/api/search?q=anything").status_code == 200
