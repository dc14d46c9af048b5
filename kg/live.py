"""A reader that follows the published generation (for long-running processes such as the server).

``LiveView.current()`` returns a :class:`Generation`: one read-only store snapshot plus lazily loaded,
generation-bound resources (vector and lexical indexes), so everything a request uses agrees. When a
writer publishes, the next call (checked at most every ``poll_seconds``) moves to the new generation;
requests already holding the old one finish on it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.layout import DamagedCurrentError, Layout
from kg.manifest import Manifest
from kg.settings import Settings
from kg.store import Store

log = logging.getLogger(__name__)

ResourceLoader = Callable[["Generation"], Any]

#: Loaders registered by name (e.g. ``"vectors"`` by :mod:`kg.vectors`), used by :meth:`Generation.resource`.
LOADERS: dict[str, ResourceLoader] = {}


@dataclass
class Generation:
    number: int
    store: Store
    index_dir: Path | None
    settings: Settings
    _resources: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def resource(self, name: str) -> Any:
        """The generation's resource ``name`` (loaded once, by the loader registered in LOADERS)."""
        with self._lock:
            if name not in self._resources:
                loader = LOADERS.get(name)
                if loader is None:
                    raise KeyError(f"no loader registered for resource {name!r}")
                self._resources[name] = loader(self)
            return self._resources[name]

    def manifest(self) -> Manifest:
        return Manifest(Layout(self.settings.data_path).manifest, readonly=True)


class LiveView:
    def __init__(self, settings: Settings, *, poll_seconds: float = 0.5) -> None:
        self.settings = settings
        self.layout = Layout(settings.data_path)
        self.poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._current: Generation | None = None
        self._checked_at = 0.0
        self._warned = False

    def _open(self) -> Generation:
        store = Store.open_reader(self.settings)
        published = self.layout.published()
        index_dir = published.indexes if published and published.indexes.is_dir() else None
        return Generation(store.generation, store, index_dir, self.settings)

    def current(self) -> Generation:
        with self._lock:
            now = time.monotonic()
            if self._current is None:
                self._current = self._open()
                self._checked_at = now
            elif now - self._checked_at >= self.poll_seconds:
                self._checked_at = now
                try:
                    published = self.layout.published()
                except DamagedCurrentError as exc:
                    # Keep serving the generation already open (it is complete and consistent).
                    if not self._warned:
                        log.error("%s; still serving generation %d", exc, self._current.number)
                        self._warned = True
                    return self._current
                self._warned = False
                number = published.generation if published else 0
                if number != self._current.number:
                    self._current = self._open()
            return self._current
