"""Values → RDF terms: never an invalid IRI, dates and decimals typed correctly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, Namespace, URIRef

from ontology.values import (
    date_literal,
    decimal_literal,
    http_iri,
    is_valid_iri,
    language_tag,
    mailto_iri,
    tel_iri,
    text,
)

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns when pytest inspects modules


@pytest.mark.parametrize(
    ("number", "iri"),
    [
        ("+37031555118", "tel:+37031555118"),
        ("+370 315 55118", "tel:+37031555118"),
        ("8 315 55118", None),
        ("", None),
    ],
)
def test_tel_iri(number: str, iri: str | None) -> None:
    assert tel_iri(number) == (URIRef(iri) if iri else None)


@pytest.mark.parametrize(
    ("address", "iri"),
    [
        ("Name.Surname@Example.ORG", "mailto:name.surname@example.org"),
        ("mailto:a@b.lt", "mailto:a@b.lt"),
        ("a%b@c.lt", "mailto:a%25b@c.lt"),
        ("ą@b.lt", "mailto:%C4%85@b.lt"),
        ("a PIE b PUNKTS lv", None),
        ("a@b", None),
        ("", None),
    ],
)
def test_mailto_iri(address: str, iri: str | None) -> None:
    assert mailto_iri(address) == (URIRef(iri) if iri else None)


@pytest.mark.parametrize(
    ("url", "iri"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ('HTTPS://example.org/x?q="1"', "https://example.org/x?q=%221%22"),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("https://example.org/%C4%85", "https://example.org/%C4%85"),
        ("www.example.org/page", "http://www.example.org/page"),
        ("ftp://example.org/", None),
        ("javascript:alert(1)", None),
        ("https://exa mple.org/", None),
        ("not a url", None),
    ],
)
def test_http_iri(url: str, iri: str | None) -> None:
    assert http_iri(url) == (URIRef(iri) if iri else None)


@given(st.text(max_size=80))
def test_http_iri_never_returns_an_invalid_iri(raw: str) -> None:
    for candidate in (raw, "https://example.org/" + raw, "http://" + raw):
        result = http_iri(candidate)
        if result is not None:
            pyoxigraph.NamedNode(str(result))  # raises on an invalid IRI
            assert str(result).startswith(("http://", "https://"))


@given(st.text(max_size=40))
def test_mailto_and_tel_never_return_invalid_iris(raw: str) -> None:
    for result in (mailto_iri(raw), mailto_iri(raw + "@example.org"), tel_iri(raw), tel_iri("+" + raw)):
        if result is not None:
            assert is_valid_iri(str(result))


def test_dates() -> None:
    assert date_literal(date(2025, 3, 31)) == Literal("2025-03-31", datatype=XSD.date)
    assert date_literal("2025-02") == Literal("2025-02", datatype=XSD.gYearMonth)
    assert date_literal("2028") == Literal("2028", datatype=XSD.gYear)
    assert date_literal("2025-02-28T10:00") == Literal("2025-02-28", datatype=XSD.date)
    assert date_literal("February 2025") is None
    assert date_literal(None) is None


def test_decimals() -> None:
    assert decimal_literal(Decimal("499910.09")) == Literal("499910.09", datatype=XSD.decimal)
    assert decimal_literal(Decimal("1E+3")) == Literal("1000", datatype=XSD.decimal)
    for bad in (Decimal("NaN"), Decimal("Infinity"), "12,5"):
        with pytest.raises(ValueError, match="number"):
            decimal_literal(bad)


def test_language_tags() -> None:
    assert language_tag("LT") == "lt"
    assert language_tag("zh-Hant") == "zh-hant"
    assert language_tag(None) == "und"
    assert language_tag("not a tag!") == "und"
    assert text("Sveiki", None).language == "und"
    assert text("Sveiki", "lt") == Literal("Sveiki", lang="lt")
