"""Reference word lists the extractors share, read from ``data/reference`` (facts we ship, not code).

- ``org_terms.csv``: words that make a phrase an organisation name ("municipality", "savivaldybė",
  "gmina", "kommun", "GmbH" ...), with their inflected forms, type and position.
- :data:`CONNECTORS`, :data:`QUALIFIERS`, :data:`STOPWORDS`: small closed word classes used when
  a name's boundaries are decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.reference import ReferenceError, read_rows

POSITIONS = frozenset({"head", "prefix", "suffix", "both"})


@dataclass(frozen=True)
class OrgTerm:
    """One form of an organisation word."""

    lang: str
    form: str  # lower case, as matched
    nominative: str  # the first (dictionary) form, lower case
    case: int  # index of the form in its row: 0 = nominative
    type: str
    unit: bool
    position: str
    compound: bool

    @property
    def feminine(self) -> bool:
        return self.nominative.endswith(("a", "ė", "e"))

    @property
    def short(self) -> bool:
        return len(self.form.replace(".", "").replace("/", "")) <= 3


@lru_cache(maxsize=1)
def org_terms() -> tuple[OrgTerm, ...]:
    from ingest.records import ORG_TYPES

    out: list[OrgTerm] = []
    for row in read_rows("org_terms.csv"):
        forms = [f.strip().lower() for f in row["forms"].split("|") if f.strip()]
        if not forms:
            raise ReferenceError(f"org_terms.csv: a row has no forms: {row}")
        if row["type"] not in ORG_TYPES:
            raise ReferenceError(f"org_terms.csv: unknown type {row['type']!r} for {forms[0]!r}")
        if row["position"] not in POSITIONS:
            raise ReferenceError(f"org_terms.csv: unknown position {row['position']!r} for {forms[0]!r}")
        for case, form in enumerate(forms):
            out.append(
                OrgTerm(
                    lang=row["lang"],
                    form=form,
                    nominative=forms[0],
                    case=case,
                    type=row["type"],
                    unit=row["unit"] == "1",
                    position=row["position"],
                    compound=row["compound"] == "1",
                )
            )
    return tuple(out)


@lru_cache(maxsize=1)
def terms_by_form() -> dict[str, tuple[OrgTerm, ...]]:
    index: dict[str, list[OrgTerm]] = {}
    for term in org_terms():
        index.setdefault(term.form, []).append(term)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def term_pattern() -> re.Pattern[str]:
    """One regex matching any form (longest first), case-insensitive, on word boundaries."""
    forms = sorted(terms_by_form(), key=len, reverse=True)
    alternation = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def compound_terms() -> tuple[OrgTerm, ...]:
    """Terms that may end a compound word, longest first."""
    return tuple(sorted((t for t in org_terms() if t.compound), key=lambda t: len(t.form), reverse=True))


def word_set(words: str) -> frozenset[str]:
    """A closed word class written as one space-separated string."""
    return frozenset(words.split())


#: Lower-case words that join the parts of a name ("Department of Education", "Gmina i Miasto").
CONNECTORS = word_set(
    "of and for the & on de la du des del van von der die das für und am an im zu ir un ja och og i "
    "w we z na nr nr. no. im. ds. do r. m. st. et y e"
)

#: Connectors that start a complement after a head ("Gymnasium of Alytus District").
COMPLEMENT_CONNECTORS = word_set("of for für w we i im. nr nr. no. de du am an im")

#: Lower-case qualifiers allowed inside a name before its head ("Alytus district municipality").
QUALIFIERS = word_set(
    "district city town rural urban municipal regional county village local state public primary "
    "secondary general"
)

#: Capitalised words that are generic: a name needs at least one word that is not one of these.
GENERIC_WORDS = word_set(
    "local national regional municipal public state city district town rural urban central federal "
    "international european general main new first primary secondary social this that our the other "
    "all each county village higher private joint project lead partner partners responsible "
    "implementing applicant beneficiary contact"
)

#: Capitalised words that begin sentences or labels, never names.
STOPWORDS = word_set(
    "a an the this these that those any some many most such other in on at by for from with through "
    "during after before since our their its his her we they it all each every both also and but or "
    "if when while as to of "
    "information contact contacts address tel tel. phone telephone email e-mail fax website web head "
    "director manager mayor deputy chief coordinator specialist officer chair chairman chairwoman "
    "president secretary adviser advisor expert member members lead leader partner "
    "partners project projects applicant beneficiary organiser organizer organisation organization "
    "implemented funded supported together under within between among about via per upon new news "
    "read more see visit welcome dear please monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november december "
    "main name title type status country city programme program priority į su iš pagal apie kartu "
    "šis ši tai ir bei o kad nuo iki dėl prie kur kai jo jos jų mūsų vedėjas vedėja direktorius "
    "direktorė meras merė specialistas specialistė projektas projekto projekte projektą partneriai "
    "telefonas adresas kontaktai ar no uz par un w z na do oraz i och med för til og af der die das "
    "mit von und für ja sekä ning koos om av på till från inom den det de en ett vi vår våra fra "
    "vores über zu aus nach vom zum zur ein eine unsere wir tämä meie mēs mūsu nasz nasza nasze ten "
    "ta przez dla od"
)

#: Lithuanian genitive (and other oblique) endings of nouns and adjectives used as name modifiers.
LT_GENITIVE_ENDINGS = ("ųjų", "iųjų", "osios", "ojo", "iaus", "aus", "ių", "ų", "ės", "os", "io", "o", "ies")

#: Latvian genitive endings ("Cēsu novada", "Rīgas", "Valsts reģionālās attīstības").
LV_GENITIVE_ENDINGS = ("ās", "as", "es", "us", "u", "a", "s", "š")

#: Lithuanian adjective endings by (feminine, case index) → nominative ending.
LT_ADJECTIVE_CASES: dict[tuple[bool, int], tuple[tuple[str, str], ...]] = {
    (True, 1): (("inės", "inė"), ("osios", "oji"), ("iosios", "ioji")),
    (True, 2): (("inei", "inė"), ("ajai", "oji"), ("iajai", "ioji")),
    (True, 3): (("inę", "inė"), ("ąją", "oji"), ("iąją", "ioji")),
    (True, 4): (("ine", "inė"), ("ąja", "oji"), ("iąja", "ioji")),
    (True, 5): (("inėje", "inė"), ("ojoje", "oji"), ("iojoje", "ioji")),
    (False, 1): (("inio", "inis"), ("ojo", "asis"), ("iojo", "iasis")),
    (False, 2): (("iniam", "inis"), ("ajam", "asis"), ("iajam", "iasis")),
    (False, 3): (("inį", "inis"), ("ąjį", "asis"), ("iąjį", "iasis")),
    (False, 4): (("iniu", "inis"), ("uoju", "asis"), ("iuoju", "iasis")),
    (False, 5): (("iniame", "inis"), ("ajame", "asis"), ("iajame", "iasis")),
}

#: Administrations whose name is one word: the municipality word their parent is named with.
ADMIN_PARENT_WORD = {
    "vallavalitsus": "vald",
    "linnavalitsus": "linn",
    "stadtverwaltung": "Stadt",
    "gemeindeverwaltung": "Gemeinde",
    "kreisverwaltung": "Landkreis",
}

#: Organisation words whose name stands before them in the genitive ("Stockholms stad", "Göteborgs stad").
GENITIVE_BEFORE = {"stad": "s"}

#: Names that look like organisations but are places, programmes or the like.
NOT_ORGANISATIONS = frozenset(
    {
        "european union",
        "european commission",
        "united nations",
        "russian federation",
        "kaliningrad oblast",
        "europos sąjunga",
        "eiropas savienība",
        "unia europejska",
        "euroopan unioni",
        "euroopa liit",
        "europeiska unionen",
        "den europæiske union",
        "europäische union",
        "europos komisija",
    }
)
