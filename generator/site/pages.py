"""Builders of the page contexts: the registry snapshot turned into what each page shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from generator.model.registry import Certification, Product, State
from generator.model.versions import Version
from generator.site import urls
from generator.site.context import (
    CONTENT_SECURITY_POLICY,
    Filters,
    Link,
    ListingPage,
    Meta,
    NavItem,
    NotFoundPage,
    Option,
    ProductRow,
    StatePill,
    VersionLink,
)
from generator.site.snapshot import Snapshot
from generator.site.status import STATE_LABELS, STATE_ORDER
from generator.site.text import DateText, clean_text, plural
from generator.site.urls import Links

NAV = (("", "Products"), ("#versions", "Versions"), ("#vendors", "Vendors"), ("#data", "Data"))


def pill(state: State) -> StatePill:
    return StatePill(state.value, STATE_LABELS[state])


def date_text(snap: Snapshot, day: date | None) -> DateText | None:
    return DateText.of(day, snap.day) if day is not None else None


def meta(
    snap: Snapshot, links: Links, title: str, description: str, *, indexable: bool = True
) -> Meta:
    program = snap.registry.program
    name = clean_text(program.name)
    return Meta(
        title=f"{title} · {name}" if title else name,
        heading=name,
        description=description,
        canonical=links.absolute(links.page),
        csp=CONTENT_SECURITY_POLICY,
        program_name=name,
        sample=program.sample,
        home=links.to(urls.HOME),
        stylesheet=links.to(urls.static_file("site.css")),
        icon=links.to(urls.static_file("favicon.svg")),
        theme_script=links.to(urls.static_file("theme.js")),
        script=links.to(urls.static_file("site.js")),
        feed=links.to(urls.FEED),
        nav=tuple(
            NavItem(links.to(target), text, current=(links.page == "" and target == ""))
            for target, text in NAV
        ),
        footer_links=(*_downloads(links), Link(program.repository_url, "Source repository")),
        as_of=DateText.of(snap.day, snap.day),
        indexable=indexable,
    )


def _downloads(links: Links) -> tuple[Link, ...]:
    return (
        Link(links.to(urls.API_JSON), "registry.json"),
        Link(links.to(urls.API_CSV), "certifications.csv"),
        Link(links.to(urls.FEED), "Atom feed"),
    )


def _described_downloads(links: Links) -> tuple[Link, ...]:
    return (
        Link(links.to(urls.API_JSON), "registry.json: every vendor, product and certification"),
        Link(links.to(urls.API_CSV), "certifications.csv: one row per certification"),
        Link(links.to(urls.FEED), "Atom feed: new, renewed, expiring, expired and revoked"),
    )


def product_row(snap: Snapshot, links: Links, product: Product) -> ProductRow:
    status = snap.status(product)
    info = product.info
    name = clean_text(info.name) or product.slug
    vendor = snap.vendor_name(product.vendor)
    versions = tuple(str(c.key.version) for c in status.standing_versions)
    words = (name, vendor, clean_text(info.type), product.id, clean_text(info.description))
    return ProductRow(
        href=links.to(urls.product_page(product.vendor, product.slug)),
        name=name,
        vendor=Link(links.to(urls.vendor_page(product.vendor)), vendor),
        vendor_slug=product.vendor,
        type=clean_text(info.type),
        state=pill(status.state),
        versions=versions,
        until=date_text(snap, status.until),
        provisional=status.provisional,
        # Lower-cased as site.js lower-cases what is typed (String.toLowerCase, not casefold).
        search=" ".join((*words, *versions)).lower(),
    )


def summary_of(snap: Snapshot, products: Iterable[Product]) -> str:
    chosen = list(products)
    states = [snap.status(p).state for p in chosen]
    parts = [plural(len(chosen), "product")]
    if chosen:
        current = sum(1 for s in states if s.is_current)
        parts.append(f"{current} certified as of {DateText.of(snap.day, snap.day).words}")
        for state in (State.EXPIRING, State.EXPIRED, State.REVOKED):
            if count := states.count(state):
                parts.append(f"{count} {STATE_LABELS[state].lower()}")
    return ", ".join(parts) + "."


def listing_page(snap: Snapshot) -> ListingPage:
    links = snap.links.at(urls.HOME)
    program = snap.registry.program
    products = snap.products()
    vendors = tuple(s for s in snap.vendor_slugs() if snap.registry.products_of(s))
    return ListingPage(
        meta=meta(snap, links, "", clean_text(program.description)),
        intro=clean_text(program.description),
        summary=f"{summary_of(snap, products)[:-1]}, from {plural(len(vendors), 'vendor')}.",
        rows=tuple(product_row(snap, links, p) for p in products),
        filters=_filters(snap, products, vendors),
        versions=tuple(_version_link(snap, links, v) for v in snap.versions()),
        vendors=tuple(Link(links.to(urls.vendor_page(s)), snap.vendor_name(s)) for s in vendors),
        downloads=_described_downloads(links),
    )


def _filters(snap: Snapshot, products: tuple[Product, ...], vendors: tuple[str, ...]) -> Filters:
    present = {clean_text(p.info.type) for p in products}
    known = tuple(snap.registry.program.product_types)
    types = known + tuple(sorted(present - set(known)))
    versions = {c.key.version for p in products for c in snap.status(p).standing_versions}
    return Filters(
        types=tuple(Option(t, t) for t in types),
        versions=tuple(Option(str(v), str(v)) for v in sorted(versions, reverse=True)),
        vendors=tuple(Option(s, snap.vendor_name(s)) for s in vendors),
        states=tuple(Option(s.value, STATE_LABELS[s]) for s in STATE_ORDER),
    )


def _version_link(snap: Snapshot, links: Links, version: Version) -> VersionLink:
    release = snap.registry.program.release(version)
    return VersionLink(
        href=links.to(urls.version_page(version)),
        version=str(version),
        released=date_text(snap, release.released if release else None),
        certified=len(certified_for(snap, version)),
        certifiable=version in snap.certifiable(),
    )


def certified_for(snap: Snapshot, version: Version) -> tuple[Product, ...]:
    """Products holding a standing certification for `version`."""
    return snap.standing_for(version)


def certification_for(product: Product, version: Version) -> Certification | None:
    return next((c for c in product.certifications if c.key.version == version), None)


def not_found_page(snap: Snapshot) -> NotFoundPage:
    # Served for any missing path, so links are root-relative from the base URL's path.
    links = snap.links.at(urls.NOT_FOUND).rooted()
    page = meta(snap, links, "Page not found", "This page does not exist.", indexable=False)
    return NotFoundPage(meta=page)
