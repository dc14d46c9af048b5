"""Adversarial texts for the extractors' regular expressions and scans: long runs of one character,
short alternations, repeated e-mail/phone/date-like fragments, long lines and many short lines, nested
brackets. Each is a short unit repeated to any length, so a test or a benchmark can feed the same shape
at 5 000, 50 000 or 500 000 characters and see whether the time grows linearly.
All text is invented.
"""

from __future__ import annotations

import re

#: name → the unit repeated to the wanted length.
UNITS: dict[str, str] = {
    # runs of one character
    "run-a": "a",
    "run-A": "A",
    "run-dot": ".",
    "run-at": "@",
    "run-hyphen": "-",
    "run-digit": "1",
    "run-space": " ",
    "run-newline": "\n",
    "run-tab": "\t",
    "run-underscore": "_",
    "run-quote": '"',
    "run-apostrophe": "'",
    "run-colon": ":",
    "run-comma": ",",
    "run-pipe": "|",
    "run-plus": "+",
    "run-slash": "/",
    "run-open-paren": "(",
    "run-letter-e-dot": "ė",
    # short alternations
    "a.": "a.",
    "a@": "a@",
    "a-": "a-",
    "a_": "a_",
    "a:": "a:",
    "a, ": "a, ",
    "1 ": "1 ",
    "1-": "1-",
    "1.": "1.",
    "1,": "1,",
    "A ": "A ",
    "A.": "A.",
    "A. ": "A. ",
    "A-": "A-",
    "Aa ": "Aa ",
    "Aa-": "Aa-",
    "Aa. ": "Aa. ",
    "letters-digits": "ab12",
    "a.b@": "a.b@",
    # e-mail, web, phone, date and label fragments
    "+370 ": "+370 ",
    "(0)": "(0)",
    "+370 (0) 5 ": "+370 (0) 5 ",
    "12 34 ": "12 34 ",
    "x@y.": "x@y.",
    "a@b.lt ": "a@b.lt ",
    "www.": "www.",
    "http://": "http://",
    "Tel. ": "Tel. ",
    "E-mail: ": "E-mail: ",
    "2020-": "2020-",
    "1.1.": "1.1.",
    "LT-": "LT-",
    "No. ": "No. ",
    "quote-A": "„A",
    "Aa Bb ": "Aa Bb ",
    # whole mentions repeated on one line (each is found, then checked against its surroundings)
    "phones": "Tel. +370 5 212 3456, ",
    "amounts": "1 000 EUR, ",
    "emails": "info@testvale.lt, ",
    "urls": "www.testvale.lt/a ",
    "ids": "Project no. LT-12-345 ",
    "partners": "Testvale partners: Riverton, Lakeside. ",
    "org-words": "Testvale municipality and ",
    # distinct invented names ({w}, {v}: a new word each time), so nothing repeats: many organisations,
    # people, units, addresses and lists, each added to the page's index and looked up again
    "names-orgs": "{w} municipality, ",
    "names-partners": "{w} partners: {v}, {w}. ",
    "names-people": "{w} {v}, head of unit, tel. +370 5 212 3456\n",
    "names-units": "{w} skyrius; {v} savivaldybės {w} skyrius, ",
    "names-addresses": "{w} municipality, {v} g. 5, LT-12345 {w}, ",
    "names-funds": "{w} project co-funded by ERDF, 1 000 EUR. ",
    "names-pairs": "{w} {v} ",
    # lines
    "lines-a": "a\n",
    "lines-dot": ".\n",
    "lines-hyphen": "-\n",
    "lines-digit": "1\n",
    "lines-A": "A\n",
    "lines-label": "Aa:\n",
    "lines-name": "Aa Bb\n",
    "lines-bullet": "- a\n",
    "lines-numbered": "1. a\n",
    "cells": "|a",
    # nested brackets (half the text opens, the other half closes; see :func:`text`)
    "nested-parens": "(",
    "nested-brackets": "[(",
}

#: Units whose text is ``opening * n + closing * n`` rather than the unit repeated.
NESTED = frozenset({"nested-parens", "nested-brackets"})


def invented_word(i: int) -> str:
    """The ``i``-th of a sequence of distinct capitalised letter-only words ("Baa", "Bab", ...)."""
    i += 26 * 27
    letters = []
    while i:
        i, r = divmod(i, 26)
        letters.append(chr(97 + r))
    return "".join(reversed(letters)).capitalize()


def text(name: str, size: int) -> str:
    """The adversarial text ``name`` at exactly ``size`` characters."""
    unit = UNITS[name]
    if "{w}" in unit:
        parts, length, i = [], 0, 0
        while length < size:
            part = unit.format(w=invented_word(i), v=invented_word(i + 7))
            parts.append(part)
            length += len(part)
            i += 1
        return "".join(parts)[:size]
    if name in NESTED:
        half = size // 2
        closing = {"(": ")", "[": "]"}
        opening = (unit * half)[:half]
        return opening + "".join(closing.get(c, c) for c in reversed(opening)) + " " * (size - 2 * half)
    return (unit * (size // len(unit) + 1))[:size]


#: Size of each adversarial page in the hostile-input suite (the 80 pages add about 20 s to each pass;
#: before the linear-time rewrite the worst took about 9 s at this size, hours at 500,000).
PAGE_CHARS = 10_000


def pages(size: int = PAGE_CHARS) -> list[tuple[str, str]]:
    """(file name, text) of every adversarial text at ``size`` characters, as plain-text pages."""
    out = []
    for i, name in enumerate(UNITS):
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"
        out.append((f"adversarial-{i:02d}-{slug}.txt", text(name, size)))
    return out
