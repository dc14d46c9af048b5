"""Organisations, units, people, posts, contacts and relations between organisations."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import FOAF, ORG, SKOS

from ingest.records import Address, ExtractedDocument, Organization, Person, PhoneNumber, Relation, Tag
from ingest.to_rdf.writer import GraphWriter
from kg.iris import Minter, fold
from ontology import org_class
from ontology.countries import country_code
from ontology.namespace import CG
from ontology.values import http_iri, mailto_iri, tel_iri
from ontology.vcard import VCARD

_PHONE_CLASS = {"voice": VCARD.Voice, "fax": VCARD.Fax, "mobile": VCARD.Cell}
_RELATION_CLASS = {"twin": CG.Twinning}


class AgentWriter(GraphWriter):
    """Resolves organisation and person names within one document to stable IRIs."""

    def __init__(self, doc: ExtractedDocument, minter: Minter) -> None:
        super().__init__(doc, minter)
        self.orgs: dict[str, URIRef] = {}  # folded name or alias → org/unit IRI
        self.org_keys: dict[URIRef, str] = {}  # org IRI → key used in child IRIs
        self.people: dict[str, URIRef] = {}  # folded name → person IRI
        self.projects: dict[str, URIRef] = {}  # folded title → project IRI (for relation labels)

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
        """A unit's IRI and key: under its parent's key, or within this document when the parent is
        unknown (division names repeat across organisations, so they are never merged blindly)."""
        if parent_key is None:
            parent_key = "doc-" + self.doc_iri.rsplit("/", 1)[-1]
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
        # One prefLabel per language across documents: the reference name where there is one.
        preferred = {label.lang: label.text for label in org.preferred}
        own = preferred.get(lang)
        name_predicate = SKOS.prefLabel if own is None or fold(own) == fold(org.name) else SKOS.altLabel
        self.add_text(iri, name_predicate, org.name, lang)
        self.add_text(iri, RDFS.label, org.name, lang)
        for label in [*org.preferred, *org.labels]:
            label_lang = label.lang or lang
            if fold(label.text) == fold(org.name) and label_lang == (lang or self.doc.language):
                continue
            canonical = preferred.get(label_lang)
            is_pref = canonical is not None and fold(canonical) == fold(label.text)
            self.add_text(iri, SKOS.prefLabel if is_pref else SKOS.altLabel, label.text, label_lang)
            self.add_text(iri, RDFS.label, label.text, label_lang)
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
        self.evidence(iri, name_predicate, self.text(org.name, lang), org.evidence)

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

    # -- relations between organisations ------------------------------------------------------

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
