"""Reference data we ship in ``data/reference`` (facts written for civicgraph, not code).

CSV files with a header row; lines starting with ``#`` are comments that say what the file holds
and where its facts come from.
"""

from __future__ import annotations

import csv
from pathlib import Path

#: ``data/reference`` in the source tree (the project runs from its checkout).
REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


class ReferenceError(ValueError):
    """A reference file is missing or malformed (the message names the file and the row)."""


def reference_path(name: str) -> Path:
    path = REFERENCE_DIR / name
    if not path.is_file():
        raise ReferenceError(f"reference file {path} is missing")
    return path


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV reference file; lines starting with ``#`` are comments."""
    path = reference_path(name)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [ln for ln in handle if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ReferenceError(f"{path}: row {number} has the wrong number of columns: {row}")
        rows.append({k.strip(): (v or "").strip() for k, v in row.items()})
    return rows
