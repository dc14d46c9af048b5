"""Property tests: readers and extractors never raise on arbitrary input, and their spans are honest."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.clean import clean_text
from ingest.detect import detect_kind
from ingest.extract.emails import find_email_mentions, known_tlds
from ingest.extract.names_lt import nominative
from ingest.extract.people import find_people
from ingest.extract.phones import find_phone_mentions
from ingest.readers import read_document

#: Text built from pieces that trigger the extractors, mixed with arbitrary characters.
PIECES = st.sampled_from(
    [
        " ",
        "\n",
        ", ",
        "@",
        " at ",
        " [at] ",
        "(dot)",
        " taškas ",
        " PIE ",
        " PUNKTS ",
        ".",
        "lt",
        "com",
        "Tel. ",
        "faks ",
        "Telefonas: ",
        "E-mail: ",
        "+370 ",
        "8 ",
        "(8 5) ",
        "212 3456",
        "2025-03-31",
        "LT-62133",
        "No. ",
        "Eur",
        "Ona Pavyzdienė",
        ", vedėja",
        "Jonas Jonaitis",
        "Kabinetas: 12",
        "| ",
        "\t",
        "Contact person",
        "Head of Division",
        "ona.p",
        "miestas",
        "- ",
        "•",
        "\u200b",
        "\x00",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map("".join),
)
REGIONS = st.sampled_from([None, "LT", "LV", "PL", "SE", "DK", "FI", "EE", "DE", "GB", "ZZ"])
LANGUAGES = st.sampled_from([None, "en", "lt", "lv", "pl", "sv"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_emails_never_raise_and_are_well_formed(text: str) -> None:
    for found in find_email_mentions(text):
        assert text[found.start : found.end] == found.quote
        local, _, domain = found.value.partition("@")
        assert local and domain and found.value == found.value.lower()
        assert domain.rsplit(".", 1)[-1] in known_tlds()
        assert 0 < found.confidence <= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, REGIONS)
def test_phones_never_raise_and_are_e164_when_valid(text: str, region: str | None) -> None:
    for phone in find_phone_mentions(text, region):
        assert phone.kind in ("voice", "fax", "mobile")
        if phone.valid:
            assert phone.number.startswith("+") and phone.number[1:].isdigit()
        for evidence in phone.evidence:
            assert evidence.start is not None
            assert text[evidence.start : evidence.end] == evidence.quote


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, LANGUAGES, REGIONS)
def test_people_never_raise(text: str, language: str | None, region: str | None) -> None:
    for person in find_people(text, language, region):
        assert person.name and person.name_as_written
        span = person.evidence[0]
        assert span.start is not None and text[span.start : span.end] == person.name_as_written


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_clean_and_kind_never_raise(text: str) -> None:
    cleaned = clean_text(text)
    assert "\x00" not in cleaned.text and "\r" not in cleaned.text
    assert clean_text(cleaned.text).text == cleaned.text  # idempotent
    kind, confidence = detect_kind(cleaned.text)
    assert 0.0 <= confidence <= 1.0 and kind


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_nominative_never_raises(name: str) -> None:
    assert isinstance(nominative(name), str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf"]))
def test_readers_never_raise_on_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        result = read_document(path, max_bytes=2000)
    assert result.status in ("ok", "refused", "no_text", "too_large")
    if result.status == "ok":
        assert result.text.strip()
    else:
        assert result.reason


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([".txt", ".md", ".html"]))
def test_readers_never_raise_on_text(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = read_document(path, max_bytes=1_000_000)
    assert result.status in ("ok", "refused", "no_text")
    assert "\x00" not in result.text
