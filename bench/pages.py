"""Page speed: server time per page type on a warm server (targets: Home and Search p50 ≤ 100 ms).

    python bench/pages.py --data-dir /tmp/cg/store [--repeat 20] [--markdown]

``civicgraph serve`` is started on the data dir (ingest the shared corpora into it first, see
docs/benchmarks.md). For each page type a few concrete URLs are picked from the site itself (the
first practices, organisations, projects and tags it lists; the dev queries of ../shared/eval for
Search). Every URL is requested once cold (reported apart: what the first visitor waits), then
``--repeat`` times; p50/p95/max of the HTTP round trip on 127.0.0.1 are reported per page type.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TOPICS = "https://w3id.org/civicgraph/scheme/topics/"
FALLBACK_QUERIES = [
    "youth exchange",
    "cultural heritage",
    "waste sorting",
    "repair café",
    "energy efficiency",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # our own server
            body = response.read().decode("utf-8", errors="replace")
            status = response.status
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{url} answered {exc.code}") from None
    return (time.perf_counter() - started) * 1000, status, body


def links(html: str, pattern: str, limit: int) -> list[str]:
    found = list(dict.fromkeys(re.findall(r'href="(' + pattern + r')"', html)))
    return [h.replace("&amp;", "&") for h in found[:limit]]


def queries(limit: int) -> list[str]:
    path = SHARED / "eval" / "queries-dev.jsonl"
    if not path.is_file():
        return FALLBACK_QUERIES[:limit]
    out = [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out[:limit]


def plan(base: str) -> dict[str, list[str]]:
    """Page type → URLs, discovered from the running site."""
    _ms, _status, practices = get(base + "/browse/practices")
    _ms, _status, orgs = get(base + "/browse/organisations")
    _ms, _status, projects = get(base + "/browse/projects")
    _ms, _status, cloud = get(base + "/tags")
    resources = links(practices, r"/id/practice/[^\"]+", 3) + links(orgs, r"/id/org/[^\"]+", 3)
    resources += links(projects, r"/id/project/[^\"]+", 2)
    tags = links(cloud, r"/(?:resource\?iri=|id/tag/)[^\"]+", 3)
    return {
        "home": ["/"],
        "search": ["/search?q=" + quote(q) for q in queries(10)],
        "browse": [
            "/browse",
            "/browse/practices",
            *links(practices, r"/browse/practices\?page=\d+", 1),
            "/browse/organisations?letter=S",
            "/browse/projects?country=SE",
            "/browse/countries",
        ],
        "tag cloud": ["/tags"],
        "tag page": tags,
        "resource page": resources,
        "resource as Turtle": [r + ".ttl" for r in resources[:3]],
        "partners": [
            "/partners",
            "/partners?topic=" + quote(TOPICS + "youth"),
            "/partners?q=culture&country=LT",
        ],
    }


def measure(base: str, pages: dict[str, list[str]], repeat: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for kind, urls in pages.items():
        if not urls:
            continue
        cold = [get(base + u)[0] for u in urls]
        warm: list[float] = []
        for _ in range(repeat):
            for url in urls:
                ms, status, _body = get(base + url)
                if status != 200:
                    raise SystemExit(f"{url} answered {status}")
                warm.append(ms)
        warm.sort()
        rows.append(
            {
                "page": kind,
                "urls": len(urls),
                "requests": len(warm),
                "cold_max_ms": round(max(cold), 1),
                "p50_ms": round(statistics.median(warm), 1),
                "p95_ms": round(warm[min(len(warm) - 1, int(0.95 * len(warm)))], 1),
                "max_ms": round(warm[-1], 1),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--markdown", action="store_true", help="print a table for docs/benchmarks.md")
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "CIVICGRAPH_DATA_DIR": str(args.data_dir), "HF_HUB_OFFLINE": "1"}
    cli = Path(sys.executable).with_name("civicgraph")
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while True:
            try:
                first_ms, _status, _ = get(base + "/")
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        print(f"server up; first / answered {(time.perf_counter() - started):.1f} s after start "
              f"(request {first_ms:.0f} ms)", file=sys.stderr)  # fmt: skip
        rows = measure(base, plan(base), args.repeat)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.markdown:
        print("| page type | URLs | requests | cold (max) ms | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['page']} | {r['urls']} | {r['requests']} | {r['cold_max_ms']} | {r['p50_ms']} | "
                  f"{r['p95_ms']} | {r['max_ms']} |")  # fmt: skip
    else:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
