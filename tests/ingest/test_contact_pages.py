"""Readers and contact extractors against the seed pages' truth (../shared), fictional pages with
hand-written truth, and the real contact column of the Danish ERDF export (../shared).

The seed pages and the Danish export are read at run time and never copied into the repository.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.detect import detect_kind, detect_language
from ingest.extract.emails import find_emails
from ingest.extract.people import find_people
from ingest.extract.phones import find_phones
from ingest.readers import ReadResult, read_document
from tests.ingest.contact_scoring import DK_CONTACTS, score_dk_contacts, score_pages

SEEDS = ("000_01cffc42b8f35ada", "001_a51871598c99ba5d", "002_de48785c5cebd72f", "003_a2e72c16bd322e74")
REGION = {"en": "LT", "lt": "LT"}  # all four seeds are from Lithuania; the orchestrator infers this


def _seed(shared_dir: Path, stem: str) -> tuple[ReadResult, dict[str, object]]:
    result = read_document(shared_dir / "seeds" / f"{stem}.txt", max_bytes=5_000_000)
    truth = json.loads((shared_dir / "eval" / "seeds-truth" / f"{stem}.json").read_text(encoding="utf-8"))
    assert result.status == "ok", result.reason
    return result, truth


@pytest.mark.shared
@pytest.mark.parametrize("stem", SEEDS)
def test_seed_language_kind_and_boilerplate(shared_dir: Path, stem: str) -> None:
    result, truth = _seed(shared_dir, stem)
    language, _ = detect_language(result.text)
    assert language == truth["language"]
    kind, confidence = detect_kind(result.text, result.title)
    assert kind == truth["kind"] and confidence > 0.3
    for line in truth.get("not_content", []):  # type: ignore[union-attr]
        assert line not in result.text.split("\n") and f"- {line}" not in result.text.split("\n")
    if "published" in truth:
        assert result.published == date.fromisoformat(str(truth["published"]))


@pytest.mark.shared
@pytest.mark.parametrize("stem", SEEDS)
def test_seed_emails_and_phones(shared_dir: Path, stem: str) -> None:
    result, truth = _seed(shared_dir, stem)
    language, _ = detect_language(result.text)
    assert [f.value for f in find_emails(result.text)] == truth["emails"]
    phones = find_phones(result.text, REGION[str(language)])
    assert sorted({p.number for p in phones}) == sorted(truth["phones_e164"])  # type: ignore[arg-type]
    assert all(p.valid for p in phones)


@pytest.mark.shared
@pytest.mark.parametrize("stem", SEEDS)
def test_seed_people(shared_dir: Path, stem: str) -> None:
    result, truth = _seed(shared_dir, stem)
    language, _ = detect_language(result.text)
    people = find_people(result.text, language, REGION[str(language)])
    expected = truth["people"]
    assert [p.name for p in people] == [e["name"] for e in expected]  # type: ignore[union-attr, index]
    for person, want in zip(people, expected, strict=True):  # type: ignore[call-overload]
        assert person.role == want["role"]
        assert person.emails == want["emails"]
        assert [p.number for p in person.phones if p.kind != "fax"] == want["phones"]
        assert [p.number for p in person.phones if p.kind == "fax"] == want.get("fax", [])
        if "office" in want:
            assert person.office == want["office"]
        if "unit" in want:
            assert person.unit == want["unit"]
        if want.get("organization") and person.organization:  # the orchestrator links the page's organisation
            assert person.organization == want["organization"]
        name_span = person.evidence[0]
        assert name_span.start is not None
        assert result.text[name_span.start : name_span.end] == person.name_as_written


def test_fictional_pages_meet_targets() -> None:
    scores = score_pages()
    report = "\n".join(
        score.line(name) + "".join(f"\n  {n}" for n in score.notes) for name, score in scores.items()
    )
    assert scores["emails"].f1 >= 0.95, report
    assert scores["phones"].f1 >= 0.90, report
    assert scores["faxes"].f1 >= 0.90, report
    assert scores["people"].f1 >= 0.80, report
    assert scores["pairs"].f1 >= 0.80, report


@pytest.mark.shared
def test_real_danish_contact_column(shared_dir: Path) -> None:
    if not (shared_dir / DK_CONTACTS).is_file():
        pytest.skip("the Danish ERDF export is not in ../shared")
    scores = score_dk_contacts(shared_dir)
    report = "\n".join(score.line(name) for name, score in scores.items())
    assert scores["emails"].f1 >= 0.95, report
    assert scores["phones"].f1 >= 0.90, report
    assert scores["people"].f1 >= 0.80, report
    assert scores["pairs"].f1 >= 0.80, report
