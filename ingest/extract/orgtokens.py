"""Tokens for organisation-name finding: words, quoted names, organisation words, boundaries.

Organisation words (``data/reference/org_terms.csv``) are matched first, also at the end of compound
words ("Socialförvaltningen") and after a coordinated "X-" ("Kultur- och fritidsförvaltningen");
punctuation that ends a clause is a boundary token; a token that starts a sentence or a line is
marked, because a capitalised first word is not evidence of a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.lexicon import OrgTerm, compound_terms, term_pattern, terms_by_form, word_set

_WORD = re.compile(
    r"[^\W_]+-(?=\s+(?:och|og|und|ja|ir|un|and|i|oraz|sekä|ning)\s)"  # "Kultur- och fritidsförvaltningen"
    r"|[^\W_](?:[\w'’]*[^\W_])?(?:-[^\W_][\w'’]*)*"
)
_NON_BLANK = re.compile(r"\S+")
#: URLs and dotted domain names inside one whitespace-free token (at most :data:`MAX_PROSE_TOKEN` long).
_URL_OR_DOMAIN = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}\b")
#: A whitespace-free run longer than this is not prose (a hash, base64, a mangled page): it is masked whole.
MAX_PROSE_TOKEN = 200


def mask_emails_urls(text: str, replacement: str = " ") -> str:
    """``text`` with e-mail addresses (any token with an "@" inside), URLs and domain names replaced.

    Linear time: the text is cut into whitespace-free tokens and the URL/domain pattern (quadratic on a
    long dotted run such as "a.a.a.…") only ever sees one token of at most :data:`MAX_PROSE_TOKEN`
    characters; longer tokens are masked whole.
    """
    parts: list[str] = []
    last = 0
    for m in _NON_BLANK.finditer(text):
        token = m.group()
        if len(token) > MAX_PROSE_TOKEN or "@" in token[1:-1]:
            masked = replacement
        elif "." in token or "://" in token:
            masked = _URL_OR_DOMAIN.sub(replacement, token)
        else:
            continue
        parts += [text[last : m.start()], masked]
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


def is_conjunction(token: Token, lang: str) -> bool:
    """Does ``token`` join two names ("A and B")? Swedish/Danish/Norwegian "i" means "in" instead
    ("Länsstyrelsen i X")."""
    return token.lower in CONJUNCTIONS and not (token.lower == "i" and lang in {"sv", "da", "no", "nb", "nn"})


#: Words that join two names in a list ("A and B", "A ir B", "A och B").
CONJUNCTIONS = word_set("and und ir ja och og un oraz et & i sekä ning bei")
_QUOTE = re.compile(r"[\"“„«][^\"“”„«»\n]{1,80}?[\"”“»]")
#: Short words written with a full stop that does not end a sentence ("No.", "sq.", "Sp. z o.o.").
_ABBREVIATIONS = word_set(
    "no nr sq st str g al pr r m sp im ul pl dr prof ltd inc tel a d ds sav mst k pav plc co e.v o.o s.a"
)
_BOUNDARY = frozenset(",;:!?()[]{}|/•·–—\n")


@dataclass
class Token:
    text: str
    start: int
    end: int
    kind: str  # "word" | "quote" | "term" | "punct" | "num"
    terms: tuple[OrgTerm, ...] = ()
    sentence_start: bool = False
    compound: bool = False  # an organisation word ending a longer word ("Socialförvaltningen")

    @property
    def cap(self) -> bool:
        return self.kind in {"word", "term"} and self.text[:1].isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def term(self) -> OrgTerm | None:
        return self.terms[0] if self.terms else None


def tokenize(text: str) -> list[Token]:
    """Words, quoted names, organisation words and boundary punctuation, with offsets."""
    tokens: list[Token] = []
    taken = [False] * (len(text) + 1)
    for m in _QUOTE.finditer(text):
        tokens.append(Token(m.group(), m.start(), m.end(), "quote"))
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in term_pattern().finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        found = terms_by_form().get(m.group().lower(), ())
        found = tuple(t for t in found if _term_case_ok(t, m.group()))
        if not found:
            continue
        tokens.append(Token(m.group(), m.start(), m.end(), "term", found))
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in _WORD.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        word = m.group()
        end = m.end()
        if end < len(text) and text[end] == "." and (word.lower() in _ABBREVIATIONS or _is_initial(word)):
            word += "."
            end += 1
        kind = "num" if word.replace(".", "").isdigit() else "word"
        token = Token(word, m.start(), end, kind)
        compound = _compound_term(word)
        if compound:
            token.kind, token.terms, token.compound = "term", (compound,), True
        tokens.append(token)
        for i in range(m.start(), end):
            taken[i] = True
    for i, ch in enumerate(text):
        if taken[i]:
            continue
        if ch in _BOUNDARY or (ch == "-" and _spaced(text, i)) or ch == ".":
            tokens.append(Token(ch, i, i + 1, "punct"))
    tokens.sort(key=lambda t: t.start)
    # "Kultur- och fritidsförvaltningen": the compound after a coordinated "X-" is a name's end
    for i in range(2, len(tokens)):
        tok = tokens[i]
        if tok.kind == "word" and tokens[i - 2].text.endswith("-") and tokens[i - 1].lower in CONJUNCTIONS:
            compound = _compound_term(tok.text[:1].upper() + tok.text[1:])
            if compound:
                tok.kind, tok.terms, tok.compound = "term", (compound,), True
    _mark_sentence_starts(tokens, text)
    return tokens


def _term_case_ok(term: OrgTerm, written: str) -> bool:
    """Short legal forms (UAB, AB, SIA, AS, SA) only count when written with capitals."""
    if term.short and term.form not in {"ry", "r.y."}:
        return any(c.isupper() for c in written)
    return True


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _spaced(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() or after.isspace()


def _compound_term(word: str) -> OrgTerm | None:
    if not word[:1].isupper() or "-" in word:
        return None
    lowered = word.lower()
    for term in compound_terms():
        if lowered.endswith(term.form) and len(lowered) >= len(term.form) + 3:
            return term
    return None


def _mark_sentence_starts(tokens: list[Token], text: str) -> None:
    expect = True
    for token in tokens:
        if token.kind == "punct":
            if token.text in ".!?\n:•·":
                expect = True
            continue
        # a line break between two tokens also starts a new "sentence" (headings, list items)
        token.sentence_start = expect
        expect = False
    previous_end = 0
    for token in tokens:
        if token.kind != "punct" and "\n" in text[previous_end : token.start]:
            token.sentence_start = True
        previous_end = token.end


def _unit_term(token: Token) -> bool:
    return token.kind == "term" and any(t.unit for t in token.terms)


def _enumeration_comma(tokens: list[Token], c: int) -> bool:
    """Is the comma at ``c`` inside one unit's name that lists its fields ("Švietimo, kultūros ir sporto
    skyrius", "Izglītības, kultūras un sporta nodaļa", "Wydział Edukacji, Kultury i Sportu",
    "Department of Education, Culture and Sport")? Not when a whole name ends before it."""
    if tokens[c].text != "," or c == 0 or c + 1 >= len(tokens):
        return False
    before, after = tokens[c - 1], tokens[c + 1]
    if before.kind not in {"word", "term"} or after.kind not in {"word", "term"} or _unit_term(before):
        return False
    for j in range(c + 1, min(len(tokens), c + 9)):
        token = tokens[j]
        if token.kind == "punct" and token.text != ",":
            return False
        if token.kind in {"word", "term"} and token.lower in CONJUNCTIONS:
            head_after = any(_unit_term(t) for t in tokens[j + 1 : j + 4])
            head_before = any(_unit_term(t) for t in tokens[max(0, c - 4) : c])
            return head_after or head_before
    return False


def clauses(tokens: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = []
    current: list[Token] = []
    for index, token in enumerate(tokens):
        if token.kind == "punct" and not _enumeration_comma(tokens, index):
            if current:
                out.append(current)
            current = []
        elif token.kind != "punct":
            current.append(token)
    if current:
        out.append(current)
    return out
