"""The Atom feed, the sitemap and robots.txt."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from generator.site import urls
from generator.site.events import Event, EventKind, registry_events
from generator.site.snapshot import Snapshot
from generator.site.text import clean_text, long_date

# Readers need what is recent; the full history is in api/v1/registry.json.
FEED_ENTRIES = 100


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    updated: str
    category: str
    summary: str


@dataclass(frozen=True)
class FeedView:
    id: str
    title: str
    subtitle: str
    author: str
    self_link: str
    site_link: str
    updated: str
    entries: tuple[FeedEntry, ...]


def timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def entry_id(base_url: str, event: Event) -> str:
    """A URN that stays the same for the same event in every build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base_url + '#' + event.key)}"


def feed_view(snap: Snapshot) -> FeedView:
    program = snap.registry.program
    events = registry_events(snap.registry.products, snap.day, program.warning_days, FEED_ENTRIES)
    entries = tuple(_entry(snap, e) for e in events)
    name = clean_text(program.name)
    links = snap.links
    return FeedView(
        id=links.absolute(urls.FEED),
        title=f"{name}: certifications",
        subtitle="New, renewed, expiring, expired and revoked certifications.",
        author=name,
        self_link=links.absolute(urls.FEED),
        site_link=links.absolute(urls.HOME),
        updated=entries[0].updated if entries else timestamp(snap.day),
        entries=entries,
    )


def _entry(snap: Snapshot, event: Event) -> FeedEntry:
    product = event.product
    who = f"{clean_text(product.info.name) or product.slug} by {snap.vendor_name(product.vendor)}"
    return FeedEntry(
        id=entry_id(snap.links.base_url, event),
        title=f"{who}: {_headline(event)}",
        link=snap.links.absolute(urls.product_page(product.vendor, product.slug)),
        updated=timestamp(event.day),
        category=event.kind.value,
        summary=_summary(event),
    )


def _headline(event: Event) -> str:
    until = long_date(event.until) if event.until else ""
    return {
        EventKind.NEW: f"certified for {event.version}",
        EventKind.RENEWED: f"recertified for {event.version}",
        EventKind.EXPIRING: f"certification expires after {until}",
        EventKind.EXPIRED: f"certification expired after {until}",
        EventKind.REVOKED: f"{event.version} certification revoked",
    }[event.kind]


def _summary(event: Event) -> str:
    cert = event.certification
    if event.kind is EventKind.REVOKED and cert and cert.revocation:
        return f"Revoked on {long_date(event.day)}: {clean_text(cert.revocation.reason)}"
    if cert is not None:
        version = clean_text(cert.info.version)
        return (
            f"Product version {version} passed {cert.tests_passed} of {cert.tests_required} "
            f"required conformance tests for {cert.key.version}; certified until at least "
            f"{long_date(cert.expires_on)}."
        )
    if event.kind is EventKind.EXPIRING:
        return "The certification ends soon unless the product is certified for a newer version."
    return "The product is no longer certified. It can be certified again for a current version."


def sitemap_urls(snap: Snapshot, pages: list[str]) -> tuple[str, ...]:
    return tuple(snap.links.absolute(p) for p in sorted(pages))


def robots_txt(snap: Snapshot) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {snap.links.absolute(urls.SITEMAP)}\n"
