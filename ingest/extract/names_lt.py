"""Lithuanian personal names: inflected forms → nominative ("Modestos Tarasauskienės" → "Modesta ...ė").

Each word of a name gets the (gender, case, nominative) readings its ending allows, from suffix
rules for female -a / -ė nouns (given names, -ienė, -aitė, -ytė, -utė, -iūtė surnames) and male
-as / -is / -ys / -us / -ius nouns (with the t→č, d→dž softening of Petraitis → Petraičio). The
reading all words agree on wins (nominative preferred, then genitive, dative, accusative,
instrumental, locative, vocative); words with unknown endings (foreign names) agree with anything.
Names written without Lithuanian letters are kept when the only change would add diacritics
("Dumbliauskiene" in an English text stays as written).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "voc")
_LT_LETTERS = set("ąčęėįšųūžĄČĘĖĮŠŲŪŽ")


@dataclass(frozen=True)
class Reading:
    gender: str  # "f" or "m"
    case: str
    nominative: str
    specificity: int = 0  # length of the matched ending: longer endings are stronger evidence


# (inflected ending, nominative ending, gender, case); longer endings first within a word's search.
_FEMININE = (
    ("os", "a", "gen"),
    ("ai", "a", "dat"),
    ("ą", "a", "acc"),
    ("a", "a", "ins"),
    ("oje", "a", "loc"),
    ("a", "a", "voc"),
    ("a", "a", "nom"),
    ("ės", "ė", "gen"),
    ("ei", "ė", "dat"),
    ("ę", "ė", "acc"),
    ("e", "ė", "ins"),
    ("ėje", "ė", "loc"),
    ("e", "ė", "voc"),
    ("ė", "ė", "nom"),
)
_MASCULINE = (
    ("as", "as", "nom"),
    ("o", "as", "gen"),
    ("ui", "as", "dat"),
    ("ą", "as", "acc"),
    ("u", "as", "ins"),
    ("e", "as", "loc"),
    ("ai", "as", "voc"),
    ("e", "as", "voc"),
    ("ius", "ius", "nom"),
    ("iaus", "ius", "gen"),
    ("iui", "ius", "dat"),
    ("ių", "ius", "acc"),
    ("iumi", "ius", "ins"),
    ("iuje", "ius", "loc"),
    ("iau", "ius", "voc"),
    ("is", "is", "nom"),
    ("io", "is", "gen"),
    ("iui", "is", "dat"),
    ("į", "is", "acc"),
    ("iu", "is", "ins"),
    ("yje", "is", "loc"),
    ("i", "is", "voc"),
    ("ys", "ys", "nom"),
    ("y", "ys", "voc"),
    ("us", "us", "nom"),
    ("aus", "us", "gen"),
    ("ų", "us", "acc"),
    ("umi", "us", "ins"),
    ("uje", "us", "loc"),
    ("au", "us", "voc"),
)


def _soften_back(stem: str, nominative_ending: str) -> str:
    """Undo č/dž before the -io/-iu/-iui endings of -is nouns: Petraičio → Petraitis."""
    if nominative_ending == "is":
        if stem.endswith("dž"):
            return stem[:-2] + "d"
        if stem.endswith("č"):
            return stem[:-1] + "t"
    return stem


def _word_readings(word: str, *, surname: bool) -> list[Reading]:
    readings: list[Reading] = []
    lower = word.lower()
    for table, gender in ((_FEMININE, "f"), (_MASCULINE, "m")):
        for ending, nominative_ending, case in sorted(table, key=lambda rule: -len(rule[0])):
            if not lower.endswith(ending) or len(lower) - len(ending) < 2:
                continue
            if surname and gender == "f" and nominative_ending == "a":
                continue  # Lithuanian women's surnames end in -ė (-ienė, -aitė, -ytė, -utė, -iūtė)
            stem = word[: len(word) - len(ending)]
            if gender == "m" and ending == "iui":
                if nominative_ending == "ius" and not _prefers_ius(stem, surname):
                    continue
                if nominative_ending == "is" and _prefers_ius(stem, surname):
                    continue
            stem = _soften_back(stem, nominative_ending)
            nominative = stem + _match_case(nominative_ending, word)
            readings.append(Reading(gender, case, nominative, len(ending)))
    return readings


def _prefers_ius(stem: str, surname: bool) -> bool:
    """Dative -iui: -ius for given names (Paulius) and -vičius surnames, else -is (Petraitis)."""
    lower = stem.lower()
    if lower.endswith("vič"):
        return True
    if lower.endswith(("č", "dž")):
        return False
    return not surname


def _match_case(ending: str, word: str) -> str:
    return ending.upper() if word.isupper() else ending


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _split_hyphen(word: str) -> list[str]:
    return word.split("-")


def nominative(name: str) -> str:
    """The nominative form of a Lithuanian name (as written when no single reading fits)."""
    words = name.split()
    if not words:
        return name
    parts_per_word = [_split_hyphen(w) for w in words]
    flat = [(i, j, part) for i, parts in enumerate(parts_per_word) for j, part in enumerate(parts)]
    options: list[dict[tuple[str, str], Reading]] = []
    for i, _j, part in flat:
        surname = i == len(words) - 1 and len(words) > 1
        readings = _word_readings(part, surname=surname) if len(part) > 2 and part[:1].isalpha() else []
        by_key: dict[tuple[str, str], Reading] = {}
        for reading in readings:
            key = (reading.gender, reading.case)
            if key not in by_key or reading.specificity > by_key[key].specificity:
                by_key[key] = reading
        options.append(by_key)
    known = [o for o in options if o]
    if not known:
        return name
    agreed = set(known[0])
    for option in known[1:]:
        agreed &= set(option)
    if not agreed:
        return name
    gender_order = {"f": 0, "m": 1}

    def rank(key: tuple[str, str]) -> tuple[int, int, int]:
        strength = sum(option[key].specificity for option in known)
        return (-strength, CASES.index(key[1]), gender_order[key[0]])

    best = min(agreed, key=rank)
    rebuilt: list[list[str]] = [list(parts) for parts in parts_per_word]
    for (i, j, part), option in zip(flat, options, strict=True):
        rebuilt[i][j] = option[best].nominative if best in option else part
    result = " ".join("-".join(parts) for parts in rebuilt)
    if not any(ch in _LT_LETTERS for ch in name) and _fold(result) == _fold(name):
        return name
    return result


def normalize_person_name(name: str, language: str | None) -> str:
    """Nominative for Lithuanian text; other languages keep the name as written."""
    return nominative(name) if language == "lt" else name
