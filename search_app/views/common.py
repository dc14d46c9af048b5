"""Helpers the page blueprints share: the generation's page cache, links to resources, paging,
security headers. Template globals registered by :func:`init_app`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from flask import Flask, Response, abort, request, url_for

from kg.live import Generation
from kg.provenance import http_url
from kg.resources import Term
from search_app import i18n
from search_app.db import get_generation
from search_app.page_data import PageCache, PageData, page_cache, page_data

T = TypeVar("T")

#: No inline scripts, nothing from elsewhere: every asset is served by this site. (Inline *styles* are
#: allowed: the chart and network libraries size their canvases with them.)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

#: Contact links that are safe to make (besides http and https).
CONTACT_SCHEMES = ("mailto:", "tel:")


def cache() -> PageCache:
    return page_cache(get_generation())


def data() -> PageData:
    """The current generation's page data (queries run once per generation)."""
    return page_data(get_generation())


def cached(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()`` memoised for the current generation (and the given key)."""
    return cache().get(key, compute)


def iri_base(generation: Generation | None = None) -> str | None:
    """The base the store's IRIs were minted under (fixed at its first ingest), from the manifest."""
    gen = generation or get_generation()

    def read() -> str | None:
        with gen.manifest() as manifest:
            return manifest.get_meta("iri_base")

    base: str | None = page_cache(gen).get(("iri_base",), read)
    if base and not base.endswith("/"):
        base += "/"
    return base


def resource_url(iri: str) -> str:
    """Where this site shows ``iri``: ``/id/...`` for IRIs the store minted, else ``/resource?iri=``."""
    base = iri_base()
    if base and iri.startswith(base + "id/"):
        return url_for("resource.view", key=iri[len(base) + 3 :])
    return url_for("resource.other", iri=iri)


def term_href(term: Term) -> str | None:
    """A link for a value: its page when the store knows it, the web for http(s), mail and phone
    links for contacts; nothing for anything else (``javascript:``, ``data:`` ...)."""
    if term.kind != "iri":
        return None
    if term.known:
        return resource_url(term.value)
    if term.value.startswith(CONTACT_SCHEMES) and not any(c in term.value for c in "<>\"' "):
        return term.value
    return http_url(term.value)


@dataclass(frozen=True)
class Pager:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def slice(self, items: Sequence[T]) -> Sequence[T]:
        return items[self.offset : self.offset + self.per_page]

    def window(self, width: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and ``width`` around the current (None = gap)."""
        keep = {1, self.pages, *range(self.page - width, self.page + width + 1)}
        out: list[int | None] = []
        for number in range(1, self.pages + 1):
            if number in keep:
                out.append(number)
            elif out and out[-1] is not None:
                out.append(None)
        return out


def page_number(max_page: int = 10_000) -> int:
    """The ``page`` query parameter (1 when missing; 400 when not a sensible number)."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= max_page:
        abort(400, description=i18n.gettext("The page number must be a whole number from 1."))
    return int(raw)


def url_with(**changes: object) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    query = "&".join(f"{quote(k)}={quote(v)}" for k in sorted(args) for v in args[k])
    return request.path + ("?" + query if query else "")


def secure(response: Response) -> Response:
    """Security headers for HTML pages (applied by each page blueprint; RDF and CSV answers get the
    app-wide policy for data)."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(resource_url)
    app.add_template_global(term_href)
    app.add_template_global(url_with)
    app.add_template_global(http_url, "http_url")
