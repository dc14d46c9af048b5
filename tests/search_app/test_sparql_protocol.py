"""/sparql through the Flask test client: SPARQL 1.1 Protocol, negotiation, service description,
the editor page, VoID and dumps. (A real server is tested in test_sparql_server.py.)"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import RDF
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.settings import Settings
from kg.store import Store
from search_app import create_app
from search_app.sparql_protocol import ProtocolError, negotiate, parse_request
from tests.search_app.sparql_fixture import BASE, PRACTICE, build

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PRACTICES = (
    "PREFIX cg: <https://w3id.org/civicgraph/ns#> PREFIX dct: <http://purl.org/dc/terms/> "
    "SELECT ?p ?title WHERE { ?p a cg:GoodPractice ; dct:title ?title } ORDER BY ?p ?title"
)
CONSTRUCT = "CONSTRUCT { ?p a ?t } WHERE { ?p a ?t } LIMIT 5"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build(tmp_path_factory.mktemp("sparql-protocol"), sparql_max_rows=50)


@pytest.fixture(scope="module")
def app(data: Settings) -> Iterator[Flask]:
    application = create_app({"CIVICGRAPH": data, "TESTING": True})
    yield application
    application.extensions["civicgraph.sparql"].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def rows(response: object) -> list[dict[str, str]]:
    body = json.loads(response.data)  # type: ignore[attr-defined]
    return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]


# -- the three ways of sending a query -------------------------------------------------------------------


def test_query_by_get_post_form_and_post_direct(client: FlaskClient) -> None:
    by_get = client.get("/sparql", query_string={"query": PRACTICES})
    by_form = client.post("/sparql", data={"query": PRACTICES})
    direct = client.post("/sparql", data=PRACTICES.encode(), content_type="application/sparql-query")
    assert by_get.status_code == by_form.status_code == direct.status_code == 200
    assert by_get.content_type == "application/sparql-results+json"
    assert rows(by_get) == rows(by_form) == rows(direct)
    assert PRACTICE in {r["p"] for r in rows(by_get)}
    assert by_get.headers["X-SPARQL-Rows"] == str(len(rows(by_get)))
    assert "X-SPARQL-Truncated" not in by_get.headers
    assert by_get.headers["Server-Timing"].startswith("evaluate;dur=")


# -- content negotiation (lookup tables, as rdflib-endpoint) ---------------------------------------------

SELECT_TYPES = [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("*/*", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
]
GRAPH_TYPES = [
    ("text/turtle", "text/turtle; charset=utf-8"),
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("*/*", "text/turtle; charset=utf-8"),
    (None, "text/turtle; charset=utf-8"),
]


@pytest.mark.parametrize(("accept", "expected"), SELECT_TYPES)
def test_select_negotiation(client: FlaskClient, accept: str | None, expected: str) -> None:
    response = client.get(
        "/sparql", query_string={"query": PRACTICES}, headers={"Accept": accept} if accept else {}
    )
    assert response.status_code == 200 and response.content_type == expected
    assert "Accept" in response.headers.get("Vary", "")


@pytest.mark.parametrize(("accept", "expected"), GRAPH_TYPES)
def test_construct_negotiation(client: FlaskClient, accept: str | None, expected: str) -> None:
    response = client.get(
        "/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept} if accept else {}
    )
    assert response.status_code == 200 and response.content_type == expected
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}.get(
        expected.split(";")[0], "xml"
    )
    assert len(Graph().parse(data=response.data, format=fmt)) == 5


@pytest.mark.parametrize(
    ("accept", "form", "param", "expected"),
    [
        ("text/csv", "SELECT", None, ("csv", None, False)),
        ("text/turtle", "CONSTRUCT", None, (None, "turtle", False)),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "SELECT",
            None,
            ("json", "turtle", True),
        ),
        ("application/json", "SELECT", "csv", ("csv", None, False)),
        (None, "DESCRIBE", "xml", ("xml", "rdfxml", False)),
        (None, "SELECT", "json", ("json", "jsonld", False)),
        ("application/json", "CONSTRUCT", "ttl", (None, "turtle", False)),
        (None, "SELECT", "text/tab-separated-values", ("tsv", None, False)),
        (None, "SELECT", "html", ("json", "turtle", True)),
    ],
)
def test_negotiation_table(
    accept: str | None, form: str, param: str | None, expected: tuple[object, ...]
) -> None:
    header = parse_accept_header(accept, MIMEAccept) if accept else None
    got = negotiate(header, form, param)
    assert (got.result, got.graph, got.html) == expected


def test_unacceptable_type_and_unknown_format(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": PRACTICES}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "Accept" in response.get_data(as_text=True)
    response = client.get("/sparql", query_string={"query": PRACTICES, "format": "pdf"})
    assert response.status_code == 400 and "unknown format" in response.get_data(as_text=True)


def test_ask_and_describe(client: FlaskClient) -> None:
    ask = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(ask.data) == {"head": {}, "boolean": True}
    xml = client.get(
        "/sparql",
        query_string={"query": "ASK { ?s ?p 123456789 }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert b"<boolean>false</boolean>" in xml.data
    described = client.get("/sparql", query_string={"query": f"DESCRIBE <{PRACTICE}>"})
    assert (URIRef(PRACTICE), RDF.type, None) in Graph().parse(data=described.data, format="turtle")


def test_csv_and_tsv_bodies(client: FlaskClient) -> None:
    text = client.get("/sparql", query_string={"query": PRACTICES}, headers={"Accept": "text/csv"}).get_data(
        as_text=True
    )
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["p", "title"] and [PRACTICE, "Repair cafés"] in table
    tsv = client.get("/sparql", query_string={"query": PRACTICES, "format": "tsv"}).get_data(as_text=True)
    assert tsv.splitlines()[0] == "?p\t?title" and f'<{PRACTICE}>\t"Repair cafés"@en' in tsv


# -- errors and refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "message"),
    [
        ("get", {"query_string": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "SPARQL syntax error"),
        ("get", {"query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "more than one query"),
        ("get", {"query_string": {"update": "CLEAR ALL"}}, 403, "read-only"),
        ("get", {"query_string": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 403, "read-only"),
        ("post", {"data": {"update": "INSERT DATA { <a:a> <a:a> <a:a> }"}}, 403, "read-only"),
        ("post", {"data": b"DROP ALL", "content_type": "application/sparql-update"}, 403, "read-only"),
        ("post", {"data": b"ASK {}", "content_type": "text/plain"}, 415, "Content-Type"),
        ("post", {"data": b"ASK {}"}, 400, "Content-Type"),  # none at all: malformed (W3C: 4xx)
        ("post", {"data": b"", "content_type": "application/x-www-form-urlencoded"}, 400, "no query"),
        (
            "post",
            {"data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query"},
            400,
            "UTF-8",
        ),
        ("get", {"path": "/sparql?query=ASK%20%7B%7D%20%FF"}, 400, "UTF-8"),
        (
            "get",
            {"query_string": {"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}},
            403,
            "SERVICE",
        ),
        ("get", {"query_string": {"query": "SELECT * WHERE " + "{" * 3000 + "}" * 3000}}, 400, "levels deep"),
        (
            "get",
            {"query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
            400,
            "absolute IRI",
        ),
        ("put", {"data": b"ASK {}"}, 405, "GET or POST"),
        ("delete", {}, 405, "GET or POST"),
    ],
)
def test_errors_are_plain_text_with_the_reason(
    client: FlaskClient, method: str, kwargs: dict[str, object], status: int, message: str
) -> None:
    path = str(kwargs.pop("path", "/sparql"))
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "text/plain; charset=utf-8"
    assert message in response.get_data(as_text=True)
    if status == 405:
        assert "POST" in response.headers["Allow"]


def test_updates_change_nothing(client: FlaskClient, data: Settings) -> None:
    before = rows(client.get("/sparql", query_string={"query": COUNT}))
    for attempt in (
        client.get("/sparql", query_string={"update": "DELETE WHERE { ?s ?p ?o }"}),
        client.post("/sparql", data={"update": "DELETE WHERE { ?s ?p ?o }"}),
        client.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update"),
        client.post("/sparql", data={"query": "CLEAR ALL"}),
    ):
        assert 400 <= attempt.status_code < 500
    assert rows(client.get("/sparql", query_string={"query": COUNT})) == before
    with Store.open_reader(data) as store:
        assert str(store.triple_count()) == before[0]["n"]


def test_large_body_is_refused(client: FlaskClient, data: Settings) -> None:
    body = b"ASK {} #" + b"x" * (data.max_request_bytes + 1)
    response = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert response.status_code == 413


def test_query_length_cap(app: Flask, client: FlaskClient, data: Settings) -> None:
    long_query = "ASK {}" + " " * data.sparql_max_query_chars
    assert client.get("/sparql", query_string={"query": long_query}).status_code == 413


def test_truncation_is_signalled(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert response.headers["X-SPARQL-Max-Rows"] == "50" and len(rows(response)) == 50
    page = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "html"})
    assert "truncated at 50 rows" in page.get_data(as_text=True)


# -- dataset ---------------------------------------------------------------------------------------------


def _document_graphs(data: Settings) -> list[str]:
    with Store.open_reader(data) as store:
        return sorted(str(g) for g in store.graph_iris() if str(g).startswith(BASE))


def test_protocol_dataset_selects_stored_graphs(client: FlaskClient, data: Settings) -> None:
    graph = _document_graphs(data)[0]
    with Store.open_reader(data) as store:
        in_graph = len(store.graph(graph))
    one = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": graph})
    assert rows(one) == [{"n": str(in_graph)}]
    named = client.get(
        "/sparql",
        query_string={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": graph,
        },
    )
    assert rows(named) == [{"g": graph}]
    # the protocol's dataset replaces the query's FROM
    both = client.get(
        "/sparql",
        query_string={
            "query": f"SELECT (COUNT(*) AS ?n) FROM <{BASE}nowhere> WHERE {{ ?s ?p ?o }}",
            "default-graph-uri": graph,
        },
    )
    assert rows(both) == [{"n": str(in_graph)}]


def test_from_never_fetches(client: FlaskClient) -> None:
    for source in ("file:///etc/passwd", "http://127.0.0.1:9/data.ttl"):
        response = client.get(
            "/sparql", query_string={"query": f"SELECT * FROM <{source}> WHERE {{ ?s ?p ?o }}"}
        )
        assert response.status_code == 200 and rows(response) == []
        response = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": source})
        assert rows(response) == [{"n": "0"}]


# -- similarity ---------------------------------------------------------------------------------------------


def test_similarity_function_and_magic_predicate_agree(client: FlaskClient) -> None:
    query = (
        "PREFIX cg: <https://w3id.org/civicgraph/ns#> "
        'SELECT ?e ?score ?again WHERE { (?e ?score) cg:similar ("repair cafes" 3) '
        'BIND(cg:similarity(?e, "repair cafes") AS ?again) } ORDER BY DESC(?score)'
    )
    found = rows(client.get("/sparql", query_string={"query": query}))
    assert len(found) == 3 and found[0]["e"] == PRACTICE
    scores = [float(r["score"]) for r in found]
    assert scores == sorted(scores, reverse=True)
    assert all(abs(float(r["score"]) - float(r["again"])) < 1e-5 for r in found)
    # a FILTER on the score, joined with a graph pattern
    practices = (
        "PREFIX cg: <https://w3id.org/civicgraph/ns#> SELECT ?p WHERE { ?p a cg:GoodPractice "
        'FILTER(cg:similarity(?p, "repair cafes") > 0.3) }'
    )
    assert [r["p"] for r in rows(client.get("/sparql", query_string={"query": practices}))] == [PRACTICE]


# -- service description, editor, CORS -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        (None, "turtle"),
        ("*/*", "turtle"),
    ],
)
def test_service_description(client: FlaskClient, accept: str | None, fmt: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format=fmt)
    service = graph.value(None, RDF.type, SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == URIRef("http://localhost/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = {str(o).rsplit("/", 1)[-1] for o in graph.objects(service, SD.resultFormat)}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
    } <= formats
    assert (service, SD.extensionFunction, URIRef("https://w3id.org/civicgraph/ns#similarity")) in graph


def test_editor_page_for_browsers(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 200 and response.content_type.startswith("text/html")
    page = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    from kg.sparql_examples import examples

    shown = examples()
    assert len(shown) >= 12
    for example in shown:
        assert example.title in page or example.title.replace("'", "&#39;") in page
    assert 'id="sparql-examples"' in page or "sparql-query" in page  # YASGUI tabs, or the plain form


def test_html_results_page(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": PRACTICES}, headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<a href="{PRACTICE}">' in page and "Repair cafés" in page
    error = client.get("/sparql", query_string={"query": "SELECT * WHERE {", "format": "html"}).get_data(
        as_text=True
    )
    assert "SPARQL syntax error" in error


def test_cors_is_open_without_credentials(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "X-SPARQL-Truncated" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


# -- Linked Data: VoID and dumps -------------------------------------------------------------------------


def test_void_counts_links_and_dumps(client: FlaskClient, data: Settings) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    void = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef(BASE + ".well-known/void#civicgraph")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert str(void.value(dataset, VOID.uriSpace)) == BASE + "id/"
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    with Store.open_reader(data) as store:
        quads = store.triple_count()
        distinct = {
            (q.subject, q.predicate, q.object) for q in store.ox.quads_for_pattern(None, None, None, None)
        }
        graphs = len(list(store.graph_iris()))
    assert int(void.value(dataset, VOID.triples)) == len(distinct)
    assert int(void.value(dataset, VOID.documents)) == graphs
    classes = {
        str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))
        for p in void.objects(dataset, VOID.classPartition)
    }
    assert classes["https://w3id.org/civicgraph/ns#GoodPractice"] == 3
    examples = {str(e) for e in void.objects(dataset, VOID.exampleResource)}
    assert PRACTICE in examples or any(e.startswith(BASE + "id/") for e in examples)
    dumps = sorted(str(d) for d in void.objects(dataset, VOID.dataDump))
    assert dumps == [BASE + "dumps/civicgraph.nq.gz", BASE + "dumps/civicgraph.ttl"]

    nq = client.get("/dumps/civicgraph.nq.gz")
    assert nq.status_code == 200 and nq.content_type == "application/gzip"
    parsed = Dataset()
    parsed.parse(data=gzip.decompress(nq.data), format="nquads")
    assert sum(len(g) for g in parsed.graphs()) == quads
    ttl = client.get("/dumps/civicgraph.ttl")
    assert len(Graph().parse(data=ttl.data, format="turtle")) == len(distinct)
    again = client.get("/dumps/civicgraph.ttl", headers={"If-None-Match": ttl.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/dumps/other.ttl").status_code == 404


def test_void_in_other_formats(client: FlaskClient) -> None:
    for accept, fmt in (
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ):
        response = client.get("/.well-known/void", headers={"Accept": accept})
        assert response.content_type.startswith(accept)
        assert (None, VOID.triples, None) in Graph().parse(data=response.data, format=fmt)


def test_void_resources_resolve_to_resource_pages(client: FlaskClient) -> None:
    """The VoID's example resources are IRIs the site answers for (same base as the resource pages)."""
    void = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    examples = [str(e) for e in void.objects(None, VOID.exampleResource)]
    assert examples
    for iri in examples:
        path = iri[len(BASE) - 1 :] if iri.startswith(BASE) else None
        assert path is not None
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code in (200, 303), (iri, response.status_code)


# -- the protocol parser on its own -------------------------------------------------------------------------


def test_parse_request_table() -> None:
    q = quote("ASK {}")
    assert parse_request("GET", None, f"query={q}".encode(), b"").query == "ASK {}"
    form = parse_request(
        "POST",
        "application/x-www-form-urlencoded; charset=UTF-8",
        b"",
        f"query={q}&default-graph-uri=http%3A%2F%2Fx%2Fg".encode(),
    )
    assert (form.query, form.default_graphs, form.named_graphs) == ("ASK {}", ("http://x/g",), ())
    direct = parse_request(
        "POST", "application/sparql-query", b"named-graph-uri=http%3A%2F%2Fx%2Fg", b"ASK {}"
    )
    assert (direct.query, direct.default_graphs, direct.named_graphs) == ("ASK {}", (), ("http://x/g",))
    assert parse_request("GET", None, b"", b"").query is None
    with pytest.raises(ProtocolError) as info:
        parse_request("POST", "application/sparql-query; charset=latin-1", b"", b"ASK {}")
    assert info.value.status == 415
    with pytest.raises(ProtocolError) as info:
        parse_request(
            "POST", "application/x-www-form-urlencoded", f"query={q}".encode(), f"query={q}".encode()
        )
    assert info.value.status == 400


def test_settings_table_mentions_workers() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "CIVICGRAPH_SPARQL_WORKERS" in readme


def test_loading_the_similarity_resources_is_not_counted_in_the_limit(data: Settings) -> None:
    """A fresh worker loads the index and the model (importing faiss, numpy, ...) outside the limit."""
    from kg.sparql_guard import check
    from kg.sparql_pool import WorkerPool
    from kg.sparql_worker import local_job

    query = (
        'PREFIX cg: <https://w3id.org/civicgraph/ns#> SELECT ?e ?s WHERE { (?e ?s) cg:similar ("repair" 2) }'
    )
    pool = WorkerPool(1)
    try:
        assert pool.run(local_job(check("ASK {}", data), data, "json"), 30).status == 200  # started
        answer = pool.run(local_job(check(query, data), data, "json"), 0.2)
        assert answer.status == 200 and answer.rows == 2
    finally:
        pool.close()
