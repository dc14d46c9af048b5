"""Where a unit or administration belongs, when its own name says so.

"Alytus District Municipality Administration" → "Alytus District Municipality";
"<X gen.> savivaldybės administracija" → "<X> savivaldybė"; "Department of Y of <Org>" → <Org>;
"<X gen.> <Unit> skyrius" → X, with the unit's own name "<Unit> skyrius".
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.extract.lexicon import ADMIN_PARENT_WORD
from ingest.extract.orgnames import NameMention, final_head, has_content, normalise

_HAS_UNITS = frozenset({"municipality", "administration", "county", "public_body"})


@dataclass(frozen=True)
class ParentSplit:
    """What a unit's or administration's name says about where it belongs."""

    parent: str  # the parent's name, normalised ("Alytaus miesto savivaldybė")
    start: int  # where the parent is written inside the mention
    end: int
    own_name: str | None = None  # the unit's name without its parent ("Švietimo skyrius")
    unit: bool = False  # the name is of a unit of the parent ("Relations Office of X Municipality")


def split_parent(mention: NameMention, text: str) -> ParentSplit | None:
    """The organisation a unit or administration belongs to when its name says so.

    "Alytus District Municipality Administration" → "Alytus District Municipality";
    "Alytaus miesto savivaldybės administracija" → "Alytaus miesto savivaldybė";
    "Department of Youth Affairs of Riverton City Council" → "Riverton City Council" (own name
    "Department of Youth Affairs"); "<X gen.> Švietimo skyrius" → X (own name "Švietimo skyrius");
    "Urząd Gminy Orzysz" → "Gmina Orzysz"; "Tartu Vallavalitsus" → "Tartu vald".
    ``text`` is the document the mention was found in.
    """
    head = mention.head
    if head is None:
        return None
    tokens = mention.tokens
    # "X of <Org>": the (last) complement that names an organisation is the parent; an office or
    # service "of" a municipality is one of its units
    sub_body = head.type in {"public_body", "other"}
    for i in range(len(tokens) - 2, 0, -1):
        tok = tokens[i]
        if tok.lower in {"of", "für"} and (head.unit or head.type == "administration" or sub_body):
            rest = tokens[i + 1 :]
            while rest and rest[0].lower == "the":
                rest = rest[1:]
            rest_head = final_head(rest)
            if rest_head is None or rest_head.unit or not has_content(rest):
                continue
            if not (head.unit or head.type == "administration") and rest_head.type not in _HAS_UNITS:
                continue
            as_unit = head.unit or head.type != "administration"
            own = normalise(tokens[:i], text, head) if as_unit else None
            return ParentSplit(normalise(rest, text, rest_head), rest[0].start, rest[-1].end, own, as_unit)
    if not (head.unit or head.type == "administration"):
        return None
    positions = [i for i, t in enumerate(tokens) if t.kind == "term" and t.term is head]
    if not positions:
        return None
    head_index = positions[-1]
    if head.position == "prefix" and head_index == 0:
        rest = tokens[1:]
        rest_head = final_head(rest)
        if rest_head and rest_head.type in {"municipality", "county"} and has_content(rest):
            last = rest[-1]
            if rest_head.lang == "pl" and last.term is rest_head and last.lower != rest_head.nominative:
                return None  # "Referat Rozwoju Gminy": the gmina's development office, no gmina "Rozwoju"
            return ParentSplit(normalise(rest, text, rest_head), rest[0].start, rest[-1].end)
        return None
    # "<Org> Administration" / "<Org gen.> administracija" / "<Org gen.> <Unit> skyrius"
    for j in range(head_index - 1, -1, -1):
        tok = tokens[j]
        if tok.kind == "term" and tok.term and not tok.term.unit and tok.term.type != "other":
            before = tokens[: j + 1]
            if not has_content(before):
                return None
            own = None
            if head.unit and j + 1 < head_index and has_content(tokens[j + 1 :]):
                own = normalise(tokens[j + 1 :], text, head)
            return ParentSplit(normalise(before, text, tok.term), before[0].start, before[-1].end, own)
    parent_word = ADMIN_PARENT_WORD.get(head.nominative)
    if parent_word and head_index > 0:
        stem = text[tokens[0].start : tokens[head_index - 1].end]
        return ParentSplit(f"{stem} {parent_word}", tokens[0].start, tokens[head_index - 1].end)
    return None
