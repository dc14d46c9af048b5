"""Fixtures of the reliability tests: a small fictional store (read-only) and apps on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from ingest.pipeline import Ingestor
from kg.settings import Settings
from search_app import create_app
from tests.reliability.helpers import make_settings, write_practices

AppFactory = Callable[..., Flask]


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A published data dir with a few fictional practices. Read-only for tests."""
    root = tmp_path_factory.mktemp("reliability")
    export = write_practices(root / "in" / "practices.csv", 0, count=4)
    settings = make_settings(root / "store")
    with Ingestor(settings) as ingestor:
        summary = ingestor.ingest([export])
    assert summary.counts["added"] == 4, summary.render()
    return settings


@pytest.fixture()
def make_app() -> Iterator[AppFactory]:
    """Builds apps (``make_app(settings, **config)``) and stops their SPARQL workers afterwards."""
    apps: list[Flask] = []

    def build(settings: Settings, **config: object) -> Flask:
        app = create_app({"CIVICGRAPH": settings, **config})
        apps.append(app)
        return app

    yield build
    for app in apps:
        service = app.extensions.get("civicgraph.sparql")
        if service is not None:
            service.close()


@pytest.fixture()
def small_app(small_store: Settings, make_app: AppFactory) -> Flask:
    return make_app(small_store, TESTING=True)
