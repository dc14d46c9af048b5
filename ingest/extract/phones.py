"""Telephone and fax numbers in text → E.164 (phonenumbers), with fax/mobile kinds from labels.

The document's region (e.g. "LT") lets national formats be made whole: "(8 315) 55 118" →
+37031555118. A number after a phone or fax label that cannot be made whole (too short, unknown
region) is kept as written with ``valid=False`` — never completed by guessing. Dates, year ranges,
postal codes, project or register numbers and amounts are rejected by their shape and context, and
an unlabelled national number is only taken from a short line or a line with other contact data.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from ingest.extract.scan import LineIndex
from ingest.records import Evidence, PhoneNumber

EXTRACTOR = "phones"
PhoneKind = Literal["voice", "fax", "mobile"]

_FAX = r"tele?fax|telefaksas|telefaks|faksas|fakss|faksi|faks|fax|факс"
_MOBILE = (
    r"mob\.?\s*tel|mobile|mobilus|mobilusis|mobilais|mobiil|mobiili|mobil|mob|gsm|cell|handy|"
    r"matkapuhelin|kom[óo]rka|tel\.?\s*kom|мобильный|моб"
)
_VOICE = (
    r"telephone|telefonas|telefono|telefon|telefoni|telefoon|tālrunis|tālr|tel|phone|ph|puhelin|puh|"
    r"skambinkite|skambinti|call|zvaniet|zadzwoń|ring|soita|anrufen|телефон|тел|"
    r"växel|vaihde|switchboard|centrala|centrāle|zentrale|omstilling|sekretoriatas|priimamasis|reception"
)
_LABEL = re.compile(
    rf"(?<![^\W\d_])(?:(?P<fax>{_FAX})|(?P<mobile>{_MOBILE})|(?P<voice>{_VOICE}))(?![^\W\d_])\.?",
    re.IGNORECASE,
)
_LABEL_JOIN = re.compile(r"^[\s./,:;&+-]*(?:ir|and|und|un|och|og|ja|i|oraz|or|arba|/)?[\s./,:;&+-]*$", re.I)
_GAP = re.compile(r"^[\s.:,;/()\-–—]*(?:nr\.?|no\.?|numeris|number)?[\s.:,;/()\-–—]*$", re.IGNORECASE)
_BETWEEN_NUMBERS = re.compile(  # possessive: a long gap is scanned once
    r"^[\s,;/]*+(?:ir|and|und|un|och|og|ja|i|oraz|or|arba|lub|eller|tai|või|oder|или|и)?[\s,;/]*+$",
    re.IGNORECASE,
)
_CANDIDATE = re.compile(r"(?:\+|00)?\(?\d[\d \t().\-/–]{3,24}\d")

_DATE_SHAPES = (
    re.compile(r"^(19|20)\d\d[\s./-]+(0?[1-9]|1[0-2])[\s./-]+(0?[1-9]|[12]\d|3[01])$"),
    re.compile(r"^(0?[1-9]|[12]\d|3[01])[\s./-]+(0?[1-9]|1[0-2])[\s./-]+(19|20)\d\d$"),
    re.compile(r"^(19|20)\d\d\s*[-–/]\s*(19|20)\d\d$"),
    re.compile(r"^(19|20)\d\d\s*[-–/]\s*\d\d$"),
    re.compile(r"^\d{1,2}:\d\d"),
)
_AMOUNT = re.compile(r"\d[.,]\d{3}([.,]\d{1,2})?$|\d[.,]\d{1,2}$")
_CURRENCY_AFTER = re.compile(
    r"^\s*(eur|€|euro|eurų|eiro|usd|\$|lt\b|litų|zł|pln|sek|dkk|nok|kr\b|%|proc)", re.I
)
_CURRENCY_BEFORE = re.compile(r"(eur|€|usd|\$|pln|sek|dkk|nok|kr\.?)\s*$", re.IGNORECASE)
_ID_BEFORE = re.compile(
    r"(?:\bno|\bnr|№|#|\bid|\bkodas|\bcode|\bkods|\bkod|\bpvm|\bvat|\biban|\bisbn|\bissn|\breg(?:istration)?"
    r"|\bsąsk|\baccount|\bkonto|\bprojekto|\bproject|\bsutarties|\bmeasure|\bpriemonės|\bpostal|\bzip"
    r"|\bp\.\s*d\.|\bpašto kodas)[.:]?\s*(?:no\.?|nr\.?)?\s*$",
    re.IGNORECASE,
)
_POSTAL_BEFORE = re.compile(r"\b[A-Z]{1,2}-\s?$")
#: "Something: 123..." where Something is not a phone label (NIP:, REGON:, Organisationsnummer:).
_OTHER_LABEL_BEFORE = re.compile(r"(?:^|[\n,;(])\s*([^\W\d][\w .'-]{1,40}?)\s*[:]\s*(?:nr\.?\s*)?$")
_EMAIL_NEAR = re.compile(r"@|\be-?mail|\bel\.\s*pa[šs]t", re.IGNORECASE)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    raw: str
    number: str
    valid: bool
    kinds: tuple[str, ...]
    confidence: float


#: Words on a number's line (besides it) up to which an unlabelled national number is still taken.
_FEW_WORDS = 4


def _labels_before(text: str, start: int, floor: int) -> tuple[str, ...]:
    """Kinds of the label group just before ``start`` (within the same line, after ``floor``)."""
    window = text[max(floor, start - 60) : start]
    labels = list(_LABEL.finditer(window))
    if not labels:
        return ()
    kinds: list[str] = []
    cursor = len(window)
    for label in reversed(labels):
        gap = window[label.end() : cursor]
        if not (_GAP.match(gap) if not kinds else _LABEL_JOIN.match(gap)):
            break
        kinds.append(label.lastgroup or "voice")
        cursor = label.start()
    return tuple(dict.fromkeys(reversed(kinds)))


def _label_line_before(text: str, line_start: int) -> tuple[str, ...]:
    """Kinds of a line above that holds only a label ("Telefonas:" with the number below)."""
    if line_start == 0:
        return ()
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    previous = text[previous_start : line_start - 1].strip()
    if not previous or len(previous) > 40:
        return ()
    kinds = _labels_before(previous, len(previous), 0)
    rest = _LABEL.sub("", previous)
    return kinds if kinds and _GAP.match(rest) else ()


def _rejected(text: str, start: int, end: int) -> bool:
    """Dates, years, amounts, postal codes and identifiers that look like numbers."""
    raw = text[start:end].strip()
    digits = re.sub(r"\D", "", raw)
    if any(shape.match(raw) for shape in _DATE_SHAPES):
        return True
    before = text[max(0, start - 30) : start]
    after = text[end : end + 12]
    last, second = before[-1:], before[-2:-1]
    if last.isdigit() or (last.isalpha() and not _LABEL.search(before[-12:])):
        return True
    if (last in ("-", "/", "_") and second.isalnum()) or (last in (".", ",") and second.isdigit()):
        return True
    if after[:1].isalpha() or (after[:1] in ("-", "/") and after[1:2].isalnum()):
        return True
    if after[:1] in (".", ",") and after[1:2].isdigit():
        return True
    if _POSTAL_BEFORE.search(before) or _ID_BEFORE.search(before):
        return True
    other = _OTHER_LABEL_BEFORE.search(before)
    if other and not _LABEL.search(other.group(1)) and not raw.startswith(("+", "00")):
        return True
    if _CURRENCY_AFTER.match(after) or _CURRENCY_BEFORE.search(before):
        return True
    if not raw.startswith(("+", "00", "(")) and _AMOUNT.search(raw) and not re.search(r"\s", raw):
        return True
    return len(digits) < 5


def _only_chars_between(text: str, low: int, high: int, chars: str) -> bool:
    """Is ``text[low:high]`` made of ``chars`` only? (Scans back from ``high``: stops at the first other.)"""
    i = high
    while i > low and text[i - 1] in chars:
        i -= 1
    return i == low


def _kinds_for(text: str, lines: LineIndex, start: int, previous: _Mention | None) -> tuple[str, ...]:
    line_start = lines.line_start(start)
    floor = previous.end if previous and previous.end > line_start else line_start
    kinds = _labels_before(text, start, floor)
    if kinds:
        return kinds
    if previous and previous.end > line_start and _BETWEEN_NUMBERS.match(text[previous.end : start]):
        return previous.kinds
    if start - line_start < 3 or _only_chars_between(text, line_start, start, " \t|-*("):
        return _label_line_before(text, line_start)
    return ()


def _context_ok(text: str, lines: LineIndex, start: int, end: int, raw: str, kinds: tuple[str, ...]) -> float:
    """Confidence for a matched number (0 = reject) from its label, format and line."""
    if kinds:
        return 0.98
    if raw.startswith(("+", "00")):
        return 0.9
    line_start, line_end = lines.bounds(start, end)
    near = text[max(line_start, start - 80) : min(line_end, end + 80)]
    if _EMAIL_NEAR.search(near) or _whole_cell(text, line_start, start, end, line_end):
        return 0.8
    before = _word_count(text, line_start, start, _FEW_WORDS, backwards=True)
    after = _word_count(text, end, line_end, _FEW_WORDS - before, backwards=False) if before >= 0 else -1
    return 0.7 if after >= 0 else 0.0


def _word_count(text: str, low: int, high: int, limit: int, *, backwards: bool) -> int:
    """``len(text[low:high].split())`` if at most ``limit``, else -1; reads only as much of the line as
    it needs (from the number outwards), so many numbers on one long line cost linear time."""
    window = 64
    while True:
        if backwards:
            part_low, part_high = max(low, high - window), high
        else:
            part_low, part_high = low, min(high, low + window)
        # a word cut by the window still counts once, so the window never over-counts
        count = len(text[part_low:part_high].split())
        if count > limit:
            return -1
        if (part_low, part_high) == (low, high):
            return count
        window *= 2


def _whole_cell(text: str, line_start: int, start: int, end: int, line_end: int) -> bool:
    """The number fills a table cell of its own ("| 8 5 212 3456 |", tab-separated columns): only
    blanks and "(" between it and a cell border before it, only blanks and ")" up to the next border."""
    left = start
    while left > line_start and text[left - 1] in " (":
        left -= 1
    right = end
    while right < line_end and text[right] in " )":
        right += 1
    return left > line_start and text[left - 1] in "|\t" and (right == line_end or text[right] in "|\t")


def _mentions(text: str, region: str | None) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    previous: _Mention | None = None
    region_code = region.upper() if region else "ZZ"
    lines = LineIndex(text)
    for match in PhoneNumberMatcher(text, region_code, leniency=Leniency.VALID):
        start, end, raw = match.start, match.end, match.raw_string
        if _rejected(text, start, end):
            continue
        kinds = _kinds_for(text, lines, start, previous)
        confidence = _context_ok(text, lines, start, end, raw, kinds)
        if confidence <= 0:
            continue
        number = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        if "fax" not in kinds and phonenumbers.number_type(match.number) == PhoneNumberType.MOBILE:
            kinds = ("mobile",)
        mention = _Mention(start, end, raw, number, True, kinds or ("voice",), confidence)
        found.append(mention)
        taken.append((start, end))
        previous = mention
    found.extend(_unresolved(text, lines, region_code, taken))
    return sorted(found, key=lambda m: m.start)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap one of the sorted, disjoint spans ``taken``?"""
    i = bisect_left(taken, (end,)) - 1
    return i >= 0 and taken[i][1] > start


def _unresolved(text: str, lines: LineIndex, region: str, taken: list[tuple[int, int]]) -> list[_Mention]:
    """Labelled numbers the matcher could not make whole: kept as written, ``valid=False``."""
    out: list[_Mention] = []
    taken = sorted(taken)
    for label in _LABEL.finditer(text):
        line_start, line_end = lines.bounds(label.end(), label.end())
        segment_end = min(line_end, label.end() + 40)
        candidate = _CANDIDATE.search(text, label.end(), segment_end)
        if candidate is None or not _GAP.match(text[label.end() : candidate.start()]):
            continue
        start, end = candidate.start(), candidate.end()
        raw = text[start:end].strip(" -/.")
        if _overlaps(taken, start, end) or _rejected(text, start, start + len(raw)):
            continue
        digits = re.sub(r"\D", "", raw)
        if len(digits) < 5 or len(digits) > 15:
            continue
        kinds = _labels_before(text, start, line_start) or (label.lastgroup or "voice",)
        try:
            parsed = phonenumbers.parse(raw, region)
            if phonenumbers.is_valid_number(parsed):
                continue  # a valid number the matcher skipped on purpose (context) stays skipped
        except phonenumbers.NumberParseException:
            pass
        out.append(_Mention(start, start + len(raw), raw, raw, False, kinds, 0.5))
        insort(taken, (start, start + len(raw)))
    return out


def find_phone_mentions(text: str, default_region: str | None) -> list[PhoneNumber]:
    """Every phone/fax mention in order (one entry per mention and kind)."""
    out: list[PhoneNumber] = []
    for mention in _mentions(text, default_region):
        evidence = Evidence(mention.start, mention.end, mention.raw, EXTRACTOR, mention.confidence)
        for kind in _kinds_out(mention.kinds):
            out.append(PhoneNumber(mention.number, kind, mention.valid, mention.raw, [evidence]))
    return out


def _kinds_out(kinds: tuple[str, ...]) -> list[PhoneKind]:
    result: list[PhoneKind] = []
    if "voice" in kinds or "mobile" in kinds:
        result.append("mobile" if "mobile" in kinds else "voice")
    if "fax" in kinds:
        result.append("fax")
    return result or ["voice"]


def find_phones(text: str, default_region: str | None) -> list[PhoneNumber]:
    """Distinct numbers by (number, kind) in order of first mention; evidence lists every mention."""
    merged: dict[tuple[str, str], PhoneNumber] = {}
    for phone in find_phone_mentions(text, default_region):
        key = (phone.number, phone.kind)
        if key in merged:
            merged[key].evidence.extend(phone.evidence)
        else:
            merged[key] = phone
    return list(merged.values())
