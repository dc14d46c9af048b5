"""schema.org JSON-LD for a resource page (embedded in the HTML for search engines and tools).

Built from a :class:`kg.resources.Description`: a practice is a ``CreativeWork``, an organisation an
``Organization`` (a municipality a ``GovernmentOrganization``), a person a ``Person`` with job title
and contacts, a project a ``Project`` with funders and amounts, a tag a ``DefinedTerm``, a source
document a ``DigitalDocument``. The context is named, never fetched.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kg.provenance import http_url
from kg.resources import Description, Fact, Term
from kg.vocab_labels import CG, DCT, FOAF, ORG, SCHEMA, SKOS, VCARD

SCHEMA_TYPES: dict[str, str] = {
    "practice": "CreativeWork",
    "project": "Project",
    "person": "Person",
    "unit": "Organization",
    "organization": "Organization",
    "document": "DigitalDocument",
    "country": "Country",
    "tag": "DefinedTerm",
    "scheme": "DefinedTermSet",
    "place": "Place",
}


def _texts(fact: Fact | None) -> list[str]:
    return [v.term.label for v in fact.values] if fact else []


def _ref(term: Term) -> dict[str, str]:
    return {"@id": term.value, "name": term.label}


def _contact(desc: Description, out: dict[str, Any]) -> None:
    emails = [t.value.removeprefix("mailto:") for t in desc.values(VCARD + "hasEmail")]
    if emails:
        out["email"] = emails[0] if len(emails) == 1 else emails
    phones = desc.fact(VCARD + "hasTelephone")
    numbers = [v.term.label for v in phones.values] if phones else []
    if numbers:
        out["telephone"] = numbers[0] if len(numbers) == 1 else numbers
    address = desc.fact(VCARD + "hasAddress")
    if address and address.values:
        out["address"] = address.values[0].term.label


def _money(amount: tuple[Decimal, str], name: str) -> dict[str, Any]:
    return {"@type": "MonetaryAmount", "name": name, "value": str(amount[0]), "currency": amount[1]}


def _amounts(desc: Description) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    total = desc.fact(CG + "totalAmount")
    for value in total.values if total else []:
        if value.amount:
            out.append(_money(value.amount, "total"))
    funding = desc.fact(CG + "funding")
    for value in funding.values if funding else []:
        for nested in value.nested:
            for inner in nested.values:
                if inner.amount:
                    out.append(_money(inner.amount, value.term.label))
    return out


def schema_org(desc: Description) -> dict[str, Any]:
    """A schema.org JSON-LD object for the page of ``desc``."""
    kind = desc.kind or ""
    type_name = SCHEMA_TYPES.get(kind, "Thing")
    if kind == "organization" and any(t.value == CG + "Municipality" for t in desc.types):
        type_name = "GovernmentOrganization"
    out: dict[str, Any] = {"@context": "https://schema.org", "@type": type_name, "@id": desc.iri}
    out["name"] = desc.label
    other_names = sorted({n.label for n in desc.names if n.label != desc.label})
    if other_names:
        out["alternateName"] = other_names
    description = _texts(desc.fact(DCT + "description"))
    if description:
        out["description"] = description[0]
    tags = _texts(desc.fact(DCT + "subject"))
    if tags:
        out["keywords"] = tags
    for predicate, key in ((SCHEMA + "startDate", "startDate"), (SCHEMA + "endDate", "endDate")):
        dates = _texts(desc.fact(predicate))
        if dates:
            out[key] = dates[0]
    pages = desc.values(SCHEMA + "url") + desc.values(FOAF + "homepage")
    urls = [u for t in pages if (u := http_url(t.value))]
    if urls:
        out["url"] = urls[0]
    countries = desc.values(CG + "country")
    if countries:
        place = {"@type": "Country", "name": countries[0].label}
        out["locationCreated" if kind == "practice" else "location"] = place
    if kind in {"organization", "unit", "person"}:
        _contact(desc, out)
    if kind == "person":
        roles = [t.label for t in desc.values(ORG + "holds")]
        if roles:
            out["jobTitle"] = roles[0]
    if kind == "practice":
        creators = desc.values(CG + "implementedBy")
        if creators:
            out["creator"] = [_ref(t) | {"@type": "Organization"} for t in creators]
    if kind == "project":
        funders = desc.values(SCHEMA + "funder")
        if funders:
            out["funder"] = [_ref(t) | {"@type": "Organization"} for t in funders]
        members = desc.values(CG + "leadOrganization") + desc.values(CG + "partnerOrganization")
        if members:
            out["member"] = [_ref(t) | {"@type": "Organization"} for t in members]
        amounts = _amounts(desc)
        if amounts:
            out["amount"] = amounts  # pending schema.org term on Grant; harmless elsewhere
    if kind == "tag":
        schemes = desc.values(SKOS + "inScheme")
        if schemes:
            out["inDefinedTermSet"] = _ref(schemes[0])
    if kind == "document":
        sources = [u for t in desc.values(DCT + "source") if (u := http_url(t.value))]
        if sources:
            out["url"] = sources[0]
    return out
