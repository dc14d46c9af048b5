"""Regular expressions and scans of the ingest path on adversarial text (tests/reliability/hostile_text.py).

Each case is an input on which the code before the linear-time rewrite took from ten seconds to
hours (a pattern or a loop that re-read the text from every position or for every match; the before
and after times are in docs/benchmarks.md, Extraction) and now takes milliseconds. No time is
asserted: each test checks what was found, and pytest-timeout stops a test after 30 seconds, which
each of these took (and more: from a minute and a half to hours) before.
"""

from __future__ import annotations

import pytest

from ingest.detect import kind_scores
from ingest.extract import extract_document
from ingest.extract.addresses import find_addresses
from ingest.extract.countries import labelled_countries
from ingest.extract.emails import find_email_mentions
from ingest.extract.funds import find_funds
from ingest.extract.labels import known_labels
from ingest.extract.orgtokens import MAX_PROSE_TOKEN, mask_emails_urls
from ingest.extract.person_candidates import split_segments
from ingest.extract.phones import find_phones
from ingest.extract.projects import find_identifiers
from ingest.extract.scan import MAX_LISTS
from ingest.extract.sections import layout, split_list
from ingest.html_text import _BLOCK_BREAKS
from ingest.mappings.splitters import tidy
from ingest.mappings.values import parse_countries, parse_emails
from tests.reliability.hostile_text import invented_word, text

pytestmark = pytest.mark.timeout(30)


# -- single patterns -------------------------------------------------------------------------------------


def test_mask_emails_urls_on_prose_and_on_a_long_dotted_run() -> None:
    prose = "Write to info@testvale.lt or see www.testvale.lt/repair and repair.testvale.lt today."
    assert mask_emails_urls(prose) == "Write to   or see   and   today."
    assert mask_emails_urls("a." * 75) == "a." * 75  # 150 characters, no domain in it: kept
    # 100,000 characters without a space (quadratic before: 2 s for 20,000): masked whole
    assert mask_emails_urls("Repair " + "a." * 50_000 + " café") == "Repair   café"
    assert mask_emails_urls("x" * (MAX_PROSE_TOKEN + 1)) == " "


def test_kind_cues_on_a_long_run_of_digits() -> None:
    assert kind_scores("1" * 50_000)["project_news"] == 0.0
    assert kind_scores("1" * 40_000 + " EUR")["project_news"] == 1.5  # the amount cue (50,000 are read)


def test_line_labels_after_many_empty_lines() -> None:
    assert labelled_countries("\n" * 200_000 + "Repair café\nCountry: Finland") == ["FI"]


def test_email_after_a_long_run_of_spaces() -> None:
    found = find_email_mentions(" " * 200_000 + "info@testvale.lt")
    assert [(f.value, f.start) for f in found] == [("info@testvale.lt", 200_000)]
    spaced = find_email_mentions("Contact: info" + " " * 100_000 + "@ testvale.lt")
    assert [f.value for f in spaced] == ["info@testvale.lt"]


@pytest.mark.parametrize("blanks", ["\n" * 100_000, "\t " * 50_000, " " * 100_000 + "|"])
def test_name_segments_after_long_blank_runs(blanks: str) -> None:
    segments = split_segments(blanks + "Jonas Jonaitis", 7)
    assert [t.strip() for _, t in segments] == ["Jonas Jonaitis"]
    offset, segment = segments[0]
    assert offset + len(segment) == 7 + len(blanks) + len("Jonas Jonaitis")


def test_identifier_after_a_long_run_of_capitals() -> None:
    found = find_identifiers("A" * 100_000 + " Project no. LT-12-345")
    assert found == [("LT-12-345", 100_013, 100_022)]
    assert find_identifiers("xyz" * 30_000 + "AB-12345 ") == []  # no label: not a project number


def test_conjunction_after_a_long_run_of_spaces() -> None:
    items = split_list("Riverton" + " " * 100_000 + "Lakeside and Hillcrest", conjunctions=True)
    assert items == ["Riverton" + " " * 100_000 + "Lakeside", "Hillcrest"]


def test_blank_lines_after_a_long_run_of_spaces() -> None:
    assert _BLOCK_BREAKS.sub("\n", " " * 400_000 + "x\n \n y") == " " * 400_000 + "x\n y"


def test_record_cells() -> None:
    assert parse_emails("_" * 400_000 + "@x") == []
    assert parse_emails("_" * 400_000 + " a@testvale.lt, b@testvale.lt") == ["a@testvale.lt", "b@testvale.lt"]
    assert tidy("(" * 200_000) == "(" * 200_000
    assert tidy("Other ( Norway ) " + "(" * 200_000) == "Other (Norway) " + "(" * 200_000
    assert parse_countries("(" * 100_000 + "x")[0] == []
    assert parse_countries("Other (Norway )") == ([("Norway", "NO")], [])


# -- many matches on one long line ----------------------------------------------------------------------


def test_addresses_on_one_long_line() -> None:
    page = text("names-addresses", 400_000)
    found = find_addresses(page, "LT")
    assert len(found) == page.count("LT-12345")
    first = found[0].address
    assert (first.street, first.postal_code, first.locality) == (
        "Bba municipality, Bbh g. 5",
        "LT-12345",
        "Bba",
    )


def test_phones_on_one_long_line() -> None:
    labelled = text("phones", 200_000)  # "Tel. +370 5 212 3456, " repeated
    phones = find_phones(labelled, "LT")
    assert [p.number for p in phones] == ["+37052123456"]
    assert len(phones[0].evidence) == labelled.count("+370 5 212 3456")
    # an unlabelled national number is taken from a short line only, not from a line of 25,000 of them
    assert find_phones("(8 5) 212 3456, " * 25_000, "LT") == []
    assert [p.number for p in find_phones("(8 5) 212 3456", "LT")] == ["+37052123456"]


def test_many_fund_mentions() -> None:
    assert len(find_funds("ERDF " * 50_000)) == 50_000


def test_layout_of_many_short_lines() -> None:
    lay = layout("A\n" * 200_000, known_labels())
    assert len(lay.lines) == 200_000


# -- whole pages -----------------------------------------------------------------------------------------


def test_a_page_naming_thousands_of_organisations() -> None:
    page = text("names-orgs", 80_000)  # "Bba municipality, Bbb municipality, ..." (4,400 names)
    doc = extract_document(page, source="adversarial", suggest=False)
    names = {o.name for o in doc.organizations}
    written = {f"{invented_word(i)} municipality" for i in range(page.count(" municipality,"))}
    # all but the few whose invented word is a function word ("Das", "Der", "But")
    assert names <= written
    assert len(names) >= 0.99 * len(written)


def test_partner_lists_after_a_long_run_of_capitals() -> None:
    page = "A" * 100_000 + ". With HISTCAPE partners – Riverton, Lakeside."
    doc = extract_document(page, source="adversarial", suggest=False)
    assert [(p.title, p.partners) for p in doc.projects] == [("HISTCAPE", ["Riverton", "Lakeside"])]


def test_repeated_partner_lists_are_read_up_to_the_cap() -> None:
    page = text("partners", 100_000)  # "Testvale partners: Riverton, Lakeside. " 2,500 times
    doc = extract_document(page, source="adversarial", suggest=False)
    assert [(p.title, p.partners) for p in doc.projects] == [("Testvale", ["Riverton", "Lakeside"])]
    distinct = text("names-partners", 100_000)  # a new label each time: only the first lists are read
    projects = extract_document(distinct, source="adversarial", suggest=False).projects
    assert len(projects) == MAX_LISTS
