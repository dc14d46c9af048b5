"""Search speed: latency of /api/search on a warm server, where the time goes, throughput, scale.

    python bench/search.py --data-dir /tmp/cg/store                 # latency + split + throughput
    python bench/search.py --data-dir /tmp/cg/store --scale 100000  # + the synthetic scale run

1. Latency: ``civicgraph serve`` is started on the data dir; after a warm-up, every dev query (with
   its filter) is sent ``--repeat`` times; p50/p95 of the HTTP round trip. In this process the same
   queries run through :func:`kg.search.search` to split the time into encode / vector / lexical /
   filter+facet, next to the *floor*: encoding the query and one FAISS top-10 search, measured in the
   same run (target: p50 ≤ 2 × floor).
2. Embedding throughput (chunks/s) of the torch and ONNX backends on chunk texts of the data dir,
   and the largest difference between their vectors.
3. Scale: ``--scale N`` synthetic practices (texts recombined from the data dir's chunk sentences,
   random tags, countries and organisations) written into a fresh store and published. To keep the
   run short, *index* vectors are the corpus's real chunk vectors plus noise (the cost of search does
   not depend on what the vectors mean, but HNSW recall depends on how clustered they are); queries
   are encoded by the real model. Reports
   publish time, load time, memory (RSS) and search p50/p95, and HNSW recall@10 against exact search.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from kg import settings as settings_mod  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def load_queries(shared: Path) -> list[dict[str, Any]]:
    path = shared / "eval" / "queries-dev.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def params_of(query: dict[str, Any]) -> dict[str, Any]:
    return {"q": query["q"], "limit": "10", **(query.get("filter") or {})}


# -- 1. latency ------------------------------------------------------------------------------------


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CIVICGRAPH_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    exe = Path(sys.executable).with_name("civicgraph")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the server did not start")


def http_latency(port: int, queries: list[dict[str, Any]], repeat: int) -> list[float]:
    def get(params: dict[str, Any]) -> None:
        url = f"http://127.0.0.1:{port}/api/search?" + urlencode(params)
        with urllib.request.urlopen(url, timeout=120) as r:
            r.read()

    for query in queries:  # warm-up: model, indexes, lingua
        get(params_of(query))
    times = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            get(params_of(query))
            times.append(time.perf_counter() - started)
    return times


def split_and_floor(
    settings: settings_mod.Settings, queries: list[dict[str, Any]], repeat: int
) -> dict[str, Any]:
    from kg.encoder import get_encoder
    from kg.live import LiveView
    from kg.search import parse_request, search
    from kg.search_index import search_index

    generation = LiveView(settings).current()
    index = search_index(generation)
    encoder = get_encoder(settings)
    for query in queries:
        search(generation, parse_request(params_of(query), settings))
    stages: dict[str, list[float]] = {}
    floor: list[float] = []
    for _ in range(repeat):
        for query in queries:
            response = search(generation, parse_request(params_of(query), settings))
            for name, value in response.timings.items():
                stages.setdefault(name, []).append(value)
            started = time.perf_counter()
            vector = encoder.encode([query["q"]])[0]
            index.vectors.search(vector, 10)
            floor.append(time.perf_counter() - started)
    # HNSW against exact search on these (real) vectors: dev queries and 200 chunks as probes.
    from kg.vectors import VectorIndex

    ids = index.vectors.ids()
    matrix = index.vectors.vectors(ids)
    hnsw = VectorIndex.build(ids, matrix, matrix.shape[1], hnsw_threshold=0)
    step = max(1, len(matrix) // 200)
    probes = [encoder.encode([q["q"]])[0] for q in queries] + [matrix[i] for i in range(0, len(matrix), step)]
    recall = [
        len({n.id for n in index.vectors.search(p, 10)} & {n.id for n in hnsw.search(p, 10)}) / 10
        for p in probes
    ]
    return {
        "hnsw_recall@10_real_vectors": round(float(np.mean(recall)), 3),
        "stages_p50_ms": {k: round(pct(v, 50) * 1000, 2) for k, v in stages.items()},
        "floor_p50_ms": round(pct(floor, 50) * 1000, 2),
        "floor_p95_ms": round(pct(floor, 95) * 1000, 2),
        "vectors": len(index.vectors),
        "entities": len(index.catalog),
    }


# -- 2. throughput ----------------------------------------------------------------------------------


def throughput(settings: settings_mod.Settings, n: int) -> dict[str, Any]:
    from kg.encoder import SentenceEncoder
    from kg.live import LiveView
    from kg.search_index import search_index

    index = search_index(LiveView(settings).current())
    assert index.table is not None
    texts = [row[3] for row in index.table.rows()][:n]
    out: dict[str, Any] = {"chunks": len(texts)}
    vectors = {}
    for backend in ("torch", "onnx"):
        encoder = SentenceEncoder(
            str(settings.model),
            backend=backend,
            batch_size=int(settings.batch_size),
            cache_dir=Path(tempfile.gettempdir()) / "civicgraph-bench-models",
        )
        encoder.encode(texts[:8])
        started = time.perf_counter()
        vectors[backend] = encoder.encode(texts)
        elapsed = time.perf_counter() - started
        out[f"{backend}_chunks_per_s"] = round(len(texts) / elapsed, 1)
        single = []
        for text in ["recycling plastic packaging", "citizens' assembly on electoral reform"] * 10:
            started = time.perf_counter()
            encoder.encode([text])
            single.append(time.perf_counter() - started)
        out[f"{backend}_query_p50_ms"] = round(pct(single, 50) * 1000, 2)
    out["max_abs_diff"] = float(np.abs(vectors["torch"] - vectors["onnx"]).max())
    out["min_cosine"] = float(np.sum(vectors["torch"] * vectors["onnx"], axis=1).min())
    return out


# -- 3. scale ---------------------------------------------------------------------------------------


def _anchors(settings: settings_mod.Settings) -> np.ndarray:
    from kg.live import LiveView
    from kg.search_index import search_index

    vectors = search_index(LiveView(settings).current()).vectors
    return vectors.vectors(vectors.ids())


def sentences_from(settings: settings_mod.Settings) -> list[str]:
    from kg.live import LiveView
    from kg.search_index import search_index

    index = search_index(LiveView(settings).current())
    out: list[str] = []
    if index.table is not None:
        for row in index.table.rows():
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", row[3]) if 40 <= len(s.strip()) <= 300)
    return out or ["Residents and the municipality cooperate on a local project for the environment."]


class _SyntheticEncoder:
    """Real tokenizer and name (chunking, cache keys); vectors scattered around real chunk vectors.

    Each text gets one of the corpus's real vectors (chosen by the text's hash) plus Gaussian noise,
    normalised: as clustered as real embeddings, and fast to make.
    """

    def __init__(self, real: Any, anchors: np.ndarray) -> None:
        self.real = real
        self.name = real.name
        self.dim = real.dim
        self.max_tokens = real.max_tokens
        self.anchors = anchors

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return list(self.real.token_spans(text))

    def encode(self, texts: list[str]) -> np.ndarray:
        import hashlib

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            rng = np.random.default_rng(seed)
            vector = self.anchors[seed % len(self.anchors)] + rng.normal(0, 0.04, self.dim).astype(np.float32)
            out[row] = vector / np.linalg.norm(vector)
        return out


def scale(source: settings_mod.Settings, n: int, queries: list[dict[str, Any]], keep: bool) -> dict[str, Any]:
    from rdflib import RDF, Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

    import kg.indexing as indexing
    import ontology
    from kg.encoder import get_encoder
    from kg.layout import Layout
    from kg.manifest import Manifest
    from kg.publish import publish
    from kg.store import Store
    from ontology.namespace import CG

    rng = random.Random(7)
    sentences = sentences_from(source)
    topics = [
        str(s) for s in ontology.tags_graph().subjects(SKOS.inScheme, URIRef(ontology.SCHEME_BASE + "topics"))
    ]
    countries = ["FI", "SE", "DK", "LT", "LV", "PL", "EE", "DE", "NL", "IT", "ES", "BR"]
    root = Path(tempfile.mkdtemp(prefix="civicgraph-scale-"))
    settings = settings_mod.load({}, data_dir=str(root / "store"))
    base = "http://scale.test/"
    per_doc = 1000
    started = time.perf_counter()
    with Store.open_writer(settings) as writer, Manifest(Layout(settings.data_path).manifest) as manifest:
        for iri, graph in ontology.static_graphs().items():
            writer.replace_graph(str(iri), graph)
        docs = set()
        for d in range(0, n, per_doc):
            graph = Graph()
            doc = URIRef(f"{base}id/doc/batch-{d // per_doc}")
            graph.add((doc, RDF.type, CG.SourceDocument))
            graph.add((doc, DCTERMS.source, Literal(f"synthetic-{d // per_doc}.csv")))
            for i in range(d, min(d + per_doc, n)):
                node = URIRef(f"{base}id/practice/p{i}")
                words = rng.choice(sentences).split()[:8]
                graph.add((node, RDF.type, CG.GoodPractice))
                graph.add((node, DCTERMS.title, Literal(" ".join(words) + f" {i}", lang="en")))
                text = " ".join(rng.sample(sentences, rng.randint(2, 5)))
                graph.add((node, DCTERMS.description, Literal(text, lang="en")))
                graph.add((node, PROV.wasDerivedFrom, doc))
                graph.add(
                    (node, CG.country, URIRef(f"https://w3id.org/civicgraph/country/{rng.choice(countries)}"))
                )
                for tag in rng.sample(topics, 2):
                    graph.add((node, DCTERMS.subject, URIRef(tag)))
                org = URIRef(f"{base}id/org/o{rng.randrange(n // 50 + 1)}")
                graph.add((node, CG.implementedBy, org))
                graph.add((org, RDF.type, ORG.Organization))
                graph.add((org, SKOS.prefLabel, Literal(f"Organisation {org.rsplit('o', 1)[-1]}", lang="en")))
            writer.replace_graph(str(doc), graph)
            docs.add(str(doc))
        written = time.perf_counter() - started
        real = get_encoder(settings)
        anchors = _anchors(source)
        original = indexing.get_encoder
        indexing.get_encoder = lambda _s: _SyntheticEncoder(real, anchors)  # type: ignore[assignment,return-value]
        try:
            started = time.perf_counter()
            publish(writer, manifest, settings, builders=list(indexing.BUILDERS), changed=docs)
            published = time.perf_counter() - started
        finally:
            indexing.get_encoder = original
    from kg.live import LiveView
    from kg.search import parse_request, search
    from kg.search_index import search_index

    before = rss_mb()
    started = time.perf_counter()
    generation = LiveView(settings).current()
    index = search_index(generation)
    loaded = time.perf_counter() - started
    after = rss_mb()
    for query in queries:
        search(generation, parse_request(params_of(query), settings))
    times = []
    for _ in range(3):
        for query in queries:
            t = time.perf_counter()
            search(generation, parse_request(params_of(query), settings))
            times.append(time.perf_counter() - t)
    # HNSW recall@10 against exact search on the same vectors.
    from kg.vectors import VectorIndex

    ids = index.vectors.ids()
    matrix = index.vectors.vectors(ids)
    started = time.perf_counter()
    hnsw = VectorIndex.build(ids, matrix, matrix.shape[1], hnsw_threshold=0)
    hnsw_build = time.perf_counter() - started
    probe = [real.encode([q["q"]])[0] for q in queries] + [
        matrix[i] for i in range(0, len(matrix), len(matrix) // 80)
    ]
    recall = []
    flat_t, hnsw_t = [], []
    for vec in probe:
        t = time.perf_counter()
        exact = {x.id for x in index.vectors.search(vec, 10)}
        flat_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        approx = {x.id for x in hnsw.search(vec, 10)}
        hnsw_t.append(time.perf_counter() - t)
        recall.append(len(exact & approx) / 10)
    result = {
        "practices": n,
        "entities": len(index.catalog),
        "vectors": len(index.vectors),
        "write_store_s": round(written, 1),
        "publish_s": round(published, 1),
        "load_s": round(loaded, 1),
        "rss_before_load_mb": round(before),
        "rss_after_load_mb": round(after),
        "search_p50_ms": round(pct(times, 50) * 1000, 1),
        "search_p95_ms": round(pct(times, 95) * 1000, 1),
        "flat_top10_p50_ms": round(pct(flat_t, 50) * 1000, 2),
        "hnsw_top10_p50_ms": round(pct(hnsw_t, 50) * 1000, 2),
        "hnsw_build_s": round(hnsw_build, 1),
        "hnsw_recall@10": round(float(np.mean(recall)), 3),
        "index_dir_mb": round(
            sum(f.stat().st_size for f in generation.index_dir.rglob("*") if f.is_file()) / 2**20, 1
        )
        if generation.index_dir
        else None,
    }
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        result["data_dir"] = str(settings.data_path)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, required=True, help="A data dir with the corpora ingested.")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--throughput", type=int, default=512, help="Chunks encoded per backend (0: skip).")
    parser.add_argument(
        "--scale", type=int, default=0, help="Synthetic practices for the scale run (0: skip)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scale run's data dir.")
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = settings_mod.load(data_dir=str(args.data_dir))
    queries = load_queries(args.shared)
    report: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d")}
    if not args.skip_server:
        proc = serve(args.data_dir, args.port)
        try:
            times = http_latency(args.port, queries, args.repeat)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        report["http_p50_ms"] = round(pct(times, 50) * 1000, 1)
        report["http_p95_ms"] = round(pct(times, 95) * 1000, 1)
    report["in_process"] = split_and_floor(settings, queries, args.repeat)
    if args.throughput:
        report["throughput"] = throughput(settings, args.throughput)
    if args.scale:
        report["scale"] = scale(settings, args.scale, queries, args.keep)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
