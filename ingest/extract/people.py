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
from dataclasses import dataclass
from typing import Literal

from ingest.extract.emails import Found, find_email_mentions
from ingest.extract.names_lt import normalize_person_name
from ingest.extract.person_words import (
    CONTACT_HEADING,
    HEADER_WORDS,
    HONORIFIC,
    LEADING_LABEL,
    NAME_PARTICLES,
    OFFICE,
    fold_word,
    is_contact_line,
    is_org_word,
    is_role_word,
)
from ingest.extract.phones import find_phone_mentions
from ingest.records import Evidence, Person, PhoneNumber

EXTRACTOR = "people"
Form = Literal["segment", "line", "label", "tail", "table"]

_SEGMENT_SPLIT = re.compile(r"(?<!\d),\s*|,(?:\s+|(?!\d))|;\s*|\s+[–—]\s+|\s+-\s+|\t+|\s*\|\s*")
_LIST_MARKER = re.compile(r"^(?:[-*+•]\s+|\d{1,3}[.)]\s+)")
_PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
_HAS_CONTACT = re.compile(r"@|\d{3}")
_OTHER_LABEL = re.compile(r"^([^:\d@|]{2,40}):\s")
_UNIT_WORDS = re.compile(
    r"(?i)\b(skyrius|poskyris|tarnyba|sektorius|division|department|unit|section|office|nodaļa|wydział|"
    r"referat|biuro|avdelning(en)?|enhet(en)?|afdeling(en)?|abteilung|amt|osasto|yksikkö|osakond|team)\b"
)
_MAX_BLOCK_LINES = 10
_MAX_PREAMBLE_LINES = 4


@dataclass
class _Line:
    start: int
    end: int
    text: str


@dataclass
class _Candidate:
    name: str
    start: int
    end: int
    line: int
    role: str | None
    form: Form
    inline: bool  # contact data may follow on the same line
    heading: bool = False  # under a "Contact person" heading


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    position = 0
    for raw in text.split("\n"):
        out.append(_Line(position, position + len(raw), raw))
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


def _split_segments(text: str, offset: int) -> list[tuple[int, str]]:
    segments: list[tuple[int, str]] = []
    cursor = 0
    for match in _SEGMENT_SPLIT.finditer(text):
        segments.append((offset + cursor, text[cursor : match.start()]))
        cursor = match.end()
    segments.append((offset + cursor, text[cursor:]))
    return [(s, t) for s, t in segments if t.strip()]


def _first_word(text: str) -> str:
    words = text.split()
    return fold_word(words[0]) if words else ""


def _role_like(text: str) -> bool:
    stripped = text.strip()
    if not stripped or _HAS_CONTACT.search(stripped) or is_contact_line(stripped):
        return False
    words = stripped.split()
    if len(words) > 14 or looks_like_name(_PAREN_TAIL.sub("", stripped)):
        return False
    return any(is_role_word(w) for w in words) or stripped[0].islower()


def _has_role_word(text: str | None) -> bool:
    return bool(text) and any(is_role_word(w) for w in (text or "").split())


def _strip_honorific(body: str) -> tuple[int, str]:
    match = HONORIFIC.match(body)
    return (match.end(), body[match.end() :]) if match else (0, body)


def _name_in(segment: str) -> tuple[int, int, str | None, Form] | None:
    """(start, end, role written before the name, form) of a name in a segment, or None."""
    body = _PAREN_TAIL.sub("", segment).rstrip(" .:")
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    skip, rest = _strip_honorific(body)
    if looks_like_name(rest):
        return lead + skip, lead + len(body), None, "segment"
    if ":" in body:
        label, _, after = body.partition(":")
        skip, name = _strip_honorific(after.strip())
        if looks_like_name(name) and _has_role_word(label):
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
    line: _Line, index: int, segments: list[tuple[int, str]], heading: bool
) -> list[_Candidate]:
    cells = [text for _, text in segments]
    if _header_row(cells):
        return []
    for position, (seg_start, cell) in enumerate(segments):
        parsed = _name_in(cell)
        if parsed is None or parsed[3] != "segment":
            continue
        start, end, _, _ = parsed
        others = [c for i, c in enumerate(cells) if i != position and _role_like(c)]
        with_role = [c for c in others if _has_role_word(c)]
        after = [c for i, c in enumerate(cells) if i > position and _role_like(c)]
        role = (with_role or after or [""])[0] or None
        return [
            _Candidate(
                cell[start:end], seg_start + start, seg_start + end, index, role, "table", True, heading
            )
        ]
    return []


def _candidates_in_line(line: _Line, index: int, heading: bool) -> list[_Candidate]:
    text = line.text
    marker = _LIST_MARKER.match(text)
    offset = marker.end() if marker else 0
    label = LEADING_LABEL.match(text, offset)
    if label:
        offset = label.end()
    segments = _split_segments(text[offset:], line.start + offset)
    if not segments:
        return []
    stripped = text.strip()
    if stripped.startswith("|") or stripped.count(" | ") >= 2 or "\t" in stripped:
        return _table_candidate(line, index, segments, heading)
    found: list[_Candidate] = []
    for position, (seg_start, segment) in enumerate(segments):
        if position > 0:
            previous = segments[position - 1][1]
            if not (_HAS_CONTACT.search(previous) or is_contact_line(previous)):
                continue
        parsed = _name_in(segment)
        if parsed is None:
            continue
        start, end, role, form = parsed
        following = [s for _, s in segments[position + 1 :]]
        if role is None and following and _role_like(following[0]):
            role = following[0]
        if form == "segment" and len(segments) == 1:
            form = "line"
        inline = position < len(segments) - 1
        found.append(
            _Candidate(
                segment[start:end], seg_start + start, seg_start + end, index, role, form, inline, heading
            )
        )
    return found


def _find_candidates(lines: list[_Line]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
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


def _mention_lines(lines: list[_Line], spans: list[int]) -> set[int]:
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


def _block_end(lines: list[_Line], candidate: _Candidate, next_start: int, contact_lines: set[int]) -> int:
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
        other_label = _OTHER_LABEL.match(stripped)
        if other_label and not labelled and not _role_like(other_label.group(1)):
            break
        if not contact_line:
            short = len(stripped.split()) <= 12 and not stripped.endswith((".", ":"))
            if seen_contact or candidate.form != "line" or not short or preamble >= _MAX_PREAMBLE_LINES:
                break
            if blank and not (preamble == 0 and _role_like(stripped)):
                break
            preamble += 1
        else:
            seen_contact = True
        blank = 0
        taken += 1
        end = min(following.end, next_start)
    return end


def _unit_above(lines: list[_Line], first_line: int, block_lines: set[int]) -> str | None:
    """A unit heading ("... skyrius", "... Division") right above a person or a run of people."""
    for index in range(first_line - 1, max(-1, first_line - 60), -1):
        stripped = lines[index].text.strip()
        if not stripped or index in block_lines or CONTACT_HEADING.match(stripped):
            continue
        if _LIST_MARKER.match(stripped) or _OTHER_LABEL.match(stripped) or stripped.endswith(":"):
            continue
        words = stripped.split()
        if len(words) <= 10 and not _HAS_CONTACT.search(stripped) and _UNIT_WORDS.search(stripped):
            return stripped.rstrip(":")
        return None
    return None


def _role_line_above(lines: list[_Line], line: int, block_lines: set[int]) -> str | None:
    """A role written on the line just above a name line ("Seniūnas" / "Gintaras Jankauskas")."""
    above = line - 1
    if above < 0 or above in block_lines:
        return None
    text = lines[above].text.strip()
    if text and _role_like(text) and _has_role_word(text) and not _OTHER_LABEL.match(text + " "):
        return text.rstrip(":")
    return None


def _office(block: str) -> str | None:
    match = OFFICE.search(block)
    return match.group("office") if match else None


def _name_matches_email(name: str, email: str) -> bool:
    local = email.split("@", 1)[0]
    parts = [fold_word(p) for p in re.split(r"[\s-]+", name) if len(p) > 1]
    return any(p and p[:4] in local for p in parts[-1:])


def find_people(text: str, language: str | None, default_region: str | None) -> list[Person]:
    """People in ``text`` with role, phones, faxes, e-mails and office, each with evidence spans."""
    lines = _lines(text)
    candidates = _find_candidates(lines)
    if not candidates:
        return []
    emails = find_email_mentions(text)
    phones = find_phone_mentions(text, default_region)
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
    lines: list[_Line],
    candidate: _Candidate,
    end: int,
    emails: list[Found],
    phones: list[PhoneNumber],
    block_lines: set[int],
    language: str | None,
) -> Person | None:
    start = lines[candidate.line].start if candidate.form == "table" else candidate.end
    in_block_emails = [e.value for e in emails if start <= e.start < end]
    in_block_phones = _phones_in(phones, start, end)
    office = _office(text[start:end])
    role, organization = candidate.role, None
    for line in text[candidate.end : end].split("\n")[1:]:
        line = line.strip()
        if not line or is_contact_line(line) or _HAS_CONTACT.search(line):
            continue
        if role is None and _role_like(line):
            role = line
        elif organization is None:
            organization = next((s for _, s in _split_segments(line, 0) if _org_phrase(s)), None)
    if role is None and candidate.form == "line":
        role = _role_line_above(lines, candidate.line, block_lines)
    has_contact = bool(in_block_emails or in_block_phones or office)
    # a name with only a role is kept from a staff table or under a "Contact person" heading;
    # in running text "Name, role" is too often a heading pair ("Target Group, Representative ...")
    role_only_ok = _has_role_word(role) and (candidate.form == "table" or candidate.heading)
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
