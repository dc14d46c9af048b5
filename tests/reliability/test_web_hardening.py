"""Web hardening: security headers everywhere, no inline script, request limits, errors that show
no traceback and no file path, no debugger page even in debug mode."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from flask import Flask

from kg.layout import Layout
from kg.settings import Settings
from tests.reliability.conftest import AppFactory

PRACTICE = "/id/practice/example-org-good-practices-reliability-1"
PAGES = [
    "/",
    "/search?q=alphawaste",
    "/browse",
    "/browse/countries",
    "/tags",
    "/partners",
    PRACTICE,
    "/sparql",
    "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 3"),
    "/no-such-page",
]
MACHINE = [
    "/health",
    "/openapi.json",
    "/api/search?q=alphawaste",
    "/api/search?limit=abc",
    "/api/related?iri=x",
    "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    "/sparql?query=SELEC",
    "/.well-known/void",
    PRACTICE + ".ttl",
    "/static/css/site.css",
]
TRACES = re.compile(r"Traceback|File \"|\.py\b|/tmp/|/work/|site-packages|Werkzeug Debugger", re.IGNORECASE)
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def _directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _assert_headers(url: str, headers: object) -> None:
    get = headers.get  # type: ignore[attr-defined]
    assert get("X-Content-Type-Options") == "nosniff", url
    assert get("Referrer-Policy") in {"same-origin", "no-referrer", "strict-origin-when-cross-origin"}, url
    csp = _directives(get("Content-Security-Policy") or "")
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts is not None, (url, csp)
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, (url, csp)
    assert csp.get("object-src", csp.get("default-src")) in (["'none'"],), (url, csp)
    assert csp.get("frame-ancestors") == ["'none'"], (url, csp)


class _ScriptFinder(HTMLParser):
    """Collects inline scripts, event-handler attributes and javascript: links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not values.get("src"):
            self._in_script = (values.get("type") or "text/javascript").lower()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and self._in_script not in DATA_SCRIPT_TYPES and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_headers_and_no_inline_script(small_app: Flask, url: str) -> None:
    response = small_app.test_client().get(url, headers={"Accept": "text/html"})
    assert response.status_code in (200, 404), (url, response.status_code)
    assert response.mimetype == "text/html"
    _assert_headers(url, response.headers)
    finder = _ScriptFinder()
    finder.feed(response.get_data(as_text=True))
    assert finder.problems == [], (url, finder.problems)


@pytest.mark.parametrize("url", MACHINE)
def test_machine_answers_have_headers(small_app: Flask, url: str) -> None:
    response = small_app.test_client().get(url)
    assert response.status_code < 500, (url, response.status_code)
    _assert_headers(url, response.headers)


def test_json_errors_are_json_without_internals(small_app: Flask) -> None:
    client = small_app.test_client()
    cases = {
        "/api/nothing-here": 404,
        "/api/search?limit=abc": 400,
        "/api/related": 400,
        "/health?x=" + "a" * 400_000: 414,
    }
    for url, status in cases.items():
        response = client.get(url)
        assert response.status_code == status, url[:60]
        assert response.mimetype == "application/json", url[:60]
        assert isinstance(response.get_json()["error"], str)
        assert not TRACES.search(response.get_data(as_text=True)), url[:60]
    wrong = client.delete("/api/search")
    assert wrong.status_code == 405 and wrong.get_json()["error"]
    assert "GET" in wrong.headers["Allow"]


def test_request_size_limits(small_app: Flask, small_store: Settings) -> None:
    client = small_app.test_client()
    limit = int(small_store.max_request_bytes)
    big = b"x" * (limit + 1)
    sparql = client.post("/sparql", data=big, content_type="application/sparql-query")
    assert sparql.status_code == 413 and sparql.mimetype == "text/plain"
    form = client.post("/sparql", data={"query": "x" * (limit + 1)})
    assert form.status_code == 413
    api = client.post("/api/search", data=big)  # a body where none is expected is refused too
    assert api.status_code == 413 and api.get_json()["error"]
    page = client.get("/search?q=" + "a" * 400_000, headers={"Accept": "text/html"})
    assert page.status_code == 414
    # A SPARQL query of the longest accepted length still fits in a GET address.
    longest = "SELECT * WHERE { ?s ?p ?o }" + "#" * (int(small_store.sparql_max_query_chars) - 40)
    fits = client.get(
        "/sparql?query=" + quote(longest), headers={"Accept": "application/sparql-results+json"}
    )
    assert fits.status_code == 200


def test_unexpected_errors_hide_internals_even_in_debug_mode(
    small_store: Settings, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception inside every request (its message holding the data folder): the answers
    must not show the exception, a traceback or the folder, and no debugger page may appear."""
    from kg.live import LiveView

    app = make_app(small_store)
    app.debug = True
    client = app.test_client()
    assert client.get("/health").status_code == 200
    folder = str(small_store.data_path)

    def broken(self: LiveView) -> None:
        raise RuntimeError(f"unexpected failure reading {folder}/CURRENT")

    monkeypatch.setattr(LiveView, "current", broken)
    for url, accept in (("/health", "application/json"), ("/api/search?q=x", "*/*"), ("/", "text/html")):
        response = client.get(url, headers={"Accept": accept})
        assert response.status_code == 500, (url, response.status_code)
        body = response.get_data(as_text=True)
        assert not TRACES.search(body), (url, body[:300])
        assert folder not in body and "unexpected failure" not in body and "RuntimeError" not in body
        _assert_headers(url, response.headers)


def test_a_damaged_current_file_keeps_the_open_generation_served(
    small_store: Settings, make_app: AppFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """CURRENT damaged under a running server: it keeps serving the generation it has open; a server
    started on the damaged folder answers 503 saying what to run, without the folder's path."""
    import shutil

    copy = tmp_path_factory.mktemp("damaged") / "store"
    shutil.copytree(small_store.data_path, copy, ignore=shutil.ignore_patterns("write.lock"))
    settings = small_store.replace(data_dir=str(copy))
    client = make_app(settings).test_client()
    assert client.get("/api/search?q=alphawaste").status_code == 200
    Layout(copy).current.write_text("{damaged", encoding="utf-8")
    time.sleep(0.6)  # the app looks at CURRENT at most every 0.5 s
    still = client.get("/api/search?q=alphawaste")
    assert still.status_code == 200 and still.get_json()["results"]

    fresh = make_app(settings).test_client()
    for url in ("/health", "/api/search?q=alphawaste", "/"):
        response = fresh.get(url)
        assert response.status_code == 503, (url, response.status_code)
        body = response.get_data(as_text=True)
        assert "civicgraph check --repair" in body, (url, body[:300])
        assert str(copy) not in body and not TRACES.search(body), (url, body[:300])


def test_no_debug_by_default(small_store: Settings, make_app: AppFactory) -> None:
    app = make_app(small_store)
    assert app.debug is False
    assert app.config["PROPAGATE_EXCEPTIONS"] is False  # errors are handled, never left to a debugger
