"""Profile fields, partnerships, twin towns and networks as relations (fictional pages)."""

# ruff: noqa: E501 - the example pages are written as they appear, one paragraph per line

from __future__ import annotations

from ingest.extract.cooperation import apply_profile, extract_cooperation
from ingest.extract.labels import known_labels
from ingest.extract.organizations import extract_organizations
from ingest.extract.sections import layout

PROFILE = """Lakeside district municipality


Lakeside district municipality

Coat of arms or logo



Lake street 1, LT-00100 Lakeside, Lithuania

Internet site

Contact person

Jane Roe, Head of foreign relations division, phone +370 600 00001

Legal status

Local public authority

Field of activities

Roads, schools, libraries and social care.

Priorities for international cooperation

Main purpose for the partnership/cooperation:

  • Youth exchanges through summer camps (sports, arts, etc.), including language courses.
  • Restoration of wooden churches.

Participation in international networks


Ongoing cooperation


With LAKES partners –

Stawy gmina, Jeziorno gmina in Poland, Ozersk district municipality in Belarus
"""


def run(text: str, language: str = "en", region: str | None = "LT"):
    lay = layout(text, known_labels())
    idx = extract_organizations(text, lay, language=language, default_country=region)
    apply_profile(lay, idx.main)
    return idx, extract_cooperation(text, lay, idx)


def test_profile_fields() -> None:
    idx, _ = run(PROFILE)
    org = idx.main
    assert org is not None and org.name == "Lakeside district municipality"
    assert org.legal_status == "Local public authority" and org.type_label == "Local public authority"
    assert org.fields_of_activity == ["Roads, schools, libraries and social care."]
    assert org.cooperation_priorities == [
        "Youth exchanges through summer camps (sports, arts, etc.), including language courses",
        "Restoration of wooden churches",
    ]
    assert org.networks == []  # the empty section is not filled from the next heading
    assert org.address is not None and org.address.postal_code == "LT-00100"


def test_partnership_named_by_a_project() -> None:
    idx, coop = run(PROFILE)
    (project,) = coop.projects
    assert project.title == "LAKES"
    assert project.partners == ["Stawy gmina", "Jeziorno gmina", "Ozersk district municipality"]
    relations = [(r.subject, r.object, r.kind, r.label) for r in coop.relations]
    assert relations == [
        ("Lakeside district municipality", "Stawy gmina", "partner", "LAKES"),
        ("Lakeside district municipality", "Jeziorno gmina", "partner", "LAKES"),
        ("Lakeside district municipality", "Ozersk district municipality", "partner", "LAKES"),
    ]
    countries = {o.name: o.country for o in idx.organizations}
    assert countries["Stawy gmina"] == "PL" and countries["Ozersk district municipality"] == "BY"


def test_twin_towns_and_networks_in_lithuanian() -> None:
    text = (
        "Ąžuolynės rajono savivaldybė\n\nAdresas: Liepų g. 1, LT-00001 Ąžuolynė\n\n"
        "Bendradarbiavimo prioritetai\n• Jaunimo mainai\n• Kultūros paveldas\n\n"
        "Tarptautiniai tinklai\n• Baltijos miestų sąjunga\n\n"
        "Miestai partneriai\nRiverton Municipality (Švedija), Gmina Jeziorno (Lenkija).\n"
    )
    idx, coop = run(text, "lt")
    org = idx.main
    assert org is not None and org.cooperation_priorities == ["Jaunimo mainai", "Kultūros paveldas"]
    assert org.networks == ["Baltijos miestų sąjunga"]
    kinds = {(r.object, r.kind) for r in coop.relations}
    assert kinds == {
        ("Riverton Municipality", "twin"),
        ("Gmina Jeziorno", "twin"),
        ("Baltijos miestų sąjunga", "network"),
    }
    countries = {o.name: o.country for o in idx.organizations}
    assert countries["Riverton Municipality"] == "SE" and countries["Gmina Jeziorno"] == "PL"


def test_partner_names_without_organisation_words() -> None:
    text = "Riverton Municipality\n\nOngoing cooperation\n\nWith BRIDGES partners: Lakeside, Northbay and Ezermala.\n"
    _, coop = run(text, region="SE")
    (project,) = coop.projects
    assert project.partners == ["Lakeside", "Northbay", "Ezermala"]
