"""The example queries shipped in ``ontology/examples/*.rq`` (editor tabs, docs and tests).

Each file starts with ``# title: ...`` and ``# description: ...`` comment lines.
"""

from __future__ import annotations

from pathlib import Path

import ontology
from kg.sparql import NamedQuery, _parse_header

EXAMPLES_DIR = Path(ontology.__file__).resolve().parent / "examples"


def examples(folder: Path = EXAMPLES_DIR) -> list[NamedQuery]:
    """Every example, in file-name order."""
    return [_parse_header(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]
