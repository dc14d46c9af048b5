"""A record of an export larger than the document limit is refused by name; the rest of the file goes in.

The limit is ``max_document_bytes`` (each record is a document): one value over it names its column;
a record over it only as a whole names the record. The files are invented and written at test time.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ingest.mappings import RecordError, load_mapping, read_records
from ingest.mappings.limits import oversize, value_bytes
from ingest.pipeline import produce
from ingest.records import ExtractedDocument
from kg import settings as settings_mod

CE_COLUMNS = (
    "Title",
    "Description",
    "Link",
    "Organisation",
    "Type of Organisation",
    "Country",
    "Language",
    "Key Area",
    "Sector",
    "Scope",
)
LIMIT = 100_000


def _practice(number: int, description: str, organisation: str = "Testvale Municipality") -> dict[str, str]:
    return {
        "Title": f"Repair café {number}",
        "Description": description,
        "Link": f"https://testvale.example.org/practice/{number}",
        "Organisation": organisation,
        "Type of Organisation": "Local public authority",
        "Country": "Sweden",
        "Language": "English",
        "Key Area": "Waste",
        "Sector": "Repair",
        "Scope": "Local",
    }


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_value_bytes_counts_utf8_and_nested_values() -> None:
    assert value_bytes("abc") == 3
    assert value_bytes("ąž") == 4
    # keys count too: "a" "xy" "b" "ė" "n" "12" "none" (None adds nothing)
    assert value_bytes({"a": ["xy", {"b": "ė"}], "n": 12, "none": None}) == 1 + 2 + 1 + 2 + 1 + 2 + 4


def test_oversize_names_the_column_or_the_record() -> None:
    assert oversize({"Title": "x" * 10}, 100) is None
    column, problem = oversize({"Title": "t", "Description": "x" * 200}, 100) or (None, "")
    assert column == "Description"
    assert "200 bytes" in problem and "max_document_bytes" in problem
    column, problem = oversize({"A": "x" * 60, "B": "y" * 60}, 100) or ("?", "")
    assert column is None
    assert "the record is 122 bytes" in problem


def test_one_huge_field_refuses_only_its_record(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "practices.csv",
        [
            _practice(1, "Residents fix bicycles."),
            _practice(2, "x" * (LIMIT + 1)),
            _practice(3, "Volunteers sort waste."),
        ],
    )
    results = list(read_records(path, load_mapping("ce_good_practices"), max_record_bytes=LIMIT))
    assert [type(r).__name__ for r in results] == ["ExtractedDocument", "RecordError", "ExtractedDocument"]
    error = results[1]
    assert isinstance(error, RecordError)
    assert (error.file, error.line, error.record, error.column) == ("practices.csv", 3, 2, "Description")
    assert str(error).startswith("practices.csv line 3, column 'Description': the value is 100,001 bytes")
    titles = [r.title for r in results if isinstance(r, ExtractedDocument)]
    assert titles == ["Repair café 1", "Repair café 3"]


def test_a_record_too_large_as_a_whole_is_refused(tmp_path: Path) -> None:
    half = "y" * (LIMIT // 2)
    path = _write_csv(tmp_path / "practices.csv", [_practice(1, half, organisation=half), _practice(2, "ok")])
    results = list(read_records(path, load_mapping("ce_good_practices"), max_record_bytes=LIMIT))
    assert isinstance(results[0], RecordError) and results[0].column is None
    assert "the record is" in results[0].problem
    assert isinstance(results[1], ExtractedDocument)


def test_json_lines_nested_values_count(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    empty = dict.fromkeys(("city", "province", "country", "start_date", "end_date", "original_language"), "")
    empty |= {"body_language_guess": "en", "issues": [], "specific_topics": [], "tags": []}
    records = [
        {**empty, "id": 1, "url": "https://cases.example.org/1", "title": "Vote", "body_text": "We vote."},
        {
            **empty,
            "id": 2,
            "url": "https://cases.example.org/2",
            "title": "Open data",
            "body_text": "Data.",
            "issues": ["open_data"] * (LIMIT // 8),
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    results = list(read_records(path, load_mapping("participedia_cases"), max_record_bytes=LIMIT))
    assert isinstance(results[0], ExtractedDocument)
    assert isinstance(results[1], RecordError)
    assert (results[1].line, results[1].column, results[1].column_word) == (2, "issues", "key")


def test_the_default_limit_lets_normal_records_in(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "practices.csv", [_practice(1, "z" * 1_000_000)])
    results = list(read_records(path, load_mapping("ce_good_practices")))
    assert isinstance(results[0], ExtractedDocument)


def test_the_pipeline_applies_max_document_bytes(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "practices.csv",
        [_practice(1, "Residents fix bicycles."), _practice(2, "x" * (LIMIT + 1))],
    )
    settings = settings_mod.load({}, data_dir=str(tmp_path / "store"), max_document_bytes=LIMIT)
    produced = list(produce([path], settings, suggest=False))
    assert [p.document is not None for p in produced] == [True, False]
    assert produced[1].reason is not None
    assert "line 3, column 'Description'" in produced[1].reason
    assert "max_document_bytes" in produced[1].reason
