"""ingest.detect: language (lingua) and document kind (structural cues), on fictional text."""

from __future__ import annotations

import pytest

from ingest.detect import detect_kind, detect_language, kind_scores, language_detector


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "The municipality maintains the roads and supports local businesses with small grants."),
        ("lt", "Savivaldybė prižiūri kelius ir remia vietos verslą nedidelėmis dotacijomis."),
        ("lv", "Pašvaldība uztur ceļus un atbalsta vietējos uzņēmējus ar nelielām dotācijām."),
        ("pl", "Gmina utrzymuje drogi i wspiera lokalnych przedsiębiorców niewielkimi dotacjami."),
        ("et", "Vald hooldab teid ja toetab kohalikke ettevõtjaid väikeste toetustega."),
        ("fi", "Kunta ylläpitää teitä ja tukee paikallisia yrityksiä pienillä avustuksilla."),
        ("sv", "Kommunen sköter vägarna och stödjer lokala företag med små bidrag."),
        ("da", "Kommunen vedligeholder vejene og støtter lokale virksomheder med små tilskud."),
        (
            "de",
            "Die Gemeinde unterhält die Straßen und unterstützt örtliche Unternehmen mit kleinen Zuschüssen.",
        ),
        ("ru", "Муниципалитет содержит дороги и поддерживает местный бизнес небольшими грантами."),
    ],
)
def test_languages(code: str, text: str) -> None:
    detected, confidence = detect_language(text)
    assert detected == code
    assert 0.5 < confidence <= 1.0


def test_too_little_text_has_no_language() -> None:
    assert detect_language("") == (None, 0.0)
    assert detect_language("12 34 -- ok") == (None, 0.0)


def test_detector_is_built_once() -> None:
    assert language_detector() is language_detector()


@pytest.mark.parametrize(
    ("kind", "text", "title"),
    [
        (
            "profile",
            "Riverton municipality\nPulko street 1, LT-01100 Riverton\nContact person\nLegal status\n"
            "Local public authority\nField of activities\nRoads, schools.\nPriorities for international "
            "cooperation\nCulture and youth.\nParticipation in international networks\nNone.",
            None,
        ),
        (
            "profile",
            "Gmina Jeziorno\nStatus prawny\nJednostka samorządu terytorialnego\nLiczba mieszkańców: 8 000\n"
            "Miasta partnerskie: Riverton, Lakeside\nPriorytety współpracy\nKultura, sport.",
            None,
        ),
        (
            "department",
            "Kultūros skyrius\nOna Pavyzdienė, vedėja\nTelefonas: (8 5) 212 3456\nKabinetas: 101\n"
            "Skyriaus uždaviniai:\n1. organizuoti renginius.\n"
            "Skyrius vykdo šias funkcijas:\n1. rengia planus.",
            None,
        ),
        (
            "department",
            "Attīstības nodaļa\nNodaļas vadītāja Ilze Paraudziņa\nTālr. 64 012 345\nNodaļas uzdevumi un "
            "funkcijas: plāno attīstību, sagatavo projektus.",
            None,
        ),
        (
            "practice",
            "Good Practice Database\nDetailed description of the Good Practice\nA green roof programme.\n"
            "Objectives of the Good Practice\nCooler streets.\nTarget group of the Good Practice\nResidents.",
            None,
        ),
        (
            "practice",
            "Goda exempel: lokal matproduktion i skolor\nSyfte\nMer närproducerad mat.\nMålgrupp\nElever och "
            "kökspersonal.\nDeltagare\nTre skolor.",
            None,
        ),
        (
            "project_news",
            "News\nProject No. 01-234-K0001 begins\n"
            "The project is funded by the European Regional Development "
            "Fund. Total project value: 120,000.00 Eur. Project implementation period 2025–2027.",
            None,
        ),
        (
            "project_news",
            "Naujienos\nPradedamas projektas\n"
            "Projekto Nr. 05.2.1-APVA-R-008-01-0001. Projektas finansuojamas "
            "Europos regioninės plėtros fondo lėšomis, vertė 1 234 567,89 Eur.",
            None,
        ),
        ("other", "Recipe: mix flour, water and salt, bake for forty minutes and let it cool.", "Bread"),
    ],
)
def test_kinds(kind: str, text: str, title: str | None) -> None:
    detected, confidence = detect_kind(text, title)
    assert detected == kind, kind_scores(text, title)
    assert 0.0 <= confidence <= 1.0
    if kind != "other":
        assert confidence > 0.2


def test_kind_confidence_is_the_normalised_margin() -> None:
    text = "Legal status\nLocal authority\nProject No. 1-2-3 funded by ERDF"
    scores = kind_scores(text)
    ranked = sorted(scores.values(), reverse=True)
    _, confidence = detect_kind(text)
    assert confidence == round((ranked[0] - ranked[1]) / ranked[0], 3)


def test_empty_text_is_other() -> None:
    assert detect_kind("") == ("other", 0.0)
