"""Building the site: read everything, render everything in memory, then write it in one step."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from generator.loading.cache import Cache
from generator.model.registry import Product, Registry
from generator.model.versions import Version
from generator.site import urls
from generator.site.api import api_files
from generator.site.badge import BadgeView, badge_view
from generator.site.detail import product_page, vendor_page, version_page
from generator.site.feeds import feed_view, robots_txt, sitemap_urls
from generator.site.pagecache import PageCache
from generator.site.pages import listing_page, not_found_page
from generator.site.pool import Page, render_pages
from generator.site.render import environment, render
from generator.site.snapshot import Snapshot
from generator.site.write import SiteFiles

STATIC = "static"


@dataclass(frozen=True)
class SiteSettings:
    day: date
    base_url: str
    templates: Path


def render_site(
    registry: Registry,
    settings: SiteSettings,
    jobs: int = 1,
    cache: Cache | None = None,
    memo: PageCache | None = None,
) -> SiteFiles:
    """Every file of the site, in memory; the pages of a large site in `jobs` processes; pages
    rendered before with the same context taken from `cache` (see generator/site/pagecache.py)."""
    snap = Snapshot.of(registry, settings.day, urls.normal_base_url(settings.base_url))
    env = environment(settings.templates, cache)
    files = SiteFiles()
    if memo is None:
        memo = PageCache(cache if cache is not None else Cache(None), settings.templates)
    pages = _render_pages(env, snap, files, jobs, memo)
    for path, content in _data_files(env, snap, cache):
        files.add(path, content)
    files.add(urls.SITEMAP, render(env, "sitemap.xml", sitemap_urls(snap, pages)))
    files.add(urls.ROBOTS, robots_txt(snap))
    _copy_static(settings.templates / STATIC, files)
    return files


def _render_pages(
    env: jinja2.Environment, snap: Snapshot, files: SiteFiles, jobs: int, memo: PageCache
) -> list[str]:
    """Write every HTML page; return the pages that belong in the sitemap."""
    pages = [Page(urls.HOME, "listing.html", listing_page, _listing_depends)]
    for product in snap.products():
        pages.append(
            Page(
                urls.product_page(product.vendor, product.slug),
                "product.html",
                functools.partial(product_page, product=product),
                functools.partial(_product_depends, product=product),
            )
        )
    for slug in snap.vendor_slugs():
        pages.append(
            Page(
                urls.vendor_page(slug),
                "vendor.html",
                functools.partial(vendor_page, slug=slug),
                functools.partial(_vendor_depends, slug=slug),
            )
        )
    for version in snap.versions():
        pages.append(
            Page(
                urls.version_page(version),
                "version.html",
                functools.partial(version_page, version=version),
                functools.partial(_version_depends, version=version),
            )
        )
    for page, text in zip(pages, render_pages(env, snap, pages, jobs, memo), strict=True):
        files.add(urls.output_file(page.path), text)
    files.add(urls.NOT_FOUND, render(env, "404.html", not_found_page(snap)))
    return [page.path for page in pages]


# What each page's context is made from, besides Snapshot.scope (see pool.Page.depends). A page
# reads its products through Snapshot.digest, which names their certifications and vendor names;
# pages that show no README, through Snapshot.outline.


def _product_depends(snap: Snapshot, product: Product) -> str:
    return snap.digest(product)


def _vendor_depends(snap: Snapshot, slug: str) -> str:
    products = " ".join(snap.outline(p) for p in snap.products_of(slug))
    return repr((slug, snap.vendor(slug), snap.vendor_name(slug), products))


def _version_depends(snap: Snapshot, version: Version) -> str:
    return repr((str(version), " ".join(snap.outline(p) for p in snap.certified_in(version))))


def _listing_depends(snap: Snapshot) -> str:
    names = [(slug, snap.vendor_name(slug)) for slug in snap.vendor_slugs()]
    return repr((" ".join(snap.outline(p) for p in snap.products()), names))


def _data_files(
    env: jinja2.Environment, snap: Snapshot, cache: Cache | None
) -> list[tuple[str, str]]:
    """Every file of the site that is not a page: badges, API (each product's part of it from
    `cache` when unchanged), feed."""
    program_name = snap.registry.program.short_name
    found = []
    badges: dict[BadgeView, str] = {}  # products in the same state share a badge
    for product in snap.products():
        view = badge_view(program_name, snap.status(product))
        if view not in badges:
            badges[view] = render(env, "badge.svg", view)
        found.append((urls.badge_file(product.vendor, product.slug), badges[view]))
    registry, certifications = api_files(snap, cache)
    found.append((urls.API_JSON, registry))
    found.append((urls.API_CSV, certifications))
    found.append((urls.FEED, render(env, "feed.xml", feed_view(snap))))
    return found


def _copy_static(folder: Path, files: SiteFiles) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            relative = path.relative_to(folder).as_posix()
            files.add(urls.static_file(relative), path.read_bytes())
