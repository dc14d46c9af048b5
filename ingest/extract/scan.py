"""Linear-time look-ups for extractors that look around each of many matches in one text.

Searching back for the start of the line (``text.rfind("\\n", 0, pos)``) or scanning the whole line
again for every match costs time proportional to the line, so a page written as one long line with
thousands of matches takes quadratic time. :class:`LineIndex` finds line bounds by bisection and
:class:`Spans` answers "the last match before here" the same way, after one pass over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_NEWLINE = re.compile("\n")
#: At most this many lists of names ("X partners: A, B and C") are read per page. Each is followed to
#: its end, which may be far away; a page of nothing but list openings would otherwise take quadratic
#: time, and no real page has nearly this many.
MAX_LISTS = 100


class LineIndex:
    """Where each line of ``text`` starts and ends (lines end at "\\n")."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.breaks = [m.start() for m in _NEWLINE.finditer(text)]

    def line_start(self, pos: int) -> int:
        """``text.rfind("\\n", 0, pos) + 1``: the start of the line holding ``pos``."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i - 1] + 1 if i else 0

    def line_end(self, pos: int) -> int:
        """``text.find("\\n", pos)``, or the text's length when no line break follows."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else self.length

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """(start of the line holding ``start``, end of the line holding ``end``)."""
        return self.line_start(start), self.line_end(end)


class Spans:
    """Sorted, non-overlapping (start, end) spans of one pattern's matches in a text."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.spans = [m.span() for m in pattern.finditer(text)]
        self.ends = [end for _, end in self.spans]

    def last_within(self, low: int, high: int) -> tuple[int, int] | None:
        """The last span lying wholly inside ``[low, high]``, or None."""
        i = bisect_right(self.ends, high) - 1
        if i >= 0 and self.spans[i][0] >= low:
            return self.spans[i]
        return None
