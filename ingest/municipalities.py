"""The municipalities we ship (``data/reference/municipalities_{lt,lv}.csv``) and place-name stems.

Lithuanian and Latvian names of municipalities use the place in the genitive ("Alytaus miesto
savivaldybė", "Cēsu novada pašvaldība"); English ones use the nominative ("Alytus City
Municipality", "Cēsis Municipality"). :func:`place_stem` cuts the case ending so both forms meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.records import Label
from ingest.reference import read_rows
from ontology.concepts import fold_label

_LT_ENDINGS = (
    "iaus",
    "aus",
    "ius",
    "iai",
    "iu",
    "ai",
    "ys",
    "is",
    "as",
    "us",
    "io",
    "os",
    "es",
    "a",
    "e",
    "o",
    "u",
)
_LV_ENDINGS = ("as", "es", "is", "us", "u", "a", "e", "i", "s")
LOCAL_LANG = {"LT": "lt", "LV": "lv"}


def _stem(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def place_stem(place: str, country: str) -> str:
    """Comparison form of a place name in any case: "Alytaus"/"Alytus" → "alyt"."""
    words = fold_label(place).split()
    if not words:
        return ""
    endings = _LT_ENDINGS if country == "LT" else _LV_ENDINGS if country == "LV" else ()
    return " ".join([*words[:-1], _stem(words[-1], endings) if endings else words[-1]])


@dataclass(frozen=True)
class Municipality:
    key: str
    country: str
    kind: str  # city | district | municipality
    name_local: str
    name_en: str
    place: str
    place_genitive: str
    variants: tuple[str, ...]

    @property
    def lang(self) -> str:
        return LOCAL_LANG.get(self.country, "en")

    def names(self) -> list[Label]:
        return [Label(self.name_local, self.lang), Label(self.name_en, "en")]

    def admin_names(self) -> list[Label]:
        local = {
            "LT": re.sub(r"ė$", "ės", self.name_local) + " administracija",
            "LV": self.name_local.replace("pašvaldība", "pašvaldības") + " administrācija",
        }.get(self.country)
        out = [Label(f"{self.name_en} Administration", "en")]
        if local:
            out.insert(0, Label(local, self.lang))
        return out


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    out = []
    for file, country in (("municipalities_lt.csv", "LT"), ("municipalities_lv.csv", "LV")):
        for row in read_rows(file):
            out.append(
                Municipality(
                    key=row["key"],
                    country=country,
                    kind=row["kind"],
                    name_local=row["name_local"],
                    name_en=row["name_en"],
                    place=row["place"],
                    place_genitive=row["place_genitive"],
                    variants=tuple(v.strip() for v in row["variants"].split("|") if v.strip()),
                )
            )
    return tuple(out)


@lru_cache(maxsize=1)
def by_stem() -> dict[tuple[str, str, str], Municipality]:
    return {(m.country, m.kind, place_stem(m.place, m.country)): m for m in municipalities()}


@lru_cache(maxsize=1)
def stems_by_country() -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for m in municipalities():
        out.setdefault((m.country, place_stem(m.place, m.country)), set()).add(m.kind)
    return out


@lru_cache(maxsize=1)
def by_variant() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for m in municipalities():
        for name in [m.name_local, m.name_en, *m.variants]:
            index.setdefault(fold_label(name), m)
    return index


@lru_cache(maxsize=1)
def _place_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for m in municipalities():
        for name in (m.place, m.place_genitive):
            words.setdefault(fold_label(name), m.country)
    return words


def mentioned_countries(text: str) -> list[str]:
    """Countries of the listed municipalities whose place names the text mentions (one per mention)."""
    places = _place_words()
    out = []
    for match in re.finditer(r"\b[A-ZĀ-Ž][\w-]+(?: [A-ZĀ-Ž][\w-]+)?", text):
        for candidate in (match.group(), match.group().split(" ")[0]):
            country = places.get(fold_label(candidate))
            if country:
                out.append(country)
                break
    return out
