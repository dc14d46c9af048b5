from pathlib import Path

import numpy as np

from kg.lexical import LexicalIndex, analyse_query, analyzer, base_language


def test_languages_are_stemmed_with_their_own_stemmer() -> None:
    en = analyzer("en")
    assert en("Recycling recycled") == ["recycl", "recycl"]
    assert "the" not in en("the city")  # English stop words
    lt = analyzer("lt")
    assert lt("perdirbimas")[0] == lt("perdirbimo")[0]  # Lithuanian inflections share a stem
    assert lt("Šiaulių") == [analyzer("lt")("šiaulių")[0]] and "š" not in lt("Šiaulių")[0]  # folded
    assert analyzer("de")("Abfallwirtschaft")  # German works
    assert analyzer("lv")("pārstrāde") == ["parstrade"]  # no Latvian stemmer: folded only
    assert analyzer(None)("Cycling") == analyzer("en")("Cycling")
    assert base_language("en-GB") == "en" and base_language("und") is None


def test_query_is_analysed_in_its_language_and_english() -> None:
    terms = analyse_query("atliekų perdirbimas", ["lt", "en"])
    assert set(analyzer("lt")("atliekų perdirbimas")) <= set(terms)
    assert len(terms) == len(set(terms))


def test_index_scores_masks_and_round_trips(tmp_path: Path) -> None:
    texts = {
        11: ("en", "Repair cafe for broken bicycles"),
        22: ("en", "Food waste in school canteens"),
        33: ("lt", "Plastiko pakuočių perdirbimas"),
    }
    ids = list(texts)
    index = LexicalIndex.build(ids, [analyzer(lang)(text) for lang, text in texts.values()])
    scores = index.scores(analyse_query("bicycle repairs", ["en"]))
    assert int(np.argmax(scores)) == 0 and scores[1] == 0
    lt = index.scores(analyse_query("perdirbimo", ["lt", "en"]))
    assert int(np.argmax(lt)) == 2
    masked = index.scores(analyse_query("bicycle", ["en"]), np.array([False, True, True]))
    assert not masked.any()
    assert not index.scores(["never-seen"]).any()
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert list(loaded.ids) == ids
    assert np.allclose(loaded.scores(analyse_query("bicycle repairs", ["en"])), scores)
    empty = LexicalIndex.build([], [])
    assert len(empty) == 0 and empty.scores(["x"]).shape == (0,)
