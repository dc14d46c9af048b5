"""Word lists for finding people: role words, organisation/heading words, contact labels (several languages).

All entries are folded (lower case, no accents). ``*_STEMS`` match the start of a folded word;
``*_WORDS`` match whole folded words; ``ROLE_INFIXES`` match anywhere inside a word (compounds such as
Swedish "avdelningschef" or German "Projektleiterin").
"""

from __future__ import annotations

import re
import unicodedata


def _words(text: str) -> list[str]:
    return text.split()


ROLE_STEMS = frozenset(
    _words(
        """
    head director manager chief officer specialist coordinator advis assistant secretar mayor deputy vice
    chair president leader expert consultant administrator inspector clerk analyst engineer architect
    lawyer accountant representative responsible executive councillor counsellor elder senior junior
    principal rector dean professor lecturer teacher
    vedej pavaduotoj specialist direktor vadov vyriaus vyresn patarej referent sekretor meras mero
    seniun inspektor koordinator ekspert teisinink buhalter architekt inzinier administrator atstov
    pirminink tvarkytoj valdytoj darbuotoj kuratori organizator organiser organizer
    vaditaj speciali vietniek padomniek sekretar eksperts galvenais galvena vecakais vecaka priekssedetaj
    kierownik dyrektor specjalist naczelnik zastepc sekretarz burmistrz wojt starost prezydent koordynator
    podinspektor glown radca doradc pelnomocnik
    chef handlaggare samordnare sekreterare radgivare utvecklingsledare ansvarig strateg kommunalrad
    ordforande projektledare utredare sakkunnig
    leder konsulent sekretaer radgiver medarbejder projektleder fuldmaegtig borgmester
    leiter referent sachbearbeiter burgermeister berater beauftragt mitarbeiter projektleiter
    paallikko johtaja asiantuntija koordinaattori sihteeri suunnittelija kehittaja neuvoja pormestari
    juhataja juht spetsialist nounik koordinaator linnapea vallavanem peaspetsialist
    """
    )
)
ROLE_INFIXES = (
    "chef",
    "leder",
    "leiter",
    "ledare",
    "paallikko",
    "johtaja",
    "spetsialist",
    "konsulent",
    "handlaggare",
    "specialist",
    "asiantuntija",
    "koordinator",
)

#: Words that make a capitalised phrase an organisation, place or heading rather than a person.
ORG_STEMS = frozenset(
    _words(
        """
    municipal district county region division department office section center centre school
    gymnasium college universit institut agency ministr council committee administration government
    authorit association societ foundation union europe national public institution librar museum
    hospital clinic company project programme program street avenue square lithuania latvia poland
    estonia finland sweden denmark germany norway russia belarus republic informat contact detail
    source reference legal status activit priorit cooperation participa practice database objective
    description news search browse website internet address total budget implementation results
    environment protection development planning education culture tourism services
    savivaldyb administracij skyri poskyri tarnyb seniunij mokykl gimnazij progimnazij lopseli darzel
    centr bibliotek muziej ligonin istaig asociacij draugij projekt program gatve aikst lietuv respublik
    kontakt informacij telefon kabinet adres taryb komitet departament ministerij agentur miesto rajono
    apskrit viesuj rysiu uzsienio svarbiaus veiklos sritys uzdavin funkcij
    pasvaldib novad pilset nodal parvald iestad biedrib latvij sazin talrun
    urzad gmin powiat wojewodztw wydzial referat miast szkol przedszkol centrum osrodek fundacj
    stowarzysz polsk starostw
    kommun forvaltning avdelning enhet kontor sverige
    kommune afdeling danmark
    gemeinde verwaltung abteilung deutschland landkreis
    kaupunki osasto yksikko yhteystied
    osakond maakond
    """
    )
)
ORG_WORDS = frozenset(
    _words(
        """
    city town district the of and for in at on with to by from a an ltd inc ab uab vsi ab gmbh sia as oy
    plc llc g pr al ul str sq rd ave dome domes skola skolas iela ielas stad staden lan gata
    gatan vagen gade vej amt kreis schule strasse platz kunta koulu katu tie vald valla linn linna kool
    tanav eesti suomi home view tag cloud menu page site email mail phone tel fax room total value
    news about faq january february march september october november december
    monday tuesday wednesday thursday friday saturday sunday good best more main new old
    """
    )
)
#: Particles allowed inside a name ("Ludwig van Beethoven", "Anna af Klint").
NAME_PARTICLES = frozenset(
    _words("von vom van der den dem de da di du la le af zu y del della dos das bin ter ten")
)

#: Labels that start a contact line (after folding); used to keep such lines in a person's block.
CONTACT_LABEL = re.compile(
    r"^(?:(?:tel|phone|fax|faks|mob|e-?mail|el\.?\s*pa[sš]t|e-?pasts|e-?post|sahkoposti|puh|talr|kabinet|"
    r"adres|address|osoite|gsm|skype)\w*|(?:ph|cell|mail|kab|room|office|telpa|pokoj|pok|rum|huone|zimmer|"
    r"raum|ruum|anschrift|www|web|internet|darbo laikas|work(?:ing)? hours|priimam\w*)\b)",
    re.IGNORECASE,
)
OFFICE = re.compile(
    r"(?i)\b(?:kabinetas|kabinets|kab|room|office|rm|telpa|pok[oó]j|pok|rum|huone|zimmer|raum|ruum|kontor)"
    r"\.?\s*(?:nr\.?|no\.?)?\s*[:.]?\s*(?P<office>[A-Za-z]?\d{1,4}(?:[./-]\d{1,3})?[A-Za-z]?)(?![\w.])"
)
#: Titles before a name, not part of it ("Dr. Sabine Hoffmann", "Pani Anna Nowak").
HONORIFIC = re.compile(
    r"^(?:(?:dr|prof|doc|mgr|inż|ing|dipl\.-ing|mr|mrs|ms|mx|sir|herr|frau|pan|pani|ponas|ponia|hr|fru)\.?\s+)+",
    re.IGNORECASE,
)
#: Headings that introduce a contact person ("Contact person", "Kontaktinis asmuo", ...).
CONTACT_HEADING = re.compile(
    r"(?i)^(?:contact(?:\s+persons?|\s+people|\s+details|\s+information|s)?|kontaktinis asmuo|"
    r"kontaktiniai asmenys|kontaktiniai duomenys|kontaktai|kontaktinė informacija|atsakingas asmuo|"
    r"atsakingi asmenys|kontaktpersonas?|kontaktinformācija|kontakti|osoba (?:do kontaktu|kontaktowa)|"
    r"osoby (?:do kontaktu|kontaktowe)|dane kontaktowe|kontakt(?:person(?:er|en)?|uppgifter|information)?|"
    r"yhteyshenkilö(?:t)?|yhteystiedot|ansprechpartner(?:in|innen)?|ansprechpersonen|kontaktisik(?:ud)?|"
    r"kontaktandmed)\s*:?$"
)
#: A label before a name ("Contact person: Jonas Jonaitis"); the rest of the line is parsed.
LEADING_LABEL = re.compile(
    r"(?i)^(?:contact(?:\s+person)?|kontaktinis asmuo|kontaktai|informacija|atsakingas asmuo|kontaktpersona|"
    r"osoba (?:do kontaktu|kontaktowa)|kontakt(?:person)?|yhteyshenkilö|ansprechpartner(?:in)?|"
    r"kontaktisik|more information|further information|daugiau informacijos|lisatietoja|mer information)"
    r"\s*[:\-–]\s*"
)
#: Table header cells ("Name", "Vardas, pavardė", "Pareigos", ...): a row of these is not a person.
HEADER_WORDS = frozenset(
    _words(
        """
    name surname position role title phone telephone email mail room office vardas pavarde pareigos
    telefonas pastas kabinetas vards uzvards amats talrunis imie nazwisko stanowisko telefon namn
    befattning titel navn stilling nimi tehtava puhelin nimetus ametikoht
    """
    )
)


def fold_text(text: str) -> str:
    """Lower case without accents (for matching labels at the start of a line)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def is_contact_line(text: str) -> bool:
    """True when a line starts with a contact label ("Tel.", "El. paštas:", "Kabinetas", ...)."""
    return bool(CONTACT_LABEL.match(fold_text(text.strip()[:30])))


def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip(".,:;()'\"")


def is_role_word(word: str, *, strict: bool = False) -> bool:
    """A word naming a post ("vedėja", "Head", "avdelningschef"); ``strict`` needs stems of 5+ letters.

    The strict form is used to reject capitalised words as parts of a name, where a short stem
    ("vice", "head") could be the start of a real name ("Vicente", "Headley").
    """
    folded = fold_word(word)
    if len(folded) < 3:
        return False
    if any(folded.endswith(infix) or folded.endswith(infix + "in") for infix in ROLE_INFIXES):
        return True
    if strict:
        return folded in ROLE_STEMS or any(folded.startswith(s) for s in ROLE_STEMS if len(s) >= 5)
    return any(folded.startswith(stem) for stem in ROLE_STEMS)


def is_org_word(word: str) -> bool:
    folded = fold_word(word)
    if folded in ORG_WORDS:
        return True
    return len(folded) >= 4 and any(folded.startswith(stem) for stem in ORG_STEMS)
