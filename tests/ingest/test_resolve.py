"""Entity resolution: one key for one organisation across documents and languages."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.municipalities import mentioned_countries, municipalities, place_stem
from ingest.records import ExtractedDocument, Organization
from ingest.resolve import match_name, resolve


def test_reference_lists_are_complete_and_consistent() -> None:
    lt = [m for m in municipalities() if m.country == "LT"]
    lv = [m for m in municipalities() if m.country == "LV"]
    assert len(lt) == 60 and Counter(m.kind for m in lt) == {"district": 43, "city": 7, "municipality": 10}
    assert len(lv) == 43 and Counter(m.kind for m in lv) == {"district": 36, "city": 7}
    keys = [m.key for m in municipalities()]
    assert len(keys) == len(set(keys))
    for m in lt:
        assert m.name_local.endswith("savivaldybė") and m.name_local.startswith(m.place_genitive)
        assert m.name_en.endswith("Municipality") and m.name_en.startswith(m.place)


def test_every_listed_name_resolves_to_its_key() -> None:
    for m in municipalities():
        for name in (m.name_local, m.name_en, m.name_en.upper(), m.name_en.lower()):
            found = match_name(name)
            assert found is not None and found.key == m.key, name
            assert found.country == m.country and found.type == "municipality"


def test_genitive_and_nominative_places_share_a_stem() -> None:
    for m in municipalities():
        assert place_stem(m.place, m.country) == place_stem(m.place_genitive, m.country), m.key


@pytest.mark.parametrize(
    ("name", "country", "key"),
    [
        ("Vilniaus miesto savivaldybė", None, "lt-vilnius-city"),
        ("Vilnius City Municipality", None, "lt-vilnius-city"),
        ("Municipality of Vilnius City", None, "lt-vilnius-city"),
        ("Vilniaus m. sav.", None, "lt-vilnius-city"),
        ("Vilniaus rajono savivaldybė", None, "lt-vilnius-district"),
        ("Vilnius district municipality", None, "lt-vilnius-district"),
        ("Kazlų Rūdos savivaldybė", None, "lt-kazlu-ruda"),
        ("Kazlu Ruda Municipality", None, "lt-kazlu-ruda"),  # without accents
        ("Cēsu novada pašvaldība", None, "lv-cesis-novads"),
        ("Cesis Municipality", None, "lv-cesis-novads"),
        ("Rīgas valstspilsētas pašvaldība", None, "lv-riga-city"),
        # places not in the lists: keys by stem, the same in both languages
        ("Ąžuolynės rajono savivaldybė", None, "lt-azuolyn-district"),
        ("Ąžuolynė District Municipality", "LT", "lt-azuolyn-district"),
        ("Ezermalas novada pašvaldība", None, "lv-ezermal-district"),
        ("Ezermala Municipality", "LV", "lv-ezermal-district"),
        ("Ezermalas novads", None, "lv-ezermal-district"),  # the short form (crashed resolution once)
        ("Cēsu novads", None, "lv-cesis-novads"),
        # naming patterns of other countries
        ("Gmina Jeziorno", None, "pl-gmina-jeziorno"),
        ("Jeziorno gmina", None, "pl-gmina-jeziorno"),
        ("Jeziorno Commune", "PL", "pl-gmina-jeziorno"),
        ("GMINA MIASTO JEZIORNO", None, "pl-gmina-jeziorno"),  # qualifiers of the one gmina
        ("Gmina Miejska Jeziorno", None, "pl-gmina-jeziorno"),
        ("Gmina Miejsko-Wiejska Jeziorno", None, "pl-gmina-jeziorno"),
        ("Miasto Jeziorno", None, "pl-gmina-jeziorno"),
        ("Miasto Stołeczne Jeziorno", None, "pl-gmina-jeziorno"),
        ("JEZIORNO - MIASTO NA PRAWACH POWIATU", None, "pl-gmina-jeziorno"),  # a city with county rights
        ("Gmina Miasteczko Jeziorne", None, "pl-gmina-miasteczko-jeziorne"),  # a name, not a qualifier
        ("Powiat Lakeside", None, "pl-powiat-lakeside"),
        ("Älvby kommun", None, "se-kommun-alvby"),
        ("Älvby Municipality", "SE", "se-kommun-alvby"),
        ("Fjordby Kommune", None, "dk-kommun-fjordby"),
        ("Rannaküla vald", None, "ee-vald-rannakula"),
        ("Rannaküla Rural Municipality", "EE", "ee-vald-rannakula"),
        ("Järvelän kunta", None, "fi-kunta-jarvelan"),
    ],
)
def test_names_to_keys(name: str, country: str | None, key: str) -> None:
    found = match_name(name, country)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    ("name", "key", "parent"),
    [
        (
            "Alytaus rajono savivaldybės administracija",
            "lt-alytus-district-administration",
            "lt-alytus-district",
        ),
        (
            "Alytus District Municipality Administration",
            "lt-alytus-district-administration",
            "lt-alytus-district",
        ),
        (
            "Administration of Alytus District Municipality",
            "lt-alytus-district-administration",
            "lt-alytus-district",
        ),
        ("Urząd Gminy Jeziorno", "pl-gmina-jeziorno-administration", "pl-gmina-jeziorno"),
        ("Rannaküla Vallavalitsus", "ee-vald-rannakula-administration", "ee-vald-rannakula"),
    ],
)
def test_administrations_belong_to_their_municipality(name: str, key: str, parent: str) -> None:
    found = match_name(name)
    assert found is not None and found.type == "administration"
    assert (found.key, found.parent_key) == (key, parent)


@pytest.mark.parametrize(
    "name",
    ["Alytaus savivaldybė", "Riverton Scouts Association", "Municipality", "Voronovo district municipality"],
)
def test_no_key_when_ambiguous_or_unknown(name: str) -> None:
    assert match_name(name) is None


def test_resolve_sets_keys_labels_countries_and_parent() -> None:
    doc = ExtractedDocument(
        source="t",
        language="en",
        organizations=[Organization("Alytus District Municipality Administration", type="administration")],
    )
    resolve(doc)
    admin, municipality = doc.organizations
    assert admin.key == "lt-alytus-district-administration" and admin.country == "LT"
    assert "Alytaus rajono savivaldybės administracija" in [lb.text for lb in admin.labels]
    assert admin.parent == municipality.name
    assert municipality.key == "lt-alytus-district" and municipality.type == "municipality"
    assert {lb.text for lb in municipality.labels} | {municipality.name} >= {
        "Alytaus rajono savivaldybė",
        "Alytus District Municipality",
    }


def test_resolve_uses_the_document_region_for_english_names() -> None:
    doc = ExtractedDocument(
        source="t", organizations=[Organization("Lakeside Municipality")], extra={"region": "SE"}
    )
    resolve(doc)
    assert doc.organizations[0].key == "se-kommun-lakeside" and doc.organizations[0].country == "SE"


def test_units_are_not_keyed() -> None:
    doc = ExtractedDocument(
        source="t", organizations=[Organization("Vilnius City Municipality Division", is_unit=True)]
    )
    resolve(doc)
    assert doc.organizations[0].key is None


def test_mentioned_countries() -> None:
    assert mentioned_countries("Projects in Alytus and Cēsis, and in Riverton.") == ["LT", "LV"]
