"""Records: the boundary between reading/extraction and RDF.

Page extractors (``ingest.extract``) and record mappings (``ingest.mappings``) both produce an
:class:`ExtractedDocument`; ``ingest.to_rdf`` turns it into triples in the document's named graph.
Every fact may carry :class:`Evidence` (character spans in the cleaned text, or the record field
it came from) so provenance can be written for it.

Conventions: names are given as written in the source (cleaned of surrounding whitespace);
``country`` is an ISO 3166-1 alpha-2 code (upper case) or ``None``; ``lang`` is an ISO 639-1 code;
phones and faxes are E.164 strings (``+37031555118``) unless ``PhoneNumber.valid`` is False, in
which case ``number`` holds the text as written; e-mails are lower-case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

DocumentKind = Literal["profile", "department", "practice", "project_news", "record", "other"]

#: Normalised organisation types (ontology classes); ``type_label`` keeps the words of the source.
ORG_TYPES = (
    "municipality",
    "administration",
    "public_body",
    "school",
    "public_institution",
    "ngo",
    "company",
    "agency",
    "research",
    "university",
    "network",
    "county",
    "other",
)

FundingRole = Literal["total", "eu", "national", "municipal", "own", "other"]


@dataclass
class Evidence:
    """Where a fact came from: a span of the cleaned text, or a record field."""

    start: int | None = None
    end: int | None = None
    quote: str = ""
    extractor: str = ""
    confidence: float = 1.0
    field: str | None = None  # for record imports: the column or JSON key


@dataclass
class Address:
    text: str
    street: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    country: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class PhoneNumber:
    number: str  # E.164 when valid, else the text as written
    kind: Literal["voice", "fax", "mobile"] = "voice"
    valid: bool = True
    as_written: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Label:
    text: str
    lang: str | None = None


@dataclass
class Organization:
    name: str
    type: str = "other"  # one of ORG_TYPES
    type_label: str | None = None  # as written, e.g. "Local public authority", "Business"
    country: str | None = None
    address: Address | None = None
    parent: str | None = None  # name of the parent organisation (for units and administrations)
    is_unit: bool = False  # an organisational unit (division, department, skyrius)
    legal_status: str | None = None
    fields_of_activity: list[str] = field(default_factory=list)
    cooperation_priorities: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    homepage: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[PhoneNumber] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)  # other names / languages
    key: str | None = None  # canonical key from entity resolution (reference data), if any
    lang: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # Canonical names from reference data, at most one per language: they are the skos:prefLabel in
    # every document naming the organisation (its own spelling, if different, is an altLabel).
    preferred: list[Label] = field(default_factory=list)


@dataclass
class Person:
    name: str  # normalised (nominative for Lithuanian)
    name_as_written: str | None = None
    role: str | None = None
    organization: str | None = None
    unit: str | None = None
    phones: list[PhoneNumber] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    office: str | None = None
    lang: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Tag:
    label: str
    scheme: str = "topics"  # SKOS scheme key, e.g. "ubc", "ce-key-area", "ce-sector", "participedia-issue"
    lang: str | None = "en"
    score: float | None = None  # None: explicit in the source; else a machine suggestion's score
    suggested: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    notation: str | None = None  # the source's code for the concept (skos:notation), e.g. "budget_local"


@dataclass
class Place:
    name: str
    kind: Literal["country", "region", "county", "municipality", "city", "other"] = "other"
    country: str | None = None
    lang: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Funding:
    funder: str | None  # e.g. "European Regional Development Fund", "Alytus District Municipality budget"
    amount: Decimal
    currency: str = "EUR"
    role: FundingRole = "other"
    fund_code: str | None = None  # ERDF, ESF, EAFRD, CF, EEA, NORWAY, ...
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Practice:
    title: str
    description: str | None = None
    objectives: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    organization: str | None = None
    contact: str | None = None  # person name
    country: str | None = None
    places: list[Place] = field(default_factory=list)
    start: str | None = None  # ISO date or year-month
    end: str | None = None
    url: str | None = None
    source_database: str | None = None
    scope: list[str] = field(default_factory=list)
    lang: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Project:
    title: str
    identifier: str | None = None
    description: str | None = None
    lead: str | None = None
    partners: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)  # fund codes or names: ERDF, ESF, ...
    funding: list[Funding] = field(default_factory=list)
    total: Funding | None = None
    start: str | None = None
    end: str | None = None
    programme_period: str | None = None
    target_groups: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    contact: str | None = None
    country: str | None = None
    url: str | None = None
    lang: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Relation:
    """A typed relation between two organisations (partnership, network membership, twinning)."""

    subject: str
    object: str
    kind: Literal["partner", "network", "twin", "cooperation"] = "partner"
    label: str | None = None  # e.g. the project or network name
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ExtractedDocument:
    """Everything taken from one source document (a page or one record of an export)."""

    source: str  # identity: URL, or file key such as "samples/profile.html" or "good_practices.csv#12"
    source_url: str | None = None
    file_name: str | None = None
    title: str | None = None
    language: str | None = None
    kind: DocumentKind = "other"
    kind_confidence: float = 0.0
    published: date | None = None
    modified: date | None = None
    text: str = ""
    content_hash: str = ""
    mapping: str | None = None  # record mapping name, for record imports
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[PhoneNumber] = field(default_factory=list)
    practices: list[Practice] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
