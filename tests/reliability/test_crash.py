"""Crash consistency: ``civicgraph ingest`` killed (as by ``kill -9``) at each stage, then restarted.

The fault-injection setting (``CIVICGRAPH_FAULT_POINT``) makes the process ``os._exit(137)`` at a
named stage:

* ``after-graph``   — a document's new graph is written, its manifest row is not (ingest/pipeline.py);
* ``after-snapshot`` — all graphs and manifest rows are written, the new snapshot exists, no indexes;
* ``mid-index``     — the new generation's vector index is written, its lexical index is not
  (kg/indexing.py);
* ``before-current`` — snapshot and indexes are complete, neither the manifest's generation nor
  ``CURRENT`` is (kg/publish.py): the last step before the new generation is committed.

After each crash, readers still get the previous generation whole; ``civicgraph check`` exits 1
naming the problem; ``civicgraph check --repair`` rebuilds the derived data; then store, manifest,
vector and lexical indexes agree (counts and ids) and each practice is served in one version only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from kg.layout import Layout
from tests.reliability.helpers import (
    PERSON_NAME,
    agreement_problems,
    make_settings,
    run_cli,
    served,
    write_contact_page,
    write_practices,
)

pytestmark = pytest.mark.slow

COUNT = 8
#: fault point → how many practices are in the new version once the store is the authority again
POINTS = {"after-graph": 1, "after-snapshot": COUNT, "mid-index": COUNT, "before-current": COUNT}


@pytest.fixture(scope="module")
def old_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding version 0 of the export (copied by each test, never changed)."""
    root = tmp_path_factory.mktemp("crash")
    export = write_practices(root / "in" / "practices.csv", 0, COUNT)
    with Ingestor(make_settings(root / "store")) as ingestor:
        summary = ingestor.ingest([export])
    assert summary.counts["added"] == COUNT, summary.render()
    return root / "store"


def _ingest_old(old_store: Path, data_dir: Path, export: Path) -> None:
    shutil.copytree(old_store, data_dir, ignore=shutil.ignore_patterns("write.lock"))
    write_practices(export, 0, COUNT)


@pytest.mark.parametrize("point", sorted(POINTS))
def test_kill_at_each_stage_then_check_and_repair(old_store: Path, tmp_path: Path, point: str) -> None:
    data_dir, export = tmp_path / "store", tmp_path / "in" / "practices.csv"
    settings = make_settings(data_dir)
    _ingest_old(old_store, data_dir, export)
    before = served(settings)
    assert not before.mixes() and set(before.versions().values()) == {0}

    write_practices(export, 1, COUNT)
    crashed = run_cli(data_dir, "ingest", str(export), fault_point=point)
    assert crashed.returncode == 137, (crashed.returncode, crashed.stderr[-2000:])

    # After the crash (the "restart"): readers are still on the old generation, whole.
    after_crash = served(settings)
    assert after_crash.generation == before.generation
    assert not after_crash.mixes() and after_crash.versions() == before.versions()

    found = run_cli(data_dir, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "PROBLEM" in found.stdout

    repaired = run_cli(data_dir, "check", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "repaired" in repaired.stdout

    clean = run_cli(data_dir, "check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert agreement_problems(settings) == []
    now = served(settings)
    assert not now.mixes(), now.mixes()
    assert len(now.seen) == COUNT
    assert sorted(now.versions().values()).count(1) == POINTS[point]

    # A later ingest completes the interrupted one.
    with Ingestor(settings) as ingestor:
        ingestor.ingest([export])
    final = served(settings)
    assert not final.mixes() and set(final.versions().values()) == {1}
    assert agreement_problems(settings) == []


def test_crash_during_repair_is_repaired_by_the_next_repair(old_store: Path, tmp_path: Path) -> None:
    data_dir, export = tmp_path / "store", tmp_path / "in" / "practices.csv"
    settings = make_settings(data_dir)
    _ingest_old(old_store, data_dir, export)
    write_practices(export, 1, COUNT)
    assert run_cli(data_dir, "ingest", str(export), fault_point="after-graph").returncode == 137
    interrupted = run_cli(data_dir, "check", "--repair", fault_point="mid-index")
    assert interrupted.returncode == 137
    assert not served(settings).mixes()
    assert run_cli(data_dir, "check").returncode == 1
    assert run_cli(data_dir, "check", "--repair").returncode == 0
    assert run_cli(data_dir, "check").returncode == 0
    assert agreement_problems(settings) == []
    assert not served(settings).mixes()


def test_damaged_index_folder_is_found_and_rebuilt(old_store: Path, tmp_path: Path) -> None:
    """Derived data lost or damaged on disk (not by a crash): check finds it, repair rebuilds it."""
    data_dir, export = tmp_path / "store", tmp_path / "in" / "practices.csv"
    settings = make_settings(data_dir)
    _ingest_old(old_store, data_dir, export)
    published = Layout(data_dir).published()
    assert published is not None
    (published.indexes / "vectors.faiss").write_bytes(b"\0" * 64)
    found = run_cli(data_dir, "check")
    assert found.returncode == 1 and "vectors.faiss" in found.stdout
    assert run_cli(data_dir, "check", "--repair").returncode == 0
    assert run_cli(data_dir, "check").returncode == 0
    assert agreement_problems(settings) == []
    assert set(served(settings).versions().values()) == {0}


def test_forget_killed_before_publishing_is_found_repaired_and_finished(tmp_path: Path) -> None:
    """``forget`` changes graphs without changing any document's content hash: a crash before its
    publish must still be found by check, repaired, and a second ``forget`` must finish the job."""
    data_dir = tmp_path / "store"
    page = write_contact_page(tmp_path / "in" / "waste.html", "https://testvale.example.org/waste")
    with Ingestor(make_settings(data_dir)) as ingestor:
        ingestor.ingest([page])
    export = run_cli(data_dir, "export", "--format", "nq").stdout
    person = next(w.strip("<>") for w in export.split() if "/id/person/" in w and "quentin" in w)

    assert run_cli(data_dir, "forget", person, fault_point="before-current").returncode == 137
    assert PERSON_NAME in run_cli(data_dir, "export", "--format", "nq").stdout  # old generation served
    found = run_cli(data_dir, "check")
    assert found.returncode == 1, found.stdout
    assert run_cli(data_dir, "check", "--repair").returncode == 0
    assert PERSON_NAME not in run_cli(data_dir, "export", "--format", "nq").stdout
    again = run_cli(data_dir, "forget", person)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(list((data_dir / "snapshots").iterdir())) == 1  # older generations (with the person) gone
    assert run_cli(data_dir, "check").returncode == 0
    assert PERSON_NAME not in run_cli(data_dir, "export", "--format", "nq").stdout
