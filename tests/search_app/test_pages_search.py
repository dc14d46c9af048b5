"""The Search page and its CSV: rendering of kg.search responses (a canned response stands in for
the ranking, which kg.search's own tests cover), escaping then marking, facets, pages, CSV safety."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pages_fixture import BASE, build_data_dir

from kg import search as kg_search
from kg.search_types import FacetValue, Hit, SearchRequest, SearchResponse
from search_app import create_app
from search_app.highlight import highlight
from search_app.views.search_page import neutralise

YOUTH = "https://w3id.org/civicgraph/scheme/topics/youth"
HOSTILE = "<script>alert('x')</script> \"><svg onload=alert(1)> youth camps for youths"


def hit(n: int, **changes: object) -> Hit:
    values: dict[str, object] = {
        "iri": BASE + f"id/practice/p{n}",
        "type": "practice",
        "title": f"Practice {n}",
        "snippet": f"Summer camps for youth number {n}",
        "score": 1.0 / (n + 1),
        "scores": {"dense": 0.5, "lexical": 0.25, "tags": 0.0},
        "source": f"https://practices.example.org/{n}",
        "tags": ["youth"],
        "country": "LT",
        "lang": "en",
        "organization": "Lakeside District Municipality",
        "organization_iri": BASE + "id/org/lakeside-district-municipality",
        "tag_iris": [YOUTH],
    }
    values.update(changes)
    return Hit(**values)  # type: ignore[arg-type]


class FakeSearch:
    """Records requests; answers ``total`` hits, paged by the request's offset and limit."""

    def __init__(self, total: int = 3, first: Hit | None = None) -> None:
        self.total = total
        self.first = first
        self.requests: list[SearchRequest] = []

    def __call__(self, generation: object, request: SearchRequest) -> SearchResponse:
        self.requests.append(request)
        hits = [hit(i) for i in range(self.total)]
        if self.first is not None and hits:
            hits[0] = self.first
        page = hits[request.offset : request.offset + request.limit]
        facets = {
            "type": [FacetValue("practice", "Good practice", self.total)],
            "tag": [FacetValue(YOUTH, "youth", self.total)],
            "country": [FacetValue("LT", "Lithuania", self.total)],
            "lang": [FacetValue("en", "English", self.total)],
            "organization": [
                FacetValue(BASE + "id/org/lakeside-district-municipality", "Lakeside", self.total)
            ],
        }
        return SearchResponse(request.q, self.total, page, facets, [], request.limit, request.offset)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    settings = build_data_dir(tmp_path_factory.mktemp("search"))
    yield create_app({"CIVICGRAPH": settings, "TESTING": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeSearch:
    searcher = FakeSearch(total=3, first=hit(0, title=HOSTILE, snippet=HOSTILE))
    monkeypatch.setattr(kg_search, "search", searcher)
    return searcher


def test_empty_search_gives_guidance(client: FlaskClient, fake: FakeSearch) -> None:
    page = client.get("/search").data.decode()
    assert "What you can search for" in page and "youth" in page  # a popular tag to start from
    assert fake.requests == []  # nothing searched


def test_results_are_escaped_before_words_are_marked(client: FlaskClient, fake: FakeSearch) -> None:
    html = client.get("/search?q=youth+camps").data.decode()
    assert "<script>alert" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<mark>youth</mark> <mark>camps</mark> for <mark>youths</mark>" in html
    assert "<mark>for</mark>" not in client.get("/search?q=camps+for+youth").data.decode()
    assert 'href="/id/practice/p1"' in html and 'href="/id/org/lakeside-district-municipality"' in html
    assert "Why this result" in html and "meaning (semantic similarity)" in html and "0.500" in html
    assert 'href="https://practices.example.org/1"' in html
    assert 'href="/api/search?q=youth+camps&amp;limit=10&amp;offset=0"' in html
    assert 'href="/search.csv?q=youth+camps"' in html


def test_facets_toggle_and_combine(client: FlaskClient, fake: FakeSearch) -> None:
    html = client.get("/search?q=camps&country=LT").data.decode()
    assert fake.requests[-1].countries == ["LT"]
    # the selected value links to the search without it, the others add themselves
    assert 'href="/search?q=camps" class="facet-value on" aria-current="true"' in html
    youth = YOUTH.replace(":", "%3A").replace("/", "%2F")
    assert f'href="/search?q=camps&amp;country=LT&amp;tag={youth}"' in html
    client.get(f"/search?q=camps&country=LT&tag={YOUTH}&type=practice&tag=x&country=LV")
    last = fake.requests[-1]
    assert (last.countries, last.tags, last.types) == (["LT", "LV"], [YOUTH, "x"], ["practice"])


def test_facet_values_are_named_in_the_ui_language(client: FlaskClient, fake: FakeSearch) -> None:
    html = client.get("/search?q=camps&lang=lt", headers={"Accept-Language": "lt"}).data.decode()
    assert "jaunimas" in html and "Lietuva" in html and "Gerosios praktikos" in html


def test_pages_of_results(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    searcher = FakeSearch(total=25)
    monkeypatch.setattr(kg_search, "search", searcher)
    html = client.get("/search?q=camps&page=3").data.decode()
    assert (searcher.requests[-1].offset, searcher.requests[-1].limit) == (20, 10)
    assert 'href="/search?page=2&amp;q=camps" rel="prev"' in html
    assert '<ol class="results-list" start="21">' in html
    assert client.get("/search?q=camps&page=0").status_code == 400


def test_zero_results_explain_what_to_try(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg_search, "search", FakeSearch(total=0))
    page = client.get("/search?q=zzzz&country=LT").data.decode()
    assert "No results" in page and "Remove a filter" in page and "Browse the tag cloud" in page


def test_bad_parameters_are_a_readable_400(client: FlaskClient, fake: FakeSearch) -> None:
    response = client.get("/search?q=x&type=spaceship")
    assert response.status_code == 400 and "spaceship" in response.data.decode()


def test_real_search_on_a_store_without_indexes_still_answers(client: FlaskClient) -> None:
    assert client.get("/search?q=youth").status_code == 200


def test_csv_is_the_same_search_with_formulas_neutralised(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = FakeSearch(
        total=150, first=hit(0, title='=HYPERLINK("http://evil.example")', organization="@SUM(1)")
    )
    monkeypatch.setattr(kg_search, "search", searcher)
    response = client.get("/search.csv?q=camps&country=LT")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["rank", "title", "type", "score", "iri"]
    assert len(rows) == 151  # two requests of 100
    assert [(r.offset, r.limit) for r in searcher.requests] == [(0, 100), (100, 100)]
    assert all(r.countries == ["LT"] for r in searcher.requests)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["title"] == '\'=HYPERLINK("http://evil.example")' and first["organization"] == "'@SUM(1)"
    assert client.get("/search.csv").status_code == 400


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("plain", "plain"), ("", ""), (None, ""), (3, "3"), ("a=b", "a=b")],
)  # fmt: skip
def test_neutralise(cell: object, expected: str) -> None:
    assert neutralise(cell) == expected


def test_highlight_marks_words_after_escaping() -> None:
    assert (
        str(highlight("Youth & <b>youths</b>", "youth"))
        == "<mark>Youth</mark> &amp; &lt;b&gt;<mark>youths</mark>&lt;/b&gt;"
    )
    assert str(highlight("a &amp; b", "amp")) == "a &amp;<mark>amp</mark>; b"
    assert str(highlight("Jaunimo stovykla", "jaunimas")) == "Jaunimo stovykla"  # 'jaunimas' is not a prefix
    assert str(highlight("Jaunimo stovykla", "jaunim")) == "<mark>Jaunimo</mark> stovykla"
    assert str(highlight("Ąžuolynė", "azuolyne")) == "<mark>Ąžuolynė</mark>"  # accents folded
    assert str(highlight("x <script>", "")) == "x &lt;script&gt;"
    assert str(highlight(None, "x")) == ""
