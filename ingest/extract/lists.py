"""Lists under labelled headings: target groups, activities, objectives, results.

A heading is matched by a few words in each language ("Target group", "Tikslinės grupės",
"Målgrupp"); its items are the section's list items, else its paragraphs split at commas (the
paragraph that states the goal is skipped).
"""

from __future__ import annotations

import re

from ingest.extract.labels import ACTIVITY_LABELS, TARGET_GROUP_LABELS
from ingest.extract.sections import Layout, Section, clean_item, fold, split_list

_INLINE_TARGET = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:target groups?|tikslinės grupės|tikslinė grupė|mērķa grupa|grupa docelowa|målgrupp(?:er)?|"
    r"kohderyhmä|sihtrühm|zielgruppen?)[ \t]*[:–-][ \t]*(?P<v>.+)$"
)
_GOAL_WORDS = re.compile(
    r"(?i)\b(goal|aim|objective|purpose|tikslas|tikslai|mērķis|cel|syfte|mål|tavoite|eesmärk|ziel)\b"
)


def section_items(section: Section, *, skip_goal: bool = False) -> list[str]:
    bullets = section.bullets()
    if bullets:
        return [clean_item(b.content) for b in bullets if clean_item(b.content)]
    for para in section.paragraph_texts():
        if skip_goal and _GOAL_WORDS.search(para):
            continue
        if len(para.split()) > 60 or re.search(r"\d{3}", para):
            continue
        items = [clean_item(i, max_paren=60) for i in split_list(para)]
        return [i for i in items if i]
    return []


def _heading_has(section: Section, labels: tuple[str, ...]) -> bool:
    title = fold(section.title)
    return any(fold(label) in title for label in labels)


def target_groups(lay: Layout) -> list[str]:
    inline = _INLINE_TARGET.search(lay.text)
    if inline:
        return [clean_item(i) for i in split_list(inline.group("v")) if clean_item(i)]
    for section in lay.sections:
        if section.heading is not None and _heading_has(section, TARGET_GROUP_LABELS):
            items = section_items(section, skip_goal=True)
            if items:
                return items
    return []


def activities(lay: Layout) -> list[str]:
    for section in lay.sections:
        if section.heading is not None and _heading_has(section, ACTIVITY_LABELS):
            bullets = section.bullets()
            if bullets:
                return [clean_item(b.content) for b in bullets if clean_item(b.content)]
    return []


def target_groups_and_activities(lay: Layout) -> tuple[list[str], list[str]]:
    return target_groups(lay), activities(lay)
