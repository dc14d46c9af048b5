"""The W3C SPARQL 1.1 conformance cases, run over HTTP against a real ``civicgraph serve``.

The cases come from the W3C test suites (github.com/w3c/rdf-tests, read when these tests were written;
nothing is fetched or copied at run time): each case's request and expected outcome is written out
here, and each test is named after its case.

* ``sparql/sparql11/protocol/manifest.ttl``: every ``mf:ProtocolTest`` with its ``ht:absolutePath``
  (the manifest's ``/sparql/`` prefix stands for the endpoint; both ``/sparql`` and ``/sparql/`` are
  tried), method, ``content-type`` and body, and its expected ``mf:expectedStatus`` class,
  ``mf:expectedFormat`` (boolean, tabular, RDF) and ``mf:expectedBoolean``. The dataset cases name
  graphs at kasei.us: graphs with those IRIs and fictional content are stored in the fixture, and the
  endpoint selects them (it never fetches a graph). This service is read-only, so every update case
  must be refused with a 4xx and change nothing; the manifest's follow-up query then finds no change.
* ``sparql/sparql11/service-description/manifest.ttl``: returns-rdf, has-endpoint-triple and
  conforms-to-schema, plus the best-practice checks of the W3C service-description validator.
* The results formats: SPARQL 1.1 Query Results JSON, XML (the element structure of its schema),
  CSV and TSV, with the ``sparql/sparql11/csv-tsv-res`` cases (csv01-03, tsv01-03) run on data of
  the same shape, and a row of awkward terms (quotes, commas, tabs, CR/LF, language tags,
  datatypes, blank nodes, an unbound variable) in every format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kg.sparql_results import write_solutions
from tests.search_app.sparql_fixture import BASE, build
from tests.search_app.sparql_results_check import (
    BOOLEAN_TYPES,
    RDF_TYPES,
    TABULAR_TYPES,
    Term,
    parse_json_results,
    parse_xml_results,
)
from tests.search_app.w3c_cases import (
    ASK_D12,
    CSV_EXPECTED,
    CSV_TSV_QUERIES,
    DATA,
    KASEI,
    MANIFEST_PREFIX,
    QUERY_CASES,
    TSV_EXPECTED,
    UPDATE_CASES,
    W3C_TERMS_03,
    XSD_NS,
    Req,
    path,
    w3c_graphs,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


# -- one server for the module ------------------------------------------------------------------------


@dataclass
class Server:
    url: str  # ends with /

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _civicgraph() -> list[str]:
    script = Path(sys.executable).with_name("civicgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "search_app.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("w3c-conformance")
    settings = build(root, graphs=w3c_graphs(), sparql_timeout=5.0)
    port = _free_port()
    env = {
        **os.environ,
        "CIVICGRAPH_DATA_DIR": str(settings.data_path),
        "CIVICGRAPH_MODEL": "hashing:64",
        "CIVICGRAPH_BASE_URL": BASE,
        "CIVICGRAPH_SPARQL_TIMEOUT": "5",
        "CIVICGRAPH_SPARQL_WORKERS": "2",
    }
    log_path = root / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_civicgraph(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=log,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(240):  # bounded: at most ~60 s
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited: {log_path.read_text()[-2000:]}")
                try:
                    if requests.get(url + "sparql", params={"query": "ASK {}"}, timeout=5).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.25)
            else:
                raise RuntimeError("the server did not answer within 60 s")
            yield Server(url)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


# -- sending a manifest request -----------------------------------------------------------------------


def urls(server: Server, absolute_path: str) -> list[str]:
    """The request URL the way a W3C runner builds it (endpoint + the path after ``/sparql/``), and
    the manifest's path taken literally (``/sparql/?...``)."""
    assert absolute_path.startswith(MANIFEST_PREFIX)
    return [server.sparql + absolute_path[len(MANIFEST_PREFIX) :], server.url + absolute_path[1:]]


def send(url: str, req: Req, accept: str | None = None) -> requests.Response:
    headers = {"Content-Type": req.content_type} if req.content_type else {}
    if accept:
        headers["Accept"] = accept
    # prepared without a session: no default headers (no Accept unless given), the URL as written
    prepared = requests.Request(req.method, url, data=req.body, headers=headers).prepare()
    prepared.url = url  # exactly the manifest's encoding
    if req.content_type is None:
        prepared.headers.pop("Content-Type", None)
    with requests.Session() as session:
        return session.send(prepared, timeout=30, allow_redirects=False)


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


def boolean_of(response: requests.Response) -> bool:
    if media_type(response) == "application/sparql-results+json":
        data = json.loads(response.content)
        assert set(data) == {"head", "boolean"} and isinstance(data["boolean"], bool), data
        return bool(data["boolean"])
    result = parse_xml_results(response.content)
    assert isinstance(result, bool)
    return result


def check(req: Req, response: requests.Response) -> None:
    """The manifest's expectations for one response."""
    got = response.status_code // 100
    assert got in ((2, 3) if req.status == 2 else (req.status,)), (response.status_code, response.text)
    media = media_type(response)
    if req.fmt == "boolean":
        assert media in BOOLEAN_TYPES, media
        value = boolean_of(response)
        if req.boolean is not None:
            assert value is req.boolean
    elif req.fmt == "tabular":
        assert media in TABULAR_TYPES, media
    elif req.fmt == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=response.content, format=RDF_TYPES[media])


def run(server: Server, req: Req) -> list[requests.Response]:
    """Send ``req`` to both URLs, without ``Accept`` (as the W3C Perl validator's client) and with
    ``Accept: */*`` (as the JavaScript runners' fetch), and check every response."""
    responses = []
    for url in urls(server, req.path):
        for accept in (None, "*/*"):
            response = send(url, req, accept)
            check(req, response)
            responses.append(response)
    return responses


@pytest.mark.parametrize("case", list(QUERY_CASES), ids=list(QUERY_CASES))
def test_protocol_query_case(server: Server, case: str) -> None:
    responses = run(server, QUERY_CASES[case])
    if QUERY_CASES[case].status == 4:
        for response in responses:  # an error is plain text with the reason
            assert media_type(response) == "text/plain" and response.text.strip()


def test_exact_encodings_match_the_manifest() -> None:
    """``path`` writes the ``ht:absolutePath`` strings of the manifest byte for byte."""
    assert QUERY_CASES["query_get"].path == (
        "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
    )
    assert (
        QUERY_CASES["bad_multiple_queries"].path == "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"
    )
    assert QUERY_CASES["query_dataset_named_graphs_get"].path.startswith(
        "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata"
        "%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH"
    )


def test_405_says_which_methods_are_allowed(server: Server) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        response = requests.request(method, server.sparql, params={"query": "ASK {}"}, timeout=10)
        assert response.status_code == 405
        assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_syntax_error_carries_the_parser_message(server: Server) -> None:
    response = send(urls(server, QUERY_CASES["bad_query_syntax"].path)[0], QUERY_CASES["bad_query_syntax"])
    assert response.status_code == 400 and "SPARQL syntax error" in response.text and "1:" in response.text


def test_relative_iris_resolve_against_the_endpoint(server: Server) -> None:
    """query_content_type_construct writes ``<s>``: the service-defined base IRI is the endpoint's."""
    req = QUERY_CASES["query_content_type_construct"]
    response = send(urls(server, req.path)[0], req, accept="application/n-triples")
    graph = Graph().parse(data=response.content, format="nt")
    assert set(graph) == {(URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(1))}


# -- protocol: the dataset (default-graph-uri / named-graph-uri / FROM / FROM NAMED) ----------------------


def ask(server: Server, query: str, **params: str | list[str]) -> bool:
    req = Req("GET", path(query=query, **params), fmt="boolean")
    response = send(urls(server, req.path)[0], req)
    check(req, response)
    return boolean_of(response)


def graph_names(server: Server, query: str, **params: str | list[str]) -> set[str]:
    req = Req("GET", path(query=query, **params), fmt="tabular")
    response = send(urls(server, req.path)[0], req, accept="application/sparql-results+json")
    check(req, response)
    return {b["g"]["value"] for b in response.json()["results"]["bindings"]}


def test_protocol_default_graph_is_the_merge_of_the_named_ones_only(server: Server) -> None:
    assert ask(server, f"ASK {{ <{DATA[1]}> ?p ?o }}", default_graph_uri=DATA[1])
    assert not ask(server, f"ASK {{ <{DATA[2]}> ?p ?o }}", default_graph_uri=DATA[1])
    assert ask(server, ASK_D12, default_graph_uri=[DATA[1], DATA[2]])
    # no named-graph-uri: the protocol's dataset has no named graphs
    assert graph_names(server, "SELECT ?g { GRAPH ?g { ?s ?p ?o } }", default_graph_uri=DATA[1]) == set()


def test_protocol_named_graphs_only_leave_the_default_graph_empty(server: Server) -> None:
    names = graph_names(
        server, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", named_graph_uri=[DATA[1], DATA[2]]
    )
    assert names == {DATA[1], DATA[2]}
    assert not ask(server, "ASK { ?s ?p ?o }", named_graph_uri=[DATA[1], DATA[2]])


def test_protocol_parameters_override_from_and_from_named(server: Server) -> None:
    from1 = f"ASK FROM <{DATA[1]}> {{ <{DATA[1]}> ?p ?o }}"
    assert ask(server, from1)  # FROM alone is honoured
    assert not ask(server, from1, default_graph_uri=DATA[2])  # default-graph-uri replaces it
    named3 = f"SELECT ?g FROM NAMED <{DATA[3]}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert graph_names(server, named3) == {DATA[3]}
    assert graph_names(server, named3, named_graph_uri=DATA[1]) == {DATA[1]}
    # query_multiple_dataset's rule: the protocol's named graphs win over the query's FROM
    assert not ask(server, f"ASK FROM <{DATA[3]}> {{ <{DATA[3]}> ?p ?o }}", named_graph_uri=DATA[1])


def test_without_a_dataset_the_default_graph_is_the_union(server: Server) -> None:
    """No FROM and no protocol dataset: the union of the stored graphs (sd:UnionDefaultGraph)."""
    assert ask(server, ASK_D12)


def test_unknown_graphs_are_empty_not_fetched(server: Server) -> None:
    assert not ask(server, "ASK { ?s ?p ?o }", default_graph_uri=KASEI + "not-stored.rdf")
    assert ask(server, "ASK {}", default_graph_uri=KASEI + "not-stored.rdf")


# -- protocol: updates (refused by this read-only service) ------------------------------------------------


def fingerprint(server: Server) -> tuple[int, int]:
    """(quads in named graphs, triples in the union default graph): any update would change one."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    quads = requests.get(server.sparql, params={"query": query}, timeout=30).json()
    union = requests.get(
        server.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, timeout=30
    ).json()
    return (
        int(quads["results"]["bindings"][0]["n"]["value"]),
        int(union["results"]["bindings"][0]["n"]["value"]),
    )


@pytest.mark.parametrize("case", list(UPDATE_CASES), ids=list(UPDATE_CASES))
def test_protocol_update_case_is_refused(server: Server, case: str) -> None:
    before = fingerprint(server)
    update, followup = UPDATE_CASES[case]
    for response in run(server, update):
        assert 400 <= response.status_code < 500 and media_type(response) == "text/plain"
        if not case.startswith("bad_update_missing") and "wrong_media" not in case:
            assert "read-only" in response.text, response.text
    if followup is not None:
        for response in run(server, followup):
            if followup.fmt == "tabular":  # update_base_uri: nothing was inserted, so no row
                assert response.json()["results"]["bindings"] == []
    assert fingerprint(server) == before
    assert ask(server, ASK_D12)  # the stored graphs are all still there


# -- service description ------------------------------------------------------------------------------

SD_ACCEPTS = [
    None,  # e.g. a plain HTTP client
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8",  # rdf-test-suite's
    "application/rdf+xml",
    "application/ld+json",
    "application/n-triples",
    "*/*",
    "text/html, text/turtle",  # an RDF client that also reads RDFa: RDF wins the tie
]


def service_description(url: str, accept: str | None) -> Graph:
    response = requests.get(url, headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == 200, response.text
    media = media_type(response)
    assert media in RDF_TYPES, media  # returns-rdf
    return Graph().parse(data=response.content, format=RDF_TYPES[media], publicID=url)


@pytest.mark.parametrize("accept", SD_ACCEPTS)
def test_sd_returns_rdf(server: Server, accept: str | None) -> None:
    graph = service_description(server.sparql, accept)
    assert (None, RDF.type, SD.Service) in graph


@pytest.mark.parametrize("suffix", ["sparql", "sparql/"])
def test_sd_has_endpoint_triple(server: Server, suffix: str) -> None:
    """The description names the URL it was fetched from as sd:endpoint."""
    url = server.url + suffix
    graph = service_description(url, "text/turtle")
    assert (None, SD.endpoint, URIRef(url)) in graph


def test_sd_conforms_to_schema(server: Server) -> None:
    graph = service_description(server.sparql, "text/turtle")
    for _s, _p, endpoint in graph.triples((None, SD.endpoint, None)):
        assert isinstance(endpoint, URIRef)
    for named_graph in graph.subjects(RDF.type, SD.NamedGraph):
        assert graph.value(named_graph, SD.name) is not None
    for dataset in graph.subjects(RDF.type, SD.Dataset):
        assert graph.value(dataset, SD.defaultGraph) is not None


def test_sd_best_practices_of_the_w3c_validator(server: Server) -> None:
    """typed-service, typed-dataset, typed-graph, typed-named-graph, recognized-language,
    dataset-with-graph (the validator's optional checks), and what this service offers."""
    graph = service_description(server.sparql, "text/turtle")
    service_properties = (
        SD.endpoint,
        SD.feature,
        SD.defaultEntailmentRegime,
        SD.extensionFunction,
        SD.extensionAggregate,
        SD.languageExtension,
        SD.supportedLanguage,
        SD.propertyFeature,
        SD.defaultDataset,
        SD.availableGraphs,
        SD.resultFormat,
        SD.inputFormat,
    )
    for prop in service_properties:
        for subject in graph.subjects(prop, None):
            assert (subject, RDF.type, SD.Service) in graph, prop
    datasets = set(graph.subjects(SD.defaultGraph, None)) | set(graph.objects(None, SD.defaultDataset))
    for dataset in datasets:
        assert (dataset, RDF.type, SD.Dataset) in graph
        assert (
            graph.value(dataset, SD.defaultGraph) is not None
            or graph.value(dataset, SD.namedGraph) is not None
        )
    for prop in (SD.defaultGraph, SD.graph):
        for g in graph.objects(None, prop):
            assert (g, RDF.type, SD.Graph) in graph
    for g in graph.objects(None, SD.namedGraph):
        assert (g, RDF.type, SD.NamedGraph) in graph
    languages = set(graph.objects(None, SD.supportedLanguage))
    assert languages == {SD.SPARQL11Query}  # read-only: no sd:SPARQL11Update
    service = graph.value(None, RDF.type, SD.Service)
    formats = {str(f) for f in graph.objects(service, SD.resultFormat)}
    assert {
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
        "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle",
        "http://www.w3.org/ns/formats/RDF_XML",
    } <= formats
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph


def test_sd_for_a_browser_is_the_editor(server: Server) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = requests.get(server.sparql, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200 and media_type(response) == "text/html"


# -- results formats --------------------------------------------------------------------------------------


def select(server: Server, query: str, accept: str, **params: str) -> requests.Response:
    response = requests.get(
        server.sparql,
        params={"query": query, **{k.replace("_", "-"): v for k, v in params.items()}},
        headers={"Accept": accept},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert media_type(response) == accept
    return response


AWKWARD_IRI = "http://example.org/a?x=1&y=2,z"
AWKWARD_TEXT = 'say "hi", it\'s <b> & c\nnext\tcolumn\r\nend \\ done'
AWKWARD = (
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    "SELECT ?iri ?text ?lang ?int ?date ?custom ?b ?same ?none WHERE {\n"
    "  VALUES (?iri ?text ?lang ?int ?date ?custom) {\n"
    f'    (<{AWKWARD_IRI}> "say \\"hi\\", it\'s <b> & c\\nnext\\tcolumn\\r\\nend \\\\ done" "chat"@fr\n'
    '     "-7"^^xsd:integer "2024-02-29"^^xsd:date "5,5"^^<http://example.org/dt>)\n'
    "  }\n"
    "  BIND(BNODE() AS ?b) BIND(?b AS ?same)\n"
    "}"
)
AWKWARD_VARS = ["iri", "text", "lang", "int", "date", "custom", "b", "same", "none"]
AWKWARD_ROW: dict[str, Term] = {
    "iri": ("uri", AWKWARD_IRI),
    "text": ("literal", AWKWARD_TEXT, None, None),
    "lang": ("literal", "chat", "fr", None),
    "int": ("literal", "-7", None, XSD_NS + "integer"),
    "date": ("literal", "2024-02-29", None, XSD_NS + "date"),
    "custom": ("literal", "5,5", None, "http://example.org/dt"),
}


def _without_bnodes(row: dict[str, Term]) -> dict[str, Term]:
    assert row["b"][0] == "bnode" and row["b"] == row["same"]  # one node, one label
    return {k: v for k, v in row.items() if k not in ("b", "same")}


def test_json_results_format(server: Server) -> None:
    variables, rows = parse_json_results(select(server, AWKWARD, "application/sparql-results+json").content)
    assert variables == AWKWARD_VARS and len(rows) == 1
    assert "none" not in rows[0]  # unbound: absent from the binding
    assert _without_bnodes(rows[0]) == AWKWARD_ROW


def test_xml_results_format(server: Server) -> None:
    response = select(server, AWKWARD, "application/sparql-results+xml")
    parsed = parse_xml_results(response.content)
    assert not isinstance(parsed, bool)
    variables, rows = parsed
    assert variables == AWKWARD_VARS and len(rows) == 1 and "none" not in rows[0]
    assert _without_bnodes(rows[0]) == AWKWARD_ROW  # the CR survives XML's line-end normalisation


def test_csv_results_format(server: Server) -> None:
    body = select(server, AWKWARD, "text/csv").content
    assert body.startswith(b"iri,text,lang,int,date,custom,b,same,none\r\n")  # names without "?"
    assert body.endswith(b"\r\n")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert len(table) == 2
    row = dict(zip(AWKWARD_VARS, table[1], strict=True))
    assert row["b"].startswith("_:") and row["b"] == row["same"]
    assert [row[v] for v in AWKWARD_VARS if v not in ("b", "same")] == [
        AWKWARD_IRI,
        AWKWARD_TEXT,  # the lexical form only, quoted as RFC 4180 says
        "chat",
        "-7",
        "2024-02-29",
        "5,5",
        "",  # unbound: an empty field
    ]
    assert f'"{AWKWARD_IRI}"'.encode() in body and b'"say ""hi"", it' in body


def test_tsv_results_format(server: Server) -> None:
    body = select(server, AWKWARD, "text/tab-separated-values").content.decode("utf-8")
    lines = body.split("\n")
    assert lines[0] == "\t".join("?" + v for v in AWKWARD_VARS)
    assert len(lines) == 3 and lines[2] == ""  # one row; tabs and line ends inside terms are escaped
    fields = dict(zip(AWKWARD_VARS, lines[1].split("\t"), strict=True))
    assert re.fullmatch(r"_:\S+", fields["b"]) and fields["b"] == fields["same"]
    assert [fields[v] for v in AWKWARD_VARS if v not in ("b", "same")] == [
        f"<{AWKWARD_IRI}>",
        '"say \\"hi\\", it\'s <b> & c\\nnext\\tcolumn\\r\\nend \\\\ done"',
        '"chat"@fr',
        "-7",  # an xsd:integer in Turtle's short form
        f'"2024-02-29"^^<{XSD_NS}date>',
        '"5,5"^^<http://example.org/dt>',
        "",
    ]


def test_boolean_results_formats(server: Server) -> None:
    for accept in sorted(BOOLEAN_TYPES):
        response = requests.get(
            server.sparql, params={"query": "ASK {}"}, headers={"Accept": accept}, timeout=30
        )
        assert media_type(response) == accept and boolean_of(response) is True
    json_body = requests.get(
        server.sparql,
        params={"query": "ASK { ?s ?p 123456789 }"},
        headers={"Accept": "application/json"},
        timeout=30,
    ).json()
    assert json_body == {"head": {}, "boolean": False}
    # CSV and TSV define no boolean: a client that also accepts anything else gets JSON or XML
    response = requests.get(
        server.sparql, params={"query": "ASK {}"}, headers={"Accept": "text/csv, */*;q=0.1"}, timeout=30
    )
    assert media_type(response) in BOOLEAN_TYPES


def _normalised(body: bytes, separator: bytes) -> list[str]:
    """Lines without their terminator, the header first, rows sorted, blank node labels as _:b."""
    lines = body.split(separator)
    assert lines[-1] == b""
    text = [re.sub(r"_:[^\s,]+", "_:b", line.decode("utf-8")) for line in lines[:-1]]
    return [text[0], *sorted(text[1:])]


@pytest.mark.parametrize("number", ["01", "02", "03"])
def test_csv_tsv_res_csv(server: Server, number: str) -> None:
    """csv01, csv02 (OPTIONAL: unbound variables), csv03 (typed literals): CRLF line ends."""
    query, data = CSV_TSV_QUERIES[number]
    body = select(server, query, "text/csv", default_graph_uri=data).content
    assert b"\n" not in body.replace(b"\r\n", b"")
    lines = _normalised(body, b"\r\n")
    expected = CSV_EXPECTED[number]
    assert lines == [expected[0], *sorted(expected[1:])]


@pytest.mark.parametrize("number", ["01", "02", "03"])
def test_csv_tsv_res_tsv(server: Server, number: str) -> None:
    """tsv01, tsv02, tsv03: terms in Turtle/N-Triples syntax, numbers in their short form."""
    query, data = CSV_TSV_QUERIES[number]
    body = select(server, query, "text/tab-separated-values", default_graph_uri=data).content
    lines = _normalised(body, b"\n")
    expected = TSV_EXPECTED[number]
    assert lines == [expected[0], *sorted(expected[1:])]


def test_writer_keeps_the_w3c_terms() -> None:
    """csv03/tsv03's typed literals exactly as the W3C files have them, given to the results writer
    as terms (the store would normalise two of them first; see w3c_cases)."""
    rows = [[ox.Literal(value, datatype=ox.NamedNode(datatype))] for (value, datatype), _, _ in W3C_TERMS_03]
    csv_lines = write_solutions(["o"], rows, "csv", 100).body.decode("utf-8").split("\r\n")
    assert csv_lines == ["o", *(line for _, line, _ in W3C_TERMS_03), ""]
    tsv_lines = write_solutions(["o"], rows, "tsv", 100).body.decode("utf-8").split("\n")
    assert tsv_lines == ["?o", *(line for _, _, line in W3C_TERMS_03), ""]


def test_xml_results_stay_well_formed_with_control_characters() -> None:
    """XML 1.0 cannot carry U+0001 and friends, not even as references: they are written as U+FFFD."""
    import xml.etree.ElementTree as ET

    rows = [[ox.Literal("bell\x07 and \x01 start, tab\tkept")]]
    body = write_solutions(["o"], rows, "xml", 100).body
    literal = ET.fromstring(body).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and literal.text == "bell\ufffd and \ufffd start, tab\tkept"
