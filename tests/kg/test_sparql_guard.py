"""kg.sparql_guard: what is refused before evaluation, and what is found for evaluation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kg import settings as settings_mod
from kg.sparql_guard import (
    SIMILAR_PREDICATE,
    CheckedQuery,
    QueryRefused,
    SimilarPattern,
    check,
    rewrite,
    string_value,
    tokenize,
    values_block,
)

SETTINGS = settings_mod.load({}, sparql_max_depth=8, sparql_max_query_chars=2_000)
CG = "PREFIX cg: <https://w3id.org/civicgraph/ns#>\n"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> {}",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:load ?o }",
        "SELECT ?service ?insert WHERE { ?service ?insert ?o }",
        "SELECT * WHERE { ?s ?p '''it's a ''service'' of DROP and INSERT''' }",
        'SELECT * WHERE { ?s ?p """a "quoted" LOAD""" }',
        "SELECT * WHERE { ?s ?p 'don\\'t DELETE' }",
        "select * where { ?s a ?o } limit 1",
    ],
)
def test_keywords_inside_strings_iris_comments_and_names_are_allowed(query: str) -> None:
    assert check(query, SETTINGS).form == "SELECT"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * where { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://x/>{?s ?p ?o}}",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        # a prefixed name ending in an escaped quote must not open a "string" that hides what follows
        "PREFIX ex: <http://x/> SELECT * { ?s ex:a\\' } SERVICE <http://evil/> { ?s ?p ?o } ?a ?b ex:b\\' }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE") as info:
        check(query, SETTINGS)
    assert info.value.status == 403


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://x/> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "load <file:///etc/passwd> into graph <http://x/g>",
        "CLEAR ALL",
        "DROP GRAPH <http://x/g>",
        "CREATE GRAPH <http://x/g>",
        "COPY DEFAULT TO <http://x/g>",
        "MOVE <http://x/a> TO <http://x/b>",
        "ADD <http://x/a> TO <http://x/b>",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="read-only") as info:
        check(query, SETTINGS)
    assert info.value.status == 403


def test_nesting_at_the_limit_passes_and_deeper_is_refused() -> None:
    at_limit = "SELECT * WHERE " + "{" * 8 + "?s ?p ?o" + "}" * 8
    assert check(at_limit, SETTINGS).depth == 8
    with pytest.raises(QueryRefused, match="8 levels") as info:
        check("SELECT * WHERE " + "{" * 9 + "?s ?p ?o" + "}" * 9, SETTINGS)
    assert info.value.status == 400


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
        "SELECT * WHERE { FILTER(" + "(" * 20 + "1" + ")" * 20 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ <http://x/p> " * 20 + "1" + " ]" * 20 + " }",
        "SELECT * WHERE { ?s ?p " + "(" * 20 + "1" + ")" * 20 + " }",
    ],
)
def test_deep_nesting_of_every_bracket_kind_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="levels deep"):
        check(query, settings_mod.load({}, sparql_max_depth=10))


def test_brackets_inside_strings_do_not_count() -> None:
    query = 'SELECT * WHERE { ?s ?p "' + "{" * 500 + '" }'
    assert check(query, SETTINGS).depth == 1


def test_length_cap() -> None:
    with pytest.raises(QueryRefused, match="2000") as info:
        check("SELECT * WHERE { ?s ?p ?o }" + " " * 2000, SETTINGS)
    assert info.value.status == 413


@pytest.mark.parametrize(
    ("query", "form", "has_dataset"),
    [
        ("PREFIX a: <http://x/> SELECT * WHERE { ?s ?p ?o }", "SELECT", False),
        ("BASE <http://x/> ask { ?s ?p ?o }", "ASK", False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("describe <http://x/a>", "DESCRIBE", False),
        ("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }", "SELECT", True),
        ("SELECT * FROM NAMED <http://x/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT", True),
        ("this is not SPARQL", None, False),
    ],
)
def test_form_and_dataset_clause(query: str, form: str | None, has_dataset: bool) -> None:
    checked = check(query, SETTINGS)
    assert (checked.form, checked.has_dataset) == (form, has_dataset)
    assert checked.returns_graph == (form in ("CONSTRUCT", "DESCRIBE"))


@pytest.mark.parametrize(
    ("query", "uses"),
    [
        (CG + 'SELECT (cg:similarity(?e, "x") AS ?s) WHERE { ?e ?p ?o }', True),
        (
            'SELECT * WHERE { ?e ?p ?o FILTER(<https://w3id.org/civicgraph/ns#similarity>(?e, "x") > 0.5) }',
            True,
        ),
        ('PREFIX c: <https://w3id.org/civicgraph/ns#> SELECT (c:similarity(?e, "x") AS ?s) {}', True),
        (CG + 'SELECT * WHERE { ?e cg:similarityScore "x" }', False),
        ('PREFIX cg: <http://other.example/#> SELECT (cg:similarity(?e, "x") AS ?s) {}', False),
    ],
)
def test_similarity_function_is_found(query: str, uses: bool) -> None:
    assert check(query, SETTINGS).uses_similarity is uses


@pytest.mark.parametrize(
    ("body", "entity", "score", "text", "k"),
    [
        ('{ ?e cg:similar "bike lanes" }', "?e", None, "bike lanes", 10),
        ('{ ?x a ?t . (?e ?s) cg:similar ("bike lanes" 5) . ?e ?p ?o }', "?e", "?s", "bike lanes", 5),
        ("{ (?e ?s) cg:similar ('''safe \"school\" routes'''@en 3) }", "?e", "?s", 'safe "school" routes', 3),
        (
            '{ GRAPH ?g { ?e ?p ?o } ?e <https://w3id.org/civicgraph/ns#similar> "x\\ty" }',
            "?e",
            None,
            "x\ty",
            10,
        ),
        ('{ FILTER(true) (?e ?s) cg:similar ("a" 2) BIND(1 AS ?one) }', "?e", "?s", "a", 2),
        ('{ ?e cg:similar "a" OPTIONAL { ?e ?p ?o } }', "?e", None, "a", 10),
    ],
)
def test_similar_patterns_are_found(body: str, entity: str, score: str | None, text: str, k: int) -> None:
    checked = check(CG + "SELECT * WHERE " + body, SETTINGS)
    (pattern,) = checked.similar
    assert (pattern.entity_var, pattern.score_var, pattern.text, pattern.k) == (entity, score, text, k)
    assert checked.needs_vectors


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{ ?x ?p ?o ; cg:similar "x" }', "whole triple pattern"),
        ('{ ?e cg:similar "x" ; ?p ?o }', "whole triple pattern"),
        ("{ ?e cg:similar ?text }", "whole triple pattern"),
        ('{ ?e cg:similar ("x" 0) }', "k must be"),
        ('{ ?e cg:similar ("x" 1001) }', "k must be"),
        ('{ ?e cg:similar ("x" 2.5) }', "k must be"),
        ('{ ?e cg:similar "  " }', "empty"),
    ],
)
def test_misused_similar_pattern_is_explained(body: str, message: str) -> None:
    with pytest.raises(QueryRefused, match=message):
        check(CG + "SELECT * WHERE " + body, SETTINGS)


def test_rewrite_gives_values_blocks_the_engine_accepts() -> None:
    store = ox.Store()
    g = ox.NamedNode("http://x/g")
    for name in ("a", "b", "c"):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{name}"), ox.NamedNode("http://x/p"), ox.Literal(name), g))
    checked = check(
        CG + 'SELECT ?e ?s ?o WHERE { ?e <http://x/p> ?o . (?e ?s) cg:similar ("x" 2) } ORDER BY DESC(?s)',
        SETTINGS,
    )
    hits = [("http://x/b", 0.9), ("http://x/a", 0.4), ("http://bad/<iri>", 1.0)]
    text = rewrite(checked, [values_block(checked.similar[0], hits)])
    assert "cg:similar" not in text
    rows = [(str(r["e"]), float(r["s"].value)) for r in store.query(text, use_default_graph_as_union=True)]
    assert rows == [("<http://x/b>", 0.9), ("<http://x/a>", 0.4)]
    # with no score variable, and with no hits at all
    checked = check(CG + 'SELECT ?e WHERE { ?e cg:similar "x" . ?e ?p ?o }', SETTINGS)
    assert list(store.query(rewrite(checked, [values_block(checked.similar[0], [])]))) == []


def test_rewrite_replaces_several_patterns_in_order() -> None:
    checked = check(CG + 'SELECT * WHERE { ?a cg:similar "one" . ?b cg:similar "two" }', SETTINGS)
    blocks = [values_block(p, [(f"http://x/{p.text}", 0.5)]) for p in checked.similar]
    text = rewrite(checked, blocks)
    assert text.index("http://x/one") < text.index("http://x/two")


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ('"plain"', "plain"),
        ("'a\\'b'", "a'b"),
        ('"tab\\tnew\\nline"', "tab\tnew\nline"),
        ('"\\u00e9\\U0001F600"', "é\U0001f600"),
        ("'''long ''quoted'' text'''", "long ''quoted'' text"),
    ],
)
def test_string_values(token: str, value: str) -> None:
    assert string_value(token) == value


def test_similar_pattern_dataclass_is_plain() -> None:
    pattern = SimilarPattern(0, 1, "?e", None, "x", 3)
    assert values_block(pattern, [("http://x/a", 0.5)]) == "VALUES ?e { <http://x/a> }"
    assert isinstance(CheckedQuery("q", "SELECT", False).similar, tuple)
    assert SIMILAR_PREDICATE.endswith("#similar")


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}()[]<>\"'#\\?$:._-aSERVICEinsert \n\t0123")), max_size=80))
def test_tokens_and_skipped_text_cover_the_query(text: str) -> None:
    """Nothing is lost between tokens except whitespace and comments (so nothing can hide there)."""
    pos = 0
    for tok in tokenize(text):
        gap = text[pos : tok.start]
        assert gap.strip() == "" or gap.lstrip().startswith("#"), (text, gap)
        pos = tok.end
    tail = text[pos:]
    assert tail.strip() == "" or tail.lstrip().startswith("#")
