"""The rendered pages: contracts, structure, and that nothing a vendor wrote escapes."""

from __future__ import annotations

import re

import pytest

from generator.model.registry import Registry
from generator.site.build import SiteSettings, render_site
from generator.site.context import CONTENT_SECURITY_POLICY
from generator.site.write import SiteFiles
from tests.site import sample
from tests.site.conftest import TEMPLATES, text_of
from tests.site.linkcheck import broken_links, parse

EXPECTED = {
    "index.html",
    "products/acme/kube/index.html",
    "products/acme/kube-edge/index.html",
    "products/nimbus/engine/index.html",
    "products/nimbus/fleet/index.html",
    "products/shady/evil-dist/index.html",
    "vendors/acme/index.html",
    "vendors/nimbus/index.html",
    "vendors/shady/index.html",
    "versions/v1.33/index.html",
    "versions/v1.37/index.html",
    "badges/acme/kube.svg",
    "badges/nimbus/fleet.svg",
    "api/v1/registry.json",
    "api/v1/certifications.csv",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "static/site.css",
    "static/site.js",
    "static/theme.js",
}


def html_pages(site: SiteFiles) -> list[str]:
    return [p for p in site.paths() if p.endswith(".html")]


def test_every_page_and_file_of_the_design_is_built(site: SiteFiles) -> None:
    assert set(site.paths()) >= EXPECTED


def test_every_page_carries_the_content_security_policy(site: SiteFiles) -> None:
    policy = CONTENT_SECURITY_POLICY.replace("'", "&#39;")
    for page in html_pages(site):
        html = text_of(site, page)
        assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in html, page
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_no_inline_script_handlers_or_styles(site: SiteFiles) -> None:
    for page in html_pages(site):
        elements = parse(text_of(site, page)).elements
        for tag, attrs in elements:
            assert not [a for a in attrs if a.startswith("on")], f"{page}: handler on <{tag}>"
            assert "style" not in attrs, f"{page}: style attribute on <{tag}>"
            assert tag not in ("style", "iframe", "object", "embed", "base"), f"{page}: <{tag}>"
            if tag == "script":
                assert attrs.get("src"), f"{page}: inline script"
        assert any(tag == "script" for tag, _ in elements)


def test_nothing_loads_from_another_origin(site: SiteFiles) -> None:
    for page in html_pages(site):
        for tag, attrs in parse(text_of(site, page)).elements:
            if tag in ("img", "script", "link") and not (
                tag == "link" and attrs.get("rel") == "canonical"
            ):
                url = attrs.get("src") or attrs.get("href") or ""
                assert "//" not in url, f"{page}: <{tag}> loads {url}"


def test_hostile_vendor_strings_are_escaped(site: SiteFiles) -> None:
    for page in ("products/shady/evil-dist/index.html", "index.html", "vendors/shady/index.html"):
        html = text_of(site, page)
        assert "<script>alert" not in html
        assert '"><img src=x' not in html
        assert "\u202e" not in html
        images = [a for tag, a in parse(html).elements if tag == "img"]
        assert all(str(a.get("src", "")).startswith("../") for a in images), images
    product = text_of(site, "products/shady/evil-dist/index.html")
    assert (
        "<h1><bdi>Evil &lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; exe.txt</bdi></h1>"
        in product
    )
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt; description" in product


def test_vendor_links_are_https_and_marked(site: SiteFiles) -> None:
    html = text_of(site, "products/shady/evil-dist/index.html")
    assert "javascript:" not in html
    assert "http://insecure.example.com" not in html
    assert (
        '<a href="https://github.com/shady/evil" rel="nofollow noopener noreferrer">Source code</a>'
        in html
    )
    # The logo is a link, never an image: see CONTENT_SECURITY_POLICY.
    assert '<a href="https://cdn.example.com/logo.svg" rel="nofollow noopener noreferrer">' in html
    assert '<img src="https://cdn.example.com' not in html


def test_product_page_shows_state_dates_and_history(site: SiteFiles) -> None:
    html = text_of(site, "products/acme/kube/index.html")
    assert '<span class="state state-active">Certified</span>' in html
    assert 'Certified until <time datetime="2027-08-26">26 August 2027</time>' in html
    assert "provisional" in html
    rows = re.findall(r'<th scope="row"><a href="../../../versions/(v[0-9.]+)/">', html)
    assert rows == ["v1.37", "v1.36", "v1.35"]
    assert "441 / 441" in html
    evidence = "https://github.com/example/registry/blob/main/data/vendors/acme/kube/v1.35/e2e.log"
    assert f'<a href="{evidence}">e2e.log</a>' in html
    assert '<img src="../../../badges/acme/kube.svg"' in html


def test_revoked_certification_says_when_and_why(site: SiteFiles) -> None:
    html = text_of(site, "products/nimbus/fleet/index.html")
    assert "Revoked on 1 October 2026: The results were not reproducible." in html
    assert "Every certification of this product has been revoked" in html


def test_listing_rows_carry_filter_data_and_show_without_script(site: SiteFiles) -> None:
    html = text_of(site, "index.html")
    rows = re.findall(r"<tr data-type=[^>]*>", html)
    assert len(rows) == 5
    assert (
        '<tr data-type="distribution" data-vendor="acme" data-state="active" '
        'data-versions="v1.37 v1.36 v1.35"' in html
    )
    assert re.search(r'<form class="filters" id="filters"[^>]* hidden>', html)
    assert "<tr hidden" not in html


def test_version_page_counts_by_type(site: SiteFiles) -> None:
    html = text_of(site, "versions/v1.36/index.html")
    assert "Released" in html and '<time datetime="2026-04-22">22 April 2026</time>' in html
    counts = re.findall(
        r'<tr><th scope="row">([a-z ]+)</th><td class="numeric">(\d+)</td>'
        r'<td class="numeric">(\d+)</td></tr>',
        html,
    )
    # acme/kube holds v1.36; nimbus/fleet's v1.36 is revoked and does not count.
    assert counts == [
        ("distribution", "1", "1"),
        ("hosted platform", "0", "0"),
        ("installer", "0", "0"),
    ]
    assert "Nimbus Fleet" in html  # still listed, as revoked
    assert "Open for new certifications" in html


def test_old_version_is_closed(site: SiteFiles) -> None:
    html = text_of(site, "versions/v1.33/index.html")
    assert "Closed to new certifications" in html


def test_no_internal_link_is_broken(site: SiteFiles) -> None:
    assert broken_links(site) == []


def test_link_checker_finds_a_broken_link(site: SiteFiles) -> None:
    copy = SiteFiles()
    for path, content in site.items():
        copy.add(path, content)
    copy.add("extra/index.html", b'<a href="../products/none/">x</a><a href="../#nowhere">y</a>')
    assert broken_links(copy) == [
        "extra/index.html: ../products/none/ -> products/none/index.html does not exist",
        "extra/index.html: ../#nowhere -> no id 'nowhere' in index.html",
    ]


def test_not_found_page_links_from_the_base_path(site: SiteFiles) -> None:
    html = text_of(site, "404.html")
    assert '<link rel="stylesheet" href="/static/site.css">' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("page", ["index.html", "products/acme/kube/index.html"])
def test_pages_are_well_formed_enough_for_a_parser(site: SiteFiles, page: str) -> None:
    html = text_of(site, page)
    assert html.startswith('<!doctype html>\n<html lang="en">')
    assert html.count("<h1>") + html.count("<h1 ") == 1
    assert html.count("<main ") == 1


def test_a_site_under_a_sub_path(small_registry: Registry) -> None:
    settings = SiteSettings(sample.DAY, "https://example.org/registry", TEMPLATES)
    files = render_site(small_registry, settings)
    html = text_of(files, "404.html")
    assert '<link rel="stylesheet" href="/registry/static/site.css">' in html
    assert broken_links(files, base_path="/registry/") == []
    assert broken_links(files, base_path="/") != []  # the check notices the wrong root
    product = text_of(files, "products/acme/kube/index.html")
    assert (
        '<link rel="canonical" href="https://example.org/registry/products/acme/kube/">' in product
    )
