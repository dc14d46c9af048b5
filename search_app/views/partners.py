"""Partner search: cities look for partners by cooperation priority or topic, and country."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from ontology.concepts import lookup
from search_app import i18n, partner_data
from search_app.db import get_generation
from search_app.views.common import Pager, cached, data, page_number, secure

bp = Blueprint("partners", __name__)
bp.after_request(secure)
PER_PAGE = 20


@bp.get("/partners")
def find() -> ResponseReturnValue:
    store, lang, pages = get_generation().store, i18n.current_language(), data()
    index = cached(("partners",), lambda: partner_data.partner_index(store))
    topics = cached(("topics", lang), lambda: partner_data.topics(store, pages.labels(), lang))
    catalog = pages.catalog(lang)
    countries = pages.countries(lang)
    entries = {e.iri: e for e in catalog if e.kind in ("organization", "unit")}

    topic = request.args.get("topic", "").strip() or None
    if topic not in dict(topics):
        topic = None
    text = request.args.get("q", "").strip()[:200]
    code = request.args.get("country", "").strip().upper()[:3] or None
    country = next((c.iri for c in countries.values() if c.code == code), None)

    terms: list[partner_data.Term] = []
    if topic:
        terms += cached(("topic_terms", topic), lambda: partner_data.topic_terms(store, topic))
    if text:
        terms += partner_data.terms_for([(text, lang), (text, "en")])
        known = lookup("topics", text)
        if known is not None and topic is None:
            terms += cached(("topic_terms", str(known)), lambda: partner_data.topic_terms(store, str(known)))
    country_of = {iri: e.country for iri, e in entries.items()}
    matches = partner_data.find(index, terms=terms, topic=topic, country_of=country_of, country=country)
    matches.sort(
        key=lambda m: (-m.score, entries[m.candidate.iri].sort_key if m.candidate.iri in entries else "")
    )
    pager = Pager(page_number(), PER_PAGE, len(matches))
    with_orgs = sorted(
        {e.country for e in entries.values() if e.country and e.iri in index},
        key=lambda iri: countries[iri].label if iri in countries else iri,
    )
    return render_template(
        "pages/partners.html",
        active="partners",
        topics=topics,
        topic=topic,
        text=text,
        country=code,
        country_options=[countries[c] for c in with_orgs if c in countries],
        countries=countries,
        matches=pager.slice(matches),
        pager=pager,
        asked=bool(topic or text or code),
        entries=entries,
        labels={e.iri: e.label for e in catalog},
        today=date.today(),
    )
