"""Names for pages: the kind of a resource, labels in the chosen language with fallback, and
plain-language names of classes and properties (the ontology's labels, then :mod:`kg.vocab_labels`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache

from rdflib import Literal

from kg import sparql, vocab_labels
from kg.store import Store
from kg.vocab_labels import CG, FOAF, ORG, PROV, SCHEMA, SKOS, VCARD

VocabularyLabels = Mapping[str, Mapping[str, str]]

TYPE_KEYS: tuple[tuple[str, str], ...] = (
    ("practice", CG + "GoodPractice"),
    ("project", SCHEMA + "Project"),
    ("person", FOAF + "Person"),
    ("unit", ORG + "OrganizationalUnit"),
    ("organization", ORG + "Organization"),
    ("document", CG + "SourceDocument"),
    ("country", CG + "Country"),
    ("scheme", SKOS + "ConceptScheme"),
    ("tag", SKOS + "Concept"),
    ("partnership", CG + "Partnership"),
    ("place", CG + "Place"),
    ("post", ORG + "Post"),
    ("membership", ORG + "Membership"),
    ("funding", CG + "Funding"),
    ("amount", SCHEMA + "MonetaryAmount"),
    ("address", VCARD + "Address"),
    ("contact", VCARD + "Voice"),
    ("contact", VCARD + "Fax"),
    ("contact", VCARD + "Cell"),
    ("contact", VCARD + "Tel"),
    ("evidence", CG + "Evidence"),
    ("activity", PROV + "Activity"),
)

#: Kinds shown inside the page of what points to them (an address, a phone, an amount ...).


def pick(labels: Mapping[str, str], lang: str) -> str | None:
    """The label in ``lang``, else English, else untagged, else any (stable)."""
    for key in (lang, "en", ""):
        if labels.get(key):
            return labels[key]
    for key in sorted(labels):
        if labels[key]:
            return labels[key]
    return None


def pick_from_row(row: Mapping[str, object], prefix: str = "label") -> str | None:
    """The first of ``label1``/``label2``/``label3`` a page query returned (lang, English, any)."""
    for i in (1, 2, 3):
        value = row.get(f"{prefix}{i}")
        if value is not None and str(value).strip():
            return str(value)
    return None


def local_name(iri: str) -> str:
    """A readable fallback for an IRI without a label: its last segment, or the mail/phone."""
    for scheme in ("mailto:", "tel:"):
        if iri.startswith(scheme):
            return iri[len(scheme) :]
    tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
    return tail.replace("-", " ").replace("_", " ") or iri


def _humanize(name: str) -> str:
    out: list[str] = []
    for i, char in enumerate(name):
        if char.isupper() and i and not name[i - 1].isupper():
            out.append(" ")
        out.append(char.lower())
    return "".join(out).replace("-", " ").replace("_", " ")


def term_label(iri: str, lang: str, vocabulary: VocabularyLabels, *, inverse: bool = False) -> str:
    """The plain-language name of a class or property (from the ontology or the built-in table)."""
    if inverse:
        found = vocab_labels.INVERSE.get(iri)
        if found:
            return pick(found, lang) or iri
    for table in (vocabulary, vocab_labels.LABELS):
        names = table.get(iri)
        if names:
            chosen = pick(names, lang)
            if chosen:
                return chosen
    name = _humanize(iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1])
    return f"{name} (of)" if inverse else name


@cache
def _org_classes() -> frozenset[str]:
    try:
        from ontology import org_type_classes

        return frozenset(str(c) for c in org_type_classes().values())
    except (ImportError, AttributeError):
        return frozenset()


def type_key(types: Iterable[str]) -> str | None:
    """The kind of a resource from its rdf:types (see :data:`TYPE_KEYS`)."""
    present = set(types)
    for key, cls in TYPE_KEYS:
        if cls in present:
            return key
    if present & _org_classes():
        return "organization"
    return None


def vocabulary_labels(store: Store) -> dict[str, dict[str, str]]:
    """rdfs:labels of the ontology's classes and properties loaded in the store (cache per generation)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for row in sparql.rows(store, "resource_vocabulary_labels"):
        label = row["label"]
        if isinstance(label, Literal):
            out[str(row["term"])].setdefault(label.language or "", str(label))
    return dict(out)
