"""SPARQL evaluation, run in killable worker processes (``python -m kg.sparql_worker``).

Oxigraph cannot cancel a running query, so the endpoint never evaluates one in the server process:
:mod:`kg.sparql_pool` hands each job to a worker and kills it at the time limit.

Each worker opens the published snapshot named by the job read-only (and reopens when the
generation changes), applies the row cap while writing the results (:mod:`kg.sparql_results`) and
loads the search index and the embedding model only when a query uses the similarity extension
(:mod:`kg.similarity`). On Linux a worker first moves itself into a new network namespace (no
interfaces), so even a query that slipped past :mod:`kg.sparql_guard` could not reach the network.

:func:`evaluate` is the same evaluation in-process (the ``civicgraph sparql`` command uses it).
"""

from __future__ import annotations

import ctypes
import logging
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.layout import Layout
from kg.settings import Settings
from kg.sparql_guard import SIMILARITY_FUNCTION, CheckedQuery, rewrite, values_block
from kg.sparql_results import Written, star_columns, write_boolean, write_graph, write_solutions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One evaluation: what to run, on which snapshot, and how to write the answer."""

    checked: CheckedQuery
    generation: int
    snapshot: str | None  # the generation's snapshot folder; None → an empty store
    index_dir: str | None
    settings: dict[str, Any]
    result_format: str | None  # for SELECT / ASK; None when the client accepts none
    graph_format: str | None  # for CONSTRUCT / DESCRIBE
    max_rows: int
    default_graphs: tuple[str, ...] | None = None  # the protocol's default-graph-uri (replaces FROM)
    named_graphs: tuple[str, ...] | None = None  # the protocol's named-graph-uri
    base_iri: str | None = None  # resolves the query's relative IRIs (the protocol's service-defined base)


@dataclass(frozen=True)
class Progress:
    """Sent by a worker before and after loading the similarity resources (not counted in the limit)."""

    kind: str  # loading or loaded


@dataclass(frozen=True)
class Answer:
    status: int  # an HTTP status: 200, or the error's
    kind: str  # solutions, boolean, graph or error
    format: str | None = None
    body: bytes = b""
    rows: int = 0
    truncated: bool = False
    message: str = ""
    seconds: float = 0.0


#: ``civicgraph sparql --format`` names → (results format, graph format).
CLI_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", "turtle"),
    "tsv": ("tsv", "turtle"),
    "turtle": ("json", "turtle"),
    "ttl": ("json", "turtle"),
    "nt": ("json", "nt"),
    "jsonld": ("json", "jsonld"),
}


def local_job(checked: CheckedQuery, settings: Settings, fmt: str) -> Job:
    """A job on the published generation for the command line (no row cap)."""
    layout = Layout(settings.data_path)
    published = layout.published()
    result_format, graph_format = CLI_FORMATS.get(fmt, ("json", "turtle"))
    return Job(
        checked=checked,
        generation=published.generation if published else 0,
        snapshot=str(published.snapshot) if published and published.snapshot.is_dir() else None,
        index_dir=str(published.indexes) if published and published.indexes.is_dir() else None,
        settings=dict(settings.values),
        result_format=result_format,
        graph_format=graph_format,
        max_rows=sys.maxsize,
    )


# -- evaluation (inside a worker, or in-process) ------------------------------------------------------


@dataclass
class _State:
    """What a worker keeps between jobs: the open snapshot and, once needed, the similarity resources."""

    opened: tuple[int, str | None] | None = None  # (generation, snapshot folder)
    store: ox.Store | None = None
    similarity: Any = None
    similarity_key: tuple[int, str | None] | None = None

    def open(self, job: Job) -> ox.Store:
        key = (job.generation, job.snapshot)
        if self.store is None or key != self.opened:
            self.store = ox.Store.read_only(job.snapshot) if job.snapshot else ox.Store()
            self.opened = key
            self.similarity = None
        return self.store

    def similarity_for(self, job: Job, store: ox.Store, notify: Callable[[str], None] | None = None) -> Any:
        key = (job.generation, job.index_dir)
        if self.similarity is None or self.similarity_key != key:
            from kg.similarity import Similarity

            if notify:
                notify("loading")
            self.similarity = Similarity.for_generation(store, job.generation, job.index_dir, job.settings)
            self.similarity.load()
            self.similarity_key = key
            if notify:
                notify("loaded")
        return self.similarity


_LOCAL = _State()


def dataset_options(
    checked: CheckedQuery,
    default_graphs: tuple[str, ...] | None = None,
    named_graphs: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Oxigraph query options for the dataset: the protocol's graphs replace the query's FROM; without
    either, the default graph is the union of all named graphs (one per source document)."""
    if default_graphs is not None or named_graphs is not None:
        return {
            "default_graph": [ox.NamedNode(g) for g in default_graphs or ()],
            "named_graphs": [ox.NamedNode(g) for g in named_graphs or ()],
        }
    if checked.has_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def evaluate(job: Job, state: _State | None = None, notify: Callable[[str], None] | None = None) -> Answer:
    """Run ``job`` here and now (no time limit: callers that need one use a worker pool).

    ``notify("loading")`` / ``notify("loaded")`` bracket loading the search index and the model.
    """
    state = state or _LOCAL
    started = time.perf_counter()
    try:
        store = state.open(job)
        text = job.checked.text
        custom: dict[ox.NamedNode, Any] = {}
        if job.checked.needs_vectors:
            similarity = state.similarity_for(job, store, notify)
            started = time.perf_counter()  # loading (once per worker and generation) is not query time
            if job.checked.similar:
                blocks = [values_block(p, similarity.top_k(p.text, p.k)) for p in job.checked.similar]
                text = rewrite(job.checked, blocks)
            if job.checked.uses_similarity:
                custom[ox.NamedNode(SIMILARITY_FUNCTION)] = similarity.function
        options = dataset_options(job.checked, job.default_graphs, job.named_graphs)
        result = store.query(text, base_iri=job.base_iri, custom_functions=custom or None, **options)
        if isinstance(result, ox.QueryBoolean):
            if job.result_format is None:
                return _error(406, "an ASK query answers in SPARQL results formats; none is acceptable")
            written = write_boolean(bool(result), job.result_format)
            kind, fmt = "boolean", job.result_format
        elif isinstance(result, ox.QuerySolutions):
            if job.result_format is None:
                return _error(406, "a SELECT query answers in SPARQL results formats; none is acceptable")
            variables = [v.value for v in result.variables]
            columns = star_columns(job.checked.text, variables)  # SELECT *: in the query's order
            written = write_solutions(variables, result, job.result_format, job.max_rows, columns)
            kind, fmt = "solutions", job.result_format
        else:
            if job.graph_format is None:
                return _error(406, "a CONSTRUCT or DESCRIBE query answers in RDF formats; none is acceptable")
            written = write_graph(result, job.graph_format, job.max_rows, job.checked.prefixes)
            kind, fmt = "graph", job.graph_format
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except ValueError as exc:  # e.g. an invalid graph IRI
        return _error(400, f"the query cannot be evaluated: {exc}")
    except OSError as exc:
        return _error(500, f"the query failed while reading the store: {exc}")
    except Exception as exc:  # evaluation errors surface as various exception types from the engine
        log.exception("SPARQL evaluation failed")
        return _error(500, f"the query failed: {type(exc).__name__}: {exc}")
    return _answer(written, kind, fmt, time.perf_counter() - started)


def _answer(written: Written, kind: str, fmt: str, seconds: float) -> Answer:
    return Answer(200, kind, fmt, written.body, written.rows, written.truncated, "", seconds)


def _error(status: int, message: str) -> Answer:
    return Answer(status, "error", message=message)


# -- the worker process ----------------------------------------------------------------------------------


def isolate_network() -> bool:
    """Move this (single-threaded) process into an empty network namespace; False when not permitted."""
    if not sys.platform.startswith("linux"):
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    return unshare(clone_newnet) == 0 or unshare(clone_newuser | clone_newnet) == 0


def serve(conn: Connection) -> None:
    """The worker loop: receive a job, send its answer; return on EOF or ``None``."""
    state = _State()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(evaluate(job, state, lambda kind: conn.send(Progress(kind))))


def main(argv: list[str]) -> int:
    fd = int(argv[1])
    isolated = isolate_network()
    if not isolated:
        print("civicgraph sparql worker: network isolation is not available here", file=sys.stderr)
    sock = socket.socket(fileno=fd)
    conn = Connection(os.dup(sock.fileno()))
    sock.close()
    serve(conn)
    return 0


if __name__ == "__main__":
    # Run the module's importable copy, so answers pickle as kg.sparql_worker.Answer, not __main__.Answer.
    from kg import sparql_worker

    sys.exit(sparql_worker.main(sys.argv))
