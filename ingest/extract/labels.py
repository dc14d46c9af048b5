"""Section headings in many languages: the labels extractors look for.

A heading matches a label when the label's words occur in it (after folding case and accents), so
"Objectives of the Good Practice" matches "objectives". Every label here also makes a line a
heading when the text has no blank lines around it (text taken from HTML).
"""

from __future__ import annotations


def phrases(text: str) -> tuple[str, ...]:
    """Labels written as one "|"-separated string."""
    return tuple(p.strip() for p in text.split("|") if p.strip())


# -- practices --------------------------------------------------------------------------------

DESCRIPTION = phrases(
    "description|detailed description|summary|about the practice|detailed information|aprašymas|"
    "santrauka|apraksts|opis|beskrivning|beskrivelse|kuvaus|kirjeldus|beschreibung|kurzbeschreibung"
)
OBJECTIVES = phrases(
    "objectives|objective|aims|aim|goals|goal|tikslai|tikslas|uždaviniai|mērķi|mērķis|cele|cel|mål|"
    "syfte|formål|tavoitteet|tavoite|eesmärgid|eesmärk|ziele|ziel"
)
PARTICIPANTS = phrases(
    "participants|stakeholders involved|partners involved|dalyviai|dalībnieki|uczestnicy|deltagare|"
    "deltagere|osallistujat|osalejad|teilnehmende|beteiligte"
)
RESULTS = phrases(
    "results|outcomes|evidence of success|impact|achievements|rezultatai|rezultāti|rezultaty|"
    "resultat|resultater|tulokset|tulemused|ergebnisse|wirkung"
)
TAGS = phrases(
    "tags|keywords|key words|topics|themes|raktažodžiai|žymės|temos|atslēgvārdi|tēmas|"
    "słowa kluczowe|tagi|nyckelord|taggar|nøgleord|avainsanat|märksõnad|schlagwörter|stichwörter"
)
CONTACT = phrases(
    "contact|contacts|contact details|contact person|kontaktai|kontaktinis asmuo|"
    "kontaktinė informacija|kontakti|kontaktpersona|kontakt|kontaktperson|yhteystiedot|"
    "yhteyshenkilö|kontaktandmed|ansprechpartner"
)
ORGANISATION = phrases(
    "organisation|organization|main institution|lead organisation|implementing organisation|"
    "institution|organizacija|institucija|organizācija|instytucja|organisation|organisaatio|asutus|"
    "organisation"
)
#: Headings typical of good-practice databases (a page with two labelled sections and one of these
#: describes a practice even when its kind was not detected as such).
PRACTICE_MARKERS = phrases(
    "resources needed|potential for learning or transfer|evidence of success|main institution|"
    "location of the practice|good practice|gerosios praktikos|geroji praktika|labā prakse|"
    "dobra praktyka|god praksis|goda exempel|hyvä käytäntö|hea tava|gute praxis"
)

# -- organisation profiles and cooperation ---------------------------------------------------

LEGAL_STATUS = phrases(
    "legal status|legal form|type of organisation|type of organization|organisation type|"
    "teisinis statusas|teisinė forma|juridinis statusas|juridiskais statuss|juridiskais statuss|"
    "status prawny|forma prawna|juridisk form|oikeudellinen muoto|õiguslik vorm|rechtsform"
)
FIELDS = phrases(
    "field of activities|fields of activities|fields of activity|field of activity|"
    "areas of activity|veiklos sritys|darbības jomas|obszary działalności|verksamhetsområden|"
    "toimialat|tegevusvaldkonnad|tätigkeitsbereiche"
)
PRIORITIES = phrases(
    "priorities for international cooperation|cooperation priorities|priorities for cooperation|"
    "international cooperation priorities|bendradarbiavimo prioritetai|"
    "tarptautinio bendradarbiavimo prioritetai|sadarbības prioritātes|priorytety współpracy|"
    "samarbetsprioriteringar|yhteistyön painopisteet|koostöö prioriteedid|kooperationsschwerpunkte"
)
NETWORKS = phrases(
    "participation in international networks|international networks|networks|membership in networks|"
    "tarptautiniai tinklai|narystė tarptautiniuose tinkluose|narystė organizacijose|"
    "starptautiskie tīkli|sieci międzynarodowe|internationella nätverk|kansainväliset verkostot|"
    "rahvusvahelised võrgustikud|netzwerke"
)
TWINS = phrases(
    "twin cities|twin towns|sister cities|partner cities|partner towns|partner municipalities|"
    "miestai partneriai|miestai-partneriai|partneriai miestai|sadraudzības pilsētas|"
    "miasta partnerskie|vänorter|vänskapsorter|venskabsbyer|ystävyyskaupungit|sõpruslinnad|"
    "partnerstädte"
)
ONGOING = phrases(
    "ongoing cooperation|current cooperation|cooperation partners|partner organisations|"
    "dabartinis bendradarbiavimas|bendradarbiavimo partneriai|pašreizējā sadarbība|"
    "obecna współpraca|pågående samarbete|nykyinen yhteistyö|käimasolev koostöö|"
    "laufende kooperationen"
)
HOMEPAGE = phrases("internet site|website|web site|homepage|interneto svetainė|tīmekļa vietne|strona www")

# -- project lists ---------------------------------------------------------------------------

TARGET_GROUP_LABELS = phrases(
    "target group|target groups|tikslinė grupė|tikslinės grupės|tikslines grupes|mērķa grupa|"
    "mērķgrupa|mērķa grupas|grupa docelowa|grupy docelowe|målgrupp|målgrupper|målgruppe|kohderyhmä|"
    "kohderyhmät|sihtrühm|sihtrühmad|zielgruppe|zielgruppen"
)
ACTIVITY_LABELS = phrases(
    "activities|activity|planned activities|services/activities|project activities|veiklos|"
    "projekto veiklos|planuojamos veiklos|aktivitātes|darbības|działania|aktiviteter|toimenpiteet|"
    "aktiviteetit|tegevused|aktivitäten|maßnahmen"
)

#: Headings of practice pages.
PRACTICE_LABELS = (
    *DESCRIPTION,
    *OBJECTIVES,
    *PARTICIPANTS,
    *RESULTS,
    *TAGS,
    *CONTACT,
    *ORGANISATION,
    *TARGET_GROUP_LABELS,
)
#: Headings of profile pages (a field's value is never one of these).
PROFILE_LABELS = (
    *LEGAL_STATUS,
    *FIELDS,
    *PRIORITIES,
    *NETWORKS,
    *TWINS,
    *ONGOING,
    *HOMEPAGE,
    "contact person",
    "contact",
    "contacts",
    "kontaktinis asmuo",
    "kontaktai",
    "address",
    "adresas",
)


def known_labels() -> tuple[str, ...]:
    """Every label an extractor looks for."""
    return (*PRACTICE_LABELS, *PROFILE_LABELS, *TARGET_GROUP_LABELS, *ACTIVITY_LABELS)
