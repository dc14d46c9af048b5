"""Money amounts: separators, currencies, multipliers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.amounts import AmountError, find_amounts, parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("499,910.09", "499910.09"),
        ("449.169,22", "449169.22"),
        ("246.975", "246975"),  # one separator + three digits: thousands
        ("12,345", "12345"),
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234\u00a0567,89", "1234567.89"),  # no-break spaces
        ("1\u202f234,5", "1234.5"),  # narrow no-break space
        ("3 929 285", "3929285"),
        ("1.234.567", "1234567"),
        ("1,234,567.5", "1234567.5"),
        ("1'234'567.50", "1234567.50"),
        ("12,5", "12.5"),
        ("0.75", "0.75"),
        ("0,375", "0.375"),  # a leading zero is never a thousands group
        ("1000", "1000"),
        ("1234.5678", "1234.5678"),
    ],
)
def test_parse_number(written: str, value: str) -> None:
    assert parse_number(written) == Decimal(value)


def test_multiplier_makes_a_single_separator_decimal() -> None:
    assert parse_number("1,500", multiplier=True) == Decimal("1.500")
    assert parse_number("1,500") == Decimal("1500")


@pytest.mark.parametrize("bad", ["", "abc", "1.234,56.78", "1,23,456", "-5", "€5"])
def test_parse_number_refuses_what_it_cannot_read(bad: str) -> None:
    with pytest.raises(AmountError, match="number"):
        parse_number(bad)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Total project value: 499,910.09 Eur, of which", "499910.09", "EUR"),
        ("vertė – 1 234 567,89 Eur", "1234567.89", "EUR"),
        ("246.975 EUR", "246975", "EUR"),
        ("€2,500", "2500", "EUR"),
        ("12 345 Lt", "12345", "LTL"),
        ("12 345 litų", "12345", "LTL"),
        ("SEK 3 929 285", "3929285", "SEK"),
        ("850 000,00 zł", "850000.00", "PLN"),
        ("EUR 1.5 million", "1500000", "EUR"),
        ("1,5 mln. eurų", "1500000", "EUR"),
        ("2,4 milijono eurų", "2400000", "EUR"),
        ("£25,000", "25000", "GBP"),
        ("480 000 euroa", "480000", "EUR"),
    ],
)
def test_find_amounts(text: str, value: str, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert amount.value == Decimal(value)
    assert amount.currency == currency
    assert text[amount.start : amount.end] == amount.text


def test_krona_follows_the_region() -> None:
    assert find_amounts("120 000 kr", region="DK")[0].currency == "DKK"
    assert find_amounts("120 000 kr", region="SE")[0].currency == "SEK"


@pytest.mark.parametrize(
    "text",
    [
        "Project No. 10-056-K0023",
        "2021-2027 programme",
        "tel. +370 315 55548",
        "LT-62133 Alytus",
        "In 2024, 41 ideas were submitted",
        "2021-2027 EUR",  # a year range is not an amount even next to a currency
    ],
)
def test_numbers_without_a_currency_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_several_amounts_in_order() -> None:
    text = "Total 499,910.09 Eur, of which ERDF 449,169.22 Eur and budget - 50,740.87 Eur."
    assert [a.value for a in find_amounts(text)] == [
        Decimal("499910.09"),
        Decimal("449169.22"),
        Decimal("50740.87"),
    ]


cents = st.integers(min_value=100_000, max_value=10**11)


@given(cents)
def test_round_trip_in_every_usual_style(value: int) -> None:
    """A value with cents, written the English, continental or Nordic way, reads back the same."""
    whole, frac = divmod(value, 100)
    grouped = f"{whole:,}"
    styles = [
        f"{grouped}.{frac:02d}",
        f"{grouped.replace(',', '.')},{frac:02d}",
        f"{grouped.replace(',', ' ')},{frac:02d}",
        f"{grouped.replace(',', chr(0xA0))},{frac:02d}",
    ]
    for written in styles:
        assert parse_number(written) == Decimal(value) / 100, written
