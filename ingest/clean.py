"""Text normalisation and boilerplate removal for extracted page text.

:func:`normalize` makes text safe and regular (NFC, no control or invisible characters, one kind of
line break, bullet glyphs as ``- `` list markers, collapsed spaces). :func:`remove_boilerplate` drops
lines that are user-interface rather than content: feedback widgets of hosting sites, cookie banners,
share/print buttons, image alternative texts, breadcrumbs and menus at the top of a page. Phrases
come from ``data/reference/ui_phrases.txt`` (several languages); structural cues (position, line
length, list runs, question-then-answers) carry the rules to languages and wordings not listed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

UI_PHRASES_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "ui_phrases.txt"

#: Glyphs used as list bullets; a line starting with one becomes a "- " list item.
BULLETS = "•◦▪▫●○■□►▸▹‣⁃∙·※➢➤→✓✔"
_BULLET_LINE = re.compile(rf"^[{re.escape(BULLETS)}]\s*")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_LIST_MARKER = re.compile(r"^(?:[-*+]\s+|\d{1,3}[.)]\s+)")
_PUNCT = re.compile(r"[^\w\s]+")
_DIGIT_OR_AT = re.compile(r"[\d@]")
_BREADCRUMB_SEP = re.compile(r"\s[>›»→]\s|\s[>›»→]$|^[>›»→]\s")

#: Invisible format characters that are dropped (zero-width, soft hyphen, BOM, bidi controls).
_INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200c\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n", "\u0085": "\n", "\x0b": "\n", "\x0c": "\n"}
#: Bullet glyphs of Symbol/Wingdings fonts that PDF and Word exports leave in the private use area.
_PRIVATE_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "•", "\uf0d8": "►", "\uf0fc": "✓", "\uf0a8": "•"}

#: Words that may join media words in an image alternative text ("Coat of arms or logo").
_CONNECTORS = frozenset(
    re.findall(
        r"\S+",
        "or and of the a an ir arba un vai lub i oraz eller och og tai ja voi ning oder und или и "
        "city town municipality miesto rajono",
    )
)
_REMOVE_ANYWHERE = ("feedback", "cookie", "share", "skip")


@dataclass
class Cleaned:
    """Cleaned text and the lines removed as boilerplate (for debugging and tests)."""

    text: str
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UiPhrases:
    """Folded phrases by kind (see the header of ``ui_phrases.txt``)."""

    by_kind: dict[str, frozenset[str]]
    first_words: frozenset[str] = frozenset()

    def kinds_of(self, line: str) -> set[str]:
        """Kinds whose phrase the line is (or, for phrases of 3+ words, starts with)."""
        head = _LIST_MARKER.sub("", line.strip())[:40].split(maxsplit=1)
        first = fold_phrase(head[0]).split() if head else []
        if not first or first[0] not in self.first_words:
            return set()
        folded = fold_phrase(line)
        if not folded:
            return set()
        words = folded.split()
        found: set[str] = set()
        for kind, phrases in self.by_kind.items():
            if folded in phrases:
                found.add(kind)
                continue
            extra = 60 if kind == "cookie" else 3
            for size in range(3, len(words)):
                if len(words) - size > extra:
                    continue
                if " ".join(words[:size]) in phrases:
                    found.add(kind)
                    break
        return found

    def is_media_only(self, line: str) -> bool:
        """True for a short line made only of media words and connectors ("Coat of arms or logo")."""
        if len(line.split()) > 7:
            return False
        words = fold_phrase(line).split()
        if not words or len(words) > 6:
            return False
        media = self.by_kind.get("media", frozenset())
        i, seen_media = 0, False
        while i < len(words):
            for size in (3, 2, 1):
                if " ".join(words[i : i + size]) in media:
                    i += size
                    seen_media = True
                    break
            else:
                if words[i] not in _CONNECTORS:
                    return False
                i += 1
        return seen_media


def fold_phrase(text: str) -> str:
    """Comparison form of a short UI line: no list marker, accents, punctuation or case."""
    text = _LIST_MARKER.sub("", text.strip())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", stripped.casefold()).split())


def parse_ui_phrases(lines: Iterable[str]) -> UiPhrases:
    """Parse ``kind<TAB>lang<TAB>phrase`` lines (``#`` comments and blank lines ignored)."""
    by_kind: dict[str, set[str]] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip():
            raise ValueError(f"ui phrases line {number}: expected kind<TAB>lang<TAB>phrase, got {raw!r}")
        by_kind.setdefault(parts[0].strip(), set()).add(fold_phrase(parts[2]))
    firsts = frozenset(phrase.split()[0] for values in by_kind.values() for phrase in values if phrase)
    return UiPhrases({kind: frozenset(values) for kind, values in by_kind.items()}, firsts)


@lru_cache(maxsize=1)
def ui_phrases() -> UiPhrases:
    """The shipped phrase list, read once."""
    try:
        text = UI_PHRASES_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileNotFoundError(f"ui phrase list {UI_PHRASES_FILE} cannot be read: {exc}") from exc
    return parse_ui_phrases(text.splitlines())


def strip_control(text: str) -> str:
    """Drop control and invisible format characters; keep newlines and tabs."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
        elif ch in _LINE_SEPARATORS:
            out.append(_LINE_SEPARATORS[ch])
        elif ch in _PRIVATE_BULLETS:
            out.append(_PRIVATE_BULLETS[ch])
        elif ch in _INVISIBLE:
            continue
        elif unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} and ch not in "\ufffd":
            if ch == "\r":
                out.append("\n")
            continue
        else:
            out.append(ch)
    return "".join(out)


def normalize_line(line: str) -> str:
    """One line: collapsed spaces, trimmed, bullet glyph as a ``- `` marker."""
    line = _SPACES.sub(" ", line).strip(" ")
    line = line.strip()
    if line and _BULLET_LINE.match(line):
        rest = _BULLET_LINE.sub("", line).strip()
        line = f"- {rest}" if rest else ""
    return line


def normalize(text: str) -> str:
    """NFC, line breaks, control characters, spaces, bullets and blank-line runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_control(unicodedata.normalize("NFC", text))
    lines = [normalize_line(line) for line in text.split("\n")]
    lines = [line for line in lines if not (line and _TABLE_RULE.match(line))]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def _words(line: str) -> int:
    return len(_LIST_MARKER.sub("", line).split())


def _is_paragraph(line: str) -> bool:
    words = _words(line)
    return words >= 12 or (words >= 8 and line.rstrip().endswith((".", "!", "?")))


def _is_menu_item(line: str, kinds: set[str], max_words: int = 3) -> bool:
    body = _LIST_MARKER.sub("", line).strip()
    return (
        0 < _words(line) <= max_words
        and not _DIGIT_OR_AT.search(body)
        and not body.endswith((".", ":", ";", "?", "!", ","))
        and (line.startswith(("- ", "* ")) or "nav" in kinds)
    )


def _top_limit(lines: list[str]) -> int:
    for i, line in enumerate(lines[:60]):
        if _is_paragraph(line):
            return i
    return min(len(lines), 60)


def _menu_runs(lines: list[str], kinds: list[set[str]], drop: set[int]) -> None:
    """Runs of 3+ short list/menu items before the first paragraph are a site menu."""
    limit = _top_limit(lines)
    run: list[int] = []

    def close() -> None:
        items = [i for i in run if lines[i]]
        nav = sum(1 for i in items if "nav" in kinds[i])
        bullets = sum(1 for i in items if lines[i].startswith(("- ", "* ")))
        if len(items) >= 3 and (bullets == len(items) or nav * 2 >= len(items)):
            drop.update(items)
        run.clear()

    for i in range(limit):
        line = lines[i]
        if not line:
            if run:
                run.append(i)
            continue
        if _is_menu_item(line, kinds[i]):
            run.append(i)
        else:
            close()
            segments = [s.strip() for s in re.split(r"\s[|·•]\s", line)]
            if len(segments) >= 3 and not line.startswith("|"):
                ui = ui_phrases()
                nav = sum(1 for s in segments if "nav" in ui.kinds_of(s) and _words(s) <= 3)
                if nav * 2 >= len(segments):
                    drop.add(i)
    close()


def _breadcrumbs(lines: list[str], drop: set[int]) -> None:
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > 10:
            return
        if _words(line) <= 14 and _BREADCRUMB_SEP.search(line) and not _DIGIT_OR_AT.search(line):
            drop.add(i)


def _feedback_blocks(lines: list[str], kinds: list[set[str]], drop: set[int]) -> None:
    """A feedback question and the short lines after it (buttons, thanks) near the end of a page."""
    nonblank = [i for i, line in enumerate(lines) if line]
    for position, i in enumerate(nonblank):
        anchor = "feedback" in kinds[i]
        if not anchor and lines[i].endswith("?") and _words(lines[i]) <= 10:
            following = nonblank[position + 1 : position + 4]
            anchor = any("answer" in kinds[j] for j in following)
        if not anchor:
            continue
        drop.add(i)
        after = nonblank[position + 1 :]
        tail = len(after) <= 8 and all(
            _words(lines[j]) <= 8 and not _DIGIT_OR_AT.search(lines[j]) for j in after
        )
        blank_run = 0
        for j in range(i + 1, len(lines)):
            if not lines[j]:
                blank_run += 1
                if blank_run >= 3:
                    break
                continue
            blank_run = 0
            ui_line = kinds[j] & {"feedback", "answer", "share"}
            short = _words(lines[j]) <= 8 and not _DIGIT_OR_AT.search(lines[j])
            if ui_line or (tail and short):
                drop.add(j)
            else:
                break


def remove_boilerplate(text: str) -> Cleaned:
    """Drop UI lines from normalised text; returns the kept text and the removed lines."""
    lines = text.split("\n")
    ui = ui_phrases()
    kinds = [ui.kinds_of(line) if line and _words(line) <= 70 else set() for line in lines]
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        if any(k in kinds[i] for k in _REMOVE_ANYWHERE) or ui.is_media_only(line):
            drop.add(i)
    _feedback_blocks(lines, kinds, drop)
    _menu_runs(lines, kinds, drop)
    _breadcrumbs(lines, drop)
    kept = [line for i, line in enumerate(lines) if i not in drop]
    removed = [lines[i] for i in sorted(drop) if lines[i]]
    return Cleaned(_BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip("\n"), removed)


def clean_text(text: str, *, boilerplate: bool = True) -> Cleaned:
    """:func:`normalize` then (by default) :func:`remove_boilerplate`."""
    normal = normalize(text)
    return remove_boilerplate(normal) if boilerplate else Cleaned(normal)


def guess_title(text: str) -> str | None:
    """The first short line that is not a UI or generic section line (a title for plain text)."""
    ui = ui_phrases()
    for line in text.split("\n")[:40]:
        body = _LIST_MARKER.sub("", line).strip().lstrip("#").strip()
        if not body or len(body) > 200 or _DIGIT_OR_AT.fullmatch(body):
            continue
        if ui.kinds_of(body) or ui.is_media_only(body):
            continue
        if not any(ch.isalpha() for ch in body):
            continue
        return body
    return None
