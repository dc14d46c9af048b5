"""The site's pages on a published fictional store (tests/fixtures/pages.trig): every menu page,
browsing with filters, resource pages with provenance and content negotiation, languages, safety."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pages_fixture import BASE, build_data_dir
from rdflib import Graph, URIRef

from search_app import create_app
from search_app.i18n import choose_language, safe_next
from search_app.views.common import Pager

ORG_PATH = "/id/org/lakeside-district-municipality"
PRACTICE_PATH = "/id/practice/youth-heritage-camps"
YOUTH = "https://w3id.org/civicgraph/scheme/topics/youth"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    settings = build_data_dir(tmp_path_factory.mktemp("pages"))
    yield create_app({"CIVICGRAPH": settings, "TESTING": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def text_of(html: bytes) -> str:
    """Visible text, roughly: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode("utf-8")).split())


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/browse", "/browse"),
        ("/tags", "/tags"),
        ("/partners", "/partners"),
        ("/search", "/search"),
    ],
)
def test_menu_pages_answer_and_mark_the_current_item(client: FlaskClient, path: str, current: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.data.decode()
    assert f'<a href="{current}" aria-current="page">' in html
    for item in ("/", "/search", "/browse", "/tags", "/partners", "/sparql"):
        assert f'href="{item}"' in html
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_home_shows_the_holdings(client: FlaskClient) -> None:
    page = text_of(client.get("/").data)
    assert "3 Good practices" in page and "1 Projects" in page and "5 Source documents" in page
    assert "Lithuania" in page and "Latvia" in page and "Poland" in page
    assert "English: 4" in page and "Lithuanian: 1" in page
    assert "Latest additions" in page and "Repair cafés" in page
    assert "youth 2" in page  # top tags with counts
    html = client.get("/").data.decode()
    assert 'role="search"' in html and '<label for="q"' in html


def test_links_to_resources_use_this_site_not_the_stored_base(client: FlaskClient) -> None:
    html = client.get("/browse/practices").data.decode()
    assert f'href="{PRACTICE_PATH}"' in html
    assert f'href="{BASE}' not in html


def test_browse_filters_combine_and_count(client: FlaskClient) -> None:
    page = client.get("/browse/organisations").data.decode()
    assert "Lakeside District Municipality" in page and "International Cooperation Division" not in page
    letter = text_of(client.get("/browse/organisations?letter=L").data)
    assert "Lakeside District Municipality" in letter and "Northfield City" not in letter
    poland = text_of(client.get("/browse/organisations?country=PL").data)
    assert "Northfield City" in poland and "Lakeside District Municipality" not in poland
    year = text_of(client.get("/browse/practices?year=2019").data)
    assert "Repair cafés" in year and "Senjorų klubas" in year and "Youth Heritage Camps" not in year
    both = text_of(client.get("/browse/practices?year=2019&country=LT").data)
    assert "Senjorų klubas" in both and "Repair cafés" not in both
    none = client.get("/browse/practices?year=1999").data.decode()
    assert "Nothing matches these filters." in none
    assert "Units" in text_of(client.get("/browse/units").data)


def test_browse_countries_and_country_page(client: FlaskClient) -> None:
    page = client.get("/browse/countries").data.decode()
    assert 'href="/browse/countries/LT"' in page
    assert 'class="chart-data"' in page and "Good practices per country" in page
    lt = text_of(client.get("/browse/countries/lt").data)
    assert "Youth Heritage Camps" in lt and "Repair cafés" not in lt
    assert client.get("/browse/countries/ZZ").status_code == 404


@pytest.mark.parametrize("path", ["/browse/nothing", "/browse/practices?page=99", "/id/practice/nope"])
def test_missing_pages_are_404_in_html(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Not found" in response.data.decode()


@pytest.mark.parametrize("page", ["0", "-1", "x", "1e3", "99999999"])
def test_bad_page_numbers_are_400(client: FlaskClient, page: str) -> None:
    assert client.get(f"/browse/practices?page={page}").status_code == 400


def test_tag_cloud_groups_by_scheme_and_weights(client: FlaskClient) -> None:
    html = client.get("/tags").data.decode()
    page = text_of(html.encode())
    assert page.index("Topics") < page.index("CE Key Area")  # the bigger scheme first
    youth = re.search(
        r'<a class="w(\d)" href="/resource\?iri=https://w3id.org/civicgraph/scheme/topics/youth">', html
    )
    recycling = re.search(r'<a class="w(\d)" href="[^"]+recycling">', html)
    assert youth and recycling and int(youth.group(1)) > int(recycling.group(1))
    assert "Good practices per tag" in page


def test_resource_page_lists_properties_links_and_provenance(client: FlaskClient) -> None:
    response = client.get(ORG_PATH)
    assert response.status_code == 200
    html = response.data.decode()
    page = text_of(response.data)
    assert "cooperation priority" in page and "Restoration of the cultural heritage" in page
    assert 'href="/id/org/riverbend-town-council"' in html  # partner, as a local link
    assert 'href="mailto:info@lakeside.example.org"' in html
    assert "Mentioned in" in page and "implements" in page
    assert "Provenance" in page and 'href="https://lakeside.example.org/profile"' in html
    assert "characters 120–176" in page  # the quoted evidence
    assert "People" in page and "Jane Example" in page
    assert 'id="network-data"' in html and "Cooperation network" in page
    island = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.S)
    assert island is not None
    network = json.loads(island.group(1))
    assert {n["href"] for n in network["nodes"]} >= {ORG_PATH, "/id/project/green-riverbanks"}
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert data is not None
    assert json.loads(data.group(1))["@type"] == "GovernmentOrganization"
    assert 'rel="alternate"' in response.headers["Link"] and "text/turtle" in response.headers["Link"]


def test_practice_page_follows_provenance_to_the_source(client: FlaskClient) -> None:
    html = client.get(PRACTICE_PATH).data.decode()
    doc = "/id/doc/good-practices-csv-12-111111111111"
    assert f'href="{doc}"' in html
    assert "field “Title”" in html
    assert "Related practices" in html
    source = client.get(doc)
    assert source.status_code == 200
    page = source.data.decode()
    assert 'href="https://practices.example.org/records/12"' in page  # the original page
    assert "What this document describes" in page and f'href="{PRACTICE_PATH}"' in page


def test_project_page_shows_amounts_with_currency(client: FlaskClient) -> None:
    page = text_of(client.get("/id/project/green-riverbanks").data)
    assert "€150,000.00" in page and "€120,000.00" in page
    assert "lead organisation Riverbend Town Council" in page
    lt = text_of(client.get("/id/project/green-riverbanks?lang=lt").data)
    assert "150 000,00 €" in lt


def test_tag_page_lists_practices_related_tags_and_labels(client: FlaskClient) -> None:
    response = client.get("/resource", query_string={"iri": YOUTH})
    assert response.status_code == 200
    page = text_of(response.data)
    assert "Tagged with this" in page and "Youth Heritage Camps" in page and "Green Riverbanks" in page
    assert "Related tags" in page and "cultural heritage" in page
    assert "jaunimas" in page and "młodzież" in page  # names in other languages
    heritage = client.get(
        "/resource", query_string={"iri": "https://w3id.org/civicgraph/scheme/topics/cultural-heritage"}
    )
    assert "Youth Heritage Camps" in text_of(heritage.data)


@pytest.mark.parametrize(
    ("path", "headers", "mimetype", "fmt"),
    [
        (PRACTICE_PATH + ".ttl", {}, "text/turtle", "turtle"),
        (PRACTICE_PATH + ".jsonld", {}, "application/ld+json", "json-ld"),
        (PRACTICE_PATH + ".nt", {}, "application/n-triples", "nt"),
        (PRACTICE_PATH + ".rdf", {}, "application/rdf+xml", "xml"),
        (PRACTICE_PATH, {"Accept": "text/turtle"}, "text/turtle", "turtle"),
        (PRACTICE_PATH, {"Accept": "application/ld+json"}, "application/ld+json", "json-ld"),
        (
            PRACTICE_PATH,
            {"Accept": "application/rdf+xml;q=0.9, text/html;q=0.1"},
            "application/rdf+xml",
            "xml",
        ),
        (PRACTICE_PATH + "?format=nt", {}, "application/n-triples", "nt"),
    ],
)
def test_resource_iris_answer_rdf(
    client: FlaskClient, path: str, headers: dict[str, str], mimetype: str, fmt: str
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 200 and response.mimetype == mimetype
    graph = Graph().parse(data=response.data, format=fmt)
    subject = URIRef(BASE + "id/practice/youth-heritage-camps")
    assert (subject, URIRef("http://purl.org/dc/terms/title"), None) in graph
    assert "Accept" in response.headers.get("Vary", "")


def test_browsers_get_html_and_bad_requests_are_refused(client: FlaskClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(PRACTICE_PATH, headers={"Accept": browser}).mimetype == "text/html"
    assert client.get(PRACTICE_PATH + "?format=docx").status_code == 400
    assert client.get("/resource").status_code == 400
    assert client.get("/resource", query_string={"iri": "javascript:alert(1)"}).status_code == 404
    assert client.get("/resource", query_string={"iri": 'https://x.test/"><script>'}).status_code == 400


def test_language_switch_translates_the_ui_and_data_labels(client: FlaskClient) -> None:
    switched = client.get("/lang/lt?next=/browse/countries")
    assert switched.status_code == 303 and switched.headers["Location"] == "/browse/countries"
    assert "lang=lt" in switched.headers["Set-Cookie"]
    page = client.get("/browse/countries")
    html = page.data.decode()
    assert '<html lang="lt">' in html
    assert "Lietuva" in html and "Latvija" in html  # data labels in Lithuanian
    assert "Naršyti" in html  # the menu in Lithuanian
    assert "Cookie" in page.headers["Vary"]
    org = text_of(client.get(ORG_PATH).data)
    assert "Ežerėlio rajono savivaldybė" in org and "bendradarbiavimo prioritetas" in org
    client.get("/lang/en?next=/")
    assert '<html lang="en">' in client.get("/").data.decode()


def test_unknown_language_and_unsafe_next_are_ignored(client: FlaskClient) -> None:
    response = client.get("/lang/xx?next=https://evil.example/")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers
    for target in ("//evil.example", "https://evil.example", "/\\evil", "javascript:alert(1)", "", None):
        assert safe_next(target) == "/"
    assert safe_next("/tags?x=1") == "/tags?x=1"
    assert choose_language(None, None, ["lt-LT", "en"]) == "lt"
    assert choose_language("en", "lt", ["lt"]) == "en"
    assert choose_language("xx", None, ["de"]) == "en"


def test_pager_window() -> None:
    pager = Pager(page=7, per_page=10, total=200)
    assert pager.pages == 20 and pager.offset == 60
    assert pager.window() == [1, None, 5, 6, 7, 8, 9, None, 20]
    assert Pager(1, 10, 0).pages == 1
    assert list(Pager(2, 3, 7).slice(list(range(7)))) == [3, 4, 5]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/id/practice/a%20b", 404),
        ("/id/x%3Cy%3E", 404),
        ("/id/%22quoted%22", 404),
        ("/id/a%0Ab", 404),
        ("/id/" + "a" * 3000, 404),
        ("/resource?iri=http://x.test/a%0Ab", 400),
        ("/resource?iri=a%5Cb", 400),
        ("/browse/organisations?letter=%00", 200),
        ("/partners?country=%3Cx%3E&topic=%00", 200),
    ],
)
def test_odd_addresses_never_break_the_server(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert "<x>" not in response.data.decode()


def test_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    from kg import settings as settings_mod

    app = create_app({"CIVICGRAPH": settings_mod.load({}, data_dir=str(tmp_path / "empty")), "TESTING": True})
    client = app.test_client()
    assert "civicgraph ingest data/samples" in client.get("/").data.decode()
    for path in ("/browse", "/browse/practices", "/tags", "/partners", "/search?q=x"):
        assert client.get(path).status_code == 200, path
    assert client.get("/id/practice/x").status_code == 404
