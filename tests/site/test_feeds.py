"""feed.xml, sitemap.xml and robots.txt."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from generator.model.registry import Registry
from generator.site import events
from generator.site.write import SiteFiles
from tests.site.conftest import text_of

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_feed_is_atom_with_stable_unique_ids(site: SiteFiles) -> None:
    feed = ET.fromstring(site["feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://registry.example.org/feed.xml"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert len(set(ids)) == len(ids) > 0
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", u) for u in updated)
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    kinds = {e.find(f"{ATOM}category").get("term") for e in entries}  # type: ignore[union-attr]
    assert kinds == {"new", "renewed", "expiring", "expired", "revoked"}


def test_feed_escapes_vendor_text(site: SiteFiles) -> None:
    feed = ET.fromstring(site["feed.xml"])
    titles = [e.findtext(f"{ATOM}title") or "" for e in feed.iter(f"{ATOM}entry")]
    evil = [t for t in titles if t.startswith("Evil")]
    assert evil == ['Evil <script>alert("name")</script> exe.txt by Shady Ltd: certified for v1.37']
    assert "<script>" not in text_of(site, "feed.xml")


def test_revocation_entry_gives_the_reason(site: SiteFiles) -> None:
    feed = ET.fromstring(site["feed.xml"])
    revoked = [
        e for e in feed.iter(f"{ATOM}entry")
        if e.find(f"{ATOM}category").get("term") == "revoked"  # type: ignore[union-attr]
    ]  # fmt: skip
    (entry,) = revoked
    assert entry.findtext(f"{ATOM}summary") == (
        "Revoked on 1 October 2026: The results were not reproducible."
    )
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://registry.example.org/products/nimbus/fleet/"


def test_sitemap_lists_every_page_but_404(site: SiteFiles) -> None:
    root = ET.fromstring(site["sitemap.xml"])
    urls = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    pages = [p for p in site.paths() if p.endswith("index.html")]
    assert len(urls) == len(pages)
    assert "https://registry.example.org/" in urls
    assert "https://registry.example.org/products/acme/kube/" in urls
    assert not any("404" in (u or "") for u in urls)


def test_robots_points_at_the_sitemap(site: SiteFiles) -> None:
    assert text_of(site, "robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://registry.example.org/sitemap.xml\n"
    )


def test_the_fast_state_of_the_feed_is_the_model_s_state(small_registry: Registry) -> None:
    """events._state_on folds Product.known_on and Product.state into one pass; it must agree
    with them on every day around every date the registry names."""
    days: set[dt.date] = set()
    for product in small_registry.products:
        for cert in product.certifications:
            for day in (
                cert.certified_on,
                cert.expires_on,
                getattr(cert.revocation, "revoked", None),
            ):
                if day is not None:
                    days.update(day + dt.timedelta(days=d) for d in range(-31, 32))
    assert len(days) > 100
    for product in small_registry.products:
        for day in sorted(days):
            known = product.known_on(day)
            for warning in (0, 30):
                expected = known.state(day, warning) if known is not None else None
                assert events._state_on(product, day, warning) == expected
