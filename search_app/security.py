"""Web hardening for every response: security headers, request limits, errors without internals.

* Headers: every response gets ``X-Content-Type-Options: nosniff``, a referrer policy, a frame
  ban and a Content-Security-Policy without inline script. Views that set their own policy (the
  pages, the SPARQL editor) keep it; anything else gets :data:`HTML_CSP` (HTML) or
  :data:`DATA_CSP` (JSON, RDF, text: nothing may run).
* Limits: a request body over ``max_request_bytes`` is refused with 413 before any view reads it
  (also when it comes without a length, while it is read); a URL longer than a SPARQL query of
  the longest accepted length could need is refused with 414.
* Errors: an HTTP error is answered as JSON on the JSON endpoints (``{"error": ...}``), as plain
  text on the SPARQL endpoint and the dumps, and by the pages' handler elsewhere. An unexpected
  exception becomes a 500 whose body names no exception, file or traceback (the log has them).
  Exceptions are handled even when the app runs with ``debug=True``, so no debugger page appears.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import (
    HTTPException,
    RequestEntityTooLarge,
    RequestURITooLarge,
    default_exceptions,
)

from kg.settings import Settings

#: For HTML that did not set a policy itself: assets from this site only, no inline script.
HTML_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
#: For everything that is not HTML: nothing in it may load or run anything.
DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
REFERRER_POLICY = "same-origin"
#: Paths answered with JSON errors, and paths answered with plain-text errors.
JSON_PATHS = ("/api/", "/health", "/openapi.json")
TEXT_PATHS = ("/sparql", "/dumps/", "/.well-known/")
#: Room in a URL for the path and the other parameters besides a percent-encoded SPARQL query.
URL_SLACK = 8_192
GENERIC_500 = "The server could not answer this request. It has been logged; please try again later."

ErrorHandler = Callable[[HTTPException], Any]


def init_app(app: Flask) -> None:
    """Install headers, limits and error handlers. Call after the blueprints are registered."""
    settings: Settings = app.config["CIVICGRAPH"]
    app.config["MAX_CONTENT_LENGTH"] = int(settings.max_request_bytes)
    app.config["MAX_FORM_MEMORY_SIZE"] = int(settings.max_request_bytes)
    if app.config.get("PROPAGATE_EXCEPTIONS") is None:
        app.config["PROPAGATE_EXCEPTIONS"] = False  # errors are handled (and logged) even in debug mode
    max_url = 3 * int(settings.sparql_max_query_chars) + URL_SLACK
    scrub = _path_scrubber(settings)

    @app.before_request
    def _limits() -> None:
        length = request.content_length
        if length is not None and length > int(settings.max_request_bytes):
            raise RequestEntityTooLarge(
                f"The request body has {length} bytes; at most {settings.max_request_bytes} are accepted."
            )
        if len(request.full_path) > max_url:
            raise RequestURITooLarge(f"The address is longer than {max_url} characters.")

    @app.after_request
    def _after(response: Response) -> Response:
        if response.status_code >= 400 and not response.is_streamed:
            body = response.get_data(as_text=True)
            cleaned = scrub(body)
            if cleaned != body:
                response.set_data(cleaned)
        return _headers(response)

    previous: dict[int, ErrorHandler | None] = {}
    for code in default_exceptions:
        if code >= 400:
            previous[code] = app.error_handler_spec.get(None, {}).get(code, {}).get(default_exceptions[code])
            app.register_error_handler(code, _handler(previous, scrub))


def _handler(previous: dict[int, ErrorHandler | None], scrub: Callable[[str], str]) -> ErrorHandler:
    def handle(error: HTTPException) -> Any:
        code = error.code or 500
        if code >= 500:
            message = GENERIC_500 if code == 500 else scrub(error.description or error.name)
        else:
            message = scrub(error.description or error.name)
        headers = _error_headers(error)
        if request.path.startswith(JSON_PATHS):
            response = jsonify({"error": message, "status": code})
        elif request.path.startswith(TEXT_PATHS):
            response = Response(message + "\n", content_type="text/plain; charset=utf-8")
        else:
            handler = previous.get(code)
            if handler is None:
                response = Response(message + "\n", content_type="text/plain; charset=utf-8")
            else:
                safe = copy.copy(error)
                safe.description = message
                response = current_app.make_response(handler(safe))
        response.status_code = code
        response.headers.update(headers)
        return response

    return handle


def _error_headers(error: HTTPException) -> dict[str, str]:
    """Headers an HTTP error must keep (``Allow`` on 405, ``Retry-After`` on 429/503)."""
    keep = ("Allow", "Retry-After", "WWW-Authenticate")
    out: dict[str, str] = {}
    for name, value in error.get_headers():
        if name in keep:
            out[name] = value
    return out


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if "Content-Security-Policy" not in headers:
        html = (response.mimetype or "").endswith("html")
        headers["Content-Security-Policy"] = HTML_CSP if html else DATA_CSP
    return response


def _path_scrubber(settings: Settings) -> Callable[[str], str]:
    """Removes the data folder, the code's folder and the interpreter's folders from error text."""
    roots = {
        str(settings.data_path),
        str(Path(__file__).resolve().parent.parent),
        sys.prefix,
        sys.base_prefix,
    }
    pattern = re.compile("|".join(re.escape(r) for r in sorted(roots, key=len, reverse=True) if len(r) > 1))

    def scrub(text: str) -> str:
        return pattern.sub("[…]", text)

    return scrub
