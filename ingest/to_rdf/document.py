"""An :class:`ExtractedDocument` → its named graph (organisations, people, practices, projects ...).

:func:`document_graph` is deterministic: the same :class:`ExtractedDocument`, minter and activity
time give the same triples (no blank nodes; every node IRI comes from :class:`kg.iris.Minter`).
docs/modelling.md describes the shape of the output with a worked example.
"""

from __future__ import annotations

import re
from datetime import datetime
from importlib import metadata

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SDO, XSD

from ingest.records import (
    ExtractedDocument,
    Funding,
    Place,
    Practice,
    Project,
    Tag,
)
from ingest.to_rdf.agents import AgentWriter
from kg.iris import Minter, fold
from ontology import concept_iri
from ontology.concepts import lookup
from ontology.namespace import CG
from ontology.values import date_literal, decimal_literal, http_iri, mailto_iri, tel_iri

__all__ = ["document_graph"]

_BUDGET_FUND = {"municipal": "MUNICIPAL", "national": "NATIONAL", "own": "OWN"}


def _software_version() -> str:
    try:
        return metadata.version("civicgraph")
    except metadata.PackageNotFoundError:
        return "0"


def _practice_key(practice: Practice) -> str:
    """A practice's own URL (records of one database may share a title), else its title."""
    if practice.url and http_iri(practice.url) is not None:
        return re.sub(r"^https?://(www\.)?", "", practice.url.strip(), flags=re.I).rstrip("/")
    return practice.title


def document_graph(doc: ExtractedDocument, minter: Minter, *, activity_time: datetime) -> Graph:
    """The named graph (identifier = ``minter.document(doc.source)``) holding everything in ``doc``."""
    return _DocumentBuilder(doc, minter, activity_time).build()


class _DocumentBuilder(AgentWriter):
    def __init__(self, doc: ExtractedDocument, minter: Minter, activity_time: datetime) -> None:
        if activity_time.tzinfo is None:
            raise ValueError(f"{doc.source}: activity_time must be timezone-aware")
        super().__init__(doc, minter)
        self.activity_time = activity_time

    # -- document and provenance -----------------------------------------------------------

    def build(self) -> Graph:
        self._document()
        self._activity()
        self._index_organizations()
        for org in self.doc.organizations:
            self._organization(org)
        for person in self.doc.people:
            self._person(person)
        for project in self.doc.projects:
            self._project(project)
        for practice in self.doc.practices:
            self._practice(practice)
        for relation in self.doc.relations:
            self._relation(relation)
        for tag in self.doc.tags:
            self._tag_on(self.doc_iri, tag)
        for place in self.doc.places:
            self._place_on(self.doc_iri, place)
        for email in self.doc.emails:
            self.add_iri(self.doc_iri, CG.mentions, mailto_iri(email))
        for phone in self.doc.phones:
            self.add_iri(self.doc_iri, CG.mentions, tel_iri(phone.number) if phone.valid else None)
        return self.graph

    def _document(self) -> None:
        doc, node = self.doc, self.doc_iri
        for cls in (CG.SourceDocument, FOAF.Document, PROV.Entity):
            self.add(node, RDF.type, cls)
        source_iri = http_iri(doc.source_url) if doc.source_url else None
        if source_iri is None and doc.source.startswith(("http://", "https://")):
            source_iri = http_iri(doc.source)
        self.add(node, DCTERMS.source, source_iri or Literal(doc.file_name or doc.source))
        label = doc.title or doc.file_name or doc.source_url or doc.source
        self.add_text(node, DCTERMS.title, doc.title)
        self.add_text(node, RDFS.label, label)
        if doc.language:
            self.add(node, DCTERMS.language, Literal(self.lang))
        kind = lookup("document-kinds", doc.kind) or concept_iri("document-kinds", "other")
        self.add(node, CG.documentKind, kind)
        if doc.kind_confidence:
            self.add(node, CG.kindConfidence, decimal_literal(round(doc.kind_confidence, 4)))
        if doc.content_hash:
            self.add(node, CG.contentHash, Literal(doc.content_hash))
        self.add(node, DCTERMS.issued, date_literal(doc.published))
        self.add(node, DCTERMS.modified, date_literal(doc.modified))
        if doc.mapping:
            self.add(node, CG.mapping, Literal(doc.mapping))

    def _activity(self) -> None:
        version = _software_version()
        agent = self.minter.iri("agent", "civicgraph", version)
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, RDF.type, PROV.Agent)
        self.add(agent, FOAF.name, Literal(f"civicgraph {version}"))
        self.add(agent, RDFS.label, Literal(f"civicgraph {version}", lang="en"))
        self.add(agent, SDO.softwareVersion, Literal(version))
        act = self.activity
        self.add(act, RDF.type, PROV.Activity)
        what = f"import of {self.doc.source} with mapping {self.doc.mapping}" if self.doc.mapping else None
        self.add(act, RDFS.label, Literal(what or f"extraction from {self.doc.source}", lang="en"))
        self.add(act, PROV.used, self.doc_iri)
        self.add(act, PROV.wasAssociatedWith, agent)
        self.add(act, PROV.startedAtTime, Literal(self.activity_time.isoformat(), datatype=XSD.dateTime))
        if self.doc.mapping:
            self.add(act, CG.mapping, Literal(self.doc.mapping))
        self.agent = agent

    # -- practices and projects ---------------------------------------------------------------

    def _practice(self, practice: Practice) -> None:
        lang = practice.lang
        iri = self.minter.iri("practice", _practice_key(practice))
        for cls in (CG.GoodPractice, PROV.Entity):
            self.add(iri, RDF.type, cls)
        self._titled(iri, practice.title, practice.description, lang)
        self.add_texts(iri, CG.objective, practice.objectives, lang)
        self.add_texts(iri, CG.participants, practice.participants, lang)
        self.add_texts(iri, CG.targetGroup, practice.target_groups, lang)
        self.add_texts(iri, CG.result, practice.results, lang)
        self.add_texts(iri, CG.scope, practice.scope, lang)
        self.add_text(iri, CG.sourceDatabase, practice.source_database, lang)
        if practice.organization:
            self.add(iri, CG.implementedBy, self.org_ref(practice.organization, lang=lang))
        if practice.contact:
            person = self.person_ref(practice.contact, practice.organization, lang)
            self.add(iri, CG.contactPerson, person)
        self._common(iri, practice.tags, practice.places, practice.country, practice.start, practice.end)
        self.add_iri(iri, SDO.url, http_iri(practice.url))
        self.derived(iri)
        self.evidence(iri, DCTERMS.title, self.text(practice.title, lang), practice.evidence)

    def _project(self, project: Project) -> None:
        lang = project.lang
        if project.identifier:
            iri = self.minter.iri("project", project.identifier)
        elif project.lead:  # no number: the same title from another beneficiary is another project
            lead = str(self.org_ref(project.lead, lang=lang)).split("/id/", 1)[-1]
            iri = self.minter.iri("project", project.title, lead)
        else:
            iri = self.minter.iri("project", project.title)
        self.projects[fold(project.title)] = iri
        for cls in (SDO.Project, PROV.Entity):
            self.add(iri, RDF.type, cls)
        self._titled(iri, project.title, project.description, lang)
        if project.identifier:
            self.add(iri, DCTERMS.identifier, Literal(project.identifier))
        if project.lead:
            self.add(iri, CG.leadOrganization, self.org_ref(project.lead, lang=lang))
        for partner in project.partners:
            self.add(iri, CG.partnerOrganization, self.org_ref(partner, lang=lang))
        for funder in project.funders:
            fund = lookup("funds", funder)
            if fund is not None:
                self.add(iri, CG.fund, fund)
            else:
                self.add(iri, SDO.funder, self.org_ref(funder, lang=lang))
        for funding in project.funding:
            self._funding(iri, funding, lang)
        if project.total is not None:
            amount = self._amount(self.minter.hashed("amount", str(iri), "total"), project.total)
            self.add(iri, CG.totalAmount, amount)
            self.evidence(iri, CG.totalAmount, amount, project.total.evidence)
        if project.programme_period:
            self.add(iri, CG.programmePeriod, Literal(project.programme_period))
        self.add_texts(iri, CG.targetGroup, project.target_groups, lang)
        self.add_texts(iri, CG.activity, project.activities, lang)
        if project.contact:
            self.add(iri, CG.contactPerson, self.person_ref(project.contact, project.lead, lang))
        self._common(iri, project.tags, project.places, project.country, project.start, project.end)
        self.add_iri(iri, SDO.url, http_iri(project.url))
        self.derived(iri)
        self.evidence(iri, DCTERMS.title, self.text(project.title, lang), project.evidence)

    def _titled(self, iri: URIRef, title: str, description: str | None, lang: str | None) -> None:
        if not title.strip():
            raise ValueError(f"{self.doc.source}: a practice or project has an empty title")
        self.add_text(iri, DCTERMS.title, title, lang)
        self.add_text(iri, RDFS.label, title, lang)
        self.add_text(iri, DCTERMS.description, description, lang)

    def _common(
        self,
        iri: URIRef,
        tags: list[Tag],
        places: list[Place],
        country: str | None,
        start: str | None,
        end: str | None,
    ) -> None:
        for tag in tags:
            self._tag_on(iri, tag)
        for place in places:
            self._place_on(iri, place)
        self.add_country(iri, country)
        self.add(iri, SDO.startDate, date_literal(start))
        self.add(iri, SDO.endDate, date_literal(end))

    def _amount(self, node: URIRef, funding: Funding) -> URIRef:
        try:
            value = decimal_literal(funding.amount)
        except ValueError as exc:
            raise ValueError(f"{self.doc.source}: funding amount {exc}") from exc
        currency = (funding.currency or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValueError(f"{self.doc.source}: {funding.currency!r} is not an ISO 4217 currency code")
        self.add(node, RDF.type, SDO.MonetaryAmount)
        self.add(node, SDO.value, value)
        self.add(node, SDO.currency, Literal(currency))
        self.add(node, RDFS.label, Literal(f"{value} {currency}"))
        return node

    def _funding(self, project: URIRef, funding: Funding, lang: str | None) -> None:
        node = self.minter.hashed(
            "funding",
            str(project),
            funding.role,
            funding.funder or "",
            str(funding.amount),
            funding.currency,
            funding.fund_code or "",
        )
        self.add(project, CG.funding, node)
        self.add(node, RDF.type, CG.Funding)
        self.add(node, RDF.type, PROV.Entity)
        amount = self._amount(self.minter.hashed("amount", str(node)), funding)
        self.add(node, SDO.amount, amount)
        self.add(node, CG.fundingRole, concept_iri("funding-roles", funding.role))
        fund = lookup("funds", funding.fund_code) or lookup("funds", funding.funder)
        if fund is None and funding.role in _BUDGET_FUND:
            fund = concept_iri("funds", _BUDGET_FUND[funding.role])
        self.add(node, CG.fund, fund)
        self.add(project, CG.fund, fund)  # summary: the funds a project draws on
        if funding.funder:
            self.add_text(node, CG.funderName, funding.funder, lang)
            self.add(node, CG.funder, self.orgs.get(fold(funding.funder)))
        what = funding.funder or funding.fund_code or funding.role
        self.add_text(node, RDFS.label, f"{what}: {self.graph.value(amount, RDFS.label)}", lang)
        self.derived(node)
        self.evidence(project, CG.funding, node, funding.evidence)
