"""``civicgraph forget IRI`` end to end: after it, no search, page, SPARQL query or dump of the running
production server returns the person, and neither the indexes nor the embedding cache keep them.

The store holds a fictional department page naming two officials, a news page quoting one of them,
and a few practices. The person is forgotten while the server runs (as an operator would do it).
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from ingest.pipeline import Ingestor
from kg.encoder import text_key
from kg.layout import Layout
from kg.search_table import ChunkTable
from tests.reliability.helpers import (
    MODEL,
    PERSON_EMAIL,
    PERSON_NAME,
    PERSON_PHONE,
    make_settings,
    run_cli,
    write_contact_page,
    write_practices,
)
from tests.reliability.server import Server

pytestmark = pytest.mark.slow

OTHER_NAME = "Marta Ellingsworth"
PHONE_DIGITS = "".join(c for c in PERSON_PHONE if c.isdigit())  # 441134960456
TRACES = (PERSON_NAME, "Zabrowski", PERSON_EMAIL, PERSON_PHONE, PHONE_DIGITS, "quentin-zabrowski")
SPARQL_JSON = "application/sparql-results+json"
FIND_TRACES = """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(CONTAINS(LCASE(STR(?s)), ?needle) || CONTAINS(LCASE(STR(?o)), ?needle))
}
"""


def _news(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Repair cafe turns one</title>"
        "</head><body><main><h1>Repair cafe turns one</h1><p>The Testvale repair cafe fixed 800 appliances "
        f"in its first year. {PERSON_NAME}, head of the waste department, thanked the volunteers. "
        f"Questions: {PERSON_EMAIL}.</p></main></body></html>",
        encoding="utf-8",
    )
    path.with_name(path.name + ".url").write_text("https://testvale.example.org/news/repair-cafe\n")
    return path


def _sparql(base: str, needle: str) -> list[dict[str, object]]:
    query = FIND_TRACES.replace("?needle", '"' + needle.lower() + '"')
    response = requests.get(
        base + "/sparql?query=" + quote(query), headers={"Accept": SPARQL_JSON}, timeout=60
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, object]] = response.json()["results"]["bindings"]
    return rows


def _everything_served(base: str, person_path: str) -> str:
    """Text of every place a user or a script can see: search (API and page), pages, dumps."""
    parts = []
    for query in (PERSON_NAME, "Zabrowski", PERSON_EMAIL, PHONE_DIGITS, "waste department head"):
        api = requests.get(base + "/api/search", params={"q": query, "limit": 50}, timeout=60)
        assert api.status_code == 200
        body = api.json()
        parts.append(json.dumps([body["results"], body["facets"]], ensure_ascii=False))  # not the echo
    for query in ("waste department head", "repair cafe volunteers", "Testvale"):
        page = requests.get(
            base + "/search", params={"q": query}, headers={"Accept": "text/html"}, timeout=60
        )
        assert page.status_code == 200
        parts.append(page.text)
    for path in ("/id/org/testvale-municipality", "/partners", "/browse"):
        response = requests.get(base + path, headers={"Accept": "text/html"}, timeout=60)
        parts.append(response.text)
    for suffix in ("", ".ttl", ".jsonld"):  # the person's own page (it echoes its address when gone)
        response = requests.get(base + person_path + suffix, headers={"Accept": "text/html"}, timeout=60)
        if response.status_code == 200:
            parts.append(response.text)
        else:
            assert response.status_code in (404, 410), (suffix, response.status_code)
    dump = requests.get(base + "/dumps/civicgraph.nq.gz", timeout=60)
    assert dump.status_code == 200
    parts.append(gzip.decompress(dump.content).decode("utf-8"))
    turtle = requests.get(base + "/dumps/civicgraph.ttl", timeout=60)
    assert turtle.status_code == 200
    parts.append(turtle.text)
    return "\n".join(parts)


def _person_keys(index_dir: Path) -> set[str]:
    """Embedding-cache keys of the chunks that mention the person."""
    with ChunkTable(index_dir / "chunks.sqlite", readonly=True) as table:
        return {
            key
            for _i, _e, _l, text, _t, key in table.rows()
            if any(t.lower() in text.lower() for t in TRACES)
        } | {
            text_key(MODEL, text)
            for _i, _e, _l, text, _t, _k in table.rows()
            if any(t.lower() in text.lower() for t in TRACES)
        }


def _cache_keys(data_dir: Path) -> set[str]:
    with sqlite3.connect(f"file:{data_dir / 'embeddings.sqlite'}?mode=ro", uri=True) as db:
        return {row[0] for row in db.execute("SELECT key FROM embeddings")}


def test_forget_person_leaves_nothing_served(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    settings = make_settings(data_dir)
    inputs = tmp_path / "in"
    write_contact_page(inputs / "waste.html", "https://testvale.example.org/waste")
    _news(inputs / "news.html")
    write_practices(inputs / "practices.csv", 0, count=3, contact=f"{PERSON_NAME} ({PERSON_EMAIL})")
    with Ingestor(settings) as ingestor:
        summary = ingestor.ingest([inputs])
    assert summary.counts["added"] == 5, summary.render()

    with Server(data_dir) as server:
        people = _sparql(server.url, "zabrowski")
        iris = {
            str(row[k]["value"])
            for row in people
            for k in ("s", "o")
            if "/id/person/" in str(row[k]["value"])
        }
        person = next(i for i in iris if i.rstrip("/").endswith("quentin-zabrowski"))
        person_path = "/id/" + person.split("/id/", 1)[1]
        before = _everything_served(server.url, person_path)
        for trace in (PERSON_NAME, PERSON_EMAIL, PHONE_DIGITS):  # the test sees them when they are there
            assert trace in before, trace
        assert requests.get(server.url + person_path, timeout=60).status_code == 200
        published = Layout(data_dir).published()
        assert published is not None
        person_keys = _person_keys(published.indexes)
        assert person_keys and person_keys <= _cache_keys(data_dir), "the person's texts were never indexed"

        done = run_cli(data_dir, "forget", person)
        assert done.returncode == 0, done.stdout + done.stderr
        time.sleep(1.0)  # the server moves to the new generation within 0.5 s

        for needle in ("zabrowski", PERSON_EMAIL, PHONE_DIGITS, "quentin-zabrowski"):
            assert _sparql(server.url, needle) == [], needle
        after = _everything_served(server.url, person_path)
        for trace in TRACES:
            assert trace.lower() not in after.lower(), f"{trace!r} is still served"
        assert OTHER_NAME in after  # only the forgotten person went
        page = requests.get(server.url + person_path, headers={"Accept": "text/html"}, timeout=60)
        assert page.status_code in (404, 410)
        assert PERSON_NAME not in page.text

        # A whole document: the news page.
        news = next(
            str(r["s"]["value"])
            for r in _sparql(server.url, "repair cafe turns one")
            if "/id/doc/" in str(r["s"]["value"])
        )
        done = run_cli(data_dir, "forget", news)
        assert done.returncode == 0, done.stdout + done.stderr
        time.sleep(1.0)
        assert _sparql(server.url, "repair cafe turns one") == []
        assert _sparql(server.url, "800 appliances") == []
        assert "repair cafe turns one" not in _everything_served(server.url, person_path).lower()

    published = Layout(data_dir).published()
    assert published is not None
    with ChunkTable(published.indexes / "chunks.sqlite", readonly=True) as table:
        texts = "\n".join(text for _i, _e, _l, text, _t, _k in table.rows()).lower()
    for trace in TRACES:
        assert trace.lower() not in texts, f"{trace!r} is still in the search index"
    assert not person_keys & _cache_keys(data_dir), "the embedding cache still holds the person's texts"
    assert [p.name for p in Layout(data_dir).snapshots.iterdir()] == [published.snapshot.name]
    assert run_cli(data_dir, "check").returncode == 0
    export = run_cli(data_dir, "export", "--format", "nq")
    for trace in TRACES:
        assert trace.lower() not in export.stdout.lower(), f"{trace!r} is in the export"
    # Re-ingesting changed versions of the pages and the export does not bring the person back.
    write_contact_page(inputs / "waste.html", "https://testvale.example.org/waste", extra="Open on Mondays.")
    write_practices(inputs / "practices.csv", 1, count=3, contact=f"{PERSON_NAME} ({PERSON_EMAIL})")
    with Ingestor(settings) as ingestor:
        summary = ingestor.ingest([inputs])
    assert summary.counts["replaced"] == 4, summary.render()
    export = run_cli(data_dir, "export", "--format", "nq").stdout.lower()
    for trace in TRACES:
        assert trace.lower() not in export, f"{trace!r} came back with a re-ingest"
    assert "[removed]" in export and OTHER_NAME.lower() in export


def test_forget_leaves_no_bytes_in_the_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    page = write_contact_page(tmp_path / "in" / "waste.html", "https://testvale.example.org/waste")
    with Ingestor(make_settings(data_dir)) as ingestor:
        ingestor.ingest([page])
    export = run_cli(data_dir, "export", "--format", "nq").stdout
    person = next(
        word.strip("<>") for word in export.split() if "/id/person/" in word and "quentin-zabrowski" in word
    )
    assert run_cli(data_dir, "forget", person).returncode == 0
    found = [
        str(path.relative_to(data_dir))
        for path in data_dir.rglob("*")
        if path.is_file() and b"Zabrowski" in path.read_bytes()
    ]
    assert found == []
