"""Spellings of a stored phone or e-mail that forget must also redact (kg.redact)."""

import re

import pytest

from kg.redact import email_variants, pattern, phone_variants, variants


@pytest.mark.parametrize(
    ("e164", "written"),
    [
        ("+37031512345", "tel. 8 315 12345"),
        ("+37031512345", "+370 315 12345"),
        ("+37031512345", "00370-315-12345"),
        ("+37167000000", "+371 67 000 000"),
        ("+493012345678", "+49 (0)30 1234 5678"),
        ("+493012345678", "030/1234 5678"),
        ("+4687654321", "08-765 43 21"),
    ],
)
def test_phone_spellings_match(e164: str, written: str) -> None:
    spelled = phone_variants(e164)
    assert spelled is not None and spelled.python.search(written), (e164, written)
    assert re.search(spelled.sparql, written), (e164, written)  # the SPARQL pattern finds it too


@pytest.mark.parametrize("other", ["8 315 12346", "+370 315 123456", "1315 12345"])
def test_other_numbers_do_not_match(other: str) -> None:
    spelled = phone_variants("+37031512345")
    assert spelled is not None and not spelled.python.search(other), other


@pytest.mark.parametrize(
    "written",
    [
        "jane.roe@example.org",
        "Jane.Roe @ Example.org",
        "jane.roe (at) example (dot) org",
        "jane.roe[eta]example.org",
    ],
)
def test_email_spellings_match(written: str) -> None:
    spelled = email_variants("jane.roe@example.org")
    assert spelled is not None and spelled.python.search(written), written
    assert re.search(spelled.sparql, written, re.IGNORECASE), written


def test_other_addresses_and_plain_strings() -> None:
    spelled = email_variants("jane.roe@example.org")
    assert spelled is not None
    assert not spelled.python.search("xjane.roe@example.org") and not spelled.python.search(
        "jane.roe@example.orgs"
    )
    assert variants("Jane Roe") is None and variants("not a phone +12") is None
    assert pattern("Jane Roe").search("contact JANE ROE")
