"""Candidate people in page lines: a name (2–4 capitalised words), its form, a role beside it.

A candidate is a name found as a whole segment of a line ("Ona Pavyzdienė, vedėja"), a line of its
own, after a role label ("Naczelnik Wydziału: Anna Nowak"), at the end of a role phrase inside a
sentence ("projekto vadovė Rasa Pavyzdienė, tel. ...") or in a table row. :mod:`ingest.extract.people`
decides which candidates are people (contact data in their block) and collects their contacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.extract.person_words import (
    CONTACT_HEADING,
    HEADER_WORDS,
    HONORIFIC,
    LEADING_LABEL,
    NAME_PARTICLES,
    fold_word,
    is_contact_line,
    is_org_word,
    is_role_word,
)

Form = Literal["segment", "line", "label", "tail", "table"]

#: Separators that start with blanks take them from the start of a run only ("|" is tried before a tab run:
#: the same segments, but a long run of blanks is scanned once instead of once per position).
_SEGMENT_SPLIT = re.compile(
    r"(?<!\d),\s*|,(?:\s+|(?!\d))|;\s*|(?<!\s)\s++[–—]\s+|(?<!\s)\s++-\s+|(?:(?<!\s)\s++)?\|\s*|\t+"
)
LIST_MARKER = re.compile(r"^(?:[-*+•]\s+|\d{1,3}[.)]\s+)")
PAREN_TAIL = re.compile(r"(?<!\s)\s*+\([^()]*\)\s*$")
HAS_CONTACT = re.compile(r"@|\d{3}")
OTHER_LABEL = re.compile(r"^([^:\d@|]{2,40}):\s")


@dataclass
class Line:
    """One line of the text and its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Candidate:
    """A name that may be a person; ``form`` says how it was written."""

    name: str
    start: int
    end: int
    line: int
    role: str | None
    form: Form
    inline: bool  # contact data may follow on the same line
    heading: bool = False  # under a "Contact person" heading


def split_lines(text: str) -> list[Line]:
    """Lines with their start and end offsets in ``text``."""
    out: list[Line] = []
    position = 0
    for raw in text.split("\n"):
        out.append(Line(position, position + len(raw), raw))
        position += len(raw) + 1
    return out


def _is_name_word(word: str) -> bool:
    if not word or not word[0].isupper():
        return False
    abbreviation = len(word) == 2 or word[1:-1].islower()
    if word.endswith(".") and 2 <= len(word) <= 5 and word[:-1].isalpha() and abbreviation:
        return True  # an initial ("J.") or an abbreviated given name ("Chr.")
    for part in re.split(r"[-'’]", word):
        if not part or not part.isalpha() or not part[0].isupper():
            return False
        if len(part) < 2 and not ("'" in word or "’" in word):
            return False
    return any(ch.islower() for ch in word) or (len(word) >= 2 and word.isupper())


def looks_like_name(phrase: str) -> bool:
    """2–4 capitalised words (particles allowed inside), none an organisation, role or heading word."""
    words = phrase.split()
    core = [w for w in words if w not in NAME_PARTICLES]
    if not 2 <= len(core) <= 4 or len(words) > 6:
        return False
    if words[0] in NAME_PARTICLES or words[-1] in NAME_PARTICLES:
        return False
    if not all(_is_name_word(w) for w in core):
        return False
    initials = sum(1 for w in core if w.endswith("."))
    if all(w.isupper() for w in core) or initials >= len(core) - 1 or core[-1].endswith("."):
        return False
    return not any(is_org_word(w) or is_role_word(w, strict=True) for w in core)


def split_segments(text: str, offset: int) -> list[tuple[int, str]]:
    segments: list[tuple[int, str]] = []
    cursor = 0
    for match in _SEGMENT_SPLIT.finditer(text):
        segments.append((offset + cursor, text[cursor : match.start()]))
        cursor = match.end()
    segments.append((offset + cursor, text[cursor:]))
    return [(s, t) for s, t in segments if t.strip()]


def role_like(text: str) -> bool:
    stripped = text.strip()
    if not stripped or HAS_CONTACT.search(stripped) or is_contact_line(stripped):
        return False
    words = stripped.split()
    if len(words) > 14 or looks_like_name(PAREN_TAIL.sub("", stripped)):
        return False
    return any(is_role_word(w) for w in words) or stripped[0].islower()


def has_role_word(text: str | None) -> bool:
    return bool(text) and any(is_role_word(w) for w in (text or "").split())


def _strip_honorific(body: str) -> tuple[int, str]:
    match = HONORIFIC.match(body)
    return (match.end(), body[match.end() :]) if match else (0, body)


def _name_in(segment: str) -> tuple[int, int, str | None, Form] | None:
    """(start, end, role written before the name, form) of a name in a segment, or None."""
    body = PAREN_TAIL.sub("", segment).rstrip(" .:")
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    skip, rest = _strip_honorific(body)
    if looks_like_name(rest):
        return lead + skip, lead + len(body), None, "segment"
    if ":" in body:
        label, _, after = body.partition(":")
        skip, name = _strip_honorific(after.strip())
        if looks_like_name(name) and has_role_word(label):
            start = lead + body.index(name, len(label))
            return start, start + len(name), label.strip(), "label"
    words = body.split()
    for size in (3, 2):
        if len(words) <= size:
            continue
        tail, head = " ".join(words[-size:]), words[:-size]
        if not looks_like_name(tail):
            continue
        while head and HONORIFIC.fullmatch(head[-1] + " "):
            head = head[:-1]
        if not head:
            continue
        last = head[-1]
        if is_role_word(last) or (last[:1].islower() and any(is_role_word(w) for w in head[-3:])):
            first_role = next(i for i, w in enumerate(head) if is_role_word(w))
            role_words = head[max(0, first_role - 1) :]
            start = lead + body.rindex(tail)
            return start, start + len(tail), " ".join(role_words), "tail"
    return None


def _header_row(cells: list[str]) -> bool:
    words = [fold_word(w) for cell in cells for w in cell.split()]
    return bool(words) and sum(1 for w in words if w in HEADER_WORDS) * 2 >= len(cells)


def _table_candidate(
    line: Line, index: int, segments: list[tuple[int, str]], heading: bool
) -> list[Candidate]:
    cells = [text for _, text in segments]
    if _header_row(cells):
        return []
    for position, (seg_start, cell) in enumerate(segments):
        parsed = _name_in(cell)
        if parsed is None or parsed[3] != "segment":
            continue
        start, end, _, _ = parsed
        others = [c for i, c in enumerate(cells) if i != position and role_like(c)]
        with_role = [c for c in others if has_role_word(c)]
        after = [c for i, c in enumerate(cells) if i > position and role_like(c)]
        role = (with_role or after or [""])[0] or None
        return [
            Candidate(
                cell[start:end], seg_start + start, seg_start + end, index, role, "table", True, heading
            )
        ]
    return []


def _candidates_in_line(line: Line, index: int, heading: bool) -> list[Candidate]:
    text = line.text
    marker = LIST_MARKER.match(text)
    offset = marker.end() if marker else 0
    label = LEADING_LABEL.match(text, offset)
    if label:
        offset = label.end()
    segments = split_segments(text[offset:], line.start + offset)
    if not segments:
        return []
    stripped = text.strip()
    if stripped.startswith("|") or stripped.count(" | ") >= 2 or "\t" in stripped:
        return _table_candidate(line, index, segments, heading)
    found: list[Candidate] = []
    for position, (seg_start, segment) in enumerate(segments):
        if position > 0:
            previous = segments[position - 1][1]
            if not (HAS_CONTACT.search(previous) or is_contact_line(previous)):
                continue
        parsed = _name_in(segment)
        if parsed is None:
            continue
        start, end, role, form = parsed
        following = [s for _, s in segments[position + 1 :]]
        if role is None and following and role_like(following[0]):
            role = following[0]
        if form == "segment" and len(segments) == 1:
            form = "line"
        inline = position < len(segments) - 1
        found.append(
            Candidate(
                segment[start:end], seg_start + start, seg_start + end, index, role, form, inline, heading
            )
        )
    return found


def find_candidates(lines: list[Line]) -> list[Candidate]:
    candidates: list[Candidate] = []
    heading = False
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        if not stripped:
            continue
        if CONTACT_HEADING.match(stripped):
            heading = True
            continue
        candidates.extend(_candidates_in_line(line, index, heading))
        if len(stripped.split()) > 12:
            heading = False
    return candidates
