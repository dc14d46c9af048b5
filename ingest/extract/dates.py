"""Dates, periods and EU programming periods in text, keeping how precise the text was.

"2025-02-28", "2025 03 31", "28.02.2025", "February 28, 2025", "28 lutego 2025",
"2025 m. vasario 28 d." give days ("2025-02-28"); "February 2025", "2025 m. vasario mėn." give
months ("2025-02"). Month names in any language are recognised by ``dateparser`` (cached per word).
A period is two dates joined by a range mark ("–", "to", "iki", "līdz", "do", "bis"); a labelled one
("implementation period", "įgyvendinimo laikotarpis", "Laufzeit") is preferred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise

#: EU programming periods ("2021-2027") — other year ranges are plans, strategies or projects.
PROGRAMME_PERIODS = frozenset(
    {(2000, 2006), (2004, 2006), (2007, 2013), (2014, 2020), (2021, 2027), (2028, 2034)}
)

_NOT_MONTHS = frozenset(
    {
        "in",
        "on",
        "at",
        "by",
        "from",
        "to",
        "since",
        "until",
        "of",
        "the",
        "and",
        "year",
        "years",
        "m",
        "d",
        "m.",
        "d.",
        "nuo",
        "iki",
        "metų",
        "metais",
        "gada",
        "no",
        "līdz",
        "od",
        "do",
        "roku",
        "år",
        "vuonna",
        "aastal",
        "im",
        "jahr",
        "seit",
        "bis",
        "updated",
        "published",
        "date",
        "period",
        "total",
        "budget",
    }
)
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"), "ymd"),
    (re.compile(r"(?<![\d.])(?P<y>\d{4})[./ ](?P<m>\d{2})[./ ](?P<d>\d{2})(?![\d])"), "ymd"),
    (re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?![\d])"), "ymd"),
    (
        re.compile(
            r"(?<!\d)(?P<y>\d{4})\s*m\.\s*(?P<mw>[^\W\d_]{3,})(?:\s+mėn\.?)?(?:\s+(?P<d>\d{1,2})\s*d\.?)?"
        ),
        "lt",
    ),
    (re.compile(r"(?<!\d)(?P<y>\d{4})\.\s*gad(?:a|ā)\s+(?:(?P<d>\d{1,2})\.\s*)?(?P<mw>[^\W\d_]{3,})"), "lv"),
    (re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.?\s+(?P<mw>[^\W\d_]{3,})\.?,?\s+(?P<y>\d{4})(?!\d)"), "dmy"),
    (re.compile(r"\b(?P<mw>[^\W\d_]{3,})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)"), "mdy"),
    (re.compile(r"\b(?P<mw>[^\W\d_]{3,})\.?,?\s+(?:of\s+)?(?P<y>\d{4})(?![\d-])"), "my"),
    (re.compile(r"(?<![\d.-])(?P<y>\d{4})-(?P<m>\d{2})(?![\d-])"), "ym"),
]
_RANGE = re.compile(r"^\s*(?:[-–—]|to|until|till|iki|līdz|do|bis|till|–|tot|kuni|asti|-)\s*$", re.IGNORECASE)
_PERIOD_LABELS = re.compile(
    r"(?i)(implementation period|project period|project duration|duration|period of implementation|"
    r"timeframe|time frame|įgyvendinimo laikotarpis|įgyvendinimo trukmė|trukmė|laikotarpis|"
    r"īstenošanas (?:laiks|periods)|okres realizacji|projektperiod|genomförandeperiod|projektperiode|"
    r"toteutusaika|kestus|laufzeit|projektlaufzeit|from|nuo|no|od|från|fra|von|alates)"
)
_YEAR_RANGE = re.compile(r"(?<![\d-])(20\d{2})\s*[-–—/]\s*(20\d{2})(?![\d-])")


@dataclass(frozen=True)
class DateMatch:
    value: str  # "2025-02-28", "2025-02" or "2025"
    start: int
    end: int
    text: str

    def as_date(self) -> date:
        parts = [int(p) for p in self.value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(parts[0], parts[1], parts[2])


@lru_cache(maxsize=4096)
def month_number(word: str, languages: tuple[str, ...]) -> int | None:
    """The month a word names ("February", "vasario", "lutego", "helmikuuta"), else None."""
    cleaned = word.strip(".").lower()
    if len(cleaned) < 3 or cleaned in _NOT_MONTHS or not cleaned.isalpha():
        return None
    import dateparser  # slow to import: only when a candidate shows up

    settings = {"REQUIRE_PARTS": ["month"], "PREFER_DAY_OF_MONTH": "first"}
    try:
        parsed = dateparser.parse(f"1 {cleaned} 2000", languages=list(languages), settings=settings)
        parsed2 = dateparser.parse(f"{cleaned} 2000", languages=list(languages), settings=settings)
    except (ValueError, OverflowError):
        return None
    if parsed is None or parsed2 is None or parsed.year != 2000 or parsed.month != parsed2.month:
        return None
    return parsed.month


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def find_dates(text: str, languages: Sequence[str] = ("en",)) -> list[DateMatch]:
    """Every date in ``text``, in order, without overlaps (the most precise reading wins)."""
    langs = tuple(dict.fromkeys([*languages, "en"]))
    taken: list[tuple[int, int]] = []
    out: list[DateMatch] = []
    for pattern, _kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            year = int(groups["y"])
            if groups.get("mw"):
                month = month_number(groups["mw"], langs)
                if month is None:
                    continue
            else:
                month = int(groups["m"])
            day = int(groups["d"]) if groups.get("d") else None
            if not _valid(year, month, day):
                continue
            value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
            out.append(DateMatch(value, m.start(), m.end(), m.group()))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda d: d.start)
    return out


def find_period(text: str, languages: Sequence[str] = ("en",)) -> tuple[DateMatch, DateMatch] | None:
    """The (start, end) of a period such as "February 2025 – February 2028", preferring labelled ones."""
    dates = find_dates(text, languages)
    ranges: list[tuple[bool, DateMatch, DateMatch]] = []
    for first, second in pairwise(dates):
        between = text[first.end : second.start]
        if not _RANGE.match(between) or first.value > second.value:
            continue
        line_start = text.rfind("\n", 0, first.start) + 1
        labelled = bool(_PERIOD_LABELS.search(text[max(line_start, first.start - 80) : first.start]))
        ranges.append((labelled, first, second))
    if not ranges:
        return None
    preferred = [r for r in ranges if r[0]]
    chosen = preferred[0] if preferred else ranges[0]
    return chosen[1], chosen[2]


def programme_period(text: str) -> str | None:
    """The EU programming period a text names ("2021-2027"), if any."""
    for m in _YEAR_RANGE.finditer(text):
        pair = (int(m.group(1)), int(m.group(2)))
        if pair in PROGRAMME_PERIODS:
            return f"{pair[0]}-{pair[1]}"
    return None


_PUBLISHED_LABEL = re.compile(
    r"(?i)(published|posted|date|updated|paskelbta|atnaujinta|data|publicēts|opublikowano|publicerad|"
    r"udgivet|julkaistu|avaldatud|veröffentlicht)"
)


def publication_date(text: str, languages: Sequence[str] = ("en",), *, head_lines: int = 8) -> date | None:
    """The date a page was published: a labelled date, else a date line near the top."""
    dates = [d for d in find_dates(text, languages) if len(d.value) == 10]
    if not dates:
        return None
    top_end = 0
    for _ in range(head_lines):
        nxt = text.find("\n", top_end + 1)
        if nxt < 0:
            top_end = len(text)
            break
        top_end = nxt
    for d in dates:
        if d.start <= top_end:
            return d.as_date()
    for d in dates:
        line_start = text.rfind("\n", 0, d.start) + 1
        if _PUBLISHED_LABEL.search(text[line_start : d.start]):
            return d.as_date()
    return None
