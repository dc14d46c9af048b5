"""The organisations of one page and where they are mentioned, with look-ups that stay fast on pages
that name thousands of organisations.

Names are found through a dictionary of folded names and labels (kept up to date by :meth:`OrgIndex.add`,
:meth:`OrgIndex.refresh` and :meth:`OrgIndex.remove`; :meth:`OrgIndex.reindex` rebuilds it after
organisations were renamed or relabelled elsewhere), and mentions are kept sorted by start so that
"mentions between here and there" and "the nearest mention" are found by bisection. Every answer is
the one a scan over all organisations or mentions in order would give.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.extract.sections import fold
from ingest.records import Evidence, Organization

if TYPE_CHECKING:
    from ingest.extract.addresses import AddressMatch

#: How far (characters) an address or unit may be from the organisation it belongs to.
NEAR = 300

Mention = tuple[int, int, Organization]


def _start(mention: Mention) -> int:
    return mention[0]


def _keys(org: Organization) -> set[str]:
    return {fold(org.name), *(fold(label.text) for label in org.labels)}


@dataclass
class OrgIndex:
    """The organisations of one page and where they are mentioned (``mentions`` sorted by start)."""

    text: str
    organizations: list[Organization] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    addresses: list[AddressMatch] = field(default_factory=list)
    main: Organization | None = None
    _by_key: dict[str, list[Organization]] = field(default_factory=dict, init=False, repr=False)
    _keys_of: dict[int, set[str]] = field(default_factory=dict, init=False, repr=False)
    _order: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _next: int = field(default=0, init=False, repr=False)
    _indexed: int = field(default=0, init=False, repr=False)
    _longest: int = field(default=0, init=False, repr=False)

    # -- names ------------------------------------------------------------------------------------------

    def get(self, name: str) -> Organization | None:
        """The first organisation (in order of addition) named or labelled ``name`` (folded)."""
        if self._indexed != len(self.organizations):  # organisations added from outside
            self.reindex()
        holders = self._by_key.get(fold(name))
        return holders[0] if holders else None

    def reindex(self) -> None:
        """Rebuild the name look-up (after organisations were renamed, relabelled or added elsewhere)."""
        self._by_key, self._keys_of, self._order = {}, {}, {}
        for position, org in enumerate(self.organizations):
            self._order[id(org)] = position
            self._index(org)
        self._next = self._indexed = len(self.organizations)

    def refresh(self, org: Organization) -> None:
        """Index ``org`` under its current name and labels (call after renaming or relabelling it)."""
        for key in self._keys_of.get(id(org), set()) - _keys(org):
            self._unhold(key, org)
        self._index(org)

    def remove(self, org: Organization) -> None:
        """Drop ``org`` from the organisations (its mentions are left to the caller)."""
        self.organizations.remove(org)
        for key in self._keys_of.pop(id(org), set()):
            self._unhold(key, org)
        self._order.pop(id(org), None)
        self._indexed = len(self.organizations)

    def _index(self, org: Organization) -> None:
        keys = _keys(org)
        for key in keys - self._keys_of.get(id(org), set()):
            insort(self._by_key.setdefault(key, []), org, key=self._position)
        self._keys_of[id(org)] = keys

    def _unhold(self, key: str, org: Organization) -> None:
        holders = [o for o in self._by_key[key] if o is not org]  # by identity: equal records may differ
        if holders:
            self._by_key[key] = holders
        else:
            del self._by_key[key]

    def _position(self, org: Organization) -> int:
        return self._order[id(org)]

    # -- mentions ---------------------------------------------------------------------------------------

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
            self._order[id(org)] = self._next
            self._next += 1
            self._index(org)
            self._indexed = len(self.organizations)
        else:
            if org.type == "other" and type != "other":
                org.type = type
            if country and not org.country:
                org.country = country
        org.evidence.append(evidence)
        if end > start:
            insort(self.mentions, (start, end, org), key=_start)
            self._longest = max(self._longest, end - start)
        return org

    def first_mention_from(self, position: int) -> int:
        """The position in ``mentions`` of the first mention starting at or after ``position``."""
        return bisect_left(self.mentions, position, key=_start)

    def at(self, offset: int) -> Organization | None:
        """The first mention (by start) covering ``offset``."""
        i = self.first_mention_from(offset - self._longest)
        while i < len(self.mentions) and self.mentions[i][0] <= offset:
            start, end, org = self.mentions[i]
            if start <= offset < end:
                return org
            i += 1
        return None

    def within(self, start: int, end: int) -> list[Organization]:
        """Organisations with a mention starting in ``[start, end)``, in order of first mention."""
        seen: list[Organization] = []
        ids: set[int] = set()
        stop = bisect_left(self.mentions, end, key=_start)
        for i in range(self.first_mention_from(start), stop):
            org = self.mentions[i][2]
            if id(org) not in ids:
                ids.add(id(org))
                seen.append(org)
        return seen

    def mentions_between(self, low: int, high: int) -> list[Mention]:
        """The mentions starting in ``[low, high)``, in order."""
        return self.mentions[self.first_mention_from(low) : bisect_left(self.mentions, high, key=_start)]

    def nearest(
        self,
        offset: int,
        *,
        before: bool = True,
        after: bool = True,
        units: bool | None = None,
        limit: int = NEAR,
    ) -> Organization | None:
        """The organisation mentioned closest to ``offset`` (ending before it or starting after it), at
        most ``limit`` characters away; on a tie the mention that comes first."""
        best: tuple[int, int, Organization] | None = None  # (distance, position, org)
        split = bisect_right(self.mentions, offset, key=_start)
        if before:
            # mentions ending at or before ``offset``: scanned backwards from the last one starting there;
            # one starting more than ``_longest`` before the best end so far cannot end closer (or as close)
            i = split - 1
            while i >= 0:
                s, e, org = self.mentions[i]
                if s + self._longest < offset - (best[0] if best else limit):
                    break
                if e <= offset and (units is None or org.is_unit == units):
                    distance = offset - e
                    if distance <= limit and (best is None or (distance, i) <= best[:2]):
                        best = (distance, i, org)
                i -= 1
        if after:
            i = bisect_left(self.mentions, offset, key=_start)
            while i < len(self.mentions):
                s, e, org = self.mentions[i]
                distance = s - offset
                if distance > limit or (best is not None and distance >= best[0]):
                    break
                if (units is None or org.is_unit == units) and not (before and e <= offset):
                    best = (distance, i, org)
                    break
                i += 1
        return best[2] if best else None
