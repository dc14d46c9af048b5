"""Home: what the collection holds, the latest additions, the search box and the top tags."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from search_app import i18n
from search_app.views.common import data, secure

bp = Blueprint("home", __name__)
bp.after_request(secure)


@bp.get("/")
def index() -> ResponseReturnValue:
    pages, lang = data(), i18n.current_language()
    tags = pages.tag_uses(lang)
    return render_template(
        "pages/home.html",
        active="home",
        overview=pages.overview(lang),
        additions=pages.latest(lang),
        top_tags=sorted(tags[:24], key=lambda t: t.label.casefold()),
        tag_count=len(tags),
    )
