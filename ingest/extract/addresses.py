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
from ingest.extract.scan import LineIndex, Spans
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
#: A locality word is at most 100 characters: the match after each code stays short even inside a long
#: hyphenated run that holds more codes.
_LOCALITY = re.compile(r"\s*([A-ZÀ-ÖØ-ÞĀ-Ž][\w’'.-]{0,100}(?:[ -][A-ZÀ-ÖØ-ÞĀ-Ž][\w’'.-]{0,100}){0,2})")
_SENTENCE_CUT = re.compile(r"(?<=\w{4})[.;:] ")
_COMMA_COUNTRY = re.compile(r"\s*,\s*([^,;\n]{2,40})")
_NON_BLANK = re.compile(r"\S")
#: The longest street part (once trimmed) before a postal code.
_STREET_MAX = 80


@dataclass
class AddressMatch:
    address: Address
    start: int
    end: int


class _Context:
    """What every postal code of one text looks back at, found once: line bounds, address labels,
    sentence ends. Each code then costs time independent of the length of its line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.labels = Spans(_LABEL, text)
        self.cuts = Spans(_SENTENCE_CUT, text)
        self._first_words: dict[int, int] = {}
        self._previous: dict[int, tuple[int, str] | None] = {}

    def first_words(self, offset: int) -> int:
        """The first non-blank position at or after ``offset`` (the text's length if none)."""
        if offset not in self._first_words:
            m = _NON_BLANK.search(self.text, offset)
            self._first_words[offset] = m.start() if m else len(self.text)
        return self._first_words[offset]

    def street_before(self, line_start: int, code_start: int) -> tuple[int, str] | None:
        """The street part before the code on its line (or on the line above), if it looks like one."""
        text = self.text
        label = self.labels.last_within(line_start, code_start)
        if label is not None:
            offset = label[1]
        else:
            # a short line is the address; in a longer one, cut at the last sentence boundary
            offset = line_start
            if code_start - line_start > 80:
                cut = self.cuts.last_within(line_start, code_start)
                if cut is not None:
                    offset = cut[0] + 2
        # text[offset:code_start].strip().rstrip(",").strip(), found without copying a long line
        first, last = self.first_words(offset), code_start
        if first < code_start:
            while text[last - 1].isspace():
                last -= 1
            while last > first and text[last - 1] == ",":
                last -= 1
            while last > first and text[last - 1].isspace():
                last -= 1
        if last > first:
            if last - first > _STREET_MAX:
                return None
            stripped = text[first:last]
            street_like = re.search(r"\d", stripped) or _STREET_WORDS.search(stripped)
            return (first, stripped) if street_like else None
        # the code starts its line: the street may be the previous line
        if line_start not in self._previous:
            self._previous[line_start] = self._previous_line_street(line_start)
        return self._previous[line_start]

    def _previous_line_street(self, line_start: int) -> tuple[int, str] | None:
        text = self.text
        prev_end = line_start - 1
        if prev_end <= 0:
            return None
        prev_start = self.lines.line_start(prev_end)
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
    context = _Context(text)
    for start, end, code, countries, prefixed in candidates:
        # candidates come in order of start, so an earlier address can only share this one's start
        if start in seen:
            continue
        line_start, line_end = context.lines.bounds(start, end)
        street = context.street_before(line_start, start)
        if not prefixed and street is None:
            continue
        locality_match = _LOCALITY.match(text, end, line_end)
        if not prefixed and locality_match is None:
            continue
        locality = locality_match.group(1).rstrip(".,") if locality_match else None
        tail_end = locality_match.end(1) if locality_match else end
        country: str | None = None
        comma = _COMMA_COUNTRY.match(text, tail_end, line_end)
        if comma:
            named = country_from_text(comma.group(1).strip().rstrip("."))
            if named:
                country = named
                tail_end = comma.end(1)
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
