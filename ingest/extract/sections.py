"""Lines, headings, bullet lists and sections of a cleaned text: the layout every extractor reads.

A page is split into :class:`Line` objects (offsets into the text are kept, so every fact can point
at its evidence). A *heading* is a short line without sentence punctuation that introduces
content; a :class:`Section` is a heading with the lines under it. Labels ("Legal status",
"Objectives of the Good Practice", "Projekto tikslas") are matched on folded text, so extractors
name sections by a few words in each language instead of relying on one site's exact layout.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

_BULLET = re.compile(r"^(?P<marker>[•·▪●◦‣∙*\-–—]|\d{1,3}[.)](?!\d)|[a-zA-Z][.)](?=\s)|\(\d{1,3}\))\s*(?=\S)")
_SENTENCE_END = re.compile(r"[.!?;,]$")
_WORD = re.compile(r"\w+", re.UNICODE)

#: Menu / site-chrome words: bullet runs made of these are navigation, not content.
NAV_WORDS = frozenset(
    {
        # en
        "home",
        "search",
        "browse",
        "tag cloud",
        "view",
        "contact",
        "contacts",
        "contact us",
        "about",
        "about us",
        "login",
        "log in",
        "sign in",
        "register",
        "news",
        "events",
        "sitemap",
        "menu",
        "english",
        "help",
        "faq",
        "print",
        "share",
        "back",
        "next",
        "previous",
        "top",
        "more",
        # lt
        "pradžia",
        "pradinis",
        "paieška",
        "kontaktai",
        "naujienos",
        "apie mus",
        "renginiai",
        "prisijungti",
        # lv
        "sākums",
        "meklēt",
        "kontakti",
        "jaunumi",
        "par mums",
        # pl
        "strona główna",
        "szukaj",
        "kontakt",
        "aktualności",
        "o nas",
        # sv / da / de / fi / et
        "hem",
        "sök",
        "forside",
        "søg",
        "startseite",
        "suche",
        "etusivu",
        "haku",
        "yhteystiedot",
        "avaleht",
        "otsing",
    }
)


def fold(text: str) -> str:
    """Lower case without accents, same length as ``text`` (so offsets stay valid)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = next((c for c in decomposed if not unicodedata.combining(c)), ch)
    lowered = base.lower()
    return lowered if len(lowered) == 1 else ch


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass
class Line:
    """One non-blank line of the text (stripped), with its offsets."""

    index: int
    text: str
    start: int
    end: int
    blank_before: bool = False
    blank_after: bool = False
    bullet: str | None = None  # the list marker ("•", "1.", "2)") if the line is a list item
    content: str = ""  # text without the marker
    content_start: int = 0

    @property
    def is_bullet(self) -> bool:
        return self.bullet is not None

    @property
    def numbered(self) -> bool:
        return self.bullet is not None and any(c.isdigit() for c in self.bullet)

    @property
    def word_count(self) -> int:
        return len(words(self.content))


@dataclass
class Section:
    heading: Line | None
    lines: list[Line] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.content if self.heading else ""

    @property
    def start(self) -> int:
        first = self.heading or (self.lines[0] if self.lines else None)
        return first.start if first else 0

    @property
    def end(self) -> int:
        if self.lines:
            return self.lines[-1].end
        return self.heading.end if self.heading else 0

    def paragraphs(self) -> list[list[Line]]:
        """Consecutive non-bullet lines, split at blank lines, bullets, and after a line that ends a
        sentence (text taken from HTML has one paragraph per line and no blank lines)."""
        out: list[list[Line]] = []
        current: list[Line] = []
        for line in self.lines:
            ended = bool(current) and current[-1].content.rstrip().endswith((".", "!", "?", ":"))
            if line.is_bullet or (current and (line.blank_before or ended)):
                if current:
                    out.append(current)
                current = []
            if not line.is_bullet:
                current.append(line)
        if current:
            out.append(current)
        return out

    def paragraph_texts(self) -> list[str]:
        return [" ".join(ln.content for ln in para) for para in self.paragraphs()]

    def bullets(self) -> list[Line]:
        return [ln for ln in self.lines if ln.is_bullet]

    def text(self) -> str:
        return "\n".join(ln.content for ln in self.lines)


@dataclass
class Layout:
    """The text with its lines and sections."""

    text: str
    lines: list[Line]
    sections: list[Section]
    folded: str = ""

    def find(self, labels: Iterable[str], *, exact: bool = False) -> Section | None:
        """The first section whose heading contains (or, with ``exact``, is) one of ``labels``."""
        for section in self.find_all(labels, exact=exact):
            return section
        return None

    def find_all(self, labels: Iterable[str], *, exact: bool = False) -> list[Section]:
        wanted = tuple(fold(label).strip() for label in labels)
        exact_titles, words = set(wanted), _any_words(wanted)
        out = []
        for section in self.sections:
            if section.heading is None:
                continue
            title = heading_key(section.heading.content)
            if (title in exact_titles) if exact else (words is not None and words.search(title)):
                out.append(section)
        return out

    def body(self, section: Section, stop_labels: Iterable[str] = ()) -> Section:
        """``section``, or, when it is empty, it with the next block as its body.

        A field's value often stands on its own short line ("Legal status" / "Local public
        authority"; "Contact details" / a contact block headed by a name), which looks like a
        heading; it is the value unless it is itself one of ``stop_labels``.
        """
        if section.lines or section not in self.sections:
            return section
        position = self.sections.index(section)
        if position + 1 >= len(self.sections):
            return section
        following = self.sections[position + 1]
        if following.heading is not None:
            key = heading_key(following.heading.content)
            stop = _any_words(tuple(fold(label).strip() for label in stop_labels))
            if stop is not None and stop.search(key):
                return section
        body = ([following.heading] if following.heading else []) + following.lines
        return Section(section.heading, body)

    def line_at(self, offset: int) -> Line | None:
        for line in self.lines:
            if line.start <= offset < line.end + 1:
                return line
        return None

    def section_at(self, offset: int) -> Section | None:
        for section in self.sections:
            if section.start <= offset <= section.end:
                return section
        return None


def heading_key(text: str) -> str:
    """Folded heading text without trailing colons/dashes, for label matching."""
    return " ".join(fold(text).strip().rstrip(":–-—").split())


@lru_cache(maxsize=64)
def _any_words(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for "holds one of ``needles`` as whole words" (None when all are empty): one search
    per line instead of one per line and label."""
    alternatives = sorted({re.escape(n) for n in needles if n}, key=lambda a: (-len(a), a))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    blank = True
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            blank = True
            if lines:
                lines[-1].blank_after = True
            offset += len(raw)
            continue
        start = offset + (len(body) - len(body.lstrip()))
        line = Line(len(lines), stripped, start, start + len(stripped), blank_before=blank)
        match = _BULLET.match(stripped)
        if match and not _looks_like_number_text(stripped):
            line.bullet = match.group("marker")
            line.content = stripped[match.end() :].strip()
            line.content_start = start + match.end()
        else:
            line.content = stripped
            line.content_start = start
        lines.append(line)
        blank = False
        offset += len(raw)
    return lines


def _looks_like_number_text(line: str) -> bool:
    """ "2025 03 31", "-50 EUR", "1.5 million" are not list items."""
    return bool(re.match(r"^[-–]?\d[\d .,]*(\s|$)", line)) and not re.match(r"^\d{1,3}[.)]\s+\D", line)


def is_heading_like(line: Line, following: Line | None) -> bool:
    """A short line, not a list item, without sentence punctuation at its end, introducing content."""
    if line.is_bullet:
        return False
    content = line.content
    if len(content) > 90 or line.word_count == 0 or line.word_count > 10:
        return False
    if _SENTENCE_END.search(content) and not content.endswith("..."):
        return False
    if "@" in content or re.search(r"\d{3,}", content):
        return False
    return following is not None


def is_label(line: Line, labels: Sequence[str]) -> bool:
    """Is the line one of the known section labels ("Legal status", "Objectives of the Good Practice")?"""
    if line.word_count > 10:
        return False
    words = _any_words(tuple(labels))
    return words is not None and words.search(heading_key(line.content)) is not None


def split_sections(lines: Sequence[Line], labels: Sequence[str] = ()) -> list[Section]:
    """Sections at heading lines: short lines set off by blank lines, or known labels (text taken
    from HTML often has no blank lines between a heading and its paragraph)."""
    folded_labels = [fold(label).strip() for label in labels]
    sections: list[Section] = [Section(None)]
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        set_off = line.blank_before or line.blank_after or line.index == 0
        if is_heading_like(line, following) and (set_off or is_label(line, folded_labels)):
            sections.append(Section(line))
        else:
            sections[-1].lines.append(line)
    return [s for s in sections if s.heading is not None or s.lines]


def layout(text: str, labels: Sequence[str] = ()) -> Layout:
    """The lines and sections of ``text``; ``labels`` are headings known to start sections."""
    lines = split_lines(text)
    return Layout(text, lines, split_sections(lines, labels), fold(text))


def bullet_runs(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of consecutive list items."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.is_bullet:
            current.append(line)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def is_nav_run(run: Sequence[Line]) -> bool:
    """A site menu: most items are menu words (Home, Search, Browse ...)."""
    if not run:
        return False
    nav = sum(1 for ln in run if heading_key(ln.content) in NAV_WORDS)
    return nav * 2 >= len(run) and nav >= 2


#: Taken from the start of a run of spaces only (a long run is scanned once, not from every position).
_AND = re.compile(r"(?<!\s)\s++(?:and|ir|un|i|oraz|och|og|ja|und|&)\s+", re.IGNORECASE)


def split_list(text: str, *, conjunctions: bool = False) -> list[str]:
    """Split "a, b (c, d), and e" at top-level commas/semicolons; drops a leading "and"/"ir".

    With ``conjunctions``, the last item is split at "and"/"ir"/"och" ... too ("B and C" → B, C):
    for lists of bare names, not of phrases ("art therapy and music")."""
    items: list[str] = []
    depth = 0
    quote = False
    current: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in '"“”„«»':
            quote = not quote if ch == '"' else ch in "“„«"
        if ch in ",;" and depth == 0 and not quote:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    if conjunctions and items:
        last = items.pop()
        items += _AND.split(last)
    out = []
    for item in items:
        cleaned = re.sub(r"^\s*(?:and|or|ir|arba|un|i|oraz|och|og|ja|und|sowie)\s+", "", item.strip())
        cleaned = cleaned.strip().rstrip(".").strip()
        if cleaned:
            out.append(cleaned)
    return out


def clean_item(text: str, *, max_paren: int = 40) -> str:
    """A list item without trailing punctuation and without a long (or unclosed) bracketed tail."""
    item = text.strip().rstrip(";,.").strip()
    paren = item.find("(")
    if paren > 0:
        tail = item[paren:]
        if tail.count("(") != tail.count(")") or len(tail) > max_paren:
            item = item[:paren].rstrip(" ,;:-–")
    return item
