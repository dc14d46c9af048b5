"""Postal addresses: "Pulko street 21, LT-62133 Alytus, Lithuania", "ul. Mazurska 3, 12-200 Pisz".

An address is anchored on a postal code. Codes with a country prefix (``LT-62133``, ``LV-1050``,
``SE-581 83``) are taken anywhere; bare codes (``12-200``, ``581 83``, ``8000``, ``00100``) only
after a street part with a house number and before a capitalised locality, so that phone numbers,
amounts and dates are not read as addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.countries import country_from_text
from ingest.records import Address, Evidence

#: (regex, country) for postal codes; ``prefixed`` codes carry their country.
_PREFIXED = [
    (re.compile(r"\bLT[- ]?\d{5}\b"), "LT"),
    (re.compile(r"\bLV[- ]?\d{4}\b"), "LV"),
    (re.compile(r"\bEE[- ]?\d{5}\b"), "EE"),
    (re.compile(r"\bPL[- ]?\d{2}-\d{3}\b"), "PL"),
    (re.compile(r"\bSE[- ]?\d{3} ?\d{2}\b"), "SE"),
    (re.compile(r"\bDK[- ]?\d{4}\b"), "DK"),
    (re.compile(r"\bFI[- ]?\d{5}\b"), "FI"),
    (re.compile(r"\bD[E]?[- ]\d{5}\b"), "DE"),
]
_BARE = [
    (re.compile(r"(?<![\d+-])\d{2}-\d{3}(?![\d-])"), ("PL",)),
    (re.compile(r"(?<![\d+-])\d{3} \d{2}(?![\d-])"), ("SE",)),
    (re.compile(r"(?<![\d+-])\d{5}(?![\d-])"), ("FI", "EE", "DE", "LT")),
    (re.compile(r"(?<![\d+-])\d{4}(?![\d-])"), ("DK", "LV")),
]
_STREET_WORDS = re.compile(
    r"(?i)(?:\b(?:street|str\.?|st\.|road|rd\.|avenue|ave\.|square|sq\.|lane|g\.|gatvė|al\.|alėja|pr\.|"
    r"prospektas|a\.|aikštė|pl\.|plentas|iela|bulvāris|laukums|ul\.|ulica|aleja|plac|os\.|osiedle|"
    r"vägen|gatan|väg|torget|vej|gade|plads|katu|tie|kuja|tori|tänav|mnt|maantee|puiestee|straße|"
    r"strasse|platz|weg|allee|gasse|ring)(?!\w)|\w(?:gatan|vägen|vej|gade|straße|strasse|katu|tie|iela|"
    r"tänav|weg|platz)\b)"
)
_LABEL = re.compile(
    r"(?i)\b(address|adresas|adrese|adres|adress|adresse|anschrift|osoite|aadress|postal address|"
    r"buveinės adresas|juridinis adresas)\s*:?\s*"
)
_LOCALITY = re.compile(r"\s*([A-ZÀ-ÖØ-ÞĀ-Ž][\w’'.-]*(?:[ -][A-ZÀ-ÖØ-ÞĀ-Ž][\w’'.-]*){0,2})")


@dataclass
class AddressMatch:
    address: Address
    start: int
    end: int


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _street_before(text: str, line_start: int, code_start: int) -> tuple[int, str] | None:
    """The street part before the code on its line (or on the line above), if it looks like one."""
    before = text[line_start:code_start]
    labels = list(_LABEL.finditer(before))
    label = labels[-1] if labels else None
    if label is not None:
        offset = line_start + label.end()
        before = text[offset:code_start]
    else:
        # a short line is the address; in a longer one, cut at the last sentence boundary
        cut = -1
        if len(before) > 80:
            for m in re.finditer(r"(?<=\w{4})[.;:] ", before):
                cut = m.start()
        offset = line_start + (cut + 2 if cut >= 0 else 0)
        before = text[offset:code_start]
    stripped = before.strip().rstrip(",").strip()
    if stripped:
        street_like = re.search(r"\d", stripped) or _STREET_WORDS.search(stripped)
        if street_like and len(stripped) <= 80:
            return offset + (len(before) - len(before.lstrip())), stripped
        return None
    # the code starts its line: the street may be the previous line
    prev_end = line_start - 1
    if prev_end <= 0:
        return None
    prev_start = text.rfind("\n", 0, prev_end) + 1
    prev = text[prev_start:prev_end].strip()
    if (
        prev
        and len(prev) <= 60
        and re.search(r"\d", prev)
        and (_STREET_WORDS.search(prev) or re.search(r"\d+\w?$", prev))
    ):
        prev = _LABEL.sub("", prev).strip().rstrip(",")
        return text.find(prev, prev_start), prev
    return None


def find_addresses(text: str, default_country: str | None = None) -> list[AddressMatch]:
    out: list[AddressMatch] = []
    seen: set[int] = set()
    candidates: list[tuple[int, int, str, tuple[str, ...], bool]] = []
    for pattern, code in _PREFIXED:
        for m in pattern.finditer(text):
            candidates.append((m.start(), m.end(), m.group(), (code,), True))
    for pattern, countries in _BARE:
        for m in pattern.finditer(text):
            candidates.append((m.start(), m.end(), m.group(), countries, False))
    candidates.sort(key=lambda c: (c[0], -c[1]))
    for start, end, code, countries, prefixed in candidates:
        if any(start <= s < end or s <= start < s + 1 for s in seen) or start in seen:
            continue
        line_start, line_end = _line_bounds(text, start, end)
        street = _street_before(text, line_start, start)
        if not prefixed and street is None:
            continue
        locality_match = _LOCALITY.match(text, end, line_end)
        if not prefixed and locality_match is None:
            continue
        locality = locality_match.group(1).rstrip(".,") if locality_match else None
        tail_end = locality_match.end(1) if locality_match else end
        country: str | None = None
        rest = text[tail_end:line_end]
        comma = re.match(r"\s*,\s*([^,;\n]{2,40})", rest)
        if comma:
            named = country_from_text(comma.group(1).strip().rstrip("."))
            if named:
                country = named
                tail_end += comma.end(1)
        if country is None:
            if prefixed or len(countries) == 1:
                country = countries[0]
            elif default_country in countries:
                country = default_country
        addr_start = street[0] if street else start
        seen.add(start)
        text_value = " ".join(text[addr_start:tail_end].split())
        address = Address(
            text=text_value,
            street=street[1] if street else None,
            postal_code=_normalise_code(code, country, prefixed),
            locality=locality,
            country=country,
            evidence=[Evidence(addr_start, tail_end, text[addr_start:tail_end], "addresses")],
        )
        out.append(AddressMatch(address, addr_start, tail_end))
    out.sort(key=lambda m: m.start)
    return out


def _normalise_code(code: str, country: str | None, prefixed: bool) -> str:
    compact = code.strip()
    if prefixed:
        match = re.match(r"([A-Z]{1,2})[- ]?(.*)", compact)
        if match:
            return f"{match.group(1)}-{match.group(2)}"
    if country in {"LT", "LV"}:
        return f"{country}-{compact}"
    return compact
