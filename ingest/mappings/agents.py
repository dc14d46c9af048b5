"""The organisations and contact people of one record (``[organisation]``, partners, ``[contact]``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.mappings.splitters import tidy
from ingest.mappings.values import parse_emails, parse_phones
from ingest.records import Address, Organization, Person, Practice, Project

if TYPE_CHECKING:
    from ingest.mappings.build import Built, RecordBuilder


def organisation(
    b: RecordBuilder, data: dict[str, Any], built: Built, country: str | None, lang: str | None
) -> None:
    """The record's organisation (and its unit, when the name says "organisation / unit"), then the
    project's partners as organisations of their own, classified by the same rules."""
    spec = b.m.organisation
    entity = built.entity
    name = b.scalar(data, spec.name) if spec is not None else None
    if spec is not None and name is not None:
        written = name
        unit = spec.unit_pattern.fullmatch(name) if spec.unit_pattern else None
        if unit is not None:
            name = tidy(unit.group("org"))
        label = b.value(data, spec.type_label) if spec.type_label else None
        org_type, label = spec.classify(name, label)
        ev = b.ev(spec.name.column, written)
        org = Organization(name, org_type, label, country, lang=lang, evidence=ev)
        org.address = address(b, data, spec.address, country)
        built.organizations.append(org)
        if unit is not None and (unit_name := tidy(unit.group("unit"))):
            built.organizations.append(
                Organization(
                    unit_name, "other", None, country, parent=name, is_unit=True, lang=lang, evidence=ev
                )
            )
        if isinstance(entity, Practice):
            entity.organization = name
        elif spec.role == "lead":
            entity.lead = name
        else:
            entity.partners.append(name)
    if isinstance(entity, Project):
        column = b.m.fields["partners"].column if "partners" in b.m.fields else None
        known = {o.name for o in built.organizations}
        for partner in (p for p in entity.partners if p not in known):
            org_type, label = spec.classify(partner, None) if spec is not None else ("other", None)
            built.organizations.append(
                Organization(partner, org_type, label, country, lang=lang, evidence=b.ev(column, partner))
            )


def address(
    b: RecordBuilder,
    data: dict[str, Any],
    columns: tuple[str | None, str | None, str | None],
    country: str | None,
) -> Address | None:
    """``street, postcode locality`` from the organisation's address columns; None when all are empty."""
    street, postcode, locality = (b.value(data, c) if c else None for c in columns)
    if not (street or postcode or locality):
        return None
    place = " ".join(p for p in (postcode, locality) if p)
    text = ", ".join(p for p in (street, place) if p)
    return Address(text, street, postcode, locality, country, b.ev(columns[0] or columns[2], text))


def contact(
    b: RecordBuilder, data: dict[str, Any], built: Built, country: str | None, lang: str | None
) -> None:
    """The contact person; with ``pattern``, every match in the name cell is one person."""
    spec = b.m.contact
    if spec is None:
        return
    if spec.pattern is None:
        name = b.scalar(data, spec.name)
        phone = b.value(data, spec.phone) if spec.phone else None
        email = b.value(data, spec.email) if spec.email else None
        _person(b, built, name, phone, email, (spec.phone, spec.email), country, lang)
        return
    column = spec.name.column or ""
    text = b.value(data, column, spec.name.absent) or ""
    for match in spec.pattern.finditer(text):
        found = match.groupdict()
        name = b.value({"name": found.get("name") or ""}, "name", spec.name.absent)
        _person(b, built, name, found.get("phone"), found.get("email"), (column, column), country, lang)


def _person(
    b: RecordBuilder,
    built: Built,
    name: str | None,
    phone_text: str | None,
    email_text: str | None,
    columns: tuple[str | None, str | None],
    country: str | None,
    lang: str | None,
) -> None:
    spec = b.m.contact
    assert spec is not None
    phone_text, email_text = (tidy(t) if t else None for t in (phone_text, email_text))
    phones = parse_phones(phone_text, country) if phone_text else []
    for p in phones:
        p.evidence = b.ev(columns[0], phone_text)
        if not p.valid:
            built.warnings.append((columns[0] or "", f"not a phone number: {p.number[:40]!r}"))
    emails = parse_emails(email_text) if email_text else []
    if email_text and not emails:
        built.warnings.append((columns[1] or "", f"not an e-mail address: {email_text[:60]!r}"))
    built.phones += [p for p in phones if p.valid]
    built.emails += emails
    if name is None:
        return
    org = built.organizations[0].name if built.organizations else None
    built.people.append(
        Person(
            name=name,
            name_as_written=name,
            role=spec.role,
            organization=org,
            phones=phones,
            emails=emails,
            lang=lang,
            evidence=b.ev(spec.name.column, name),
        )
    )
    if built.entity.contact is None:
        built.entity.contact = name
