"""Countries named in text, and a document's default region.

Names are looked up with :func:`ontology.countries.country_code` (every language civicgraph
labels countries in). Inflected Lithuanian, Latvian and Polish forms ("Lenkijoje", "Latvijos",
"w Polsce" is not attempted) are tried with their case ending replaced by the nominative one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ontology.countries import country_code

#: Region of a document in a given language (when nothing more specific is known).
LANGUAGE_REGION = {
    "lt": "LT",
    "lv": "LV",
    "et": "EE",
    "pl": "PL",
    "fi": "FI",
    "sv": "SE",
    "da": "DK",
    "de": "DE",
}

#: Country-code top-level domains that are not the ISO code of their country.
_TLD_EXCEPTIONS = {"uk": "GB", "eu": None, "int": None, "com": None, "org": None, "net": None}

# case ending → nominative ending (Lithuanian: Lenkijoje/Lenkijos/Lenkiją → Lenkija;
# Latvian: Polijā/Polijas → Polija)
_ENDINGS = (
    ("ijoje", "ija"),
    ("ijos", "ija"),
    ("iją", "ija"),
    ("ijai", "ija"),
    ("oje", "a"),
    ("os", "a"),
    ("ą", "a"),
    ("ėje", "ė"),
    ("ės", "ė"),
    ("ę", "ė"),
    ("ijā", "ija"),
    ("ijas", "ija"),
    ("ā", "a"),
    ("as", "a"),
    ("ē", "e"),
    ("es", "e"),
    ("ii", "ia"),
    ("y", "a"),
    ("u", ""),
)
_SKIP = frozenset({"in", "of", "and", "the", "a", "an", "to", "at", "by", "it", "is", "as", "be", "or", "no"})


def country_from_text(text: str | None) -> str | None:
    """The country a short text names ("Poland", "Lietuva", "Kaliningrad Oblast (Russian Federation)")."""
    if not text:
        return None
    cleaned = " ".join(text.strip().strip(".,;:()").split())
    if not cleaned or len(cleaned) > 60 or cleaned.lower() in _SKIP:
        return None
    if len(cleaned) <= 3 and not cleaned.isupper():
        return None
    found = country_code(cleaned)
    if found:
        return found
    words = cleaned.split()
    if len(words) <= 2:
        last = words[-1]
        for ending, nominative in _ENDINGS:
            if last.lower().endswith(ending) and len(last) > len(ending) + 3:
                candidate = " ".join([*words[:-1], last[: len(last) - len(ending)] + nominative])
                found = country_code(candidate)
                if found:
                    return found
    return None


#: Letters found in the alphabet of one language only (of those civicgraph reads).
_NATIONAL_LETTERS = (("LT", "ėįųĖĮŲ"), ("LV", "āēīķļņģĀĒĪĶĻŅĢ"), ("PL", "łńśźżŁŃŚŹŻ"), ("EE", "õÕ"))


def name_letter_countries(text: str) -> list[str]:
    """One vote per distinct capitalised word written with letters of one national alphabet
    ("Ąžuolynė" → LT, "Cēsis" → LV): names betray their country even in an English text."""
    out = []
    for word in sorted(set(re.findall(r"\b[^\W\d_][^\W\d_]+", text))):
        if not word[:1].isupper():
            continue
        for country, letters in _NATIONAL_LETTERS:
            if any(ch in letters for ch in word):
                out.append(country)
                break
    return out


_COUNTRY_FIELD = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:country|location|location of the practice|šalis|valsts|valstis|kraj|państwo|land|maa|riik|"
    r"staat)[ \t]*:[ \t]*(?P<v>[^\n]{2,60})$"
)


def labelled_countries(text: str) -> list[str]:
    """Countries stated in "Country: Finland" / "Location of the practice: Latvia (Ezermala)" lines."""
    out = []
    for m in _COUNTRY_FIELD.finditer(text):
        value = m.group("v")
        code = country_from_text(re.split(r"[,(;]", value)[0]) or country_from_text(value)
        if code:
            out.append(code)
    return out


def tld_region(domain: str) -> str | None:
    tld = domain.rsplit(".", 1)[-1].lower()
    if tld in _TLD_EXCEPTIONS:
        return _TLD_EXCEPTIONS[tld]
    if len(tld) == 2 and tld.isalpha():
        return tld.upper()
    return None


def default_region(
    *,
    language: str | None,
    address_countries: Iterable[str | None] = (),
    emails: Iterable[str] = (),
    reference_countries: Iterable[str | None] = (),
) -> str | None:
    """The most likely country of a document: addresses, then e-mail domains, known places, language."""
    votes: Counter[str] = Counter()
    for country in address_countries:
        if country:
            votes[country] += 3
    for email in emails:
        region = tld_region(email.rsplit("@", 1)[-1]) if "@" in email else None
        if region:
            votes[region] += 2
    for country in reference_countries:
        if country:
            votes[country] += 1
    if language in LANGUAGE_REGION:
        votes[LANGUAGE_REGION[language]] += 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]


_IN_COUNTRY = re.compile(
    r"(?:\b(?:in|from|of|iš|į|w|z|i|aus|in der|en)\s+|\(\s*)"
    r"(?P<name>[A-ZÀ-ÖØ-ÞĀ-Ž][\w-]*(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž(][\w)-]*){0,4})"
)


def trailing_country(item: str) -> tuple[str, str | None]:
    """Split "Monki gmina in Poland" → ("Monki gmina", "PL"); "X (Latvia)" → ("X", "LV")."""
    best: tuple[int, str] | None = None
    for m in _IN_COUNTRY.finditer(item):
        name = m.group("name")
        code = country_from_text(name)
        if code is None and "(" in item[m.start() :]:
            inner = re.search(r"\(([^()]+)\)", item[m.start() :])
            code = country_from_text(inner.group(1)) if inner else None
        if code:
            best = (m.start(), code)
            break
    if best is None:
        return item.strip(), None
    head = item[: best[0]].strip().rstrip(",;–-").strip()
    return head, best[1]
