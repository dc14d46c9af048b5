"""Hostile documents: every generated bad input is handled with a clear status, through the Python
API and through ``civicgraph ingest``; the process never dies; nothing stored before is lost;
nothing outside is fetched; entity bombs, file canaries, control and bidi characters and script
bodies never reach the store. The inputs are made at test time (tests/reliability/hostile.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from kg.check import check
from kg.layout import Layout
from kg.manifest import Manifest
from kg.settings import Settings
from tests.reliability.helpers import (
    REPO,
    cli_env,
    graph_texts,
    make_settings,
    run_cli,
    stored_values,
    write_contact_page,
    write_practices,
)
from tests.reliability.hostile import (
    ADDED,
    FORBIDDEN_CHARS,
    MAX_BYTES,
    Case,
    outcome_kind,
    write_cases,
)
from tests.reliability.hostile_blocks import Trap

pytestmark = pytest.mark.slow


@dataclass
class CliRun:
    """``civicgraph ingest`` of every case, started in the background on its own copy of the store
    (it runs while the Python API test runs: the two passes take turns on two cores)."""

    settings: Settings
    before: dict[str, set[str]]
    rows: dict[str, str]
    process: subprocess.Popen[str]


@dataclass
class Suite:
    cases: list[Case]
    trap: Trap
    template: Path  # a data dir holding the sentinel documents (copy it, never change it)
    inputs: Path
    cli: CliRun


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    root = tmp_path_factory.mktemp("hostile")
    trap = Trap()
    cases = write_cases(root / "in", root / "secret" / "canary.txt", trap.port)
    sentinel = root / "sentinel"
    write_practices(sentinel / "practices.csv", 0, count=3)
    write_contact_page(sentinel / "waste.html", "https://testvale.example.org/waste")
    template = root / "template"
    with Ingestor(_settings(template)) as ingestor:
        summary = ingestor.ingest([sentinel])
    assert summary.counts["added"] == 4, summary.render()
    settings = _copy(template, root / "cli-store")
    paths = [str(c.path) for c in cases if c.path.exists() or c.path.is_symlink()]
    process = subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "ingest", *paths],
        cwd=REPO,
        env=cli_env(settings.data_path, max_document_bytes=str(MAX_BYTES)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    cli = CliRun(settings, graph_texts(settings), _stored_rows(settings), process)
    yield Suite(cases, trap, template, root / "in", cli)
    if process.poll() is None:
        process.kill()
    process.communicate()
    trap.close()


def _settings(data_dir: Path) -> Settings:
    return make_settings(data_dir, max_document_bytes=MAX_BYTES)


def _copy(template: Path, target: Path) -> Settings:
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("write.lock"))
    return _settings(target)


def _stored_rows(settings: Settings) -> dict[str, str]:
    with Manifest(Layout(settings.data_path).manifest, readonly=True) as manifest:
        return {row.iri: row.content_hash for row in manifest.documents()}


def _chunk_texts(settings: Settings) -> str:
    from kg.search_table import ChunkTable

    published = Layout(settings.data_path).published()
    assert published is not None
    with ChunkTable(published.indexes / "chunks.sqlite", readonly=True) as table:
        return "\n".join(text for _i, _e, _l, text, _t, _k in table.rows())


def _judge(case: Case, outcomes: list[tuple[str, str | None]]) -> list[str]:
    problems = []
    if not outcomes:
        problems.append("no outcome reported")
    for status, reason in outcomes:
        kind = outcome_kind(status, reason)
        if kind not in case.allowed:
            problems.append(f"{kind} ({reason}) not in {sorted(case.allowed)}")
        if status == "refused" and not (reason or "").strip():
            problems.append("refused without a reason")
        if status == "refused" and case.reason and not re.search(case.reason, reason or "", re.IGNORECASE):
            problems.append(f"reason {reason!r} does not say /{case.reason}/")
    return problems


def _assert_nothing_leaked(suite: Suite, settings: Settings, before: dict[str, set[str]]) -> None:
    after = graph_texts(settings)
    for graph, triples in before.items():
        assert after.get(graph) == triples, f"stored graph {graph} changed"
    stored = "\n".join(stored_values(settings))
    searchable = _chunk_texts(settings)
    for case in suite.cases:
        for text in case.forbidden:
            assert text not in stored, f"{case.name}: {text[:40]!r} reached the store"
            assert text not in searchable, f"{case.name}: {text[:40]!r} reached the search index"
    bad = FORBIDDEN_CHARS.search(stored)
    assert bad is None, f"control or bidi character {bad.group()!r} stored"
    assert FORBIDDEN_CHARS.search(searchable) is None
    assert suite.trap.connections() == 0, "a document made the ingest connect somewhere"


def test_at_least_forty_hostile_inputs(suite: Suite) -> None:
    assert len(suite.cases) >= 40
    for word in ("empty", "binary", "huge", "utf", "control", "rtl", "homoglyph", "deep", "laughs", "xxe"):
        assert any(word in c.name for c in suite.cases) or any(word in c.reason for c in suite.cases), word
    assert any(c.name.endswith(".pdf") and "bomb" in c.name for c in suite.cases)
    assert any("zip" in c.name and c.name.endswith(".html") for c in suite.cases)
    assert not any(p.suffix == ".tmp" for p in suite.inputs.iterdir())


@pytest.mark.timeout(600)
def test_python_api_handles_every_case(suite: Suite, tmp_path: Path) -> None:
    settings = _copy(suite.template, tmp_path / "store")
    before, rows = graph_texts(settings), _stored_rows(settings)
    problems: dict[str, list[str]] = {}
    with Ingestor(settings) as ingestor:
        publish = ingestor.publish
        ingestor.publish = lambda **_: None  # type: ignore[method-assign]  # once, after all cases
        for case in suite.cases:
            try:
                summary = ingestor.ingest([case.path])
            except Exception as exc:  # the point: nothing may escape
                problems[case.name] = [f"raised {type(exc).__name__}: {str(exc)[:200]}"]
                continue
            found = _judge(case, [(o.status, o.reason) for o in summary.outcomes])
            if found:
                problems[case.name] = found
        publish()
    assert problems == {}, "\n".join(f"{name}: {p}" for name, p in problems.items())
    assert {iri: h for iri, h in _stored_rows(settings).items() if iri in rows} == rows
    _assert_nothing_leaked(suite, settings, before)
    report = check(settings)
    assert report.ok, report.render()


@pytest.mark.timeout(600)
def test_cli_ingest_of_all_hostile_inputs_exits_0(suite: Suite) -> None:
    settings, before, rows = suite.cli.settings, suite.cli.before, suite.cli.rows
    stdout, stderr = suite.cli.process.communicate(timeout=540)
    done = subprocess.CompletedProcess(suite.cli.process.args, suite.cli.process.returncode, stdout, stderr)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    summary = re.search(
        r"documents: (\d+) added, (\d+) unchanged, (\d+) replaced, (\d+) refused", done.stdout
    )
    assert summary, done.stdout[-2000:]
    refused = dict(re.findall(r"(?m)^  refused (.+?): (.*)$", done.stdout))
    assert int(summary.group(4)) == len(refused) or "\n" in "".join(refused)
    for case in suite.cases:
        if case.path.is_dir():
            continue
        if ADDED not in case.allowed:
            assert case.name in refused or case.path.name in refused, f"{case.name} not refused"
        if case.allowed == {ADDED}:
            assert case.path.name not in refused, f"{case.name} refused: {refused.get(case.path.name)}"
    assert {iri: h for iri, h in _stored_rows(settings).items() if iri in rows} == rows
    _assert_nothing_leaked(suite, settings, before)
    assert run_cli(settings.data_path, "check").returncode == 0


def test_updated_page_that_fails_to_parse_keeps_the_old_version(suite: Suite, tmp_path: Path) -> None:
    from kg.live import LiveView

    settings = _copy(suite.template, tmp_path / "store")
    page = tmp_path / "pages" / "notice.html"
    write_contact_page(page, "https://testvale.example.org/notice", extra="Bring a receipt.")
    with Ingestor(settings) as ingestor:
        assert ingestor.ingest([page]).counts["added"] == 1
    before, rows = graph_texts(settings), _stored_rows(settings)
    for broken in (
        b"\x89PNG\r\n\x1a\n" + bytes(3000),
        b"",
        b"<html><body><script>x()</script></body></html>",
    ):
        page.write_bytes(broken)
        with Ingestor(settings) as ingestor:
            summary = ingestor.ingest([page])
        assert [o.status for o in summary.outcomes] == ["refused"], summary.render()
        assert graph_texts(settings) == before
        assert _stored_rows(settings) == rows
    generation = LiveView(settings).current()
    try:
        titles = {
            row["t"].value
            for row in generation.store.ox.query(
                "SELECT ?t WHERE { ?d <http://purl.org/dc/terms/source> ?u ; "
                "<http://purl.org/dc/terms/title> ?t FILTER(CONTAINS(STR(?u), 'notice')) }",
                use_default_graph_as_union=True,
            )
        }
    finally:
        generation.store.close()
    assert titles, "the old version of the page is no longer served"


def test_same_document_from_two_urls(suite: Suite, tmp_path: Path) -> None:
    settings = _copy(suite.template, tmp_path / "store")
    first = write_contact_page(tmp_path / "a" / "waste.html", "https://testvale.example.org/a/waste")
    second = write_contact_page(tmp_path / "b" / "waste.html", "https://mirror.example.net/waste")
    with Ingestor(settings) as ingestor:
        summary = ingestor.ingest([first, second])
        assert [o.status for o in summary.outcomes] == ["added", "added"], summary.render()
        again = ingestor.ingest([first, second, first])
        assert {o.status for o in again.outcomes} == {"unchanged"}, again.render()
    query = (
        "SELECT DISTINCT ?person WHERE { ?person a <http://xmlns.com/foaf/0.1/Person> ; "
        "<http://xmlns.com/foaf/0.1/name> ?n FILTER(STR(?n) = 'Marta Ellingsworth') }"
    )
    generation_store = _open(settings)
    try:
        people = {
            row["person"].value for row in generation_store.ox.query(query, use_default_graph_as_union=True)
        }
        docs = {
            row["u"].value
            for row in generation_store.ox.query(
                "SELECT ?u WHERE { ?d a <https://w3id.org/civicgraph/ns#SourceDocument> ; "
                "<http://purl.org/dc/terms/source> ?u }",
                use_default_graph_as_union=True,
            )
        }
    finally:
        generation_store.close()
    assert len(people) == 1, people  # one person, however many copies of the page
    assert {"https://testvale.example.org/a/waste", "https://mirror.example.net/waste"} <= docs
    assert check(settings).ok


def _open(settings: Settings):  # type: ignore[no-untyped-def]
    from kg.store import Store

    return Store.open_reader(settings)
