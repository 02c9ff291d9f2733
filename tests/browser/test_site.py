"""The site in a real browser: filters, theme, accessibility, and no errors or foreign requests."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "listing": "",
    "product": "products/yoyodyne/turbo-encabulator/",
    "revoked-product": "products/tessellate/tessellate-os/",
    "version": "versions/v1.36/",
    "vendor": "vendors/quillfeather/",
}


def visible_rows(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#products tbody tr:not([hidden]) th a", "links => links.map(a => a.textContent.trim())"
    )


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_filters_change_what_is_shown_and_the_url(browser: Browser, site_url: str) -> None:
    page, watch = open_page(browser, site_url)
    page.goto(site_url)
    everything = visible_rows(page)
    assert len(everything) >= 10
    assert page.locator("#result-count").inner_text() == f"Showing all {len(everything)} products."

    page.select_option("#filter-type", "installer")
    installers = visible_rows(page)
    assert 0 < len(installers) < len(everything)
    types = page.eval_on_selector_all(
        "#products tbody tr:not([hidden])", "rows => rows.map(row => row.dataset.type)"
    )
    assert set(types) == {"installer"}
    assert query(page) == {"type": ["installer"]}

    page.select_option("#filter-state", "expiring")
    page.fill("#filter-q", "quill")
    assert visible_rows(page) == ["Quill Deploy"]
    assert query(page) == {"q": ["quill"], "type": ["installer"], "state": ["expiring"]}
    assert page.locator("#result-count").inner_text() == f"Showing 1 of {len(everything)} products."

    page.fill("#filter-q", "no such product anywhere")
    assert visible_rows(page) == []
    assert page.locator("#no-results").is_visible()

    page.click("#filter-clear")
    page.wait_for_function("document.querySelector('#filter-q').value === ''")
    page.wait_for_function("location.search === ''")
    assert visible_rows(page) == everything
    watch.assert_clean()


def test_a_shared_url_restores_the_filters(browser: Browser, site_url: str) -> None:
    page, watch = open_page(browser, site_url)
    page.goto(site_url + "?vendor=yoyodyne&version=v1.37&state=active")
    assert visible_rows(page) == ["Turbo Encabulator"]
    assert page.input_value("#filter-vendor") == "yoyodyne"
    assert page.input_value("#filter-version") == "v1.37"
    page.goto(site_url + "?version=v9.99&q=TURBO")  # an unknown value is ignored
    assert page.input_value("#filter-version") == ""
    assert visible_rows(page) == ["Turbo Encabulator"]
    watch.assert_clean()


def test_without_javascript_every_product_is_listed(browser: Browser, site_url: str) -> None:
    page, watch = open_page(browser, site_url, java_script_enabled=False)
    page.goto(site_url + "?type=installer")
    assert len(visible_rows(page)) >= 10
    assert not page.locator("#filters").is_visible()
    assert not page.locator("#theme-toggle").is_visible()
    watch.assert_clean()


def test_filters_are_reachable_by_keyboard_with_visible_focus(
    browser: Browser, site_url: str
) -> None:
    page, watch = open_page(browser, site_url)
    page.goto(site_url)
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if reached[-1] == "filter-q":
            break
    assert reached[0] == "A"  # the skip link comes first
    assert "filter-q" in reached
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.type("encabulator")
    assert visible_rows(page) == ["Turbo Encabulator"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-type"
    page.keyboard.press("ArrowDown")  # the first type: distribution
    assert page.input_value("#filter-type") == "distribution"
    assert visible_rows(page) == ["Turbo Encabulator"]
    page.keyboard.press("ArrowDown")  # hosted platform: the encabulator is not one
    assert visible_rows(page) == []
    assert query(page) == {"q": ["encabulator"], "type": ["hosted platform"]}
    watch.assert_clean()


def background(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_mode_follows_the_system_and_the_toggle(browser: Browser, site_url: str) -> None:
    page, watch = open_page(browser, site_url, color_scheme="light")
    page.goto(site_url)
    light = background(page)
    assert light == "rgb(255, 255, 255)"
    toggle = page.locator("#theme-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert background(page) != light
    screenshot(page, "listing-dark")
    page.goto(site_url + PAGES["product"])  # the choice is kept across pages
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.locator("#theme-toggle").click()
    assert background(page) == light
    watch.assert_clean()

    system_dark, watch_dark = open_page(browser, site_url, color_scheme="dark")
    system_dark.goto(site_url)
    assert background(system_dark) != light
    assert system_dark.locator("#theme-toggle").get_attribute("aria-pressed") == "true"
    watch_dark.assert_clean()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_load_cleanly_and_pass_axe(browser: Browser, site_url: str, name: str) -> None:
    page, watch = open_page(browser, site_url, viewport={"width": 1280, "height": 900})
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("load")
    screenshot(page, name)
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    watch.assert_clean()


def test_dark_pages_pass_axe(browser: Browser, site_url: str) -> None:
    page, watch = open_page(browser, site_url, color_scheme="dark")
    for name in ("listing", "product", "version"):
        page.goto(site_url + PAGES[name])
        results = Axe().run(page)
        serious = [
            v["id"]
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{name}: {serious}"
    watch.assert_clean()


@pytest.mark.parametrize("name", ["listing", "product", "version"])
def test_phone_layout_does_not_scroll_sideways(browser: Browser, site_url: str, name: str) -> None:
    page, watch = open_page(browser, site_url, viewport={"width": 375, "height": 740})
    page.goto(site_url + PAGES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(page, f"{name}-phone")
    watch.assert_clean()


def test_not_found_page(browser: Browser, site_url: str) -> None:
    page, watch = open_page(browser, site_url)
    response = page.goto(site_url + "products/nobody/nothing/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    page.click("main a")
    assert page.url == site_url
    # The 404 page itself is a console error in Chromium; nothing else may be.
    assert all("404" in e for e in watch.errors), watch.errors
    assert watch.outside == []


def test_hostile_vendor_cannot_run_script_or_load_anything(
    browser: Browser, hostile_url: str
) -> None:
    page, watch = open_page(browser, hostile_url)
    for path in ("", "products/shady/evil-dist/", "vendors/shady/", "versions/v1.37/"):
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Evil <script>") is False
    page.goto(hostile_url + "products/shady/evil-dist/")
    assert page.locator("h1").inner_text() == 'Evil <script>alert("name")</script> exe.txt'
    assert page.locator(".readme iframe, .readme img, .readme [style]").count() == 0
    screenshot(page, "hostile-product")
    watch.assert_clean()
