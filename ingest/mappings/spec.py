"""The mapping format: a TOML file → a validated, immutable :class:`Mapping`.

The format is documented in ``ingest/mappings/README.md``; this module is its one validator, so an
unknown key, a missing required key or a value of the wrong kind is a :class:`MappingError` naming
the mapping file and the key.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import tomllib
from collections.abc import Mapping as MappingABC
from pathlib import Path
from typing import Any, cast

from ingest.mappings.errors import MappingError
from ingest.mappings.model import (
    DELIMITERS,
    ENTITIES,
    ENTITY_FIELDS,
    FORMATS,
    FUNDING_ROLES,
    PLACE_KINDS,
    TAG_LABELS,
    AmountSpec,
    ContactSpec,
    FieldSpec,
    Mapping,
    OrgRule,
    OrgSpec,
    PlaceKind,
    PlaceSpec,
    TagSpec,
)
from ingest.mappings.splitters import SPLITTERS
from ingest.records import ORG_TYPES, FundingRole

TOP_KEYS = (
    "name", "description", "format", "entity", "header", "language", "language_columns", "labels_lang",
    "country", "absent", "source_database", "encoding", "delimiter", "records_key", "record", "fields",
    "organisation", "contact", "tags", "places", "amounts",
)  # fmt: skip
_LANG = re.compile(r"^[a-z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _Checker:
    """Typed access to one TOML table, raising MappingError with the key's dotted path."""

    def __init__(self, origin: str, data: MappingABC[str, Any], where: str = "") -> None:
        self.origin, self.data, self.where = origin, data, where

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def fail(self, name: str | None, problem: str) -> MappingError:
        return MappingError(self.origin, self.key(name) if name else self.where or None, problem)

    def only(self, allowed: set[str], required: set[str] | None = None) -> None:
        for k in self.data:
            if k not in allowed:
                raise self.fail(k, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for k in sorted(required or ()):
            if k not in self.data:
                raise self.fail(k, "missing required key")

    def text(self, name: str, default: str | None = None, choices: tuple[str, ...] = ()) -> str | None:
        v = self.data.get(name, default)
        if v is None:
            return None
        if not isinstance(v, str) or not v.strip():
            raise self.fail(name, f"must be a non-empty string, got {v!r}")
        if choices and v not in choices:
            raise self.fail(name, f"must be one of {', '.join(choices)}, got {v!r}")
        return v

    def texts(self, name: str) -> tuple[str, ...]:
        v = self.data.get(name, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail(name, f"must be a string or a list of strings, got {v!r}")
        return tuple(v)

    def flag(self, name: str, default: bool) -> bool:
        v = self.data.get(name, default)
        if not isinstance(v, bool):
            raise self.fail(name, f"must be true or false, got {v!r}")
        return v

    def table(self, name: str) -> _Checker | None:
        v = self.data.get(name)
        if v is None:
            return None
        if not isinstance(v, dict):
            raise self.fail(name, "must be a table")
        return _Checker(self.origin, v, self.key(name))

    def tables(self, name: str) -> list[_Checker]:
        v = self.data.get(name, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise self.fail(name, "must be an array of tables ([[...]])")
        return [_Checker(self.origin, x, f"{self.key(name)}[{i}]") for i, x in enumerate(v)]

    def split(self, name: str = "split") -> str | None:
        return self.text(name, choices=tuple(sorted(SPLITTERS)))

    def absent(self) -> frozenset[str]:
        return frozenset(x.casefold() for x in self.texts("absent"))

    def lang(self, name: str) -> str | None:
        v = self.text(name)
        if v is not None and not _LANG.match(v):
            raise self.fail(name, f"must be an ISO 639-1 code such as 'en', got {v!r}")
        return v

    def country(self, name: str) -> str | None:
        v = self.text(name)
        if v is not None and not _COUNTRY.match(v):
            raise self.fail(name, f"must be an ISO 3166-1 alpha-2 code such as 'SE', got {v!r}")
        return v


def _field(parent: _Checker, name: str, is_list: bool) -> FieldSpec:
    raw = parent.data[name]
    if isinstance(raw, str):
        return FieldSpec(column=raw)
    if not isinstance(raw, dict):
        raise parent.fail(name, "must be a column name or a table {column = ..., ...}")
    t = _Checker(parent.origin, raw, parent.key(name))
    t.only({"column", "value", "split", "required", "absent"})
    column = t.text("column")
    value: str | tuple[str, ...] | None = t.texts("value") if is_list else t.text("value")
    if (column is None) == (not value):
        raise t.fail(None, "needs exactly one of 'column' or 'value'")
    split = t.split()
    if split and not is_list:
        raise t.fail("split", f"'{name}' holds one value; only list fields can be split")
    return FieldSpec(column, value or None, split, t.flag("required", False), t.absent())


def _organisation(t: _Checker) -> OrgSpec:
    t.only({"name", "type_label", "type", "types", "rules", "role", "required", "absent"}, {"name"})
    name = FieldSpec(t.text("name"), required=t.flag("required", False), absent=t.absent())
    org_type = t.text("type", choices=ORG_TYPES)
    types: dict[str, str] = {}
    table = t.table("types")
    if table is not None:
        for label in table.data:
            types[label.casefold()] = table.text(label, choices=ORG_TYPES) or "other"
    rules: list[OrgRule] = []
    for r in t.tables("rules"):
        r.only({"pattern", "type", "label"}, {"pattern", "type"})
        try:
            pattern = re.compile(r.text("pattern") or "")
        except re.error as exc:
            raise r.fail("pattern", f"not a valid regular expression: {exc}") from None
        rules.append(OrgRule(pattern, r.text("type", choices=ORG_TYPES) or "other", r.text("label")))
    role = t.text("role", "lead", choices=("lead", "partner")) or "lead"
    return OrgSpec(name, t.text("type_label"), org_type, types, tuple(rules), role)


def _amount(t: _Checker) -> AmountSpec:
    t.only(
        {"column", "role", "currency", "currency_column", "funder", "fund_code", "skip_zero", "decimal"},
        {"column"},
    )
    currency, currency_column = t.text("currency"), t.text("currency_column")
    if (currency is None) == (currency_column is None):
        raise t.fail(None, "needs exactly one of 'currency' or 'currency_column'")
    return AmountSpec(
        column=t.text("column") or "",
        role=cast(FundingRole, t.text("role", "other", choices=FUNDING_ROLES)),
        currency=currency.upper() if currency else None,
        currency_column=currency_column,
        funder=t.text("funder"),
        fund_code=t.text("fund_code"),
        skip_zero=t.flag("skip_zero", True),
        decimal=t.text("decimal", ".", choices=(".", ",")) or ".",
    )


def parse_mapping(data: MappingABC[str, Any], origin: str, path: Path, digest: str) -> Mapping:
    """Validate a decoded TOML document (``origin`` names it in errors)."""
    top = _Checker(origin, data)
    top.only(set(TOP_KEYS), {"format", "entity", "header", "fields"})
    fmt = top.text("format", choices=FORMATS)
    entity = top.text("entity", choices=ENTITIES)
    assert fmt is not None and entity is not None
    header = top.texts("header")
    if not header:
        raise top.fail("header", "must list at least one column used to recognise the file")
    language, language_columns = top.lang("language"), top.texts("language_columns")
    if language is None and not language_columns:
        raise top.fail("language", "give a fixed 'language' or 'language_columns' (or both)")
    encoding = top.text("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise top.fail("encoding", f"unknown encoding {encoding!r}") from None
    if fmt != "csv" and "delimiter" in data:
        raise top.fail("delimiter", "only CSV mappings have a delimiter")
    if fmt != "json" and "records_key" in data:
        raise top.fail("records_key", "only JSON mappings have a records_key")

    record = top.table("record") or _Checker(origin, {}, "record")
    record.only({"id", "link", "text", "modified"})

    fields_t = top.table("fields")
    assert fields_t is not None
    allowed = ENTITY_FIELDS[entity]
    fields_t.only(set(allowed), {"title"})
    fields = {name: _field(fields_t, name, allowed[name]) for name in fields_t.data}
    fields["title"] = FieldSpec(**{**fields["title"].__dict__, "required": True})

    org_t, contact_t = top.table("organisation"), top.table("contact")
    contact = None
    if contact_t is not None:
        contact_t.only({"name", "role", "phone", "email", "absent"}, {"name"})
        contact = ContactSpec(
            FieldSpec(contact_t.text("name"), absent=contact_t.absent()),
            contact_t.text("role"),
            contact_t.text("phone"),
            contact_t.text("email"),
        )
    tags = []
    for t in top.tables("tags"):
        t.only({"column", "scheme", "split", "lang", "label", "absent"}, {"column", "scheme"})
        tags.append(
            TagSpec(
                t.text("column") or "", t.text("scheme") or "", t.split(), t.lang("lang"),
                t.text("label", "as_is", choices=TAG_LABELS) or "as_is", t.absent(),
            )
        )  # fmt: skip
    places = []
    for p in top.tables("places"):
        p.only({"column", "kind", "split", "country", "lang", "absent"}, {"column", "kind"})
        kind = cast(PlaceKind, p.text("kind", choices=PLACE_KINDS))
        places.append(
            PlaceSpec(
                p.text("column") or "", kind, p.split(), p.country("country"), p.lang("lang"), p.absent()
            )
        )
    text_columns = record.texts("text") or tuple(
        f.column for k in ("title", "description") if (f := fields.get(k)) and f.column
    )
    return Mapping(
        name=top.text("name") or path.stem,
        path=path,
        digest=digest,
        format=fmt,  # type: ignore[arg-type]
        entity=entity,  # type: ignore[arg-type]
        header=header,
        description=top.text("description") or "",
        language=language,
        language_columns=language_columns,
        labels_lang=top.lang("labels_lang"),
        country=top.country("country"),
        absent=top.absent() | {""},
        source_database=top.text("source_database"),
        encoding=encoding,
        delimiter=top.text("delimiter", choices=DELIMITERS),
        records_key=top.text("records_key"),
        id_column=record.text("id"),
        link_column=record.text("link"),
        text_columns=text_columns,
        modified_column=record.text("modified"),
        fields=fields,
        organisation=_organisation(org_t) if org_t is not None else None,
        contact=contact,
        tags=tuple(tags),
        places=tuple(places),
        amounts=tuple(_amount(a) for a in top.tables("amounts")),
    )


def read_mapping_file(path: Path) -> Mapping:
    """Load and validate one mapping file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError(path.name, None, f"cannot read the mapping file: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise MappingError(path.name, None, "the mapping file is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(path.name, None, f"not valid TOML: {exc}") from None
    return parse_mapping(data, path.name, path, hashlib.sha256(raw).hexdigest())
