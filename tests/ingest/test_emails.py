"""ingest.extract.emails: plain, mailto and obfuscated forms; placeholders and prose are not addresses."""

from __future__ import annotations

import pytest

from ingest.extract.emails import find_email_mentions, find_emails, known_tlds


def values(text: str) -> list[str]:
    return [found.value for found in find_emails(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El. paštas: Ona.Pavyzdiene@Pavyzdziai.LT", ["ona.pavyzdiene@pavyzdziai.lt"]),
        ("mailto:info@miestas.lt?subject=Klausimas", ["info@miestas.lt"]),
        ("rašykite (ona.pavyzdiene@pavyzdziai.lt).", ["ona.pavyzdiene@pavyzdziai.lt"]),
        ("e-mail: j.jonaitis PIE rajons PUNKTS lv", ["j.jonaitis@rajons.lv"]),
        ("e-pasts: anna.ozola(at)novads.lv", ["anna.ozola@novads.lv"]),
        ("el. p. petras.petraitis eta miestas taškas lt", ["petras.petraitis@miestas.lt"]),
        ("ona[eta]savivaldybe[taskas]lt", ["ona@savivaldybe.lt"]),
        ("jan.nowak [at] gmina [dot] pl", ["jan.nowak@gmina.pl"]),
        ("kontakt: jan.nowak małpa gmina kropka pl", ["jan.nowak@gmina.pl"]),
        (
            "anna.virtanen(at)kunta.fi, kirjaamo (at) kunta piste fi",
            ["anna.virtanen@kunta.fi", "kirjaamo@kunta.fi"],
        ),
        ("e-post: kari.nordmann at kommune prikk no", ["kari.nordmann@kommune.no"]),
        ("E-Mail: lena.muster{at}stadt{punkt}de", ["lena.muster@stadt.de"]),
        ("e-post: karin.lind @ kommun.se", ["karin.lind@kommun.se"]),
        ("info at miestas dot lt", ["info@miestas.lt"]),
        ("Rašykite: INFO AT MIESTAS DOT LT", ["info@miestas.lt"]),
        ("a@b.lt, a@b.lt and A@B.LT", ["a@b.lt"]),
        ("mero.patarejas@vilnius.lt.", ["mero.patarejas@vilnius.lt"]),
        ("projektas@sub.domain-name.gov.lt;", ["projektas@sub.domain-name.gov.lt"]),
    ],
)
def test_forms(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Email: [email protected]",
        "Email: [email&#160;protected]",
        "write to name@example.com or vardas.pavarde@domenas.lt or your.name@yourdomain.com",
        "imie.nazwisko@gmina.pl, fornamn.efternamn@kommun.se, xxx@xxx.lt",
        "Let us meet at the town hall dot com at noon.",
        "Look at google dot com, available at www.alytus.lt and at miestas.lt.",
        "We met at Kaunas dot the usual place.",
        "icon@2x.png and photo@3x.jpeg",
        "version 1.2@3.4 and a@b",
        "contact at the office. Lt. Jonas was there",
        "user@localhost and admin@intranet.local",
        "@miestas.lt and info@ and @",
        "It was possible at this point to vote; assemblies met at some point in May.",
    ],
)
def test_not_addresses(text: str) -> None:
    assert values(text) == []


def test_mentions_keep_positions_and_repeats() -> None:
    text = "A: ona@miestas.lt\nB: jonas eta miestas taškas lt\nC: ona@miestas.lt"
    mentions = find_email_mentions(text)
    assert [m.value for m in mentions] == ["ona@miestas.lt", "jonas@miestas.lt", "ona@miestas.lt"]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.quote
    assert mentions[1].obfuscated and not mentions[0].obfuscated
    assert mentions[1].confidence < mentions[0].confidence


def test_mailto_has_full_confidence() -> None:
    assert find_emails("mailto:ona@miestas.lt")[0].confidence == 1.0


def test_tld_list_is_real() -> None:
    tlds = known_tlds()
    assert {"lt", "lv", "pl", "se", "fi", "ee", "de", "dk", "com", "org", "eu"} <= tlds
    assert "png" not in tlds and "local" not in tlds
