"""The EU-funds exports of Denmark, Lithuania, Latvia and Poland through their mappings, on slices.

Each export in ../shared is cut at run time to its header and at most 40 rows (the first 25, then the
first 15 later rows whose beneficiary is a municipality or county by its name), written under its own
file name to a temporary folder and ingested into one store with the hashing encoder and no indexes.
Every expected figure is computed here from the slice's cells: documents, projects with amounts,
amounts per currency, lead organisations per country (municipalities under the key a page naming
them gets), every row's identifier or title, and a re-ingest that changes nothing. Nothing of the
files is kept in the repository, and failures print counts and keys, never a row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal

from ingest.mappings import MappingError, RecordError, detect_mapping, load_mapping, read_records
from ingest.pipeline import Ingestor, Summary
from ingest.resolve import match_name
from kg import settings as settings_mod
from kg.cli import export
from kg.iris import Minter, fold
from kg.store import Store
from ontology.countries import country_iri

pytestmark = pytest.mark.shared

EU = "corpus/eu-funds-projects"
FIRST, MUNICIPAL = 25, 15

Row = dict[str, str]


def _number(text: str, decimal: str) -> Decimal:
    thousands = "." if decimal == "," else ","
    return Decimal(text.replace(" ", "").replace(thousands, "").replace(decimal, "."))


@dataclass(frozen=True)
class Export:
    path: str
    mapping: str
    country: str
    delimiter: str
    title: str
    beneficiary: str
    currency: str
    amounts: Callable[[Row], list[Decimal]]  # the amounts a row states (zeros left out later)
    identifier: str | None = None


def _columns(*columns: str, decimal: str) -> Callable[[Row], list[Decimal]]:
    return lambda row: [_number(row[c], decimal) for c in columns if row[c].strip()]


def _lithuanian_amounts(row: Row) -> list[Decimal]:
    # The total is the contracted cost, or the application's value before a contract.
    cost, value = _number(row["Projekto išlaidų suma"], "."), _number(row["Projekto vertė paraiškoje"], ".")
    return [cost or value, _number(row["Finansavimas"], ".")]


EXPORTS = {
    "dk2014": Export(
        f"{EU}/DK/ERDF_Denmark_2014-2020.csv",
        "dk_eu_funds_2014",
        "DK",
        ",",
        "Projektitel / Operation name",
        "Kontraktansvarlig partner / Beneficiary name",
        "DKK",
        _columns("Budget / Budget", "EU-medfinansiering / Union co-financing", decimal=","),
    ),
    "dk2007": Export(
        f"{EU}/DK/ERDF_Denmark_2007-2013.csv",
        "dk_eu_funds_2007",
        "DK",
        ",",
        "projekttitel",
        "navn",
        "DKK",
        _columns("budget", "eu", decimal=","),
    ),
    "lt": Export(
        f"{EU}/LT/Paraisku_informacija_20161030.csv",
        "lt_eu_funds",
        "LT",
        ",",
        "Projektas",
        "Pareiškėjas/ Vykdytojas",
        "EUR",
        _lithuanian_amounts,
        identifier="Kodas",
    ),
    "lv": Export(
        f"{EU}/LV/all_funds_Latvia_2014-2020.csv",
        "lv_eu_funds",
        "LV",
        ",",
        "Projekta nosaukums",
        "Finansējuma saņēmējs",
        "EUR",
        _columns("Kopējais finansējums", "ES finansējums", decimal=","),
    ),
    "pl_erdf": Export(
        f"{EU}/PL/Poland_ERDF_2014_2020.utf8.csv",
        "pl_eu_funds",
        "PL",
        ";",
        "Tytuł projektu",
        "Nazwa beneficjenta",
        "PLN",
        _columns("Wartość projektu", "Dofinansowanie z EU", decimal="."),
    ),
    "pl_esf": Export(
        f"{EU}/PL/Poland_ESF_2014_2020.utf8.csv",
        "pl_eu_funds",
        "PL",
        ";",
        "Tytuł projektu",
        "Nazwa beneficjenta",
        "PLN",
        _columns("Wartość projektu", "Dofinansowanie z EU", decimal="."),
    ),
}

PREFIXES = """
PREFIX cg: <https://w3id.org/civicgraph/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
"""
# ?file binds a slice: its documents say dcterms:source "<file name>" (the records have no link).
DOCUMENTS = (
    PREFIXES
    + """
SELECT ?file ?g WHERE { GRAPH ?g { ?d dcterms:source ?file . ?p a schema:Project } }"""
)
WITH_AMOUNTS = (
    PREFIXES
    + """
SELECT ?file (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d dcterms:source ?file . ?p cg:funding ?f } }
GROUP BY ?file"""
)
AMOUNTS = (
    PREFIXES
    + """
SELECT ?file ?currency (COUNT(DISTINCT ?g) AS ?n) (SUM(?value) AS ?total) WHERE {
  GRAPH ?g {
    ?d dcterms:source ?file . ?p a schema:Project ; cg:funding ?f .
    ?f schema:amount ?a . ?a schema:value ?value ; schema:currency ?currency .
  }
} GROUP BY ?file ?currency"""
)
LEADS = (
    PREFIXES
    + """
SELECT ?file ?country (COUNT(DISTINCT ?o) AS ?n) WHERE {
  GRAPH ?g { ?d dcterms:source ?file . ?p cg:leadOrganization ?o . ?o cg:country ?country }
} GROUP BY ?file ?country"""
)
LEAD_IRIS = (
    PREFIXES
    + """
SELECT DISTINCT ?file ?o WHERE { GRAPH ?g { ?d dcterms:source ?file . ?p cg:leadOrganization ?o } }"""
)
IDENTIFIERS = (
    PREFIXES
    + """
SELECT ?file ?id WHERE {
  GRAPH ?g { ?d dcterms:source ?file . ?p a schema:Project ; dcterms:identifier ?id }
}"""
)
TITLES = (
    PREFIXES
    + """
SELECT ?file ?title WHERE {
  GRAPH ?g { ?d dcterms:source ?file . ?p a schema:Project ; dcterms:title ?title }
}"""
)
ORGANISATIONS_WITHOUT_COUNTRY = (
    PREFIXES
    + """
SELECT ?file (COUNT(DISTINCT ?o) AS ?n) WHERE {
  GRAPH ?g { ?d dcterms:source ?file . ?o a org:Organization . FILTER NOT EXISTS { ?o cg:country ?c } }
} GROUP BY ?file"""
)


def _read(path: Path, delimiter: str) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    return rows[0], rows[1:]


def _is_local_government(name: str, country: str) -> bool:
    found = match_name(name, country)
    return found is not None and found.type in {"municipality", "administration", "county"}


@dataclass
class Slice:
    export: Export
    path: Path
    rows: list[Row]


def _slice(shared: Path, export: Export, folder: Path) -> Slice:
    header, rows = _read(shared / export.path, export.delimiter)
    column = header.index(export.beneficiary)
    later = [r for r in rows[FIRST:] if _is_local_government(r[column], export.country)]
    chosen = rows[:FIRST] + later[:MUNICIPAL]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=export.delimiter, lineterminator="\n")
    writer.writerows([header, *chosen])
    path = folder / Path(export.path).name  # the file name as published (PL: it names the fund)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return Slice(export, path, [dict(zip(header, r, strict=True)) for r in chosen])


@pytest.fixture(scope="module")
def slices(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Slice]:
    folder = tmp_path_factory.mktemp("eu-slices")
    return {key: _slice(shared_dir, export, folder) for key, export in EXPORTS.items()}


@pytest.fixture(scope="module")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> settings_mod.Settings:
    data_dir = tmp_path_factory.mktemp("eu-store") / "store"
    return settings_mod.load({}, data_dir=str(data_dir), model="hashing:64")


def _ingest(settings: settings_mod.Settings, paths: list[Path]) -> Summary:
    with Ingestor(settings, builders=[]) as ingestor:
        return ingestor.ingest(paths)


@pytest.fixture(scope="module")
def first_summary(store_settings: settings_mod.Settings, slices: dict[str, Slice]) -> Summary:
    return _ingest(store_settings, [s.path for s in slices.values()])


def _select(settings: settings_mod.Settings, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    with Store.open_reader(settings) as store:
        return [tuple(row) for row in store.query(query, bindings)]  # type: ignore[arg-type]


def _export_lines(settings: settings_mod.Settings) -> list[str]:
    buffer = io.BytesIO()
    with Store.open_reader(settings) as store:
        export(store, "nq", buffer)
    return sorted(buffer.getvalue().decode("utf-8").split("\n"))


def _record_keys(s: Slice) -> list[str]:
    """The record keys the mapping's rule gives: the identifier or title, ``#2`` for a repeat."""
    seen: dict[str, int] = {}
    keys = []
    for row in s.rows:
        key = row[s.export.identifier or s.export.title].strip()
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def _lead_name(s: Slice, row: Row) -> str:
    name = " ".join(row[s.export.beneficiary].split())
    unit_pattern = load_mapping(s.export.mapping).organisation.unit_pattern  # type: ignore[union-attr]
    split = unit_pattern.fullmatch(name) if unit_pattern else None
    return " ".join(split.group("org").split()) if split else name


def _lead_key(s: Slice, row: Row) -> str:
    name = _lead_name(s, row)
    found = match_name(name, s.export.country)
    return found.key if found else name


def test_every_row_is_stored(first_summary: Summary, slices: dict[str, Slice]) -> None:
    counts = first_summary.counts
    assert counts["refused"] == 0, [o.reason for o in first_summary.outcomes if o.status == "refused"][:3]
    assert counts["added"] == sum(len(s.rows) for s in slices.values()) > 30 * len(EXPORTS)


@pytest.mark.parametrize("key", list(EXPORTS))
def test_documents_and_record_keys(
    first_summary: Summary, store_settings: settings_mod.Settings, slices: dict[str, Slice], key: str
) -> None:
    s = slices[key]
    file = Literal(s.path.name)
    minter = Minter(store_settings.base_url)
    expected = {str(minter.document(f"{s.path.name}#{k}")) for k in _record_keys(s)}
    found = {str(g) for _, g in _select(store_settings, DOCUMENTS, file=file)}
    assert len(found) == len(s.rows)
    assert found == expected
    titles = {fold(str(t)) for _, t in _select(store_settings, TITLES, file=file)}
    assert titles == {fold(r[s.export.title]) for r in s.rows}
    if s.export.identifier:
        ids = sorted(str(i) for _, i in _select(store_settings, IDENTIFIERS, file=file))
        assert ids == sorted(r[s.export.identifier].strip() for r in s.rows)


@pytest.mark.parametrize("key", list(EXPORTS))
def test_amounts_per_currency(
    first_summary: Summary, store_settings: settings_mod.Settings, slices: dict[str, Slice], key: str
) -> None:
    s = slices[key]
    stated = [[a for a in s.export.amounts(r) if a] for r in s.rows]
    file = Literal(s.path.name)
    [(_, n)] = _select(store_settings, WITH_AMOUNTS, file=file)
    assert int(n) == sum(1 for amounts in stated if amounts) > 0
    found = {
        str(c): (int(n), Decimal(str(total)))
        for _, c, n, total in _select(store_settings, AMOUNTS, file=file)
    }
    expected = (sum(1 for a in stated if a), sum((x for a in stated for x in a), Decimal(0)))
    assert found == {s.export.currency: expected}


@pytest.mark.parametrize("key", list(EXPORTS))
def test_lead_organisations_by_country_and_municipality_keys(
    first_summary: Summary, store_settings: settings_mod.Settings, slices: dict[str, Slice], key: str
) -> None:
    s = slices[key]
    file = Literal(s.path.name)
    minter = Minter(store_settings.base_url)
    leads = {str(minter.iri("org", _lead_key(s, r))) for r in s.rows}
    by_country = {str(c): int(n) for _, c, n in _select(store_settings, LEADS, file=file)}
    assert by_country == {str(country_iri(s.export.country)): len(leads)}
    assert {str(o) for _, o in _select(store_settings, LEAD_IRIS, file=file)} == leads
    assert any(_is_local_government(_lead_name(s, r), s.export.country) for r in s.rows)
    assert _select(store_settings, ORGANISATIONS_WITHOUT_COUNTRY, file=file) == []


def test_reingesting_the_slices_changes_nothing(
    first_summary: Summary, store_settings: settings_mod.Settings, slices: dict[str, Slice]
) -> None:
    before = _export_lines(store_settings)
    summary = _ingest(store_settings, [s.path for s in slices.values()])
    assert summary.counts["unchanged"] == sum(len(s.rows) for s in slices.values())
    assert summary.counts["added"] == summary.counts["replaced"] == summary.counts["refused"] == 0
    assert _export_lines(store_settings) == before


# -- choosing a mapping by the header -----------------------------------------------------------


@pytest.mark.parametrize("key", list(EXPORTS))
def test_the_header_selects_the_mapping(shared_dir: Path, key: str) -> None:
    export_ = EXPORTS[key]
    mapping = detect_mapping(shared_dir / export_.path)
    assert mapping is not None and mapping.name == export_.mapping


def test_a_header_two_mappings_fit_is_refused_with_both_named(shared_dir: Path, tmp_path: Path) -> None:
    lithuanian = load_mapping("lt_eu_funds")
    copy = tmp_path / "lt_copy.toml"
    copy.write_text(
        lithuanian.path.read_text(encoding="utf-8").replace('"lt_eu_funds"', '"lt_copy"'), "utf-8"
    )
    with pytest.raises(MappingError, match=r"fits several mappings \(lt_eu_funds, lt_copy\)"):
        detect_mapping(shared_dir / EXPORTS["lt"].path, [lithuanian, load_mapping(copy)])


def test_an_unknown_header_selects_nothing(shared_dir: Path, tmp_path: Path) -> None:
    header, rows = _read(shared_dir / EXPORTS["lv"].path, ",")
    renamed = tmp_path / "renamed.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[f"{c} (renamed)" for c in header], *rows[:3]])
    renamed.write_text(buffer.getvalue(), encoding="utf-8")
    assert detect_mapping(renamed) is None
    settings = settings_mod.load({}, data_dir=str(tmp_path / "store"), model="hashing:64")
    summary = _ingest(settings, [renamed])
    [outcome] = summary.outcomes
    assert outcome.status == "refused" and "no record mapping matches this file's columns" in (
        outcome.reason or ""
    )


@pytest.mark.parametrize("key", ["dk2014", "lt", "pl_esf"])
def test_bad_rows_are_refused_by_file_line_and_column(
    slices: dict[str, Slice], tmp_path: Path, key: str
) -> None:
    s = slices[key]
    header, rows = _read(s.path, s.export.delimiter)
    rows[2][header.index(s.export.title)] = "  "  # an empty title: the row is refused
    rows[4] = rows[4][:-1]  # a missing field
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=s.export.delimiter, lineterminator="\n").writerows([header, *rows])
    broken = tmp_path / s.path.name
    broken.write_text(buffer.getvalue(), encoding="utf-8")
    results = list(read_records(broken, load_mapping(s.export.mapping)))
    errors = [r for r in results if isinstance(r, RecordError)]
    assert [(e.record, e.column) for e in errors] == [(3, s.export.title), (5, None)]
    lines = [r.extra["line"] for r in results if not isinstance(r, RecordError)]
    assert all(e.line is not None and e.line not in lines for e in errors)
    assert str(errors[0]).startswith(f"{s.path.name} line {errors[0].line}, column '{s.export.title}': empty")
    assert str(errors[1]).endswith(f"has {len(header) - 1} fields, the header has {len(header)}")
    assert len(results) == len(s.rows)
