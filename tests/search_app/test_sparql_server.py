"""/sparql on a real server (``civicgraph serve`` in a subprocess, 127.0.0.1, a free port, a temporary
data dir, a 2 s time limit): SPARQLWrapper, rdflib's SPARQLStore, and the safety rules."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from tests.search_app.sparql_fixture import BASE, PRACTICE, build

TIMEOUT = 2.0
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
REGEX = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?c)), "^(([a-z])+.)+[A-Z]([a-z])+$", "i")) }'
)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    data_dir: Path

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def alive(self) -> bool:
        return requests.get(self.url + "health", timeout=10).status_code == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _civicgraph() -> list[str]:
    script = Path(sys.executable).with_name("civicgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "search_app.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("sparql-server")
    settings = build(root, sparql_timeout=TIMEOUT)
    port = _free_port()
    env = {
        **os.environ,
        "CIVICGRAPH_DATA_DIR": str(settings.data_path),
        "CIVICGRAPH_MODEL": "hashing:64",
        "CIVICGRAPH_BASE_URL": BASE,
        "CIVICGRAPH_SPARQL_TIMEOUT": str(TIMEOUT),
        "CIVICGRAPH_SPARQL_PER_CLIENT": "4",
        "CIVICGRAPH_SPARQL_WORKERS": "2",
    }
    log = (root / "server.log").open("wb")
    process = subprocess.Popen(
        [*_civicgraph(), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):  # bounded: at most ~60 s
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {(root / 'server.log').read_text()[-2000:]}")
        try:
            if requests.get(url + "sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.25)
    else:
        process.kill()
        raise RuntimeError("the server did not answer within 60 s")
    yield Server(url, process, settings.data_path)
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def count(server: Server) -> int:
    response = requests.get(server.sparql, params={"query": COUNT}, timeout=10)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# -- clients ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_sparqlwrapper_select_json(server: Server, method: str) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(
        "PREFIX cg: <https://w3id.org/civicgraph/ns#> SELECT ?p WHERE { ?p a cg:GoodPractice } ORDER BY ?p"
    )
    client.setReturnFormat(JSON)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    elif method == POST:
        client.setMethod(POST)
    result = client.queryAndConvert()
    assert PRACTICE in [b["p"]["value"] for b in result["results"]["bindings"]]  # type: ignore[index]


def test_sparqlwrapper_formats(server: Server) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery("SELECT ?s WHERE { ?s a <https://w3id.org/civicgraph/ns#GoodPractice> }")
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 3  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().splitlines()[0] == "s"  # type: ignore[union-attr]
    client.setReturnFormat(TSV)
    assert client.queryAndConvert().decode().splitlines()[0] == "?s"  # type: ignore[union-attr]
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]
    client.setQuery(f"CONSTRUCT {{ <{PRACTICE}> ?p ?o }} WHERE {{ <{PRACTICE}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) > 3
    client.setQuery(f"DESCRIBE <{PRACTICE}>")
    client.setReturnFormat(XML)
    described = client.queryAndConvert()
    assert isinstance(described, Graph) and (URIRef(PRACTICE), None, None) in described


def test_rdflib_sparqlstore(server: Server) -> None:
    store = SPARQLStore(server.sparql, returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query("SELECT ?s WHERE { ?s a <https://w3id.org/civicgraph/ns#GoodPractice> }"))
    assert URIRef(PRACTICE) in {row[0] for row in rows}  # type: ignore[index]
    assert len(list(graph.triples((URIRef(PRACTICE), None, None)))) > 3
    assert bool(graph.query("ASK { ?s ?p ?o }").askAnswer)
    with pytest.raises(TypeError):  # read-only by construction
        graph.add((URIRef(PRACTICE), URIRef(BASE + "p"), URIRef(BASE + "o")))


# -- safety -------------------------------------------------------------------------------------------------


def test_service_is_refused_and_never_reaches_the_listener(server: Server) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept())
            except TimeoutError:
                continue

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        ):
            response = requests.get(server.sparql, params={"query": query}, timeout=10)
            assert response.status_code == 403 and "SERVICE" in response.text
        for source in (f"http://127.0.0.1:{port}/data.ttl", "file:///etc/passwd"):
            response = requests.get(
                server.sparql, params={"query": f"SELECT * FROM <{source}> WHERE {{ ?s ?p ?o }}"}, timeout=10
            )
            assert response.status_code == 200 and response.json()["results"]["bindings"] == []
            response = requests.get(
                server.sparql, params={"query": COUNT, "default-graph-uri": source}, timeout=10
            )
            assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"
        time.sleep(0.5)
    finally:
        stop.set()
        watcher.join()
        listener.close()
    assert accepted == []


def test_updates_by_get_and_post_are_refused_and_change_nothing(server: Server) -> None:
    before = count(server)
    update = "DELETE WHERE { ?s ?p ?o }"
    attempts = [
        requests.get(server.sparql, params={"update": update}, timeout=10),
        requests.get(server.sparql, params={"query": update}, timeout=10),
        requests.post(server.sparql, data={"update": update}, timeout=10),
        requests.post(server.sparql, data={"query": update}, timeout=10),
        requests.post(
            server.sparql, data=update, headers={"Content-Type": "application/sparql-update"}, timeout=10
        ),
        requests.post(
            server.sparql,
            data="LOAD <http://127.0.0.1:9/x>",
            headers={"Content-Type": "application/sparql-query"},
            timeout=10,
        ),
    ]
    assert all(400 <= a.status_code < 500 for a in attempts), [a.status_code for a in attempts]
    assert all("read-only" in a.text for a in attempts)
    assert count(server) == before


@pytest.mark.parametrize("query", [CROSS_JOIN, REGEX], ids=["cross-join", "regex"])
def test_runaway_query_is_stopped_while_others_are_answered(server: Server, query: str) -> None:
    def slow() -> tuple[int, str, float]:
        started = time.monotonic()
        response = requests.post(server.sparql, data={"query": query}, timeout=30)
        return response.status_code, response.text, time.monotonic() - started

    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(slow)
        time.sleep(0.3)
        started = time.monotonic()
        quick = requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        quick_seconds = time.monotonic() - started
        assert not pending.done()  # answered while the runaway query was still running
        status, text, seconds = pending.result()
    assert quick.status_code == 200 and quick.json()["boolean"] is True and quick_seconds < 1.5
    assert status == 503 and "time limit" in text
    assert seconds <= TIMEOUT + 1.0
    assert server.alive() and count(server) > 0


def test_deep_nesting_is_refused_and_the_server_lives(server: Server) -> None:
    response = requests.get(
        server.sparql, params={"query": "SELECT * WHERE " + "{" * 3000 + "}" * 3000}, timeout=10
    )
    assert response.status_code == 400 and "levels deep" in response.text
    assert server.alive()


def test_ten_megabyte_post_is_refused(server: Server) -> None:
    body = "ASK {} #" + "x" * 10_000_000
    response = requests.post(
        server.sparql, data=body, headers={"Content-Type": "application/sparql-query"}, timeout=60
    )
    assert response.status_code == 413
    assert server.alive()


def test_per_client_limit_answers_429_with_retry_after(server: Server) -> None:
    def slow() -> requests.Response:
        return requests.post(server.sparql, data={"query": CROSS_JOIN}, timeout=30)

    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(lambda _: slow(), range(6)))
    limited = [r for r in responses if r.status_code == 429]
    assert limited and all(r.headers.get("Retry-After") for r in limited)
    assert {r.status_code for r in responses} <= {429, 503}
    assert server.alive()


def test_truncation_header_and_cors_over_http(server: Server) -> None:
    response = requests.get(
        server.sparql,
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Origin": "https://elsewhere.example", "Accept": "text/csv"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.reader(io.StringIO(response.text)))[1:]
    assert len(rows) == int(response.headers["X-SPARQL-Rows"])
    total, cap = count(server), 10_000  # the default row cap
    if total > cap:
        assert response.headers["X-SPARQL-Truncated"] == "true" and len(rows) == cap
    else:
        assert "X-SPARQL-Truncated" not in response.headers and len(rows) == total


def test_service_description_and_void_over_http(server: Server) -> None:
    sd = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=10)
    graph = Graph().parse(data=sd.text, format="turtle")
    endpoint = URIRef("http://www.w3.org/ns/sparql-service-description#endpoint")
    assert (None, endpoint, URIRef(server.sparql)) in graph
    void = requests.get(server.url + ".well-known/void", timeout=30)
    assert void.status_code == 200 and void.headers["Content-Type"].startswith("text/turtle")
    dump = requests.get(server.url + "dumps/civicgraph.nq.gz", timeout=30)
    assert dump.status_code == 200 and dump.content[:2] == b"\x1f\x8b"


def test_examples_are_valid_on_the_fixture(server: Server) -> None:
    """Every example parses and runs here (rows on the real corpora are checked in test_sparql_examples)."""
    from kg.sparql_examples import examples

    for example in examples():
        response = requests.post(server.sparql, data={"query": example.text}, timeout=60)
        assert response.status_code == 200, (example.name, response.text)
        json.loads(response.text)


def test_no_leftover_workers_after_shutdown(server: Server) -> None:
    """A stopped server leaves no worker processes behind (a second server on the same data, read-only)."""
    if not shutil.which("pgrep"):
        pytest.skip("pgrep is not available")
    port = _free_port()
    env = {**os.environ, "CIVICGRAPH_DATA_DIR": str(server.data_dir), "CIVICGRAPH_MODEL": "hashing:64"}
    process = subprocess.Popen(
        [*_civicgraph(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(240):
            try:
                if requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.25)
        children = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
        )
        pids = [int(p) for p in children.stdout.split()]
        assert len(pids) >= 2  # the query workers
    finally:
        process.terminate()
        process.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in pids):
        time.sleep(0.1)
    assert not any(_running(p) for p in pids)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())
