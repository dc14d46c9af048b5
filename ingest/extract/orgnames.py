"""Organisation names in running text, in many languages, by rule.

A name is found around an *organisation word* from ``data/reference/org_terms.csv``: a head that
ends it ("... District Municipality", "... miesto savivaldybės", "... kommun"), a prefix that starts
it ("Gmina ...", "Public Institution ...", "VšĮ ..."), or a legal-form suffix ("... GmbH"). From
that word the name grows over capitalised words, quoted names, connectors ("of", "and", "ir") and,
in Lithuanian and Latvian, lower-case genitive modifiers ("Alytaus miesto savivaldybės"). A name
needs at least one word of its own besides the organisation words and generic adjectives.

Lithuanian, Latvian and Polish organisation words in an oblique case are put back into the
nominative ("Alytaus miesto savivaldybės" → "Alytaus miesto savivaldybė"); the written form is
kept on the mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.countries import country_from_text
from ingest.extract.lexicon import (
    COMPLEMENT_CONNECTORS,
    CONNECTORS,
    GENERIC_WORDS,
    GENITIVE_BEFORE,
    LT_ADJECTIVE_CASES,
    LT_GENITIVE_ENDINGS,
    LV_GENITIVE_ENDINGS,
    NOT_ORGANISATIONS,
    QUALIFIERS,
    STOPWORDS,
    OrgTerm,
)
from ingest.extract.orgtokens import Token, clauses, is_conjunction, mask_emails_urls, tokenize
from ingest.extract.sections import fold

#: Endings of Swedish/Danish adjectives written in lower case inside names.
_NORDIC_ADJECTIVES = ("ska", "iske", "liga", "lige", "ala", "ale", "ella", "elle")
#: Prefix words that are legal forms (a later word says what the organisation is).
_LEGAL_FORM_TYPES = frozenset({"public_institution", "company", "ngo"})
_ARTICLES = frozenset({"the", "der", "die", "das", "den", "dem", "des", "la", "le", "les"})
_FOLDED_NOT_ORGS = frozenset(fold(n) for n in NOT_ORGANISATIONS)
_PL_ADJECTIVE = re.compile(r"(?:ski|ska|skie|cki|cka|ckie|ny|na|ne|owy|owa|owe)$")


@dataclass
class NameMention:
    """One organisation name found in the text."""

    name: str  # normalised (nominative)
    as_written: str
    start: int
    end: int
    head: OrgTerm | None  # the organisation word that gives the type (last head, else prefix/suffix)
    terms: list[OrgTerm] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.head.type if self.head else "other"

    @property
    def is_unit(self) -> bool:
        return bool(self.head and self.head.unit)


def _adjective_pairs(head: OrgTerm) -> tuple[tuple[str, str], ...]:
    """Lithuanian adjective endings agreeing with ``head`` → their nominative endings.

    A feminine noun in -a has the same spelling in the instrumental, so its instrumental
    adjectives ("su Centrine ... agentūra") are accepted too.
    """
    if head.lang != "lt":
        return ()
    pairs = LT_ADJECTIVE_CASES.get((head.feminine, head.case), ())
    if head.case == 0 and head.nominative.endswith("a"):
        pairs = pairs + LT_ADJECTIVE_CASES.get((True, 4), ())
    return pairs


class _Finder:
    def __init__(self, text: str, lowercase_words: set[str]) -> None:
        self.text = text
        self.lowercase_words = lowercase_words

    # -- token classes ---------------------------------------------------------------------
    def _genitive_like(self, token: Token, lang: str) -> bool:
        low = token.lower
        if lang == "lt":
            return low.endswith(LT_GENITIVE_ENDINGS)
        if lang == "lv":
            return low.endswith(LV_GENITIVE_ENDINGS)
        return False

    def _agreeing_adjective(self, token: Token, head: OrgTerm) -> bool:
        if head.lang != "lt":
            return False
        if head.case == 0 and token.lower.endswith(
            ("inė", "inis", "oji", "ioji", "asis", "iasis", "ysis", "usis")
        ):
            return True
        return any(token.lower.endswith(ending) for ending, _ in _adjective_pairs(head))

    def _accept_start(self, token: Token, head: OrgTerm) -> bool:
        """Can ``token`` be the first word of a name whose organisation word is ``head``?"""
        if token.kind == "quote":
            return True
        if token.kind == "term":
            return token.cap
        if not token.cap:
            return False
        if token.lower in STOPWORDS:
            return False
        if head.lang in {"lt", "lv"} and head.position in {"head", "both"}:
            morph_ok = self._genitive_like(token, head.lang) or self._agreeing_adjective(token, head)
            if not morph_ok and (token.sentence_start or head.lang == "lt"):
                return False
            if morph_ok:
                return True
        return not (token.sentence_start and token.lower in self.lowercase_words)

    def _inner_ok(self, token: Token, head: OrgTerm) -> bool:
        """Can ``token`` stand inside a name (left of its head)?"""
        if token.kind in {"quote", "term"}:
            return True
        if token.kind == "num":
            return False
        if token.cap:
            if head.lang == "lt" and head.position in {"head", "both"}:
                return self._genitive_like(token, "lt") or self._agreeing_adjective(token, head)
            return True
        low = token.lower
        if low in CONNECTORS:
            return True
        if head.lang in {"sv", "da", "no"} and low.endswith(_NORDIC_ADJECTIVES):
            return True  # "Älvby tekniska högskola", "Det Kongelige Bibliotek"
        if head.lang in {"lt", "lv"}:
            return self._genitive_like(token, head.lang) or self._agreeing_adjective(token, head)
        return low in QUALIFIERS

    # -- spans -----------------------------------------------------------------------------
    def _ends_name(self, clause: list[Token], k: int) -> bool:
        """Does a complete name end at ``k`` (an organisation word, a quoted name, a country)?"""
        if k < 0:
            return False
        tok = clause[k]
        if tok.kind in {"term", "quote"}:
            return True
        return tok.cap and country_from_text(tok.text) is not None

    def _head_name_before(self, clause: list[Token], c: int, head: OrgTerm) -> bool:
        """Is the text before a conjunction at ``c`` a complete name with a head word of its own
        ("Lakeside Chamber of Commerce and ...")? A prefix word alone does not count
        ("Public Institution Daugai Technology and Business School")."""
        k = c - 1
        while k >= 0 and (self._inner_ok(clause[k], head) or clause[k].lower in COMPLEMENT_CONNECTORS):
            if is_conjunction(clause[k], head.lang):
                return False
            term = clause[k].term
            # a head ends a name, and so does a name that starts with its head ("Länsstyrelsen i X och")
            # or a short legal form ("MTÜ X ja Y Kool"); a long legal form describes itself
            # ("Public Institution X Technology and Business School")
            ends = term is not None and (
                term.position != "prefix" or term.short or term.type not in _LEGAL_FORM_TYPES
            )
            if clause[k].kind == "term" and clause[k].cap and ends:
                return True
            k -= 1
        return False

    def _term_before(self, clause: list[Token], c: int, head: OrgTerm) -> bool:
        k = c - 1
        while k >= 0 and self._inner_ok(clause[k], head) and clause[k].lower not in COMPLEMENT_CONNECTORS:
            if clause[k].kind == "term":
                return True
            k -= 1
        return False

    def _left(self, clause: list[Token], h: int, head: OrgTerm) -> int:
        i = h
        while i - 1 >= 0 and self._inner_ok(clause[i - 1], head):
            previous = clause[i - 1]
            # "A Association and the B Foundation": a conjunction after a complete name, or before an
            # article, ends this one
            if is_conjunction(previous, head.lang) and (
                self._ends_name(clause, i - 2)
                or clause[i].lower in _ARTICLES
                or self._head_name_before(clause, i - 1, head)
            ):
                break
            # "of"/"i"/"w" only stand inside a name after its organisation word ("Department of X")
            if previous.lower in COMPLEMENT_CONNECTORS and not self._term_before(clause, i - 1, head):
                break
            i -= 1
            term = clause[i].term
            if clause[i].kind == "term" and term is not None and term.position == "prefix":
                break
        # trim to a valid first word
        while i < h and not self._accept_start(clause[i], head):
            i += 1
        # "Head of X Division": drop a leading part before "of" that has no organisation word
        for j in range(i, h):
            if clause[j].lower == "of" and not any(t.kind == "term" for t in clause[i:j]):
                i = j + 1
                while i < h and (
                    clause[i].lower in {"the", "a", "an"} or not self._accept_start(clause[i], head)
                ):
                    i += 1
                break
        return i

    def _complement(self, clause: list[Token], h: int) -> int:
        """Extend past the head over "of Alytus District" / "w Piszu" / "nr 5"."""
        end = h
        j = h + 1
        while j < len(clause) and clause[j].lower in COMPLEMENT_CONNECTORS:
            k = j + 1
            while k < len(clause) and clause[k].lower in {"the", "nr", "nr.", "no."}:
                k += 1
            last = None
            while k < len(clause) and (
                clause[k].cap
                or clause[k].kind in {"quote", "num"}
                or (
                    clause[k].lower in {"and", "i", "ir", "und"}
                    and k + 1 < len(clause)
                    and clause[k + 1].cap
                    and (
                        not any(t.kind == "term" for t in clause[k + 1 : k + 6])
                        # "… Culture and Sport of Riverton City Council": the last field of the list
                        or k + 2 == len(clause)
                        or clause[k + 2].lower in COMPLEMENT_CONNECTORS
                    )
                )
            ):
                if clause[k].cap or clause[k].kind in {"quote", "num"}:
                    last = k
                k += 1
            if last is None:
                break
            words = " ".join(t.text for t in clause[j + 1 : last + 1])
            if country_from_text(words) is not None:  # "Lakeside Gmina i Polen": a country, not a name
                break
            end = last
            j = last + 1
        return end

    def _right(self, clause: list[Token], p: int) -> int:
        """A prefix word's name runs right over capitalised words, quotes and connectors."""
        term = clause[p].term
        lang = term.lang if term is not None else ""
        end = p
        k = p + 1
        while k < len(clause):
            tok = clause[k]
            if tok.cap or tok.kind in {"quote", "term"} or (tok.kind == "num" and end >= p):
                if tok.kind == "term" and not tok.cap and tok.term and tok.term.lang not in {"pl", "lt"}:
                    break
                end = k
                if tok.kind == "quote":  # "VšĮ „Žalias slėnis“": the quoted name completes it
                    break
            elif is_conjunction(tok, lang) and any(t.kind == "term" for t in clause[k + 1 : k + 6]):
                break  # "Gmina A i Stowarzyszenie B": the next name starts
            elif tok.lower in CONNECTORS:
                pass
            else:
                break
            k += 1
        return end

    def candidates(self, clause: list[Token]) -> list[tuple[int, int, int]]:
        """(start, end, head index) token spans of names in one clause."""
        spans: list[tuple[int, int, int]] = []
        for h, tok in enumerate(clause):
            if tok.kind != "term" or tok.term is None:
                continue
            # a word may be a head in one language and a prefix in another ("X Gymnasium", "Gymnasium X")
            # Polish "X gmina" names a gmina only in the nominative: "Referat Rozwoju Gminy" is the
            # municipality's development office, not a gmina called "Rozwoju".
            heads = [
                t
                for t in tok.terms
                if t.position in {"head", "suffix"}
                or (t.position == "both" and (t.lang != "pl" or tok.lower == t.nominative))
            ]
            prefixes = [t for t in tok.terms if t.position in {"prefix", "both"}]
            if h + 1 < len(clause) and clause[h + 1].kind == "quote":
                # "asociacija „Ąžuolynės kraštas“", "biedrība “Jaunieši Ezermalai”", "UAB „Riverta“"
                spans.append((h, h + 1, h))
                continue
            if heads:
                term = heads[0]
                start = self._left(clause, h, term)
                suffix = GENITIVE_BEFORE.get(term.nominative)
                if suffix and (start == h or not clause[h - 1].lower.endswith(suffix)):
                    continue  # "Stockholms stad" is a city; "Grön stad" (a green city) is not
                end = self._complement(clause, h) if term.lang not in {"lt", "lv"} else h
                # "X Division", "Socialförvaltningen", "Department of Youth Affairs"
                if start < h or tok.compound or (end > h and tok.cap):
                    spans.append((start, end, h))
                    continue
            if prefixes:
                term = prefixes[0]
                start = h
                if term.lang == "pl":
                    while (
                        start - 1 >= 0
                        and clause[start - 1].cap
                        and _PL_ADJECTIVE.search(clause[start - 1].lower)
                    ):
                        start -= 1
                quoted_next = h + 1 < len(clause) and clause[h + 1].kind == "quote"
                if (term.short or term.lang == "en") and not tok.text[:1].isupper() and not quoted_next:
                    continue
                end = self._right(clause, h)
                if end > h:
                    spans.append((start, end, h))
        return _merge(spans)


def _merge(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    spans.sort()
    merged: list[tuple[int, int, int]] = []
    for start, end, head in spans:
        if merged and start <= merged[-1][1]:
            s, e, hd = merged[-1]
            merged[-1] = (s, max(e, end), head if end >= e else hd)
        else:
            merged.append((start, end, head))
    return merged


def has_content(tokens: list[Token]) -> bool:
    for tok in tokens:
        if tok.kind == "quote" or tok.compound:
            return True
        if tok.kind == "word" and tok.cap and tok.lower not in GENERIC_WORDS and tok.lower not in STOPWORDS:
            return True
    return False


def final_head(tokens: list[Token]) -> OrgTerm | None:
    """The word that types the name: the last head/suffix before any complement, else the prefix."""
    first = tokens[0].term if tokens and tokens[0].kind == "term" else None
    if first is not None and first.position == "prefix" and first.type not in _LEGAL_FORM_TYPES:
        return first  # "Urząd Gminy X", "Stowarzyszenie ...", "Stadt X": the first word is the head
    last_head = None
    prefix = None
    for tok in tokens:
        if tok.lower in COMPLEMENT_CONNECTORS and last_head is not None:
            break
        if tok.kind == "term" and tok.term:
            if tok.term.position in {"head", "suffix", "both"}:
                last_head = tok.term
            elif prefix is None:
                prefix = tok.term
    return last_head or prefix


def _match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def normalise(tokens: list[Token], text: str, head: OrgTerm | None) -> str:
    """The name with its organisation word (and agreeing Lithuanian adjectives) in the nominative."""
    if not tokens:
        return ""
    parts: list[str] = []
    head_index = max((i for i, t in enumerate(tokens) if t.kind == "term" and t.term is head), default=-1)
    for i, tok in enumerate(tokens):
        word = tok.text
        if i == head_index and head and head.case and head.lang in {"lt", "lv", "pl", "fi"}:
            word = _match_case(tok.text, head.nominative)
        elif head and head.lang == "lt" and i < head_index and tok.kind == "word":
            for ending, nominative in _adjective_pairs(head):
                if tok.lower.endswith(ending):
                    word = tok.text[: len(tok.text) - len(ending)] + nominative
                    break
        if i and tokens[i - 1].end < tok.start:
            gap = text[tokens[i - 1].end : tok.start]
            parts.append(" " if gap.strip() == "" else gap)
        parts.append(word)
    return " ".join("".join(parts).split())


def find_org_names(text: str) -> list[NameMention]:
    """Every organisation name mentioned in ``text``, in order."""
    tokens = tokenize(text)
    prose = mask_emails_urls(text)
    lowercase_words = {w for w in re.findall(r"[^\W\d_]+", prose) if w.islower()}
    finder = _Finder(text, lowercase_words)
    mentions: list[NameMention] = []
    for clause in clauses(tokens):
        for start, end, _ in finder.candidates(clause):
            span = clause[start : end + 1]
            while span and (span[-1].lower in CONNECTORS or span[-1].kind == "punct"):
                span = span[:-1]
            if not span or not has_content(span):
                continue
            head = final_head(span)
            written = text[span[0].start : span[-1].end]
            name = normalise(span, text, head)
            if fold(name) in _FOLDED_NOT_ORGS or len(name) < 4:
                continue
            terms = [t.term for t in span if t.kind == "term" and t.term]
            mentions.append(NameMention(name, written, span[0].start, span[-1].end, head, terms, span))
    return mentions


#: Kinds of organisation whose offices and services are their units.
