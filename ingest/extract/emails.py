"""E-mail addresses in text, including common obfuscations, de-obfuscated and lower-cased.

Separators understood: ``@`` (also with spaces), ``[at]``/``(at)``/``{at}``, and the word for "at"
in several languages (at, eta, pie, małpa, snabel-a, ät); ``.``, ``[dot]``/``(dot)`` and the word
for "dot" (dot, taškas, punkts, piste, kropka, prikk, punkt, punktum, точка, point). Bare words are
accepted only when the result is plausible (a known top-level domain and one of: an obfuscated dot,
an upper-case separator word, an e-mail label just before, a local part shaped like an address or a
common mailbox name), so ordinary prose ("meet at the town hall") never yields an address.
Placeholders (``[email protected]``, ``name@example.com``, ``vardas.pavarde@domenas.lt``) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _words(text: str) -> list[str]:
    return text.split()


_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_%+'=-]*[A-Za-z0-9_])?")
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")

_AT_WORDS = r"at|eta|pie|ma[łl]pa|snabel-a|ät|arroba|собака"
#: "point" (French) is left out: "at some point in" would read as an address.
_DOT_WORDS = r"dot|ta[šs]kas|punkts|piste|kropka|prikk|punktum|punkt|точка"
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
#: Blanks before a separator are only taken from the start of a run of blanks (never from inside it), so a
#: long run of spaces is scanned once, not once per position.
_BLANKS_BEFORE = r"(?<![ \t])[ \t]++"
_AT = re.compile(
    rf"(?P<plain>@)|(?P<spaced>{_BLANKS_BEFORE}@[ \t]*|(?:{_BLANKS_BEFORE})?@[ \t]+)"
    rf"|(?P<bracket>(?:{_BLANKS_BEFORE})?{_OPEN}[ \t]*(?:{_AT_WORDS}|@)[ \t]*{_CLOSE}[ \t]*)"
    rf"|(?P<word>{_BLANKS_BEFORE}(?:{_AT_WORDS})[ \t]+)",
    re.IGNORECASE,
)
_DOT = re.compile(
    rf"(?P<plain>\.)|(?P<bracket>[ \t]*{_OPEN}[ \t]*(?:{_DOT_WORDS}|\.)[ \t]*{_CLOSE}[ \t]*)"
    rf"|(?P<word>[ \t]+(?:{_DOT_WORDS})[ \t]+)",
    re.IGNORECASE,
)
_DOT_OBFUSCATED = rf"[ \t]*{_OPEN}[ \t]*(?:{_DOT_WORDS})[ \t]*{_CLOSE}[ \t]*|[ \t]+(?:{_DOT_WORDS})[ \t]+"
_LOCAL_BEFORE = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?P<local>{_LABEL.pattern}(?:(?:\.|{_DOT_OBFUSCATED}){_LABEL.pattern})*)\Z",
    re.IGNORECASE,
)
_PLAIN_LOCAL_BEFORE = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?P<local>{_LABEL.pattern}(?:\.{_LABEL.pattern})*)\Z"
)
_MAIL_LABEL = re.compile(
    r"(?i)(e-?mail|el\.?\s*pa[šs]t|e-?pasts?|e-?post|sähköposti|e-?posti|poczta|mailto|kontakt|contact|"
    r"adres e-mail|email:|mail:)[^\n]{0,40}\Z"
)
_TRAILING_OK = re.compile(r"(?![A-Za-z0-9_-]|@|\.[A-Za-z0-9])")

#: Mailbox names common enough that "info at city dot lt" is plausible without other cues.
ROLE_MAILBOXES = frozenset(
    _words(
        "info admin office post posts pastas paštas mail email kontakt kontaktai contact contacts secretary "
        "sekretoriatas kanceliarija savivaldybe registratura registry press media spauda hello kancelaria "
        "sekretariat biuro kirjaamo kunta kommun kommunen raad vald dome pasts"
    )
)
PLACEHOLDER_LOCALS = frozenset(
    _words(
        "your you yourname your.name your_name name user username vardas vardas.pavarde vardaspavarde "
        "jusu jūsų "
        "imie.nazwisko imie nazwisko fornamn.efternamn fornavn.efternavn etunimi.sukunimi eesnimi.perenimi "
        "vards.uzvards vards firstname.lastname first.last name.surname firstname lastname email e-mail "
        "someone somebody john.doe jane.doe noreply no-reply xxx xxxx test"
    )
)
PLACEHOLDER_DOMAIN_LABELS = frozenset(
    _words(
        "example domain yourdomain your-domain mydomain domenas domeen domene domena company yourcompany "
        "sample"
    )
)
_STOPWORDS = frozenset(
    _words(
        "the a an this that these those our your my his her their its we you they he she it is are was be "
        "look looking see arrive arrived meet met stay stayed available located based held here there "
        "one two first last all some any each every no not other such point time way end"
    )
)


@dataclass(frozen=True)
class Found:
    """One e-mail address found in text: the normalised value and where it was written."""

    value: str
    start: int
    end: int
    quote: str
    confidence: float
    obfuscated: bool = False


@lru_cache(maxsize=1)
def known_tlds() -> frozenset[str]:
    """Top-level domains of the Public Suffix List snapshot bundled with the ``tld`` package (ASCII)."""
    data = (
        resources.files("tld").joinpath("res", "effective_tld_names_public_only.dat.txt").read_text("utf-8")
    )
    tlds: set[str] = set()
    for line in data.splitlines():
        rule = line.strip().lstrip("!*.").lower()
        if not rule or rule.startswith("//") or "." in rule:
            continue
        if rule.isascii() and rule.isalpha():
            tlds.add(rule)
    return frozenset(tlds)


def _domain_after(text: str, pos: int) -> tuple[list[str], list[str], list[int]] | None:
    """Labels, separator kinds and end offsets of a domain starting at ``pos`` (at most 255 chars)."""
    window_end = min(len(text), pos + 300)
    first = _DOMAIN_LABEL.match(text, pos, window_end)
    if not first:
        return None
    labels, kinds, ends = [first.group()], [], [first.end()]
    cursor = first.end()
    while len(labels) < 10:
        dot = _DOT.match(text, cursor, window_end)
        if not dot:
            break
        label = _DOMAIN_LABEL.match(text, dot.end(), window_end)
        if not label:
            break
        labels.append(label.group())
        kinds.append(dot.lastgroup or "plain")
        ends.append(label.end())
        cursor = label.end()
    return labels, kinds, ends


def _is_placeholder(local: str, domain: str) -> bool:
    first_label = domain.split(".", 1)[0]
    if first_label in PLACEHOLDER_DOMAIN_LABELS or local in PLACEHOLDER_LOCALS:
        return True
    return bool(re.fullmatch(r"x+", local)) or bool(re.fullmatch(r"x+", first_label))


def _local_parts(raw: str) -> tuple[str, bool]:
    """Normalised local part and whether it used an obfuscated dot."""
    parts = re.split(_DOT_OBFUSCATED, raw, flags=re.IGNORECASE)
    return ".".join(parts), len(parts) > 1


def _plausible_words(
    local: str,
    domain_labels: list[str],
    at_text: str,
    dot_kinds: list[str],
    local_obfuscated: bool,
    before: str,
) -> bool:
    """Extra evidence needed when "at" was a bare word."""
    if local.lower() in _STOPWORDS or any(label.lower() in _STOPWORDS for label in domain_labels[:-1]):
        return False
    if any(k != "plain" for k in dot_kinds) or local_obfuscated:
        return True
    if at_text.strip().isupper() and len(at_text.strip()) > 1:
        return True
    if _MAIL_LABEL.search(before):
        return True
    return bool(re.search(r"[._\d-]", local)) or local.lower() in ROLE_MAILBOXES


def find_email_mentions(text: str) -> list[Found]:
    """Every e-mail address written in ``text``, in order (repeats included)."""
    tlds = known_tlds()
    found: list[Found] = []
    last_end = -1
    for at in _AT.finditer(text):
        if at.start() < last_end:
            continue
        kind = at.lastgroup or "plain"
        before_window = text[max(0, at.start() - 160) : at.start()]
        local_re = _PLAIN_LOCAL_BEFORE if kind in ("plain", "spaced") else _LOCAL_BEFORE
        local_match = local_re.search(before_window)
        if not local_match:
            continue
        local, local_obfuscated = _local_parts(local_match.group("local"))
        if len(local) > 64 or local.startswith(".") or ".." in local:
            continue
        parsed = _domain_after(text, at.end())
        if parsed is None:
            continue
        labels, dot_kinds, ends = parsed
        chosen = None
        for count in range(len(labels), 1, -1):
            tld = labels[count - 1].lower()
            if tld in tlds and _TRAILING_OK.match(text, ends[count - 1]):
                chosen = count
                break
        if chosen is None:
            continue
        labels, dot_kinds, end = labels[:chosen], dot_kinds[: chosen - 1], ends[chosen - 1]
        domain = ".".join(labels).lower()
        local = local.lower()
        start = at.start() - len(before_window) + local_match.start("local")
        before = text[max(0, start - 60) : start]
        if kind == "word" and (
            labels[0].lower() == "www"
            or not _plausible_words(local, labels, at.group(), dot_kinds, local_obfuscated, before)
        ):
            continue
        if _is_placeholder(local, domain):
            continue
        obfuscated = kind != "plain" or local_obfuscated or any(k != "plain" for k in dot_kinds)
        confidence = 0.99
        if obfuscated:
            confidence = 0.85 if kind == "word" else 0.95
        if before.lower().endswith("mailto:"):
            confidence = 1.0
        found.append(Found(f"{local}@{domain}", start, end, text[start:end], confidence, obfuscated))
        last_end = end
    return found


def find_emails(text: str) -> list[Found]:
    """Distinct e-mail addresses in ``text`` (first mention of each), lower-cased and de-obfuscated."""
    seen: set[str] = set()
    unique: list[Found] = []
    for item in find_email_mentions(text):
        if item.value not in seen:
            seen.add(item.value)
            unique.append(item)
    return unique
