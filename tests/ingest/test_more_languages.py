"""Pages in languages and layouts the extractors were not tuned on (fictional places and people, written
after the extractors): Polish project news, a Latvian project page, a German department page, a
Swedish department page and an Estonian municipality profile."""

from __future__ import annotations

from decimal import Decimal

from ingest.extract import extract_document
from ingest.records import ExtractedDocument

PL = """Gmina Brzozowo realizuje projekt „Zielone podwórka – rewitalizacja przestrzeni publicznej”

Gmina Brzozowo otrzymała dofinansowanie z Europejskiego Funduszu Rozwoju Regionalnego w ramach Regionalnego
Programu Operacyjnego Województwa Warmińsko-Mazurskiego na lata 2014-2020.

Numer projektu: RPWM.04.03.01-28-0012/19
Wartość projektu: 2 345 678,90 zł
Dofinansowanie z UE: 1 993 827,06 zł
Okres realizacji: 01.03.2020 – 31.12.2022

Partnerzy projektu: Stowarzyszenie „Nasze Brzozowo”, Powiat Olecki.

Kontakt: Anna Kowalczyk, Referat Rozwoju Gminy, tel. 87 520 12 34, a.kowalczyk@brzozowo-gmina.pl
"""

LV = """Egļukalna novada pašvaldība noslēdz projektu "Droša skola"

Egļukalna novada pašvaldība ir pabeigusi projektu Nr. 8.1.2.0/17/I/012 "Vispārējās izglītības iestāžu
mācību vides uzlabošana", ko līdzfinansē Eiropas Reģionālās attīstības fonds.

Projekta kopējās izmaksas ir 1 250 000,00 EUR, tai skaitā ERAF finansējums 1 062 500,00 EUR.
Projekta īstenošanas laiks: 2018. gada 1. marts – 2021. gada 31. augusts.

Kontaktpersona: Ilze Bērziņa, projektu vadītāja, tālr. 65 123 456, ilze.berzina@eglukalns-novads.lv
"""

DE = """Stadt Birkenau – Amt für Jugend und Soziales

Das Amt für Jugend und Soziales der Stadt Birkenau unterstützt Familien, Jugendliche und Senioren.

Kontakt
Amtsleiterin: Dr. Katrin Vogelsang
Telefon: +49 (0)6201 39 71-210
E-Mail: katrin.vogelsang(at)birkenau-stadt.de
Zimmer 214, Rathausplatz 3, 69488 Birkenau

Sachbearbeiter Jugendarbeit: Jonas Brenner
Tel. 06201 3971-215
jonas.brenner@birkenau-stadt.de

Aufgaben
- Förderung der offenen Jugendarbeit
- Beratung von Familien
- Seniorenbegegnungsstätte
"""

SV = """Björkviks kommun – Kultur- och fritidsförvaltningen

Förvaltningen ansvarar för bibliotek, fritidsgårdar och kulturskolan.

Förvaltningschef
Lena Ekström
Telefon: 0155-38 21 00
E-post: lena.ekstrom@bjorkvik-kommun.se

Fritidskonsulent
Erik Sandberg
Telefon: 0155-38 21 15
E-post: erik.sandberg@bjorkvik-kommun.se
"""

ET = """Kasemäe vald

Kasemäe vald on omavalitsus Tartu maakonnas, Eestis. Vallavalitsus asub Kasemäe alevikus.

Koostöö prioriteedid: noorsootöö, kultuuripärand, keskkonnakaitse.
Sõpruslinnad: Ezermalas novads (Läti).

Kontaktisik: Mari Tamm, arendusnõunik
Telefon: +372 7 301 234
E-post: mari.tamm@kasemae-vald.ee
"""


def _extract(text: str, name: str) -> ExtractedDocument:
    return extract_document(text, source=name, suggest=False)


def _orgs(doc: ExtractedDocument) -> dict[str, str | None]:
    return {o.name: o.parent for o in doc.organizations}


def test_polish_project_news() -> None:
    doc = _extract(PL, "pl.txt")
    assert doc.language == "pl"
    orgs = _orgs(doc)
    assert "Rozwoju Gmina" not in orgs  # "Referat Rozwoju Gminy" is the gmina's office, not a gmina
    assert orgs["Referat Rozwoju Gminy"] == "Gmina Brzozowo"
    (project,) = doc.projects
    assert project.identifier == "RPWM.04.03.01-28-0012/19" and project.lead == "Gmina Brzozowo"
    assert project.total is not None and project.total.amount == Decimal("2345678.90")
    assert project.total.currency == "PLN"
    assert [(f.role, f.amount) for f in project.funding] == [("eu", Decimal("1993827.06"))]
    assert (str(project.start), str(project.end)) == ("2020-03-01", "2022-12-31")
    (person,) = doc.people
    assert person.name == "Anna Kowalczyk" and [p.number for p in person.phones] == ["+48875201234"]


def test_latvian_project_page() -> None:
    doc = _extract(LV, "lv.txt")
    (project,) = doc.projects
    assert project.lead == "Egļukalna novada pašvaldība"  # "… ir pabeigusi projektu"
    assert project.total is not None and project.total.amount == Decimal("1250000.00")
    assert [(f.role, f.amount) for f in project.funding] == [("eu", Decimal("1062500.00"))]
    assert (str(project.start), str(project.end)) == ("2018-03-01", "2021-08-31")
    assert doc.people[0].name == "Ilze Bērziņa" and doc.people[0].emails == [
        "ilze.berzina@eglukalns-novads.lv"
    ]


def test_kinds_of_the_unseen_pages() -> None:
    kinds = {
        name: _extract(text, name).kind
        for name, text in (("pl", PL), ("lv", LV), ("de", DE), ("sv", SV), ("et", ET))
    }
    assert kinds == {
        "pl": "project_news",
        "lv": "project_news",
        "de": "department",
        "sv": "department",
        "et": "profile",
    }


def test_german_department_page() -> None:
    doc = _extract(DE, "de.txt")
    people = {p.name: p for p in doc.people}
    assert set(people) == {"Katrin Vogelsang", "Jonas Brenner"}  # no "Beratung von Familien"
    assert people["Katrin Vogelsang"].emails == ["katrin.vogelsang@birkenau-stadt.de"]
    assert [p.number for p in people["Jonas Brenner"].phones] == ["+4962013971215"]
    assert {o.country for o in doc.organizations if o.name == "Stadt Birkenau"} == {"DE"}


def test_swedish_department_page() -> None:
    doc = _extract(SV, "sv.txt")
    people = {p.name: p for p in doc.people}
    assert people["Lena Ekström"].role == "Förvaltningschef"
    assert [p.number for p in people["Erik Sandberg"].phones] == ["+46155382115"]
    assert _orgs(doc)["Kultur- och fritidsförvaltningen"] == "Björkviks kommun"


def test_estonian_profile_naming_a_latvian_novads() -> None:
    doc = _extract(ET, "et.txt")  # "Ezermalas novads" once crashed entity resolution
    assert {o.name: o.country for o in doc.organizations}["Ezermalas novads"] == "LV"
    assert doc.people[0].name == "Mari Tamm" and doc.people[0].role == "arendusnõunik"
