"""Partner search: topic names matched against cooperation priorities as written (any language,
stemmed), tagged work, country; the page shows priorities, ongoing partnerships and contacts."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pages_fixture import build_data_dir

from search_app import create_app
from search_app.partner_data import Term, terms_for, words

TOPICS = "https://w3id.org/civicgraph/scheme/topics/"


@pytest.mark.parametrize(
    ("name", "lang", "text", "matches"),
    [
        ("cultural heritage", "en", "Restoration of the cultural heritage of historic villages", True),
        ("youth", "en", "Informal education for children and youths", True),
        ("SME support", "en", "Tourism development and support for SME", True),  # any order
        ("SME support", "en", "Tourism development", False),  # every word is needed
        ("children and families", "en", "children, parents and families", True),  # joining words skipped
        ("jaunimas", "lt", "Jaunimo užimtumas ir neformalusis švietimas", True),  # Lithuanian stems
        ("kultūros paveldas", "lt", "Kultūros paveldo išsaugojimas", True),
        ("kulturerbe", "de", "Erhalt des Kulturerbes", True),  # case and accents folded, German stem
        ("recycling", "en", "cycling paths", False),  # no match inside a word
        ("", "en", "anything", False),
    ],
)
def test_term_matching(name: str, lang: str, text: str, matches: bool) -> None:
    assert Term.of(name, lang).matches(words(text)) is matches


def test_terms_drop_empty_and_duplicate_names() -> None:
    terms = terms_for([("youth", "en"), ("youth", "en"), ("and", "en"), ("young people", "en")])
    assert [t.text for t in terms] == ["youth", "young people"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    settings = build_data_dir(tmp_path_factory.mktemp("partners"))
    yield create_app({"CIVICGRAPH": settings, "TESTING": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def names(html: str) -> list[str]:
    return re.findall(r'<li class="partner-card">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


def test_without_a_topic_lists_organisations_that_state_priorities(client: FlaskClient) -> None:
    html = client.get("/partners").data.decode()
    assert sorted(names(html)) == ["Lakeside District Municipality", "Northfield City"]
    assert '<label for="topic">' in html and '<label for="partner-country">' in html


def test_topic_matches_priorities_as_written(client: FlaskClient) -> None:
    html = client.get("/partners", query_string={"topic": TOPICS + "cultural-heritage"}).data.decode()
    assert names(html) == ["Lakeside District Municipality"]
    assert "<mark>Restoration of the cultural heritage of historic villages</mark>" in html
    assert "Informal education for children and youths</li>" in html  # shown, not marked
    # ongoing partnerships and contact
    assert 'href="/id/org/riverbend-town-council"' in html and 'href="/id/project/green-riverbanks"' in html
    assert 'href="mailto:info@lakeside.example.org"' in html and 'href="tel:+37000000001"' in html
    assert "Jane Example" in html and "Head of the International Cooperation Division" in html


def test_narrower_topics_and_other_names_count(client: FlaskClient) -> None:
    # "recycling" is narrower than "waste management"; Northfield says "circular economy and recycling"
    html = client.get("/partners", query_string={"topic": TOPICS + "waste-management"}).data.decode()
    assert names(html) == ["Northfield City"]
    # "SME support" has the other name "small and medium-sized enterprises"
    sme = client.get("/partners", query_string={"topic": TOPICS + "sme-support"}).data.decode()
    assert "Northfield City" in names(sme)


def test_free_text_and_country(client: FlaskClient) -> None:
    assert names(client.get("/partners?q=youth").data.decode()) == ["Lakeside District Municipality"]
    assert names(client.get("/partners?q=youth&country=PL").data.decode()) == []
    assert names(client.get("/partners?country=PL").data.decode()) == ["Northfield City"]
    empty = client.get("/partners?q=space+travel").data.decode()
    assert "No organisation says it seeks cooperation in this." in empty


def test_tagged_work_counts_when_priorities_do_not_say_it(client: FlaskClient) -> None:
    # Lakeside's practices are tagged "older people"; its priorities do not mention it
    html = client.get("/partners", query_string={"topic": TOPICS + "older-people"}).data.decode()
    assert names(html) == ["Lakeside District Municipality"]
    assert "Runs practices or projects on this topic." in html


def test_unknown_topic_is_ignored_and_text_is_escaped(client: FlaskClient) -> None:
    query = {"topic": "javascript:alert(1)", "q": "<script>x</script>"}
    page = client.get("/partners", query_string=query).data.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
