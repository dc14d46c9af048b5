"""Bad and unusual input files: encodings, delimiters, wrong content, missing columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.mappings import (
    FileError,
    Mapping,
    MappingError,
    RecordError,
    RecordImportError,
    load_mapping,
    read_records,
)
from ingest.records import ExtractedDocument

FIXTURES = Path(__file__).parent / "fixtures" / "records"
GRANTS = FIXTURES / "grants_test.toml"

LITHUANIAN_ROWS = [
    ("LT-7", "Žaliųjų pirkimų skatinimas savivaldybėje", "Pavyzdžio miesto savivaldybė"),
    ("LT-8", "Atliekų rūšiavimas mokyklose", "Kauno krašto pavyzdinė bendrija"),
    ("LT-9", "Dviračių takų plėtra Šiaulių pavyzdyje", "Pavyzdžio rajono savivaldybė"),
]


def _grants_csv(rows: list[tuple[str, str, str]] = LITHUANIAN_ROWS, delimiter: str = ";") -> str:
    header = ["Kodas", "Pavadinimas", "Pareiškėjas", "Tipas", "Nuoroda", "Pradžia", "Pabaiga"]
    header += ["Partneriai", "Suma", "Valiuta", "Sritis", "Vieta", "Kontaktas", "Telefonas", "El. paštas"]
    lines = [delimiter.join(header)]
    for code, title, org in rows:
        cells = [code, title, org, "-", "-", "2016-01-01", "2017-01-01", "-", "10", "EUR", "-", "-"]
        lines.append(delimiter.join([*cells, "-", "-", "-"]))
    return "\n".join(lines) + "\n"


def _docs(path: Path, mapping: Mapping) -> list[ExtractedDocument]:
    results = list(read_records(path, mapping))
    assert not [r for r in results if isinstance(r, RecordError)]
    return [r for r in results if isinstance(r, ExtractedDocument)]


def _mapping_with(tmp_path: Path, extra: str) -> Mapping:
    text = GRANTS.read_text(encoding="utf-8").replace('absent = ["-"]', f'absent = ["-"]\n{extra}')
    path = tmp_path / "grants_variant.toml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def test_cp1257_csv_is_read_correctly_or_refused_never_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "grants_cp1257.csv"
    path.write_bytes(_grants_csv().encode("cp1257"))
    mapping = load_mapping(GRANTS)
    try:
        titles = [d.title for d in _docs(path, mapping)]
    except FileError as exc:
        assert "grants_cp1257.csv" in str(exc) and "encoding" in str(exc) and "UTF-8" in str(exc)
    else:
        assert titles == [title for _, title, _ in LITHUANIAN_ROWS]


def test_an_encoding_named_in_the_mapping_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "grants_cp1257.csv"
    path.write_bytes(_grants_csv().encode("cp1257"))
    docs = _docs(path, _mapping_with(tmp_path, 'encoding = "cp1257"'))
    assert [d.title for d in docs] == [title for _, title, _ in LITHUANIAN_ROWS]
    assert docs[0].extra["encoding"] == "cp1257"


def test_a_wrong_encoding_in_the_mapping_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "grants.csv"
    path.write_bytes(_grants_csv().encode("cp1257"))
    with pytest.raises(
        FileError, match=r"grants.csv: not valid utf-8 at byte \d+ \(the mapping says utf-8\)"
    ):
        read_records(path, _mapping_with(tmp_path, 'encoding = "utf-8"'))
    path.write_bytes(_grants_csv().encode("utf-16-le"))  # ASCII as UTF-16 is valid UTF-8, with NULs
    with pytest.raises(FileError, match="NUL characters"):
        read_records(path, _mapping_with(tmp_path, 'encoding = "utf-8"'))
    assert len(_docs(path, _mapping_with(tmp_path, 'encoding = "utf-16-le"'))) == 3


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "grants.csv"
    path.write_bytes(_grants_csv().encode(encoding))
    docs = _docs(path, load_mapping(GRANTS))
    assert [d.title for d in docs] == [title for _, title, _ in LITHUANIAN_ROWS]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_csv_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "grants.csv"
    path.write_text(_grants_csv(delimiter=delimiter), encoding="utf-8")
    assert len(_docs(path, load_mapping(GRANTS))) == 3


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"Kodas;Pavadinimas\x00\x00\x01\x02;\xff\xfe\x00", "binary"),
        ("Kodas;Pavadinimas".encode("utf-16-le"), "NUL"),
        (b"<!DOCTYPE html>\n<html><body><table><tr><td>Kodas</td></tr></table></body></html>", "HTML"),
        (b'[{"Kodas": "LT-1", "Pavadinimas": "x"}]', "JSON"),
        (_grants_csv(rows=[]).encode(), "no records"),
        (b"just one line of prose\n", "header"),
    ],
)
def test_files_that_are_not_csv_exports(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "grants.csv"
    path.write_bytes(content)
    with pytest.raises(FileError) as err:
        list(read_records(path, load_mapping(GRANTS)))
    assert str(err.value).startswith("grants.csv: ") and words in str(err.value), str(err.value)


def test_a_mapping_column_missing_from_the_file_names_mapping_column_and_file(tmp_path: Path) -> None:
    path = tmp_path / "grants.csv"
    path.write_text(_grants_csv().replace("Sritis", "Tema"), encoding="utf-8")
    with pytest.raises(MappingError) as err:
        read_records(path, load_mapping(GRANTS))
    message = str(err.value)
    assert "grants_test" in message and "'Sritis'" in message and "grants.csv" in message
    assert "tags[0].column" in message


def test_errors_share_a_base_class() -> None:
    assert issubclass(FileError, RecordImportError) and issubclass(MappingError, RecordImportError)
    assert issubclass(RecordImportError, ValueError)


def test_a_file_whose_extension_does_not_fit_the_mapping(tmp_path: Path) -> None:
    path = tmp_path / "grants.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(FileError, match="reads csv"):
        read_records(path, load_mapping(GRANTS))


# -- JSON and JSON Lines ---------------------------------------------------------------------------


def test_invalid_json_document_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "projects.json"
    path.write_text('[{"ärende-id": "1", ', encoding="utf-8")
    with pytest.raises(FileError, match=r"projects.json: not valid JSON: .* line 1"):
        read_records(path, load_mapping("se_eu_funds"))


@pytest.mark.parametrize(("content", "words"), [('{"a": 1}', "JSON array"), ("[]", "no records")])
def test_json_without_records(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "projects.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FileError, match=words):
        read_records(path, load_mapping("se_eu_funds"))


def test_json_records_under_a_key(tmp_path: Path) -> None:
    records = json.loads((FIXTURES / "se_sample.json").read_text(encoding="utf-8"))
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"meta": {"n": 4}, "projects": records}), encoding="utf-8")
    text = (Path(load_mapping("se_eu_funds").path)).read_text(encoding="utf-8")
    mapping_path = tmp_path / "se_wrapped.toml"
    mapping_path.write_text(text.replace('format = "json"', 'format = "json"\nrecords_key = "projects"'))
    docs = _docs(path, load_mapping(mapping_path))
    assert [d.extra["record_key"] for d in docs] == ["9000001", "9000002", "9000003", "9000004"]
    with pytest.raises(FileError, match="no top-level key 'projects'"):
        other = tmp_path / "plain.json"
        other.write_text(json.dumps(records), encoding="utf-8")
        read_records(other, load_mapping(mapping_path))


def test_a_json_document_named_jsonl_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('[\n  {"id": 1,\n   "title": "x"}\n]\n', encoding="utf-8")
    with pytest.raises(FileError, match="not JSON Lines"):
        read_records(path, load_mapping("participedia_cases"))


def test_jsonl_key_missing_from_every_record_is_a_mapping_error(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    lines = (FIXTURES / "participedia_sample.jsonl").read_text(encoding="utf-8").splitlines()
    good = [json.loads(line) for line in lines if line.startswith("{") and line.endswith("}")]
    for record in good:
        record.pop("specific_topics")
    path.write_text("\n".join(json.dumps(r) for r in good) + "\n", encoding="utf-8")
    with pytest.raises(MappingError, match="'specific_topics' does not exist"):
        read_records(path, load_mapping("participedia_cases"))
