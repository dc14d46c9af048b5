"""Helpers the browser tests share (kept out of conftest.py so test modules can import them)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class Server:
    url: str
    data_dir: Path
    log: Path


@dataclass
class Watch:
    """What went wrong on the pages of one test."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + [f"dialog: {d}" for d in self.dialogs]


def shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", name)[:120] + ".png")
    with contextlib.suppress(Exception):  # a closed or crashed page has nothing to show
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
