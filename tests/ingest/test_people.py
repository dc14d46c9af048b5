"""ingest.extract.people and names_lt: layouts, pairing, roles, Lithuanian inflections (fictional people)."""

from __future__ import annotations

import pytest

from ingest.extract.names_lt import nominative, normalize_person_name
from ingest.extract.people import find_people, looks_like_name
from ingest.records import Person


def by_name(people: list[Person]) -> dict[str, Person]:
    return {p.name: p for p in people}


def phones(person: Person, kind: str = "voice") -> list[str]:
    return [p.number for p in person.phones if (p.kind == "fax") == (kind == "fax")]


def test_layout_a_name_role_then_labelled_lines() -> None:
    text = (
        "Kultūros skyrius\n\n"
        "Ona Pavyzdienė, vedėja\nTelefonas: (8 5) 212 3456\n"
        "El. paštas: ona.pavyzdiene@miestas.lt\nKabinetas: 101\n"
        "Jonas Jonaitis, vyriausiasis specialistas\nTelefonas: (8 5) 212 3457\n"
        "El. paštas: jonas.jonaitis@miestas.lt\n"
        "Kabinetas: 102A\n\nSkyriaus uždaviniai:\n1. organizuoti renginius."
    )
    people = by_name(find_people(text, "lt", "LT"))
    assert set(people) == {"Ona Pavyzdienė", "Jonas Jonaitis"}
    ona, jonas = people["Ona Pavyzdienė"], people["Jonas Jonaitis"]
    assert (ona.role, ona.office, ona.unit) == ("vedėja", "101", "Kultūros skyrius")
    assert ona.emails == ["ona.pavyzdiene@miestas.lt"] and phones(ona) == ["+37052123456"]
    assert (jonas.role, jonas.office, jonas.unit) == ("vyriausiasis specialistas", "102A", "Kultūros skyrius")
    assert jonas.emails == ["jonas.jonaitis@miestas.lt"] and phones(jonas) == ["+37052123457"]
    start = ona.evidence[0].start
    assert start is not None and text[start : ona.evidence[0].end] == "Ona Pavyzdienė"


def test_layout_b_one_line_contact_person() -> None:
    text = (
        "Contact person\n\nAnna Example-Berg, Head of Tourism Division, phone +371 6 700 1234, "
        "fax +371 6 700 1235, e-mail: anna.berg PIE novads PUNKTS lv\n\nLegal status\nLocal authority"
    )
    (person,) = find_people(text, "en", "LV")
    assert person.name == "Anna Example-Berg"
    assert person.role == "Head of Tourism Division"
    assert phones(person) == ["+37167001234"] and phones(person, "fax") == ["+37167001235"]
    assert person.emails == ["anna.berg@novads.lv"]


def test_layout_c_block_with_organisation_and_address() -> None:
    text = (
        "Contact details\n\nPeter Sample\nHead of Urban Planning Department\nRiverton City Municipality\n"
        "Main sq. 1, LT-01100 Riverton\nTel.: +370 5 212 1111\nE-mail: p.sample@riverton.lt\n\n"
        "Data sources and references"
    )
    (person,) = find_people(text, "en", "LT")
    assert (person.name, person.role) == ("Peter Sample", "Head of Urban Planning Department")
    assert person.organization == "Riverton City Municipality"
    assert phones(person) == ["+37052121111"] and person.emails == ["p.sample@riverton.lt"]


def test_layout_d_table_rows_and_dash_rows() -> None:
    text = (
        "| Pareigos | Vardas, pavardė | Telefonas | El. paštas |\n"
        "| Vedėjas | Petras Petraitis | (8 5) 212 0001 | petras.petraitis@miestas.lt |\n"
        "| Specialistė | Rūta Rūtaitė | 8 600 00001 | ruta.rutaite@miestas.lt |\n\n"
        "- Jan Przykład – inspektor – tel. 87 520 14 32 – jan.przyklad@gmina.pl\n"
        "- Anna Wzorek – podinspektor ds. promocji – tel. 87 520 14 33 – a.wzorek@gmina.pl\n"
    )
    people = by_name(find_people(text, "lt", "LT"))
    assert people["Petras Petraitis"].role == "Vedėjas"
    assert phones(people["Petras Petraitis"]) == ["+37052120001"]
    assert people["Rūta Rūtaitė"].emails == ["ruta.rutaite@miestas.lt"]
    assert people["Jan Przykład"].role == "inspektor"
    assert people["Anna Wzorek"].role == "podinspektor ds. promocji"
    assert people["Anna Wzorek"].emails == ["a.wzorek@gmina.pl"]
    assert len(people) == 4


def test_role_before_name_and_label_forms() -> None:
    text = (
        "Nodaļas vadītāja Ilze Paraudziņa\nTālr. 64 012 345\nE-pasts: ilze.p(at)novads.lv\n\n"
        "Naczelnik Wydziału: Dr. Anna Przykładowa\ntel. 87 520 14 30\n\n"
        "Seniūnas\nGintaras Pavyzdys\nTel. (8 318) 52 301\n"
    )
    people = by_name(find_people(text, None, "LV"))
    assert people["Ilze Paraudziņa"].role == "Nodaļas vadītāja"
    assert people["Ilze Paraudziņa"].emails == ["ilze.p@novads.lv"]
    assert people["Anna Przykładowa"].role == "Naczelnik Wydziału"
    assert people["Gintaras Pavyzdys"].role == "Seniūnas"


def test_inflected_lithuanian_names_in_sentences() -> None:
    text = (
        "Daugiau informacijos suteiks projekto vadovė Rasa Pavyzdienė, tel. (8 5) 219 0000, "
        "el. p. rasa.pavyzdiene eta miestas taškas lt.\n"
        "Dėl pirkimų kreipkitės į vyriausiąjį specialistą Mindaugą Bandomąjį-Pavyzdžiauską, "
        "tel. 8 612 34 567.\n"
        "Dėl sutarčių kreipkitės į vyriausiąjį specialistą Mindaugą Kazlauską, tel. 8 612 34 568.\n"
        "Pasak mero pavaduotojo Tomo Pavyzdžio, darbai baigsis rudenį."
    )
    people = by_name(find_people(text, "lt", "LT"))
    rasa = people["Rasa Pavyzdienė"]
    assert rasa.role == "projekto vadovė" and rasa.emails == ["rasa.pavyzdiene@miestas.lt"]
    assert phones(rasa) == ["+37052190000"]
    mindaugas = people["Mindaugas Kazlauskas"]
    assert mindaugas.name_as_written == "Mindaugą Kazlauską"
    assert [(p.number, p.kind) for p in mindaugas.phones] == [("+37061234568", "mobile")]
    assert not any(p.name_as_written == "Tomo Pavyzdžio" for p in people.values())  # prose, no contact data


def test_no_people_in_lists_of_organisations_or_prose() -> None:
    text = (
        "Partners: Riverton Gymnasium, Lake District Municipality, Public Institution Green Future, "
        "Big Brothers Big Sisters methodology.\n"
        "Information from Riverton District Municipality Administration.\n"
        "Pisz Powiat, Orzysz gmina, Kaliningrad Oblast\nTotal project value: 499,910.09 Eur\n"
        "Vilnius Kaunas\nHome Search Browse\n"
    )
    assert find_people(text, "en", "LT") == []


def test_heading_pairs_and_role_only_mentions_in_prose_are_not_people() -> None:
    text = (
        "Target Group, Representative sample of residents\n"
        "External Links, Executive Summary\n"
        "Mike Example, Chairman of the Riverton Parish Council, opened the meeting.\n"
    )
    assert find_people(text, "en", None) == []


def test_role_only_people_under_a_contact_heading_or_in_a_staff_table() -> None:
    text = "Contact person\nAnna Example, Project Coordinator\n\n| Jonas Jonaitis | Director |\n"
    assert {p.name: p.role for p in find_people(text, "en", None)} == {
        "Anna Example": "Project Coordinator",
        "Jonas Jonaitis": "Director",
    }


def test_header_rows_are_not_people() -> None:
    assert find_people("| Vardas Pavardė | Pareigos | Telefonas |\n", "lt", "LT") == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Modesta Pavyzdienė", True),
        ("Jean-Luc Exemple", True),
        ("Ludwig van Beispiel", True),
        ("Mattias O'Example", True),
        ("Hans Chr. Eksempel", True),
        ("Žydrūnė Ąžuolaitė", True),
        ("Öykü Ålander", True),
        ("Alytus City Municipality", False),
        ("Environmental Protection Division", False),
        ("Viešųjų Ryšių Skyrius", False),
        ("Head Office", False),
        ("Contact Details", False),
        ("J. K.", False),
        ("ONA ONAITĖ", False),
        ("ona onaitė", False),
        ("Anna", False),
        ("Anna Maria Sofia Louise Example", False),
    ],
)
def test_looks_like_name(phrase: str, expected: bool) -> None:
    assert looks_like_name(phrase) is expected


@pytest.mark.parametrize(
    ("inflected", "nominative_form"),
    [
        ("Modestos Tarasauskienės", "Modesta Tarasauskienė"),  # genitive
        ("Modestai Tarasauskienei", "Modesta Tarasauskienė"),  # dative
        ("Modestą Tarasauskienę", "Modesta Tarasauskienė"),  # accusative
        ("Modestoje Tarasauskienėje", "Modesta Tarasauskienė"),  # locative
        ("Dovilės Balčiūnaitės", "Dovilė Balčiūnaitė"),
        ("Dovilei Balčiūnaitei", "Dovilė Balčiūnaitė"),
        ("Eglei Petraitytei", "Eglė Petraitytė"),
        ("Ievos Žukauskaitės", "Ieva Žukauskaitė"),
        ("Jono Petraičio", "Jonas Petraitis"),
        ("Jonui Petraičiui", "Jonas Petraitis"),
        ("Joną Petraitį", "Jonas Petraitis"),
        ("Jonu Petraičiu", "Jonas Petraitis"),  # instrumental
        ("Mindaugą Kazlauską", "Mindaugas Kazlauskas"),  # accusative -ą: a man (women's surnames end in -ė)
        ("Mindaugui Kazlauskui", "Mindaugas Kazlauskas"),
        ("Pauliaus Naruševičiaus", "Paulius Naruševičius"),
        ("Pauliui Naruševičiui", "Paulius Naruševičius"),
        ("Kęstučio Kazlausko", "Kęstutis Kazlauskas"),
        ("Rūtos Jankauskaitės-Petrauskienės", "Rūta Jankauskaitė-Petrauskienė"),
    ],
)
def test_lithuanian_nominative(inflected: str, nominative_form: str) -> None:
    assert nominative(inflected) == nominative_form


@pytest.mark.parametrize(
    "name",
    [
        "Modesta Tarasauskienė",
        "Jonas Petraitis",
        "Paulius Naruševičius",
        "Dovilė Balčiūnaitė",
        "John Smith",
        "Sonata Dumbliauskiene",
        "Vida Macerniene",
        "Anna Kowalska",
        "Marius Kairys",
    ],
)
def test_nominatives_and_foreign_or_ascii_names_are_kept(name: str) -> None:
    assert nominative(name) == name


def test_normalisation_only_for_lithuanian() -> None:
    assert normalize_person_name("Jono Petraičio", "lt") == "Jonas Petraitis"
    assert normalize_person_name("Jono Petraičio", "en") == "Jono Petraičio"


def test_lithuanian_text_people_get_nominative_and_keep_written_form() -> None:
    text = "Informacijos teirautis pas skyriaus vedėją Modestą Pavyzdienę, tel. (8 5) 212 3456."
    (person,) = find_people(text, "lt", "LT")
    assert person.name == "Modesta Pavyzdienė"
    assert person.name_as_written == "Modestą Pavyzdienę"
    assert person.role == "skyriaus vedėją"


def test_items_of_a_task_list_under_a_contact_heading_are_not_people() -> None:
    """German capitalises nouns: "Beratung von Familien" looks like a name with a particle. The next item
    of the same list is not its role, so without contacts it is no person; a bulleted staff list whose
    items carry their own role still is."""
    text = (
        "Kontakt\n"
        "Amtsleiterin: Dr. Katrin Vogelsang\n"
        "Telefon: +49 6201 3971210\n\n"
        "Aufgaben\n"
        "- Förderung der offenen Jugendarbeit\n"
        "- Beratung von Familien\n"
        "- Seniorenbegegnungsstätte\n"
    )
    assert set(by_name(find_people(text, "de", "DE"))) == {"Katrin Vogelsang"}
    staff = "Contact persons\n- Anna Berg\n  Director\n- Olle Lind\n  Project Manager\n"
    found = by_name(find_people(staff, "en", "SE"))
    assert found["Anna Berg"].role == "Director" and found["Olle Lind"].role == "Project Manager"


def test_office_from_a_staff_tables_room_column() -> None:
    table = (
        "| Vardas, pavardė | Pareigos | Telefonas | El. paštas | Kab. |\n"
        "| Rasa Petrauskienė | Skyriaus vedėja | (8 459) 51 234 | rasa.petrauskiene@pusyne.lt | 205 |\n"
        "| Tomas Kazlauskas | Specialistas | (8 459) 51 235 | tomas.kazlauskas@pusyne.lt | 2-07 |\n"
    )
    found = by_name(find_people(table, "lt", "LT"))
    assert found["Rasa Petrauskienė"].office == "205" and found["Tomas Kazlauskas"].office == "2-07"
    tabs = "Name\tPosition\tRoom\tPhone\nAnn Lake\tHead of Unit\tB12\t+44 20 7946 0000\n"
    assert by_name(find_people(tabs, "en", "GB"))["Ann Lake"].office == "B12"
    no_column = "| Name | Position | Phone |\n| Ann Lake | Head of Unit | +44 20 7946 0000 |\n"
    assert by_name(find_people(no_column, "en", "GB"))["Ann Lake"].office is None
