"""Safe RDF terms from extracted values: IRIs that are always valid, typed dates, language tags.

Anything that cannot be made into a valid term is returned as None (callers then keep the value
as a literal or leave it out); nothing here ever produces an IRI that a store would refuse.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")
_EMAIL = re.compile(r"^[^@\s<>\"()\[\]\\,;:]+@[^@\s<>\"()\[\]\\,;:]+\.[^@\s<>\"()\[\]\\,;:]+$")
_LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_YEAR_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^[0-9]{4}$")

#: Characters kept as they are in the path/query/fragment of an http(s) IRI (besides Unicode).
_SAFE = "/:@!$&'()*+,;=-._~%?#[]"

UNDETERMINED = "und"  # BCP 47: language not known


def is_valid_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI that RDF stores accept (checked by Oxigraph)."""
    if not text or _CONTROL.search(text):
        return False
    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def _checked(text: str) -> URIRef | None:
    return URIRef(text) if is_valid_iri(text) else None


def tel_iri(number: str | None) -> URIRef | None:
    """``tel:+37031555118`` for an E.164 number; None for anything else."""
    if not number:
        return None
    compact = re.sub(r"[\s\-().]", "", number)
    return _checked("tel:" + compact) if _E164.match(compact) else None


def mailto_iri(address: str | None) -> URIRef | None:
    """``mailto:name@example.org`` (lower case, special characters percent-encoded); None if not an e-mail."""
    if not address:
        return None
    cleaned = address.strip().lower()
    if cleaned.startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :]
    if not _EMAIL.match(cleaned):
        return None
    return _checked("mailto:" + quote(cleaned, safe="@!$'*+-=_.~"))


def http_iri(url: str | None) -> URIRef | None:
    """A valid http(s) IRI from a URL as found (spaces and unsafe characters percent-encoded)."""
    if not url:
        return None
    text = url.strip()
    if text.lower().startswith("www."):
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    if re.search(r"[\s<>\"{}|\\^`]", parts.netloc):
        return None

    def enc(component: str) -> str:
        return _STRAY_PERCENT.sub("%25", quote(component, safe=_SAFE))

    rebuilt = urlunsplit(
        (parts.scheme.lower(), parts.netloc, enc(parts.path), enc(parts.query), enc(parts.fragment))
    )
    return _checked(rebuilt)


def language_tag(code: str | None) -> str:
    """A well-formed BCP 47 tag (lower case) for ``code``; ``"und"`` when missing or malformed."""
    if code and _LANG.match(code.strip()):
        return code.strip().lower()
    return UNDETERMINED


def text(value: str, lang: str | None) -> Literal:
    """A language-tagged literal (``und`` when the language is not known)."""
    return Literal(value, lang=language_tag(lang))


def date_literal(value: str | date | None) -> Literal | None:
    """xsd:date / xsd:gYearMonth / xsd:gYear from a date or ISO text; None if not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return Literal(value.date().isoformat(), datatype=XSD.date)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    raw = value.strip()
    if _YEAR_MONTH.match(raw):
        return Literal(raw, datatype=XSD.gYearMonth)
    if _YEAR.match(raw):
        return Literal(raw, datatype=XSD.gYear)
    try:
        return Literal(date.fromisoformat(raw[:10]).isoformat(), datatype=XSD.date)
    except ValueError:
        return None


def decimal_literal(value: Decimal | float | int | str) -> Literal:
    """An xsd:decimal; ValueError for values that are not finite numbers."""
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except ArithmeticError as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    # Plain notation (no exponent): xsd:decimal has no exponent form.
    return Literal(format(number, "f"), datatype=XSD.decimal)
