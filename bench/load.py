"""Load test: concurrent clients mixing search, pages and SPARQL against the production server.

The server is ``civicgraph serve`` (waitress), the one ``make run`` starts, on 127.0.0.1. Each of
``--clients`` asyncio clients sends one request after another for ``--duration`` seconds, picking
search (``/api/search``, ``/search``), pages (home, browse, tags, partners, resource pages found by
searching) and SPARQL (small SELECT/ASK queries) by fixed weights. Phase ``runaway`` repeats the same
while one client keeps a runaway SPARQL query (a cross product of every triple with itself four times)
in flight: the server must stop it at the time limit and keep answering the others. Any answer other
than 200 (or a network error) counts as an error; the runaway query's own answers are reported apart.

    .venv/bin/python bench/load.py                        # ingest data/samples in a temp dir, serve, 2 phases
    .venv/bin/python bench/load.py --data-dir data/store  # serve an existing data dir
    .venv/bin/python bench/load.py --url http://127.0.0.1:5000  # a server already running (loopback only)

Needs httpx (``pip install -e '.[bench]'``). Prints a Markdown table for docs/benchmarks.md.
Only loopback addresses are accepted; the run ends by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
SEARCHES = (
    "repair cafe",
    "waste sorting",
    "cycling lanes",
    "energy savings in schools",
    "youth participation",
    "atliekų rūšiavimas",
    "EU funded project",
    "municipality department contacts",
    "green city",
    "public transport",
)
SPARQL = (
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20",
    "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?s ?title WHERE { ?s dct:title ?title } LIMIT 25",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l } LIMIT 50",
    "ASK { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PAGES = ("/", "/browse", "/tags", "/partners", "/search?q=repair")
#: kind → weight of the request mix
MIX = {"api-search": 30, "search-page": 10, "page": 15, "resource": 15, "sparql": 25, "health": 5}
SPARQL_JSON = "application/sparql-results+json"


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (connection error or client timeout)
    seconds: float
    error: str = ""


@dataclass
class Phase:
    name: str
    duration: float
    samples: list[Sample] = field(default_factory=list)
    runaway: list[Sample] = field(default_factory=list)

    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.status != 200]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"refusing to load-test {host!r}: only loopback addresses are allowed")


def _env(data_dir: Path, clients: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CIVICGRAPH_DATA_DIR=str(data_dir),
        # All clients of this test share one address; the per-client SPARQL limit must not refuse them.
        CIVICGRAPH_SPARQL_PER_CLIENT=str(max(clients, int(env.get("CIVICGRAPH_SPARQL_PER_CLIENT", "4")))),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return env


def ingest_samples(data_dir: Path, clients: int) -> None:
    print(f"ingesting data/samples into {data_dir} ...", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "search_app.cli", "ingest", str(REPO / "data" / "samples")],
        cwd=REPO,
        env=_env(data_dir, clients),
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def serve(data_dir: Path, clients: int, threads: int) -> Iterator[str]:
    """``civicgraph serve`` on a free loopback port; yields its URL."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "search_app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*args, "--threads", str(threads)], cwd=REPO, env=_env(data_dir, clients), stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit("the server exited during start-up")
            try:
                if httpx.get(url + "/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 120 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


async def discover(client: object, base: str) -> list[str]:
    """Resource pages to visit: the local paths of entities the search API returns."""
    paths: list[str] = []
    for query in SEARCHES[:5]:
        response = await client.get(base + "/api/search", params={"q": query, "limit": 20})  # type: ignore[attr-defined]
        for hit in response.json().get("results", []):
            path = urlsplit(hit["iri"]).path
            if path.startswith("/id/") and path not in paths:
                paths.append(path)
    return paths or ["/"]


def _request(kind: str, rng: random.Random, resources: list[str]) -> tuple[str, str, dict[str, str]]:
    """(method, path with query, headers) of one request of ``kind``."""
    from urllib.parse import quote

    html = {"Accept": "text/html"}
    if kind == "api-search":
        return "GET", f"/api/search?q={quote(rng.choice(SEARCHES))}&limit=10", {}
    if kind == "search-page":
        return "GET", f"/search?q={quote(rng.choice(SEARCHES))}", html
    if kind == "page":
        return "GET", rng.choice(PAGES), html
    if kind == "resource":
        return "GET", rng.choice(resources), html
    if kind == "sparql":
        return "GET", "/sparql?query=" + quote(rng.choice(SPARQL)), {"Accept": SPARQL_JSON}
    return "GET", "/health", {}


async def _client(
    client: object, base: str, seed: int, resources: list[str], stop: float, phase: Phase
) -> None:
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    while time.monotonic() < stop:
        kind = rng.choices(kinds, weights)[0]
        method, path, headers = _request(kind, rng, resources)
        started = time.perf_counter()
        try:
            response = await client.request(method, base + path, headers=headers)  # type: ignore[attr-defined]
            await response.aread()
            phase.samples.append(Sample(kind, response.status_code, time.perf_counter() - started))
        except Exception as exc:  # every failure is counted, none stops the run
            phase.samples.append(
                Sample(kind, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
            )


async def _runaway(client: object, base: str, stop: float, phase: Phase) -> None:
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            response = await client.post(  # type: ignore[attr-defined]
                base + "/sparql", data={"query": RUNAWAY}, headers={"Accept": SPARQL_JSON}
            )
            phase.runaway.append(Sample("runaway", response.status_code, time.perf_counter() - started))
        except Exception as exc:
            phase.runaway.append(Sample("runaway", 0, time.perf_counter() - started, str(exc)))


async def run_phase(base: str, name: str, clients: int, duration: float) -> Phase:
    import httpx

    phase = Phase(name, duration)
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60.0)) as client:
        resources = await discover(client, base)
        stop = time.monotonic() + duration
        tasks = [_client(client, base, i, resources, stop, phase) for i in range(clients)]
        if name == "runaway":
            tasks.append(_runaway(client, base, stop, phase))
        await asyncio.gather(*tasks)
    return phase


def report(phases: list[Phase], clients: int, data: str) -> str:
    lines = [
        f"Load test ({date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}): {clients} concurrent clients for "
        f"{phases[0].duration:g} s per phase against `civicgraph serve` (waitress) on 127.0.0.1; "
        f"data: {data}.",
        "",
        "| phase | kind | requests | errors | req/s | p50 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        kinds = sorted({s.kind for s in phase.samples})
        for kind in [*kinds, "all"]:
            rows = [s for s in phase.samples if kind in ("all", s.kind)]
            times = [s.seconds * 1000 for s in rows]
            errors = sum(1 for s in rows if s.status != 200)
            lines.append(
                f"| {phase.name} | {kind} | {len(rows)} | {errors} | {len(rows) / phase.duration:.1f} | "
                f"{percentile(times, 0.5):.0f} | {percentile(times, 0.99):.0f} |"
            )
        if phase.runaway:
            statuses = sorted({s.status for s in phase.runaway})
            seconds = [s.seconds for s in phase.runaway]
            lines.append(
                f"| {phase.name} | runaway query (apart) | {len(phase.runaway)} | statuses {statuses} | – | "
                f"{percentile(seconds, 0.5) * 1000:.0f} | {percentile(seconds, 0.99) * 1000:.0f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--data-dir", type=Path, help="data dir to serve (default: ingest data/samples)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    parser.add_argument(
        "--threads", type=int, default=8, help="waitress threads (civicgraph serve --threads)"
    )
    parser.add_argument("--phases", default="normal,runaway")
    args = parser.parse_args(argv)
    try:
        import httpx  # noqa: F401
    except ImportError:
        raise SystemExit("bench/load.py needs httpx: .venv/bin/pip install -e '.[bench]'") from None
    names = [p.strip() for p in args.phases.split(",") if p.strip()]
    phases: list[Phase] = []
    with tempfile.TemporaryDirectory(prefix="civicgraph-load-") as scratch:
        if args.url:
            require_loopback(args.url)
            data = args.url
            for name in names:
                phases.append(asyncio.run(run_phase(args.url.rstrip("/"), name, args.clients, args.duration)))
        else:
            data_dir = args.data_dir
            if data_dir is None:
                data_dir = Path(scratch) / "store"
                ingest_samples(data_dir, args.clients)
                data = "data/samples (ingested by this run)"
            else:
                data = str(data_dir)
            with serve(data_dir, args.clients, args.threads) as url:
                for name in names:
                    print(
                        f"phase {name}: {args.clients} clients for {args.duration:g} s ...", file=sys.stderr
                    )
                    phases.append(asyncio.run(run_phase(url, name, args.clients, args.duration)))
    print(report(phases, args.clients, data))
    failed = [s for p in phases for s in p.errors()]
    for sample in failed[:10]:
        print(f"error: {sample.kind} status {sample.status} {sample.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
