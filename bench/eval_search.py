"""Search quality on the dev queries: nDCG@10, P@10 and Recall@100 per group, hybrid vs baselines.

    CIVICGRAPH_DATA_DIR=/tmp/cg/store python bench/eval_search.py            # in-process app
    python bench/eval_search.py --url http://127.0.0.1:5000                  # a running server
    python bench/eval_search.py --markdown                                   # table for docs

Reads ``../shared/eval/queries-dev.jsonl`` and the corpora it refers to (at run time; nothing is
copied). Every query is sent to ``/api/search`` three times — ``mode=hybrid`` (the product),
``mode=lexical`` (plain BM25) and ``mode=dense`` (plain FAISS) — with the query's filter, 100
results. A result is relevant when it is a good practice whose ``source`` is the link of a corpus
record that the query's truth selects (``relevant.field`` holds one of ``relevant.any``) and that
passes the query's filter. Groups: ``en`` (English, unfiltered), ``filtered``, ``lt`` (Lithuanian).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
MODES = ("hybrid", "lexical", "dense")
CORPUS_FILES = {
    "ce": "corpus/ce-good-practices/good_practices.csv",
    "participedia": "corpus/participedia/derived/cases_joined.jsonl",
}


@dataclass
class Query:
    id: str
    q: str
    corpus: str
    lang: str
    field: str
    any: list[str]
    filter: dict[str, str] = field(default_factory=dict)

    @property
    def group(self) -> str:
        if self.filter:
            return "filtered"
        return "lt" if self.lang == "lt" else "en"


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return [p.strip() for p in str(value).split(",")]


def load_records(shared: Path, corpus: str) -> list[dict[str, Any]]:
    path = shared / CORPUS_FILES[corpus]
    if corpus == "ce":
        with path.open(encoding="utf-8", newline="") as handle:
            return [
                {"link": r["Link"].strip(), "country": r["Country"].strip(), "fields": r}
                for r in csv.DictReader(handle)
            ]
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                r = json.loads(line)
                out.append({"link": str(r.get("url", "")).strip(), "country": r.get("country"), "fields": r})
    return out


def _norm(url: str) -> str:
    return url.strip().rstrip("/").replace("http://", "https://").lower()


def relevant_links(query: Query, records: list[dict[str, Any]]) -> set[str]:
    wanted = {v.casefold() for v in query.any}
    country = query.filter.get("country")
    out = set()
    for record in records:
        if country and str(record["country"] or "").casefold() != country.casefold():
            continue
        if wanted & {v.casefold() for v in _values(record["fields"].get(query.field))}:
            out.add(_norm(record["link"]))
    return out


def ndcg(gains: list[int], n_relevant: int, k: int = 10) -> float:
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(n_relevant, k)))
    return dcg / ideal if ideal else 0.0


def judge(results: list[dict[str, Any]], relevant: set[str]) -> list[int]:
    """Gain per result (1 relevant, 0 not); a record counts once."""
    seen: set[str] = set()
    gains = []
    for hit in results:
        link = _norm(str(hit.get("source") or ""))
        good = hit.get("type") == "practice" and link in relevant and link not in seen
        seen.add(link)
        gains.append(1 if good else 0)
    return gains


def in_process_client() -> Callable[[dict[str, Any]], dict[str, Any]]:
    sys.path.insert(0, str(REPO))
    from search_app import create_app

    client = create_app({"TESTING": True}).test_client()

    def get(params: dict[str, Any]) -> dict[str, Any]:
        response = client.get("/api/search?" + urlencode(params, doseq=True))
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}: {response.get_data(as_text=True)[:200]}")
        return dict(response.get_json())

    return get


def http_client(base: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    import requests

    session = requests.Session()

    def get(params: dict[str, Any]) -> dict[str, Any]:
        response = session.get(base.rstrip("/") + "/api/search", params=params, timeout=120)
        response.raise_for_status()
        return dict(response.json())

    return get


#: Fusion variants compared with --variants (diagnostics; the product's default is the first).
VARIANTS: dict[str, dict[str, Any]] = {
    "rrf, every ranking weight 1 (default)": {},
    "rrf, tag ranking weight 0.5": {"tags_weight": 0.5},
    "rrf, no tag ranking": {"tags_weight": 0.0},
    "rrf, no concept expansion": {"expand": False, "tags_weight": 0.0},
    "convex 0.5 cosine + 0.5 bm25/max (no tag ranking)": {"fusion": "convex"},
}


def variant_client(overrides: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Search in this process with a non-default :class:`kg.search_rank.RankConfig` (hybrid only)."""
    sys.path.insert(0, str(REPO))
    from kg import settings as settings_mod
    from kg.live import LiveView
    from kg.search import parse_request, search
    from kg.search_rank import RankConfig
    from kg.search_types import response_json

    settings = settings_mod.load()
    live = LiveView(settings)

    def get(params: dict[str, Any]) -> dict[str, Any]:
        request = parse_request({k: str(v) for k, v in params.items()}, settings)
        config = RankConfig(request.mode, **(overrides if request.mode == "hybrid" else {}))
        return response_json(search(live.current(), request, config))

    return get


def load_queries(path: Path) -> list[Query]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            out.append(
                Query(
                    raw["id"],
                    raw["q"],
                    raw["corpus"],
                    raw.get("lang", "en"),
                    raw["relevant"]["field"],
                    list(raw["relevant"]["any"]),
                    dict(raw.get("filter") or {}),
                )
            )
    return out


def evaluate(
    queries: Iterable[Query],
    get: Callable[[dict[str, Any]], dict[str, Any]],
    shared: Path,
    modes: tuple[str, ...] = MODES,
) -> dict[str, Any]:
    """group → mode → metric → mean (plus per-query rows under group "_queries")."""
    records = {name: load_records(shared, name) for name in CORPUS_FILES}
    per: dict[str, dict[str, dict[str, list[float]]]] = {}
    rows = []
    for query in queries:
        relevant = relevant_links(query, records[query.corpus])
        for mode in modes:
            params = {"q": query.q, "limit": 100, "mode": mode, **query.filter}
            body = get(params)
            gains = judge(body["results"], relevant)
            metrics = {
                "ndcg@10": ndcg(gains, len(relevant)),
                "p@10": sum(gains[:10]) / 10,
                "recall@100": sum(gains[:100]) / len(relevant) if relevant else 0.0,
            }
            rows.append(
                {"id": query.id, "group": query.group, "mode": mode, "relevant": len(relevant), **metrics}
            )
            for group in (query.group, "all"):
                bucket = per.setdefault(group, {}).setdefault(mode, {})
                for name, value in metrics.items():
                    bucket.setdefault(name, []).append(value)
    out: dict[str, Any] = {
        group: {mode: {m: statistics.fmean(v) for m, v in ms.items()} for mode, ms in modes.items()}
        for group, modes in per.items()
    }
    out["_queries"] = rows
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = ["| group (queries) | mode | nDCG@10 | P@10 | Recall@100 |", "|---|---|---|---|---|"]
    counts: dict[str, int] = {}
    for row in result["_queries"]:
        if row["mode"] == "hybrid":
            counts[row["group"]] = counts.get(row["group"], 0) + 1
    counts["all"] = sum(counts.values())
    for group in ("en", "filtered", "lt", "all"):
        for mode in MODES:
            m = result.get(group, {}).get(mode)
            if m:
                lines.append(
                    f"| {group} ({counts.get(group, 0)}) | {mode} | {m['ndcg@10']:.3f} | {m['p@10']:.3f} | "
                    f"{m['recall@100']:.3f} |"
                )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="Base URL of a running server (default: the app in this process).")
    parser.add_argument("--shared", type=Path, default=SHARED, help="The shared folder (default ../shared).")
    parser.add_argument("--queries", type=Path, help="Queries file (default shared/eval/queries-dev.jsonl).")
    parser.add_argument("--markdown", action="store_true", help="Print a Markdown table.")
    parser.add_argument("--per-query", action="store_true", help="Also print every query's figures.")
    parser.add_argument("--variants", action="store_true", help="Also compare fusion variants (in-process).")
    args = parser.parse_args()
    queries = load_queries(args.queries or args.shared / "eval" / "queries-dev.jsonl")
    if args.variants:
        print("| variant | en nDCG@10 | filtered nDCG@10 | lt nDCG@10 | all nDCG@10 |")
        print("|---|---|---|---|---|")
        for name, overrides in VARIANTS.items():
            found = evaluate(queries, variant_client(overrides), args.shared, modes=("hybrid",))
            cells = [
                found.get(g, {}).get("hybrid", {}).get("ndcg@10", float("nan"))
                for g in ("en", "filtered", "lt", "all")
            ]
            print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    get = http_client(args.url) if args.url else in_process_client()
    result = evaluate(queries, get, args.shared)
    if args.markdown:
        print(markdown(result))
    else:
        print(json.dumps({k: v for k, v in result.items() if k != "_queries"}, indent=2))
    if args.per_query:
        for row in result["_queries"]:
            print(
                f"{row['id']} {row['group']:<8} {row['mode']:<7} rel={row['relevant']:<4} "
                f"ndcg={row['ndcg@10']:.3f} p={row['p@10']:.2f} r={row['recall@100']:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
