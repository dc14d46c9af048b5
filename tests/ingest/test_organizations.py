"""Organisation and unit names, types, parents, countries and addresses (fictional examples)."""

# ruff: noqa: E501 - the example pages are written as they appear, one paragraph per line

from __future__ import annotations

import pytest

from ingest.extract.addresses import find_addresses
from ingest.extract.organizations import OrgIndex, extract_organizations
from ingest.extract.orgnames import find_org_names
from ingest.extract.orgparents import split_parent
from ingest.extract.sections import layout


def names(text: str) -> list[str]:
    return list(dict.fromkeys(m.name for m in find_org_names(text)))


def index(text: str, language: str | None = "en", region: str | None = None) -> OrgIndex:
    return extract_organizations(text, layout(text), language=language, default_country=region)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Riverton district municipality", ["Riverton district municipality"]),
        (
            "On 3 March, Lakeside City Municipality Administration signed an agreement with the "
            "Public Institution Central Housing Agency.",
            ["Lakeside City Municipality Administration", "Public Institution Central Housing Agency"],
        ),
        ("Partners: Northbay Gymnasium of Riverton District.", ["Northbay Gymnasium of Riverton District"]),
        ('NGO - Public Institution "Green Valley" joined.', ['Public Institution "Green Valley"']),
        (
            "the Riverton Scouts Association and the Red Maple Foundation",
            ["Riverton Scouts Association", "Red Maple Foundation"],
        ),
        (
            "Lakeside Chamber of Commerce and Kivijärvi Vocational College",
            ["Lakeside Chamber of Commerce", "Kivijärvi Vocational College"],
        ),
        ("Daugvila Sports and Arts School", ["Daugvila Sports and Arts School"]),
        ("Seehafen Umweltverein e.V. und der Grünwerk GmbH", ["Seehafen Umweltverein e.V.", "Grünwerk GmbH"]),
        ("UAB „Riverta“ ir VšĮ „Žalias slėnis“", ["UAB „Riverta“", "VšĮ „Žalias slėnis“"]),
        (
            "Gmina Jeziorno i Stowarzyszenie Przyjaciół Jeziorna",
            ["Gmina Jeziorno", "Stowarzyszenie Przyjaciół Jeziorna"],
        ),
        ("Szkoła Podstawowa nr 2 w Jeziornie", ["Szkoła Podstawowa nr 2 w Jeziornie"]),
        (
            "Kommunens förvaltningar är Kultur- och fritidsförvaltningen och Socialförvaltningen.",
            ["Kultur- och fritidsförvaltningen", "Socialförvaltningen"],
        ),
        ("MTÜ Rannaküla Noored ja Rannaküla Kool", ["MTÜ Rannaküla Noored", "Rannaküla Kool"]),
        ("Järvelän Yrittäjät ry", ["Järvelän Yrittäjät ry"]),
        ("Vidzemes plānošanas reģions", ["Vidzemes plānošanas reģions"]),
    ],
)
def test_names_in_many_languages(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Local public authority",  # generic words only
        "Head of foreign affairs and investment division",  # lower case: a role, not a name
        "Home\nSearch\nBrowse\nTag cloud\nView",
        "The municipality and its schools work together.",
        "Skyrius, įgyvendindamas jam paskirtus uždavinius, vykdo šias funkcijas:",
        "Svarbiausieji skyriaus uždaviniai:",
        "ypač Europos Sąjungos šalių patirtimi",  # the EU is not a local organisation
        "Any municipality with a library can start.",
        "Email: info@glenmoor.example.org",
    ],
)
def test_not_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name", "written"),
    [
        (
            "užmezga ir plėtoja Ąžuolynės miesto savivaldybės ryšius",
            "Ąžuolynės miesto savivaldybė",
            "Ąžuolynės miesto savivaldybės",
        ),
        (
            "pasirašė sutartį su Centrine projektų valdymo agentūra.",
            "Centrinė projektų valdymo agentūra",
            "Centrine projektų valdymo agentūra",
        ),
        ("kartu su Ąžuolynės kultūros centru", "Ąžuolynės kultūros centras", "Ąžuolynės kultūros centru"),
        (
            "apie Ąžuolynės rajono savivaldybę ir",
            "Ąžuolynės rajono savivaldybė",
            "Ąžuolynės rajono savivaldybę",
        ),
        (
            "sutartis su Viešąja įstaiga „Žalias slėnis“",
            "Viešoji įstaiga „Žalias slėnis“",
            "Viešąja įstaiga „Žalias slėnis“",
        ),
        (
            "Ezermalas novada pašvaldības dome",
            "Ezermalas novada pašvaldības dome",
            "Ezermalas novada pašvaldības dome",
        ),
        (
            "umowę z Agencją Rozwoju Regionalnego w Olsztynie",
            "Agencja Rozwoju Regionalnego w Olsztynie",
            "Agencją Rozwoju Regionalnego w Olsztynie",
        ),
    ],
)
def test_inflected_names_are_put_in_the_nominative(text: str, name: str, written: str) -> None:
    (mention,) = [m for m in find_org_names(text) if m.name == name]
    assert mention.as_written == written
    assert text[mention.start : mention.end] == written


@pytest.mark.parametrize(
    ("text", "parent", "own"),
    [
        ("Riverton District Municipality Administration", "Riverton District Municipality", None),
        ("Ąžuolynės rajono savivaldybės administracija", "Ąžuolynės rajono savivaldybė", None),
        (
            "Ąžuolynės rajono savivaldybės administracijos Švietimo skyrius",
            "Ąžuolynės rajono savivaldybės administracija",
            "Švietimo skyrius",
        ),
        (
            "The Department of Youth Affairs of Riverton City Council",
            "Riverton City Council",
            "Department of Youth Affairs",
        ),
        ("Urząd Gminy Jeziorno", "Gmina Jeziorno", None),
        ("Rannaküla Vallavalitsus", "Rannaküla vald", None),
        (
            "the International Relations Office of Lakeside Municipality",
            "Lakeside Municipality",
            "International Relations Office",
        ),
    ],
)
def test_parent_written_in_the_name(text: str, parent: str, own: str | None) -> None:
    mention = max(find_org_names(text), key=lambda m: m.end - m.start)
    split = split_parent(mention, text)
    assert split is not None and split.parent == parent
    assert split.own_name == own


def test_unit_takes_its_own_name_and_parent() -> None:
    text = "Ezermalas novada pašvaldības Attīstības nodaļa plāno novada attīstību.\n\nAttīstības nodaļa"
    idx = index(text, "lv", "LV")
    unit = idx.get("Attīstības nodaļa")
    assert unit is not None and unit.is_unit
    assert unit.parent == "Ezermalas novada pašvaldība"
    assert "Ezermalas novada pašvaldības Attīstības nodaļa" in [lb.text for lb in unit.labels]
    assert len([o for o in idx.organizations if o.is_unit]) == 1  # both mentions are one unit


def test_unit_in_a_contact_block_belongs_to_the_organisation_below() -> None:
    text = "Contact details\n\nJane Roe\nHead of Water Division\nLakeside City Municipality\nMain sq. 4, LT-00002 Lakeside\n"
    idx = index(text, region="LT")
    unit = idx.get("Water Division")
    assert unit is not None and unit.parent == "Lakeside City Municipality"
    org = idx.get("Lakeside City Municipality")
    assert org is not None and org.address is not None
    assert org.address.text == "Main sq. 4, LT-00002 Lakeside"
    assert org.address.postal_code == "LT-00002" and org.country == "LT"


def test_department_page_unit_belongs_to_the_main_organisation() -> None:
    text = (
        "Tarptautinių ryšių skyrius\n\nJonas Jonaitis, vedėjas\n\n"
        "Skyrius plėtoja Ąžuolynės rajono savivaldybės ryšius. Rengia Ąžuolynės rajono savivaldybės planus."
    )
    idx = index(text, "lt", "LT")
    unit = idx.get("Tarptautinių ryšių skyrius")
    assert unit is not None and unit.parent == "Ąžuolynės rajono savivaldybė"
    assert idx.main is not None and idx.main.name == "Ąžuolynės rajono savivaldybė"


def test_partner_list_countries() -> None:
    text = (
        "With RIVERS partners – Lakeside Powiat, Jeziorno gmina, Stawy gmina in Poland, "
        "Ozersk district municipality in Belarus, Lesnoy city municipality in Kaliningrad Oblast "
        "(Russian Federation), Northbay Regional Council, Ireland: contact Jane Roe"
    )
    idx = index(text)
    countries = {o.name: o.country for o in idx.organizations}
    assert countries == {
        "Lakeside Powiat": "PL",
        "Jeziorno gmina": "PL",
        "Stawy gmina": "PL",
        "Ozersk district municipality": "BY",
        "Lesnoy city municipality": "RU",
        "Northbay Regional Council": "IE",
    }


def test_countries_in_other_languages() -> None:
    text = "Kommunen samarbetar med Lakeside Gmina i Polen och Ąžuolynė District Municipality i Litauen."
    countries = {o.name: o.country for o in index(text, "sv").organizations}
    assert countries == {"Lakeside Gmina": "PL", "Ąžuolynė District Municipality": "LT"}


@pytest.mark.parametrize(
    ("text", "address", "code", "country"),
    [
        (
            "Pulko street 21, LT-00133 Riverton, Lithuania",
            "Pulko street 21, LT-00133 Riverton, Lithuania",
            "LT-00133",
            "LT",
        ),
        ("Adresas: Liepų g. 1, LT-00001 Ąžuolynė", "Liepų g. 1, LT-00001 Ąžuolynė", "LT-00001", "LT"),
        ("Adrese: Skolas iela 5, Ezermala, LV-4001", "Skolas iela 5, Ezermala, LV-4001", "LV-4001", "LV"),
        ("ul. Mazurska 3, 12-200 Jeziorno", "ul. Mazurska 3, 12-200 Jeziorno", "12-200", "PL"),
        ("Storgatan 12, 931 85 Älvby, Sverige", "Storgatan 12, 931 85 Älvby, Sverige", "931 85", "SE"),
        ("Rådhustorvet 1, 7100 Fjordby", "Rådhustorvet 1, 7100 Fjordby", "7100", "DK"),
        ("Kunnantalo, Keskuskatu 3, 41900 Järvelä", "Kunnantalo, Keskuskatu 3, 41900 Järvelä", "41900", "FI"),
        ("Hafenstraße 1, 23999 Seehafen", "Hafenstraße 1, 23999 Seehafen", "23999", "DE"),
        ("Rotuses sq. 4\nLT-00504 Lakeside", "Rotuses sq. 4 LT-00504 Lakeside", "LT-00504", "LT"),
    ],
)
def test_addresses(text: str, address: str, code: str, country: str) -> None:
    default = {"41900": "FI", "23999": "DE", "7100": "DK"}.get(code)
    (match,) = find_addresses(text, default)
    assert match.address.text == address
    assert match.address.postal_code == code
    assert match.address.country == country


@pytest.mark.parametrize(
    "text",
    ["tel. 8 612 34 567", "Total 12 345 EUR in 2024", "In 2024, 41 ideas were submitted", "Room 2 14"],
)
def test_numbers_that_are_not_postal_codes(text: str) -> None:
    assert find_addresses(text, "FI") == []


def test_address_with_the_organisation_on_its_line() -> None:
    text = "Gmina Jeziorno realizuje projekt.\n\nUrząd Gminy Jeziorno, ul. Mazurska 3, 12-200 Jeziorno\n"
    idx = index(text, "pl", "PL")
    office = idx.get("Urząd Gminy Jeziorno")
    assert office is not None and office.address is not None
    assert office.address.text == "ul. Mazurska 3, 12-200 Jeziorno"
    assert office.type == "administration" and office.parent == "Gmina Jeziorno"


@pytest.mark.parametrize(
    ("text", "lang", "region", "unit", "parent"),
    [
        (
            "Pušynės rajono savivaldybės administracijos Švietimo, kultūros ir sporto skyrius",
            "lt",
            "LT",
            "Švietimo, kultūros ir sporto skyrius",
            "Pušynės rajono savivaldybės administracija",
        ),
        (
            "Ezermalas novada pašvaldības Izglītības, kultūras un sporta nodaļa organizē konkursu.",
            "lv",
            "LV",
            "Izglītības, kultūras un sporta nodaļa",
            "Ezermalas novada pašvaldība",
        ),
        (
            "Contact the Department of Education, Culture and Sport of Riverton City Council.",
            "en",
            None,
            "Department of Education, Culture and Sport",
            "Riverton City Council",
        ),
    ],
)
def test_units_whose_names_list_their_fields(
    text: str, lang: str, region: str | None, unit: str, parent: str
) -> None:
    """Commas inside a unit's name ("Education, Culture and Sport") do not cut it; its parent is found,
    and the parent's own parent too (administration → municipality)."""
    idx = index(text, lang, region)
    found = idx.get(unit)
    assert found is not None and found.is_unit and found.parent == parent, [
        (o.name, o.parent) for o in idx.organizations
    ]
    if parent.endswith("administracija"):
        administration = idx.get(parent)
        assert administration is not None and administration.type == "administration"
        assert administration.parent == "Pušynės rajono savivaldybė"


def test_a_list_of_whole_unit_names_stays_a_list() -> None:
    names = [
        m.name
        for m in find_org_names("We thank the Youth Department, Culture Department and Sports Department.")
    ]
    assert names == ["Youth Department", "Culture Department", "Sports Department"]
