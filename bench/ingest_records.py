"""Benchmark: record import speed and SPARQL latency, Oxigraph store vs rdflib's in-memory store.

Usage: .venv/bin/python bench/ingest_records.py [--shared ../shared] [--repeat 5] [--exports all]
    [--skip-queries]
Ingests the three original record exports (``--exports all``: also the EU-fund project lists of
Denmark, Lithuania, Latvia and Poland) into a temporary data dir (RDF only, then the derived
indexes as a separate figure), then runs five typical queries (bench/queries/*.rq) on the Oxigraph
store and on an rdflib ``Dataset`` holding the same quads, in the same run. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from ingest.pipeline import Ingestor, default_builders
from kg import settings as settings_mod
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = (
    "corpus/ce-good-practices/good_practices.csv",
    "corpus/participedia/derived/cases_joined.jsonl",
    "corpus/eu-funds-projects/SE/Sweden_all_funds_2014-2020.json",
)
EU_LISTS = (
    "corpus/eu-funds-projects/DK/ERDF_Denmark_2014-2020.csv",
    "corpus/eu-funds-projects/DK/ERDF_Denmark_2007-2013.csv",
    "corpus/eu-funds-projects/LT/Paraisku_informacija_20161030.csv",
    "corpus/eu-funds-projects/LV/all_funds_Latvia_2014-2020.csv",
    "corpus/eu-funds-projects/PL/Poland_ERDF_2014_2020.utf8.csv",
    "corpus/eu-funds-projects/PL/Poland_ESF_2014_2020.utf8.csv",
)


def timed(fn, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--indexes", action="store_true", help="Also time building the derived indexes.")
    parser.add_argument(
        "--exports",
        choices=("original", "all"),
        default="original",
        help="original: the three first exports; all: also the DK, LT, LV and PL project lists.",
    )
    parser.add_argument("--skip-queries", action="store_true", help="Only time the import.")
    args = parser.parse_args()
    exports = EXPORTS + (EU_LISTS if args.exports == "all" else ())
    print(
        f"# ingest_records — {date.today()} — {platform.node()} {platform.processor() or platform.machine()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_mod.load({}, data_dir=str(Path(tmp) / "store"))
        print(
            "\n| export | records | stored | refused | seconds | records/s |\n|---|---:|---:|---:|---:|---:|"
        )
        with Ingestor(settings, builders=[]) as ingestor:
            for rel in exports:
                start = time.perf_counter()
                summary = ingestor.ingest([args.shared / rel])
                seconds = time.perf_counter() - start
                n, refused = summary.counts["added"], summary.counts["refused"]
                print(
                    f"| {Path(rel).name} | {n + refused} | {n} | {refused} | {seconds:.1f} | "
                    f"{(n + refused) / seconds:.1f} |"
                )
            ingestor.builders = default_builders() if args.indexes else []
            if ingestor.builders:
                start = time.perf_counter()
                ingestor.publish(rebuild=True)
                print(f"\nindexes (embeddings + BM25), all documents: {time.perf_counter() - start:.1f} s")
        with Store.open_reader(settings) as store:
            quads = list(store.ox.quads_for_pattern(None, None, None, None))
            print(f"\n{len(quads)} quads in the store\n")
            if args.skip_queries:
                return
            dataset = Dataset(default_union=True)
            data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            dataset.parse(data=data, format="nquads")
            print(
                "| query | rows | Oxigraph ms (median) | rdflib in-memory ms (median) | rdflib / Oxigraph |"
            )
            print("|---|---:|---:|---:|---:|")
            for path in sorted((ROOT / "bench" / "queries").glob("*.rq")):
                text = path.read_text(encoding="utf-8")
                ox_s, ox_rows = timed(
                    lambda t=text: list(store.ox.query(t, use_default_graph_as_union=True)), args.repeat
                )
                rdf_s, rdf_rows = timed(lambda t=text: list(dataset.query(t)), max(1, args.repeat // 2))
                assert len(ox_rows) == len(rdf_rows), (path.name, len(ox_rows), len(rdf_rows))
                print(
                    f"| {path.stem} | {len(ox_rows)} | {ox_s * 1000:.1f} | {rdf_s * 1000:.1f} | "
                    f"{rdf_s / ox_s:.1f}× |"
                )


if __name__ == "__main__":
    main()
