"""Entity resolution: the same organisation across documents and languages gets one canonical key.

``data/reference/municipalities_{lt,lv}.csv`` list the municipalities of Lithuania and Latvia with
their names; every usual spelling ("Alytus City Municipality", "Alytaus miesto savivaldybė",
"Alytaus m. sav.", "Municipality of Alytus City") and their administrations ("... savivaldybės
administracija", "... Municipality Administration") resolve to the same key, and the
administration's parent is the municipality. Names of places are compared by stem, so
"Ąžuolynės rajono savivaldybė" and "Ąžuolynė District Municipality" (a municipality not in the
list) also meet, when the document is Lithuanian. Naming patterns of other countries ("Gmina X" =
"X gmina", "X kommun", "X Kommune", "X vald", "X novads") give keys too. The reference lists
themselves are read by :mod:`ingest.municipalities`.

:func:`resolve` sets ``Organization.key``, adds the other names as labels (with languages), fills
the country, and links administrations to their municipality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.municipalities import LOCAL_LANG, Municipality, by_stem, by_variant, place_stem, stems_by_country
from ingest.records import ExtractedDocument, Label, Organization
from kg.iris import slug
from ontology.concepts import fold_label


@dataclass(frozen=True)
class Resolution:
    key: str
    country: str | None
    type: str  # municipality | administration | county
    labels: tuple[Label, ...] = ()
    parent_key: str | None = None
    parent_labels: tuple[Label, ...] = ()


# -- naming patterns (on folded names) ---------------------------------------------------------

_KIND_WORDS = {
    "miesto": "city",
    "m": "city",
    "rajono": "district",
    "r": "district",
    "city": "city",
    "town": "city",
    "district": "district",
    "rural": "municipality",
    "urban": "city",
    "valstspilsetas": "city",
    "pilsetas": "city",
    "novada": "district",
    "": "municipality",
}
_LOCAL_PATTERNS = [
    # Lithuanian: "<gen.> (miesto|rajono|m.|r.) savivaldybė (administracija)"
    (
        re.compile(
            r"^(?P<place>.+?) (?:(?P<k>miesto|m|rajono|r) )?(?:savivaldybe|savivaldybes|sav)"
            r"(?P<admin> administracija)?$"
        ),
        "LT",
    ),
    # Latvian: "<gen.> (novada|valstspilsētas) pašvaldība/dome (administrācija)", "<gen.> novads"
    (
        re.compile(
            r"^(?P<place>.+?) (?P<k>novada|valstspilsetas|pilsetas) (?:pasvaldiba|pasvaldibas|dome)"
            r"(?P<admin> administracija)?$"
        ),
        "LV",
    ),
    (re.compile(r"^(?P<place>.+?) (?P<k>novads)$"), "LV"),
]
_EN_PATTERNS = [
    re.compile(
        r"^(?P<admin>administration of )(?:the )?(?P<place>.+?) (?:(?P<k>city|district|town|rural|urban) )?"
        r"municipality$"
    ),
    re.compile(
        r"^(?:the )?(?P<place>.+?) (?:(?P<k>city|district|town|rural|urban) )?municipality"
        r"(?P<admin> administration)?$"
    ),
    re.compile(
        r"^(?P<admin>administration of )?(?:the )?(?:municipality|commune) of (?:the )?(?P<place>.+?)"
        r"(?: (?P<k>city|district|town))?$"
    ),
    re.compile(r"^(?P<place>.+?) (?:(?P<k>rural|urban) )?commune(?P<admin> administration)?$"),
]
# (pattern, country, kind key, admin?) for naming patterns of other countries
_OTHER_PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    # "Gmina X", "Miasto X", "Gmina Miasto X", "Gmina Miejska X", "Miasto Stołeczne X": one gmina
    (
        re.compile(
            r"^(?P<admin>urzad )?(?:gmin[ay]|miasto i gmina|miasta i gminy|miasto gmina|miasto|miasta)"
            r"(?: (?:miasto|miasta|miejska|wiejska|miejsko wiejska|stołeczne|stoleczne))? (?P<place>.+)$"
        ),
        "PL",
        "gmina",
    ),
    (re.compile(r"^(?P<place>.+?) (?:gmina|miasto na prawach powiatu)$"), "PL", "gmina"),
    (re.compile(r"^(?:(?P<admin>starostwo powiatowe w )|powiat )(?P<place>.+)$"), "PL", "powiat"),
    (re.compile(r"^(?P<place>.+?) powiat$"), "PL", "powiat"),
    (re.compile(r"^(?P<place>.+?) (?:kommun|kommune)$"), "*", "kommun"),
    (re.compile(r"^(?P<place>.+?) (?:vald|vallavalitsus|rural municipality|parish)$"), "EE", "vald"),
    (re.compile(r"^(?P<place>.+?) (?:linn|linnavalitsus)$"), "EE", "linn"),
    (re.compile(r"^(?P<place>.+?) (?:kunta)$"), "FI", "kunta"),
    (re.compile(r"^(?P<place>.+?) (?:kaupunki)$"), "FI", "kaupunki"),
    (re.compile(r"^(?:stadt|gemeinde|landkreis) (?P<place>.+)$"), "DE", "gemeinde"),
]
#: The local kind an English "X Municipality" of a country is keyed by, so both spellings meet.
_EN_KIND_BY_COUNTRY = {
    "PL": "gmina",
    "SE": "kommun",
    "DK": "kommun",
    "NO": "kommun",
    "EE": "vald",
    "DE": "gemeinde",
}
_ADMIN_SUFFIX = re.compile(r"^(?P<base>.+?) (?:vallavalitsus|linnavalitsus)$")
_NATIONAL_KOMMUN = {"kommun": "SE", "kommune": "DK"}


def _reference(country: str, kind: str, place: str, admin: bool) -> Resolution | None:
    stem = place_stem(place, country)
    found = by_stem().get((country, kind, stem))
    if found is None:
        return None
    return _resolution(found, admin)


def _resolution(m: Municipality, admin: bool) -> Resolution:
    if admin:
        return Resolution(
            f"{m.key}-administration",
            m.country,
            "administration",
            tuple(m.admin_names()),
            m.key,
            tuple(m.names()),
        )
    return Resolution(m.key, m.country, "municipality", tuple(m.names()))


def _generic(country: str, kind: str, place: str, admin: bool) -> Resolution | None:
    """A key for a municipality not in the reference lists (same rule for every language)."""
    stem = place_stem(place, country)
    if not stem:
        return None
    kinds = stems_by_country().get((country, stem), set())
    if kinds:  # a listed place of another kind ("Alytaus savivaldybė": city or district?)
        return None
    key = f"{country.lower()}-{slug(stem)}-{kind}"
    if admin:
        return Resolution(f"{key}-administration", country, "administration", (), key)
    return Resolution(key, country, "municipality")


def match_name(name: str, country: str | None = None) -> Resolution | None:
    """The canonical identity of an organisation name, or None when it is not a known kind of name."""
    folded = fold_label(name)
    if not folded:
        return None
    direct = by_variant().get(folded)
    if direct is not None:
        return _resolution(direct, False)
    for pattern, pattern_country in _LOCAL_PATTERNS:
        m = pattern.match(folded)
        if m:
            kind = _KIND_WORDS.get(m.groupdict().get("k") or "", "district")
            admin = bool(m.groupdict().get("admin"))
            return _reference(pattern_country, kind, m.group("place"), admin) or _generic(
                pattern_country, kind, m.group("place"), admin
            )
    for pattern in _EN_PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        kind = _KIND_WORDS.get(m.groupdict().get("k") or "", "municipality")
        if kind == "municipality" and country == "LV":
            kind = "district"  # a Latvian "X Municipality" is a novads (the cities say "City")
        admin = bool(m.groupdict().get("admin"))
        place = m.group("place")
        candidates = [country] if country else ["LT", "LV"]
        for candidate in candidates:
            if candidate in LOCAL_LANG:
                found = _reference(candidate, kind, place, admin)
                if found:
                    return found
        if country in LOCAL_LANG:
            return _generic(country, kind, place, admin)
        if country:
            national_kind = _EN_KIND_BY_COUNTRY.get(country, "municipality")
            if country == "EE" and kind == "city":
                national_kind = "linn"
            return _national(country, national_kind, place, admin)
        return None
    for pattern, pattern_country, kind in _OTHER_PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        resolved_country = pattern_country
        if pattern_country == "*":
            resolved_country = _NATIONAL_KOMMUN["kommune" if folded.endswith("kommune") else "kommun"]
            if country in {"SE", "DK", "NO"}:
                resolved_country = country
        admin = bool(_ADMIN_SUFFIX.match(folded)) or bool(m.groupdict().get("admin"))
        return _national(resolved_country, kind, m.group("place"), admin)
    return None


def _national(country: str, kind: str, place: str, admin: bool) -> Resolution:
    """A key from a country's naming pattern: "Gmina Orzysz" = "Orzysz gmina" → ``pl-gmina-orzysz``."""
    key = f"{country.lower()}-{kind}-{slug(place)}"
    if admin:
        return Resolution(f"{key}-administration", country, "administration", (), key)
    return Resolution(key, country, "county" if kind == "powiat" else "municipality")


def _add_labels(org: Organization, labels: tuple[Label, ...]) -> None:
    have = {(fold_label(lb.text), lb.lang) for lb in org.labels} | {(fold_label(org.name), org.lang)}
    for label in labels:
        if (fold_label(label.text), label.lang) not in have and fold_label(label.text) != fold_label(
            org.name
        ):
            org.labels.append(Label(label.text, label.lang))
            have.add((fold_label(label.text), label.lang))


def _preferred(labels: tuple[Label, ...]) -> list[Label]:
    """The first reference name in each language (reference data lists the canonical name first)."""
    seen: dict[str | None, Label] = {}
    for label in labels:
        seen.setdefault(label.lang, label)
    return list(seen.values())


def resolve(doc: ExtractedDocument) -> None:
    """Set keys, labels, countries and administration → municipality links on ``doc``'s organisations."""
    region = doc.extra.get("region") if isinstance(doc.extra.get("region"), str) else None
    added: list[Organization] = []
    by_key: dict[str, Organization] = {}
    pending_parents: list[tuple[Organization, Resolution]] = []
    for org in doc.organizations:
        if org.is_unit:
            continue
        found = match_name(org.name, org.country or region)
        if found is None:
            for label in org.labels:
                found = match_name(label.text, org.country or region)
                if found:
                    break
        if found is None:
            continue
        org.key = found.key
        org.preferred = _preferred(found.labels)
        if found.country and not org.country:
            org.country = found.country
        if org.type in {"other", "public_body"} or found.type == "administration":
            org.type = found.type
        _add_labels(org, found.labels)
        by_key[found.key] = org
        if found.parent_key:
            pending_parents.append((org, found))
    for org, found in pending_parents:
        parent = by_key.get(found.parent_key or "")
        if parent is None and org.parent:
            parent = next((o for o in doc.organizations if o.name == org.parent), None)
            if parent is not None and parent.key is None:
                parent.key = found.parent_key
                _add_labels(parent, found.parent_labels)
                parent.preferred = _preferred(found.parent_labels)
        if parent is None:
            names = list(found.parent_labels)
            if not names:
                continue
            preferred = next((lb for lb in names if lb.lang == org.lang), names[0])
            parent = Organization(
                name=preferred.text,
                type="municipality",
                country=org.country,
                key=found.parent_key,
                lang=preferred.lang,
            )
            _add_labels(parent, tuple(names))
            parent.preferred = _preferred(tuple(names))
            added.append(parent)
            by_key[found.parent_key or ""] = parent
        if parent is not org:
            org.parent = parent.name
            if parent.country is None:
                parent.country = org.country
    doc.organizations.extend(added)
