"""Scoring of organisation and project-identifier extraction against hand-written expectations.

Used by tests/ingest/test_fixture_pages.py (thresholds) and runnable as a report:

    .venv/bin/python -m tests.ingest.extraction_scoring
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.extract import extract_document
from ingest.extract.organizations import DERIVED_PARENT
from ingest.readers import read_document
from ingest.records import ExtractedDocument
from ontology.concepts import fold_label

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
#: Pages the rules were developed on, and pages written afterwards and scored without tuning.
SETS = {"development": PAGES, "held-out": PAGES / "heldout", "held-out-2": PAGES / "heldout2"}


def _key(name: str) -> str:
    return fold_label(re.sub(r"[\"“”„«»]", "", name))


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    country_right: int = 0
    country_checked: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.true_positive += other.true_positive
        self.false_positive += other.false_positive
        self.false_negative += other.false_negative
        self.country_right += other.country_right
        self.country_checked += other.country_checked

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def extract_page(path: Path) -> ExtractedDocument:
    result = read_document(path, max_bytes=5_000_000)
    assert result.ok, f"{path}: {result.status} {result.reason}"
    return extract_document(
        result.text,
        source=path.name,
        title=result.title,
        file_name=path.name,
        published=result.published,
        suggest=False,
    )


def score_organizations(doc: ExtractedDocument, expected: list[dict[str, Any]]) -> Score:
    score = Score()
    remaining = list(doc.organizations)
    for item in expected:
        alternatives = {_key(n) for n in item["name"].split("|")}
        match = next(
            (
                org
                for org in remaining
                if _key(org.name) in alternatives or any(_key(lb.text) in alternatives for lb in org.labels)
            ),
            None,
        )
        if match is None:
            score.false_negative += 1
            score.misses.append(item["name"])
            continue
        remaining.remove(match)
        score.true_positive += 1
        if item.get("country"):
            score.country_checked += 1
            score.country_right += int(match.country == item["country"])
    # organisations without a mention of their own (added to carry a relation, or a parent known
    # only from inside another name: "<X gen.> administracija") are not counted
    for org in remaining:
        if any(ev.end and ev.end > (ev.start or 0) and ev.extractor != DERIVED_PARENT for ev in org.evidence):
            score.false_positive += 1
            score.extras.append(org.name)
    return score


def score_identifiers(doc: ExtractedDocument, expected: list[dict[str, Any]]) -> Score:
    score = Score()
    want = {p["identifier"] for p in expected if p.get("identifier")}
    got = {p.identifier for p in doc.projects if p.identifier}
    score.true_positive = len(want & got)
    score.false_positive = len(got - want)
    score.false_negative = len(want - got)
    score.misses = sorted(want - got)
    score.extras = sorted(got - want)
    return score


def evaluate(folder: Path) -> tuple[Score, Score, dict[str, tuple[Score, Score]]]:
    truth = json.loads((folder / "extraction_truth.json").read_text(encoding="utf-8"))["pages"]
    orgs, ids = Score(), Score()
    per_page: dict[str, tuple[Score, Score]] = {}
    for name, expected in sorted(truth.items()):
        doc = extract_page(folder / name)
        page_orgs = score_organizations(doc, expected["organizations"])
        page_ids = score_identifiers(doc, expected["projects"])
        orgs.add(page_orgs)
        ids.add(page_ids)
        per_page[name] = (page_orgs, page_ids)
    return orgs, ids, per_page


def report(folder: Path) -> str:
    orgs, ids, per_page = evaluate(folder)
    lines = []
    for name, (o, i) in per_page.items():
        lines.append(f"{name:28} orgs P={o.precision:.2f} R={o.recall:.2f} F1={o.f1:.2f}  ids F1={i.f1:.2f}")
        if o.misses:
            lines.append(f"    missed: {o.misses}")
        if o.extras:
            lines.append(f"    extra:  {o.extras}")
        if i.misses or i.extras:
            lines.append(f"    ids missed {i.misses} extra {i.extras}")
    country = orgs.country_right / orgs.country_checked if orgs.country_checked else 1.0
    lines.append(
        f"ALL organisations P={orgs.precision:.2f} R={orgs.recall:.2f} F1={orgs.f1:.2f} "
        f"(country right {orgs.country_right}/{orgs.country_checked} = {country:.2f}); "
        f"identifiers P={ids.precision:.2f} R={ids.recall:.2f} F1={ids.f1:.2f}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    for label, folder in SETS.items():
        print(f"== {label} ({folder.relative_to(PAGES.parent.parent.parent.parent)})")
        print(report(folder))
