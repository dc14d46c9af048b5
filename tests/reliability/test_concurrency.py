"""Concurrency: the production server answers searches, pages and SPARQL while ingests run, and every
answer shows each practice in its old or its new version, never a mix.

A writer re-ingests the export again and again, switching every practice between version 0
(``alpha``) and version 1 (``omega``) in each run; readers poll ``/api/search``, ``/sparql``, a
resource page and ``/health`` meanwhile. Since one ingest changes every practice at once, one answer
holding both versions would mean a reader saw two generations (or half a document) at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from ingest.pipeline import Ingestor
from tests.reliability.helpers import PRACTICE_FACTS, make_settings, run_cli, version_of, write_practices
from tests.reliability.server import Server

pytestmark = pytest.mark.slow

COUNT = 6
INGESTS = 3
READERS = 3
PAGE = "/id/practice/example-org-good-practices-reliability-1"
SPARQL_JSON = "application/sparql-results+json"


@dataclass
class Seen:
    answers: int = 0
    errors: list[str] = field(default_factory=list)
    mixes: list[str] = field(default_factory=list)
    versions: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, url: str, status: int, versions: set[int], detail: str = "") -> None:
        with self.lock:
            self.answers += 1
            if status != 200:
                self.errors.append(f"{status} {url[:80]} {detail[:200]}")
            elif len(versions) > 1:
                self.mixes.append(f"{url[:80]}: {detail[:300]}")
            self.versions |= versions


def _sparql_versions(body: dict[str, object]) -> tuple[set[int], str]:
    bindings = body["results"]["bindings"]  # type: ignore[index]
    versions: set[int] = set()
    for row in bindings:
        title, description = version_of(row["title"]["value"]), version_of(row["description"]["value"])
        if title != description or len(title) != 1:
            return {
                0,
                1,
            }, f"{row['practice']['value']}: {row['title']['value']} / {row['description']['value']}"
        versions |= title
    if len(bindings) != COUNT:
        return {0, 1}, f"{len(bindings)} practices instead of {COUNT}"
    return versions, str(sorted(versions))


def _read(base: str, seen: Seen, stop: threading.Event) -> None:
    session = requests.Session()
    sparql = base + "/sparql?query=" + quote(PRACTICE_FACTS)
    while not stop.is_set():
        for marker in ("alphawaste", "omegawaste"):
            url = f"{base}/api/search?q={marker}&type=practice&limit=50"
            response = session.get(url, timeout=30)
            if response.status_code == 200:
                hits = response.json()["results"]
                text = " | ".join(f"{h['title']} :: {h['snippet']}" for h in hits)
                seen.record(url, 200, version_of(text), text)
            else:
                seen.record(url, response.status_code, set(), response.text)
        response = session.get(sparql, headers={"Accept": SPARQL_JSON}, timeout=30)
        if response.status_code == 200:
            versions, detail = _sparql_versions(response.json())
            seen.record(sparql, 200, versions, detail)
        else:
            seen.record(sparql, response.status_code, set(), response.text)
        page = session.get(base + PAGE, headers={"Accept": "text/html"}, timeout=30)
        seen.record(PAGE, page.status_code, version_of(page.text), page.text[:300])
        health = session.get(base + "/health", timeout=30)
        seen.record("/health", health.status_code, set(), health.text)


def test_readers_see_old_or_new_never_a_mix_while_ingesting(tmp_path: Path) -> None:
    data_dir, export = tmp_path / "store", tmp_path / "in" / "practices.csv"
    write_practices(export, 0, COUNT)
    with Ingestor(make_settings(data_dir)) as ingestor:
        ingestor.ingest([export])
    seen = Seen()
    stop = threading.Event()
    with Server(data_dir, threads=8) as server:
        readers = [threading.Thread(target=_read, args=(server.url, seen, stop)) for _ in range(READERS)]
        for reader in readers:
            reader.start()
        outcomes = []
        try:
            for run in range(1, INGESTS + 1):
                write_practices(export, run % 2, COUNT)
                outcomes.append(run_cli(data_dir, "ingest", str(export)))
                time.sleep(0.7)  # the server looks at CURRENT every 0.5 s
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=60)
    for done in outcomes:
        assert done.returncode == 0, done.stderr[-2000:]
        assert f"{COUNT} replaced" in done.stdout, done.stdout
    assert seen.errors == [], seen.errors[:5]
    assert seen.mixes == [], seen.mixes[:5]
    assert seen.versions == {0, 1}, "the readers never saw the new version: nothing was tested"
    assert seen.answers >= 20, seen.answers
