"""Mark the words of a query in a snippet, escaping first: the text is split into words and the
rest, each piece is HTML-escaped, and only then are matching words wrapped in ``<mark>``."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from kg.iris import fold
from search_app.partner_data import STOPWORDS

_TOKEN = re.compile(r"\w+", re.UNICODE)
MARK = Markup("<mark>%s</mark>")


def query_terms(query: str) -> list[str]:
    """The words of a query worth marking (folded: no case, no accents; two characters or more; not
    joining words such as "and")."""
    terms = {fold(w) for w in _TOKEN.findall(query)}
    return sorted((t for t in terms if len(t) >= 2 and t not in STOPWORDS), key=len, reverse=True)


def _matches(word: str, terms: list[str]) -> bool:
    folded = fold(word)
    # a word starting with a query word of 4+ letters (inflections: "youths", "jaunimo" ~ "jaunim")
    return any(folded == t or (len(t) >= 4 and folded.startswith(t)) for t in terms)


def highlight(text: str | None, query: str) -> Markup:
    """``text`` escaped, with the words of ``query`` marked."""
    if not text:
        return Markup("")
    terms = query_terms(query)
    if not terms:
        return escape(text)
    out: list[Markup] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(escape(text[position : match.start()]))
        word = match.group()
        out.append(MARK % word if _matches(word, terms) else escape(word))  # % escapes ``word``
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)
