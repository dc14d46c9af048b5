"""Telephone and fax numbers in text → E.164 (phonenumbers), with fax/mobile kinds from labels.

The document's region (e.g. "LT") lets national formats be made whole: "(8 315) 55 118" →
+37031555118. A number after a phone or fax label that cannot be made whole (too short, unknown
region) is kept as written with ``valid=False`` — never completed by guessing. Dates, year ranges,
postal codes, project or register numbers and amounts are rejected by their shape and context, and
an unlabelled national number is only taken from a short line or a line with other contact data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

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
_BETWEEN_NUMBERS = re.compile(
    r"^[\s,;/]*(?:ir|and|und|un|och|og|ja|i|oraz|or|arba|lub|eller|tai|või|oder|или|и)?[\s,;/]*$",
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


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


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


def _kinds_for(text: str, start: int, previous: _Mention | None) -> tuple[str, ...]:
    line_start, _ = _line_bounds(text, start, start)
    floor = previous.end if previous and previous.end > line_start else line_start
    kinds = _labels_before(text, start, floor)
    if kinds:
        return kinds
    if previous and previous.end > line_start and _BETWEEN_NUMBERS.match(text[previous.end : start]):
        return previous.kinds
    if start - line_start < 3 or not text[line_start:start].strip(" \t|-*("):
        return _label_line_before(text, line_start)
    return ()


def _context_ok(text: str, start: int, end: int, raw: str, kinds: tuple[str, ...]) -> float:
    """Confidence for a matched number (0 = reject) from its label, format and line."""
    if kinds:
        return 0.98
    if raw.startswith(("+", "00")):
        return 0.9
    line_start, line_end = _line_bounds(text, start, end)
    near = text[max(line_start, start - 80) : min(line_end, end + 80)]
    if _EMAIL_NEAR.search(near) or _whole_cell(text[line_start:start], text[end:line_end]):
        return 0.8
    others = (text[line_start:start] + " " + text[end:line_end]).split()
    return 0.7 if len(others) <= 4 else 0.0


def _whole_cell(before: str, after: str) -> bool:
    """The number fills a table cell of its own ("| 8 5 212 3456 |", tab-separated columns)."""
    left = re.search(r"[|\t][^|\t]*$", before)
    right = re.match(r"[^|\t]*(?:[|\t]|$)", after)
    if left is None or right is None:
        return False
    return not left.group()[1:].strip(" (") and not right.group().rstrip("|\t").strip(" )")


def _mentions(text: str, region: str | None) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    previous: _Mention | None = None
    region_code = region.upper() if region else "ZZ"
    for match in PhoneNumberMatcher(text, region_code, leniency=Leniency.VALID):
        start, end, raw = match.start, match.end, match.raw_string
        if _rejected(text, start, end):
            continue
        kinds = _kinds_for(text, start, previous)
        confidence = _context_ok(text, start, end, raw, kinds)
        if confidence <= 0:
            continue
        number = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        if "fax" not in kinds and phonenumbers.number_type(match.number) == PhoneNumberType.MOBILE:
            kinds = ("mobile",)
        mention = _Mention(start, end, raw, number, True, kinds or ("voice",), confidence)
        found.append(mention)
        taken.append((start, end))
        previous = mention
    found.extend(_unresolved(text, region_code, taken))
    return sorted(found, key=lambda m: m.start)


def _unresolved(text: str, region: str, taken: list[tuple[int, int]]) -> list[_Mention]:
    """Labelled numbers the matcher could not make whole: kept as written, ``valid=False``."""
    out: list[_Mention] = []
    for label in _LABEL.finditer(text):
        line_start, line_end = _line_bounds(text, label.end(), label.end())
        segment_end = min(line_end, label.end() + 40)
        candidate = _CANDIDATE.search(text, label.end(), segment_end)
        if candidate is None or not _GAP.match(text[label.end() : candidate.start()]):
            continue
        start, end = candidate.start(), candidate.end()
        raw = text[start:end].strip(" -/.")
        if any(s < end and start < e for s, e in taken) or _rejected(text, start, start + len(raw)):
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
        taken.append((start, start + len(raw)))
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
