"""Turning one cell into a typed value: text, dates, amounts, countries, languages, phones, e-mails."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import phonenumbers
import pycountry

from ingest.mappings.splitters import comma, tidy
from ingest.records import PhoneNumber
from ontology.countries import country_code as shared_country_code

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: Any) -> str:
    """NFC text without control characters (new lines and tabs kept), stripped.

    Line and paragraph separators (U+2028, U+2029) become ordinary new lines.
    """
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", text).strip()


def humanize_key(key: str) -> str:
    """``"budget_local"`` → ``"Budget local"`` (a readable label for a machine key)."""
    words = " ".join(w for w in re.split(r"[_\s]+", key) if w)
    return words[:1].upper() + words[1:]


# -- dates -----------------------------------------------------------------------------------------

_ISO = re.compile(
    r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(text: str, lang: str | None = None) -> str | None:
    """An ISO date (``2017-01-02``) or year-month/year from common written forms; None if unreadable.

    ISO forms (with or without a time) keep their precision; ``2.1.2017`` / ``02/01/2017`` are read
    day first, as in every language this project serves; anything else goes to dateparser.
    """
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = m.group(1), m.group(2), m.group(3)
        try:
            if d:
                return date(int(y), int(mo), int(d)).isoformat()
            if mo:
                return f"{date(int(y), int(mo), 1).isoformat()[:7]}"
        except ValueError:
            return None
        return y
    if m := _DAY_FIRST.match(text):
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    import dateparser  # slow to import; only for unusual forms

    parsed = dateparser.parse(
        text,
        languages=[lang] if lang else None,
        settings={"REQUIRE_PARTS": ["year", "month", "day"], "DATE_ORDER": "DMY"},
    )
    return parsed.date().isoformat() if parsed else None


def to_date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso and len(iso) == 10 else None


# -- amounts ---------------------------------------------------------------------------------------

_AMOUNT_JUNK = re.compile(r"[\s\u00a0\u202f'’]|^[^\d\-+]+|[^\d]+$")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")


def parse_amount(value: Any, decimal: str = ".") -> Decimal | None:
    """A Decimal from a number or text such as ``"1 234 567,50 kr"`` (``decimal`` names the mark)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _AMOUNT_JUNK.sub("", str(value))
    thousands = "," if decimal == "." else "."
    text = text.replace(thousands, "").replace(decimal, ".")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# -- countries and languages -----------------------------------------------------------------------

_WRAPPED = re.compile(r"^(.*?)\s*\((.+)\)$")


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 for a country name or code (``ontology.countries``); None if not one."""
    return shared_country_code(name)


def parse_countries(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Countries named in a cell → ([(name as written, code)], [names that are not countries]).

    ``"Norway"`` → one country; ``"Other (Norway )"`` → the country in the brackets when the words
    before them are not a country; ``"Other (Algeria, Egypt)"`` → two; ``"EU"`` → not a country.
    A comma list with a piece that is no country is read as one name when it is one as a whole
    (``"Korea, Republic of"``).
    """
    text = tidy(text)
    m = _WRAPPED.match(text) if text.endswith(")") else None  # (the check keeps "((((…" linear)
    if m and not country_code(m.group(1)):
        names = comma(m.group(2))
    elif m or "," in text:
        names = comma(text)
    else:
        names = [text]
    found = [(n, c) for n in names if (c := country_code(n))]
    other = [n for n in names if not country_code(n)]
    if len(names) > 1 and other and (whole := country_code(text)):
        return [(text, whole)], []
    return found, other


@lru_cache(maxsize=1024)
def language_code(value: str) -> str | None:
    """ISO 639-1 code from ``"sv"``, ``"SV"``, ``"sv-SE"``, ``"swe"`` or ``"Swedish"``; else None."""
    text = value.strip()
    if not text:
        return None
    if re.match(r"^[A-Za-z]{2}([-_][A-Za-z]{2,4})?$", text):
        text = text[:2]
    try:
        lang = pycountry.languages.lookup(text)
    except LookupError:
        return None
    code = getattr(lang, "alpha_2", None)
    return str(code) if code else None


# -- contact data ----------------------------------------------------------------------------------

_LOCAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+'-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_KINDS = {phonenumbers.PhoneNumberType.MOBILE: "mobile"}


def _email_matches(text: str) -> list[str]:
    """The matches of ``[A-Za-z0-9._%+'-]+@<domain>`` in order, found from each "@" (the local part is
    the run of local-part characters just before it): linear time, where the same regular expression run
    over the text re-scans a long run of local-part characters from each of its positions."""
    found: list[str] = []
    floor = 0  # where the last match ended
    at = text.find("@")
    while at >= 0:
        start = at
        while start > floor and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1) if start < at else None
        if domain:
            found.append(text[start : domain.end()])
            floor = domain.end()
            at = text.find("@", floor)
        else:
            at = text.find("@", at + 1)
    return found


def parse_emails(text: str) -> list[str]:
    """Every e-mail address in the cell, lower-case, in order, without repeats."""
    return list(dict.fromkeys(m.lower() for m in _email_matches(text)))


def parse_phones(text: str, region: str | None) -> list[PhoneNumber]:
    """Every phone number in the cell as E.164 (``region`` reads national forms); else as written."""
    found: list[PhoneNumber] = []
    for match in phonenumbers.PhoneNumberMatcher(text, region or "ZZ"):
        number = match.number
        kind = _PHONE_KINDS.get(phonenumbers.number_type(number), "voice")
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        found.append(PhoneNumber(number=e164, kind=kind, as_written=match.raw_string))  # type: ignore[arg-type]
    if not found:
        found.append(PhoneNumber(number=text, valid=False, as_written=text))
    return found
