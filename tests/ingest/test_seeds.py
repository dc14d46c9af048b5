"""End-to-end extraction of the four real seed pages, checked against their hand-made truth.

The pages and the truth are read from ../shared at run time (never copied into the repository);
the tests skip when it is absent unless CIVICGRAPH_REQUIRE_SHARED=1.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ingest.extract import extract_document
from ingest.readers import read_document
from ingest.records import ExtractedDocument, Organization
from ontology.concepts import fold_label

pytestmark = pytest.mark.shared

SEEDS = ("000_01cffc42b8f35ada", "001_a51871598c99ba5d", "002_de48785c5cebd72f", "003_a2e72c16bd322e74")


def _f(text: str | None) -> str:
    return fold_label(text or "")


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> dict[str, tuple[ExtractedDocument, dict[str, Any]]]:
    """Each seed read and extracted as the ingest pipeline does (reader's text, title and date)."""
    out = {}
    for name in SEEDS:
        result = read_document(shared_dir / "seeds" / f"{name}.txt", max_bytes=5_000_000)
        assert result.ok, result.reason
        truth = json.loads((shared_dir / "eval" / "seeds-truth" / f"{name}.json").read_text(encoding="utf-8"))
        doc = extract_document(
            result.text,
            source=f"seeds/{name}.txt",
            title=result.title,
            published=result.published,
            suggest=False,
        )
        out[name] = (doc, truth)
    return out


def test_raw_text_gives_the_same_records(shared_dir: Path) -> None:
    """Without the reader's cleaning and title the page still gives the same organisations and people."""
    for name in SEEDS:
        raw = (shared_dir / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
        truth = json.loads((shared_dir / "eval" / "seeds-truth" / f"{name}.json").read_text(encoding="utf-8"))
        doc = extract_document(raw, source=name, suggest=False)
        for expected in truth["organizations"]:
            _org(doc, expected["name"])
        assert sorted(p.name for p in doc.people) == sorted(p["name"] for p in truth["people"])


def _org(doc: ExtractedDocument, name: str) -> Organization:
    for org in doc.organizations:
        if _f(org.name) == _f(name) or any(_f(lb.text) == _f(name) for lb in org.labels):
            return org
    raise AssertionError(f"{name!r} not among {[o.name for o in doc.organizations]}")


@pytest.mark.parametrize("name", SEEDS)
def test_language_and_kind(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    assert doc.language == truth["language"]
    assert doc.kind == truth["kind"]
    if "published" in truth:
        assert doc.published is not None and doc.published.isoformat() == truth["published"]


@pytest.mark.parametrize("name", SEEDS)
def test_emails_and_phones(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    assert sorted(doc.emails) == sorted(truth["emails"])
    assert sorted({p.number for p in doc.phones}) == sorted(truth["phones_e164"])


@pytest.mark.parametrize("name", SEEDS)
def test_people(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    assert len(doc.people) == len(truth["people"])
    for expected in truth["people"]:
        person = next((p for p in doc.people if _f(p.name) == _f(expected["name"])), None)
        assert person is not None, f"{expected['name']} not among {[p.name for p in doc.people]}"
        assert _f(person.role) == _f(expected["role"])
        assert sorted(p.number for p in person.phones if p.kind != "fax") == sorted(expected["phones"])
        assert sorted(p.number for p in person.phones if p.kind == "fax") == sorted(expected.get("fax", []))
        assert person.emails == expected["emails"]
        if "office" in expected:
            assert person.office == expected["office"]
        if "organization" in expected:
            assert _f(person.organization) == _f(expected["organization"])
        if "unit" in expected:
            assert _f(person.unit) == _f(expected["unit"])


@pytest.mark.parametrize("name", SEEDS)
def test_organizations_with_country_address_and_type(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    for expected in truth["organizations"]:
        org = _org(doc, expected["name"])
        if "country" in expected:
            assert org.country == expected["country"], org.name
        if "postal_code" in expected:
            assert org.address is not None and org.address.postal_code == expected["postal_code"]
        if "address" in expected:
            assert org.address is not None and org.address.text == expected["address"]
        if "type" in expected:
            assert expected["type"] in {org.type_label, org.legal_status}
        if "name_as_written" in expected:
            assert expected["name_as_written"] in [lb.text for lb in org.labels]
            assert org.name == expected["name"]


@pytest.mark.parametrize("name", SEEDS)
def test_units_with_parent(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    for expected in truth.get("units", []):
        unit = _org(doc, expected["name"])
        assert unit.is_unit
        assert _f(unit.parent) == _f(expected["parent"])
        # the parent is an organisation of the same document
        _org(doc, expected["parent"])


@pytest.mark.parametrize("name", SEEDS)
def test_projects(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    for expected in truth.get("projects", []):
        project = next((p for p in doc.projects if _f(p.title) == _f(expected["title"])), None)
        assert project is not None, f"{expected['title']!r} not among {[p.title for p in doc.projects]}"
        assert [_f(p) for p in project.partners] == [_f(p) for p in expected["partners"]]
        for field in ("identifier", "programme_period", "start", "end"):
            if field in expected:
                assert getattr(project, field) == expected[field], field
        if "lead" in expected:
            assert _f(project.lead) == _f(expected["lead"])
        if "total_eur" in expected:
            assert project.total is not None and project.total.currency == "EUR"
            assert project.total.amount == Decimal(str(expected["total_eur"]))
        if "funding" in expected:
            got = {(_f(f.funder), f.amount) for f in project.funding if f.currency == "EUR"}
            assert got == {(_f(f["funder"]), Decimal(str(f["eur"]))) for f in expected["funding"]}
        if "funders" in expected:
            assert project.funders == expected["funders"]
        if "target_groups" in expected:
            assert [_f(t) for t in project.target_groups] == [_f(t) for t in expected["target_groups"]]
        if "activities" in expected:
            assert [_f(a) for a in project.activities] == [_f(a) for a in expected["activities"]]


def test_cooperation_priorities(seeds: dict) -> None:
    doc, truth = seeds["000_01cffc42b8f35ada"]
    org = _org(doc, truth["organizations"][0]["name"])
    assert len(org.cooperation_priorities) == len(truth["cooperation_priorities"])
    for got, expected in zip(org.cooperation_priorities, truth["cooperation_priorities"], strict=True):
        assert _f(got).startswith(_f(expected))
    # the partners of the named project are partner relations of the page's organisation
    partners = {_f(r.object) for r in doc.relations if r.kind == "partner" and r.subject == org.name}
    assert partners == {_f(p) for p in truth["projects"][0]["partners"]}


def test_practice(seeds: dict) -> None:
    doc, truth = seeds["002_de48785c5cebd72f"]
    (expected,) = truth["practices"]
    (practice,) = doc.practices
    assert _f(practice.organization) == _f(expected["organization"])
    assert practice.source_database == expected["source_database"]
    assert [t.label for t in practice.tags] == expected["tags"]
    assert all(t.scheme == "topics" and not t.suggested for t in practice.tags)
    assert practice.description and practice.objectives and practice.participants and practice.target_groups
    assert practice.contact and _f(practice.contact) == _f(truth["people"][0]["name"])
    text = " ".join([practice.description, *practice.participants])
    assert "2004" in text and "128 persons" in text and "Agenda 21" in text


@pytest.mark.parametrize("name", SEEDS)
def test_tags_and_not_content(seeds: dict, name: str) -> None:
    doc, truth = seeds[name]
    assert [t.label for t in doc.tags] == truth.get("tags", [])
    banned = {_f(s) for s in truth.get("not_content", [])}
    names = [o.name for o in doc.organizations] + [p.name for p in doc.people]
    names += [t.label for t in doc.tags] + [p.title for p in doc.practices]
    for value in names:
        assert _f(value) not in banned, value
        assert not any(b in _f(value) for b in banned if len(b) > 12), value
    for org in doc.organizations:
        assert not any(b in _f(" ".join(org.cooperation_priorities)) for b in banned if len(b) > 12)


def test_same_municipality_across_documents_is_one_key(seeds: dict) -> None:
    """Alytus City Municipality (002, English) = Alytaus miesto savivaldybė (001, Lithuanian); the
    district municipality (000) is the parent of its administration (003)."""
    city_en = _org(seeds["002_de48785c5cebd72f"][0], "Alytus City Municipality")
    city_lt = _org(seeds["001_a51871598c99ba5d"][0], "Alytaus miesto savivaldybė")
    assert city_en.key is not None and city_en.key == city_lt.key
    district = _org(seeds["000_01cffc42b8f35ada"][0], "Alytus district municipality")
    doc3 = seeds["003_a2e72c16bd322e74"][0]
    admin = _org(doc3, "Alytus District Municipality Administration")
    assert admin.type == "administration" and admin.key and admin.key != district.key
    parent = _org(doc3, admin.parent or "")
    assert parent.key == district.key
    assert city_en.key != district.key
