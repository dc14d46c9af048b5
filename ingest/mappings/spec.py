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

from ingest.mappings.checker import Checker
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
    DerivedSpec,
    FieldSpec,
    Mapping,
    OrgRule,
    OrgSpec,
    PlaceKind,
    PlaceSpec,
    TagSpec,
)
from ingest.records import ORG_TYPES, FundingRole

TOP_KEYS = (
    "name", "description", "format", "entity", "header", "language", "language_columns", "labels_lang",
    "country", "absent", "source_database", "encoding", "delimiter", "records_key", "record", "fields",
    "organisation", "contact", "tags", "places", "amounts", "derived",
)  # fmt: skip


def _field(parent: Checker, name: str, is_list: bool) -> FieldSpec:
    raw = parent.data[name]
    if isinstance(raw, str):
        return FieldSpec(column=raw)
    if not isinstance(raw, dict):
        raise parent.fail(name, "must be a column name or a table {column = ..., ...}")
    t = Checker(parent.origin, raw, parent.key(name))
    t.only({"column", "value", "split", "required", "absent"})
    column = t.text("column")
    value: str | tuple[str, ...] | None = t.texts("value") if is_list else t.text("value")
    if (column is None) == (not value):
        raise t.fail(None, "needs exactly one of 'column' or 'value'")
    split = t.split()
    if split and not is_list:
        raise t.fail("split", f"'{name}' holds one value; only list fields can be split")
    return FieldSpec(column, value or None, split, t.flag("required", False), t.absent())


def _organisation(t: Checker) -> OrgSpec:
    keys = {"name", "type_label", "type", "types", "rules", "role", "required", "absent"}
    t.only(keys | {"address", "unit_pattern"}, {"name"})
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
        pattern = r.regex("pattern")
        assert pattern is not None
        rules.append(OrgRule(pattern, r.text("type", choices=ORG_TYPES) or "other", r.text("label")))
    role = t.text("role", "lead", choices=("lead", "partner")) or "lead"
    address = t.table("address") or Checker(t.origin, {}, t.key("address"))
    address.only({"street", "postal_code", "locality"})
    parts = (address.text("street"), address.text("postal_code"), address.text("locality"))
    unit_pattern = t.regex("unit_pattern", ("org", "unit"))
    return OrgSpec(name, t.text("type_label"), org_type, types, tuple(rules), role, parts, unit_pattern)


def _derived(top: Checker) -> tuple[DerivedSpec, ...]:
    table = top.table("derived")
    if table is None:
        return ()
    out = []
    for name in table.data:
        d = table.table(name)
        assert d is not None
        d.only({"column", "file_name", "pattern", "template", "all", "values"})
        column, file_name = d.text("column"), d.flag("file_name", False)
        if (column is None) == (not file_name):
            raise d.fail(None, "needs exactly one of 'column' or 'file_name = true'")
        pattern, template = d.regex("pattern"), d.text("template")
        if template is not None:
            if pattern is None:
                raise d.fail("template", "a template needs a 'pattern'")
            try:
                pattern.sub(template, "")  # checks group references
            except (re.error, IndexError) as exc:
                raise d.fail("template", f"not a valid template for the pattern: {exc}") from None
        values_t = d.table("values")
        values = {}
        if values_t is not None:
            values = {k.casefold(): values_t.text(k) or "" for k in values_t.data}
        out.append(DerivedSpec(name, column, file_name, pattern, template, d.flag("all", False), values))
    return tuple(out)


def _amount(t: Checker) -> AmountSpec:
    t.only(
        {"column", "role", "currency", "currency_column", "funder", "fund_code", "fund_code_column"}
        | {"skip_zero", "decimal"},
        {"column"},
    )
    currency, currency_column = t.text("currency"), t.text("currency_column")
    if (currency is None) == (currency_column is None):
        raise t.fail(None, "needs exactly one of 'currency' or 'currency_column'")
    if "fund_code" in t.data and "fund_code_column" in t.data:
        raise t.fail(None, "give 'fund_code' or 'fund_code_column', not both")
    columns = t.texts("column")
    if not columns or not all(c.strip() for c in columns):
        raise t.fail("column", "must be a column name or a list of them (the first with an amount wins)")
    return AmountSpec(
        column=columns[0],
        fallbacks=columns[1:],
        role=cast(FundingRole, t.text("role", "other", choices=FUNDING_ROLES)),
        currency=currency.upper() if currency else None,
        currency_column=currency_column,
        funder=t.text("funder"),
        fund_code=t.text("fund_code"),
        fund_code_column=t.text("fund_code_column"),
        skip_zero=t.flag("skip_zero", True),
        decimal=t.text("decimal", ".", choices=(".", ",")) or ".",
    )


def parse_mapping(data: MappingABC[str, Any], origin: str, path: Path, digest: str) -> Mapping:
    """Validate a decoded TOML document (``origin`` names it in errors)."""
    top = Checker(origin, data)
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
    encoding = top.texts("encoding")
    for name in encoding:
        try:
            codecs.lookup(name)
        except LookupError:
            raise top.fail("encoding", f"unknown encoding {name!r}") from None
    if fmt != "csv" and "delimiter" in data:
        raise top.fail("delimiter", "only CSV mappings have a delimiter")
    if fmt != "json" and "records_key" in data:
        raise top.fail("records_key", "only JSON mappings have a records_key")

    record = top.table("record") or Checker(origin, {}, "record")
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
        contact_t.only({"name", "role", "phone", "email", "absent", "pattern"}, {"name"})
        if "pattern" in contact_t.data and ("phone" in contact_t.data or "email" in contact_t.data):
            raise contact_t.fail("pattern", "with a pattern, phone and e-mail come from its groups")
        contact = ContactSpec(
            FieldSpec(contact_t.text("name"), absent=contact_t.absent()),
            contact_t.text("role"),
            contact_t.text("phone"),
            contact_t.text("email"),
            contact_t.regex("pattern", ("name",)),
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
        derived=_derived(top),
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
