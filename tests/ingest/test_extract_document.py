"""The orchestrator: a pure function of the text that links everything it finds."""

# ruff: noqa: E501 - the example pages are written as they appear, one paragraph per line

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract import extract_document
from ingest.records import ExtractedDocument

CONTACT_PAGE = """Lakeside City Municipality

Contact details

Jane Roe
Head of Water Division
Lakeside City Municipality
Main sq. 4, LT-00002 Lakeside
Tel.: +370 600 00041
E-mail: jane.roe@lakeside.example.lt
"""


def run(text: str, **kwargs: object) -> ExtractedDocument:
    return extract_document(text, source="t.txt", suggest=False, **kwargs)  # type: ignore[arg-type]


def test_pure_function_of_its_input() -> None:
    assert run(CONTACT_PAGE).to_dict() == run(CONTACT_PAGE).to_dict()


def test_bad_input_is_named() -> None:
    with pytest.raises(TypeError, match=r"t\.txt"):
        extract_document(b"bytes", source="t.txt", suggest=False)  # type: ignore[arg-type]


def test_people_linked_to_organisation_and_unit() -> None:
    doc = run(CONTACT_PAGE)
    (person,) = doc.people
    assert person.organization == "Lakeside City Municipality"
    assert person.unit == "Water Division"
    assert [p.number for p in doc.phones] == ["+37060000041"]
    assert doc.emails == ["jane.roe@lakeside.example.lt"]
    assert doc.extra["region"] == "LT"


def test_every_named_organisation_is_in_the_document() -> None:
    text = (
        "Riverton Municipality\n\nOngoing cooperation\n\nWith BRIDGES partners: Lakeside, Northbay and Ezermala.\n\n"
        "Riverton District Municipality Administration leads the work."
    )
    doc = run(text)
    names = {o.name for o in doc.organizations}
    for relation in doc.relations:
        assert {relation.subject, relation.object} <= names
    for project in doc.projects:
        assert set(project.partners) <= names
    for org in doc.organizations:
        assert org.parent is None or org.parent in names


def test_region_from_names_when_nothing_else_says() -> None:
    doc = run("News\n\nĄžuolynė District Municipality Administration opened a new library in Ąžuolynė.")
    assert doc.extra["region"] == "LT"
    admin = next(o for o in doc.organizations if o.type == "administration")
    assert admin.key == "lt-azuolyn-district-administration" and admin.country == "LT"


def test_published_given_wins_and_title_is_guessed() -> None:
    text = "News\n\nRiver Festival returns on 14 June\n\n2025 05 02\n\nBoats and music."
    assert run(text).published == date(2025, 5, 2)
    assert run(text, published=date(2025, 1, 1)).published == date(2025, 1, 1)
    assert run(text).title == "River Festival returns on 14 June"
    assert run(text, title="Given").title == "Given"
