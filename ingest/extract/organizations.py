"""Organisations and units of a page: names, types, parents, addresses and the page's main organisation.

Names come from :mod:`ingest.extract.orgnames`; mentions of one organisation (same folded,
nominative name) become one :class:`~ingest.records.Organization`. A unit's parent comes from its
name ("... Division of X", "<X gen.> <Unit> skyrius"), else from the organisation written next to
it (a contact block), else from the page's main organisation. An address belongs to the nearest
organisation named before it, else to the main organisation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.extract.addresses import AddressMatch, find_addresses
from ingest.extract.countries import country_from_text, trailing_country
from ingest.extract.orgnames import NameMention, find_org_names
from ingest.extract.orgparents import split_parent
from ingest.extract.sections import Layout, fold
from ingest.records import Evidence, Label, Organization

#: Evidence extractor of organisations known only as the parent written inside another name.
DERIVED_PARENT = "organizations.parent"
_ADMIN_TYPES = frozenset({"municipality", "administration", "county"})
#: How far (characters) an address or unit may be from the organisation it belongs to.
_NEAR = 300


@dataclass
class OrgIndex:
    """The organisations of one page and where they are mentioned."""

    text: str
    organizations: list[Organization] = field(default_factory=list)
    mentions: list[tuple[int, int, Organization]] = field(default_factory=list)
    addresses: list[AddressMatch] = field(default_factory=list)
    main: Organization | None = None

    def get(self, name: str) -> Organization | None:
        key = fold(name)
        for org in self.organizations:
            if fold(org.name) == key or any(fold(lb.text) == key for lb in org.labels):
                return org
        return None

    def add(
        self,
        name: str,
        start: int,
        end: int,
        *,
        type: str = "other",
        is_unit: bool = False,
        country: str | None = None,
        lang: str | None = None,
        extractor: str = "organizations",
        confidence: float = 1.0,
    ) -> Organization:
        """Record a mention of ``name`` (adding the organisation if new) and return it."""
        org = self.get(name)
        evidence = Evidence(start, end, self.text[start:end] if end > start else name, extractor, confidence)
        if org is None:
            org = Organization(name=name, type=type, is_unit=is_unit, country=country, lang=lang)
            self.organizations.append(org)
        else:
            if org.type == "other" and type != "other":
                org.type = type
            if country and not org.country:
                org.country = country
        org.evidence.append(evidence)
        if end > start:
            self.mentions.append((start, end, org))
            self.mentions.sort(key=lambda m: m[0])
        return org

    def at(self, offset: int) -> Organization | None:
        for start, end, org in self.mentions:
            if start <= offset < end:
                return org
        return None

    def within(self, start: int, end: int) -> list[Organization]:
        seen: list[Organization] = []
        for s, _e, org in self.mentions:
            if start <= s < end and org not in seen:
                seen.append(org)
        return seen

    def nearest(
        self,
        offset: int,
        *,
        before: bool = True,
        after: bool = True,
        units: bool | None = None,
        limit: int = _NEAR,
    ) -> Organization | None:
        best: tuple[int, Organization] | None = None
        for s, e, org in self.mentions:
            if units is not None and org.is_unit != units:
                continue
            if before and e <= offset:
                distance = offset - e
            elif after and s >= offset:
                distance = s - offset
            else:
                continue
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, org)
        return best[1] if best else None


def _rename_unit(index: OrgIndex, unit: Organization, own_name: str) -> None:
    """Name a unit by its own words ("Švietimo skyrius"); the long form stays as a label. A unit
    written both ways on the page becomes one."""
    long_name = unit.name
    same = index.get(own_name)
    if same is not None and same is not unit and same.is_unit and same.parent in (None, unit.parent):
        same.parent = unit.parent
        same.evidence.extend(unit.evidence)
        same.labels.extend(lb for lb in unit.labels if lb not in same.labels)
        index.mentions = [(s, e, same if o is unit else o) for s, e, o in index.mentions]
        index.organizations.remove(unit)
        unit = same
    else:
        unit.name = own_name
    if fold(long_name) != fold(unit.name) and all(fold(lb.text) != fold(long_name) for lb in unit.labels):
        unit.labels.append(Label(long_name, unit.lang))


def _better_name(current: str, candidate: str) -> str:
    """Prefer the variant written with more capitals ("Alytus City Municipality")."""

    def capitals(name: str) -> int:
        return sum(1 for w in name.split() if w[:1].isupper())

    return candidate if capitals(candidate) > capitals(current) else current


def _add_mention(index: OrgIndex, mention: NameMention, language: str | None) -> Organization:
    lang = mention.head.lang if mention.head and mention.head.lang != "en" else None
    org = index.add(
        mention.name,
        mention.start,
        mention.end,
        type=mention.type,
        is_unit=mention.is_unit,
        lang=lang or language,
        confidence=0.9,
    )
    org.name = _better_name(org.name, mention.name)
    differs = mention.as_written != mention.name and fold(mention.as_written) != fold(mention.name)
    if differs and all(lb.text != mention.as_written for lb in org.labels):
        org.labels.append(Label(mention.as_written, lang or language))
    return org


def extract_organizations(
    text: str, lay: Layout, *, language: str | None, default_country: str | None
) -> OrgIndex:
    index = OrgIndex(text)
    mentions = find_org_names(text)
    for mention in mentions:
        _add_mention(index, mention, language)
    # parents named inside the name ("<X> Administration", "<X gen.> administracija", "Y of <X>")
    for mention in mentions:
        split = split_parent(mention, text)
        org = index.get(mention.name)
        if split is None or org is None or org.parent is not None:
            continue
        parent = index.get(split.parent) or index.add(
            split.parent,
            split.start,
            split.end,
            type="municipality",
            lang=org.lang,
            confidence=0.8,
            extractor=DERIVED_PARENT,
        )
        if parent is org:
            continue
        org.parent = parent.name
        if split.unit:
            org.is_unit = True
        if split.own_name and org.is_unit:
            _rename_unit(index, org, split.own_name)
    assign_list_countries(index)
    index.main = _main_organization(index, lay)
    index.addresses = find_addresses(text, default_country)
    _attach_addresses(index)
    attach_unit_parents(index)
    return index


_COUNTRY_MARKERS = ("in ", "(", "from ", "iš ", "w ", "z ", "i ", "aus ", "im ", "en ", "kohta ")
_MARKER_END = re.compile(r"[,;]|\b(?:and|och|og|und|ir|un|ja|oraz)\b")
_SEPARATOR_ONLY = re.compile(r"^[\s,;]*(?:(?:and|ir|un|i|oraz|och|og|ja|und|&)\s+)?$", re.IGNORECASE)


def assign_list_countries(index: OrgIndex, start: int = 0, end: int | None = None) -> None:
    """Give "A, B and C in Poland, D in Belarus" their countries (every name before the marker)."""
    mentions: list[tuple[int, int, Organization]] = []
    for s, e, org in index.mentions:
        if s < start or (end is not None and e > end) or (mentions and s < mentions[-1][1]):
            continue  # outside, or a parent written inside the previous name
        mentions.append((s, e, org))
    pending: list[Organization] = []
    for i, (_s, e, org) in enumerate(mentions):
        pending.append(org)
        next_start = mentions[i + 1][0] if i + 1 < len(mentions) else len(index.text)
        gap = index.text[e:next_start]
        line_end = gap.find("\n")
        head = gap if line_end < 0 else gap[:line_end]
        stripped = head.lstrip()
        if stripped.startswith(_COUNTRY_MARKERS):
            marker = _MARKER_END.split(stripped, maxsplit=1)[0] if not stripped.startswith("(") else stripped
            _, country = trailing_country(" " + marker[:80])
            if country:
                for pending_org in pending:
                    if not pending_org.country:
                        pending_org.country = country
                pending = []
                continue
        # "Northbay Regional Council, Ireland: ..." names the country of this one name
        after_comma = re.match(r"\s*,\s*([^,;:\n]{3,40}?)\s*(?:[:;\n]|$)", head)
        if after_comma and not org.country:
            country = country_from_text(after_comma.group(1))
            if country:
                org.country = country
                pending = []
                continue
        if not _SEPARATOR_ONLY.match(gap):
            pending = []
    # a parent known from inside an administration's name is in the same country
    for org in index.organizations:
        if org.parent and org.country:
            parent = index.get(org.parent)
            if parent is not None and parent.country is None:
                parent.country = org.country


def _main_organization(index: OrgIndex, lay: Layout) -> Organization | None:
    if not index.organizations:
        return None
    early = lay.lines[4].end if len(lay.lines) > 4 else len(index.text)
    counts: Counter[int] = Counter()
    first_seen: dict[int, int] = {}
    for start, _end, org in index.mentions:
        counts[id(org)] += 1
        first_seen.setdefault(id(org), start)

    def score(org: Organization) -> tuple[float, int]:
        value = float(counts[id(org)])
        if first_seen.get(id(org), len(index.text)) < early:
            value += 3
        if org.type in _ADMIN_TYPES:
            value += 1
        if org.is_unit:
            value -= 5
        if org.parent and not org.is_unit:
            value -= 0.5
        return value, -first_seen.get(id(org), 0)

    return max(index.organizations, key=score)


def _attach_addresses(index: OrgIndex) -> None:
    """An address belongs to the organisation named at the start of its line ("Urząd Gminy X, ul. ..."),
    else to one named on the line or two before it (a contact block), else to the page's organisation."""
    text = index.text
    for match in index.addresses:
        line_start = text.rfind("\n", 0, match.start) + 1
        on_line = [o for s, _e, o in index.mentions if line_start <= s < match.end]
        owner = next((o for o in on_line if not o.is_unit), None)
        if owner is None:
            window_start = line_start
            for _ in range(2):
                window_start = text.rfind("\n", 0, max(window_start - 1, 0)) + 1
            near = [o for s, e, o in index.mentions if window_start <= s and e <= match.start]
            owner = next((o for o in reversed(near) if not o.is_unit), None)
            if owner is None and near:
                unit = near[-1]
                owner = index.get(unit.parent) if unit.parent else None
        if owner is None and index.main is not None:
            owner = index.get(index.main.parent) if index.main.is_unit and index.main.parent else index.main
        if owner is None or owner.address is not None:
            continue
        # "Urząd Gminy X, ul. Mazurska 3, ...": the name is not part of the address
        name_end = max(
            (e for s, e, o in index.mentions if o is owner and line_start <= s < match.end), default=-1
        )
        if name_end > match.start:
            rest = text[name_end : match.end].lstrip(" ,;:")
            match.address.text = " ".join(rest.split())
            if match.address.street and match.address.street.startswith(text[match.start : name_end]):
                match.address.street = match.address.street[name_end - match.start :].lstrip(" ,;:") or None
        owner.address = match.address
        if match.address.country and not owner.country:
            owner.country = match.address.country


def attach_unit_parents(index: OrgIndex) -> None:
    """Units without a parent in their name belong to the organisation written next to them."""
    for org in index.organizations:
        if not org.is_unit or org.parent:
            continue
        parent: Organization | None = None
        for start, end, mentioned in index.mentions:
            if mentioned is not org:
                continue
            # the organisation on the next line(s) of a contact block, or earlier on the same line
            same_line = start - (index.text.rfind("\n", 0, start) + 1)
            candidate = index.nearest(end, before=False, units=False, limit=120) or index.nearest(
                start, after=False, units=False, limit=min(120, same_line)
            )
            if candidate is not None and (candidate.type != "other" or candidate is index.main):
                parent = candidate
                break
        if parent is None and index.main is not None and not index.main.is_unit:
            parent = index.main
        if parent is not None and parent is not org:
            org.parent = parent.name
