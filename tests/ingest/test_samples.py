"""The demo corpus (data/samples): every document reads, says what the README says it covers, and the
same fictional organisations meet across documents and languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.extract import extract_document
from ingest.readers import read_document
from ingest.records import ExtractedDocument

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
README = SAMPLES / "README.md"


def _table() -> dict[str, tuple[str, str]]:
    """File → (kind, language) from the README's table."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|", line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    return rows


@pytest.fixture(scope="module")
def docs() -> dict[str, ExtractedDocument]:
    out = {}
    for name in _table():
        result = read_document(SAMPLES / name, max_bytes=5_000_000)
        assert result.ok, f"{name}: {result.status} {result.reason}"
        out[name] = extract_document(
            result.text,
            source=f"samples/{name}",
            title=result.title,
            file_name=name,
            published=result.published,
            suggest=False,
        )
    return out


def test_readme_lists_every_sample_and_every_kind_in_english_and_lithuanian() -> None:
    table = _table()
    files = {p.name for p in SAMPLES.iterdir() if p.name != "README.md"}
    assert set(table) == files
    assert len(files) >= 12 and any(name.endswith(".pdf") for name in files)
    assert sum(name.endswith(".html") for name in files) >= 3
    for kind in ("profile", "department", "practice", "project_news", "other"):
        for lang in ("en", "lt"):
            if (kind, lang) == ("department", "en"):
                continue
            assert (kind, lang) in table.values(), (kind, lang)


@pytest.mark.parametrize("name", sorted(_table()))
def test_each_sample_gives_what_it_is_meant_to(docs: dict[str, ExtractedDocument], name: str) -> None:
    kind, language = _table()[name]
    doc = docs[name]
    assert doc.language == language
    if kind == "practice":
        assert doc.practices and doc.practices[0].organization and doc.practices[0].tags
    elif kind == "project_news":
        assert any(p.identifier and p.partners and p.total for p in doc.projects)
    elif kind == "profile":
        main = next(o for o in doc.organizations if o.name == doc.extra["main_organization"])
        assert main.cooperation_priorities and main.legal_status and main.address
        assert any(r.kind in {"partner", "twin"} for r in doc.relations)
    elif kind == "department":
        assert doc.people and all(p.unit and p.organization and (p.phones or p.emails) for p in doc.people)
    else:
        assert not doc.projects and not doc.practices


def test_every_address_written_in_a_sample_is_extracted(docs: dict[str, ExtractedDocument]) -> None:
    for name, doc in docs.items():
        raw = (SAMPLES / name).read_bytes().decode("utf-8", errors="ignore")
        written = set(re.findall(r"[\w.-]+(?:@| \(at\) )[\w-]+\.example\.[a-z]{2}", raw))
        expected = {w.replace(" (at) ", "@").lower() for w in written}
        if name.endswith(".html"):  # footers may be dropped by the reader as boilerplate
            expected = {e for e in expected if not e.startswith("info@")}
        assert expected <= set(doc.emails), name


def test_site_chrome_is_not_content(docs: dict[str, ExtractedDocument]) -> None:
    chrome = re.compile(r"(?i)cookie|accept all|log in|privacy|was this information helpful|tag cloud")
    for name, doc in docs.items():
        values = [o.name for o in doc.organizations] + [t.label for t in doc.tags]
        values += [p.title for p in doc.practices] + [t.label for p in doc.practices for t in p.tags]
        assert not [v for v in values if chrome.search(v)], name


def _keys(docs: dict[str, ExtractedDocument], *names: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name in names:
        for org in docs[name].organizations:
            if org.key:
                out.setdefault(org.key, set()).add(org.name)
    return out


def test_the_same_municipality_across_documents_and_languages(docs: dict[str, ExtractedDocument]) -> None:
    keys = _keys(docs, *docs)
    assert {"Ąžuolynė District Municipality", "Ąžuolynės rajono savivaldybė"} <= keys["lt-azuolyn-district"]
    assert {
        "Ąžuolynė District Municipality Administration",
        "Ąžuolynės rajono savivaldybės administracija",
    } <= keys["lt-azuolyn-district-administration"]
    assert {"Gmina Jeziorno", "Jeziorno gmina"} <= keys["pl-gmina-jeziorno"]
    assert {"Ezermala Municipality", "Ezermalas novada pašvaldība"} <= keys["lv-ezermal-district"]
    counted = sum("se-kommun-riverton" in _keys(docs, name) for name in docs)
    assert counted >= 4


def test_one_project_in_two_languages(docs: dict[str, ExtractedDocument]) -> None:
    (lt,) = docs["azuolyne_projektas_lt.html"].projects
    (en,) = docs["azuolyne_project_news_en.txt"].projects
    assert lt.identifier == en.identifier == "05.1.1-APVA-R-014-61-0007"
    assert lt.total and en.total and lt.total.amount == en.total.amount
    assert (lt.start, lt.end) == (en.start, en.end) == ("2025-03", "2027-08")


def test_pdf_fact_sheet(docs: dict[str, ExtractedDocument]) -> None:
    (project,) = docs["greenrivers_factsheet_en.pdf"].projects
    assert project.identifier == "STHB.02.01-IP.01-0042/24"
    assert project.lead == "Riverton Municipality"
    assert project.partners == ["Ąžuolynė District Municipality", "Gmina Jeziorno", "Ezermala Municipality"]
    countries = {o.name: o.country for o in docs["greenrivers_factsheet_en.pdf"].organizations}
    assert countries["Gmina Jeziorno"] == "PL" and countries["Ezermala Municipality"] == "LV"
