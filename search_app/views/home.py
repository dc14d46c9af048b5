"""Home: what the collection holds, the latest additions, the search box and the top tags."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from search_app import i18n, page_data
from search_app.db import get_generation
from search_app.views.common import cached, secure

bp = Blueprint("home", __name__)
bp.after_request(secure)


@bp.get("/")
def index() -> ResponseReturnValue:
    generation = get_generation()
    store = generation.store
    lang = i18n.current_language()
    overview = cached(("overview", lang), lambda: page_data.overview(store, lang))

    def latest() -> list[page_data.Addition]:
        with generation.manifest() as manifest:
            return page_data.latest(store, manifest, lang)

    additions = cached(("latest", lang), latest)
    tags = cached(("tag_uses", lang), lambda: page_data.tag_uses(store, lang))
    return render_template(
        "pages/home.html",
        active="home",
        overview=overview,
        additions=additions,
        top_tags=sorted(tags[:24], key=lambda t: t.label.casefold()),
        tag_count=len(tags),
    )
