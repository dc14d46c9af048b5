"""Warm-up for ``civicgraph serve``: the first visitor after a start or an ingest should not wait.

A background thread loads the embedding model and the published generation's search index, and renders
the pages whose figures are computed over the whole collection (Home, Browse, Tag cloud, Partners) in
each UI language, which fills their per-generation caches. It looks for a newly published generation
every few seconds and warms that one too. On the 2-core machine, with ~8,000 documents, the cold pages
took 2–7 s each; warm, they answer in milliseconds. The server answers from the first moment; a request
arriving during the warm-up waits for the same locks and nothing is computed twice.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from search_app.db import get_generation
from search_app.i18n import LANGUAGES

log = logging.getLogger(__name__)

#: Pages rendered at each warm-up, in every UI language (the search loads the model and the index).
PATHS = ("/search?q=warm+up", "/", "/browse", "/tags", "/partners")


class Warmer:
    """The warm-up thread; :attr:`warmed` is set after the first round, :meth:`stop` ends it."""

    def __init__(self, app: Flask, poll_seconds: float = 5.0) -> None:
        self.app = app
        self.poll_seconds = poll_seconds
        self.warmed = threading.Event()
        self._stop = threading.Event()
        self.generation: int | None = None
        self.thread = threading.Thread(target=self._run, name="civicgraph-warm-up", daemon=True)

    def start(self) -> Warmer:
        self.thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self.thread.join(timeout)

    def _published(self) -> int | None:
        with self.app.app_context():
            return get_generation().number

    def _warm(self) -> None:
        client = self.app.test_client()
        for lang in LANGUAGES:
            for path in PATHS:
                separator = "&" if "?" in path else "?"
                response = client.get(f"{path}{separator}lang={lang}")
                if response.status_code >= 500:
                    log.warning("warm-up: %s answered %s", path, response.status_code)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                number = self._published()
                if number != self.generation:
                    started = time.perf_counter()
                    self._warm()
                    self.generation = number
                    log.info("warm: generation %s in %.1f s", number, time.perf_counter() - started)
            except Exception as exc:  # a failed warm-up only means the first visitor waits instead
                log.warning("warm-up did not finish (%s)", exc)
            self.warmed.set()
            self._stop.wait(self.poll_seconds)


def warm_up(app: Flask, poll_seconds: float = 5.0) -> Warmer:
    """Start warming ``app`` (now, and after every publish) in a daemon thread."""
    return Warmer(app, poll_seconds).start()
