"""Projects: identifiers by label, lead, partners, funders, amounts by role, periods, lists."""

# ruff: noqa: E501 - the example pages are written as they appear, one paragraph per line

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.extract.dates import find_dates, find_period, programme_period, publication_date
from ingest.extract.organizations import extract_organizations
from ingest.extract.projects import extract_projects, find_identifiers
from ingest.extract.sections import layout
from ingest.records import Project


def project(text: str, kind: str = "project_news", language: str = "en", region: str = "LT") -> Project:
    lay = layout(text)
    idx = extract_organizations(text, lay, language=language, default_country=region)
    (found,) = extract_projects(text, lay, idx, languages=[language], region=region, kind=kind)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Project No. 10-099-K0001)", ["10-099-K0001"]),
        ("projekto Nr. 05.2.1-APVA-R-008-61-0001 įgyvendinimo", ["05.2.1-APVA-R-008-61-0001"]),
        ("Projekto kodas: 05.1.1-APVA-R-014-61-0007", ["05.1.1-APVA-R-014-61-0007"]),
        ("Project code: STHB.02.01-IP.01-0012/23", ["STHB.02.01-IP.01-0012/23"]),
        ("umowę o dofinansowanie projektu nr RPWM.04.02.00-28-0011/22", ["RPWM.04.02.00-28-0011/22"]),
        ("Projektnummer: EFRE-0801234", ["EFRE-0801234"]),
        ("journalnr. 2023-0456-GH", ["2023-0456-GH"]),
        ("Hanketunnus: A80123", ["A80123"]),
        ("The Interreg project RIVERS (LLI-123) starts.", ["LLI-123"]),
        # other labels: not projects
        ('progress measure No. 12-003-03-02-01 "Implement inclusive education"', []),
        ('strategic development plan, No. 2 "Smart community"', []),
        ("Council Decision No. 45-12/2023", []),
        ("įsakymu Nr. A1-458", []),
        ("Mobil: 070-312 45 67 (projektledare)", []),
        ("Address: LT-62133 Alytus, project office", []),
        ("implementation period 2025-02-28 for the project", []),
    ],
)
def test_identifiers_by_label(text: str, expected: list[str]) -> None:
    assert [code for code, _, _ in find_identifiers(text)] == expected


NEWS = """News

Implementation of the Project "Safe Schools in Lakeside District" Begins

2025 03 31

On February 28, 2025, Lakeside District Municipality Administration together with project partners - Northbay Gymnasium of Lakeside District, Public Institution Lakeside Family Centre, NGO - Public Institution "Sun House", Lakeside District Sports School - signed an agreement with the Public Institution Central Project Management Agency. Through this agreement, Lakeside District Municipality implements the project (Project No. 10-099-K0001). The project is funded by the European Social Fund Plus for 2021-2027.

By implementing the regional development plan progress measure No. 12-003-03-02-01 "Implement inclusive education", we will address the problem.

Project goal, target group
The goal of the project is to ensure inclusive education in Lakeside District Municipality.

Children with special educational needs, their parents (guardians, caregivers), teachers.

Planned new services/activities:
1) Mentoring programme (volunteers meet children once a week for a minimum of one year, providing emotional support and positive examples);
2) Sensory integration;
3) Art therapy, movement therapy.

Total project value: 499,910.09 Eur, of which European Social Fund Plus funding is 449,169.22 Eur, Lakeside District Municipality budget funds - 50,740.87 Eur.

Project implementation period – February 2025 – February 2028.
"""


def test_project_news_in_english() -> None:
    p = project(NEWS)
    assert p.title == "Safe Schools in Lakeside District"
    assert p.identifier == "10-099-K0001"
    assert p.lead == "Lakeside District Municipality Administration"
    assert p.partners == [
        "Northbay Gymnasium of Lakeside District",
        "Public Institution Lakeside Family Centre",
        'Public Institution "Sun House"',
        "Lakeside District Sports School",
    ]
    assert "Public Institution Central Project Management Agency" not in p.partners
    assert p.funders == ["ESF+"]
    assert p.total is not None and p.total.amount == Decimal("499910.09") and p.total.role == "total"
    assert [(f.funder, f.amount, f.role, f.fund_code) for f in p.funding] == [
        ("European Social Fund Plus", Decimal("449169.22"), "eu", "ESF+"),
        ("Lakeside District Municipality budget", Decimal("50740.87"), "municipal", "MUNICIPAL"),
    ]
    assert (p.start, p.end, p.programme_period) == ("2025-02", "2028-02", "2021-2027")
    assert p.target_groups == [
        "Children with special educational needs",
        "their parents (guardians, caregivers)",
        "teachers",
    ]
    assert p.activities == ["Mentoring programme", "Sensory integration", "Art therapy, movement therapy"]


LT_NEWS = """Naujienos

2025 m. kovo 3 d. Ąžuolynės rajono savivaldybės administracija kartu su partneriais – Ąžuolynės Vytauto gimnazija ir Ąžuolynės kultūros centru – pasirašė finansavimo sutartį su Centrine projektų valdymo agentūra.

Projektas „Žalios upės“ (projekto Nr. 05.1.1-APVA-R-014-61-0007) finansuojamas Europos regioninės plėtros fondo ir valstybės biudžeto lėšomis.

Bendra projekto vertė – 1 234 567,89 Eur, iš jų Europos regioninės plėtros fondo lėšos – 1 049 382,71 Eur, valstybės biudžeto lėšos – 92 592,59 Eur, savivaldybės biudžeto lėšos – 92 592,59 Eur.

Projekto įgyvendinimo laikotarpis – 2025 m. kovo 1 d. – 2027 m. rugpjūčio 31 d.
"""


def test_project_news_in_lithuanian() -> None:
    p = project(LT_NEWS, language="lt")
    assert p.title == "Žalios upės"
    assert p.identifier == "05.1.1-APVA-R-014-61-0007"
    assert p.lead == "Ąžuolynės rajono savivaldybės administracija"
    assert p.partners == ["Ąžuolynės Vytauto gimnazija", "Ąžuolynės kultūros centras"]
    assert p.funders == ["ERDF"]
    assert p.total is not None and p.total.amount == Decimal("1234567.89")
    assert [(f.role, f.amount) for f in p.funding] == [
        ("eu", Decimal("1049382.71")),
        ("national", Decimal("92592.59")),
        ("municipal", Decimal("92592.59")),
    ]
    assert (p.start, p.end) == ("2025-03-01", "2027-08-31")


def test_labelled_project_sheet() -> None:
    text = (
        "Project acronym: RIVERS\nProject code: STHB.02.01-IP.01-0042/24\n"
        "Lead partner: Riverton Municipality (Sweden)\nPartners:\n• Lakeside Gmina (Poland)\n"
        "• Ezermala Municipality (Latvia)\nTotal budget: EUR 2 450 000, of which ERDF co-financing EUR 1 960 000.\n"
        "Duration: 1 February 2025 – 31 January 2028\n"
    )
    p = project(text, kind="other", region="SE")
    assert p.identifier == "STHB.02.01-IP.01-0042/24"
    assert p.lead == "Riverton Municipality"
    assert p.partners == ["Lakeside Gmina", "Ezermala Municipality"]
    assert p.total is not None and p.total.amount == Decimal("2450000")
    assert (p.start, p.end) == ("2025-02-01", "2028-01-31")


def test_polish_partners_and_lead() -> None:
    text = (
        "Gmina Jeziorno realizuje projekt „Zielone podwórka” nr RPWM.04.02.00-28-0011/22. "
        "Umowę podpisano z Agencją Rozwoju Regionalnego w Olsztynie.\n\n"
        "Partnerami projektu są: Stowarzyszenie Przyjaciół Jeziorna oraz Szkoła Podstawowa nr 2 w Jeziornie.\n\n"
        "Wartość projektu: 850 000,00 zł.\n"
    )
    p = project(text, language="pl", region="PL")
    assert p.lead == "Gmina Jeziorno"
    assert p.partners == ["Stowarzyszenie Przyjaciół Jeziorna", "Szkoła Podstawowa nr 2 w Jeziornie"]
    assert p.total is not None and p.total.currency == "PLN"


def test_no_project_without_signs_of_one() -> None:
    text = (
        "City news\n\nThe Riverton City Council opened a youth centre under Council Decision No. 45-12/2023."
    )
    lay = layout(text)
    idx = extract_organizations(text, lay, language="en", default_country=None)
    assert extract_projects(text, lay, idx, languages=["en"], region=None, kind="other") == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("2025-02-28", ["2025-02-28"]),
        ("2025 03 31", ["2025-03-31"]),
        ("28.02.2025", ["2025-02-28"]),
        ("February 28, 2025", ["2025-02-28"]),
        ("28 lutego 2025", ["2025-02-28"]),
        ("2025 m. vasario 28 d.", ["2025-02-28"]),
        ("2025 m. vasario mėn.", ["2025-02"]),
        ("2025. gada 28. februārī", ["2025-02-28"]),
        ("Januar 2024", ["2024-01"]),
        ("1 mars 2023", ["2023-03-01"]),
        ("In 2004 the audit", []),
        ("31.02.2025", []),
    ],
)
def test_dates_keep_their_precision(text: str, values: list[str]) -> None:
    assert [d.value for d in find_dates(text, ["lt", "pl", "lv", "de", "sv"])] == values


def test_period_prefers_a_labelled_range() -> None:
    text = "Plan 2021-2028.\nThe office is open May 2024 – June 2024.\nProject implementation period – February 2025 – February 2028."
    start, end = find_period(text) or (None, None)
    assert start is not None and end is not None
    assert (start.value, end.value) == ("2025-02", "2028-02")


@pytest.mark.parametrize(
    ("text", "period"),
    [("for 2021-2027", "2021-2027"), ("2014–2020 m.", "2014-2020"), ("the 2021-2028 strategic plan", None)],
)
def test_programme_period(text: str, period: str | None) -> None:
    assert programme_period(text) == period


def test_publication_date() -> None:
    assert str(publication_date("News\n\nTitle of the news\n\n2025 03 31\n\nBody.")) == "2025-03-31"
    assert str(publication_date("Body text.\n" * 20 + "Published: 2024-06-01")) == "2024-06-01"
    assert publication_date("No dates here.") is None
