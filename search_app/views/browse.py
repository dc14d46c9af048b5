"""Browse: by kind (practices, projects, organisations A–Z, units, people, documents), country and
year; combinable filters with counts; paged through the generation's cached catalogue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from search_app import i18n, page_data
from search_app.page_data import Entry
from search_app.views.common import Pager, data, page_number, secure

bp = Blueprint("browse", __name__, url_prefix="/browse")
bp.after_request(secure)

#: URL segment of each kind's list.
SLUGS = {
    "practice": "practices",
    "project": "projects",
    "organization": "organisations",
    "unit": "units",
    "person": "people",
    "document": "documents",
}
KIND_OF_SLUG = {slug: key for key, slug in SLUGS.items()}
PER_PAGE = 50


def browse_url(kind: str, **params: Any) -> str:
    return url_for("browse.kind", slug=SLUGS[kind], **params)


def _catalog() -> list[Entry]:
    return data().catalog(i18n.current_language())


def _countries() -> dict[str, page_data.Country]:
    return data().countries(i18n.current_language())


def _code(entry: Entry) -> str | None:
    return entry.country.rsplit("/", 1)[-1] if entry.country else None


@bp.get("")
def index() -> ResponseReturnValue:
    entries = _catalog()
    by_kind = Counter(e.kind for e in entries)
    countries = _country_rows(entries)
    years = sorted(Counter(e.year for e in entries if e.year and e.kind in ("practice", "project")).items())
    return render_template(
        "pages/browse_index.html",
        active="browse",
        by_kind=by_kind,
        countries=countries,
        years=years,
        kinds=list(SLUGS),
    )


def _country_rows(entries: Iterable[Entry]) -> list[tuple[page_data.Country, Counter[str]]]:
    names = _countries()
    counts: dict[str, Counter[str]] = {}
    for entry in entries:
        if entry.country:
            counts.setdefault(entry.country, Counter())[entry.kind] += 1
    rows = [(names[iri], c) for iri, c in counts.items() if iri in names]
    rows.sort(key=lambda r: (-(r[1]["practice"] + r[1]["project"] + r[1]["organization"]), r[0].label))
    return rows


@bp.get("/countries")
def countries() -> ResponseReturnValue:
    rows = _country_rows(_catalog())
    return render_template("pages/browse_countries.html", active="browse", rows=rows)


@bp.get("/countries/<code>")
def country(code: str) -> ResponseReturnValue:
    match = next((c for c in _countries().values() if c.code == code.upper()), None)
    if match is None:
        abort(404)
    entries = [e for e in _catalog() if e.country == match.iri]
    groups = {
        kind: [e for e in entries if e.kind == kind] for kind in ("practice", "project", "organization")
    }
    return render_template("pages/browse_country.html", active="browse", country=match, groups=groups)


def _facet(entries: list[Entry], value: Callable[[Entry], object]) -> Counter[object]:
    return Counter(v for e in entries if (v := value(e)) is not None)


@bp.get("/<slug>")
def kind(slug: str) -> ResponseReturnValue:
    key = KIND_OF_SLUG.get(slug)
    if key is None:
        abort(404)
    letter = request.args.get("letter", "").upper()[:1] or None
    code = request.args.get("country", "").upper()[:3] or None
    year_raw = request.args.get("year", "")
    year = int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None
    entries = [e for e in _catalog() if e.kind == key]
    filters: dict[str, Callable[[Entry], bool]] = {
        "letter": lambda e: letter is None or e.letter == letter,
        "country": lambda e: code is None or _code(e) == code,
        "year": lambda e: year is None or e.year == year,
    }

    def without(name: str) -> list[Entry]:
        return [e for e in entries if all(f(e) for n, f in filters.items() if n != name)]

    letters = _facet(without("letter"), lambda e: e.letter)
    countries = _facet(without("country"), _code)
    years = _facet(without("year"), lambda e: e.year)
    chosen = [e for e in entries if all(f(e) for f in filters.values())]
    pager = Pager(page_number(), PER_PAGE, len(chosen))
    if pager.page > pager.pages:
        abort(404)
    names = {c.code: c.label for c in _countries().values()}
    return render_template(
        "pages/browse_kind.html",
        active="browse",
        kind=key,
        entries=pager.slice(chosen),
        pager=pager,
        letter=letter,
        country=code,
        year=year,
        letters=sorted(letters.items(), key=lambda kv: (kv[0] == "#", str(kv[0]))),
        countries=sorted(countries.items(), key=lambda kv: names.get(str(kv[0]), str(kv[0]))),
        years=sorted(years.items(), key=lambda kv: -int(str(kv[0]))),
        country_names=names,
        total=len(entries),
    )
