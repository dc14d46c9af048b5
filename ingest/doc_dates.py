"""Publication and update dates a document states: meta tags, labelled dates, a date line at the top.

Only dates the page itself states are returned; nothing is guessed from file times. Numeric forms
(2025-03-31, 2025.03.31, 2025 03 31, 31.03.2025, 31/03/2025) are parsed here; dates written with
month names after a label ("Updated 31 March 2025", "atnaujinta 2025 m. kovo 31 d.") go through
dateparser, which is imported only when needed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)[-./ ](0?[1-9]|1[0-2])[-./ ](0?[1-9]|[12]\d|3[01])(?![\d])")
_DMY = re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./]((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")
#: Lithuanian "2025 m. kovo 31 d." and Latvian "2025. gada 31. martā" (dateparser misses these).
_LT_MONTHS = [
    "sausio",
    "vasario",
    "kovo",
    "balandžio",
    "gegužės",
    "birželio",
    "liepos",
    "rugpjūčio",
    "rugsėjo",
    "spalio",
    "lapkričio",
    "gruodžio",
]
_LV_MONTHS = [
    "janvārī",
    "februārī",
    "martā",
    "aprīlī",
    "maijā",
    "jūnijā",
    "jūlijā",
    "augustā",
    "septembrī",
    "oktobrī",
    "novembrī",
    "decembrī",
]
_LT_DATE = re.compile(
    rf"((?:19|20)\d\d)\s*m\.\s*({'|'.join(_LT_MONTHS)})\s+(\d{{1,2}})\s*d\.?", re.IGNORECASE
)
_LV_DATE = re.compile(rf"((?:19|20)\d\d)\.\s*gada\s+(\d{{1,2}})\.\s*({'|'.join(_LV_MONTHS)})", re.IGNORECASE)
#: Languages dateparser may try for labelled dates (limiting them keeps it fast).
DATE_LANGUAGES = ["en", "lt", "lv", "pl", "et", "fi", "sv", "da", "de", "ru"]

#: Meta names/properties (lower case) that state a publication or an update date.
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "publish_date",
    "publication_date",
    "pubdate",
    "date",
    "dc.date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "revised",
)

_LABEL_PUBLISHED = (
    r"published|posted|publication date|paskelbta|publikuota|paskelbimo data|publicēts|publicēšanas datums|"
    r"opublikowano|data publikacji|publicerad|publiceret|udgivet|julkaistu|avaldatud|veröffentlicht|"
    r"опубликовано|дата публикации"
)
_LABEL_MODIFIED = (
    r"(?:information |page |last |info )?updated|last modified|last update|modified|atnaujinta|"
    r"atnaujinimo data|paskutinį kartą atnaujinta|paskutinis atnaujinimas|aktualizēts|atjaunināts|"
    r"pēdējās izmaiņas|zaktualizowano|aktualizacja|data modyfikacji|ostatnia modyfikacja|"
    r"(?:senast )?uppdaterad|(?:senest )?opdateret|päivitetty|muokattu|uuendatud|(?:viimati )?muudetud|"
    r"(?:zuletzt )?aktualisiert|geändert|обновлено|изменено"
)
_LABELLED = re.compile(
    rf"(?i)\b(?P<label>{_LABEL_MODIFIED}|{_LABEL_PUBLISHED})\b\s*(?:on|:|-|–)?\s*(?P<rest>[^\n]{{0,40}})"
)
_MODIFIED_WORDS = re.compile(rf"(?i)^(?:{_LABEL_MODIFIED})$")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _baltic_date(text: str) -> date | None:
    lt = _LT_DATE.search(text)
    if lt:
        return _safe_date(int(lt.group(1)), _LT_MONTHS.index(lt.group(2).lower()) + 1, int(lt.group(3)))
    lv = _LV_DATE.search(text)
    if lv:
        return _safe_date(int(lv.group(1)), _LV_MONTHS.index(lv.group(3).lower()) + 1, int(lv.group(2)))
    return None


def parse_numeric_date(text: str) -> date | None:
    """The first numeric date in ``text`` (year first, or day.month.year), else None."""
    baltic = _baltic_date(text)
    if baltic:
        return baltic
    ymd = _YMD.search(text)
    dmy = _DMY.search(text)
    if ymd and (not dmy or ymd.start() <= dmy.start()):
        return _safe_date(int(ymd.group(1)), int(ymd.group(2)), int(ymd.group(3)))
    if dmy:
        return _safe_date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    return None


def _parse_words_date(text: str, languages: list[str] | None) -> date | None:
    if not re.search(r"\d", text):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    settings = {"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True, "REQUIRE_PARTS": ["year", "month"]}
    try:
        found = dateparser.parse(text, languages=languages or DATE_LANGUAGES, settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    return found.date() if found else None


def parse_date(text: str, languages: list[str] | None = None) -> date | None:
    """A date from a meta value or a short labelled text (numeric first, then month names)."""
    iso = _ISO.match(text)
    if iso:
        return _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    return parse_numeric_date(text) or _parse_words_date(text.strip()[:40], languages)


def dates_from_meta(meta: Mapping[str, str]) -> tuple[date | None, date | None]:
    """(published, modified) from HTML meta tags, keyed by lower-cased name/property/itemprop."""

    def first(names: tuple[str, ...]) -> date | None:
        for name in names:
            value = meta.get(name)
            if value:
                found = parse_date(value)
                if found:
                    return found
        return None

    return first(PUBLISHED_META), first(MODIFIED_META)


def dates_from_text(text: str) -> tuple[date | None, date | None]:
    """(published, modified) from labelled dates, or a date standing alone near the top."""
    published: date | None = None
    modified: date | None = None
    for match in _LABELLED.finditer(text):
        rest = match.group("rest")
        found = parse_numeric_date(rest) or _parse_words_date(rest, None)
        if found is None:
            continue
        if _MODIFIED_WORDS.match(match.group("label").strip()):
            modified = modified or found
        else:
            published = published or found
    if published is None:
        for line in text.split("\n")[:12]:
            stripped = line.strip()
            if 6 <= len(stripped) <= 24 and not re.search(r"[A-Za-z]{3,}", stripped):
                found = parse_numeric_date(stripped)
                if found:
                    published = found
                    break
    return published, modified
