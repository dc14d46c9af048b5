"""Scoring of e-mail, phone, fax, people and person–e-mail extraction against hand-written truth.

Pages: ``tests/ingest/fixtures/pages/*.truth.json`` next to fictional pages (lt, lv, pl, sv, fi, et, da,
de, en layouts). Real data, when ``../shared`` is present: the contact column of the Danish ERDF
2014–2020 export ("Name,phone,e-mail." lines written by people, never seen while writing the rules).
Used by tests/ingest/test_contact_pages.py (thresholds) and runnable as a report:

    .venv/bin/python -m tests.ingest.contact_scoring
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

from ingest.detect import detect_language
from ingest.extract.emails import find_emails
from ingest.extract.people import find_people
from ingest.extract.phones import find_phones
from ingest.readers import read_document
from kg.iris import fold

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
DK_CONTACTS = Path("corpus/eu-funds-projects/DK/ERDF_Denmark_2014-2020.csv")
METRICS = ("emails", "phones", "faxes", "people", "pairs", "roles")


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, got: set[object], want: set[object], where: str) -> None:
        self.true_positive += len(got & want)
        self.false_positive += len(got - want)
        self.false_negative += len(want - got)
        if got != want:
            self.notes.append(
                f"{where}: extra {sorted(map(str, got - want))} missing {sorted(map(str, want - got))}"
            )

    @property
    def f1(self) -> float:
        found = 2 * self.true_positive + self.false_positive + self.false_negative
        return 2 * self.true_positive / found if found else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:7s} tp={self.true_positive:4d} fp={self.false_positive:3d} fn={self.false_negative:3d} "
            f"F1={self.f1:.3f}"
        )


def _role_ok(got: str | None, want: str) -> bool:
    a, b = fold(got or ""), fold(want)
    return bool(a) and (a in b or b in a)


def score_pages(pages: Path = PAGES) -> dict[str, Score]:
    """Scores over every fictional page with a ``.truth.json``."""
    scores = {name: Score() for name in METRICS}
    for truth_file in sorted(pages.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        stem = truth_file.name.removesuffix(".truth.json")
        page = next(p for p in pages.glob(stem + ".*") if not p.name.endswith(".json"))
        result = read_document(page, max_bytes=5_000_000)
        language, _ = detect_language(result.text)
        region = truth["region"]
        phones = find_phones(result.text, region)
        people = find_people(result.text, language, region)
        want_people = truth["people"]
        scores["emails"].add({f.value for f in find_emails(result.text)}, set(truth["emails"]), page.name)
        scores["phones"].add({p.number for p in phones if p.kind != "fax"}, set(truth["phones"]), page.name)
        scores["faxes"].add({p.number for p in phones if p.kind == "fax"}, set(truth["faxes"]), page.name)
        scores["people"].add({p.name for p in people}, {p["name"] for p in want_people}, page.name)
        scores["pairs"].add(
            {(p.name, e) for p in people for e in p.emails},
            {(p["name"], e) for p in want_people for e in p["emails"]},
            page.name,
        )
        roles = {p["name"]: p["role"] for p in want_people}
        scores["roles"].add(
            {p.name for p in people if p.name in roles and _role_ok(p.role, roles[p.name])},
            set(roles),
            page.name,
        )
    return scores


def score_dk_contacts(shared: Path) -> dict[str, Score]:
    """Scores on the real "Kontaktperson" column of the Danish ERDF 2014–2020 export."""
    scores = {name: Score() for name in ("emails", "phones", "people", "pairs")}
    with (shared / DK_CONTACTS).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    column = next(k for k in rows[0] if k.startswith("Kontaktperson"))
    for number, row in enumerate(rows):
        text = row[column]
        want_people: dict[str, str | None] = {}
        want_phones: set[object] = set()
        for line in text.split("\n"):
            parts = [p.strip() for p in line.split(",")]
            if len(parts) < 3:
                continue
            email = ",".join(parts[2:]).strip().rstrip(".").lower()
            want_people[parts[0]] = email if "@" in email and "." in email.split("@")[-1] else None
            if parts[1]:
                parsed = phonenumbers.parse(parts[1], "DK")
                want_phones.add(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
        if not want_people:
            continue
        where = f"row {number}"
        people = find_people(text, "da", "DK")
        scores["people"].add({p.name for p in people}, set(want_people), where)
        scores["pairs"].add(
            {(p.name, e) for p in people for e in p.emails},
            {(n, e) for n, e in want_people.items() if e},
            where,
        )
        scores["emails"].add(
            {f.value for f in find_emails(text)}, {e for e in want_people.values() if e}, where
        )
        scores["phones"].add({p.number for p in find_phones(text, "DK") if p.valid}, want_phones, where)
    return scores


def _report() -> None:  # pragma: no cover - manual report
    for name, score in score_pages().items():
        print("pages  ", score.line(name))
        for note in score.notes:
            print("        ", note)
    shared = Path(__file__).resolve().parents[3] / "shared"
    if (shared / DK_CONTACTS).is_file():
        for name, score in score_dk_contacts(shared).items():
            print("dk-real", score.line(name))
            for note in score.notes[:10]:
                print("        ", note)


if __name__ == "__main__":  # pragma: no cover
    _report()
