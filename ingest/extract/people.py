"""People with their role and contact data, from the layouts municipal pages use.

Layouts understood (in any of the supported languages):
(a) "Name Surname, role" then "Telefonas:", "El. paštas:", "Kabinetas:" lines;
(b) one line "Name, Role, phone ..., fax ..., e-mail: ..." (often under "Contact person");
(c) a name line, then role, organisation and address lines, then "Tel.:" / "E-mail:" lines;
(d) table rows ("| role | Name | phone | e-mail |") or "Name – role – phone – e-mail" rows;
plus "Role Name Surname, tel. ..." inside a sentence and "Role: Name Surname". A person needs
contact data (phone, e-mail, office) in their block, or a role stated in a list layout; a name is
2–4 capitalised words of any European alphabet that are not organisation, heading or role words
(see :mod:`ingest.extract.person_words`). Lithuanian names are normalised to the nominative
(:mod:`ingest.extract.names_lt`); ``name_as_written`` keeps the source form.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import TypeVar

from ingest.extract.emails import Found, find_email_mentions
from ingest.extract.names_lt import normalize_person_name
from ingest.extract.person_candidates import (
    HAS_CONTACT,
    LIST_MARKER,
    OTHER_LABEL,
    Candidate,
    Line,
    find_candidates,
    has_role_word,
    looks_like_name,
    role_like,
    split_lines,
    split_segments,
)
from ingest.extract.person_words import CONTACT_HEADING, OFFICE, fold_word, is_contact_line, is_org_word
from ingest.extract.phones import find_phone_mentions
from ingest.records import Evidence, Person, PhoneNumber

EXTRACTOR = "people"

__all__ = ["find_people", "looks_like_name"]

_UNIT_WORDS = re.compile(
    r"(?i)\b(skyrius|poskyris|tarnyba|sektorius|division|department|unit|section|office|nodaļa|wydział|"
    r"referat|biuro|avdelning(en)?|enhet(en)?|afdeling(en)?|abteilung|amt|osasto|yksikkö|osakond|team)\b"
)
_MAX_BLOCK_LINES = 10
_MAX_PREAMBLE_LINES = 4


def _mention_lines(lines: list[Line], spans: list[int]) -> set[int]:
    """Indexes of lines that hold one of the given mention offsets."""
    found: set[int] = set()
    ordered = sorted(spans)
    cursor = 0
    for index, line in enumerate(lines):
        while cursor < len(ordered) and ordered[cursor] < line.start:
            cursor += 1
        if cursor < len(ordered) and ordered[cursor] <= line.end:
            found.add(index)
    return found


def _block_end(lines: list[Line], candidate: Candidate, next_start: int, contact_lines: set[int]) -> int:
    """End offset of the text that belongs to a candidate (its lines of role and contact data)."""
    line = lines[candidate.line]
    end = min(line.end, next_start)
    if candidate.form == "table":
        return end
    blank = preamble = taken = 0
    seen_contact = False
    for index in range(candidate.line + 1, len(lines)):
        following = lines[index]
        if following.start >= next_start or taken >= _MAX_BLOCK_LINES:
            break
        stripped = following.text.strip()
        if not stripped:
            blank += 1
            if blank > 1:
                break
            continue
        labelled = is_contact_line(stripped)
        contact_line = labelled or index in contact_lines
        other_label = OTHER_LABEL.match(stripped)
        if other_label and not labelled and not role_like(other_label.group(1)):
            break
        if not contact_line:
            short = len(stripped.split()) <= 12 and not stripped.endswith((".", ":"))
            if seen_contact or candidate.form != "line" or not short or preamble >= _MAX_PREAMBLE_LINES:
                break
            if blank and not (preamble == 0 and role_like(stripped)):
                break
            preamble += 1
        else:
            seen_contact = True
        blank = 0
        taken += 1
        end = min(following.end, next_start)
    return end


def _unit_above(lines: list[Line], first_line: int, block_lines: set[int]) -> str | None:
    """A unit heading ("... skyrius", "... Division") right above a person or a run of people."""
    for index in range(first_line - 1, max(-1, first_line - 60), -1):
        stripped = lines[index].text.strip()
        if not stripped or index in block_lines or CONTACT_HEADING.match(stripped):
            continue
        if LIST_MARKER.match(stripped) or OTHER_LABEL.match(stripped) or stripped.endswith(":"):
            continue
        words = stripped.split()
        if len(words) <= 10 and not HAS_CONTACT.search(stripped) and _UNIT_WORDS.search(stripped):
            return stripped.rstrip(":")
        return None
    return None


def _role_line_above(lines: list[Line], line: int, block_lines: set[int]) -> str | None:
    """A role written on the line just above a name line ("Seniūnas" / "Gintaras Jankauskas")."""
    above = line - 1
    if above < 0 or above in block_lines:
        return None
    text = lines[above].text.strip()
    if text and role_like(text) and has_role_word(text) and not OTHER_LABEL.match(text + " "):
        return text.rstrip(":")
    return None


def _office(block: str) -> str | None:
    match = OFFICE.search(block)
    return match.group("office") if match else None


#: A table column holding office rooms ("Kab.", "Kabinetas", "Room", "Zimmer", "Pokój", "Rum" ...).
_OFFICE_HEADER = re.compile(
    r"(?i)^(?:kab(?:inetas|inets)?|room|office|rm|telpa|pok[oó]j|pok|rum|huone|zimmer|raum|ruum|kontor|büro)"
    r"\.?(?:\s*(?:nr|no)\.?)?$"
)
_ROOM = re.compile(r"[A-Za-z]?\d{1,4}(?:[./-]\d{1,3})?[A-Za-z]?")


def _cells(row: str) -> list[str]:
    row = row.strip()
    if "\t" in row and "|" not in row:
        return [c.strip() for c in row.split("\t")]
    return [c.strip() for c in row.strip("|").split("|")]


def _table_office(lines: list[Line], row: int) -> str | None:
    """The office room of a staff-table row, from a column whose header says "Room"/"Kab."."""
    cells = _cells(lines[row].text)
    above = row - 1
    while above >= 0 and lines[above].text.strip() and len(_cells(lines[above].text)) == len(cells):
        header = _cells(lines[above].text)
        column = next((k for k, h in enumerate(header) if _OFFICE_HEADER.match(h)), None)
        if column is not None:
            value = cells[column]
            return value if _ROOM.fullmatch(value) else None
        above -= 1
    return None


def _name_matches_email(name: str, email: str) -> bool:
    local = email.split("@", 1)[0]
    parts = [fold_word(p) for p in re.split(r"[\s-]+", name) if len(p) > 1]
    return any(p and p[:4] in local for p in parts[-1:])


def find_people(text: str, language: str | None, default_region: str | None) -> list[Person]:
    """People in ``text`` with role, phones, faxes, e-mails and office, each with evidence spans."""
    lines = split_lines(text)
    candidates = find_candidates(lines)
    if not candidates:
        return []
    emails = sorted(find_email_mentions(text), key=_email_start)  # (already in order: for bisection)
    phones = sorted(find_phone_mentions(text, default_region), key=_phone_start)
    starts = [e.start for e in emails] + [p.evidence[0].start or 0 for p in phones if p.evidence]
    contact_lines = _mention_lines(lines, starts)
    ends = [
        _block_end(lines, c, candidates[i + 1].start if i + 1 < len(candidates) else len(text), contact_lines)
        for i, c in enumerate(candidates)
    ]
    block_lines: set[int] = set()
    for candidate, end in zip(candidates, ends, strict=True):
        index = candidate.line
        while index < len(lines) and lines[index].start < end:
            block_lines.add(index)
            index += 1
    people: dict[str, Person] = {}
    for candidate, end in zip(candidates, ends, strict=True):
        person = _person(text, lines, candidate, end, emails, phones, block_lines, language)
        if person is None:
            continue
        key = fold_word(person.name)
        if key in people:
            _merge(people[key], person)
        else:
            people[key] = person
    return list(people.values())


def _person(
    text: str,
    lines: list[Line],
    candidate: Candidate,
    end: int,
    emails: list[Found],
    phones: list[PhoneNumber],
    block_lines: set[int],
    language: str | None,
) -> Person | None:
    start = lines[candidate.line].start if candidate.form == "table" else candidate.end
    in_block_emails = [e.value for e in _between(emails, _email_start, start, end)]
    in_block_phones = _phones_in(_between(phones, _phone_start, start, end), start, end)
    office = _office(text[start:end])
    if office is None and candidate.form == "table":
        office = _table_office(lines, candidate.line)
    role, organization = candidate.role, None
    in_list = bool(LIST_MARKER.match(lines[candidate.line].text.strip()))
    for line in text[candidate.end : end].split("\n")[1:]:
        line = line.strip()
        if in_list and LIST_MARKER.match(line):
            break  # the next item of the same list ("- Advice to families" / "- Day centre"), not a role
        if not line or is_contact_line(line) or HAS_CONTACT.search(line):
            continue
        if role is None and role_like(line):
            role = line
        elif organization is None:
            organization = next((s for _, s in split_segments(line, 0) if _org_phrase(s)), None)
    if role is None and candidate.form == "line":
        role = _role_line_above(lines, candidate.line, block_lines)
    has_contact = bool(in_block_emails or in_block_phones or office)
    # a name with only a role is kept from a staff table or under a "Contact person" heading;
    # in running text "Name, role" is too often a heading pair ("Target Group, Representative ...")
    role_only_ok = has_role_word(role) and (candidate.form == "table" or candidate.heading)
    if not has_contact and not role_only_ok:
        return None
    confidence = 0.5 + (0.15 if role else 0) + (0.2 if has_contact else 0)
    if any(_name_matches_email(candidate.name, e) for e in in_block_emails):
        confidence += 0.1
    if candidate.heading:
        confidence += 0.05
    confidence = min(confidence, 0.99)
    evidence = [
        Evidence(candidate.start, candidate.end, candidate.name, EXTRACTOR, confidence),
        Evidence(candidate.start, end, text[candidate.start : end][:500], EXTRACTOR + ":block", confidence),
    ]
    return Person(
        name=normalize_person_name(candidate.name, language),
        name_as_written=candidate.name,
        role=role.strip().rstrip(".,;:") if role else None,
        organization=organization,
        unit=_unit_above(lines, candidate.line, block_lines),
        phones=in_block_phones,
        emails=list(dict.fromkeys(in_block_emails)),
        office=office,
        lang=language,
        evidence=evidence,
    )


def _org_phrase(segment: str) -> bool:
    words = segment.split()
    return (
        1 <= len(words) <= 8
        and any(is_org_word(w) for w in words if w[:1].isupper())
        and words[0][0].isupper()
    )


_T = TypeVar("_T")


def _email_start(found: Found) -> int:
    return found.start


def _phone_start(phone: PhoneNumber) -> int:
    span = phone.evidence[0] if phone.evidence else None
    return span.start if span is not None and span.start is not None else -1


def _between(items: list[_T], start_of: Callable[[_T], int], start: int, end: int) -> list[_T]:
    """The items starting in ``[start, end)``, found by bisection: e-mails and phones come in order of
    their start, and a page with thousands of people would otherwise scan them all for each person."""
    return items[bisect_left(items, start, key=start_of) : bisect_left(items, end, key=start_of)]


def _phones_in(phones: list[PhoneNumber], start: int, end: int) -> list[PhoneNumber]:
    merged: dict[tuple[str, str], PhoneNumber] = {}
    for phone in phones:
        span = phone.evidence[0] if phone.evidence else None
        if span is None or span.start is None or not start <= span.start < end:
            continue
        key = (phone.number, phone.kind)
        if key not in merged:
            merged[key] = PhoneNumber(
                phone.number, phone.kind, phone.valid, phone.as_written, list(phone.evidence)
            )
    return list(merged.values())


def _merge(into: Person, other: Person) -> None:
    known = {(p.number, p.kind) for p in into.phones}
    into.phones.extend(p for p in other.phones if (p.number, p.kind) not in known)
    into.emails.extend(e for e in other.emails if e not in into.emails)
    into.role = into.role or other.role
    into.office = into.office or other.office
    into.organization = into.organization or other.organization
    into.unit = into.unit or other.unit
    into.evidence.extend(other.evidence)
