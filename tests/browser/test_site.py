"""The site as a user drives it: menu pages, search refined by two facets, provenance to the source,
tag cloud → tag → practice, partner search, language switch, keyboard use, pictures."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import Server, shot

pytestmark = pytest.mark.browser

MENU = [
    ("Home", "/"),
    ("Search", "/search"),
    ("Browse", "/browse"),
    ("Tag cloud", "/tags"),
    ("Partners", "/partners"),
    ("SPARQL", "/sparql"),
]


def test_every_menu_page(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    for name, path in MENU:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("load")
        assert page.url == server.url + path, name
        assert page.locator("h1").count() >= 1 or name == "SPARQL"
        if path != "/sparql":  # the SPARQL editor has its own menu state
            current = page.get_by_role("navigation", name="Main").locator('[aria-current="page"]')
            assert current.inner_text() == name
        shot(page, f"menu-{name}")
    page.goto(server.url + "/")
    assert page.locator(".stat-card .stat-number").first.inner_text() != "0"  # the corpus is there


def test_search_refined_by_two_facets(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    box = page.get_by_label("Search practices, projects, organisations and people")
    box.fill("heritage and waste")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=heritage"))
    first_total = _total(page)
    assert first_total > 0
    facets = page.get_by_role("complementary", name="Refine")
    facets.locator("section.facet", has_text="Country").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"country="))
    second_total = _total(page)
    facets = page.get_by_role("complementary", name="Refine")
    facets.locator("section.facet", has_text="Type").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"country=.*type=|type=.*country="))
    third_total = _total(page)
    assert first_total >= second_total >= third_total > 0
    assert page.locator('.facet a[aria-current="true"]').count() == 2
    assert page.locator(".result-tools .chip.removable").count() == 2
    shot(page, "search-two-facets")
    # the same search as JSON
    json_link = page.get_by_role("link", name="This search as JSON").get_attribute("href")
    assert "country=" in json_link and "type=" in json_link


def _total(page: Any) -> int:
    head = page.locator("#results-title").inner_text()
    found = re.search(r"([\d,]+) results?", head)
    return int(found.group(1).replace(",", "")) if found else 0


def test_open_a_result_and_follow_its_provenance_to_the_source(server: Server, page: Any) -> None:
    page.goto(server.url + "/search?q=repair+household+items&type=practice")
    page.locator(".result-title a").first.click()
    page.wait_for_load_state("load")
    assert "/id/practice/" in page.url
    assert page.locator(".badge-practice").first.is_visible()
    provenance = page.locator("section.panel", has_text="Provenance")
    provenance.locator("ul.sources a").first.click()
    page.wait_for_load_state("load")
    assert "/id/doc/" in page.url
    original = page.get_by_role("link", name="Original page")
    assert original.first.get_attribute("href").startswith("https://practices.example.org/")
    assert page.locator("text=What this document describes").count() == 1
    shot(page, "provenance-source")


def test_tag_cloud_to_tag_to_practice(server: Server, page: Any) -> None:
    page.goto(server.url + "/tags")
    page.locator("ul.cloud a", has_text=re.compile(r"^Cultural heritage", re.I)).first.click()
    page.wait_for_load_state("load")
    heading = page.locator("h1").inner_text()
    assert "heritage" in heading.lower()
    members = page.locator("section", has=page.locator("#members-title"))
    assert members.locator("a").count() >= 1
    assert page.locator("section.panel", has_text="Names").count() <= 1
    members.locator("a", has_text="Youth Heritage Camps").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Youth Heritage Camps"
    shot(page, "tag-to-practice")


def test_partner_search(server: Server, page: Any) -> None:
    page.goto(server.url + "/partners")
    page.get_by_label("Topic").select_option(label="cultural heritage")
    page.get_by_label("Country").select_option(label="Lithuania")
    page.get_by_role("button", name="Find partners").click()
    page.wait_for_url(re.compile(r"topic="))
    card = page.locator(".partner-card", has_text="Lakeside District Municipality").first
    assert card.is_visible()
    assert "cultural heritage" in card.locator("mark").first.inner_text().lower()
    contact = card.get_by_role("link", name="Jane Example")
    assert contact.count() == 1 and contact.get_attribute("href").startswith("/id/person/")
    shot(page, "partners")


def test_language_switch(server: Server, page: Any) -> None:
    page.goto(server.url + "/browse")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Lietuvių").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "lt"
    assert page.url.endswith("/browse")
    nav = page.get_by_role("navigation", name="Pagrindinis meniu")
    assert nav.get_by_role("link", name="Naršyti").get_attribute("aria-current") == "page"
    assert page.locator("text=Lietuva").count() >= 1  # data labels in Lithuanian
    shot(page, "browse-lt")
    page.get_by_role("navigation", name="Kalba").get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"


def test_keyboard_navigation(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # the menu is reachable in order and shows where focus is
    page.goto(server.url + "/")
    names = []
    for _ in range(8):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert names[2:8] == ["Home", "Search", "Browse", "Tag cloud", "Partners", "SPARQL"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.usefixtures("frontend_assets")
def test_pictures_are_drawn(server: Server, page: Any) -> None:
    page.goto(server.url + "/browse")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-countries'))")
    page.goto(server.url + "/tags")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-tags'))")
    page.goto(server.url + "/partners?q=cultural+heritage")
    card = page.locator(".partner-card", has=page.locator("h4", has_text="Ongoing partnerships")).first
    card.locator("h3 a").click()
    page.wait_for_load_state("load")
    page.wait_for_selector("#network canvas")
    list_links = page.locator("section", has=page.locator("#network-title")).locator("details a")
    assert list_links.count() >= 2  # the same network as a list for keyboards and screen readers
    shot(page, "network")
