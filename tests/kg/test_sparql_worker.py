"""kg.sparql_worker and kg.sparql_results: evaluation, formats, row cap, dataset, killable workers."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg import settings as settings_mod
from kg.layout import Layout
from kg.manifest import Manifest
from kg.publish import publish
from kg.settings import Settings
from kg.sparql_guard import CheckedQuery, check
from kg.sparql_pool import PoolError, QueryTimeout, WorkerPool
from kg.sparql_results import write_graph
from kg.sparql_worker import Answer, Job, evaluate
from kg.store import Store

EX = "http://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _graph(prefix: str, n: int) -> Graph:
    g = Graph()
    for i in range(n):
        s = URIRef(f"{EX}{prefix}/{i}")
        g.add((s, URIRef(EX + "label"), Literal(f'{prefix} "{i}",\tx\ny', lang="en")))
        g.add((s, URIRef(EX + "n"), Literal(i)))
    return g


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A published store (read-only for the tests), built once for this module."""
    settings = settings_mod.load({}, data_dir=str(tmp_path_factory.mktemp("sparql") / "store"))
    with Store.open_writer(settings) as writer, Manifest(Layout(settings.data_path).manifest) as manifest:
        writer.replace_graph(G1, _graph("one", 30))
        writer.replace_graph(G2, _graph("two", 5))
        publish(writer, manifest, settings)
    return settings


def job(settings: Settings, query: str, **changes: object) -> Job:
    base = Job(
        checked=check(query, settings),
        generation=1,
        snapshot=str(Layout(settings.data_path).snapshot_dir(1)),
        index_dir=None,
        settings=dict(settings.values),
        result_format="json",
        graph_format="turtle",
        max_rows=1000,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def solutions(answer: Answer) -> list[dict[str, str]]:
    assert answer.status == 200, answer.message
    data = json.loads(answer.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize(
    ("fmt", "ox_format"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("csv", ox.QueryResultsFormat.CSV),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_results_are_written_as_oxigraph_writes_them(
    published: Settings, fmt: str, ox_format: object
) -> None:
    query = (
        "SELECT ?s ?label ?n ?none ?b WHERE { ?s <http://example.org/label> ?label ; "
        '<http://example.org/n> ?n BIND(BNODE("x") AS ?b) } ORDER BY ?label'
    )
    answer = evaluate(job(published, query, result_format=fmt))
    store = ox.Store.read_only(str(Layout(published.data_path).snapshot_dir(1)))
    expected = store.query(query, use_default_graph_as_union=True).serialize(format=ox_format)  # type: ignore[union-attr]
    assert answer.status == 200 and answer.rows == 35 and not answer.truncated
    # blank node labels are generated per evaluation: compare with them normalised
    if fmt == "json":
        ours, theirs = json.loads(answer.body), json.loads(expected)
        for doc in (ours, theirs):
            for binding in doc["results"]["bindings"]:
                binding["b"]["value"] = "_"
        assert ours == theirs
    else:
        assert answer.body.count(b"\n") == expected.count(b"\n")
        assert _strip_bnodes(answer.body) == _strip_bnodes(expected)


def _strip_bnodes(body: bytes) -> bytes:
    import re

    return re.sub(rb"(_:|<bnode>)[A-Za-z0-9]+", rb"\1_", body)


def test_boolean_results(published: Settings) -> None:
    for fmt, body in (("json", b'{"head":{},"boolean":true}'), ("csv", b"true"), ("tsv", b"true")):
        answer = evaluate(job(published, "ASK { ?s ?p ?o }", result_format=fmt))
        assert (answer.kind, answer.body) == ("boolean", body)
    answer = evaluate(job(published, "ASK { ?s ?p 12345 }", result_format="xml"))
    assert b"<boolean>false</boolean>" in answer.body


def test_row_cap_truncates_and_says_so(published: Settings) -> None:
    answer = evaluate(job(published, "SELECT * WHERE { ?s ?p ?o }", max_rows=7))
    assert (answer.rows, answer.truncated, len(solutions(answer))) == (7, True, 7)
    exact = evaluate(job(published, "SELECT * WHERE { ?s ?p ?o }", max_rows=70))
    assert (exact.rows, exact.truncated) == (70, False)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "rdfxml"])
def test_graph_results_in_every_rdf_format_with_cap(published: Settings, fmt: str) -> None:
    query = "PREFIX ex: <http://example.org/> CONSTRUCT { ?s ex:n ?n } WHERE { ?s ex:n ?n }"
    answer = evaluate(job(published, query, graph_format=fmt, max_rows=4))
    assert (answer.kind, answer.rows, answer.truncated) == ("graph", 4, True)
    parsed = Graph().parse(
        data=answer.body, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    )
    assert len(parsed) == 4


def test_describe(published: Settings) -> None:
    answer = evaluate(job(published, f"DESCRIBE <{EX}two/1>"))
    assert answer.status == 200 and len(Graph().parse(data=answer.body, format="turtle")) == 2


@pytest.mark.parametrize(
    ("query", "changes", "subjects"),
    [
        ("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", {}, 35),  # the default graph is the union
        (f"SELECT DISTINCT ?s FROM <{G2}> WHERE {{ ?s ?p ?o }}", {}, 5),
        ("SELECT DISTINCT ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", {}, 0),  # never fetched
        ("SELECT DISTINCT ?s FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", {}, 0),
        (
            f"SELECT DISTINCT ?s FROM <{G2}> WHERE {{ ?s ?p ?o }}",
            {"default_graphs": (G1,), "named_graphs": ()},
            30,
        ),
        ("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", {"default_graphs": (), "named_graphs": (G2,)}, 0),
        (
            "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
            {"default_graphs": (), "named_graphs": (G2,)},
            5,
        ),
        (f"SELECT DISTINCT ?s FROM NAMED <{G1}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}, 30),
    ],
)
def test_dataset_selects_stored_graphs_only(
    published: Settings, query: str, changes: dict[str, object], subjects: int
) -> None:
    assert len(solutions(evaluate(job(published, query, **changes)))) == subjects


def test_errors(published: Settings) -> None:
    bad = evaluate(job(published, "SELECT * WHERE { ?s ?p }"))
    assert bad.status == 400 and bad.message.startswith("SPARQL syntax error:") and "1:" in bad.message
    assert evaluate(job(published, "SELECT * WHERE { ?s ?p ?o }", result_format=None)).status == 406
    assert evaluate(job(published, "CONSTRUCT WHERE { ?s ?p ?o }", graph_format=None)).status == 406


def test_empty_store_before_first_publish(settings: Settings) -> None:
    answer = evaluate(job(settings, "SELECT * WHERE { ?s ?p ?o }", snapshot=None, generation=0))
    assert solutions(answer) == []


def test_write_graph_keeps_turtle_prefixes() -> None:
    triple = ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("x"))
    written = write_graph([triple], "turtle", 10, {"ex": EX})
    assert b"@prefix ex:" in written.body and b"ex:a ex:p" in written.body


# -- the pool ------------------------------------------------------------------------------------------

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    workers = WorkerPool(2)
    yield workers
    workers.close()


def test_pool_answers_and_reuses_workers(published: Settings, pool: WorkerPool) -> None:
    first = pool.run(job(published, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), 30)
    assert solutions(first) == [{"n": "70"}]
    pids = set(pool.pids())
    assert len(pids) == 2
    for _ in range(5):
        assert pool.run(job(published, "ASK { ?s ?p ?o }"), 30).kind == "boolean"
    assert set(pool.pids()) == pids


def test_overrunning_query_is_killed_while_others_are_answered(published: Settings, pool: WorkerPool) -> None:
    pool.run(job(published, "ASK {}"), 30)  # workers are up
    pids = set(pool.pids())
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        try:
            pool.run(job(published, SLOW), 1.5)
        except PoolError as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    fast_started = time.monotonic()
    assert solutions(pool.run(job(published, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), 5)) == [
        {"n": "70"}
    ]
    assert time.monotonic() - fast_started < 1.0
    thread.join(10)
    assert isinstance(outcome["error"], QueryTimeout)
    assert outcome["error"].status == 503 and "time limit" in str(outcome["error"])
    assert 1.4 <= float(outcome["seconds"]) < 2.5  # type: ignore[arg-type]
    deadline = time.monotonic() + 10
    while len(set(pool.pids()) - pids) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pool.pids()) == 2 and len(set(pool.pids()) & pids) == 1  # the killed one was replaced
    assert pool.run(job(published, "ASK { ?s ?p ?o }"), 30).kind == "boolean"


def test_crashing_engine_is_contained(published: Settings, pool: WorkerPool) -> None:
    """Deep nesting overflows the engine's parser: only the worker dies (the guard normally refuses it)."""
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    crash = job(published, "ASK {}", checked=CheckedQuery(deep, "SELECT", False))
    with pytest.raises(PoolError, match="stopped") as info:
        pool.run(crash, 30)
    assert info.value.status == 500
    assert pool.run(job(published, "ASK { ?s ?p ?o }"), 30).kind == "boolean"


def test_busy_pool_says_so(published: Settings) -> None:
    single = WorkerPool(1)
    try:
        single.run(job(published, "ASK {}"), 30)
        blocker = threading.Thread(target=lambda: _ignore(single, job(published, SLOW), 2.0))
        blocker.start()
        time.sleep(0.2)
        with pytest.raises(PoolError, match="busy") as info:
            single.run(job(published, "ASK {}"), 0.5)
        assert info.value.status == 503
        blocker.join(10)
    finally:
        single.close()


def _ignore(pool: WorkerPool, work: Job, timeout: float) -> None:
    with contextlib.suppress(PoolError):
        pool.run(work, timeout)


def _isolation_available() -> bool:
    code = "import sys; from kg.sparql_worker import isolate_network; sys.exit(0 if isolate_network() else 1)"
    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


def test_workers_have_no_network(published: Settings, pool: WorkerPool) -> None:
    """Defence in depth: even a SERVICE that bypassed the guard cannot leave the worker."""
    if not _isolation_available():
        pytest.skip("network namespaces are not available here")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    sneaky = job(published, "ASK {}", checked=CheckedQuery(query, "SELECT", False))
    answer = pool.run(sneaky, 10)
    assert answer.status != 200
    with pytest.raises(TimeoutError):
        listener.accept()
    listener.close()


# -- the command line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fmt", "code", "expected"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "json", 1, "SERVICE"),
        ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "json", 1, "read-only"),
        ("LOAD <file:///etc/passwd>", "json", 1, "read-only"),
        ("SELECT * WHERE " + "{" * 200 + "}" * 200, "json", 1, "levels deep"),
        ("SELECT * WHERE { ?s ?p }", "json", 1, "syntax error"),
        (f"SELECT (COUNT(*) AS ?n) FROM <{G2}> WHERE {{ ?s ?p ?o }}", "csv", 0, "n\n10\n"),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "tsv", 0, "?n\n70\n"),
    ],
)
def test_cli_applies_the_guard_and_the_dataset(
    published: Settings, query: str, fmt: str, code: int, expected: str
) -> None:
    from click.testing import CliRunner

    from kg.cli import sparql_command

    result = CliRunner().invoke(sparql_command, [query, "--format", fmt], obj=published)
    assert result.exit_code == code, result.output
    assert expected in result.output.replace("\r\n", "\n")
