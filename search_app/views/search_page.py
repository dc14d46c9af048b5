"""Search: one box; results with marked snippets, combinable facets, pages, "why this result";
the same search as JSON (``/api/search``) and as CSV (``/search.csv``)."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from search_app import i18n
from search_app.db import get_generation, get_settings
from search_app.highlight import highlight
from search_app.views.common import Pager, data, page_number, secure

bp = Blueprint("search_page", __name__)
bp.after_request(secure)

PER_PAGE = 10
CSV_MAX = 1000  # rows in a CSV download (the search API's deepest window)
CSV_BATCH = 100
#: facet name in the response → query parameter
FACET_PARAMS = {
    "type": "type",
    "tag": "tag",
    "country": "country",
    "lang": "lang",
    "organization": "organization",
}
#: query parameters a search keeps when one facet value is toggled
KEPT = ("q", *FACET_PARAMS.values())


def _kept() -> list[tuple[str, str]]:
    """The query and the filters of this search, as (parameter, value) pairs in a stable order."""
    return [(k, v) for k in KEPT for v in request.args.getlist(k) if v.strip()]


def _request_args(page: int, limit: int) -> dict[str, list[str]]:
    args: dict[str, list[str]] = {}
    for key, value in _kept():
        args.setdefault(key, []).append(value)
    args["limit"] = [str(limit)]
    args["offset"] = [str((page - 1) * limit)]
    return args


def _run(page: int, limit: int) -> tuple[Any, Any]:
    """(request, response) of the hybrid search, or abort with a readable 400."""
    from kg import search as kg_search

    try:
        search_request = kg_search.parse_request(_request_args(page, limit), get_settings())
    except kg_search.BadRequest as exc:
        abort(400, description=str(exc))
    return search_request, kg_search.search(get_generation(), search_request)


def toggle_url(param: str, value: str) -> str:
    """This search with ``value`` added to or removed from filter ``param`` (back to page 1)."""
    pairs = _kept()
    if (param, value) in pairs:
        pairs.remove((param, value))
    else:
        pairs.append((param, value))
    return request.path + ("?" + urlencode(pairs) if pairs else "")


def _query_string(**extra: str) -> str:
    return urlencode(_kept() + list(extra.items()))


@bp.get("/search")
def search() -> ResponseReturnValue:
    q = request.args.get("q", "").strip()
    filters = {p: request.args.getlist(p) for p in FACET_PARAMS.values() if request.args.getlist(p)}
    lang = i18n.current_language()
    top_tags = data().tag_uses(lang)[:12]
    if not q and not filters:
        return render_template("pages/search.html", active="search", q=q, response=None, top_tags=top_tags)
    try:
        search_request, response = _run(page_number(max_page=1000), PER_PAGE)
    except ImportError:
        abort(503, description=i18n.gettext("Search is not available on this server yet."))
    pager = Pager(page_number(max_page=1000), PER_PAGE, int(response.total))
    tag_names = {t.iri: t.label for t in data().tag_uses(lang)}
    countries = data().countries(lang)
    country_names = {c.code: c.label for c in countries.values()}
    labels = {
        (FACET_PARAMS[name], fv.value): facet_label(name, fv.value, fv.label, tag_names, country_names)
        for name, values in response.facets.items()
        if name in FACET_PARAMS
        for fv in values
    }
    return render_template(
        "pages/search.html",
        active="search",
        q=q,
        request_=search_request,
        response=response,
        pager=pager,
        filters=filters,
        facet_params=FACET_PARAMS,
        toggle_url=toggle_url,
        highlight=highlight,
        json_url="/api/search?" + _query_string(limit=str(PER_PAGE), offset=str(pager.offset)),
        csv_url="/search.csv?" + _query_string(),
        top_tags=top_tags,
        labels=labels,
        tag_names=tag_names,
        country_names=country_names,
    )


def facet_label(
    name: str, value: str, label: str, tag_names: dict[str, str], country_names: dict[str, str]
) -> str:
    """A facet value's name in the UI language (tags and countries from the graph's labels)."""
    from search_app.views.pages import kind_name

    if name == "type":
        return kind_name(value, plural=True) or label
    if name == "tag":
        return tag_names.get(value, label)
    if name == "country":
        return country_names.get(value.upper(), label)
    if name == "lang":
        return i18n.language_name(value) or label
    return label


def neutralise(cell: object) -> str:
    """A CSV cell that spreadsheets will not run as a formula (= + - @, tab, CR start one)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/search.csv")
def search_csv() -> ResponseReturnValue:
    if not request.args.get("q", "").strip():
        abort(400, description=i18n.gettext("Give a query: /search.csv?q=…"))
    hits: list[Any] = []
    try:
        for page in range(1, CSV_MAX // CSV_BATCH + 1):  # the search API answers 100 at a time
            _request, response = _run(page, CSV_BATCH)
            hits += response.results
            if len(response.results) < CSV_BATCH or len(hits) >= response.total:
                break
    except ImportError:
        abort(503, description=i18n.gettext("Search is not available on this server yet."))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "title", "type", "score", "iri", "source", "tags", "organization", "country",
                     "lang", "snippet"])  # fmt: skip
    for rank, hit in enumerate(hits, start=1):
        row = [rank, hit.title, hit.type, f"{hit.score:.4f}", hit.iri, hit.source, "; ".join(hit.tags or []),
               hit.organization, hit.country, hit.lang, hit.snippet]  # fmt: skip
        writer.writerow([neutralise(c) for c in row])
    body = "\ufeff" + out.getvalue()  # a BOM so spreadsheet programs read UTF-8
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="civicgraph-search.csv"',
            "X-Content-Type-Options": "nosniff",
        },
    )
