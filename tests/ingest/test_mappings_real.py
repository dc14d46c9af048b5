"""The shipped mappings on the real exports in ../shared (counts computed from the files themselves).

Assertions on personal data (names, phones, e-mails) compare counts only, so a failure never prints
a real person's contact details.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.mappings import RecordError, detect_mapping, read_records
from ingest.records import ExtractedDocument

pytestmark = pytest.mark.shared

CE = "corpus/ce-good-practices/good_practices.csv"
PARTICIPEDIA = "corpus/participedia/derived/cases_joined.jsonl"
SWEDEN = "corpus/eu-funds-projects/SE/Sweden_all_funds_2014-2020.json"


def _documents(path: Path, expected_mapping: str) -> list[ExtractedDocument]:
    mapping = detect_mapping(path)
    assert mapping is not None and mapping.name == expected_mapping
    results = list(read_records(path, mapping))
    errors = [str(r) for r in results if isinstance(r, RecordError)]
    assert errors == []
    return [r for r in results if isinstance(r, ExtractedDocument)]


def _tags(docs: list[ExtractedDocument], scheme: str, attr: str = "label") -> Counter[str]:
    return Counter(
        getattr(t, attr) for d in docs for e in d.practices + d.projects for t in e.tags if t.scheme == scheme
    )


@pytest.fixture(scope="module")
def ce(shared_dir: Path) -> tuple[list[dict[str, str]], list[ExtractedDocument]]:
    path = shared_dir / CE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, _documents(path, "ce_good_practices")


@pytest.fixture(scope="module")
def participedia(shared_dir: Path) -> tuple[list[dict], list[ExtractedDocument]]:
    path = shared_dir / PARTICIPEDIA
    lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines(): U+2028 may be in a string
    rows = [json.loads(line) for line in lines if line.strip()]
    return rows, _documents(path, "participedia_cases")


@pytest.fixture(scope="module")
def sweden(shared_dir: Path) -> tuple[list[dict], list[ExtractedDocument]]:
    path = shared_dir / SWEDEN
    return json.loads(path.read_text(encoding="utf-8")), _documents(path, "se_eu_funds")


# -- CE good practices -----------------------------------------------------------------------------


def test_ce_every_row_is_a_document_with_a_unique_source(ce: tuple) -> None:
    rows, docs = ce
    assert len(rows) == len(docs) == 787
    assert len({d.source for d in docs}) == 787
    links = [r["Link"] for r in rows]
    repeated = len(links) - len(set(links))
    assert repeated == 1
    assert sum(1 for d in docs if d.extra["record_key"].endswith("#2")) == repeated
    assert all(d.source_url == r["Link"] for d, r in zip(docs, rows, strict=True))
    assert {d.language for d in docs} == {"en"}


def test_ce_key_areas_match_the_file(ce: tuple) -> None:
    rows, docs = ce
    # Key Area names hold no commas, so a plain split is an independent count.
    expected = Counter(
        piece.strip() for r in rows for piece in r["Key Area"].split(",") if piece.strip() not in {"", "N/A"}
    )
    assert len(expected) == 5
    assert _tags(docs, "ce-key-area") == expected


@pytest.mark.parametrize(
    "sector",
    [
        "Food, water and nutrients",
        "Textiles, apparel and leather",
        "Mining, metals and minerals",
        "Agriculture, fertilisers and forestry",
        "Recycling",
        "Circular design",
    ],
)
def test_ce_sectors_with_and_without_commas_match_the_file(ce: tuple, sector: str) -> None:
    rows, docs = ce
    pattern = re.compile(rf"(^|, ){re.escape(sector)}(,|$)")
    expected = sum(1 for r in rows if pattern.search(r["Sector"]))
    assert expected > 0
    assert _tags(docs, "ce-sector")[sector] == expected


def test_ce_sector_tags_never_start_in_lower_case(ce: tuple) -> None:
    _, docs = ce
    labels = _tags(docs, "ce-sector")
    assert labels and not [label for label in labels if label[0].islower()]
    assert "N/A" not in labels
    assert sum(1 for r in ce[0] if "Textiles" in r["Sector"]) == labels["Textiles, apparel and leather"]


def test_ce_countries_organisations_and_scope(ce: tuple) -> None:
    rows, docs = ce
    countries = Counter(d.practices[0].country for d in docs)
    assert countries["IT"] == sum(1 for r in rows if r["Country"] == "Italy")
    assert countries["NO"] == sum(1 for r in rows if r["Country"].startswith("Other (Norway"))
    eu = [d for d, r in zip(docs, rows, strict=True) if r["Country"] == "EU"]
    assert eu and all(d.practices[0].country is None for d in eu)
    assert all(("EU", "region") in [(p.name, p.kind) for p in d.practices[0].places] for d in eu)
    types = Counter(o.type for d in docs for o in d.organizations)
    assert types["municipality"] == sum(1 for r in rows if r["Type of Organisation"] == "Local authority")
    assert sum(1 for d in docs if d.organizations) == sum(
        1 for r in rows if r["Organisation"] not in {"", "N/A"}
    )
    local = sum(1 for r in rows if re.search(r"\b(Cities|Municipalities)\b", r["Scope"]))
    assert sum(1 for d in docs if {"Cities", "Municipalities"} & set(d.practices[0].scope)) == local


# -- Participedia ----------------------------------------------------------------------------------


def test_participedia_cases(participedia: tuple) -> None:
    rows, docs = participedia
    assert len(rows) == len(docs) == 485
    assert [d.source for d in docs] == [f"cases_joined.jsonl#{r['id']}" for r in rows]
    assert [d.source_url for d in docs] == [r["url"] for r in rows]
    languages = Counter(r["body_language_guess"] or r["original_language"] for r in rows)
    assert Counter(d.language for d in docs) == languages


@pytest.mark.parametrize(
    ("column", "scheme", "attr"),
    [
        ("issues", "participedia-issue", "notation"),
        ("specific_topics", "participedia-topic", "notation"),
        ("tags", "participedia-tag", "label"),
    ],
)
def test_participedia_tag_counts_match_the_file(
    participedia: tuple, column: str, scheme: str, attr: str
) -> None:
    rows, docs = participedia
    expected = Counter(value for r in rows for value in dict.fromkeys(r[column]))
    assert _tags(docs, scheme, attr) == expected


def test_participedia_budget_local_and_readable_labels(participedia: tuple) -> None:
    _, docs = participedia
    assert _tags(docs, "participedia-topic", "notation")["budget_local"] == 138
    assert _tags(docs, "participedia-topic")["Budget local"] == 138
    assert all("_" not in label for label in _tags(docs, "participedia-issue"))


def test_participedia_places_and_dates(participedia: tuple) -> None:
    rows, docs = participedia
    for row, doc in zip(rows, docs, strict=True):
        practice = doc.practices[0]
        if row["start_date"]:
            assert practice.start == row["start_date"][:10]
        names = [p.name for p in practice.places]
        for column in ("province", "city"):
            if row[column].strip():
                assert row[column].strip() in names
        if row["country"]:
            assert row["country"] in names
    by_country = Counter(d.practices[0].country for d in docs)
    assert by_country["US"] == sum(1 for r in rows if r["country"] == "United States")
    assert by_country["GB"] == sum(1 for r in rows if r["country"] == "United Kingdom")


# -- Sweden ----------------------------------------------------------------------------------------


def test_sweden_projects(sweden: tuple) -> None:
    rows, docs = sweden
    assert len(rows) == len(docs) == 374
    assert [d.extra["record_key"] for d in docs] == [r["ärende-id"] for r in rows]
    assert {d.language for d in docs} == {"sv"}
    assert all(
        d.source_url is None and d.projects[0].url == r["_source"] for d, r in zip(docs, rows, strict=True)
    )


def test_sweden_amounts_tags_and_places_match_the_file(sweden: tuple) -> None:
    rows, docs = sweden
    funding = [f for d in docs for f in d.projects[0].funding]
    assert {(f.currency, f.role) for f in funding} == {("SEK", "eu")}  # every EUR figure is 0
    assert sum(f.amount for f in funding) == sum(Decimal(r["beviljat_belopp_sek"]) for r in rows)
    assert _tags(docs, "se-thematic-objective") == Counter(r["tematiskt_mål"] for r in rows)
    assert _tags(docs, "se-priority") == Counter(r["insatsområde"] for r in rows)
    places = Counter(p.kind for d in docs for p in d.projects[0].places)
    assert places["municipality"] == sum(len(set(r["kommuner"].split(", "))) for r in rows)
    assert places["county"] == sum(len(set(r["län"].split(", "))) for r in rows)


def test_sweden_organisation_types(sweden: tuple) -> None:
    rows, docs = sweden
    types = Counter(d.organizations[0].type for d in docs)
    assert types["municipality"] == sum(1 for r in rows if r["stödmottagare"].casefold().endswith(" kommun"))
    assert (
        types["company"] >= sum(1 for r in rows if r["stödmottagare"].endswith(" AB")) - types["university"]
    )
    assert types["other"] < len(rows) // 10


def test_sweden_contacts_counts_only(sweden: tuple) -> None:
    rows, docs = sweden
    named = sum(1 for r in rows if r["projektledare"] not in {"", "NN", "UPPGIFT SAKNAS"})
    assert sum(len(d.people) for d in docs) == named
    with_email = sum(1 for r in rows if "@" in r["e-post"])
    assert sum(1 for d in docs if d.emails) == with_email
    assert all(e == e.lower() and "@" in e for d in docs for e in d.emails)
    with_phone = sum(1 for r in rows if re.search(r"\d{5}", r["telnr"].replace(" ", "").replace("-", "")))
    valid = sum(1 for d in docs if d.phones)
    assert valid >= 0.95 * with_phone
    assert all(re.fullmatch(r"\+46\d{6,12}", p.number) for d in docs for p in d.phones)
    assert all(p.role == "projektledare" and p.organization for d in docs for p in d.people)


# -- determinism -----------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", [CE, PARTICIPEDIA, SWEDEN])
def test_rereading_a_real_export_gives_identical_keys_and_hashes(shared_dir: Path, relative: str) -> None:
    path = shared_dir / relative
    mapping = detect_mapping(path)
    assert mapping is not None

    def identities() -> list[tuple[str, str]]:
        return [
            (r.source, r.content_hash)
            for r in read_records(path, mapping)
            if isinstance(r, ExtractedDocument)
        ]

    first = identities()
    assert first == identities()
    assert len({s for s, _ in first}) == len(first)
