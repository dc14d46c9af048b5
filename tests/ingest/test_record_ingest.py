"""The three real exports through the whole pipeline into a temporary store, checked by SPARQL.

Every expected figure is computed from the export files here, not taken from the mapping engine.
Slow (about a minute on 2 cores): the store is built once for the module.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from ingest.pipeline import Ingestor, Summary
from kg import settings as settings_mod
from kg.cli import export
from kg.iris import Minter, slug
from kg.store import Store
from ontology.countries import country_iri

pytestmark = [pytest.mark.slow, pytest.mark.shared]

CE = "corpus/ce-good-practices/good_practices.csv"
PARTICIPEDIA = "corpus/participedia/derived/cases_joined.jsonl"
SWEDEN = "corpus/eu-funds-projects/SE/Sweden_all_funds_2014-2020.json"

PREFIXES = """
PREFIX cg: <https://w3id.org/civicgraph/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Documents whose practice or project is tagged in the scheme with notation ?key.
TAGGED_DOCUMENTS = (
    PREFIXES
    + """
SELECT ?key (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?g {
    VALUES ?type { cg:GoodPractice schema:Project }
    ?x a ?type ; dcterms:subject ?t .
    ?t skos:inScheme ?scheme . ?scheme skos:notation ?key .
  }
} GROUP BY ?key"""
)
# Per concept of the scheme ?key: the number of documents using it, keyed by ?via (label or notation).
TAG_USE = (
    PREFIXES
    + """
SELECT ?key ?via ?code (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?g {
    VALUES ?type { cg:GoodPractice schema:Project }
    ?x a ?type ; dcterms:subject ?t .
    ?t skos:inScheme ?scheme ; ?via ?code . ?scheme skos:notation ?key .
  }
} GROUP BY ?key ?via ?code"""
)
AMOUNTS = (
    PREFIXES
    + """
SELECT ?currency (COUNT(DISTINCT ?g) AS ?n) (SUM(?value) AS ?total) WHERE {
  GRAPH ?g {
    ?p a schema:Project ; cg:funding ?f .
    ?f schema:amount ?a . ?a schema:value ?value ; schema:currency ?currency .
  }
} GROUP BY ?currency"""
)
ORGANISATIONS_IN = (
    PREFIXES
    + """
SELECT ?country (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?o a org:Organization ; cg:country ?country } }
GROUP BY ?country"""
)


def _rows(shared: Path) -> dict[str, list[dict[str, Any]]]:
    with (shared / CE).open(encoding="utf-8", newline="") as handle:
        ce = list(csv.DictReader(handle))
    lines = (shared / PARTICIPEDIA).read_text(encoding="utf-8").split("\n")
    participedia = [json.loads(line) for line in lines if line.strip()]
    sweden = json.loads((shared / SWEDEN).read_text(encoding="utf-8"))
    return {"ce": ce, "participedia": participedia, "sweden": sweden}


@pytest.fixture(scope="module")
def rows(shared_dir: Path) -> dict[str, list[dict[str, Any]]]:
    return _rows(shared_dir)


@pytest.fixture(scope="module")
def store_settings(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> settings_mod.Settings:
    return settings_mod.load({}, data_dir=str(tmp_path_factory.mktemp("records") / "store"))


@pytest.fixture(scope="module")
def first_summary(store_settings: settings_mod.Settings, shared_dir: Path) -> Summary:
    return _ingest(store_settings, [shared_dir / CE, shared_dir / PARTICIPEDIA, shared_dir / SWEDEN])


def _ingest(settings: settings_mod.Settings, paths: list[Path]) -> Summary:
    with Ingestor(settings, builders=[]) as ingestor:
        return ingestor.ingest(paths)


def _select(settings: settings_mod.Settings, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    with Store.open_reader(settings) as store:
        return [tuple(row) for row in store.query(query, bindings)]  # type: ignore[arg-type]


def _count(settings: settings_mod.Settings, query: str, **bindings: Any) -> int:
    """The count (last column) of a query grouped by its bound variables; 0 when nothing matched."""
    found = _select(settings, query, **bindings)
    assert len(found) <= 1
    return int(found[0][-1]) if found else 0


def _sorted_export(settings: settings_mod.Settings) -> list[str]:
    buffer = io.BytesIO()
    with Store.open_reader(settings) as store:
        export(store, "nq", buffer)
    return sorted(buffer.getvalue().decode("utf-8").split("\n"))


def test_every_record_is_stored(first_summary: Summary, rows: dict) -> None:
    counts = first_summary.counts
    assert counts["refused"] == 0, first_summary.render()[:2000]
    assert counts["added"] == len(rows["ce"]) + len(rows["participedia"]) + len(rows["sweden"]) == 1646


def _present(value: str) -> bool:
    return value.strip() not in {"", "N/A"}


@pytest.mark.parametrize(
    ("scheme", "source", "has_tag"),
    [
        ("ce-key-area", "ce", lambda r: _present(r["Key Area"])),
        ("ce-sector", "ce", lambda r: _present(r["Sector"])),
        ("participedia-issue", "participedia", lambda r: bool(r["issues"])),
        ("participedia-topic", "participedia", lambda r: bool(r["specific_topics"])),
        ("participedia-tag", "participedia", lambda r: bool(r["tags"])),
        ("se-thematic-objective", "sweden", lambda r: bool(r["tematiskt_mål"])),
        ("se-priority", "sweden", lambda r: bool(r["insatsområde"])),
    ],
)
def test_tagged_documents_per_scheme(
    first_summary: Summary,
    store_settings: settings_mod.Settings,
    rows: dict,
    scheme: str,
    source: str,
    has_tag: Any,
) -> None:
    expected = sum(1 for r in rows[source] if has_tag(r))
    assert expected > 0
    assert _count(store_settings, TAGGED_DOCUMENTS, key=Literal(scheme)) == expected


def _tag_use(settings: settings_mod.Settings, scheme: str, via: URIRef) -> Counter[str]:
    found = _select(settings, TAG_USE, key=Literal(scheme), via=via)
    return Counter({str(code): int(n) for _, _, code, n in found})


SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_tag_use_per_concept_matches_the_files(
    first_summary: Summary, store_settings: settings_mod.Settings, rows: dict
) -> None:
    expected_key_areas = Counter(
        area for r in rows["ce"] for area in {p.strip() for p in r["Key Area"].split(",") if _present(p)}
    )
    assert _tag_use(store_settings, "ce-key-area", URIRef(SKOS + "prefLabel")) == expected_key_areas
    for column, scheme in (("issues", "participedia-issue"), ("specific_topics", "participedia-topic")):
        expected = Counter(v for r in rows["participedia"] for v in set(r[column]))
        assert _tag_use(store_settings, scheme, URIRef(SKOS + "notation")) == expected
    expected_se = Counter(r["tematiskt_mål"] for r in rows["sweden"])
    assert _tag_use(store_settings, "se-thematic-objective", URIRef(SKOS + "prefLabel")) == expected_se


def test_projects_with_amounts(
    first_summary: Summary, store_settings: settings_mod.Settings, rows: dict
) -> None:
    with_sek = [r for r in rows["sweden"] if r["beviljat_belopp_sek"]]
    [(_, n, total)] = _select(store_settings, AMOUNTS, currency=Literal("SEK"))
    assert int(n) == len(with_sek)
    assert Decimal(str(total)) == sum(Decimal(r["beviljat_belopp_sek"]) for r in with_sek)
    with_eur = sum(1 for r in rows["sweden"] if r["beviljat_belopp_eur"])
    assert len(_select(store_settings, AMOUNTS, currency=Literal("EUR"))) == (1 if with_eur else 0)


@pytest.mark.parametrize(("code", "ce_country"), [("SE", "Sweden"), ("IT", "Italy"), ("NO", "Other (Norway")])
def test_organisations_by_country(
    first_summary: Summary, store_settings: settings_mod.Settings, rows: dict, code: str, ce_country: str
) -> None:
    names = {slug(r["Organisation"]) for r in rows["ce"] if r["Country"].startswith(ce_country)}
    names.discard(slug("N/A"))
    if code == "SE":
        names |= {slug(r["stödmottagare"]) for r in rows["sweden"]}
    assert names
    assert _count(store_settings, ORGANISATIONS_IN, country=country_iri(code)) == len(names)


def test_reingesting_changes_nothing(
    first_summary: Summary, store_settings: settings_mod.Settings, shared_dir: Path
) -> None:
    before = _sorted_export(store_settings)
    summary = _ingest(store_settings, [shared_dir / CE, shared_dir / PARTICIPEDIA, shared_dir / SWEDEN])
    assert summary.counts["unchanged"] == 1646 and summary.counts["added"] == summary.counts["replaced"] == 0
    assert _sorted_export(store_settings) == before


def test_one_changed_record_replaces_only_its_graph(
    first_summary: Summary, store_settings: settings_mod.Settings, shared_dir: Path, tmp_path: Path
) -> None:
    records = json.loads((shared_dir / SWEDEN).read_text(encoding="utf-8"))
    changed = records[7]
    changed["projektnamn"] = "Ett ändrat projektnamn för testet"
    copy = tmp_path / Path(SWEDEN).name  # same file name: same document identities
    copy.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    before = set(_sorted_export(store_settings))
    summary = _ingest(store_settings, [copy])
    assert (summary.counts["replaced"], summary.counts["unchanged"]) == (1, len(records) - 1)
    after = set(_sorted_export(store_settings))
    graph = Minter(store_settings.base_url).document(f"{copy.name}#{changed['ärende-id']}")
    differing = before ^ after
    assert differing and all(line.rstrip(" .").endswith(f"<{graph}>") for line in differing)
    assert any("Ett ändrat projektnamn för testet" in line for line in after - before)
