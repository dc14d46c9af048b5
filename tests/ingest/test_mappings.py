"""Record mappings on small fictional exports: every mapping feature, record by record."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.mappings import (
    MappingError,
    RecordError,
    available_mappings,
    detect_mapping,
    load_mapping,
    read_records,
)
from ingest.records import ExtractedDocument

FIXTURES = Path(__file__).parent / "fixtures" / "records"


def _read(name: str, mapping: str | None = None) -> tuple[list[ExtractedDocument], list[RecordError]]:
    path = FIXTURES / name
    chosen = load_mapping(mapping) if mapping else detect_mapping(path)
    assert chosen is not None, f"no mapping detected for {name}"
    results = list(read_records(path, chosen))
    docs = [r for r in results if isinstance(r, ExtractedDocument)]
    errors = [r for r in results if isinstance(r, RecordError)]
    assert len(docs) + len(errors) == len(results)
    return docs, errors


def _by_key(docs: list[ExtractedDocument]) -> dict[str, ExtractedDocument]:
    return {d.extra["record_key"]: d for d in docs}


def test_shipped_mappings_load_and_validate() -> None:
    assert {"ce_good_practices", "participedia_cases", "se_eu_funds"} <= set(available_mappings())
    for name in available_mappings():
        mapping = load_mapping(name)
        assert mapping.name == name
        assert mapping.header and mapping.fields["title"].required


def test_builtin_mappings_by_name_file_name_or_path() -> None:
    by_name = load_mapping("se_eu_funds")
    assert load_mapping("se_eu_funds.toml") is by_name
    assert load_mapping(by_name.path) is by_name


def test_unknown_mapping_name_lists_the_known_ones() -> None:
    with pytest.raises(MappingError) as err:
        load_mapping("no_such_mapping")
    assert "no_such_mapping" in str(err.value) and "ce_good_practices" in str(err.value)


def test_detection_picks_the_mapping_by_header() -> None:
    assert detect_mapping(FIXTURES / "ce_sample.csv").name == "ce_good_practices"  # type: ignore[union-attr]
    assert detect_mapping(FIXTURES / "participedia_sample.jsonl").name == "participedia_cases"  # type: ignore[union-attr]
    assert detect_mapping(FIXTURES / "se_sample.json").name == "se_eu_funds"  # type: ignore[union-attr]
    # the grants file fits no shipped mapping, only its own
    assert detect_mapping(FIXTURES / "grants_sample.csv") is None
    own = load_mapping(FIXTURES / "grants_test.toml")
    assert detect_mapping(FIXTURES / "grants_sample.csv", [own]) is own
    assert detect_mapping(FIXTURES / "grants_test.toml") is None  # not a record export


def test_ambiguous_detection_names_every_candidate(tmp_path: Path) -> None:
    text = (FIXTURES / "grants_test.toml").read_text(encoding="utf-8")
    twin = tmp_path / "grants_twin.toml"
    twin.write_text(text.replace('name = "grants_test"', 'name = "grants_twin"'), encoding="utf-8")
    pool = [load_mapping(FIXTURES / "grants_test.toml"), load_mapping(twin)]
    with pytest.raises(MappingError) as err:
        detect_mapping(FIXTURES / "grants_sample.csv", pool)
    assert "grants_test" in str(err.value) and "grants_twin" in str(err.value)


# -- CE good practices (CSV) -----------------------------------------------------------------------


def test_ce_records_become_practice_documents() -> None:
    docs, errors = _read("ce_sample.csv")
    assert len(docs) == 5 and len(errors) == 1
    first = docs[0]
    link = "https://example.org/good-practices/repair-cafe-network"
    assert first.source == f"ce_sample.csv#{link}"
    assert first.source_url == link and first.file_name == "ce_sample.csv"
    assert first.kind == "record" and first.mapping == "ce_good_practices" and first.language == "en"
    practice = first.practices[0]
    assert practice.title == "Repair café network in Exampletown" == first.title
    assert practice.url == link
    assert practice.description is not None and "every Saturday.\nThe municipality" in practice.description
    assert first.text.startswith("Repair café network in Exampletown\n\nVolunteers fix")
    assert practice.source_database == "European Circular Economy Stakeholder Platform"
    assert practice.scope == ["Cities", "Municipalities"]
    assert practice.country == "SE" and practice.organization == "Exampletown Municipality"
    org = first.organizations[0]
    assert (org.name, org.type, org.type_label, org.country) == (
        "Exampletown Municipality",
        "municipality",
        "Local authority",
        "SE",
    )
    assert org.evidence[0].field == "Organisation"


def test_ce_tags_are_split_by_the_named_splitter() -> None:
    docs, _ = _read("ce_sample.csv")
    tags = [(t.scheme, t.label) for t in docs[0].practices[0].tags]
    assert ("ce-key-area", "Consumption") in tags and ("ce-key-area", "Waste management") in tags
    assert ("ce-sector", "Food, water and nutrients") in tags
    assert ("ce-sector", "water and nutrients") not in tags
    hub = _by_key(docs)["https://example.org/good-practices/textile-sorting-hub"].practices[0]
    assert [t.label for t in hub.tags if t.scheme == "ce-sector"] == [
        "Textiles, apparel and leather",
        "Other (sorting, collection)",
    ]
    assert all(t.lang == "en" and t.notation is None and t.evidence for t in hub.tags)


def test_ce_absent_values_countries_and_regions() -> None:
    docs = _by_key(_read("ce_sample.csv")[0])
    hub = docs["https://example.org/good-practices/textile-sorting-hub"].practices[0]
    assert hub.country == "NO"  # "Other (Norway )"
    assert [(p.name, p.kind, p.country) for p in hub.places] == [("Norway", "country", "NO")]
    assert hub.scope == []  # "N/A"
    guide = docs["https://example.org/good-practices/procurement-guide"].practices[0]
    assert guide.country is None  # "EU" is no country
    assert [(p.name, p.kind) for p in guide.places] == [("EU", "region")]
    assert [t for t in guide.tags if t.scheme == "ce-sector"] == []  # Sector "N/A"
    compost = docs["https://example.org/good-practices/compost-partnership"]
    assert compost.practices[0].country is None
    assert [p.country for p in compost.practices[0].places] == ["DZ", "EG"]
    assert compost.organizations == [] and compost.practices[0].organization is None  # "N/A"


def test_organisation_labels_are_normalised_and_unknown_labels_kept() -> None:
    docs, _ = _read("ce_sample.csv")
    spec = load_mapping("ce_good_practices").organisation
    assert spec is not None
    assert spec.classify("X", "Something new") == ("other", "Something new")
    assert spec.classify("X", "local AUTHORITY") == ("municipality", "local AUTHORITY")
    assert all(
        d.organizations[0].type in {"municipality", "company", "county"} for d in docs if d.organizations
    )


def test_repeated_keys_get_their_occurrence_and_all_records_are_documents() -> None:
    docs, _ = _read("ce_sample.csv")
    keys = [d.extra["record_key"] for d in docs]
    link = "https://example.org/good-practices/repair-cafe-network"
    assert keys.count(link) == 1 and keys.count(f"{link}#2") == 1
    assert len(set(d.source for d in docs)) == len(docs)


def test_missing_required_value_is_a_record_error_and_the_rest_continue() -> None:
    docs, errors = _read("ce_sample.csv")
    assert [str(e) for e in errors] == ["ce_sample.csv line 8, column 'Title': empty required value"]
    assert (errors[0].line, errors[0].record, errors[0].column) == (8, 6, "Title")
    assert docs[-1].extra["record_number"] == 5 and docs[-1].extra["line"] == 7


def test_content_hash_is_the_sha256_of_the_records_canonical_json() -> None:
    docs, _ = _read("se_sample.json")
    record = json.loads((FIXTURES / "se_sample.json").read_text(encoding="utf-8"))[0]
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert docs[0].content_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_rereading_gives_identical_keys_and_hashes() -> None:
    grants = str(FIXTURES / "grants_test.toml")
    for name, mapping in (
        ("ce_sample.csv", None),
        ("participedia_sample.jsonl", None),
        ("se_sample.json", None),
        ("grants_sample.csv", grants),
    ):
        first = [(d.source, d.content_hash) for d in _read(name, mapping)[0]]
        second = [(d.source, d.content_hash) for d in _read(name, mapping)[0]]
        assert first == second and len({h for _, h in first}) == len(first)


def test_one_changed_record_changes_only_its_hash(tmp_path: Path) -> None:
    text = (FIXTURES / "ce_sample.csv").read_text(encoding="utf-8")
    changed = tmp_path / "ce_sample.csv"
    changed.write_text(text.replace("A guide for buyers", "A new guide for buyers"), encoding="utf-8")
    mapping = load_mapping("ce_good_practices")

    def hashes(path: Path) -> dict[str, str]:
        results = read_records(path, mapping)
        return {d.source: d.content_hash for d in results if isinstance(d, ExtractedDocument)}

    before, after = hashes(FIXTURES / "ce_sample.csv"), hashes(changed)
    assert before.keys() == after.keys()
    differing = [s for s in before if before[s] != after[s]]
    assert differing == ["ce_sample.csv#https://example.org/good-practices/procurement-guide"]


# -- Participedia (JSON Lines) ---------------------------------------------------------------------


def test_participedia_cases_tags_with_readable_labels_and_notations() -> None:
    docs = _by_key(_read("participedia_sample.jsonl")[0])
    case = docs["101"]
    assert (
        case.source == "participedia_sample.jsonl#101" and case.source_url == "https://example.org/case/101"
    )
    practice = case.practices[0]
    tags = {(t.scheme, t.label, t.notation) for t in practice.tags}
    assert tags == {
        ("participedia-issue", "Economics", "economics"),
        ("participedia-issue", "Planning development", "planning_development"),
        ("participedia-topic", "Budget local", "budget_local"),
        ("participedia-tag", "Participatory Budgeting", None),
    }
    assert [(p.name, p.kind, p.country) for p in practice.places] == [
        ("Canada", "country", "CA"),
        ("Ontario", "region", "CA"),
        ("Exampleville", "city", "CA"),
    ]
    assert (practice.start, practice.end) == ("2010-03-01", None)
    assert practice.description and practice.description.startswith("Residents of Exampleville")
    assert case.text.startswith("Exampleville participatory budget\n\nResidents")


def test_participedia_language_from_columns_with_fallbacks() -> None:
    docs = _by_key(_read("participedia_sample.jsonl")[0])
    assert docs["101"].language == "en"
    assert docs["102"].language == "de"  # body_language_guess wins over original_language
    assert docs["105"].language == "pt"  # empty guess → original_language
    # labels are the platform's English whatever the text's language
    assert {t.lang for t in docs["102"].practices[0].tags} == {"en"}
    assert docs["102"].practices[0].lang == "de"


def test_participedia_dates_and_unreadable_optional_values() -> None:
    docs = _by_key(_read("participedia_sample.jsonl")[0])
    assert (docs["102"].practices[0].start, docs["102"].practices[0].end) == ("2012-05-02", "2012-11-30")
    p105 = docs["105"]
    assert (p105.practices[0].start, p105.practices[0].end) == ("1999", None)
    assert p105.extra["warnings"] == [
        "participedia_sample.jsonl line 6, key 'end_date': not a date: 'not a date'"
    ]


def test_malformed_jsonl_lines_are_record_errors() -> None:
    docs, errors = _read("participedia_sample.jsonl")
    assert sorted(docs_keys := [d.extra["record_key"] for d in docs]) == ["101", "102", "105"], docs_keys
    messages = [str(e) for e in errors]
    assert messages[0].startswith("participedia_sample.jsonl line 3: malformed JSON")
    assert messages[1] == "participedia_sample.jsonl line 4, key 'title': empty required value"
    assert messages[2] == "participedia_sample.jsonl line 7: a JSON list, not an object"


# -- Sweden EU funds (JSON) ------------------------------------------------------------------------


def test_se_projects_amounts_and_organisation_types_from_rules() -> None:
    docs = _by_key(_read("se_sample.json")[0])
    first = docs["9000001"]
    assert first.source == "se_sample.json#9000001" and first.source_url is None
    project = first.projects[0]
    assert project.url == "https://example.org/projektbanken#page=eruf"
    assert (project.identifier, project.lead, project.country, project.lang) == (
        "9000001",
        "Exempelby kommun",
        "SE",
        "sv",
    )
    assert (project.programme_period, project.funders) == ("2014-2020", ["ERDF"])
    assert [(f.amount, f.currency, f.role, f.fund_code) for f in project.funding] == [
        (Decimal("1250000"), "SEK", "eu", "ERDF")
    ]  # EUR 0 is skipped
    assert [(f.amount, f.currency) for f in docs["9000002"].projects[0].funding] == [
        (Decimal("480000"), "SEK"),
        (Decimal("51000"), "EUR"),
    ]
    types = {
        d.organizations[0].name: (d.organizations[0].type, d.organizations[0].type_label)
        for d in docs.values()
    }
    assert types == {
        "Exempelby kommun": ("municipality", "kommun"),
        "Demo Innovation AB": ("company", "aktiebolag"),
        "Region Exempelland": ("county", "region"),
        "Exempelstads Universitet": ("university", "universitet eller högskola"),
    }
    assert first.modified is not None and first.modified.isoformat() == "2016-10-14"


def test_se_tags_and_places() -> None:
    project = _by_key(_read("se_sample.json")[0])["9000001"].projects[0]
    assert {(t.scheme, t.lang) for t in project.tags} == {
        ("se-thematic-objective", "sv"),
        ("se-priority", "sv"),
    }
    assert [(p.name, p.kind, p.country) for p in project.places] == [
        ("Norrbotten", "county", "SE"),
        ("Västerbotten", "county", "SE"),
        ("Exempelby", "municipality", "SE"),
        ("Testinge", "municipality", "SE"),
    ]


def test_se_contact_person_phone_e164_and_lower_case_email() -> None:
    docs = _by_key(_read("se_sample.json")[0])
    doc = docs["9000001"]
    [person] = doc.people
    assert (person.name, person.role, person.organization) == (
        "Anna Exempel",
        "projektledare",
        "Exempelby kommun",
    )
    assert [(p.number, p.kind, p.valid) for p in person.phones] == [("+46701740605", "mobile", True)]
    assert person.phones[0].as_written == "070-174 06 05"
    assert person.emails == ["anna.exempel@exempelby.example"] == doc.emails
    assert [p.number for p in doc.phones] == ["+46701740605"]
    assert doc.projects[0].contact == "Anna Exempel"
    assert docs["9000003"].people[0].phones[0].number == "+46313900610"
    # "NN" and "UPPGIFT SAKNAS" mean nobody / no data
    assert docs["9000002"].people == [] and docs["9000002"].emails == [] and docs["9000002"].phones == []
    # an unreadable phone is kept as written, flagged, and reported
    odd = docs["9000004"]
    assert [(p.number, p.valid) for p in odd.people[0].phones] == [("12", False)]
    assert odd.people[0].emails == [] and odd.phones == []
    assert len(odd.extra["warnings"]) == 2


# -- a mapping with the remaining features (semicolon CSV, decimal commas, constants, rules) -------


def test_generic_mapping_features() -> None:
    docs, errors = _read("grants_sample.csv", str(FIXTURES / "grants_test.toml"))
    by_key = _by_key(docs)
    assert set(by_key) == {"LT-1", "LT-2"}
    one = by_key["LT-1"].projects[0]
    assert (one.start, one.end) == ("2016-02-01", "2018-03-01")  # "01.03.2018" is read day first
    assert one.partners == ["Asociacija A", "UAB Pavyzdys"]
    assert [(f.amount, f.currency, f.role) for f in one.funding] == [(Decimal("1234567.50"), "EUR", "total")]
    assert [t.label for t in one.tags] == ["Transportas", "Klimatas"]
    assert [(p.name, p.kind, p.country) for p in one.places] == [("Pavyzdžio rajonas", "municipality", "LT")]
    assert by_key["LT-1"].organizations[0].type == "municipality"  # by rule on the name
    [person] = by_key["LT-1"].people
    assert [p.number for p in person.phones] == ["+37052123456", "+37061234567"]
    assert person.emails == ["jonas.pavyzdys@example.lt"] and person.role == "projekto vadovas"
    two = by_key["LT-2"]
    assert two.source_url is None  # "-" is absent
    assert two.organizations[0].type == "administration"  # the label table wins over the rules
    assert [(f.amount, f.currency) for f in two.projects[0].funding] == [(Decimal("12.5"), "EUR")]
    assert (two.projects[0].start, two.projects[0].end) == ("2017", "2019-12")
    assert two.language == "lt" and two.projects[0].programme_period == "2014-2020"
    assert [str(e) for e in errors] == [
        "grants_sample.csv line 4, column 'Pabaiga': missing or unreadable required date",
        "grants_sample.csv line 5: has 16 fields, the header has 15",
    ]
