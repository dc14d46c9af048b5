"""Static checks on a SPARQL query before any engine sees it.

:func:`check` tokenizes the query with the SPARQL 1.1 lexical rules (strings, IRIs, prefixed names
with their escapes, comments), so that words inside literals, IRIs and comments never count, and
then refuses, before evaluation:

* queries longer than ``sparql_max_query_chars``;
* nesting deeper than ``sparql_max_depth`` (``{``, ``(``, ``[``, ``<<``): Oxigraph's recursive
  parser overflows its stack on a few thousand nested groups;
* ``SERVICE`` (no outbound request is ever made) and every update keyword (``INSERT``, ``DELETE``,
  ``LOAD``, ``CLEAR``, ...): the public endpoint is read-only.

The syntax itself is judged by the engine (in a worker process), whose message is returned.
:func:`check` also finds what evaluation needs to know: the query form (for content negotiation),
whether the query names its own dataset (``FROM``), whether it calls ``cg:similarity`` and where
it uses the ``cg:similar`` magic predicate (see :mod:`kg.similarity`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.settings import Settings

CG = "https://w3id.org/civicgraph/ns#"
SIMILARITY_FUNCTION = CG + "similarity"
SIMILAR_PREDICATE = CG + "similar"
DEFAULT_K = 10
MAX_K = 1000

FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
OPENERS = {"{": "}", "(": ")", "[": "]", "<<": ">>", "{|": "|}"}
CLOSERS = frozenset(OPENERS.values())


class QueryRefused(ValueError):
    """The query is refused before evaluation; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# -- the lexer ---------------------------------------------------------------------------------------

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_HEX4 = "[0-9A-Fa-f]{4}"

_TOKEN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("ws", r"\s+"),
    ("comment", r"#[^\n\r]*"),
    ("string", r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"),
    ("string", r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'),
    ("string", r"'(?:[^'\\\n\r]|\\.)*'"),
    ("string", r'"(?:[^"\\\n\r]|\\.)*"'),
    ("iri", rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|\\u{_HEX4}|\\U{_HEX4}{_HEX4})*>"),
    ("bnode", rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    # tried only where a name run starts (else every letter of a long run would be rescanned: quadratic)
    ("pname", rf"(?<![{_CHARS}.])(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("var", rf"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("langtag", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?"),
    ("number", r"(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|<<|>>|<=|>=|!=|&&|\|\||\{\||\|\}|."),
)
_LEXER = re.compile("|".join(f"(?P<{kind}{i}>{p})" for i, (kind, p) in enumerate(_TOKEN_PATTERNS)), re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, bnode, pname, var, langtag, number, word, punct
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The query's tokens (whitespace and comments dropped)."""
    out: list[Token] = []
    for match in _LEXER.finditer(text):
        kind = (match.lastgroup or "punct").rstrip("0123456789")
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, match.group(), match.start(), match.end()))
    return out


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)


def string_value(token: str) -> str:
    """The value of a SPARQL string token (quotes removed, escapes decoded)."""
    quote = 3 if token[:3] in ("'''", '"""') else 1
    body = token[quote:-quote]

    def decode(match: re.Match[str]) -> str:
        esc = match.group(1)
        if esc[0] in "uU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        if esc in _ECHAR:
            return _ECHAR[esc]
        raise QueryRefused(f"bad escape \\{esc} in string {token[:40]}")

    return _ESCAPE.sub(decode, body)


# -- the result ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarPattern:
    """One ``cg:similar`` triple pattern, to be replaced by a VALUES block before evaluation."""

    start: int
    end: int
    entity_var: str
    score_var: str | None
    text: str
    k: int


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: (
        str | None
    )  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when it cannot be told (the engine will say why)
    has_dataset: bool  # FROM / FROM NAMED in the query
    prefixes: dict[str, str] = field(default_factory=dict)
    uses_similarity: bool = False  # calls cg:similarity(...)
    similar: tuple[SimilarPattern, ...] = ()
    depth: int = 0

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    @property
    def needs_vectors(self) -> bool:
        return self.uses_similarity or bool(self.similar)


# -- checks -----------------------------------------------------------------------------------------


def _max_depth(tokens: list[Token], limit: int) -> int:
    depth = deepest = 0
    for tok in tokens:
        if tok.kind != "punct":
            continue
        if tok.text in OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    raise QueryRefused(
                        f"the query nests groups, brackets or parentheses more than {limit} levels deep "
                        f"(at character {tok.start}); simplify it"
                    )
        elif tok.text in CLOSERS:
            depth = max(0, depth - 1)
    return deepest


def _prefixes(tokens: list[Token]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, tok in enumerate(tokens[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX":
            name, iri = tokens[i + 1], tokens[i + 2]
            if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                out[name.text[:-1]] = iri.text[1:-1]
    return out


def _iri_of(tok: Token, prefixes: dict[str, str]) -> str | None:
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _refuse_words(tokens: list[Token]) -> None:
    for tok in tokens:
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if word == "SERVICE":
            raise QueryRefused(
                "SERVICE (federated query) is not allowed: "
                "civicgraph never contacts other services to answer a query",
                status=403,
            )
        if word in UPDATE_WORDS:
            raise QueryRefused(
                f"{word} is an update operation: SPARQL is read-only here (data changes only through "
                "`civicgraph ingest` and `civicgraph forget`)",
                status=403,
            )


def _form(tokens: list[Token]) -> str | None:
    for tok in tokens:
        if tok.kind == "word" and tok.text.upper() in FORMS:
            return tok.text.upper()
    return None


#: Words that may follow a triples block directly (GraphPatternNotTriples).
_PATTERN_WORDS = frozenset({"FILTER", "BIND", "OPTIONAL", "MINUS", "GRAPH", "VALUES", "SERVICE"})
_USAGE = (
    'cg:similar must be used as a whole triple pattern: ?entity cg:similar "text" . or '
    '(?entity ?score) cg:similar ("text" k) .'
)


def _similar_at(tokens: list[Token], i: int) -> SimilarPattern:
    """Parse the ``cg:similar`` pattern whose predicate is ``tokens[i]``."""

    def at(j: int) -> Token | None:
        return tokens[j] if 0 <= j < len(tokens) else None

    def is_punct(tok: Token | None, *texts: str) -> bool:
        return tok is not None and tok.kind == "punct" and tok.text in texts

    # subject: ?e  or  ( ?e ?score )
    subj_end, var_a, var_b = at(i - 1), at(i - 3), at(i - 2)
    if subj_end is not None and subj_end.kind == "var":
        entity, score, start_index = subj_end.text, None, i - 1
    elif (
        is_punct(subj_end, ")")
        and is_punct(at(i - 4), "(")
        and var_a is not None
        and var_b is not None
        and var_a.kind == var_b.kind == "var"
    ):
        entity, score, start_index = var_a.text, var_b.text, i - 4
    else:
        raise QueryRefused(_USAGE)
    if not (start_index == 0 or is_punct(at(start_index - 1), "{", ".", "}", ")")):
        raise QueryRefused(_USAGE)
    # object: "text"  or  ( "text" k )
    obj = at(i + 1)
    k = DEFAULT_K
    if obj is not None and obj.kind == "string":
        text_tok, end_index = obj, i + 1
        if (lang := at(i + 2)) is not None and lang.kind == "langtag":
            end_index = i + 2
    elif is_punct(obj, "(") and (first := at(i + 2)) is not None and first.kind == "string":
        text_tok = first
        j = i + 3
        if (lang := at(j)) is not None and lang.kind == "langtag":
            j += 1
        num = at(j)
        if num is not None and num.kind == "number":
            if not num.text.isdigit() or not 1 <= int(num.text) <= MAX_K:
                raise QueryRefused(f"cg:similar: k must be a whole number from 1 to {MAX_K}, got {num.text}")
            k = int(num.text)
            j += 1
        if not is_punct(at(j), ")"):
            raise QueryRefused(_USAGE)
        end_index = j
    else:
        raise QueryRefused(_USAGE)
    after = at(end_index + 1)
    if not (is_punct(after, ".", "}", "{") or (after is not None and after.text.upper() in _PATTERN_WORDS)):
        raise QueryRefused(_USAGE)
    text = string_value(text_tok.text).strip()
    if not text:
        raise QueryRefused("cg:similar: the text to compare with is empty")
    return SimilarPattern(tokens[start_index].start, tokens[end_index].end, entity, score, text, k)


def check(text: str, settings: Settings) -> CheckedQuery:
    """Refuse (raise :class:`QueryRefused`) or describe the query (see the module docstring)."""
    limit = int(settings.sparql_max_query_chars)
    if len(text) > limit:
        raise QueryRefused(f"the query is {len(text)} characters long; the limit is {limit}", status=413)
    if "\x00" in text:
        raise QueryRefused("the query contains a NUL character")
    tokens = tokenize(text)
    depth = _max_depth(tokens, int(settings.sparql_max_depth))
    _refuse_words(tokens)
    prefixes = _prefixes(tokens)
    uses_similarity = False
    similar: list[SimilarPattern] = []
    for i, tok in enumerate(tokens):
        iri = _iri_of(tok, prefixes)
        if iri == SIMILARITY_FUNCTION:
            uses_similarity = True
        elif iri == SIMILAR_PREDICATE:
            similar.append(_similar_at(tokens, i))
    has_dataset = any(t.kind == "word" and t.text.upper() == "FROM" for t in tokens)
    return CheckedQuery(
        text=text,
        form=_form(tokens),
        has_dataset=has_dataset,
        prefixes=prefixes,
        uses_similarity=uses_similarity,
        similar=tuple(similar),
        depth=depth,
    )


def values_block(pattern: SimilarPattern, hits: list[tuple[str, float]]) -> str:
    """The VALUES block that stands in for ``pattern`` given its top-k ``hits`` (IRI, score)."""
    rows: list[str] = []
    for iri, score in hits:
        if not iri or any(c in iri for c in '<>"{}|^`\\ \n\r\t'):
            continue  # not writable as an IRI reference (never minted by civicgraph)
        if pattern.score_var is None:
            rows.append(f"<{iri}>")
        else:
            rows.append(f'(<{iri}> "{score:.6f}"^^<http://www.w3.org/2001/XMLSchema#double>)')
    if pattern.score_var is None:
        return f"VALUES {pattern.entity_var} {{ {' '.join(rows)} }}"
    return f"VALUES ({pattern.entity_var} {pattern.score_var}) {{ {' '.join(rows)} }}"


def rewrite(query: CheckedQuery, blocks: list[str]) -> str:
    """The query text with each ``cg:similar`` pattern replaced by its VALUES block (same order)."""
    text = query.text
    for pattern, block in sorted(zip(query.similar, blocks, strict=True), key=lambda pb: -pb[0].start):
        text = text[: pattern.start] + block + text[pattern.end :]
    return text
