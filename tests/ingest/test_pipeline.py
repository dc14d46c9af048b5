"""The ingest pipeline end to end on fictional inputs: outcomes, idempotence, bad input in a batch."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.pipeline import Ingestor
from kg.cli import export
from kg.layout import Layout
from kg.manifest import Manifest
from kg.settings import Settings
from kg.store import Store

RECORDS = Path(__file__).parent / "fixtures" / "records"


def dump(settings: Settings) -> list[bytes]:
    import io

    out = io.BytesIO()
    with Store.open_reader(settings) as store:
        export(store, "nq", out)
    return sorted(out.getvalue().splitlines())


def test_reingest_is_a_no_op(settings: Settings, tmp_path: Path) -> None:
    with Ingestor(settings, builders=[]) as ing:
        first = ing.ingest([RECORDS / "ce_sample.csv"])
    assert first.counts["added"] >= 1  # (the fixture also holds deliberately broken rows)
    before = dump(settings)
    with Ingestor(settings, builders=[]) as ing:
        second = ing.ingest([RECORDS / "ce_sample.csv"])
    assert second.counts["unchanged"] == first.counts["added"]
    assert dump(settings) == before


def test_bad_inputs_are_refused_and_the_batch_goes_on(settings: Settings, tmp_path: Path) -> None:
    with Ingestor(settings, builders=[]) as ing:
        ing.ingest([RECORDS / "ce_sample.csv"])
    before = dump(settings)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    unknown = tmp_path / "notes.xyz"
    unknown.write_text("hello", encoding="utf-8")
    good = tmp_path / "more.jsonl"
    shutil.copy(RECORDS / "participedia_sample.jsonl", good)
    with Ingestor(settings, builders=[]) as ing:
        summary = ing.ingest([empty, binary, unknown, tmp_path / "missing.csv", good])
    refused = {o.input: o.reason for o in summary.outcomes if o.status == "refused"}
    assert {"empty.csv", "binary.csv", "notes.xyz", "missing.csv"} <= set(refused)
    assert "empty" in refused["empty.csv"].lower()
    assert "unsupported file type" in refused["notes.xyz"]
    assert "no such file" in refused["missing.csv"]
    assert summary.counts["added"] >= 1  # the good file still went in
    after = dump(settings)
    assert set(before) <= set(after)  # nothing stored was lost
    with (
        Manifest(Layout(settings.data_path).manifest, readonly=True) as m,
        Store.open_reader(settings) as store,
    ):
        stored = {str(g) for g in store.graph_iris() if "/id/doc/" in str(g)}
        assert {row.iri for row in m.documents()} == stored


def test_summary_render_names_refusals(settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    with Ingestor(settings, builders=[]) as ing:
        summary = ing.ingest([empty])
    text = summary.render()
    assert "0 added" in text and "1 refused" in text and "empty.jsonl" in text
