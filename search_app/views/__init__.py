"""One blueprint per area; registered by the app factory."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from search_app.views import health

    app.register_blueprint(health.bp)
    from search_app.views import api

    app.register_blueprint(api.bp)

    from search_app.views import sparql

    app.register_blueprint(sparql.bp)

    from search_app import openapi

    app.register_blueprint(openapi.bp)

    from search_app.views import pages

    pages.register(app)
