"""``/api/search`` and ``/api/related`` over the fictional corpus (hashing encoder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg import settings as settings_mod
from kg.indexing import BUILDERS
from search_app import create_app
from tests.searchdata import CORPUS, item_iri, publish_corpus

REPAIR = item_iri(CORPUS["repair"][0])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data = tmp_path_factory.mktemp("api") / "store"
    settings = settings_mod.load({}, data_dir=str(data), model="hashing:64")
    publish_corpus(settings, list(BUILDERS))
    yield create_app({"CIVICGRAPH": settings, "TESTING": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_search_json_contract(client: FlaskClient) -> None:
    response = client.get("/api/search?q=repair+bicycles&limit=2")
    assert response.status_code == 200
    body = response.get_json()
    assert {"query", "total", "results", "facets", "notes"} <= set(body)
    assert body["query"] == "repair bicycles" and body["total"] >= 1 and len(body["results"]) == 2
    first = body["results"][0]
    for key in ("iri", "type", "title", "snippet", "score", "scores", "source", "tags", "country"):
        assert key in first
    assert first["iri"] == REPAIR and first["source"] == "https://example.org/practices/repair-cafe"
    assert {"dense", "lexical"} <= set(first["scores"])
    assert set(body["facets"]) == {"type", "tag", "country", "lang", "organization"}
    assert all({"value", "label", "count"} == set(v) for v in body["facets"]["country"])
    assert isinstance(body["notes"], list)


def test_filters_through_the_api(client: FlaskClient) -> None:
    body = client.get("/api/search?q=city&country=Finland&limit=50").get_json()
    assert body["results"] and {r["country"] for r in body["results"]} == {"FI"}
    both = client.get("/api/search?q=city&country=FI&country=SE&type=practice&limit=50").get_json()
    assert {r["country"] for r in both["results"]} == {"FI", "SE"} and {
        r["type"] for r in both["results"]
    } == {"practice"}


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=abc",
        f"limit={10**9}",
        "offset=x",
        "type=alien",
        "lang=%%%",
        "pattern=%3Fentity%20%3Fp",  # no closing: not a valid pattern
    ],
)
def test_bad_values_are_400_with_a_reason(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/search?q=x&{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=",
        "q=%00%01%02",
        "q=" + "a" * 100_000,
        "q=x&tag=unknown-tag",
        "q=x&country=Atlantis",
        "q=x&organization=Nobody",
        "q=%F0%9F%98%80",
        "q=x&lang=xx",
        "q=x&limit=0",
    ],
)
def test_odd_input_is_never_a_server_error(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200
    body = response.get_json()
    assert isinstance(body["results"], list)
    if "100000" in query or len(query) > 1000:
        assert any("truncated" in n for n in body["notes"])


def test_empty_query_and_unknown_filter_explain_themselves(client: FlaskClient) -> None:
    empty = client.get("/api/search?q=").get_json()
    assert empty["results"] == [] and any("empty query" in n for n in empty["notes"])
    unknown = client.get("/api/search?q=x&tag=unknown-tag").get_json()
    assert unknown["total"] == 0 and any("unknown-tag" in n for n in unknown["notes"])


def test_related(client: FlaskClient) -> None:
    body = client.get(f"/api/related?iri={REPAIR}&k=2").get_json()
    assert len(body["results"]) == 2 and REPAIR not in {r["iri"] for r in body["results"]}
    assert client.get("/api/related?iri=http://nowhere/x").status_code == 404
    assert client.get("/api/related").status_code == 400
    assert client.get(f"/api/related?iri={REPAIR}&k=abc").status_code == 400
    assert client.get(f"/api/related?iri={REPAIR}&k=1000").status_code == 400


def test_health_counts_vectors(client: FlaskClient) -> None:
    body = client.get("/health").get_json()
    assert body["vectors"] > 0 and body["model"] == "hashing:64"


def test_empty_data_dir(tmp_path: Path) -> None:
    settings = settings_mod.load({}, data_dir=str(tmp_path / "none"), model="hashing:64")
    client = create_app({"CIVICGRAPH": settings, "TESTING": True}).test_client()
    body = client.get("/api/search?q=anything").get_json()
    assert body["total"] == 0 and any("empty" in n for n in body["notes"])
