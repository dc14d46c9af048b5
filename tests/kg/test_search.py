"""Indexing and search over the fictional corpus (tests/searchdata.py) with the hashing encoder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from kg import search as search_mod
from kg import settings as settings_mod
from kg.encoder import Encoder, get_encoder
from kg.indexing import BUILDERS, CHUNKS_FILE, VECTORS_FILE, build_search_index, verify_search_index
from kg.layout import Layout
from kg.live import Generation, LiveView
from kg.search import BadRequest, NotFound, parse_request, related, search, similarity
from kg.search_pattern import PatternError, build_query
from kg.search_table import ChunkTable
from kg.settings import Settings
from kg.store import Store
from kg.vectors import VectorIndex
from tests.searchdata import CORPUS, Item, item_iri, publish_corpus, republish

REPAIR = item_iri(CORPUS["repair"][0])
PLASTIC_LT = item_iri(CORPUS["sorting"][0])


def current(settings: Settings) -> Generation:
    return LiveView(settings, poll_seconds=0).current()


def run(settings: Settings, **args: str | list[str]) -> search_mod.SearchResponse:
    return search(current(settings), parse_request(args, settings))


@pytest.fixture()
def published(search_settings: Settings) -> Settings:
    publish_corpus(search_settings, list(BUILDERS))
    return search_settings


def test_every_entity_is_indexed_and_health_counts_vectors(published: Settings) -> None:
    generation = current(published)
    index = generation.resource("search")
    kinds = {e.kind for e in index.catalog.entities}
    assert kinds == {"practice", "project", "organization"}
    assert len(generation.resource("vectors")) == len(generation.resource("lexical")) > 0
    assert index.notes == []
    assert verify_search_index(generation.store, generation.index_dir) == []


def test_hybrid_search_returns_the_json_fields(published: Settings) -> None:
    response = run(published, q="repair broken bicycles")
    top = response.results[0]
    assert top.iri == REPAIR and top.type == "practice"
    assert top.title == "Repair cafe in Northvale"
    assert top.source == "https://example.org/practices/repair-cafe"  # the record's own link
    assert top.country == "FI" and top.organization == "Northvale City"
    assert "recycling" in top.tags and top.scores["lexical"] > 0 and "dense" in top.scores
    assert "bicycles" in top.snippet
    food = run(published, q="canteen leftovers").results[0]
    assert food.source == "food.csv"  # no own link: the document's file name
    # Organisation and country are facts for the lexical index (and filters), not embedded text.
    by_org = run(published, q="Eastport", type="practice", mode="lexical")
    assert {h.iri for h in by_org.results} == {item_iri(CORPUS["food"][0]), item_iri(CORPUS["mobility"][0])}
    assert "Country:" not in top.snippet and "Organisation:" not in top.snippet


def test_filters_apply_before_ranking_and_facets_match_sparql(published: Settings) -> None:
    response = run(published, q="city", country="Finland", limit="50")
    assert response.results and {h.country for h in response.results} == {"FI"}
    assert run(published, q="city", country="fi").total == response.total
    generation = current(published)
    query = """
        PREFIX cg: <https://w3id.org/civicgraph/ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?e a/rdfs:subClassOf* cg:GoodPractice ; cg:country/skos:notation "FI" .
        }"""
    expected = int(next(iter(generation.store.query(query)))[0])  # type: ignore[index]
    facet = {v.value: v.count for v in response.facets["type"]}
    assert facet["practice"] == expected == 2
    tag_query = """
        PREFIX cg: <https://w3id.org/civicgraph/ns#>
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX topics: <https://w3id.org/civicgraph/scheme/topics/>
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?e cg:country/skos:notation "FI" ; dct:subject topics:recycling .
        }"""
    tags = {v.value: v.count for v in response.facets["tag"]}
    n = int(next(iter(generation.store.query(tag_query)))[0])  # type: ignore[index]
    assert tags["https://w3id.org/civicgraph/scheme/topics/recycling"] == n == 1
    # A filter that leaves one entity still fills the page with it, whatever the query says.
    only = run(published, q="completely unrelated words", type="project")
    assert [h.type for h in only.results] == ["project"]


def test_tag_language_and_organisation_filters(published: Settings) -> None:
    by_lt_label = run(published, q="pakuotės", tag="atliekų perdirbimas")  # Lithuanian label
    assert {h.iri for h in by_lt_label.results} == {REPAIR, PLASTIC_LT}
    assert {h.lang for h in run(published, q="pakuotės", lang="lt").results} == {"lt"}
    eastport = run(published, q="buses", organization="Eastport Municipality", limit="20")
    assert eastport.total == 3 and all(h.organization == "Eastport Municipality" for h in eastport.results)
    unknown = run(published, q="x", tag="no such tag", country="Atlantis", organization="Nobody")
    assert unknown.total == 0 and unknown.results == []
    assert any("no such tag" in n for n in unknown.notes) and any("Atlantis" in n for n in unknown.notes)
    assert any("Nobody" in n for n in unknown.notes)


def test_pattern_filter_and_its_guards(published: Settings) -> None:
    pattern = "?entity a cg:GoodPractice ; cg:country <https://w3id.org/civicgraph/country/SE> ."
    response = run(published, q="residents", pattern=pattern)
    assert response.results and {h.country for h in response.results} == {"SE"}
    assert {h.type for h in response.results} == {"practice"}
    for bad in (
        "?entity ?p ?o } SELECT * WHERE { ?s ?p ?o",
        "SERVICE <http://example.org/sparql> { ?entity ?p ?o }",
        "?x ?p ?o",
        "?entity a cg:GoodPractice . { SELECT ?entity WHERE { ?entity ?p ?o } }",
    ):
        with pytest.raises(PatternError):
            build_query(bad)
        with pytest.raises(BadRequest, match="pattern"):
            run(published, q="x", pattern=bad)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"limit": "-1"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"limit": str(10**9)}, "limit"),
        ({"offset": "-3"}, "offset"),
        ({"offset": "990", "limit": "20"}, "offset"),
        ({"type": "person"}, "type"),
        ({"lang": "english!"}, "lang"),
        ({"limit": ["1", "2"]}, "limit"),
        ({"mode": "magic"}, "mode"),
    ],
)
def test_bad_values_are_refused(search_settings: Settings, args: dict[str, str], message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        parse_request({"q": "x", **args}, search_settings)


def test_request_parsing(search_settings: Settings) -> None:
    request = parse_request(
        {
            "q": "a",
            "limit": "0",
            "type": "Organisation,practice",
            "country": ["FI", "Sweden"],
            "tag": ["Food, water"],
        },
        search_settings,
    )
    assert request.limit == 0 and request.types == ["organization", "practice"]
    assert request.countries == ["FI", "Sweden"] and request.tags == ["Food, water"]


def test_empty_query_needs_no_model_and_lists_filtered_entities(
    published: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(_settings: Settings) -> Encoder:
        raise AssertionError("the model must not be called for an empty query")

    monkeypatch.setattr(search_mod, "get_encoder", no_model)
    empty = run(published, q="   \x00 ")
    assert empty.results == [] and any("empty query" in n for n in empty.notes)
    assert empty.facets["type"]  # facets still show what there is
    listed = run(published, q="", country="SE", type="practice")
    assert [h.title for h in listed.results] == sorted(h.title for h in listed.results)
    assert listed.total == 2


def test_long_query_is_truncated_and_said(published: Settings) -> None:
    response = run(published, q="repair " * 20_000)
    assert any("truncated" in n for n in response.notes)
    assert len(response.query) <= published.search_max_query_chars
    assert response.results[0].iri == REPAIR


def test_empty_index_answers_with_a_reason(search_settings: Settings) -> None:
    response = run(search_settings, q="anything")
    assert response.total == 0 and any("empty" in n for n in response.notes)


def test_pagination_has_no_duplicates(published: Settings) -> None:
    pages = [run(published, q="residents city", limit="3", offset=str(o)).results for o in (0, 3, 6)]
    iris = [h.iri for page in pages for h in page]
    assert len(iris) == len(set(iris))
    whole = run(published, q="residents city", limit="9").results
    assert iris == [h.iri for h in whole][: len(iris)]


def test_cross_lingual_through_tag_labels(published: Settings) -> None:
    lt_query = run(published, q="atliekų perdirbimas", type="practice", limit="3")
    assert REPAIR in {h.iri for h in lt_query.results[:2]}  # an English practice for a Lithuanian query
    en_query = run(published, q="recycling", type="practice", limit="3")
    assert PLASTIC_LT in {h.iri for h in en_query.results[:2]}  # and the reverse
    baseline = run(published, q="atliekų perdirbimas", type="practice", mode="lexical", limit="3")
    assert REPAIR not in {h.iri for h in baseline.results}


def test_related_excludes_itself(published: Settings) -> None:
    generation = current(published)
    hits = related(generation, REPAIR, 3)
    assert hits and REPAIR not in {h.iri for h in hits}
    assert len(hits) == 3
    with pytest.raises(NotFound):
        related(generation, "http://civicgraph.test/id/practice/none")
    with pytest.raises(BadRequest):
        related(generation, REPAIR, 0)
    assert similarity(generation, REPAIR, REPAIR) == pytest.approx(1.0, abs=1e-5)
    assert similarity(generation, REPAIR, "http://nowhere") is None


def test_reingest_replaces_vectors_with_the_graph(published: Settings) -> None:
    before = current(published)
    assert run(published, q="bicycles Saturday").results[0].iri == REPAIR
    encoder = get_encoder(published)
    calls = encoder.calls  # type: ignore[attr-defined]
    changed = Item(
        "repair-cafe",
        "Repair cafe in Northvale",
        "Residents bring lamps and toasters to the library workshop on Tuesdays.",
        country="FI",
        tags=["recycling"],
        org="Northvale City",
    )
    republish(published, list(BUILDERS), replace={"repair": [changed]})
    after = current(published)
    assert after.number == before.number + 1
    old_phrase = run(published, q="bicycles Saturday", mode="lexical")
    assert REPAIR not in {h.iri for h in old_phrase.results}
    assert run(published, q="toasters library").results[0].iri == REPAIR
    assert encoder.calls - calls <= 2  # only the changed chunks were encoded  # type: ignore[attr-defined]
    with ChunkTable(after.index_dir / CHUNKS_FILE, readonly=True) as table:  # type: ignore[operator]
        texts = " ".join(t for _, _, _, t, _, _ in table.rows())
    assert "bicycles" not in texts
    assert verify_search_index(after.store, after.index_dir) == []  # type: ignore[arg-type]
    republish(published, list(BUILDERS), remove=["repair"])
    gone = current(published)
    assert gone.resource("catalog").get(REPAIR) is None
    assert verify_search_index(gone.store, gone.index_dir) == []  # type: ignore[arg-type]


def test_incremental_build_equals_full_build(published: Settings, tmp_path: Path) -> None:
    republish(
        published,
        list(BUILDERS),
        replace={
            "forest": [Item("forest", "Village forest council", "Rivers, lakes and forests.", country="FI")]
        },
    )
    generation = current(published)
    with ChunkTable(generation.index_dir / CHUNKS_FILE, readonly=True) as table:  # type: ignore[operator]
        incremental = sorted(table.ids())
    from kg.publish import IndexJob

    out = tmp_path / "full"
    out.mkdir()
    with generation.manifest() as manifest:
        report = build_search_index(
            IndexJob(published, generation.store, manifest, 99, out, previous_dir=None)
        )
    assert report.mode == "full" and report.added == len(incremental)
    with ChunkTable(out / CHUNKS_FILE, readonly=True) as table:
        assert sorted(table.ids()) == incremental


def test_mismatched_vector_index_is_rebuilt_not_trusted(published: Settings) -> None:
    generation = current(published)
    path = generation.index_dir / VECTORS_FILE  # type: ignore[operator]
    damaged = VectorIndex.load(path)
    victim = int(damaged.ids()[0])
    damaged.remove([victim])
    damaged.save(path)
    problems = verify_search_index(generation.store, generation.index_dir)  # type: ignore[arg-type]
    assert problems and "vectors" in problems[0]
    fresh = Generation(generation.number + 1000, generation.store, generation.index_dir, published)
    index = fresh.resource("search")
    assert any("rebuilt" in n for n in index.notes)
    assert victim in set(index.vectors.ids().tolist())
    response = search(fresh, parse_request({"q": "repair bicycles"}, published))
    assert response.results[0].iri == REPAIR and any("rebuilt" in n for n in response.notes)


def test_kill_during_indexing_leaves_store_and_index_agreeing(published: Settings) -> None:
    before = current(published).number
    script = textwrap.dedent(
        f"""
        from kg import settings as s
        from kg.indexing import BUILDERS
        from tests.searchdata import Item, republish
        settings = s.load(data_dir={str(published.data_path)!r}, model="hashing:64")
        republish(settings, list(BUILDERS), replace={{"budget": [Item("pb", "Budget", "New text.")]}})
        """
    )
    env = {**os.environ, "CIVICGRAPH_FAULT_POINT": "mid-index"}
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=Path(__file__).parents[2], check=False)
    assert done.returncode == 137  # died like kill -9, in the middle of indexing
    layout = Layout(published.data_path)
    assert list(layout.indexes.glob("*.tmp"))  # the half-built folder is there, unpublished
    generation = current(published)
    assert generation.number == before  # readers stay on the last complete generation
    assert verify_search_index(generation.store, generation.index_dir) == []  # type: ignore[arg-type]
    assert run(published, q="participatory budgeting").results[0].title.startswith("Residents decide")
    # The next publish (a restart) cleans up and agrees with the store.
    republish(published, list(BUILDERS), replace={"budget": [Item("pb", "Budget", "New text.")]})
    generation = current(published)
    assert not list(layout.indexes.glob("*.tmp"))
    assert verify_search_index(generation.store, generation.index_dir) == []  # type: ignore[arg-type]
    assert run(published, q="New text").results[0].title == "Budget"


def test_static_vocabulary_change_triggers_a_full_build(published: Settings) -> None:
    import ontology

    layout = Layout(published.data_path)
    from kg.manifest import Manifest
    from kg.publish import publish

    with Store.open_writer(published) as writer, Manifest(layout.manifest) as manifest:
        tags_graph = str(ontology.TAGS_GRAPH)
        writer.replace_graph(tags_graph, ontology.tags_graph())
        reports: list[object] = []
        publish(
            writer,
            manifest,
            published,
            builders=[lambda job: reports.append(build_search_index(job))],
            changed={tags_graph},
        )
    assert reports[0].mode == "full"  # type: ignore[attr-defined]


def test_forgotten_text_leaves_the_embedding_cache(published: Settings) -> None:
    from kg.encoder import EmbeddingCache, text_key
    from kg.indexing import cache_path

    generation = current(published)
    with ChunkTable(generation.index_dir / CHUNKS_FILE, readonly=True) as table:  # type: ignore[operator]
        old = [t for _, e, _, t, _, _ in table.rows() if e == REPAIR]
    republish(published, list(BUILDERS), remove=["repair"])
    with EmbeddingCache(cache_path(published.data_path), readonly=True) as cache:
        assert not cache.get_many([text_key("hashing:64", t) for t in old], 64)


def test_copying_a_generation_folder_keeps_working(published: Settings, tmp_path: Path) -> None:
    generation = current(published)
    copy = tmp_path / "copy"
    shutil.copytree(generation.index_dir, copy)  # type: ignore[arg-type]
    moved = Generation(generation.number, generation.store, copy, published)
    assert np.array_equal(
        np.sort(moved.resource("vectors").ids()), np.sort(generation.resource("vectors").ids())
    )


@pytest.mark.model
def test_real_model_lithuanian_query_finds_english_practice(encoder: Encoder, tmp_path: Path) -> None:
    settings = Settings({**dict(settings_mod.load({}).values), "data_dir": str(tmp_path / "store")})
    publish_corpus(settings, list(BUILDERS))
    top = run(settings, q="atliekų perdirbimas", type="practice", limit="2")
    assert REPAIR in {h.iri for h in top.results}
    dense_only = run(settings, q="atliekų perdirbimas", type="practice", mode="dense", limit="8")
    hybrid = run(settings, q="atliekų perdirbimas", type="practice", limit="8")
    rank_of = lambda r: [h.iri for h in r.results].index(REPAIR)  # noqa: E731
    assert rank_of(hybrid) <= rank_of(dense_only)


def test_search_command(published: Settings) -> None:
    import json

    from click.testing import CliRunner

    from kg.cli_search import search_command

    runner = CliRunner()
    text = runner.invoke(search_command, ["repair", "bicycles", "--limit", "2"], obj=published)
    assert text.exit_code == 0, text.output
    assert "Repair cafe in Northvale" in text.output and "source: https://example.org" in text.output
    as_json = runner.invoke(
        search_command, ["city", "--country", "Finland", "--format", "json"], obj=published
    )
    body = json.loads(as_json.output)
    assert {r["country"] for r in body["results"]} == {"FI"} and "facets" in body
    bad = runner.invoke(search_command, ["x", "--limit", "-1"], obj=published)
    assert bad.exit_code == 2 and "limit" in bad.output


def test_publish_survives_a_damaged_previous_vector_index(published: Settings) -> None:
    generation = current(published)
    (generation.index_dir / VECTORS_FILE).write_bytes(b"not a faiss index")  # type: ignore[operator]
    republish(published, list(BUILDERS), replace={"forest": [Item("forest", "Forest", "Old trees.")]})
    after = current(published)
    assert verify_search_index(after.store, after.index_dir) == []  # type: ignore[arg-type]
    assert run(published, q="old trees").results[0].title == "Forest"


def test_expansion_keeps_a_label_in_each_of_its_languages(published: Settings) -> None:
    from kg.search_rank import plan_query

    index = current(published).resource("search")
    plan = plan_query(index, "atliekų perdirbimas", "lt", "hybrid")
    assert "recycl" in plan.lexical_terms  # English "recycling", stemmed as English
    assert "(" in plan.dense_text and "recycling" in plan.dense_text
