"""Page extraction: cleaned text → :class:`~ingest.records.ExtractedDocument`.

:func:`extract_document` is a pure function of its arguments (no store access): it detects the
language and kind, works out the document's default region (addresses, e-mail domains, places
it names, language), runs every extractor (e-mails, phones, people, organisations and units,
profile fields and cooperation, projects, practices), links people to their organisation and
unit, resolves organisations to canonical keys (:mod:`ingest.resolve`) and maps or suggests tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ingest.detect import detect_kind, detect_language
from ingest.extract.addresses import find_addresses
from ingest.extract.cooperation import apply_profile, extract_cooperation
from ingest.extract.countries import default_region, labelled_countries, name_letter_countries
from ingest.extract.dates import publication_date
from ingest.extract.emails import find_emails
from ingest.extract.labels import known_labels
from ingest.extract.organizations import OrgIndex, extract_organizations
from ingest.extract.people import find_people
from ingest.extract.phones import find_phones
from ingest.extract.practices import extract_practices
from ingest.extract.projects import extract_projects
from ingest.extract.sections import Layout, fold, layout
from ingest.extract.tag_labels import merge_label_hits
from ingest.extract.tags import SUGGEST_THRESHOLD, SUGGEST_TOP_K, TextEncoder, map_tags, suggest_tags
from ingest.municipalities import mentioned_countries
from ingest.records import DocumentKind, ExtractedDocument, Organization, Person, Practice, Project, Tag
from ingest.resolve import resolve

__all__ = ["extract_document"]


def extract_document(
    text: str,
    *,
    source: str,
    source_url: str | None = None,
    title: str | None = None,
    file_name: str | None = None,
    published: date | None = None,
    suggest: bool = True,
    encoder: TextEncoder | None = None,
    suggest_threshold: float = SUGGEST_THRESHOLD,
    suggest_top_k: int = SUGGEST_TOP_K,
) -> ExtractedDocument:
    """Everything the extractors find in one page's cleaned ``text``.

    ``suggest=False`` skips tag suggestions (no embedding model is loaded); ``encoder`` replaces the
    shared model for suggestions (tests pass a deterministic one).
    """
    if not isinstance(text, str):
        raise TypeError(f"{source}: extract_document needs the page text as str, got {type(text).__name__}")
    language, language_confidence = detect_language(text)
    kind, kind_confidence = detect_kind(text, title)
    lay = layout(text, known_labels())
    languages = [language] if language else []
    emails = [found.value for found in find_emails(text)]
    region = default_region(
        language=language,
        address_countries=[*(m.address.country for m in find_addresses(text)), *labelled_countries(text)],
        emails=emails,
        reference_countries=[*mentioned_countries(text), *name_letter_countries(text)],
    )
    phones = find_phones(text, region)
    people = find_people(text, language, region)
    index = extract_organizations(text, lay, language=language, default_country=region)
    apply_profile(lay, index.main)
    cooperation = extract_cooperation(text, lay, index)
    projects = extract_projects(
        text, lay, index, languages=languages, region=region, kind=kind, doc_title=title
    )
    projects = _merge_projects(projects, cooperation.projects)
    practices = extract_practices(lay, index, people, kind=kind, doc_title=title, language=language)
    _link_people(people, index, kind)
    doc = ExtractedDocument(
        source=source,
        source_url=source_url,
        file_name=file_name,
        title=title or _guess_title(lay, practices, projects, kind),
        language=language,
        kind=_kind(kind),
        kind_confidence=kind_confidence,
        published=published or publication_date(text, languages or ["en"]),
        text=text,
        organizations=index.organizations,
        people=people,
        emails=emails,
        phones=phones,
        practices=practices,
        projects=projects,
        relations=cooperation.relations,
        extra={
            "region": region,
            "language_confidence": round(language_confidence, 3),
            "main_organization": index.main.name if index.main else None,
        },
    )
    _ensure_named_organizations(doc, index)
    resolve(doc)
    index.reindex()  # resolve adds labels (and organisations) that later look-ups must see
    _default_countries(doc.organizations, region)
    _countries_of_records(doc, index)
    _tags(doc, suggest=suggest, encoder=encoder, threshold=suggest_threshold, top_k=suggest_top_k)
    return doc


_KINDS: tuple[DocumentKind, ...] = ("profile", "department", "practice", "project_news", "record", "other")


def _kind(value: str) -> DocumentKind:
    for kind in _KINDS:
        if kind == value:
            return kind
    return "other"


def _guess_title(lay: Layout, practices: list[Practice], projects: list[Project], kind: str) -> str | None:
    """A title when the reader found none: the practice's, else the first headline-like line."""
    if practices:
        return practices[0].title
    least = 3 if kind == "project_news" else 2
    for line in lay.lines[:8]:
        text = line.content.rstrip()
        if line.is_bullet or text.endswith((">", "»", "|", "/")) or not least <= line.word_count <= 25:
            continue
        return text
    return projects[0].title if projects else None


def _merge_projects(main: list[Project], more: list[Project]) -> list[Project]:
    out = list(main)
    for project in more:
        same = next((p for p in out if fold(p.title) == fold(project.title)), None)
        if same is None:
            out.append(project)
        else:
            same.partners = list(dict.fromkeys([*same.partners, *project.partners]))
    return out


def _person_span(person: Person) -> tuple[int, int] | None:
    spans = [(e.start, e.end) for e in person.evidence if e.start is not None and e.end is not None]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _link_people(people: list[Person], index: OrgIndex, kind: str) -> None:
    """Each person's organisation and unit, as names of organisations of the page."""
    units = [o for o in index.organizations if o.is_unit]
    for person in people:
        span = _person_span(person)
        unit: Organization | None = None
        org: Organization | None = None
        if person.unit:
            unit = index.get(person.unit)
        if unit is None and person.role:
            folded_role = fold(person.role)
            unit = next((u for u in units if fold(u.name) in folded_role), None)
        if span is not None:
            inside = index.within(span[0], span[1] + 1)
            org = next((o for o in inside if not o.is_unit), None)
            unit = unit or next((o for o in inside if o.is_unit), None)
            if unit is None and kind == "department":
                before = index.nearest(span[0], after=False, units=True, limit=len(index.text))
                unit = before
        if unit is None and kind == "department" and len(units) == 1:
            unit = units[0]
        if org is None and unit is not None and unit.parent:
            org = index.get(unit.parent)
        if org is None and index.main is not None and not index.main.is_unit:
            org = index.main
        person.unit = unit.name if unit is not None else None
        person.organization = org.name if org is not None else None


def _ensure_named_organizations(doc: ExtractedDocument, index: OrgIndex) -> None:
    """Every organisation a record names (lead, partner, parent, relation) is in ``doc.organizations``."""
    names: list[str] = []
    for project in doc.projects:
        names += [n for n in (project.lead, *project.partners) if n]
    for practice in doc.practices:
        if practice.organization:
            names.append(practice.organization)
    for relation in doc.relations:
        names += [relation.subject, relation.object]
    names += [o.parent for o in doc.organizations if o.parent]
    for name in names:
        if index.get(name) is None:
            index.add(name, 0, 0, extractor="extract.named", confidence=0.5)
    doc.organizations = index.organizations


def _default_countries(orgs: Iterable[Organization], region: str | None) -> None:
    """Organisations without an explicit country are in the document's region."""
    if region is None:
        return
    for org in orgs:
        supranational = org.type in {"network", "ngo"} and _SUPRANATIONAL.search(fold(org.name))
        if org.country is None and org.type != "network" and not supranational:
            org.country = region


def _countries_of_records(doc: ExtractedDocument, index: OrgIndex) -> None:
    """A practice is in its organisation's country, a project in its lead's."""
    for practice in doc.practices:
        org = index.get(practice.organization) if practice.organization else None
        practice.country = practice.country or (org.country if org else None)
    for project in doc.projects:
        org = index.get(project.lead) if project.lead else None
        project.country = project.country or (org.country if org else None)


#: Names of bodies that belong to no one country ("Union of the Baltic Cities").
_SUPRANATIONAL = re.compile(
    r"\b(?:baltic|baltijos|baltijas|baltyck\w*|nordic|north sea|european|europe|europos|eiropas|europejsk\w*|"
    r"international|tarptautin\w*|union of|network of|interreg)\b"
)


def _tags(
    doc: ExtractedDocument, *, suggest: bool, encoder: TextEncoder | None, threshold: float, top_k: int
) -> None:
    explicit: list[Tag] = []
    for practice in doc.practices:
        scheme = _scheme_key(practice.source_database)
        practice.tags = map_tags([t.label for t in practice.tags], lang=doc.language, source_scheme=scheme)
        explicit += practice.tags
    doc.tags = list({(t.scheme, t.label): t for t in explicit}.values())
    if doc.tags or not suggest:
        return
    body = "\n\n".join(filter(None, [doc.title, doc.text]))
    suggested = suggest_tags(body, encoder=encoder, threshold=threshold, top_k=top_k)
    suggested = merge_label_hits(suggested, doc.title, doc.text, doc.language, top_k)
    doc.tags = suggested
    for practice in doc.practices:
        practice.tags = list(suggested)
    for project in doc.projects:
        project.tags = list(suggested)


def _scheme_key(database: str | None) -> str:
    """The scheme explicit tags of a source belong to: its database's name, else "keywords"."""
    if not database:
        return "keywords"
    from kg.iris import slug

    return slug(database)[:60] or "keywords"
