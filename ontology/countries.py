"""Countries as IRIs with names in several languages, and lookup of a country by code or name.

Names come from pycountry (ISO 3166-1) and its translations (the iso-codes project), so every
country has labels in English, in the languages civicgraph reads (lt, lv, pl, et, fi, sv, da, de,
ru) and, for European countries and neighbours, in its own language(s).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ontology.namespace import CG

COUNTRY_BASE = "https://w3id.org/civicgraph/country/"
COUNTRIES_SCHEME = URIRef("https://w3id.org/civicgraph/scheme/countries")
#: The EU Publications Office country authority table (alpha-3 keys), linked by skos:exactMatch.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"

#: Languages every country is labelled in (besides its own, see NATIVE).
LABEL_LANGUAGES = ("en", "lt", "lv", "pl", "et", "fi", "sv", "da", "de", "ru")

#: Official language(s) of European countries and neighbours, for native-language labels.
NATIVE: dict[str, tuple[str, ...]] = {
    "AT": ("de",),
    "BE": ("nl", "fr", "de"),
    "BG": ("bg",),
    "BY": ("be", "ru"),
    "CH": ("de", "fr", "it"),
    "CY": ("el", "tr"),
    "CZ": ("cs",),
    "DE": ("de",),
    "DK": ("da",),
    "EE": ("et",),
    "ES": ("es",),
    "FI": ("fi", "sv"),
    "FR": ("fr",),
    "GB": ("en",),
    "GR": ("el",),
    "HR": ("hr",),
    "HU": ("hu",),
    "IE": ("ga", "en"),
    "IS": ("is",),
    "IT": ("it",),
    "LI": ("de",),
    "LT": ("lt",),
    "LU": ("lb", "fr", "de"),
    "LV": ("lv",),
    "MD": ("ro",),
    "MT": ("mt", "en"),
    "NL": ("nl",),
    "NO": ("nb", "nn"),
    "PL": ("pl",),
    "PT": ("pt",),
    "RO": ("ro",),
    "RS": ("sr",),
    "RU": ("ru",),
    "SE": ("sv",),
    "SI": ("sl",),
    "SK": ("sk",),
    "UA": ("uk",),
    "AL": ("sq",),
    "BA": ("bs",),
    "ME": ("sr",),
    "MK": ("mk",),
    "GE": ("ka",),
    "AM": ("hy",),
    "AZ": ("az",),
    "TR": ("tr",),
    "KZ": ("kk", "ru"),
}

#: Countries pycountry does not list (user-assigned codes in common use).
_EXTRA = {"XK": "Kosovo"}

#: Other English names and codes people use (matched after folding).
_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "US": ("USA", "U.S.", "U.S.A.", "America"),
    "RU": ("Russia",),
    "CZ": ("Czech Republic",),
    "TR": ("Turkey",),
    "NL": ("Holland", "The Netherlands"),
    "GR": ("EL",),  # the EU's code for Greece
    "MK": ("Macedonia", "FYROM"),
    "PS": ("Palestine",),
    "CD": ("DR Congo", "Democratic Republic of Congo"),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MM": ("Burma",),
    "VA": ("Vatican", "Holy See"),
}

_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class CountryNames:
    code: str
    alpha3: str | None
    labels: dict[str, str]  # language → name
    aliases: tuple[str, ...]  # other English names


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


@lru_cache(maxsize=64)
def _translation(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def _translate(name: str, lang: str) -> str | None:
    """The name in ``lang`` (often spelt as in English, e.g. "Malta"); None without a catalogue."""
    catalogue = _translation(lang)
    if type(catalogue) is gettext.NullTranslations:
        return None
    return catalogue.gettext(name)


@lru_cache(maxsize=1)
def all_countries() -> tuple[CountryNames, ...]:
    """Every ISO 3166-1 country (plus Kosovo) with its labels, sorted by code."""
    out: list[CountryNames] = []
    for country in pycountry.countries:
        code = country.alpha_2
        iso_name = country.name
        english = getattr(country, "common_name", None) or iso_name
        labels: dict[str, str] = {"en": english}
        for lang in (*LABEL_LANGUAGES[1:], *NATIVE.get(code, ())):
            if lang in labels:
                continue
            translated = _translate(iso_name, lang)
            if translated:
                labels[lang] = translated
        aliases = {iso_name, getattr(country, "official_name", iso_name), *_ALIASES.get(code, ())}
        aliases.discard(english)
        out.append(CountryNames(code, country.alpha_3, labels, tuple(sorted(aliases))))
    for code, name in _EXTRA.items():
        out.append(CountryNames(code, None, {"en": name}, _ALIASES.get(code, ())))
    return tuple(sorted(out, key=lambda c: c.code))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, CountryNames]:
    return {c.code: c for c in all_countries()}


def names(code: str) -> CountryNames | None:
    """The names of the country with alpha-2 ``code`` (any case), or None."""
    return _by_code().get(code.strip().upper())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in all_countries():
        # English names first so that they win any clash with a translation.
        names = [country.labels["en"], *country.aliases, *country.labels.values()]
        for name in names:
            index.setdefault(_fold(name), country.code)
    return index


@lru_cache(maxsize=1)
def _codes() -> tuple[dict[str, str], dict[str, str]]:
    alpha2 = {c.code: c.code for c in all_countries()}
    alpha3 = {c.alpha3: c.code for c in all_countries() if c.alpha3}
    return alpha2, alpha3


def _candidates(text: str) -> Iterator[str]:
    yield text
    # "Kaliningrad Oblast (Russian Federation)": the part in brackets, then the rest.
    yield from reversed(_PARENS.findall(text))
    outer = _PARENS.sub(" ", text)
    if outer != text:
        yield outer
    # "Alytus, Lithuania": the last comma-separated part is usually the country.
    if "," in text:
        yield from reversed(text.split(","))


def country_code(name_or_code: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country given by code (alpha-2/alpha-3) or name.

    Names are matched in English (ISO, common and official names, usual aliases) and in every
    language civicgraph labels countries in, ignoring case and accents: ``"Suomija"`` → ``"FI"``,
    ``"fin"`` → ``"FI"``, ``"Kaliningrad Oblast (Russian Federation)"`` → ``"RU"``. Returns None
    when nothing matches.
    """
    if not name_or_code or not name_or_code.strip():
        return None
    alpha2, alpha3 = _codes()
    for candidate in _candidates(name_or_code.strip()):
        raw = candidate.strip().strip(".")
        if len(raw) == 2 and raw.isalpha():
            upper = raw.upper()
            if upper in alpha2:
                return upper
        if len(raw) == 3 and raw.isalpha() and raw.upper() in alpha3:
            return alpha3[raw.upper()]
        found = _index().get(_fold(raw))
        if found:
            return found
    return None


def country_iri(code: str) -> URIRef:
    """The IRI of a country from its alpha-2 code; ValueError for an unknown code."""
    upper = code.strip().upper()
    if upper not in _codes()[0]:
        raise ValueError(f"unknown ISO 3166-1 alpha-2 country code {code!r}")
    return URIRef(COUNTRY_BASE + upper)


def code_of_iri(iri: str) -> str | None:
    """The alpha-2 code of a country IRI, or None if ``iri`` is not one."""
    if not iri.startswith(COUNTRY_BASE):
        return None
    code = iri[len(COUNTRY_BASE) :]
    return code if code in _codes()[0] else None


def countries_graph(identifier: URIRef | None = None) -> Graph:
    """Every country as a ``cg:Country`` / ``skos:Concept`` in the countries scheme."""
    graph = Graph(identifier=identifier)
    graph.bind("skos", SKOS)
    graph.bind("cg", CG._NS)
    graph.add((COUNTRIES_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((COUNTRIES_SCHEME, SKOS.prefLabel, Literal("Countries", lang="en")))
    graph.add((COUNTRIES_SCHEME, SKOS.prefLabel, Literal("Šalys", lang="lt")))
    graph.add((COUNTRIES_SCHEME, SKOS.notation, Literal("countries")))
    for country in all_countries():
        iri = URIRef(COUNTRY_BASE + country.code)
        graph.add((iri, RDF.type, CG.Country))
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.inScheme, COUNTRIES_SCHEME))
        graph.add((iri, SKOS.topConceptOf, COUNTRIES_SCHEME))
        graph.add((iri, SKOS.notation, Literal(country.code)))
        for lang, name in country.labels.items():
            graph.add((iri, SKOS.prefLabel, Literal(name, lang=lang)))
            graph.add((iri, RDFS.label, Literal(name, lang=lang)))
        for alias in country.aliases:
            if len(alias) > 3:  # codes such as "UK" are matched, not shown
                graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        if country.alpha3:
            graph.add((iri, SKOS.exactMatch, URIRef(EU_AUTHORITY + country.alpha3)))
    return graph
