"""The JSON shape of ``civicgraph extract --format json`` (a contract: see DESIGN.md §5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ingest.records import ExtractedDocument, Funding, Organization, Person, PhoneNumber


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _phones(phones: list[PhoneNumber], kind: str) -> list[str]:
    return [p.number for p in phones if (p.kind == "fax") == (kind == "fax")]


def _eur(funding: Funding | None) -> float | None:
    if funding is None or funding.currency.upper() != "EUR":
        return None
    return _number(funding.amount)


def organization(org: Organization) -> dict[str, Any]:
    return {
        "name": org.name,
        "type": org.type_label or org.type,
        "country": org.country,
        "address": org.address.text if org.address else None,
        "postal_code": org.address.postal_code if org.address else None,
        "parent": org.parent,
    }


def person(p: Person) -> dict[str, Any]:
    return {
        "name": p.name,
        "role": p.role,
        "organization": p.organization or p.unit,
        "unit": p.unit,
        "phones": _phones(p.phones, "voice"),
        "fax": _phones(p.phones, "fax"),
        "emails": list(p.emails),
        "office": p.office,
    }


def document(doc: ExtractedDocument) -> dict[str, Any]:
    return {
        "source": doc.source_url or doc.source,
        "language": doc.language,
        "kind": doc.kind,
        "kind_confidence": round(doc.kind_confidence, 3),
        "title": doc.title,
        "organizations": [organization(o) for o in doc.organizations],
        "people": [person(p) for p in doc.people],
        "emails": list(doc.emails),
        "phones": [p.number for p in doc.phones],
        "practices": [
            {
                "title": pr.title,
                "description": pr.description,
                "tags": [t.label for t in pr.tags],
                "objectives": pr.objectives,
                "participants": pr.participants,
                "target_groups": pr.target_groups,
                "organization": pr.organization,
                "contact": pr.contact,
            }
            for pr in doc.practices
        ],
        "projects": [
            {
                "title": pj.title,
                "identifier": pj.identifier,
                "lead": pj.lead,
                "partners": pj.partners,
                "funders": pj.funders,
                "total_eur": _eur(pj.total),
                # the total as written, whatever the currency (total_eur is set for EUR only)
                "total": None
                if pj.total is None
                else {"amount": _number(pj.total.amount), "currency": pj.total.currency},
                "funding": [
                    {
                        "funder": f.funder,
                        "eur": _eur(f),
                        "amount": _number(f.amount),
                        "currency": f.currency,
                        "role": f.role,
                    }
                    for f in pj.funding
                ],
                "start": pj.start,
                "end": pj.end,
            }
            for pj in doc.projects
        ],
        "tags": [t.label for t in doc.tags],
    }
