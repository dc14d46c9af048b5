"""The UI catalogues: every message the templates and page modules use has a Lithuanian translation
with the same placeholders, and the catalogue on disk is up to date with the sources."""

from __future__ import annotations

import re

from search_app import i18n

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_message_is_translated_to_lithuanian() -> None:
    messages = i18n.extract_messages()
    assert len(messages) > 100
    catalog = i18n.catalog("lt")
    missing = [m for m in messages if not catalog.get(m)]
    assert missing == [], f"untranslated (run `python -m search_app.i18n`): {missing}"


def test_translations_keep_their_placeholders() -> None:
    for msgid, text in i18n.catalog("lt").items():
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(text)), msgid


def test_translate_falls_back_to_english() -> None:
    assert i18n.translate("Browse", "lt") == "Naršyti"
    assert i18n.translate("Browse", "en") == "Browse"
    assert i18n.translate("a message nobody wrote", "lt") == "a message nobody wrote"


def test_money_and_numbers_follow_the_language() -> None:
    assert i18n.format_money("1234.5", "EUR", "en") == "€1,234.50"
    assert i18n.format_money("1234.5", "EUR", "lt").replace("\xa0", " ") == "1 234,50 €"
    assert i18n.format_money("10", "not a currency", "en") == "10 not a currency"
    assert i18n.format_number(1234567, "lt").replace("\xa0", " ") == "1 234 567"
    assert i18n.language_name("lt", "en") == "Lithuanian" and i18n.language_name("lt", "lt") == "lietuvių"
