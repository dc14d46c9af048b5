"""How a forgotten e-mail or phone may be written in a document's text, as patterns.

``civicgraph forget`` removes a person's e-mail and phone wherever a document quotes them. Text rarely
quotes them the way the graph stores them (``tel:+37031512345``, ``mailto:jane@city.example``): a page
says "8 315 12345", "(8-315) 12 345", "+370 315 12345", "jane (at) city.example" or "jane[eta]city
dot example". This module turns a stored phone (E.164) or e-mail into a Python pattern that matches those
spellings, and into a plainer SPARQL ``REGEX`` pattern (no look-around: Oxigraph's regex engine has none)
used to find the documents that might quote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

#: Separators written between the digits of a phone number.
_SEP = r"[\s().\-/]*"
#: Words and marks that stand for "@" and "." in e-mails written to dodge harvesters (as extracted).
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|eta|ät|bei|pie|małpa|snabel-?a)\s*[)\]}>]\s*|\s+(?:at|eta)\s+)"
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|taškas|punkt|punkts|piste|prik|kropka)\s*[)\]}>]\s*|\s+(?:dot|taškas)\s+)"
_E164 = re.compile(r"\+\d{6,15}")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


@dataclass(frozen=True)
class Variants:
    """How one stored value may be written: ``python`` for redaction, ``sparql`` to find documents."""

    python: re.Pattern[str]
    sparql: str


def _spaced(digits: str) -> str:
    return _SEP.join(re.escape(d) for d in digits)


def phone_variants(e164: str) -> Variants | None:
    """Spellings of an E.164 number: international (+ or 00), national with the trunk prefix, bare."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    national = phonenumbers.national_significant_number(number)
    if len(national) < 5:
        return None
    country = str(number.country_code)
    region = phonenumbers.region_code_for_number(number)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    trunk = metadata.national_prefix if metadata is not None and metadata.national_prefix else ""
    prefixes = [rf"(?:\+|00){_SEP}{_spaced(country)}{_SEP}(?:0{_SEP})?"]
    if trunk:
        prefixes.append(rf"{_spaced(trunk)}{_SEP}")
    prefix = "(?:" + "|".join(prefixes) + ")?"
    python = re.compile(rf"(?<![\d+]){prefix}{_spaced(national)}(?!\d)")
    return Variants(python, _spaced(national))


def email_variants(email: str) -> Variants | None:
    """Spellings of an e-mail: as is, or with "@" and "." written out (``(at)``, ``[eta]``, ``dot`` ...)."""
    if not _EMAIL.fullmatch(email):
        return None
    local, domain = email.rsplit("@", 1)
    parts = [re.escape(p) for p in domain.split(".")]
    body = re.escape(local) + _AT + _DOT.join(parts)
    python = re.compile(rf"(?<![\w.+-]){body}(?![\w-])", re.IGNORECASE)
    # SPARQL: the local part and the domain's first label, in this order, close together.
    sparql = f"{re.escape(local)}.{{0,24}}{re.escape(domain.split('.')[0])}"
    return Variants(python, sparql)


def variants(value: str) -> Variants | None:
    """The variants of a stored phone (E.164) or e-mail; None for anything else (names match as written)."""
    if _E164.fullmatch(value):
        return phone_variants(value)
    if "@" in value:
        return email_variants(value)
    return None


def pattern(value: str) -> re.Pattern[str]:
    """What to redact for ``value``: its written variants, or the value itself in any case."""
    found = variants(value)
    return found.python if found is not None else re.compile(re.escape(value), re.IGNORECASE)
