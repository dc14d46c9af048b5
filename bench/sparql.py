"""SPARQL endpoint latency: /sparql over HTTP next to the same query in-process and rdflib-endpoint.

    python bench/sparql.py                                   # synthetic graph (≥ 1M triples)
    python bench/sparql.py --corpus-data /tmp/cg/store       # + a data dir holding the shared corpora
    python bench/sparql.py --triples 200000 --repeat 3       # a quicker run

For each query of a mix, in the same run:

* **in-process** — ``pyoxigraph.Store.read_only(snapshot).query(...)`` and Oxigraph's own JSON
  serializer (queries with the similarity extension: :func:`kg.sparql_worker.evaluate` in-process);
* **HTTP** — ``civicgraph serve`` (waitress, the guard, a worker process, row-capped writer), one
  keep-alive client, ``Accept: application/sparql-results+json``; target ≤ 1.3 × in-process + 5 ms;
* **rdflib-endpoint** — the usual Python choice: the same quads in rdflib's in-memory ``Dataset``
  (default graph = union), served by rdflib-endpoint under uvicorn (``pip install -e '.[bench]'``),
  measured after civicgraph (alone on the machine), once per query, restarted after a timeout.

Medians of ``--repeat`` runs after one warm-up; in-process and HTTP runs are interleaved, so that
load from elsewhere hits both alike. The synthetic graph has civicgraph's shape (one named graph
per document; organisations, tags and countries described again in every document that names
them) and is written with ``bulk_extend`` and published like an ingest. The corpus mix is
``ontology/examples/*.rq``. Prints a Markdown table (docs/benchmarks.md, section SPARQL).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import requests
from rdflib import Graph

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg import settings as settings_mod  # noqa: E402
from kg.layout import Layout  # noqa: E402
from kg.manifest import Manifest  # noqa: E402
from kg.publish import publish  # noqa: E402
from kg.sparql_examples import examples  # noqa: E402
from kg.sparql_guard import check  # noqa: E402
from kg.sparql_worker import evaluate, local_job  # noqa: E402
from kg.store import Store  # noqa: E402

BASE = "http://bench.civicgraph.test/"
CG = "https://w3id.org/civicgraph/ns#"
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "cg": CG,
}
PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in NS.items())
JSON = "application/sparql-results+json"
WORDS = [
    *("waste", "recycling", "youth", "school", "energy", "mobility", "cycling", "heritage", "culture"),
    *("tourism", "water", "climate", "health", "elderly", "care", "digital", "participation", "budget"),
    *("housing", "forest", "river", "business", "training", "jobs"),
]


# -- the synthetic graph ---------------------------------------------------------------------------


def _n(local: str) -> ox.NamedNode:
    prefix, _, rest = local.partition(":")
    return ox.NamedNode(NS[prefix] + rest) if prefix in NS else ox.NamedNode(BASE + "id/" + local)


def _lit(text: str, lang: str | None = "en") -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


def _typed(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=_n("xsd:" + datatype))


def synthetic_documents(documents: int, seed: int = 7) -> Iterator[list[ox.Quad]]:
    """One list of quads per document (~520 triples each)."""
    rng = random.Random(seed)
    countries = ["LT", "LV", "PL", "EE", "FI", "SE", "DK", "DE"]
    for d in range(documents):
        g = _n(f"doc/d{d}")
        out: list[ox.Quad] = []

        def add(
            s: ox.NamedNode,
            p: str,
            o: ox.NamedNode | ox.Literal,
            out: list[ox.Quad] = out,
            g: ox.NamedNode = g,
        ) -> None:
            out.append(ox.Quad(s, _n(p), o, g))

        add(g, "rdf:type", _n("cg:SourceDocument"))
        add(g, "dct:title", _lit(f"Document {d}"))
        add(g, "dct:language", _lit("en", None))
        orgs = [rng.randrange(3000) for _ in range(4)]
        for o in orgs:  # organisations are described again in every document naming them
            org = _n(f"org/o{o}")
            add(org, "rdf:type", _n("org:Organization"))
            add(org, "rdf:type", _n("cg:Municipality" if o % 3 == 0 else "cg:NGO"))
            add(org, "skos:prefLabel", _lit(f"Organisation {o}"))
            add(org, "cg:country", ox.NamedNode(f"https://w3id.org/civicgraph/country/{countries[o % 8]}"))
            add(org, "prov:wasDerivedFrom", g)
        for i in range(5):
            p = _n(f"practice/d{d}-{i}")
            words = rng.sample(WORDS, 4)
            add(p, "rdf:type", _n("cg:GoodPractice"))
            add(p, "dct:title", _lit(f"{words[0].title()} and {words[1]} practice {d}-{i}"))
            add(p, "dct:description", _lit(" ".join(rng.choices(WORDS, k=40))))
            for w in words[:3]:
                tag = _n(f"tag/topics/{w}")
                add(p, "dct:subject", tag)
                add(tag, "rdf:type", _n("skos:Concept"))
                add(tag, "skos:prefLabel", _lit(w))
            add(p, "cg:implementedBy", _n(f"org/o{orgs[i % 4]}"))
            add(
                p,
                "cg:country",
                ox.NamedNode(f"https://w3id.org/civicgraph/country/{countries[orgs[i % 4] % 8]}"),
            )
            add(p, "prov:wasDerivedFrom", g)
        for j in range(3):
            pj = _n(f"project/d{d}-{j}")
            add(pj, "rdf:type", _n("schema:Project"))
            add(pj, "dct:title", _lit(f"Project {d}-{j} on {rng.choice(WORDS)}"))
            add(pj, "dct:identifier", _lit(f"P-{d}-{j}", None))
            add(pj, "cg:leadOrganization", _n(f"org/o{orgs[j]}"))
            add(pj, "cg:partnerOrganization", _n(f"org/o{orgs[(j + 1) % 4]}"))
            for k, fund in enumerate(("ERDF", "MUNICIPAL")):
                f = _n(f"funding/d{d}-{j}-{k}")
                a = _n(f"amount/d{d}-{j}-{k}")
                add(pj, "cg:funding", f)
                add(f, "rdf:type", _n("cg:Funding"))
                add(f, "cg:fund", ox.NamedNode(f"https://w3id.org/civicgraph/scheme/funds/{fund}"))
                add(f, "schema:amount", a)
                add(a, "schema:value", _typed(f"{rng.randrange(10_000, 5_000_000)}.00", "decimal"))
                add(a, "schema:currency", _lit("EUR", None))
        for k in range(5):
            person = _n(f"person/d{d}-{k}")
            post = _n(f"post/d{d}-{k}")
            add(person, "rdf:type", _n("foaf:Person"))
            add(person, "foaf:name", _lit(f"Person {d}-{k}"))
            add(person, "org:holds", post)
            add(person, "vcard:hasEmail", ox.NamedNode(f"mailto:p{d}.{k}@example.org"))
            add(post, "rdf:type", _n("org:Post"))
            add(post, "skos:prefLabel", _lit(rng.choice(["head of division", "specialist", "adviser"])))
            add(post, "org:postIn", _n(f"org/o{orgs[k % 4]}"))
        while len(out) < 520:  # evidence for facts, as extraction writes it
            e = _n(f"evidence/d{d}-{len(out)}")
            add(e, "rdf:type", _n("cg:Evidence"))
            add(e, "rdf:subject", _n(f"person/d{d}-{len(out) % 5}"))
            add(e, "rdf:predicate", _n("foaf:name"))
            add(e, "cg:quote", _lit(f"Person {d}"))
            add(e, "cg:spanStart", _typed(str(len(out)), "integer"))
            add(e, "cg:spanEnd", _typed(str(len(out) + 9), "integer"))
            add(e, "cg:confidence", _typed("0.9", "decimal"))
            add(e, "prov:wasDerivedFrom", g)
        yield out


def build_synthetic(root: Path, triples: int) -> settings_mod.Settings:
    settings = settings_mod.load({}, data_dir=str(root / "store"), base_url=BASE)
    documents = max(1, -(-triples // 500))  # ~520 triples per document, a few repeated within it
    with Store.open_writer(settings) as writer, Manifest(Layout(settings.data_path).manifest) as manifest:
        batch: list[ox.Quad] = []
        for quads in synthetic_documents(documents):
            batch.extend(quads)
            if len(batch) > 200_000:
                writer.ox.bulk_extend(batch)
                batch = []
        writer.ox.bulk_extend(batch)
        writer.ox.flush()
        publish(writer, manifest, settings, builders=[])
    return settings


SYNTHETIC_MIX: dict[str, str] = {
    "lookup": f"SELECT ?p ?o WHERE {{ <{BASE}id/practice/d17-2> ?p ?o }}",
    "count by class": "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "join + filter": (
        "SELECT ?p ?title WHERE { ?p a cg:GoodPractice ; dct:title ?title ; cg:implementedBy ?o . "
        '?o cg:country <https://w3id.org/civicgraph/country/LT> FILTER(CONTAINS(?title, "Waste")) } LIMIT 200'
    ),
    "tag facet": (
        "SELECT ?tag (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a cg:GoodPractice ; dct:subject ?tag } "
        "GROUP BY ?tag ORDER BY DESC(?n) LIMIT 20"
    ),
    "funding sum": (
        "SELECT ?fund (SUM(?v) AS ?total) WHERE { SELECT DISTINCT ?f ?fund ?v WHERE { "
        "?f a cg:Funding ; cg:fund ?fund ; schema:amount/schema:value ?v } } GROUP BY ?fund"
    ),
    "people page": (
        "SELECT ?person ?name ?role WHERE { ?person a foaf:Person ; foaf:name ?name ; "
        "org:holds/skos:prefLabel ?role } ORDER BY ?name LIMIT 1000"
    ),
    "construct": "CONSTRUCT { ?p ?q ?o } WHERE { ?p a cg:GoodPractice ; ?q ?o } LIMIT 2000",
}


# -- the three ways ------------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    rows: dict[str, int | None] = field(default_factory=dict)
    ms: dict[str, float | None] = field(default_factory=dict)


def _median(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


Timer = Callable[[], float]


def in_process(snapshot: Path, settings: settings_mod.Settings, text: str) -> tuple[int, Timer]:
    """Rows, and a timer of one in-process evaluation (Oxigraph's own serializer, as a Python user would
    write it; the similarity extension through :func:`kg.sparql_worker.evaluate`)."""
    checked = check(text, settings)
    if checked.needs_vectors:
        job = local_job(checked, settings, "json")

        def timed_extension() -> float:
            started = time.perf_counter()
            evaluate(job)
            return time.perf_counter() - started

        return evaluate(job).rows, timed_extension
    store = ox.Store.read_only(str(snapshot))
    options = {} if checked.has_dataset else {"use_default_graph_as_union": True}

    def timed() -> float:
        started = time.perf_counter()
        result = store.query(text, **options)  # type: ignore[arg-type]
        if isinstance(result, ox.QueryTriples):
            ox.serialize(list(result), format=ox.RdfFormat.TURTLE)
        else:
            result.serialize(format=ox.QueryResultsFormat.JSON)
        return time.perf_counter() - started

    result = store.query(text, **options)  # type: ignore[arg-type]
    return (1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)), timed


def over_http(url: str, text: str, timeout: float) -> tuple[int | None, Timer]:
    """Rows (None when the endpoint did not answer 200 in time), and a timer of one request."""
    session = requests.Session()
    accept = "text/turtle" if check(text, settings_mod.load({})).returns_graph else JSON

    def once() -> tuple[int | None, float]:
        started = time.perf_counter()
        try:
            response = session.post(url, data={"query": text}, headers={"Accept": accept}, timeout=timeout)
        except requests.Timeout:
            return None, time.perf_counter() - started
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            return None, elapsed
        if accept == JSON:
            try:
                return len(response.json()["results"]["bindings"]), elapsed
            except (ValueError, KeyError):
                return None, elapsed
        return len(Graph().parse(data=response.text, format="turtle")), elapsed

    rows, _ = once()
    return rows, lambda: once()[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            requests.get(url, params={"query": "ASK {}"}, headers={"Accept": JSON}, timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def start_civicgraph(settings: settings_mod.Settings) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "CIVICGRAPH_DATA_DIR": str(settings.data_path),
        "CIVICGRAPH_MODEL": str(settings.model),
        "CIVICGRAPH_BASE_URL": str(settings.base_url),
        "CIVICGRAPH_SPARQL_TIMEOUT": "120",
    }
    script = Path(sys.executable).with_name("civicgraph")
    process = subprocess.Popen(
        [str(script), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    _wait(url, process, 120)
    return process, url


RDFLIB_SERVER = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
data = Dataset(default_union=True)
data.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=data, cors_enabled=True, public_url=f"http://127.0.0.1:{sys.argv[2]}/")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def start_rdflib_endpoint(snapshot: Path, work: Path) -> tuple[subprocess.Popen[bytes], str, float] | None:
    try:
        import rdflib_endpoint  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print("rdflib-endpoint is not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
        return None
    dump = work / "data.nq"
    store = ox.Store.read_only(str(snapshot))
    ox.serialize(store.quads_for_pattern(None, None, None, None), str(dump), format=ox.RdfFormat.N_QUADS)
    port = _free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", RDFLIB_SERVER, str(dump), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    _wait(url, process, 1800)
    return process, url, time.monotonic() - started


# -- a run -------------------------------------------------------------------------------------------


def run_mix(
    label: str,
    settings: settings_mod.Settings,
    mix: dict[str, str],
    repeat: int,
    with_rdflib: bool,
    rdflib_timeout: float,
) -> tuple[list[Timing], str]:
    """civicgraph (in-process, then HTTP) for every query first; rdflib-endpoint afterwards, alone on the
    machine, restarted after a query it did not finish (it keeps computing after the client gives up)."""
    published = Layout(settings.data_path).published()
    assert published is not None, f"{settings.data_path} has no published generation"
    timings = [Timing(name) for name in mix]
    server, url = start_civicgraph(settings)
    try:
        for timing, text in zip(timings, mix.values(), strict=True):
            timing.rows["in-process"], local = in_process(published.snapshot, settings, text)
            timing.rows["http"], remote = over_http(url, text, 120)
            local()
            samples: dict[str, list[float]] = {"in-process": [], "http": []}
            for _ in range(repeat):  # interleaved, so that load from elsewhere hits both alike
                samples["in-process"].append(local())
                if timing.rows["http"] is not None:
                    samples["http"].append(remote())
            timing.ms = {k: _median(v) if v else None for k, v in samples.items()}
            print(f"{label} · {timing.name}: {timing.ms} rows {timing.rows}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(20)
    if not with_rdflib:
        return timings, ""
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        rdflib = None
        try:
            for timing, text in zip(timings, mix.values(), strict=True):
                if check(text, settings).needs_vectors:
                    continue  # rdflib-endpoint has no similarity extension
                if rdflib is None:
                    rdflib = start_rdflib_endpoint(published.snapshot, Path(tmp))
                    if rdflib is None:
                        return timings, ""
                    if not notes:
                        notes.append(f"rdflib-endpoint loaded the data in {rdflib[2]:.0f} s")
                rows, once = over_http(rdflib[1], text, rdflib_timeout)
                timing.rows["rdflib"], timing.ms["rdflib"] = (
                    rows,
                    (once() * 1000 if rows is not None else None),
                )
                print(f"{label} · {timing.name}: rdflib {timing.ms['rdflib']}", file=sys.stderr)
                if timing.ms["rdflib"] is None:  # still computing: start afresh for the next query
                    rdflib[0].kill()
                    rdflib[0].wait(20)
                    rdflib = None
        finally:
            if rdflib:
                rdflib[0].terminate()
                rdflib[0].wait(20)
    return timings, "; ".join(notes)


def _cell(ms: float | None) -> str:
    return "—" if ms is None else (f"{ms:.1f}" if ms < 100 else f"{ms:.0f}")


def markdown(label: str, triples: int, timings: list[Timing], note: str, rdflib_timeout: float) -> str:
    lines = [
        f"**{label}** ({triples:,} quads){' — ' + note if note else ''}",
        "",
        "| query | rows | in-process ms | HTTP ms | HTTP / in-process | ≤ 1.3× + 5 ms | rdflib-endpoint ms |",
        "|---|---:|---:|---:|---:|:---:|---:|",
    ]
    for t in timings:
        local, http, rdf = t.ms.get("in-process"), t.ms.get("http"), t.ms.get("rdflib")
        ratio = "—" if not local or http is None else f"{http / local:.2f}"
        within = "—" if local is None or http is None else ("yes" if http <= 1.3 * local + 5 else "no")
        rdf_cell = _cell(rdf) if "rdflib" in t.ms else "n/a"
        if "rdflib" in t.ms and rdf is None:
            rdf_cell = f"> {rdflib_timeout:.0f} s"
        rows = t.rows.get("http") if t.rows.get("http") is not None else t.rows.get("in-process")
        lines.append(
            f"| {t.name} | {rows} | {_cell(local)} | {_cell(http)} | {ratio} | {within} | {rdf_cell} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument("--corpus-data", type=Path, help="a data dir holding the ingested shared corpora")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--no-synthetic", action="store_true", help="only the corpus mix")
    args = parser.parse_args(argv)

    sections = [
        f"Machine: {os.cpu_count()} cores, {_memory()}, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__ if hasattr(ox, '__version__') else '0.5'}; {date.today().isoformat()}; "
        f"medians of {args.repeat} runs after a warm-up; load average at start "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}."
    ]
    if args.corpus_data:
        corpus = settings_mod.load({}, data_dir=str(args.corpus_data))
        mix = {e.title: e.text for e in examples()}
        timings, note = run_mix("corpus", corpus, mix, args.repeat, not args.no_rdflib, args.rdflib_timeout)
        published = Layout(corpus.data_path).published()
        assert published is not None
        size = len(ox.Store.read_only(str(published.snapshot)))
        sections.append(
            markdown("Shared corpora (ontology/examples)", size, timings, note, args.rdflib_timeout)
        )
    with tempfile.TemporaryDirectory() as tmp:
        if args.no_synthetic:
            print("\n\n".join(sections))
            return 0
        started = time.monotonic()
        synthetic = build_synthetic(Path(tmp), args.triples)
        built = time.monotonic() - started
        mix = {name: PREFIXES + text for name, text in SYNTHETIC_MIX.items()}
        timings, note = run_mix(
            "synthetic", synthetic, mix, args.repeat, not args.no_rdflib, args.rdflib_timeout
        )
        published = Layout(synthetic.data_path).published()
        assert published is not None
        size = len(ox.Store.read_only(str(published.snapshot)))
        note = f"built and published in {built:.0f} s" + ("; " + note if note else "")
        sections.append(markdown("Synthetic graph", size, timings, note, args.rdflib_timeout))
    print("\n\n".join(sections))
    return 0


def _memory() -> str:
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "memory unknown"


if __name__ == "__main__":
    sys.exit(main())
