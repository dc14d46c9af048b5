"""The validated form of a mapping file (built by :mod:`ingest.mappings.spec`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ingest.records import FundingRole

PlaceKind = Literal["country", "region", "county", "municipality", "city", "other"]

Format = Literal["csv", "jsonl", "json"]
Entity = Literal["practice", "project"]

FORMATS = ("csv", "jsonl", "json")
ENTITIES = ("practice", "project")
PLACE_KINDS = ("country", "region", "county", "municipality", "city", "other")
FUNDING_ROLES = ("total", "eu", "national", "municipal", "own", "other")
TAG_LABELS = ("as_is", "humanize_key")
DELIMITERS = (",", ";", "\t", "|")

#: Entity fields a mapping may fill: name → is it a list?
ENTITY_FIELDS: dict[str, dict[str, bool]] = {
    "practice": {
        "title": False, "description": False, "url": False, "start": False, "end": False,
        "country": False, "scope": True, "objectives": True, "participants": True,
        "target_groups": True, "results": True,
    },
    "project": {
        "title": False, "identifier": False, "description": False, "url": False, "start": False,
        "end": False, "country": False, "programme_period": False, "partners": True, "funders": True,
        "target_groups": True, "activities": True,
    },
}  # fmt: skip


@dataclass(frozen=True)
class DerivedSpec:
    """A column computed from another column or from the file's name (``[derived.NAME]``).

    The source text (``column``'s cell, or the file name when ``file_name``) is searched with
    ``pattern``: each match gives ``match.expand(template)``, else its first group, else the whole
    match; without a pattern the text itself. ``values`` then renames values (casefolded keys;
    others stay as they are). ``all`` keeps every match as a list; otherwise the first one.
    """

    name: str
    column: str | None = None
    file_name: bool = False
    pattern: re.Pattern[str] | None = None
    template: str | None = None
    all: bool = False
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldSpec:
    """Where one value comes from: a column (optionally split into a list) or a constant."""

    column: str | None = None
    value: str | tuple[str, ...] | None = None
    split: str | None = None
    required: bool = False
    absent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TagSpec:
    column: str
    scheme: str
    split: str | None = None
    lang: str | None = None  # None: the record's language
    label: str = "as_is"  # or "humanize_key": "budget_local" → "Budget local", key kept as notation
    absent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlaceSpec:
    column: str
    kind: PlaceKind
    split: str | None = None
    country: str | None = None  # ISO code; None: the record's country
    lang: str | None = None
    absent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AmountSpec:
    column: str
    fallbacks: tuple[str, ...] = ()  # read in turn when ``column`` holds no amount (or zero, with skip_zero)
    role: FundingRole = "other"
    currency: str | None = None
    currency_column: str | None = None
    funder: str | None = None
    fund_code: str | None = None
    fund_code_column: str | None = None
    skip_zero: bool = True
    decimal: str = "."


@dataclass(frozen=True)
class OrgRule:
    pattern: re.Pattern[str]
    type: str
    label: str | None = None


@dataclass(frozen=True)
class OrgSpec:
    name: FieldSpec
    type_label: str | None = None  # column holding the source's own type words
    type: str | None = None  # a fixed type for every record
    types: dict[str, str] = field(default_factory=dict)  # casefolded source label → ORG_TYPES
    rules: tuple[OrgRule, ...] = ()  # regular expressions on the name, first match wins
    role: str = "lead"  # projects: "lead" or "partner"
    address: tuple[str | None, str | None, str | None] = (None, None, None)  # street, postcode, locality
    unit_pattern: re.Pattern[str] | None = None  # groups "org" and "unit": "Powiat X / Urząd Pracy"

    def classify(self, name: str, label: str | None) -> tuple[str, str | None]:
        """(type, type label): the fixed type, else the source's label, else the first matching rule."""
        if self.type:
            return self.type, label
        if label and label.casefold() in self.types:
            return self.types[label.casefold()], label
        for rule in self.rules:
            if rule.pattern.search(name):
                return rule.type, label or rule.label
        return "other", label


@dataclass(frozen=True)
class ContactSpec:
    name: FieldSpec
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    pattern: re.Pattern[str] | None = None  # several people in the name cell: groups name, phone, email


@dataclass(frozen=True)
class Mapping:
    name: str
    path: Path
    digest: str  # sha256 of the mapping file
    format: Format
    entity: Entity
    header: tuple[str, ...]
    description: str = ""
    language: str | None = None
    language_columns: tuple[str, ...] = ()
    labels_lang: str | None = None  # language of names and labels (tags, places); None: the record's
    country: str | None = None
    absent: frozenset[str] = frozenset({""})
    source_database: str | None = None
    encoding: tuple[str, ...] = ()  # tried in order; empty: byte-order mark, UTF-8, then detection
    delimiter: str | None = None
    records_key: str | None = None
    id_column: str | None = None
    link_column: str | None = None
    text_columns: tuple[str, ...] = ()
    modified_column: str | None = None
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    organisation: OrgSpec | None = None
    contact: ContactSpec | None = None
    tags: tuple[TagSpec, ...] = ()
    places: tuple[PlaceSpec, ...] = ()
    amounts: tuple[AmountSpec, ...] = ()
    derived: tuple[DerivedSpec, ...] = ()

    def absent_markers(self) -> set[str]:
        """Every value the mapping treats as "no value" (casefolded)."""
        specs: list[FieldSpec | TagSpec | PlaceSpec] = [*self.fields.values(), *self.tags, *self.places]
        specs += [self.organisation.name] if self.organisation else []
        specs += [self.contact.name] if self.contact else []
        return set(self.absent).union(*(spec.absent for spec in specs))

    def columns(self) -> list[tuple[str, str]]:
        """Every column the mapping reads, as (mapping key, column) pairs."""
        out: list[tuple[str, str]] = [("header", c) for c in self.header]
        out += [(f"derived.{d.name}.column", d.column) for d in self.derived if d.column]
        out += [("language_columns", c) for c in self.language_columns]
        for key, col in (
            ("record.id", self.id_column),
            ("record.link", self.link_column),
            ("record.modified", self.modified_column),
        ):
            if col:
                out.append((key, col))
        out += [("record.text", c) for c in self.text_columns]
        out += [(f"fields.{k}", f.column) for k, f in self.fields.items() if f.column]
        if self.organisation:
            o = self.organisation
            out += [("organisation.name", o.name.column)] if o.name.column else []
            out += [("organisation.type_label", o.type_label)] if o.type_label else []
            parts = zip(("street", "postal_code", "locality"), o.address, strict=True)
            out += [(f"organisation.address.{k}", c) for k, c in parts if c]
        if self.contact:
            c = self.contact
            out += [("contact.name", c.name.column)] if c.name.column else []
            out += [(f"contact.{k}", v) for k, v in (("phone", c.phone), ("email", c.email)) if v]
        out += [(f"tags[{i}].column", t.column) for i, t in enumerate(self.tags)]
        out += [(f"places[{i}].column", p.column) for i, p in enumerate(self.places)]
        for i, a in enumerate(self.amounts):
            out += [(f"amounts[{i}].column", c) for c in (a.column, *a.fallbacks)]
            for key in ("currency_column", "fund_code_column"):
                if column := getattr(a, key):
                    out.append((f"amounts[{i}].{key}", column))
        return out
