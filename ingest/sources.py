"""Inputs: files and folders named on the command line → documents to read, with stable identities."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".pdf"})
RECORD_SUFFIXES = frozenset({".csv", ".jsonl", ".json", ".tsv"})
SIDECAR_SUFFIXES = (".url", ".meta.json")


def printable_name(text: str) -> str:
    """A file name as safe Unicode: bytes that are not UTF-8 become U+FFFD; control and bidi
    formatting characters (which could disguise a name) are dropped."""
    decoded = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(c for c in decoded if unicodedata.category(c) not in {"Cc", "Cf"})


@dataclass(frozen=True)
class Input:
    path: Path
    key: str  # stable identity for files without a URL: "samples/profile.html" or "profile.html"

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def is_page(self) -> bool:
        return self.suffix in PAGE_SUFFIXES

    @property
    def is_records(self) -> bool:
        return self.suffix in RECORD_SUFFIXES


def _is_sidecar(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(SIDECAR_SUFFIXES) or name.lower() in {"readme.md", "readme.txt"}


def expand(paths: list[Path]) -> Iterator[Input]:
    """Files as given; folders walked in sorted order (hidden files, sidecars and READMEs skipped).

    A file given directly is keyed by its name; a file found in a folder by the folder's name and the
    path below it, so the same tree ingested from anywhere gets the same identities.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or _is_sidecar(child):
                    continue
                yield Input(child, printable_name(f"{path.resolve().name}/{rel.as_posix()}"))
        else:
            yield Input(path, printable_name(path.name))


def sidecar_url(path: Path) -> str | None:
    """The original URL of a page from ``page.html.url`` or ``page.html.meta.json`` ({"url": ...})."""
    url_file = path.with_name(path.name + ".url")
    if url_file.is_file():
        lines = url_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        first = lines[0].strip() if lines else ""
        return first if first.startswith(("http://", "https://")) else None
    meta_file = path.with_name(path.name + ".meta.json")
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        url = meta.get("url") if isinstance(meta, dict) else None
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return url
    return None
