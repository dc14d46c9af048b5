"""The user interface in English and Lithuanian; data labels in the chosen language with fallback.

Translations are gettext catalogues (``search_app/translations/{lang}/LC_MESSAGES/messages.po``)
read with Babel when first needed; templates use ``_("...")`` (Jinja's i18n extension, new style, so
``_("%(n)s documents", n=3)`` formats safely). The language of a request is, in order: a ``lang``
query parameter, the ``lang`` cookie set by the switch (``/lang/<code>``), the browser's
``Accept-Language``, English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.core import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from flask import Blueprint, Flask, Response, g, redirect, request
from flask.typing import ResponseReturnValue

#: UI languages: code → the language's own name (as the switch shows it).
LANGUAGES: dict[str, str] = {"en": "English", "lt": "Lietuvių"}
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

bp = Blueprint("i18n", __name__)


@cache
def catalog(lang: str) -> dict[str, str]:
    """msgid → translation for ``lang`` (empty for English, whose msgids are the text)."""
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        messages = read_po(handle, locale=lang)
    out: dict[str, str] = {}
    for message in messages:
        usable = isinstance(message.id, str) and isinstance(message.string, str) and message.string
        if message.id and usable and not message.fuzzy:
            out[str(message.id)] = str(message.string)
    return out


def translate(text: str, lang: str) -> str:
    return catalog(lang).get(text, text) if lang != DEFAULT_LANGUAGE else text


def current_language() -> str:
    return str(getattr(g, "lang", DEFAULT_LANGUAGE))


def gettext(text: str, **variables: Any) -> str:
    """Translate ``text`` into the request's language and fill ``%(name)s`` placeholders."""
    translated = translate(text, current_language())
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    # Lithuanian has three plural forms; the catalogue keeps one text per msgid, written to read
    # well for any number ("dokumentų: %(num)s"), so plural forms are chosen by msgid only.
    text = singular if n == 1 else plural
    variables.setdefault("num", n)
    return gettext(text, **variables)


def choose_language(query: str | None, cookie: str | None, accept: Iterable[str]) -> str:
    """The first supported language of: query parameter, cookie, Accept-Language order, default."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    for accepted in accept:
        primary = accepted.split("-", 1)[0].strip().lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def pick_label(labels: Mapping[str, str], lang: str) -> str | None:
    """The label in ``lang``, else English, else one without a language, else any (stable order)."""
    for key in (lang, DEFAULT_LANGUAGE, ""):
        if labels.get(key):
            return labels[key]
    for key in sorted(labels):
        if labels[key]:
            return labels[key]
    return None


def format_number(value: object, lang: str | None = None) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return str(format_decimal(number, locale=lang or current_language()))


def format_money(amount: object, currency: str | None, lang: str | None = None) -> str:
    """``1234.5, "EUR"`` → ``€1,234.50`` (en) or ``1 234,50 €`` (lt); unknown currencies as written."""
    try:
        number = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency or ''}".strip()
    locale = lang or current_language()
    code = (currency or "").strip().upper()
    if len(code) == 3 and code.isalpha():
        return str(format_currency(number, code, locale=locale))
    return f"{format_decimal(number, locale=locale)} {currency or ''}".strip()


def language_name(code: str | None, lang: str | None = None) -> str:
    """The name of language ``code`` in the UI language (``lt`` → "Lithuanian" / "lietuvių")."""
    if not code:
        return ""
    try:
        return str(Locale.parse(code).get_display_name(lang or current_language()) or code)
    except (ValueError, TypeError, LookupError):
        return code


def safe_next(target: str | None) -> str:
    """A local path to return to after switching language (never another site)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    return target


@bp.get("/lang/<code>")
def switch(code: str) -> ResponseReturnValue:
    response: Response = redirect(safe_next(request.args.get("next")), code=303)  # type: ignore[assignment]
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def _select() -> None:
    g.lang = choose_language(
        request.args.get("lang"),
        request.cookies.get(COOKIE),
        [value for value, _quality in request.accept_languages],
    )


def _vary(response: Response) -> Response:
    if request.endpoint and request.endpoint != "static":
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Language selection per request, the switch route and the template helpers."""
    app.register_blueprint(bp)
    app.before_request(_select)
    app.after_request(_vary)
    env = app.jinja_env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = format_number
    env.filters["money"] = format_money
    env.filters["language_name"] = language_name

    @app.context_processor
    def _languages() -> dict[str, Any]:
        return {"lang": current_language(), "languages": LANGUAGES}


__all__ = ["LANGUAGES", "choose_language", "gettext", "init_app", "pick_label", "translate"]


# -- catalogue maintenance (``python -m search_app.i18n``) ---------------------------------------------

EXTRACT_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_messages() -> list[str]:
    """Every msgid the templates and the page modules use, in first-seen order."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parent
    method_map = [("templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    seen: dict[str, None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map, options_map=options, keywords=EXTRACT_KEYWORDS
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                seen.setdefault(str(text), None)
    return list(seen)


def update_catalogue(lang: str) -> list[str]:
    """Add new msgids to ``lang``'s .po (keeping translations); returns those still untranslated."""
    from datetime import UTC, datetime

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    existing = dict(catalog(lang)) if path.is_file() else {}
    fixed = datetime(2026, 1, 1, tzinfo=UTC)  # constant header dates: the file changes only with its messages
    out = Catalog(
        locale=lang, project="civicgraph", charset="utf-8", creation_date=fixed, revision_date=fixed
    )
    ids = extract_messages()
    for msgid in ids:
        out.add(msgid, existing.get(msgid, ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, out, width=110, omit_header=False, sort_output=False)
    catalog.cache_clear()
    return [m for m in ids if not existing.get(m)]


if __name__ == "__main__":
    missing = update_catalogue("lt")
    print(f"{len(missing)} untranslated message(s) in lt", *missing, sep="\n")
