"""ingest.clean: normalisation and boilerplate removal, in several languages (fictional text)."""

from __future__ import annotations

import pytest

from ingest.clean import clean_text, guess_title, normalize, parse_ui_phrases, remove_boilerplate, ui_phrases

PARAGRAPH = (
    "The municipality maintains roads, parks and schools and supports local businesses with advice "
    "and small grants for new jobs."
)


def test_bullets_spaces_and_blank_lines() -> None:
    text = "Title\r\n\r\n\r\n\r\n  • first   item\n◦ second\n\uf0b7 third\n|---|---|\nend  "
    assert normalize(text) == "Title\n\n- first item\n- second\n- third\nend"


def test_invisible_and_control_characters() -> None:
    text = "Vil\u00adnius\u200b \u202eabc\u202c\x07 line\u2028next\x0cpage"
    assert normalize(text) == "Vilnius abc line\nnext\npage"


def test_top_menu_removed_but_tag_list_after_text_kept() -> None:
    text = "\n".join(
        [
            "City portal",
            "",
            "- Home",
            "- Search",
            "- Browse",
            "- Events",
            "",
            PARAGRAPH,
            "",
            "- open data",
            "- smart city",
            "- citizen budget",
        ]
    )
    cleaned = clean_text(text)
    assert cleaned.removed == ["- Home", "- Search", "- Browse", "- Events"]
    assert "- open data\n- smart city\n- citizen budget" in cleaned.text


def test_unbulleted_menu_of_known_words_in_other_languages() -> None:
    text = "Gmina Jeziorno\nStrona główna\nAktualności\nKontakt\n" + PARAGRAPH
    assert clean_text(text).removed == ["Strona główna", "Aktualności", "Kontakt"]


def test_short_heading_lines_are_not_a_menu() -> None:
    text = "Urban gardens\nGood practice\nSummary\n" + PARAGRAPH
    assert clean_text(text).removed == []


def test_pipe_menu_and_breadcrumbs() -> None:
    text = "Pradžia | Naujienos | Paslaugos | Kontaktai\nSavivaldybė › Struktūra › Skyriai\n" + PARAGRAPH
    assert clean_text(text).removed == [
        "Pradžia | Naujienos | Paslaugos | Kontaktai",
        "Savivaldybė › Struktūra › Skyriai",
    ]


@pytest.mark.parametrize(
    "widget",
    [
        ["Czy ta informacja była pomocna?", "Tak", "Nie", "Dziękujemy za opinię!"],
        ["Kas see teave oli kasulik?", "Jah", "Ei"],
        ["War diese Seite hilfreich?", "Ja", "Nein", "Ohne Kommentar senden"],
        ["Ar ši informacija buvo naudinga?", "Taip", "Ne", "Ačiū už atsiliepimą!"],
        # not in the phrase list: found from the shape (a short question followed by yes/no buttons)
        ["¿Le resultó útil esta página?", "Sí", "No", "Enviar comentario"],
    ],
)
def test_feedback_widgets(widget: list[str]) -> None:
    text = PARAGRAPH + "\n\nContact the office for more.\n\n" + "\n".join(widget)
    cleaned = clean_text(text)
    assert cleaned.removed == widget
    assert cleaned.text.endswith("Contact the office for more.")


def test_cookie_share_skip_and_media_lines() -> None:
    lines = [
        "Skip to main content",
        "Coat of arms or logo",
        "Herbas",
        "Ši svetainė naudoja slapukus, kad jums būtų patogiau naršyti.",
        PARAGRAPH,
        "Drukāt",
        "Share this page",
    ]
    cleaned = clean_text("\n".join(lines))
    assert cleaned.text == PARAGRAPH
    assert len(cleaned.removed) == 6


def test_content_mentioning_ui_words_is_kept() -> None:
    text = (
        "The bakery sells cookies, bread and cakes every morning.\n"
        "Was this information helpful for the planning group? It was discussed at length in 2024."
    )
    assert clean_text(text).text == text


def test_feedback_block_in_the_middle_only_drops_ui_lines() -> None:
    text = "\n".join([PARAGRAPH, "Was this page helpful?", "Yes", "No", "Next section", PARAGRAPH, PARAGRAPH])
    cleaned = clean_text(text)
    assert cleaned.removed == ["Was this page helpful?", "Yes", "No"]
    assert "Next section" in cleaned.text


def test_guess_title_skips_ui_and_section_lines() -> None:
    assert guess_title("Naujienos\n\nNaujas parkas atidarytas\n\ntext") == "Naujas parkas atidarytas"
    assert guess_title("Logo\n# Annual report 2024\n") == "Annual report 2024"
    assert guess_title("12345\n\n") is None


def test_phrase_file_parses_and_covers_languages() -> None:
    phrases = ui_phrases()
    assert {"feedback", "cookie", "nav", "media", "answer", "section"} <= set(phrases.by_kind)
    assert "vai si informacija bija noderiga" in phrases.by_kind["feedback"]
    with pytest.raises(ValueError, match="line 2"):
        parse_ui_phrases(["# comment", "feedback only-two-fields"])


def test_remove_boilerplate_on_empty_text() -> None:
    assert remove_boilerplate("").text == ""
