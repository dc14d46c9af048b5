"""Warm-up at server start: load the embedding model and the published generation's search index in a
background thread, so the first visitor's search does not wait for them (about 7 s on the 2-core
machine). The server answers from the first moment; a search arriving before the warm-up is done
waits for the same locks and loads nothing twice."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from kg.search import parse_request, search
from search_app.db import get_generation, get_settings

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> threading.Thread:
    """Start the warm-up thread (daemon: it never holds the server up at exit) and return it."""

    def run() -> None:
        started = time.perf_counter()
        try:
            with app.app_context():
                search(get_generation(), parse_request({"q": "warm up"}, get_settings()))
        except Exception as exc:  # a failed warm-up only means the first search loads instead
            log.warning("warm-up did not finish (%s); the first search will load the index", exc)
            return
        log.info("warm: model and search index loaded in %.1f s", time.perf_counter() - started)

    thread = threading.Thread(target=run, name="civicgraph-warm-up", daemon=True)
    thread.start()
    return thread
