"""Document language (lingua) and document kind (scored structural cues in several languages).

``detect_language`` builds one lingua detector lazily (high-accuracy mode) and reuses it.
``detect_kind`` scores cue patterns per kind — headings count more when they stand on their own
line — and returns the best kind with the normalised margin over the runner-up as confidence.
Cue tables are small on purpose; an embedding classifier may later be layered on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

#: ISO 639-1 codes the detector knows (the project's languages plus close neighbours).
LANGUAGES = (
    "en",
    "lt",
    "lv",
    "pl",
    "et",
    "fi",
    "sv",
    "da",
    "de",
    "ru",
    "nb",
    "nl",
    "fr",
    "uk",
    "be",
    "es",
    "it",
)
SAMPLE_CHARS = 6000
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def language_detector() -> LanguageDetector:
    """The shared lingua detector (built on first use)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1); (None, 0.0) when the text has too few letters."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return None, 0.0
    values = language_detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    weight: float
    heading: bool = False  # counts double when the match is (most of) a line of its own


def _cue(pattern: str, weight: float, heading: bool = False) -> Cue:
    return Cue(re.compile(pattern, re.IGNORECASE | re.MULTILINE), weight, heading)


#: Cues per kind. Patterns are multilingual; a cue counts once however often it matches.
KIND_CUES: dict[str, tuple[Cue, ...]] = {
    "profile": (
        _cue(
            r"legal status|teisinis statusas|juridiskais statuss|status prawny|juridisk status|rechtsform",
            2.0,
            True,
        ),
        _cue(
            r"fields? of activit|veiklos sritys|darbības jomas|zakres działalności|verksamhetsområden",
            1.5,
            True,
        ),
        _cue(
            r"priorities for (international )?cooperation|cooperation priorities|"
            r"bendradarbiavimo prioritetai|sadarbības prioritātes|priorytety współpracy|"
            r"koostöö prioriteedid|samarbetsprioriteringar|"
            r"samarbejdsprioriteter|yhteistyön painopisteet|kooperationsschwerpunkte",
            2.5,
            True,
        ),
        _cue(
            r"participation in (international )?networks|tarptautiniai tinklai|dalība tīklos|sieci", 2.0, True
        ),
        _cue(
            r"twin (cities|towns)|sister cities|partner (cities|towns|municipalities)|miestai partneriai|"
            r"sadraudzības pilsētas|miasta partnerskie|vänorter|venskabsbyer|ystävyyskaupungit|partnerstädte|"
            r"sõpruslinnad|sõprusvallad|partnerkommuner",
            1.5,
        ),
        _cue(r"coat of arms|herbas|ģerbonis|\bherb\b|vapen|vaakuna|wappen", 0.7),
        _cue(r"contact person|kontaktinis asmuo|kontaktpersona|osoba kontaktowa|kontaktperson", 0.7, True),
        _cue(
            r"internet site|population|gyventojų skaičius|iedzīvotāju skaits|liczba mieszkańców|invånare|"
            r"elanike arv|asukasluku|einwohner|indbyggere|area\s*[:(]|plotas",
            0.8,
        ),
        _cue(r"ongoing cooperation|current cooperation|bendradarbiavimas", 0.7, True),
    ),
    "department": (
        _cue(
            r"\bskyrius\b|\bskyriaus\b|\bnodaļa\b|\bwydział\b|\bavdelning(en)?\b|\babteilung\b|\bosasto\b|"
            r"\bosakond\b|\bafdeling(en)?\b|\bdivision\b|\bdepartment\b|\b\w+förvaltningen\b|"
            r"\bförvaltning(en)?\b|\benhet(en)?\b|\bforvaltning(en)?\b|\bamt für\b|\bfachbereich\b|"
            r"\breferat\b|\btoimiala\b",
            1.0,
        ),
        _cue(r"^[^\S\n]*(telefonas|tālrunis|tālr\.|telefon|tel\.?|phone|puh\.?)\s*:", 1.0),
        _cue(r"kabinetas|kabinets|\bpokój\b|\bpok\.|\broom\s*\d|\bhuone\b|\bzimmer\b|\bruum\b", 1.5),
        _cue(
            r"\bvedėj\w*|\bvadītāj\w*|\bkierownik\w*|\bnaczelnik\w*|\bavdelningschef|\bförvaltningschef|"
            r"\benhetschef|\bafdelingschef|\b\w*leiter(in)?\b|\bpäällikkö|\bjuhataja|"
            r"head of (the )?(division|department|unit)",
            1.5,
        ),
        _cue(
            r"uždaviniai|funkcijos|vykdo šias funkcijas|uzdevumi|funkcijas|zadania|uppgifter|aufgaben|"
            r"tehtävät|ülesanded|tasks and functions|main tasks|functions of the",
            2.0,
        ),
        _cue(r"specialist\w*|specjalist\w*|speciālist\w*|handläggare|sachbearbeiter|asiantuntija", 0.7),
    ),
    "practice": (
        _cue(
            r"good practices?|gerosios praktikos|gerąją praktiką|laba prakse|labās prakses|dobre praktyki|"
            r"dobra praktyka|goda exempel|god praksis|hyvä käytäntö|gute praxis|hea tava",
            2.0,
        ),
        _cue(
            r"objectives? of the (good )?practice|objectives|tikslai|mērķi|cele\b|syfte|målsättning|ziele|"
            r"tavoitteet|eesmärgid",
            1.0,
            True,
        ),
        _cue(
            r"target groups?|tikslinė grupė|tikslinės grupės|mērķa grupa|grupa docelowa|målgrupp|zielgruppe|"
            r"kohderyhmä|sihtrühm",
            1.5,
            True,
        ),
        _cue(
            r"participants|dalyviai|dalībnieki|uczestnicy|deltagare|teilnehmer|osallistujat|osalejad",
            0.8,
            True,
        ),
        _cue(
            r"detailed description|lessons learn|transferab|results achieved|key success factors|"
            r"perkeliamumas|rezultatai",
            1.2,
        ),
        _cue(r"\bdatabase\b|duomenų bazė|datu bāze|baza danych", 0.5),
    ),
    "project_news": (
        _cue(
            r"project no\.?|projekto nr\.?|projekta nr\.?|nr projektu|projektnummer|project number|"
            r"projekto kodas",
            2.5,
        ),
        _cue(
            r"funded by|co-?funded|co-?financed|financed by|finansuojam\w*|bendrai finansuoja\w*|"
            r"finansē\w*|współfinansowan\w*|dofinansowan\w*|medfinansier\w*|finansieret|rahoittama\w*|"
            r"kofinanziert|gefördert",
            2.0,
        ),
        _cue(
            r"\bERDF\b|\bESF\+?\b|\bEAFRD\b|\bEFRR\b|\bERPF\b|\bERAF\b|\bEAKR\b|\bEFRE\b|\bINTERREG\b|"
            r"european regional development fund|europos regioninės plėtros fond\w*|"
            r"eiropas reģionālās attīstības fond\w*|europejski\w* fundusz\w* rozwoju regionalnego|"
            r"europeiska regionala utvecklingsfonden|euroopan aluekehitysrahasto|europäischen fonds für "
            r"regionale entwicklung|cohesion fund|sanglaudos fond\w*",
            2.0,
        ),
        _cue(r"(?<![\d .,])[ .,]*+\d[\d .,]*+\s?(eur|€|euro|eurų|zł|pln|sek|dkk)\b", 1.5),
        _cue(r"\bprojekt\w*|\bproject\b|\bprojects\b|\bhanke\w*", 0.8),
        _cue(
            r"implementation period|įgyvendinimo laikotarpis|īstenošanas periods|okres realizacji|"
            r"projektperiod|toteutusaika|project partners|projekto partneriai",
            1.5,
        ),
        _cue(
            r"^[^\S\n]*(news|naujienos|jaunumi|aktualności|nyheter|nyheder|uutiset|uudised|nachrichten)\s*$",
            1.0,
        ),
        _cue(r"\b20\d\d[ .-]\d\d[ .-]\d\d\b", 0.4),
    ),
}
#: The score "other" gets; a document whose best kind scores less is "other".
OTHER_SCORE = 2.0


def kind_scores(text: str, title: str | None = None) -> dict[str, float]:
    """Score per kind (cues found; headings on their own line count double)."""
    sample = (title + "\n" if title else "") + text[:50_000]
    scores: dict[str, float] = {}
    for kind, cues in KIND_CUES.items():
        total = 0.0
        for cue in cues:
            match = cue.pattern.search(sample)
            if match is None:
                continue
            weight = cue.weight
            if cue.heading and _stands_alone(sample, match.start(), match.end()):
                weight *= 2
            total += weight
        scores[kind] = total
    scores["other"] = OTHER_SCORE
    return scores


def _stands_alone(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return len(line) <= (end - start) + 25


def detect_kind(text: str, title: str | None = None) -> tuple[str, float]:
    """(kind, confidence): profile, department, practice, project_news or other; confidence is the
    margin of the best score over the runner-up, divided by the best score (0..1)."""
    if not text.strip() and not (title or "").strip():
        return "other", 0.0
    scores = kind_scores(text, title)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best, round((top - second) / top, 3)
