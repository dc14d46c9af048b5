"""An :class:`ExtractedDocument` → its named graph (organisations, people, practices, projects ...).

:func:`document_graph` is deterministic: the same :class:`ExtractedDocument`, minter and activity
time give the same triples (no blank nodes; every node IRI comes from :class:`kg.iris.Minter`).
docs/modelling.md describes the shape of the output with a worked example.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from importlib import metadata

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, SKOS, XSD

from ingest.records import (
    Address,
    ExtractedDocument,
    Funding,
    Organization,
    Person,
    PhoneNumber,
    Place,
    Practice,
    Project,
    Relation,
    Tag,
)
from ingest.to_rdf.writer import GraphWriter
from kg.iris import Minter, fold
from ontology import concept_iri, org_class, scheme_iri
from ontology.concepts import lookup
from ontology.countries import country_code, country_iri
from ontology.namespace import CG
from ontology.values import date_literal, decimal_literal, http_iri, mailto_iri, tel_iri
from ontology.vcard import VCARD

__all__ = ["document_graph"]

_PHONE_CLASS = {"voice": VCARD.Voice, "fax": VCARD.Fax, "mobile": VCARD.Cell}
_BUDGET_FUND = {"municipal": "MUNICIPAL", "national": "NATIONAL", "own": "OWN"}
_RELATION_CLASS = {"twin": CG.Twinning}


def _software_version() -> str:
    try:
        return metadata.version("civicgraph")
    except metadata.PackageNotFoundError:
        return "0"


def document_graph(doc: ExtractedDocument, minter: Minter, *, activity_time: datetime) -> Graph:
    """The named graph (identifier = ``minter.document(doc.source)``) holding everything in ``doc``."""
    return _DocumentBuilder(doc, minter, activity_time).build()


class _DocumentBuilder(GraphWriter):
    def __init__(self, doc: ExtractedDocument, minter: Minter, activity_time: datetime) -> None:
        if activity_time.tzinfo is None:
            raise ValueError(f"{doc.source}: activity_time must be timezone-aware")
        super().__init__(doc, minter)
        self.activity_time = activity_time
        self.orgs: dict[str, URIRef] = {}  # folded name or alias → org/unit IRI
        self.org_keys: dict[URIRef, str] = {}  # org IRI → key used in child IRIs
        self.people: dict[str, URIRef] = {}  # folded name → person IRI
        self.projects: dict[str, URIRef] = {}  # folded title → project IRI

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

    # -- organisations -----------------------------------------------------------------------

    def _key_of(self, name: str) -> str:
        """The key child IRIs (units, people, posts) use for the organisation called ``name``."""
        iri = self.orgs.get(fold(name))
        return self.org_keys.get(iri, name) if iri is not None else name

    def _index_organizations(self) -> None:
        # Top-level organisations first, so units can be keyed by their parent's key.
        ordered = sorted(self.doc.organizations, key=lambda o: o.is_unit)
        for org in ordered:
            if org.is_unit:
                iri, key = self._unit_iri(self._key_of(org.parent) if org.parent else None, org.name)
            else:
                key = org.key or org.name
                iri = self.minter.iri("org", key)
            self.org_keys[iri] = key
            for name in [org.name, *(label.text for label in org.labels)]:
                self.orgs.setdefault(fold(name), iri)

    def _unit_iri(self, parent_key: str | None, name: str) -> tuple[URIRef, str]:
        """A unit's IRI and key: under its parent's key, or on its own when the parent is unknown."""
        if parent_key is None:
            return self.minter.iri("unit", name), name
        return self.minter.iri("unit", parent_key, name), f"{parent_key}/{name}"

    def org_ref(
        self, name: str, *, lang: str | None = None, unit: bool = False, unit_of: str | None = None
    ) -> URIRef:
        """The IRI of an organisation (or unit) named in the document; unknown names get a minimal node."""
        found = self.orgs.get(fold(name))
        if found is not None:
            return found
        if unit or unit_of:
            parent = self.org_ref(unit_of, lang=lang) if unit_of else None
            iri, key = self._unit_iri(self.org_keys[parent] if parent is not None else None, name)
            self.org_keys[iri] = key
            if parent is not None:
                self._unit_link(iri, parent)
            self.add(iri, RDF.type, ORG.OrganizationalUnit)
        else:
            iri = self.minter.iri("org", name)
            self.org_keys[iri] = name
        self.orgs[fold(name)] = iri
        self.add(iri, RDF.type, ORG.Organization)
        self.add_text(iri, SKOS.prefLabel, name, lang)
        self.add_text(iri, RDFS.label, name, lang)
        self.derived(iri)
        return iri

    def _unit_link(self, unit: URIRef, parent: URIRef) -> None:
        self.add(unit, ORG.unitOf, parent)
        self.add(parent, ORG.hasUnit, unit)

    def _organization(self, org: Organization) -> None:
        lang = org.lang
        iri = self.orgs[fold(org.name)]
        self.add(iri, RDF.type, ORG.Organization)
        if org.is_unit:
            self.add(iri, RDF.type, ORG.OrganizationalUnit)
        self.add(iri, RDF.type, org_class(org.type))
        self.add_text(iri, SKOS.prefLabel, org.name, lang)
        self.add_text(iri, RDFS.label, org.name, lang)
        for label in org.labels:
            if fold(label.text) != fold(org.name) or label.lang != (lang or self.doc.language):
                self.add_text(iri, SKOS.altLabel, label.text, label.lang or lang)
                self.add_text(iri, RDFS.label, label.text, label.lang or lang)
        self.add_text(iri, CG.organizationType, org.type_label, lang)
        self.add_text(iri, CG.legalStatus, org.legal_status, lang)
        self.add_texts(iri, CG.fieldOfActivity, org.fields_of_activity, lang)
        self.add_texts(iri, CG.cooperationPriority, org.cooperation_priorities, lang)
        self.add_country(iri, org.country)
        if org.parent:
            parent = self.org_ref(org.parent, lang=lang)
            if org.is_unit:
                self._unit_link(iri, parent)
            else:
                self.add(iri, ORG.subOrganizationOf, parent)
                self.add(parent, ORG.hasSubOrganization, iri)
        for network in org.networks:
            net = self.org_ref(network, lang=lang)
            self.add(net, RDF.type, CG.Network)
            self.add(iri, CG.memberOfNetwork, net)
        self.add_iri(iri, FOAF.homepage, http_iri(org.homepage))
        self._contacts(iri, org.emails, org.phones)
        if org.address is not None:
            self._address(iri, org.address, lang)
        self.derived(iri)
        self.evidence(iri, SKOS.prefLabel, self.text(org.name, lang), org.evidence)

    def _contacts(self, owner: URIRef, emails: Iterable[str], phones: Iterable[PhoneNumber]) -> None:
        for email in emails:
            self.add_iri(owner, VCARD.hasEmail, mailto_iri(email))
        for phone in phones:
            self._phone(owner, phone)

    def _phone(self, owner: URIRef, phone: PhoneNumber) -> None:
        value = tel_iri(phone.number) if phone.valid else None
        written = phone.as_written or phone.number
        if value is None and not written.strip():
            return
        node = self.minter.hashed("contact", str(owner), phone.kind, phone.number)
        self.add(owner, VCARD.hasTelephone, node)
        self.add(node, RDF.type, _PHONE_CLASS.get(phone.kind, VCARD.Voice))
        self.add(node, VCARD.hasValue, value)
        self.add(node, RDFS.label, Literal(written.strip()))
        self.evidence(owner, VCARD.hasTelephone, node, phone.evidence)

    def _address(self, owner: URIRef, address: Address, lang: str | None) -> None:
        node = self.minter.hashed("address", str(owner), address.text)
        self.add(owner, VCARD.hasAddress, node)
        self.add(node, RDF.type, VCARD.Address)
        self.add_text(node, RDFS.label, address.text, lang)
        self.add_text(node, VCARD["street-address"], address.street, lang)
        if address.postal_code:
            self.add(node, VCARD["postal-code"], Literal(address.postal_code))
        self.add_text(node, VCARD.locality, address.locality, lang)
        code = country_code(address.country)
        if code:
            self.add_country(node, code)
            self.add_text(node, VCARD["country-name"], self.country_name(code), "en")
        self.evidence(owner, VCARD.hasAddress, node, address.evidence)

    # -- people --------------------------------------------------------------------------------

    def _person_key(self, person: Person) -> tuple[str, URIRef | None, URIRef | None]:
        org = self.org_ref(person.organization, lang=person.lang) if person.organization else None
        unit = None
        if person.unit:
            unit = self.org_ref(person.unit, lang=person.lang, unit=True, unit_of=person.organization)
            if org is None:
                parents = list(self.graph.objects(unit, ORG.unitOf))
                org = parents[0] if len(parents) == 1 and isinstance(parents[0], URIRef) else None
        anchor = org or unit
        if anchor is not None:
            return self.org_keys.get(anchor, str(anchor)), org, unit
        return "doc/" + self.doc_iri.rsplit("/", 1)[-1], None, None

    def person_ref(self, name: str, organization: str | None = None, lang: str | None = None) -> URIRef:
        found = self.people.get(fold(name))
        if found is not None:
            return found
        return self._person(Person(name=name, organization=organization, lang=lang))

    def _person(self, person: Person) -> URIRef:
        lang = person.lang
        key, org, unit = self._person_key(person)
        iri = self.minter.iri("person", key, person.name)
        self.people.setdefault(fold(person.name), iri)
        if person.name_as_written:
            self.people.setdefault(fold(person.name_as_written), iri)
        self.add(iri, RDF.type, FOAF.Person)
        self.add_text(iri, FOAF.name, person.name, lang)
        self.add_text(iri, RDFS.label, person.name, lang)
        if person.name_as_written and person.name_as_written != person.name:
            self.add_text(iri, SKOS.altLabel, person.name_as_written, lang)
        for member_of in (org, unit):
            self.add(iri, ORG.memberOf, member_of)
        if person.role and (unit or org):
            where = unit or org
            assert where is not None
            post = self.minter.iri("post", key, person.name, person.role)
            self.add(post, RDF.type, ORG.Post)
            self.add_text(post, SKOS.prefLabel, person.role, lang)
            self.add_text(post, RDFS.label, person.role, lang)
            self.add(post, ORG.postIn, where)
            self.add(where, ORG.hasPost, post)
            self.add(post, ORG.heldBy, iri)
            self.add(iri, ORG.holds, post)
            self.add(post, ORG.role, self.concept(Tag(person.role, scheme="roles", lang=lang)))
            self.derived(post)
        if person.office:
            self.add(iri, CG.office, Literal(person.office))
        self._contacts(iri, person.emails, person.phones)
        self.derived(iri)
        self.evidence(iri, FOAF.name, self.text(person.name, lang), person.evidence)
        return iri

    # -- practices and projects ---------------------------------------------------------------

    def _practice(self, practice: Practice) -> None:
        lang = practice.lang
        iri = self.minter.iri("practice", practice.title)
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
        iri = self.minter.iri("project", project.identifier or project.title)
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
        value = decimal_literal(funding.amount)
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
        if funding.funder:
            self.add_text(node, CG.funderName, funding.funder, lang)
            self.add(node, CG.funder, self.orgs.get(fold(funding.funder)))
        what = funding.funder or funding.fund_code or funding.role
        self.add_text(node, RDFS.label, f"{what}: {self.graph.value(amount, RDFS.label)}", lang)
        self.derived(node)
        self.evidence(project, CG.funding, node, funding.evidence)

    # -- relations, tags, places ----------------------------------------------------------------

    def _relation(self, relation: Relation) -> None:
        subject = self.org_ref(relation.subject)
        obj = self.org_ref(relation.object)
        if relation.kind == "network":
            self.add(obj, RDF.type, CG.Network)
            self.add(subject, CG.memberOfNetwork, obj)
            self.evidence(subject, CG.memberOfNetwork, obj, relation.evidence)
            return
        prop = CG.twinOf if relation.kind == "twin" else CG.partnerOf
        for a, b in ((subject, obj), (obj, subject)):
            self.add(a, prop, b)
            if prop != CG.partnerOf:
                self.add(a, CG.partnerOf, b)
        first, second = sorted((str(subject), str(obj)))
        node = self.minter.hashed("relation", relation.kind, first, second, relation.label or "")
        self.add(node, RDF.type, CG.Partnership)
        self.add(node, RDF.type, _RELATION_CLASS.get(relation.kind, CG.Partnership))
        self.add(node, CG.partner, subject)
        self.add(node, CG.partner, obj)
        if relation.label:
            self.add_text(node, RDFS.label, relation.label, None)
            self.add(node, CG.project, self.projects.get(fold(relation.label)))
        self.derived(node)
        self.evidence(subject, prop, obj, relation.evidence)

    def _tag_on(self, item: URIRef, tag: Tag) -> None:
        concept = self.concept(tag)
        suggested = tag.suggested or tag.score is not None
        prop = CG.suggestedSubject if suggested else DCTERMS.subject
        self.add(item, prop, concept)
        if suggested:
            node = self.minter.hashed("evidence", self.doc.source, str(item), str(prop), str(concept))
            self.add(node, RDF.type, CG.Evidence)
            self.add(node, RDF.subject, item)
            self.add(node, RDF.predicate, prop)
            self.add(node, RDF.object, concept)
            if tag.score is not None:
                self.add(node, CG.score, decimal_literal(round(tag.score, 4)))
            self.add(node, CG.suggestedBy, self.agent)
            self.add(node, PROV.wasGeneratedBy, self.activity)
            self.add(node, PROV.wasDerivedFrom, self.doc_iri)
        self.evidence(item, prop, concept, tag.evidence)

    def concept(self, tag: Tag) -> URIRef:
        """The concept for a tag: a shipped concept when one matches, else one minted in its scheme."""
        shipped = tag.scheme in {"topics", "funds", "funding-roles", "document-kinds"}
        if shipped:
            found = lookup(tag.scheme, tag.label)
            if found is not None:
                return found
            scheme = scheme_iri(tag.scheme)
        else:
            scheme = self.minter.iri("scheme", tag.scheme)
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.add(scheme, SKOS.notation, Literal(tag.scheme))
            self.add_text(scheme, SKOS.prefLabel, tag.scheme.replace("-", " "), "en")
        iri = self.minter.iri("tag", tag.scheme, tag.notation or tag.label)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme)
        if tag.notation:
            self.add(iri, SKOS.notation, Literal(tag.notation))
        self.add_text(iri, SKOS.prefLabel, tag.label, tag.lang)
        self.add_text(iri, RDFS.label, tag.label, tag.lang)
        if tag.scheme != "topics":
            self.add(iri, SKOS.exactMatch, lookup("topics", tag.label))
        self.derived(iri)
        return iri

    def _place_on(self, item: URIRef, place: Place) -> None:
        if place.kind == "country":
            code = country_code(place.name) or country_code(place.country)
            if code:
                self.add(item, DCTERMS.spatial, country_iri(code))
                self.evidence(item, DCTERMS.spatial, country_iri(code), place.evidence)
                return
        iri = self.minter.iri("place", place.country or "xx", place.kind, place.name)
        self.add(iri, RDF.type, CG.Place)
        self.add(iri, RDF.type, DCTERMS.Location)
        self.add_text(iri, SKOS.prefLabel, place.name, place.lang)
        self.add_text(iri, RDFS.label, place.name, place.lang)
        self.add(iri, CG.placeKind, Literal(place.kind))
        self.add_country(iri, place.country)
        self.add(item, DCTERMS.spatial, iri)
        self.derived(iri)
        self.evidence(item, DCTERMS.spatial, iri, place.evidence)
