"""The site's pages: registers the page blueprints, the UI languages and the template helpers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from kg import rdf_formats
from search_app import assets, i18n
from search_app.views import browse, common, home, partners, resource, search_page, tags

XSD = "http://www.w3.org/2001/XMLSchema#"


def N_(text: str) -> str:
    """Marks a message for translation where it is defined (translated when shown)."""
    return text


#: kind key → (singular, plural) as shown in pages.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "practice": (N_("good practice"), N_("Good practices")),
    "project": (N_("project"), N_("Projects")),
    "organization": (N_("organisation"), N_("Organisations")),
    "unit": (N_("unit"), N_("Units")),
    "person": (N_("person"), N_("People")),
    "document": (N_("source document"), N_("Source documents")),
    "tag": (N_("tag"), N_("Tags")),
    "scheme": (N_("tag scheme"), N_("Tag schemes")),
    "country": (N_("country"), N_("Countries")),
    "place": (N_("place"), N_("Places")),
    "partnership": (N_("partnership"), N_("Partnerships")),
    "post": (N_("post"), N_("Posts")),
    "funding": (N_("funding"), N_("Funding")),
    "amount": (N_("amount"), N_("Amounts")),
    "address": (N_("address"), N_("Addresses")),
    "contact": (N_("contact"), N_("Contacts")),
    "evidence": (N_("evidence"), N_("Evidence")),
    "activity": (N_("extraction run"), N_("Extraction runs")),
    "focus": (N_("this organisation"), N_("this organisation")),
}


#: parts of a search score → what they mean
SCORE_NAMES: dict[str, str] = {
    "dense": N_("meaning (semantic similarity)"),
    "lexical": N_("words (keyword match)"),
    "fused": N_("combined rank"),
    "rrf": N_("combined rank"),
    "concept": N_("matching tag"),
    "tag": N_("matching tag"),
    "tags": N_("matching tags"),
    "title": N_("words in the title"),
    "boost": N_("boost"),
}


def score_name(part: str) -> str:
    return i18n.gettext(SCORE_NAMES[part]) if part in SCORE_NAMES else part


def kind_name(key: str | None, plural: bool = False) -> str:
    names = KIND_NAMES.get(key or "")
    if names is None:
        return key or ""
    return i18n.gettext(names[1] if plural else names[0])


def display_literal(text: str, datatype: str | None) -> str:
    """Dates in the UI language, decimals as numbers, booleans as yes/no; other text as is."""
    if datatype == XSD + "date":
        try:
            return str(
                format_date(date.fromisoformat(text[:10]), format="long", locale=i18n.current_language())
            )
        except ValueError:
            return text
    if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        try:
            return i18n.format_number(Decimal(text))
        except InvalidOperation:
            return text
    if datatype == XSD + "boolean":
        return i18n.gettext("yes") if text in ("true", "1") else i18n.gettext("no")
    return text


def _wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"], default="text/html")
    return best == "text/html" and not request.path.startswith(("/api/", "/sparql", "/health"))


def _error(error: HTTPException) -> Response | HTTPException:
    if not _wants_html():
        return error
    response = Response(
        render_template("pages/error.html", error=error), status=error.code or 500, mimetype="text/html"
    )
    return common.secure(response)


def register(app: Flask) -> None:
    i18n.init_app(app)
    common.init_app(app)
    for module in (home, search_page, browse, tags, resource, partners):
        app.register_blueprint(module.bp)
    app.add_template_global(kind_name)
    app.add_template_global(assets.available, "vendor_available")
    app.add_template_global(score_name)
    app.add_template_global(browse.browse_url)
    app.add_template_global(lambda suffix: rdf_formats.BY_SUFFIX[suffix].media_type, "rdf_media_type")
    app.add_template_global(lambda suffix: rdf_formats.BY_SUFFIX[suffix].name, "rdf_format_name")
    app.add_template_filter(display_literal)
    for code in (400, 404, 405, 413, 500):
        app.register_error_handler(code, _error)
