"""Benchmark: pages per second for reading + extraction alone (no embeddings, nothing stored).

Usage: .venv/bin/python bench/extract.py [--shared ../shared] [--rounds 5]
Reads every page of data/samples and ../shared/seeds, then runs the extractors with tag suggestions
off, ``--rounds`` times; prints a Markdown table (median round).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from datetime import date
from pathlib import Path

from ingest.extract import extract_document
from ingest.readers import read_document
from ingest.sources import expand

ROOT = Path(__file__).resolve().parent.parent


def run(folder: Path, rounds: int) -> tuple[int, float, float, int]:
    items = [item for item in expand([folder]) if item.is_page]
    read_times, extract_times, chars = [], [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        texts = [read_document(item.path, max_bytes=20_000_000) for item in items]
        read_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for item, result in zip(items, texts, strict=True):
            if result.status == "ok":
                extract_document(result.text, source=item.key, title=result.title, suggest=False)
        extract_times.append(time.perf_counter() - start)
        chars = sum(len(r.text) for r in texts)
    return len(items), statistics.median(read_times), statistics.median(extract_times), chars


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"# extract — {date.today()} — {platform.node()}")
    print("\n| pages | count | characters | read s | extract s | pages/s (read + extract) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, folder in (
        ("data/samples", ROOT / "data" / "samples"),
        ("shared seeds", args.shared / "seeds"),
    ):
        if not folder.is_dir():
            continue
        run(folder, 1)  # warm-up: detectors, reference data
        n, read_s, extract_s, chars = run(folder, args.rounds)
        print(f"| {name} | {n} | {chars} | {read_s:.2f} | {extract_s:.2f} | {n / (read_s + extract_s):.1f} |")


if __name__ == "__main__":
    main()
