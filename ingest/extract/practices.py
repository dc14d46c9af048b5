"""Good practices (UBC Wheel and other good-practice databases, in any of several layouts).

A practice page has labelled sections: description, objectives, participants, target group,
results, contact, tags ("Detailed description of the Good Practice", "Tikslai", "Målgrupp",
"Evidence of success" ...). Explicit tags are a "Tags"/"Keywords" section, or the short list
that follows the description; a site menu (Home / Search / Browse ...) or anything before the
first section is never tags. The source database is named in the page header ("... Good Practice
Database").
"""

from __future__ import annotations

import re

from ingest.extract.labels import (
    CONTACT,
    DESCRIPTION,
    OBJECTIVES,
    ORGANISATION,
    PARTICIPANTS,
    PRACTICE_LABELS,
    PRACTICE_MARKERS,
    RESULTS,
    TAGS,
    TARGET_GROUP_LABELS,
)
from ingest.extract.lists import section_items
from ingest.extract.organizations import OrgIndex
from ingest.extract.sections import (
    Layout,
    Line,
    Section,
    bullet_runs,
    clean_item,
    fold,
    heading_key,
    is_nav_run,
)
from ingest.records import Evidence, Person, Practice, Tag

TITLE_LABELS = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:title|practice|name of the practice|good practice|pavadinimas|"
    r"gerosios praktikos pavadinimas|nosaukums|tytuł|titel|nimi|nimetus)[ \t]*:[ \t]*(?P<v>.+)$"
)
_PRACTICE_WORDS = re.compile(
    r"(?i)good practices?|best practices?|gerosios? praktik\w*|labā prakse|labās prakses|dobr\w+ praktyk\w*|"
    r"goda exempel|god praksis|hyvä käytäntö|hyvät käytännöt|hea tava|gute praxis"
)
_DATABASE = re.compile(
    r"(?i)database|duomenų baz\w*|datubāz\w*|baza\b|baza dobrych|databas\w*|tietokan\w*|andmebaas\w*|"
    r"datenbank|library of good practices|good practice platform"
)
_INLINE_TAGS = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:tags|keywords|key words|topics|themes|raktažodžiai|žymės|atslēgvārdi|słowa kluczowe|"
    r"nyckelord|nøgleord|avainsanat|märksõnad|schlagwörter|stichwörter)[ \t]*:[ \t]*(?P<v>.+)$"
)
_INLINE_ORGANISATION = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:main institution|organisation|organization|lead organisation|lead organization|"
    r"implementing organisation|implementing organization|institution|organizacija|"
    r"įgyvendinanti organizacija|organizācija|instytucja|organisation|organisaatio|asutus)"
    r"[ \t]*:[ \t]*(?P<v>.+)$"
)
_RESULT_PARA = re.compile(r"(?i)\bresult(?:ed|s|ing)?\b|\brezultat\w*|\boutcome")


def _sections(lay: Layout, labels: tuple[str, ...]) -> list[Section]:
    return lay.find_all(labels)


def _first(lay: Layout, labels: tuple[str, ...]) -> Section | None:
    """The first section with one of ``labels`` (an empty one takes the next block as its body)."""
    found = _sections(lay, labels)
    return lay.body(found[0], PRACTICE_LABELS) if found else None


def looks_like_practice(lay: Layout, kind: str) -> bool:
    """A practice page: detected as one, or with labelled sections and a practice-database marker;
    a page of another kind needs a description section too (project news also has "goal", "target
    group" and "results")."""
    if kind == "practice":
        return True
    labelled = sum(
        1
        for labels in (DESCRIPTION, OBJECTIVES, PARTICIPANTS, TARGET_GROUP_LABELS, RESULTS)
        if _first(lay, labels)
    )
    headings = " ".join(s.title for s in lay.sections if s.heading is not None)
    marked = bool(_PRACTICE_WORDS.search(headings)) or any(
        _contains(lay.folded, fold(marker)) for marker in PRACTICE_MARKERS
    )
    if labelled >= 2 and marked:
        return True
    return kind == "other" and labelled >= 3 and _first(lay, DESCRIPTION) is not None


def _contains(haystack: str, needle: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def _explicit_tags(lay: Layout, description: Section | None) -> tuple[list[str], list[Line]]:
    inline = _INLINE_TAGS.search(lay.text)
    if inline:
        values = [clean_item(i) for i in re.split(r"[,;]", inline.group("v")) if clean_item(i)]
        line = lay.line_at(inline.start("v"))
        return values, [line] if line else []
    section = _first(lay, TAGS)
    if section is not None:
        lines = section.bullets() or section.lines
        items: list[str] = []
        for ln in lines:
            items += [clean_item(i) for i in re.split(r"[,;]", ln.content) if clean_item(i)]
        return items, lines
    if description is None:
        return [], []
    for run in bullet_runs(description.lines):
        if is_nav_run(run):
            continue
        if all(ln.word_count <= 5 and not ln.content.rstrip().endswith(".") for ln in run):
            return [clean_item(ln.content) for ln in run], run
    return [], []


def _title(lay: Layout, description: Section | None, doc_title: str | None, header_end: int) -> str | None:
    labelled = TITLE_LABELS.search(lay.text)
    if labelled:
        return labelled.group("v").strip()
    if description is not None and description.heading is not None:
        before = [
            s
            for s in lay.sections
            if s.heading is not None
            and s.heading.start < description.heading.start
            and s.heading.start >= header_end
        ]
        for section in reversed(before):
            key = heading_key(section.title)
            if _DATABASE.search(key) or len(key) <= 3 or _is_field(section.title):
                continue
            return section.title
    return doc_title


_FIELD = re.compile(r"^(?P<label>[^:]{2,40}):\s+\S")
_FIELD_LABELS = (*ORGANISATION, "location", "location of the practice", "country", "city", "region", "date")


def _is_field(line: str) -> bool:
    """A "Label: value" line such as "Main institution: Ezermala Municipality"."""
    m = _FIELD.match(line)
    return m is not None and heading_key(m.group("label")) in {fold(lb) for lb in _FIELD_LABELS}


def _source_database(lay: Layout, first_section_start: int) -> tuple[str | None, int]:
    """The database named in the page header ("UBC Wheel" + "Good Practice Database")."""
    header = [ln for ln in lay.lines if ln.start < first_section_start and not ln.is_bullet][:4]
    for i, ln in enumerate(header):
        if _DATABASE.search(ln.content) and ln.word_count <= 8:
            parts = [ln.content]
            if i > 0 and header[i - 1].word_count <= 4 and header[i - 1].index == ln.index - 1:
                parts.insert(0, header[i - 1].content)
            return " ".join(parts), ln.end
    return None, 0


def _paragraphs(section: Section | None, exclude: list[Line]) -> list[str]:
    if section is None:
        return []
    skip = {id(ln) for ln in exclude}
    paras = []
    for para in section.paragraphs():
        kept = [ln for ln in para if id(ln) not in skip]
        if kept:
            paras.append(" ".join(ln.content for ln in kept))
    return paras


def extract_practices(
    lay: Layout,
    index: OrgIndex,
    people: list[Person],
    *,
    kind: str,
    doc_title: str | None = None,
    language: str | None = None,
) -> list[Practice]:
    if not looks_like_practice(lay, kind):
        return []
    description = _first(lay, DESCRIPTION)
    objectives = _first(lay, OBJECTIVES)
    participants = _first(lay, PARTICIPANTS)
    targets = _first(lay, TARGET_GROUP_LABELS)
    results = _first(lay, RESULTS)
    contact = _first(lay, CONTACT)
    labelled = [s for s in (description, objectives, participants, targets, results) if s is not None]
    first_start = min((s.start for s in labelled), default=len(lay.text))
    database, header_end = _source_database(lay, first_start)
    tag_items, tag_lines = _explicit_tags(lay, description)
    title = _title(lay, description, doc_title, header_end)
    if not title:
        return []
    objective_paras = _paragraphs(objectives, tag_lines)
    result_paras = _paragraphs(results, tag_lines)
    if not result_paras:
        result_paras = [p for p in objective_paras[1:] if _RESULT_PARA.search(p)]
        objective_paras = [p for p in objective_paras if p not in result_paras]
    practice = Practice(
        title=title,
        description="\n\n".join(_paragraphs(description, tag_lines)) or None,
        objectives=objective_paras,
        participants=_paragraphs(participants, tag_lines),
        target_groups=section_items(targets)
        if targets and targets.bullets()
        else _paragraphs(targets, tag_lines),
        results=result_paras,
        source_database=database,
        lang=language,
    )
    practice.tags = [Tag(label=t, scheme="keywords", lang=language) for t in tag_items]
    _contact_and_organisation(practice, lay, index, people, contact)
    title_at = lay.text.find(title)
    if title_at >= 0:
        practice.evidence.append(Evidence(title_at, title_at + len(title), title, "practices.title", 0.8))
    return [practice]


def _contact_and_organisation(
    practice: Practice, lay: Layout, index: OrgIndex, people: list[Person], contact: Section | None
) -> None:
    org_section = _first(lay, ORGANISATION)
    inline = _INLINE_ORGANISATION.search(lay.text)
    if inline:
        inside = index.within(inline.start("v"), inline.end("v"))
        practice.organization = inside[0].name if inside else inline.group("v").strip()
    if contact is not None:
        start, end = contact.start, contact.end
        for person in people:
            at = (
                person.evidence[0].start if person.evidence and person.evidence[0].start is not None else None
            )
            if at is not None and start <= at <= end:
                practice.contact = person.name
                break
        if practice.contact is None:
            first = next(
                (ln for ln in contact.lines if 2 <= ln.word_count <= 4 and ln.content.istitle()), None
            )
            practice.contact = first.content if first else None
        orgs = [o for o in index.within(start, end + 1) if not o.is_unit]
        units = [o for o in index.within(start, end + 1) if o.is_unit]
        if practice.organization is not None:
            pass
        elif orgs:
            practice.organization = orgs[0].name
        elif units and units[0].parent:
            practice.organization = units[0].parent
    if practice.organization is None and org_section is not None:
        inside = index.within(org_section.start, org_section.end + 1)
        if inside:
            practice.organization = inside[0].name
        elif org_section.lines:
            practice.organization = org_section.lines[0].content
    if practice.organization is None and index.main is not None:
        practice.organization = index.main.name if not index.main.is_unit else index.main.parent
    if practice.organization:
        org = index.get(practice.organization)
        practice.country = org.country if org else None
