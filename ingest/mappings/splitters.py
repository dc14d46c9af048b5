"""Named list splitters a mapping selects with ``split = "<name>"``.

Every splitter returns the pieces stripped, with inner whitespace collapsed and empty pieces
dropped; the caller removes "absent" markers such as ``N/A``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SPACES = re.compile(r"\s+")
_PAREN_INNER = re.compile(r"\(\s*(.*?)\s*\)")


def tidy(piece: str) -> str:
    """Collapse whitespace, also just inside parentheses: ``"Other (Norway )"`` → ``"Other (Norway)"``."""
    text = _SPACES.sub(" ", piece).strip()
    # No bracket pair starts after the last ")": leaving that tail out keeps this linear on "((((…".
    close = text.rfind(")") + 1
    return _PAREN_INNER.sub(lambda m: f"({m.group(1)})", text[:close]) + text[close:]


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` where not inside (), [] or {}."""
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [t for p in pieces if (t := tidy(p))]


def comma(text: str) -> list[str]:
    """``"a, b (x, y), c"`` → ``["a", "b (x, y)", "c"]``."""
    return split_outside_brackets(text, ",")


def comma_phrases(text: str) -> list[str]:
    """Commas outside brackets, but a piece starting with a lower-case letter continues the one before.

    For lists of names that may themselves hold commas, written as capitalised phrases:
    ``"Food, water and nutrients, Recycling"`` → ``["Food, water and nutrients", "Recycling"]``.
    """
    out: list[str] = []
    for piece in comma(text):
        if out and piece[0].islower():
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def semicolon(text: str) -> list[str]:
    return split_outside_brackets(text, ";")


def pipe(text: str) -> list[str]:
    return split_outside_brackets(text, "|")


def lines(text: str) -> list[str]:
    return [t for line in text.splitlines() if (t := tidy(line))]


def any_separator(text: str) -> list[str]:
    """Semicolons, pipes or new lines (not commas), outside brackets."""
    return [p for line in text.splitlines() for p in split_outside_brackets(line, ";|")]


SPLITTERS: dict[str, Callable[[str], list[str]]] = {
    "comma": comma,
    "comma_phrases": comma_phrases,
    "semicolon": semicolon,
    "pipe": pipe,
    "lines": lines,
    "semicolon_pipe_lines": any_separator,
}
