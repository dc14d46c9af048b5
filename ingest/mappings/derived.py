"""Derived columns (``[derived.NAME]``): values cut out of a cell or the file name, renamed by a table.

Used where an export packs a value into another one (the fund in a programme code ``ERDFN``, the
priority axis in a project code ``03.2.1-…``, several municipalities in one address cell) or
names it only in the file name (``Poland_ESF_2014_2020.csv``). A derived column is read like any
other column by the rest of the mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ingest.mappings.model import DerivedSpec
from ingest.mappings.splitters import tidy
from ingest.mappings.values import clean_text

Derived = str | list[str] | None


def _texts(raw: Any) -> list[str]:
    if raw is None or isinstance(raw, dict):
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [clean_text(v) for v in items if v is not None and not isinstance(v, dict | list)]


def _pieces(spec: DerivedSpec, texts: Iterable[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        if spec.pattern is None:
            out.append(text)
            continue
        matches = spec.pattern.finditer(text) if spec.all else filter(None, [spec.pattern.search(text)])
        for m in matches:
            if spec.template is not None:
                out.append(m.expand(spec.template))
            else:
                out.append(next((g for g in m.groups() if g is not None), m.group(0)))
    values = [tidy(p) for p in out]
    values = [spec.values.get(v.casefold(), v) for v in values if v]
    return list(dict.fromkeys(v for v in values if v))


def derive(spec: DerivedSpec, raw: Any) -> Derived:
    """The derived value of one source value (a cell, or the file name)."""
    values = _pieces(spec, _texts(raw))
    if spec.all:
        return values
    return values[0] if values else None


class DerivedColumns:
    """Adds a mapping's derived columns to each record (file-name values are computed once)."""

    def __init__(self, specs: tuple[DerivedSpec, ...], file_name: str) -> None:
        self.specs = specs
        self.fixed = {s.name: derive(s, file_name) for s in specs if s.file_name}

    def add(self, data: dict[str, Any]) -> dict[str, Any]:
        if not self.specs:
            return data
        out = dict(data)
        for spec in self.specs:
            if spec.file_name:
                out[spec.name] = self.fixed[spec.name]
            else:
                out[spec.name] = derive(spec, out.get(spec.column or ""))  # may use an earlier one
        return out
