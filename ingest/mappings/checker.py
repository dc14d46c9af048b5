"""Typed access to one table of a mapping file; every problem is a MappingError naming the key."""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingABC
from typing import Any

from ingest.mappings.errors import MappingError
from ingest.mappings.splitters import SPLITTERS

_LANG = re.compile(r"^[a-z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class Checker:
    """Typed access to one TOML table, raising MappingError with the key's dotted path."""

    def __init__(self, origin: str, data: MappingABC[str, Any], where: str = "") -> None:
        self.origin, self.data, self.where = origin, data, where

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def fail(self, name: str | None, problem: str) -> MappingError:
        return MappingError(self.origin, self.key(name) if name else self.where or None, problem)

    def only(self, allowed: set[str], required: set[str] | None = None) -> None:
        for k in self.data:
            if k not in allowed:
                raise self.fail(k, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for k in sorted(required or ()):
            if k not in self.data:
                raise self.fail(k, "missing required key")

    def text(self, name: str, default: str | None = None, choices: tuple[str, ...] = ()) -> str | None:
        v = self.data.get(name, default)
        if v is None:
            return None
        if not isinstance(v, str) or not v.strip():
            raise self.fail(name, f"must be a non-empty string, got {v!r}")
        if choices and v not in choices:
            raise self.fail(name, f"must be one of {', '.join(choices)}, got {v!r}")
        return v

    def texts(self, name: str) -> tuple[str, ...]:
        v = self.data.get(name, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail(name, f"must be a string or a list of strings, got {v!r}")
        return tuple(v)

    def flag(self, name: str, default: bool) -> bool:
        v = self.data.get(name, default)
        if not isinstance(v, bool):
            raise self.fail(name, f"must be true or false, got {v!r}")
        return v

    def table(self, name: str) -> Checker | None:
        v = self.data.get(name)
        if v is None:
            return None
        if not isinstance(v, dict):
            raise self.fail(name, "must be a table")
        return Checker(self.origin, v, self.key(name))

    def tables(self, name: str) -> list[Checker]:
        v = self.data.get(name, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise self.fail(name, "must be an array of tables ([[...]])")
        return [Checker(self.origin, x, f"{self.key(name)}[{i}]") for i, x in enumerate(v)]

    def split(self, name: str = "split") -> str | None:
        return self.text(name, choices=tuple(sorted(SPLITTERS)))

    def absent(self) -> frozenset[str]:
        return frozenset(x.casefold() for x in self.texts("absent"))

    def lang(self, name: str) -> str | None:
        v = self.text(name)
        if v is not None and not _LANG.match(v):
            raise self.fail(name, f"must be an ISO 639-1 code such as 'en', got {v!r}")
        return v

    def country(self, name: str) -> str | None:
        v = self.text(name)
        if v is not None and not _COUNTRY.match(v):
            raise self.fail(name, f"must be an ISO 3166-1 alpha-2 code such as 'SE', got {v!r}")
        return v

    def regex(self, name: str, groups: tuple[str, ...] = ()) -> re.Pattern[str] | None:
        """A compiled regular expression; ``groups`` names groups it must have."""
        v = self.text(name)
        if v is None:
            return None
        try:
            pattern = re.compile(v)
        except re.error as exc:
            raise self.fail(name, f"not a valid regular expression: {exc}") from None
        missing = [g for g in groups if g not in pattern.groupindex]
        if missing:
            raise self.fail(name, f"needs the named group(s) {', '.join(f'(?P<{g}>…)' for g in missing)}")
        return pattern
