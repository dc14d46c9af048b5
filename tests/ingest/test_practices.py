"""Good practices in several database layouts (fictional pages)."""

# ruff: noqa: E501 - the example pages are written as they appear, one paragraph per line

from __future__ import annotations

from ingest.extract.organizations import extract_organizations
from ingest.extract.people import find_people
from ingest.extract.practices import extract_practices
from ingest.extract.sections import layout
from ingest.records import Practice

UBC_LIKE = """Baltic Towns Network
Good Practice Database

  • Home
  • Search
  • Browse
  • Tag cloud
  • View

youth budget


Detailed description of the Good Practice

Since 2019 Riverton Municipality sets aside part of its budget for projects chosen by young people. Pupils present ideas at school assemblies and every young resident can vote online.

  • participatory budgeting
  • youth
  • citizen participation

Objectives of the Good Practice

To give young people real influence over public money.

The practice resulted in higher turnout of young voters in the municipal election.

Participants of the Good Practice

The Culture and Leisure Department of Riverton Municipality runs the process with the Riverton Youth Council.

Target group of the Good Practice

Young people aged 13–19, teachers and youth workers.

Contact details

Erik Lindholm
Youth Coordinator, Culture and Leisure Department
Riverton Municipality
Storgatan 8, SE-931 85 Riverton, Sweden
Tel.: +46 70 174 06 10
E-mail: erik.lindholm@riverton.example.se
"""

PLATFORM = """Repair cafés in village libraries
Location of the practice: Latvia (Ezermala)
Main institution: Ezermala Municipality
Description
Since 2022 the central library of Ezermala hosts a repair café every month. Volunteers of the Ezermala Seniors Association help residents to mend clothes and bicycles.
Resources needed
About EUR 12,000 per year from the municipal budget.
Evidence of success
In three years more than 2,100 items were repaired.
Tags: circular economy, waste prevention, libraries
Contact
Ilze Bērziņa, Head of Development Division, Ezermala Municipality
ilze.berzina@ezermala.example.lv
"""


def practice(
    text: str, kind: str = "practice", language: str = "en", title: str | None = None
) -> list[Practice]:
    lay = layout(
        text, ("description", "objectives", "participants", "target group", "contact", "evidence of success")
    )
    idx = extract_organizations(text, lay, language=language, default_country=None)
    people = find_people(text, language, None)
    return extract_practices(lay, idx, people, kind=kind, doc_title=title, language=language)


def test_ubc_like_layout() -> None:
    (p,) = practice(UBC_LIKE)
    assert p.title == "youth budget"
    assert p.source_database == "Baltic Towns Network Good Practice Database"
    assert [t.label for t in p.tags] == ["participatory budgeting", "youth", "citizen participation"]
    assert (
        p.description
        and p.description.startswith("Since 2019")
        and "participatory budgeting" not in p.description
    )
    assert p.objectives == ["To give young people real influence over public money."]
    assert p.results == ["The practice resulted in higher turnout of young voters in the municipal election."]
    assert p.participants and "Youth Council" in p.participants[0]
    assert p.target_groups == ["Young people aged 13–19, teachers and youth workers."]
    assert p.organization == "Riverton Municipality"
    assert p.contact == "Erik Lindholm"


def test_menu_is_never_tags() -> None:
    (p,) = practice(
        UBC_LIKE.replace("  • participatory budgeting\n  • youth\n  • citizen participation\n", "")
    )
    assert p.tags == []


def test_platform_layout_without_blank_lines() -> None:
    (p,) = practice(PLATFORM, kind="other", title="Repair cafés in village libraries")
    assert p.title == "Repair cafés in village libraries"
    assert p.organization == "Ezermala Municipality"
    assert [t.label for t in p.tags] == ["circular economy", "waste prevention", "libraries"]
    assert p.results == ["In three years more than 2,100 items were repaired."]
    assert p.contact == "Ilze Bērziņa"


def test_lithuanian_practice() -> None:
    text = (
        "Gerosios praktikos pavadinimas: Jaunimo savanorystė kaime\n\n"
        "Aprašymas\n\nNuo 2021 m. jaunimo centras organizuoja savanorystės programą kaimo jaunimui.\n\n"
        "Tikslai\n\nStiprinti kaimo jaunimo pilietiškumą.\n\n"
        "Tikslinė grupė\n\nKaimo jaunimas, vieniši senjorai.\n\n"
        "Raktažodžiai: jaunimas, savanorystė\n"
    )
    (p,) = practice(text, kind="other", language="lt")
    assert p.title == "Jaunimo savanorystė kaime"
    assert p.objectives == ["Stiprinti kaimo jaunimo pilietiškumą."]
    assert [t.label for t in p.tags] == ["jaunimas", "savanorystė"]


def test_not_a_practice() -> None:
    assert practice("News\n\nThe River Festival returns on 14 June.\n", kind="other") == []


def test_project_news_with_goal_target_group_and_results_is_not_a_practice() -> None:
    text = (
        "Project goal, target group\n\nThe goal of the project is inclusive education.\n\n"
        "Children and teachers.\n\nProject activities\n\nMentoring.\n\nProject results\n\nChildren are integrated.\n"
    )
    assert practice(text, kind="project_news", title="Implementation of the project begins") == []
