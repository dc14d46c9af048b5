"""ingest.extract.phones: national formats to E.164, fax/mobile labels, and numbers that are not phones."""

from __future__ import annotations

import pytest

from ingest.extract.phones import find_phone_mentions, find_phones


def numbers(text: str, region: str | None) -> list[tuple[str, str]]:
    return [(p.number, p.kind) for p in find_phones(text, region)]


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("Telefonas: (8 315) 55 118", "LT", [("+37031555118", "voice")]),
        ("tel. 8 5 212 3456", "LT", [("+37052123456", "voice")]),
        ("phone +370 315 55548", None, [("+37031555548", "voice")]),
        ("Mob. 8 686 12345", "LT", [("+37068612345", "mobile")]),
        ("Tel./faks. (8 5) 212 3456", "LT", [("+37052123456", "voice"), ("+37052123456", "fax")]),
        (
            "phone +370 315 55548, fax +370 315 74716",
            "LT",
            [("+37031555548", "voice"), ("+37031574716", "fax")],
        ),
        ("Tālr.: 67 012 345, fakss: 67 012 346", "LV", [("+37167012345", "voice"), ("+37167012346", "fax")]),
        (
            "tel. 22 123 45 67 wew. 12, faks 22 123 45 68",
            "PL",
            [("+48221234567", "voice"), ("+48221234568", "fax")],
        ),
        (
            "Telefon: 08-123 456 78\nMobil: 070-123 45 67",
            "SE",
            [("+46812345678", "voice"), ("+46701234567", "mobile")],
        ),
        ("Puh. 09 310 1691", "FI", [("+35893101691", "voice")]),
        ("Tlf. 33 66 33 66", "DK", [("+4533663366", "voice")]),
        ("Tel 435 1234, mob 5123 4567", "EE", [("+3724351234", "voice"), ("+37251234567", "mobile")]),
        (
            "Telefon: 04521 808-120\nTelefax: 04521 808-199",
            "DE",
            [("+494521808120", "voice"), ("+494521808199", "fax")],
        ),
        ("Telefonas:\n8 5 212 3456", "LT", [("+37052123456", "voice")]),
        ("Tel.8 686 12345", "LT", [("+37068612345", "mobile")]),
        ("Växel: 0480-45 00 00", "SE", [("+46480450000", "voice")]),
        ("| Ona Pavyzdienė | vedėja | 8 5 212 3456 | ona@miestas.lt |", "LT", [("+37052123456", "voice")]),
        ("Jonas Jonaitis,22718716,jj@firma.dk", "DK", [("+4522718716", "voice")]),
    ],
)
def test_numbers(text: str, region: str | None, expected: list[tuple[str, str]]) -> None:
    assert numbers(text, region) == expected


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Data: 2025 03 31, 2025-03-31 ir 31.03.2025", "LV"),
        ("Programme period 2021-2027, plan 2021–2028, year 2024.", "DK"),
        ("Pulko g. 21, LT-62133 Alytus", "LT"),
        ("Brīvības iela 15, LV-4601 Rēzekne", "LV"),
        ("ul. Lipowa 7, 11-500 Giżycko", "PL"),
        ("Storgatan 5, 392 32 Kalmar", "SE"),
        ("Project No. 10-056-K0023; measure No. 12-003-03-02-01", "LT"),
        ("Total project value: 499,910.09 Eur, of which 449,169.22 Eur", "LT"),
        ("Budżet: 1 250 000,00 zł; budget 3.450.000 kr.", "PL"),
        ("Dotacja 1 234 567 EUR dla 20 250 331 mieszkańców", "PL"),
        ("NIP: 845-123-45-67, REGON: 790123456", "PL"),
        ("Organisationsnummer: 212000-0001", "SE"),
        ("CVR-nr. 29189123", "DK"),
        ("Įmonės kodas 188712345", "LT"),
        ("IBAN LT12 1000 0111 0100 1000; konto 12 1020 4795 0000 9802 0123 4567", "LT"),
        ("Darbo laikas 8.00–17.00, pertrauka 12.00–12.45", "LT"),
        ("Population 28 123 456 people live in 20 250 331 homes.", "LV"),
        ("ISBN 978-609-123-456-7", "LT"),
        ('over a 3 year period.",South,29189123,Riverton Municipality,High St 1,5500,Partners A | B', "DK"),
    ],
)
def test_not_phones(text: str, region: str) -> None:
    assert find_phones(text, region) == []


def test_unresolvable_labelled_numbers_are_kept_as_written() -> None:
    short = find_phones("Tel. 55 118", "LT")
    assert [(p.number, p.valid, p.as_written) for p in short] == [("55 118", False, "55 118")]
    unknown_region = find_phones("Tel. 8 5 212 3456", None)
    assert [(p.number, p.valid) for p in unknown_region] == [("8 5 212 3456", False)]


def test_unlabelled_national_number_in_prose_is_ignored() -> None:
    text = "In 2024 the council approved 67 012 345 as the reference value for the grant programme budget."
    assert find_phones(text, "LV") == []


def test_repeated_numbers_are_merged_with_all_evidence() -> None:
    text = "A\nTelefonas: (8 315) 55 118\nB\nTelefonas: (8 315) 55 118\n"
    phones = find_phones(text, "LT")
    assert len(phones) == 1
    assert [e.quote for e in phones[0].evidence] == ["(8 315) 55 118", "(8 315) 55 118"]
    for evidence in phones[0].evidence:
        assert evidence.start is not None and evidence.end is not None
        assert text[evidence.start : evidence.end] == evidence.quote
    assert len(find_phone_mentions(text, "LT")) == 2
