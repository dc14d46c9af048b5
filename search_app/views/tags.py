"""Tag cloud: tags weighted by use, grouped by scheme; each tag links to its page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from search_app import i18n, page_data
from search_app.views.common import data, secure

bp = Blueprint("tags", __name__)
bp.after_request(secure)


@bp.get("/tags")
def cloud() -> ResponseReturnValue:
    uses = data().tag_uses(i18n.current_language())
    groups = page_data.tag_groups(uses)
    top = sorted((u for u in uses if u.practices), key=lambda u: -u.practices)[:20]
    return render_template("pages/tags.html", active="tags", groups=groups, top=top, total=len(uses))
