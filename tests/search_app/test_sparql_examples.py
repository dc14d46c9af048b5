"""The example queries (ontology/examples/*.rq): well formed, covering the model, and each returning rows
on the shared corpora through /sparql (the similarity examples use the FAISS index built with the
session corpus store's hashing encoder)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.settings import Settings
from kg.sparql import NamedQuery
from kg.sparql_examples import examples
from kg.sparql_guard import check
from search_app import create_app

EXAMPLES = examples()
#: The main classes of the model: every one appears in at least one example.
MAIN_CLASSES = {
    "cg:GoodPractice",
    "schema:Project",
    "org:Organization",
    "cg:Municipality",
    "org:OrganizationalUnit",
    "foaf:Person",
    "org:Post",
    "cg:Funding",
    "cg:Partnership",
    "skos:Concept",
    "cg:SourceDocument",
    "cg:Evidence",
    "cg:Country",
    "cg:Place",
    "prov:Activity",
}


def test_examples_are_documented_and_cover_the_model() -> None:
    assert len(EXAMPLES) >= 12
    text = "\n".join(e.text for e in EXAMPLES)
    missing = {c for c in MAIN_CLASSES if not re.search(re.escape(c) + r"\b", text)}
    assert not missing, f"no example mentions {sorted(missing)}"
    for example in EXAMPLES:
        assert example.title and example.title != example.name.replace("_", " "), example.name
        assert len(example.description) > 40, example.name
        assert check(example.text, _settings()).form == "SELECT", example.name
    assert any(check(e.text, _settings()).similar for e in EXAMPLES)
    assert any(check(e.text, _settings()).uses_similarity for e in EXAMPLES)


def _settings() -> Settings:
    from kg import settings as settings_mod

    return settings_mod.load({})


@pytest.fixture(scope="module")
def corpus_app(corpus_settings: Settings) -> Iterator[Flask]:
    app = create_app({"CIVICGRAPH": corpus_settings, "TESTING": True})
    yield app
    app.extensions["civicgraph.sparql"].close()


@pytest.fixture()
def corpus_client(corpus_app: Flask) -> FlaskClient:
    return corpus_app.test_client()


@pytest.mark.shared
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_returns_rows_on_the_shared_corpora(corpus_client: FlaskClient, example: NamedQuery) -> None:
    response = corpus_client.post("/sparql", data={"query": example.text})
    assert response.status_code == 200, response.get_data(as_text=True)
    bindings = json.loads(response.data)["results"]["bindings"]
    assert bindings, f"{example.name} returned no rows"
