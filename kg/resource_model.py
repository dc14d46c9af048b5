"""What a resource page shows: the dataclasses :func:`kg.resources.describe` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.provenance import Quote, Source
from kg.resource_names import TYPE_KEYS
from kg.vocab_labels import FOAF, ORG, PROV, RDF, SKOS

#: Superclasses data asserts for queries' sake; pages do not list them next to the kind.
GENERIC_TYPES = frozenset(
    {PROV + "Entity", PROV + "Agent", FOAF + "Document", RDF + "Statement"}
    | {SKOS + "Concept", ORG + "Organization"}
)


@dataclass(frozen=True)
class Term:
    """An IRI, blank node or literal as a page shows it."""

    value: str
    kind: str  # "iri" | "bnode" | "literal"
    label: str
    lang: str | None = None
    datatype: str | None = None
    type_key: str | None = None  # for IRIs: the kind of thing it names (practice, organization ...)
    known: bool = False  # the store says something about it (so it has a page)
    named: bool = True  # the label is a name from the data (not made from the IRI)

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"


@dataclass
class Value:
    term: Term
    documents: list[str] = field(default_factory=list)
    evidence: list[Quote] = field(default_factory=list)
    nested: list[Fact] = field(default_factory=list)  # the facts of a dependent node (address, amount ...)
    amount: tuple[Decimal, str] | None = None  # a schema:MonetaryAmount: value and currency


@dataclass
class Fact:
    predicate: str
    label: str
    values: list[Value]
    other_languages: list[Value] = field(default_factory=list)  # literals in languages not chosen


@dataclass
class Incoming:
    predicate: str
    label: str  # the link read from this resource ("implements", "units" ...)
    subjects: list[Term]


@dataclass
class Description:
    iri: str
    label: str
    kind: str | None
    types: list[Term]
    names: list[Term]  # every name in every language (pref/title/name and other names)
    facts: list[Fact]
    incoming: list[Incoming]
    incoming_total: int
    sources: list[Source]
    evidence: list[Quote]  # every evidence node about the resource

    @property
    def subtypes(self) -> list[Term]:
        """The types worth showing next to the kind (e.g. "municipality" for an organisation)."""
        kind_classes = {cls for key, cls in TYPE_KEYS if key == self.kind}
        return [t for t in self.types if t.value not in kind_classes and t.value not in GENERIC_TYPES]

    def fact(self, predicate: str) -> Fact | None:
        return next((f for f in self.facts if f.predicate == predicate), None)

    def values(self, predicate: str) -> list[Term]:
        found = self.fact(predicate)
        return [v.term for v in found.values] if found else []


# -- describing -------------------------------------------------------------------------------------
