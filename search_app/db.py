"""The app's view of the data: one LiveView per app (like flaskr's get_db)."""

from __future__ import annotations

from flask import Flask, abort, current_app

from kg.layout import DamagedCurrentError
from kg.live import Generation, LiveView
from kg.settings import Settings
from kg.store import StoreError


def init_app(app: Flask) -> None:
    app.extensions["civicgraph.live"] = LiveView(app.config["CIVICGRAPH"])


def get_settings() -> Settings:
    settings: Settings = current_app.config["CIVICGRAPH"]
    return settings


def get_generation() -> Generation:
    """The published generation this request works on (store snapshot + its indexes)."""
    live: LiveView = current_app.extensions["civicgraph.live"]
    try:
        return live.current()
    except (DamagedCurrentError, StoreError) as exc:
        current_app.logger.error("cannot open the published data: %s", exc)
        abort(
            503,
            description="The published data cannot be opened; the operator must run "
            "`civicgraph check --repair`.",
        )
