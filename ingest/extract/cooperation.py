"""Organisation profile fields and cooperation: priorities, networks, partnerships, twin towns.

Profile pages (e.g. of a municipality in a cooperation database) have labelled fields: legal
status, fields of activity, priorities for international cooperation, participation in networks,
ongoing cooperation. Partnerships named by a project ("With HISTCAPE partners – A, B in Poland,
C in Belarus") become a :class:`~ingest.records.Project` with those partners and ``partner``
relations from the page's organisation; twin towns become ``twin`` relations and networks
``network`` relations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from ingest.extract.labels import (
    FIELDS,
    HOMEPAGE,
    LEGAL_STATUS,
    NETWORKS,
    ONGOING,
    PRIORITIES,
    PROFILE_LABELS,
    TWINS,
)
from ingest.extract.organizations import OrgIndex, assign_list_countries
from ingest.extract.scan import MAX_LISTS
from ingest.extract.sections import Layout, Section, split_list
from ingest.records import Evidence, Organization, Project, Relation

#: Label words are at most 80 characters and taken whole (possessive): a long run of capitals is not a
#: label, and scanning it from every position would take quadratic time.
_PARTNERS_OF = re.compile(
    r"(?:\b(?i:with|su)\s++)?(?P<label>[A-Z][\w-]{2,80}+(?:\s++[A-Z][\w-]{1,80}+){0,3})\s++"
    r"(?:project\s++|projekto\s++)?(?:partners|partneriais|partneriai|partneri|partnerzy|partnerit)\s*[:–—-]\s*"
)
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"')]+")


@dataclass
class Cooperation:
    projects: list[Project] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def _value(section: Section | None) -> str | None:
    if section is None:
        return None
    paras = section.paragraph_texts()
    return paras[0].strip() if paras else None


def _items(section: Section | None) -> list[str]:
    if section is None:
        return []
    bullets = section.bullets()
    if bullets:
        return [b.content.strip().rstrip(";,.").strip() for b in bullets if b.content.strip(" ;,.")]
    return [p for p in section.paragraph_texts() if p and not p.rstrip().endswith(":")]


def _field(lay: Layout, labels: tuple[str, ...]) -> Section | None:
    found = lay.find(labels)
    return lay.body(found, PROFILE_LABELS) if found is not None else None


def apply_profile(lay: Layout, org: Organization | None) -> None:
    """Fill the profile fields of the page's organisation from its labelled sections."""
    if org is None:
        return
    status = _value(_field(lay, LEGAL_STATUS))
    if status and len(status) <= 120:
        org.legal_status = org.legal_status or status
        org.type_label = org.type_label or status
    fields = _items(_field(lay, FIELDS))
    if fields:
        org.fields_of_activity = fields
    priorities = _items(_field(lay, PRIORITIES))
    if priorities:
        org.cooperation_priorities = [p.rstrip(".") for p in priorities]
    networks = [n for n in _items(_field(lay, NETWORKS)) if len(n) <= 120]
    if networks:
        org.networks = networks
    home = _field(lay, HOMEPAGE)
    if home is not None and org.homepage is None:
        found = _URL.search(home.text())
        if found:
            org.homepage = found.group() if found.group().startswith("http") else "https://" + found.group()


def list_span(text: str, start: int) -> tuple[int, int]:
    """Where a list of names that begins at ``start`` ends: " - verb", a full stop, a blank line."""
    while start < len(text) and text[start].isspace():
        start += 1
    end = len(text)
    for pattern in (r"\s[-–—]\s+(?=[a-ząčęėįšųūž])", r"\.(?:\s|$)", r"\n\s*\n"):
        m = re.compile(pattern).search(text, start)
        if m and m.start() < end:
            end = m.start()
    return start, end


def _names_in(text: str, index: OrgIndex, start: int, end: int) -> list[Organization]:
    found = index.within(start, end)
    if found:
        return found
    out = []
    for item in split_list(text[start:end], conjunctions=True):
        if item[:1].isupper() and len(item) <= 100:
            offset = text.find(item, start)
            out.append(index.add(item, offset, offset + len(item), extractor="cooperation", confidence=0.6))
    return out


def extract_cooperation(text: str, lay: Layout, index: OrgIndex) -> Cooperation:
    result = Cooperation()
    main = index.main
    for m in islice(_PARTNERS_OF.finditer(text), MAX_LISTS):
        label = m.group("label").strip()
        if label.lower() in {"project", "our", "the", "with"}:
            continue
        start, end = list_span(text, m.end())
        assign_list_countries(index, start, end)
        partners = [o for o in _names_in(text, index, start, end) if o is not main]
        if not partners:
            continue
        evidence = Evidence(m.start("label"), m.end("label"), label, "cooperation", 0.8)
        result.projects.append(Project(title=label, partners=[p.name for p in partners], evidence=[evidence]))
        if main is not None:
            for partner in partners:
                result.relations.append(
                    Relation(
                        main.name,
                        partner.name,
                        "partner",
                        label,
                        [Evidence(start, end, text[start:end][:200], "cooperation", 0.8)],
                    )
                )
    if main is not None:
        for section in lay.find_all(TWINS):
            for org in _names_in(text, index, section.start, section.end + 1):
                if org is not main:
                    result.relations.append(
                        Relation(
                            main.name,
                            org.name,
                            "twin",
                            None,
                            [Evidence(section.start, section.end, "", "cooperation", 0.7)],
                        )
                    )
        linked = {(r.object, r.kind) for r in result.relations}
        for section in lay.find_all(ONGOING):
            for org in index.within(section.start, section.end + 1):
                if org is not main and (org.name, "partner") not in linked:
                    linked.add((org.name, "partner"))
                    result.relations.append(
                        Relation(
                            main.name,
                            org.name,
                            "cooperation",
                            None,
                            [Evidence(section.start, section.end, "", "cooperation", 0.6)],
                        )
                    )
        for network in main.networks:
            net = index.add(network, 0, 0, type="network", extractor="cooperation.networks", confidence=0.7)
            result.relations.append(Relation(main.name, net.name, "network", None))
    return result
