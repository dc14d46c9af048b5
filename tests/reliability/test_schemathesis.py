"""Schemathesis against the app's own OpenAPI description (``/openapi.json``), in-process (WSGI).

Generated requests (valid and invalid) to every described operation must never get a 5xx, and
every answer must match the description (status codes, media types, JSON schemas).
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from kg.settings import Settings
from tests.reliability.conftest import AppFactory

pytestmark = pytest.mark.slow

#: Examples per operation; four operations (five with POST /sparql) stay well under a minute.
MAX_EXAMPLES = 60


@pytest.fixture(scope="module")
def api_app(small_store: Settings) -> Flask:
    from search_app import create_app

    # Short SPARQL limits keep a generated query that happens to be expensive cheap to stop.
    app = create_app({"CIVICGRAPH": small_store.replace(sparql_timeout=3.0, sparql_max_rows=200)})
    yield app
    app.extensions["civicgraph.sparql"].close()


@pytest.fixture(scope="module")
def api_schema(api_app: Flask) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi("/openapi.json", api_app)


POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
CASES = [
    ("/api/search", "GET", POSITIVE),
    ("/api/search", "GET", NEGATIVE),
    ("/api/related", "GET", POSITIVE),
    ("/api/related", "GET", NEGATIVE),
    ("/health", "GET", POSITIVE),  # no parameters: nothing to make invalid
    ("/sparql", "GET", POSITIVE),
    ("/sparql", "GET", NEGATIVE),
    ("/sparql", "POST", POSITIVE),
    ("/sparql", "POST", NEGATIVE),
]
#: Free text that must also *mean* something (a SPARQL query, a search pattern, offset + limit) can
#: be valid for the schema and still be refused with 400, and an empty parameter counts as absent
#: (``mode=`` is the default mode), so neither "valid input is accepted" nor "invalid input is
#: refused" is checked; no 5xx, documented status codes, media types and JSON schemas are.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_described_endpoints_never_fail(
    api_schema: schemathesis.BaseSchema, path: str, method: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]
    examples = MAX_EXAMPLES if mode is GenerationMode.POSITIVE else MAX_EXAMPLES // 2

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=EXCLUDED)

    run()


def test_description_lists_the_json_endpoints(small_app: Flask, make_app: AppFactory) -> None:
    document = small_app.test_client().get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/api/search", "/api/related", "/health", "/sparql"} <= set(document["paths"])
    search_params = {p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "limit", "offset", "type", "tag", "country", "lang"} <= search_params
    # Every operation documents the success answer's schema.
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert "200" in operation["responses"], (path, method)
