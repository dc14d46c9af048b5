"""The civicgraph web application (Flask). Build it with :func:`create_app`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from kg import settings as settings_mod


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Application factory. ``test_config`` may hold ``CIVICGRAPH`` (a Settings) or setting overrides."""
    app = Flask(__name__)
    config = dict(test_config or {})
    settings = config.pop("CIVICGRAPH", None)
    if settings is None:
        overrides = {k.lower(): v for k, v in config.items() if k.lower() in settings_mod._BY_NAME}
        settings = settings_mod.load(**overrides)
    app.config.update(config)
    app.config["CIVICGRAPH"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from search_app import db, security

    db.init_app(app)

    from search_app.views import register_blueprints

    register_blueprints(app)
    security.init_app(app)
    return app
