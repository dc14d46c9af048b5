"""Organisations and units of a page: names, types, parents, addresses and the page's main organisation.

Names come from :mod:`ingest.extract.orgnames`; mentions of one organisation (same folded,
nominative name) become one :class:`~ingest.records.Organization`. A unit's parent comes from its
name ("... Division of X", "<X gen.> <Unit> skyrius"), else from the organisation written next to
it (a contact block), else from the page's main organisation. An address belongs to the nearest
organisation named before it, else to the main organisation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from ingest.extract.addresses import find_addresses
from ingest.extract.countries import country_from_text, trailing_country
from ingest.extract.orgindex import NEAR, OrgIndex
from ingest.extract.orgnames import NameMention, find_org_names
from ingest.extract.orgparents import split_parent
from ingest.extract.scan import LineIndex
from ingest.extract.sections import Layout, fold
from ingest.records import Label, Organization

__all__ = ["DERIVED_PARENT", "NEAR", "OrgIndex", "assign_list_countries", "extract_organizations"]

#: Evidence extractor of organisations known only as the parent written inside another name.
DERIVED_PARENT = "organizations.parent"
_ADMIN_TYPES = frozenset({"municipality", "administration", "county"})


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
        index.remove(unit)
        unit = same
    else:
        unit.name = own_name
    if fold(long_name) != fold(unit.name) and all(fold(lb.text) != fold(long_name) for lb in unit.labels):
        unit.labels.append(Label(long_name, unit.lang))
    index.refresh(unit)


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
    index.refresh(org)
    return org


def extract_organizations(
    text: str, lay: Layout, *, language: str | None, default_country: str | None
) -> OrgIndex:
    index = OrgIndex(text)
    mentions = find_org_names(text)
    for mention in mentions:
        _add_mention(index, mention, language)
    # parents named inside the name ("<X> Administration", "<X gen.> administracija", "Y of <X>"), and
    # their parents in turn ("<X gen.> savivaldybės administracijos <Y> skyrius" → administration →
    # municipality); each level is a shorter span of the text, so this ends
    queue = [(mention, text, 0) for mention in mentions]
    while queue:
        mention, source, offset = queue.pop(0)
        split = split_parent(mention, source)
        org = index.get(mention.name)
        if split is None or org is None or org.parent is not None:
            continue
        parent = index.get(split.parent)
        if parent is None:
            inner_text = source[split.start : split.end]
            inner = [m for m in find_org_names(inner_text) if m.name == split.parent]
            head = inner[0].head if inner else None
            parent = index.add(
                split.parent,
                offset + split.start,
                offset + split.end,
                type=head.type if head is not None and head.type != "other" else "municipality",
                lang=org.lang,
                confidence=0.8,
                extractor=DERIVED_PARENT,
            )
            queue.extend((m, inner_text, offset + split.start) for m in inner)
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
#: (Matched from a position, hence no "^"; possessive, so a long run of separators is read once.)
_SEPARATOR_ONLY = re.compile(r"[\s,;]*+(?:(?:and|ir|un|i|oraz|och|og|ja|und|&)\s+)?$", re.IGNORECASE)
_AFTER_COMMA = re.compile(r"\s*,\s*([^,;:\n]{3,40}?)\s*(?:[:;\n]|$)")
_NON_BLANK = re.compile(r"\S")
#: Only so much of the text after a country marker ("in Poland, ...") is read.
_MARKER_CHARS = 80


def assign_list_countries(index: OrgIndex, start: int = 0, end: int | None = None) -> None:
    """Give "A, B and C in Poland, D in Belarus" their countries (every name before the marker).

    The text after each name is read by position (up to the line end, the next name or a few dozen
    characters), never copied whole: many names on one long line cost linear time."""
    text = index.text
    lines = LineIndex(text)
    mentions: list[tuple[int, int, Organization]] = []
    for s, e, org in index.mentions_between(start, len(text) + 1 if end is None else end):
        if (end is not None and e > end) or (mentions and s < mentions[-1][1]):
            continue  # outside, or a parent written inside the previous name
        mentions.append((s, e, org))
    pending: list[Organization] = []
    for i, (_s, e, org) in enumerate(mentions):
        pending.append(org)
        next_start = mentions[i + 1][0] if i + 1 < len(mentions) else len(text)
        head_end = min(next_start, lines.line_end(e))  # the gap up to the end of its first line
        first = _NON_BLANK.search(text, e, head_end)
        words = first.start() if first else head_end
        if text.startswith(_COUNTRY_MARKERS, words, head_end):
            window = min(head_end, words + _MARKER_CHARS + 20)  # room for a conjunction cut at 80
            cut = _MARKER_END.search(text, words, window) if text[words] != "(" else None
            marker = text[words : min(cut.start() if cut else window, words + _MARKER_CHARS)]
            _, country = trailing_country(" " + marker)
            if country:
                for pending_org in pending:
                    if not pending_org.country:
                        pending_org.country = country
                pending = []
                continue
        # "Northbay Regional Council, Ireland: ..." names the country of this one name
        after_comma = _AFTER_COMMA.match(text, e, head_end)
        if after_comma and not org.country:
            country = country_from_text(after_comma.group(1))
            if country:
                org.country = country
                pending = []
                continue
        if not _SEPARATOR_ONLY.match(text, e, next_start):
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


def _spans_by_org(index: OrgIndex) -> dict[int, list[tuple[int, int]]]:
    """Each organisation's mentions (start, end), in order, keyed by ``id``."""
    out: dict[int, list[tuple[int, int]]] = {}
    for s, e, org in index.mentions:
        out.setdefault(id(org), []).append((s, e))
    return out


def _attach_addresses(index: OrgIndex) -> None:
    """An address belongs to the organisation named at the start of its line ("Urząd Gminy X, ul. ..."),
    else to one named on the line or two before it (a contact block), else to the page's organisation."""
    text = index.text
    lines = LineIndex(text)
    mentions = index.mentions
    spans = _spans_by_org(index)
    #: positions (in ``mentions``) of the mentions of organisations that are not units
    not_units = [i for i, (_s, _e, o) in enumerate(mentions) if not o.is_unit]
    for match in index.addresses:
        line_start = lines.line_start(match.start)
        # the first organisation (not a unit) mentioned on the line before the address ends
        first = bisect_left(not_units, index.first_mention_from(line_start))
        owner = None
        if first < len(not_units) and mentions[not_units[first]][0] < match.end:
            owner = mentions[not_units[first]][2]
        if owner is None:
            window_start = line_start
            for _ in range(2):
                window_start = lines.line_start(max(window_start - 1, 0))
            owner, last = _last_before(index, not_units, window_start, match.start)
            if owner is None and last is not None:
                owner = index.get(last.parent) if last.parent else None
        if owner is None and index.main is not None:
            owner = index.get(index.main.parent) if index.main.is_unit and index.main.parent else index.main
        if owner is None or owner.address is not None:
            continue
        # "Urząd Gminy X, ul. Mazurska 3, ...": the name is not part of the address
        own = spans.get(id(owner), [])
        name_end = max((e for s, e in own[bisect_left(own, (line_start,)) :] if s < match.end), default=-1)
        if name_end > match.start:
            rest = text[name_end : match.end].lstrip(" ,;:")
            match.address.text = " ".join(rest.split())
            if match.address.street and match.address.street.startswith(text[match.start : name_end]):
                match.address.street = match.address.street[name_end - match.start :].lstrip(" ,;:") or None
        owner.address = match.address
        if match.address.country and not owner.country:
            owner.country = match.address.country


def _last_before(
    index: OrgIndex, not_units: list[int], low: int, high: int
) -> tuple[Organization | None, Organization | None]:
    """(The last organisation that is not a unit, the last organisation) among the mentions that start
    at or after ``low`` and end by ``high``, in mention order."""
    mentions = index.mentions
    stop = index.first_mention_from(high)  # mentions ending by ``high`` start before it
    last: Organization | None = None
    i = stop - 1
    while i >= 0 and mentions[i][0] >= low:  # the last mention, unit or not
        if mentions[i][1] <= high:
            last = mentions[i][2]
            break
        i -= 1
    j = bisect_left(not_units, stop) - 1
    while j >= 0 and mentions[not_units[j]][0] >= low:
        if mentions[not_units[j]][1] <= high:
            return mentions[not_units[j]][2], last
        j -= 1
    return None, last


def attach_unit_parents(index: OrgIndex) -> None:
    """Units without a parent in their name belong to the organisation written next to them."""
    lines = LineIndex(index.text)
    spans = _spans_by_org(index)
    for org in index.organizations:
        if not org.is_unit or org.parent:
            continue
        parent: Organization | None = None
        for start, end in spans.get(id(org), []):
            # the organisation on the next line(s) of a contact block, or earlier on the same line
            same_line = start - lines.line_start(start)
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
