"""The vCard terms civicgraph uses (rdflib 7 does not ship a vCard namespace).

``VCARD["street-address"]`` reaches the hyphenated terms; unknown names raise (``_fail = True``).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class VCARD(DefinedNamespace):
    """Terms of http://www.w3.org/2006/vcard/ns# used in civicgraph data."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2006/vcard/ns#")
    _extras = ["street-address", "postal-code", "country-name"]  # noqa: RUF012

    Address: URIRef  # a postal address
    Cell: URIRef  # telephone type: mobile
    Fax: URIRef  # telephone type: fax
    Voice: URIRef  # telephone type: voice
    Email: URIRef
    Work: URIRef
    hasAddress: URIRef
    hasEmail: URIRef
    hasTelephone: URIRef
    hasValue: URIRef
    locality: URIRef
    region: URIRef
