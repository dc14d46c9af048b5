"""The mapping format's validation, the named splitters and the value parsers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.mappings import MappingError, load_mapping
from ingest.mappings.splitters import SPLITTERS, comma, comma_phrases, tidy
from ingest.mappings.values import (
    clean_text,
    humanize_key,
    language_code,
    parse_amount,
    parse_countries,
    parse_date,
    parse_emails,
    parse_phones,
)

MINIMAL = """
format = "csv"
entity = "practice"
header = ["Name"]
language = "en"

[fields]
title = "Name"
"""


def _load(tmp_path: Path, text: str, name: str = "broken.toml") -> object:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(MappingError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert "broken.toml" in message, message
    return message


def test_minimal_mapping_defaults(tmp_path: Path) -> None:
    mapping = _load(tmp_path, MINIMAL, "tiny.toml")
    assert mapping.name == "tiny"  # type: ignore[attr-defined]
    assert mapping.text_columns == ("Name",)  # type: ignore[attr-defined]
    assert mapping.absent == frozenset({""})  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ('colour = "red"\n' + MINIMAL, "colour", "unknown key"),
        (MINIMAL.replace("[fields]", "[fields]\ncolour = 'C'"), "fields.colour", "unknown key"),
        (MINIMAL + 'titel = "Name"\n', "fields.titel", "unknown key"),
        (MINIMAL.replace('format = "csv"\n', ""), "format", "missing required key"),
        (MINIMAL.replace('title = "Name"', 'description = "Name"'), "fields.title", "missing required key"),
        (MINIMAL.replace('entity = "practice"', 'entity = "event"'), "entity", "must be one of"),
        (MINIMAL.replace('header = ["Name"]', "header = []"), "header", "at least one column"),
        (MINIMAL.replace('language = "en"', 'language = "English"'), "language", "ISO 639-1"),
        (MINIMAL.replace('language = "en"\n', ""), "language", "language_columns"),
        (
            MINIMAL.replace('language = "en"', 'language = "en"\nencoding = "klingon-8"'),
            "encoding",
            "unknown",
        ),
        (MINIMAL.replace('format = "csv"', 'format = "json"\ndelimiter = ";"'), "delimiter", "only CSV"),
        (MINIMAL + 'scope = { column = "S", split = "commas" }\n', "fields.scope.split", "must be one of"),
        (MINIMAL + 'description = { column = "D", split = "comma" }\n', "fields.description.split", "list"),
        (MINIMAL + 'description = { column = "D", value = "x" }\n', "fields.description", "exactly one"),
        (MINIMAL + 'identifier = "Id"\n', "fields.identifier", "unknown key"),  # practices have none
        (MINIMAL + '[organisation]\ntype = "castle"\nname = "O"\n', "organisation.type", "must be one of"),
        (MINIMAL + '[organisation]\ntype_label = "T"\n', "organisation.name", "missing required key"),
        (
            MINIMAL
            + "[organisation]\nname = 'O'\n[[organisation.rules]]\npattern = '(unclosed'\ntype = 'ngo'\n",
            "organisation.rules[0].pattern",
            "regular expression",
        ),
        (MINIMAL + '[organisation.types]\n"Council" = "parliament"\n', "organisation.name", "missing"),
        (MINIMAL + '[[tags]]\ncolumn = "T"\n', "tags[0].scheme", "missing required key"),
        (MINIMAL + '[[tags]]\ncolumn = "T"\nscheme = "s"\nlabel = "upper"\n', "tags[0].label", "one of"),
        (MINIMAL + '[[places]]\ncolumn = "P"\nkind = "planet"\n', "places[0].kind", "one of"),
        (
            MINIMAL + '[[places]]\ncolumn = "P"\nkind = "city"\ncountry = "Sweden"\n',
            "places[0].country",
            "alpha-2",
        ),
        (MINIMAL + '[[amounts]]\ncolumn = "A"\n', "amounts[0]", "currency"),
        (
            MINIMAL + '[[amounts]]\ncolumn = "A"\ncurrency = "EUR"\nrole = "gift"\n',
            "amounts[0].role",
            "one of",
        ),
        (MINIMAL + "[record]\nidentity = 'Id'\n", "record.identity", "unknown key"),
        (MINIMAL + "[contact]\nphone = 'P'\n", "contact.name", "missing required key"),
        (MINIMAL.replace('header = ["Name"]', "header = 3"), "header", "list of strings"),
    ],
)
def test_invalid_mappings_name_the_file_and_the_key(
    tmp_path: Path, change: str, key: str, words: str
) -> None:
    message = _error(tmp_path, change)
    assert f"key '{key}'" in message, message
    assert words in message, message


def test_organisation_type_table_values_must_be_known_types(tmp_path: Path) -> None:
    text = MINIMAL + '[organisation]\nname = "O"\n[organisation.types]\n"Council" = "parliament"\n'
    message = _error(tmp_path, text)
    assert "organisation.types.Council" in message and "must be one of" in message


def test_invalid_toml_and_missing_files(tmp_path: Path) -> None:
    assert "not valid TOML" in _error(tmp_path, "format = \n")
    with pytest.raises(MappingError) as err:
        load_mapping(tmp_path / "absent.toml")
    assert "does not exist" in str(err.value)


# -- splitters -------------------------------------------------------------------------------------


def test_comma_phrases_keeps_names_with_commas_together() -> None:
    assert comma_phrases("Food, water and nutrients") == ["Food, water and nutrients"]
    assert comma_phrases("Recycling, Food, water and nutrients, Textiles, apparel and leather") == [
        "Recycling",
        "Food, water and nutrients",
        "Textiles, apparel and leather",
    ]
    assert comma_phrases("Mining, metals and minerals, Other (Algeria, Egypt, Morocco)") == [
        "Mining, metals and minerals",
        "Other (Algeria, Egypt, Morocco)",
    ]
    # a capitalised piece always starts a new value: the rule is general, not a list of known names
    assert comma_phrases("Plastics, Polymers and Rubber") == ["Plastics", "Polymers and Rubber"]
    assert comma_phrases("  ,  ") == []


def test_comma_and_other_splitters() -> None:
    assert comma("a, b (x, y), c") == ["a", "b (x, y)", "c"]
    assert comma("one,,  two ") == ["one", "two"]
    assert SPLITTERS["semicolon"]("a; b (c; d)") == ["a", "b (c; d)"]
    assert SPLITTERS["pipe"]("a | b") == ["a", "b"]
    assert SPLITTERS["lines"]("a\n\n b \n") == ["a", "b"]
    assert SPLITTERS["semicolon_pipe_lines"]("a; b | c\nd, e") == ["a", "b", "c", "d, e"]
    assert tidy("  Other (Norway )  ") == "Other (Norway)"


# -- values ----------------------------------------------------------------------------------------


def test_clean_text_strips_control_characters_and_normalises() -> None:
    assert clean_text(" Cafe\u0301\x00\x07\r\nnext ") == "Café\nnext"
    assert clean_text("one\u2028two\u2029three\rfour") == "one\ntwo\n\nthree\nfour"
    assert clean_text(3.0) == "3" and clean_text(True) == "true"


def test_humanize_key() -> None:
    assert humanize_key("budget_local") == "Budget local"
    assert humanize_key("governance__political_institutions") == "Governance political institutions"


@pytest.mark.parametrize(
    ("text", "countries", "others"),
    [
        ("Sweden", [("Sweden", "SE")], []),
        ("Other (Norway )", [("Norway", "NO")], []),
        ("Other (Algeria, Egypt, Tunisia)", [("Algeria", "DZ"), ("Egypt", "EG"), ("Tunisia", "TN")], []),
        ("EU", [], ["EU"]),
        ("Other (Europe)", [], ["Europe"]),
        ("Sweden, Finland", [("Sweden", "SE"), ("Finland", "FI")], []),
        ("Korea, Republic of", [("Korea, Republic of", "KR")], []),
        ("Czechia", [("Czechia", "CZ")], []),
    ],
)
def test_parse_countries(text: str, countries: list[tuple[str, str]], others: list[str]) -> None:
    assert parse_countries(text) == (countries, others)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2004-01-11T16:00:00", "2004-01-11"),
        ("2016-10-14 01:17:38", "2016-10-14"),
        ("2017-01-02", "2017-01-02"),
        ("2019-12", "2019-12"),
        ("1999", "1999"),
        ("01.03.2018", "2018-03-01"),
        ("2/1/2017", "2017-01-02"),
        ("2017-02-30", None),
        ("soon", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text, "en") == iso


def test_parse_date_written_out_in_a_language() -> None:
    assert parse_date("14 oktober 2016", "sv") == "2016-10-14"


@pytest.mark.parametrize(
    ("value", "decimal", "amount"),
    [
        (3929285, ".", Decimal("3929285")),
        (12.5, ".", Decimal("12.5")),
        ("1 234 567,50", ",", Decimal("1234567.50")),
        ("1,234,567.50", ".", Decimal("1234567.50")),
        ("SEK 1 000", ".", Decimal("1000")),
        ("1\u00a0000 kr", ",", Decimal("1000")),
        ("-5", ".", Decimal("-5")),
        ("n/a", ".", None),
        (True, ".", None),
    ],
)
def test_parse_amount(value: object, decimal: str, amount: Decimal | None) -> None:
    assert parse_amount(value, decimal) == amount


def test_language_code() -> None:
    assert [language_code(v) for v in ("sv", "SV", "sv-SE", "swe", "Swedish", "", "Klingonish")] == [
        "sv",
        "sv",
        "sv",
        "sv",
        "sv",
        None,
        None,
    ]


def test_phones_and_emails() -> None:
    [mobile] = parse_phones("070-174 06 05", "SE")
    assert (mobile.number, mobile.kind, mobile.valid, mobile.as_written) == (
        "+46701740605",
        "mobile",
        True,
        "070-174 06 05",
    )
    assert [p.number for p in parse_phones("+46 (0)31-390 06 10 / 070-174 06 06", "SE")] == [
        "+46313900610",
        "+46701740606",
    ]
    [unknown] = parse_phones("ask reception", "SE")
    assert (unknown.number, unknown.valid) == ("ask reception", False)
    assert parse_emails("Anna.Exempel@Exempelby.Example; anna.exempel@exempelby.example, b@c.se") == [
        "anna.exempel@exempelby.example",
        "b@c.se",
    ]
    assert parse_emails("UPPGIFT SAKNAS") == []
