"""Mapping features for packed exports: derived columns, encodings tried in order, amounts with
fallback columns and a fund per row, organisation addresses and units, partners as organisations,
several contact people in one cell, organisation keys as for pages. All data here is fictional
(Swedish phone numbers from the range PTS reserves for fiction)."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.mappings import FileError, MappingError, RecordError, load_mapping, read_records
from ingest.mappings.derived import derive
from ingest.mappings.model import DerivedSpec, Mapping
from ingest.mappings.values import parse_amount
from ingest.records import ExtractedDocument
from ingest.resolve import match_name

MAPPING = """
name = "packed_test"
format = "csv"
entity = "project"
header = ["Code", "Title", "Beneficiary"]
language = "sv"
country = "SE"
encoding = ["utf-8-sig", "windows-1250"]

[record]
id = "Code"

[derived.fund]
column = "Scheme"
pattern = '^(ERDF|ESF)'

[derived.axis]
column = "Code"
pattern = '^0*(\\d+)\\.'
template = 'axis \\1'

[derived.towns]
column = "Where"
pattern = '([^\\s,.]+) kn\\.'
template = '\\1 kommun'
all = true

[derived.period]
file_name = true
pattern = '(20\\d\\d)_(20\\d\\d)'
template = '\\1-\\2'

[derived.letter_fund]
column = "Letter"
values = { R = "ERDF", S = "ESF" }

[derived.partners]
column = "Partners"
pattern = '(?m)^\\s*(.+?)\\.?\\s*$'
all = true

[fields]
title = "Title"
identifier = "Code"
programme_period = "period"
funders = "fund"
partners = "partners"

[organisation]
name = "Beneficiary"
unit_pattern = '(?P<org>Region \\w+)\\s*/\\s*(?P<unit>.+)'

[organisation.address]
street = "Street"
postal_code = "Postcode"
locality = "Town"

[[organisation.rules]]
pattern = 'kommun$'
type = "municipality"

[[organisation.rules]]
pattern = '\\bAB$'
type = "company"

[contact]
name = "Contacts"
role = "kontaktperson"
pattern = '(?m)^\\s*(?P<name>[^,\\n]+?)\\s*,\\s*(?P<phone>[^,\\n]*?)\\s*,\\s*(?P<email>[^\\s,]*?)\\.?\\s*$'

[[amounts]]
column = ["Contracted", "Applied"]
currency = "EUR"
role = "total"
decimal = ","

[[amounts]]
column = "EU"
currency = "EUR"
role = "eu"
fund_code_column = "letter_fund"
decimal = ","

[[tags]]
column = "axis"
scheme = "test-axis"

[[places]]
column = "towns"
kind = "municipality"
"""

HEADER = [
    "Code", "Title", "Beneficiary", "Scheme", "Letter", "Where", "Partners", "Street", "Postcode",
    "Town", "Contacts", "Contracted", "Applied", "EU",
]  # fmt: skip
ROWS = [
    [
        "03.1-A-01", "Cykelbanor i Exempelby", "Exempelby kommun", "ERDFN", "R",
        "Torget 1, Exempelby kn. Östra 2, Provby kn.", "Provby kommun.\nFiktiva Verkstäder AB.",
        "Storgatan 1", "999 99", "Exempelby",
        "Anna Exempel,070-174 06 50,anna@exempel.example.\nBo Prov,,bo@prov.example",
        "1.234,50", "1.000,00", "617,25",
    ],
    [
        "07.2-B-02", "Jobb för unga", "Region Testland / Arbetsmarknadsenheten", "ESFM", "S",
        "", "", "", "", "", "Cia Test,031-390 06 12,cia@test.example", "0", "2.000,00", "1.000,00",
    ],
]  # fmt: skip


def _mapping(tmp_path: Path, extra: str = "") -> Mapping:
    path = tmp_path / "packed_test.toml"
    path.write_text(MAPPING + extra, encoding="utf-8")
    return load_mapping(path)


def _csv(tmp_path: Path, rows: list[list[str]] = ROWS, name: str = "Packed_2014_2020.csv") -> Path:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    path = tmp_path / name
    lines = [";".join(map(cell, HEADER))] + [";".join(map(cell, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _docs(path: Path, mapping: Mapping) -> list[ExtractedDocument]:
    results = list(read_records(path, mapping))
    assert [str(r) for r in results if isinstance(r, RecordError)] == []
    return [r for r in results if isinstance(r, ExtractedDocument)]


@pytest.fixture()
def docs(tmp_path: Path) -> list[ExtractedDocument]:
    return _docs(_csv(tmp_path), _mapping(tmp_path))


def test_derived_columns_feed_fields_tags_places_and_funds(docs: list[ExtractedDocument]) -> None:
    first, second = (d.projects[0] for d in docs)
    assert first.funders == ["ERDF"] and second.funders == ["ESF"]
    assert [(t.scheme, t.label) for t in first.tags] == [("test-axis", "axis 3")]
    assert [t.label for t in second.tags] == ["axis 7"]
    assert [(p.name, p.kind, p.country) for p in first.places] == [
        ("Exempelby kommun", "municipality", "SE"),
        ("Provby kommun", "municipality", "SE"),
    ]
    assert second.places == []
    assert first.programme_period == second.programme_period == "2014-2020"  # from the file name


def test_amounts_fall_back_to_the_next_column_and_take_the_fund_of_the_row(
    docs: list[ExtractedDocument],
) -> None:
    first, second = (d.projects[0] for d in docs)
    assert [(f.role, f.amount, f.fund_code) for f in first.funding] == [
        ("total", Decimal("1234.50"), None),
        ("eu", Decimal("617.25"), "ERDF"),
    ]
    assert first.funding[0].evidence[0].field == "Contracted"
    total = second.funding[0]
    assert (total.amount, total.evidence[0].field) == (Decimal("2000.00"), "Applied")  # contracted 0
    assert second.funding[1].fund_code == "ESF"


def test_partners_become_classified_organisations_with_keys(docs: list[ExtractedDocument]) -> None:
    doc = docs[0]
    assert doc.projects[0].partners == ["Provby kommun", "Fiktiva Verkstäder AB"]
    orgs = {o.name: o for o in doc.organizations}
    assert orgs["Fiktiva Verkstäder AB"].type == "company"
    partner = orgs["Provby kommun"]
    assert partner.type == "municipality" and partner.country == "SE"
    resolved = match_name("Provby kommun", "SE")
    assert resolved is not None and partner.key == resolved.key  # the key a page naming it gets
    lead = orgs["Exempelby kommun"]
    assert lead.key == "se-kommun-exempelby"
    assert lead.address is not None
    assert (lead.address.text, lead.address.postal_code, lead.address.locality) == (
        "Storgatan 1, 999 99 Exempelby",
        "999 99",
        "Exempelby",
    )


def test_an_organisation_written_with_its_unit(docs: list[ExtractedDocument]) -> None:
    doc = docs[1]
    assert doc.projects[0].lead == "Region Testland"
    units = [o for o in doc.organizations if o.is_unit]
    assert [(u.name, u.parent) for u in units] == [("Arbetsmarknadsenheten", "Region Testland")]
    assert doc.organizations[0].address is None


def test_several_contact_people_in_one_cell(docs: list[ExtractedDocument]) -> None:
    first, second = docs
    assert [(p.name, p.role) for p in first.people] == [
        ("Anna Exempel", "kontaktperson"),
        ("Bo Prov", "kontaktperson"),
    ]
    assert [p.number for p in first.people[0].phones] == ["+46701740650"]
    assert first.people[1].phones == [] and first.people[1].emails == ["bo@prov.example"]
    assert first.projects[0].contact == "Anna Exempel"
    assert first.emails == ["anna@exempel.example", "bo@prov.example"]
    assert [p.name for p in second.people] == ["Cia Test"]
    assert all(p.organization == d.organizations[0].name for d in docs for p in d.people)


def test_encodings_are_tried_in_order(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    utf8 = _csv(tmp_path)
    legacy = tmp_path / "Legacy_2014_2020.csv"
    legacy.write_bytes(utf8.read_text(encoding="utf-8").encode("windows-1250"))
    assert [d.extra["encoding"] for d in _docs(utf8, mapping)] == ["utf-8-sig"] * 2
    from_legacy = _docs(legacy, mapping)
    assert [d.extra["encoding"] for d in from_legacy] == ["windows-1250"] * 2
    assert from_legacy[0].projects[0].partners == ["Provby kommun", "Fiktiva Verkstäder AB"]


def test_no_encoding_of_the_list_fits(tmp_path: Path) -> None:
    path = tmp_path / "packed.csv"
    path.write_bytes(b"Code;Title;Beneficiary\n\x81\x81;x;y\n")
    mapping = dataclasses.replace(_mapping(tmp_path), encoding=("utf-8", "cp1252"))
    with pytest.raises(FileError, match=r"packed.csv: not valid utf-8 at byte 23; not valid cp1252 .*"):
        list(read_records(path, mapping))


def test_derived_values_without_a_match_are_absent(tmp_path: Path) -> None:
    rows = [[*ROWS[1][:3], "Other", "X", *ROWS[1][5:]]]
    [doc] = _docs(_csv(tmp_path, rows, name="undated.csv"), _mapping(tmp_path))
    project = doc.projects[0]
    assert project.funders == [] and project.programme_period is None
    assert project.funding[1].fund_code == "X"  # a value not in the table stays as it is


def test_a_derived_column_may_not_hide_a_column_of_the_file(tmp_path: Path) -> None:
    header = ",".join(["Code", "Title", "Beneficiary", "axis"])
    path = tmp_path / "clash.csv"
    path.write_text(f"{header}\nA,B,C,D\n", encoding="utf-8")
    mapping = load_mapping(_mapping_file(tmp_path, "clash"))
    with pytest.raises(MappingError, match=r"key 'derived.axis' \(file clash.csv\): the file has a column"):
        read_records(path, mapping)


def _mapping_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(
        'format = "csv"\nentity = "project"\nheader = ["Code"]\nlanguage = "en"\n'
        '[fields]\ntitle = "Title"\n[derived.axis]\ncolumn = "Code"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('column = "Code"\nfile_name = true', "exactly one of 'column' or 'file_name = true'"),
        ("pattern = '(x'", "needs exactly one of"),
        ('column = "Code"\npattern = "(x"', "not a valid regular expression"),
        ('column = "Code"\ntemplate = "\\\\1"', "a template needs a 'pattern'"),
        ('column = "Code"\npattern = "(x)"\ntemplate = "\\\\2"', "not a valid template"),
        ('column = "Code"\ncolour = "red"', "unknown key"),
    ],
)
def test_bad_derived_columns_are_mapping_errors(tmp_path: Path, table: str, words: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        'format = "csv"\nentity = "project"\nheader = ["Code"]\nlanguage = "en"\n'
        f'[fields]\ntitle = "Code"\n[derived.x]\n{table}\n',
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as err:
        load_mapping(path)
    assert "broken.toml" in str(err.value) and "derived.x" in str(err.value) and words in str(err.value)


@pytest.mark.parametrize(
    ("extra", "key", "words"),
    [
        ("[organisation]\nname = 'B'\nunit_pattern = '(?P<org>.+)/(.+)'", "unit_pattern", "(?P<unit>"),
        ("[contact]\nname = 'C'\npattern = '(?P<n>.+)'", "contact.pattern", "(?P<name>"),
        ("[contact]\nname = 'C'\nphone = 'P'\npattern = '(?P<name>.+)'", "contact.pattern", "groups"),
        ("[[amounts]]\ncolumn = []\ncurrency = 'EUR'", "amounts[0].column", "list of them"),
        (
            "[[amounts]]\ncolumn = 'A'\ncurrency = 'EUR'\nfund_code = 'ESF'\nfund_code_column = 'F'",
            "amounts[0]",
            "not both",
        ),
        ("encoding = ['utf-8', 'klingon-1']", "encoding", "unknown encoding 'klingon-1'"),
    ],
)
def test_bad_keys_of_the_new_features(tmp_path: Path, extra: str, key: str, words: str) -> None:
    path = tmp_path / "broken.toml"
    text = 'format = "csv"\nentity = "project"\nheader = ["A"]\nlanguage = "en"\n'
    if extra.startswith("encoding"):
        text += extra + '\n[fields]\ntitle = "A"\n'
    else:
        text += '[fields]\ntitle = "A"\n' + extra + "\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mapping(path)
    assert key in str(err.value) and words in str(err.value), str(err.value)


@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        ("ERDFN", {"pattern": "^(ERDF|ESF)"}, "ERDF"),
        ("ESFS", {"pattern": "^(ERDF|ESF)"}, "ESF"),
        ("EAFRD", {"pattern": "^(ERDF|ESF)"}, None),
        ("a1 b2 a3", {"pattern": r"a(\d)", "all": True}, ["1", "3"]),
        ("a1 a1", {"pattern": r"a(\d)", "all": True}, ["1"]),
        ("x", {"pattern": r"(y)|(x)"}, "x"),  # the first group that matched
        ("r", {"values": {"r": "ERDF"}}, "ERDF"),
        (["R", "Q"], {"values": {"r": "ERDF"}, "all": True}, ["ERDF", "Q"]),
        ("  ", {}, None),
        (None, {"all": True}, []),
    ],
)
def test_derive(raw: object, kwargs: dict, expected: object) -> None:
    if "pattern" in kwargs:
        kwargs = {**kwargs, "pattern": re.compile(kwargs["pattern"])}
    assert derive(DerivedSpec("x", column="c", **kwargs), raw) == expected


@pytest.mark.parametrize(
    ("text", "decimal", "amount"),
    [
        ("15.414.794", ",", Decimal("15414794")),  # Danish thousands points, no decimals
        ("1.234.567,89", ",", Decimal("1234567.89")),
        ("1 234 567,89", ",", Decimal("1234567.89")),
        ("1\u202f234\u202f567,89", ",", Decimal("1234567.89")),  # narrow no-break spaces
        ("64029231,00", ",", Decimal("64029231.00")),
        ("316153.62", ".", Decimal("316153.62")),
        ("1,234,567.89", ".", Decimal("1234567.89")),
    ],
)
def test_number_formats_of_the_eu_exports(text: str, decimal: str, amount: Decimal) -> None:
    assert parse_amount(text, decimal) == amount


def test_a_derived_column_may_read_an_earlier_one(tmp_path: Path) -> None:
    extra = """
[derived.axis_number]
column = "axis"
pattern = '(\\d+)$'

[[tags]]
column = "axis_number"
scheme = "test-axis-number"
"""
    docs = _docs(_csv(tmp_path), _mapping(tmp_path, extra))
    assert [[t.label for t in d.projects[0].tags if t.scheme == "test-axis-number"] for d in docs] == [
        ["3"],
        ["7"],
    ]
