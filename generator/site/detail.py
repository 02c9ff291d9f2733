"""Builders of the product, vendor and version page contexts."""

from __future__ import annotations

from markupsafe import Markup

from generator.model.program import add_months
from generator.model.registry import Certification, Product, State
from generator.model.versions import Version
from generator.site import urls
from generator.site.context import (
    Badge,
    HistoryRow,
    Link,
    ProductPage,
    TypeCount,
    VendorPage,
    VersionPage,
    VersionRow,
)
from generator.site.markdown import Readme
from generator.site.pages import (
    certification_for,
    certified_for,
    date_text,
    meta,
    pill,
    product_row,
    summary_of,
)
from generator.site.snapshot import Snapshot
from generator.site.status import STATE_LABELS, ProductStatus
from generator.site.text import DateText, clean_text, https_url, long_date
from generator.site.urls import Links

_STANDING = {
    State.ACTIVE: "Certified until",
    State.EXPIRING: "Certified until",
    State.EXPIRED: "Certification expired after",
    State.REVOKED: "Every certification of this product has been revoked",
}


def product_page(snap: Snapshot, product: Product) -> ProductPage:
    links = snap.links.at(urls.product_page(product.vendor, product.slug))
    status = snap.status(product)
    info = product.info
    name = clean_text(info.name) or product.slug
    vendor = snap.vendor_name(product.vendor)
    readme_cert = status.newest
    return ProductPage(
        meta=meta(snap, links, f"{name} by {vendor}", clean_text(info.description)),
        name=name,
        vendor=Link(links.to(urls.vendor_page(product.vendor)), vendor),
        type=clean_text(info.type),
        description=clean_text(info.description),
        state=pill(status.state),
        standing=_STANDING[status.state],
        until=date_text(snap, status.until),
        provisional_note=_provisional_note(status),
        links=_product_links(product),
        history=tuple(
            _history_row(snap, links, status, c) for c in reversed(product.certifications)
        ),
        readme=Readme(readme_cert.readme, readme_cert.key.path, links.evidence_url),
        readme_source=Link(links.evidence(readme_cert.key, "README.md"), "README.md"),
        readme_version=str(readme_cert.key.version),
        badge=_badge(snap, links, product, status),
    )


def _provisional_note(status: ProductStatus) -> str:
    if not status.provisional or not status.state.is_current:
        return ""
    return (
        "This date is provisional: the release that follows this product's newest certified "
        "version is not yet known, and its date can only move the expiry later."
    )


def _product_links(product: Product) -> tuple[Link, ...]:
    info = product.info
    wanted = (
        (info.website_url, "Website"),
        (info.documentation_url, "Documentation"),
        (info.repo_url, "Source code"),
        # Shown as a link, never loaded: see CONTENT_SECURITY_POLICY.
        (info.product_logo_url, "Logo (image file)"),
    )
    return tuple(
        Link(url, text, external=True)
        for raw, text in wanted
        if (url := https_url(raw)) is not None
    )


def _history_row(
    snap: Snapshot, links: Links, status: ProductStatus, cert: Certification
) -> HistoryRow:
    revocation = ""
    if status.is_revoked(cert) and cert.revocation is not None:
        reason = clean_text(cert.revocation.reason)
        revocation = f"Revoked on {long_date(cert.revocation.revoked)}: {reason}"
    return HistoryRow(
        version=Link(links.to(urls.version_page(cert.key.version)), str(cert.key.version)),
        certified_on=date_text(snap, cert.certified_on),
        expires_on=DateText.of(cert.expires_on, snap.day),
        provisional=cert.provisional,
        state=pill(status.state_of(cert)),
        tests_passed=cert.tests_passed,
        tests_required=cert.tests_required,
        product_version=clean_text(cert.info.version),
        evidence=tuple(Link(links.evidence(cert.key, f), f) for f in urls.EVIDENCE_FILES),
        revocation=revocation,
    )


def _badge(snap: Snapshot, links: Links, product: Product, status: ProductStatus) -> Badge:
    badge = urls.badge_file(product.vendor, product.slug)
    alt = badge_text(snap, status)
    page = links.absolute(links.page)
    return Badge(
        src=links.to(badge),
        alt=alt,
        markdown=f"[![{alt}]({links.absolute(badge)})]({page})",
        html=str(
            Markup('<a href="{}"><img src="{}" alt="{}"></a>').format(
                page, links.absolute(badge), alt
            )
        ),
    )


def badge_text(snap: Snapshot, status: ProductStatus) -> str:
    program = clean_text(snap.registry.program.short_name)
    return f"{program} {status.newest.key.version}: {STATE_LABELS[status.state].lower()}"


def vendor_page(snap: Snapshot, slug: str) -> VendorPage:
    links = snap.links.at(urls.vendor_page(slug))
    name = snap.vendor_name(slug)
    vendor = snap.vendor(slug)
    products = snap.products_of(slug)
    website = https_url(vendor.website_url) if vendor is not None else None
    return VendorPage(
        meta=meta(snap, links, name, f"Products of {name} and their certifications."),
        name=name,
        website=Link(website, "Website", external=True) if website else None,
        since=date_text(snap, vendor.form_signed if vendor else None),
        summary=summary_of(snap, products),
        rows=tuple(product_row(snap, links, p) for p in products),
    )


def version_page(snap: Snapshot, version: Version) -> VersionPage:
    links = snap.links.at(urls.version_page(version))
    program = snap.registry.program
    release = program.release(version)
    expiry = program.expiry_of(version)
    products = snap.certified_in(version)
    return VersionPage(
        meta=meta(snap, links, f"Kubernetes {version}", f"Products certified for {version}."),
        version=str(version),
        released=date_text(snap, release.released if release else None),
        expires=date_text(snap, expiry.on if expiry else None),
        provisional=bool(expiry and expiry.provisional),
        expiry_note=_expiry_note(snap, version),
        window_note=_window_note(snap, version),
        type_counts=_type_counts(snap, version, products),
        rows=tuple(_version_row(snap, links, p, version) for p in products),
        neighbours=_neighbours(snap, links, version),
    )


def _expiry_note(snap: Snapshot, version: Version) -> str:
    program = snap.registry.program
    rule = program.expiry
    after = program.next_release(version)
    if program.release(version) is None:
        return "This version is not part of the program, so its certifications have no rule."
    own = f"{rule.months_after_release} months after {version}'s release"
    if after is None:
        return (
            f"Provisional: {own}. When the next minor release is published, certifications "
            f"last until {rule.months_after_next_release} months after it, if that is later."
        )
    later = add_months(after.released, rule.months_after_next_release)
    return (
        f"The later of {own} and {rule.months_after_next_release} months after "
        f"{after.version}'s release ({long_date(later)})."
    )


def _window_note(snap: Snapshot, version: Version) -> str:
    program = snap.registry.program
    release = program.release(version)
    newest = program.certifiable_versions
    if version in snap.certifiable():
        return f"Open for new certifications: {version} is among the {newest} newest releases."
    if release is None or release.released > snap.day:
        return f"Not yet open for certification: {version} has not been released."
    return f"Closed to new certifications: only the {newest} newest releases can be certified."


def _type_counts(
    snap: Snapshot, version: Version, products: tuple[Product, ...]
) -> tuple[TypeCount, ...]:
    standing = [(clean_text(p.info.type), _current(snap, p)) for p in certified_for(snap, version)]
    present = {clean_text(p.info.type) for p in products}
    known = snap.registry.program.product_types
    types = tuple(known) + tuple(sorted(present - set(known)))
    return tuple(
        TypeCount(
            type=t,
            certified=sum(1 for kind, _current_too in standing if kind == t),
            valid=sum(1 for kind, current in standing if kind == t and current),
        )
        for t in types
    )


def _current(snap: Snapshot, product: Product) -> bool:
    return snap.status(product).state.is_current


def _version_row(snap: Snapshot, links: Links, product: Product, version: Version) -> VersionRow:
    cert = certification_for(product, version)
    assert cert is not None  # the caller chose products certified for `version`
    status = snap.status(product)
    return VersionRow(
        product=Link(
            links.to(urls.product_page(product.vendor, product.slug)),
            clean_text(product.info.name) or product.slug,
        ),
        vendor=Link(links.to(urls.vendor_page(product.vendor)), snap.vendor_name(product.vendor)),
        type=clean_text(product.info.type),
        certified_on=date_text(snap, cert.certified_on),
        product_version=clean_text(cert.info.version),
        state=pill(status.state_of(cert)),
    )


def _neighbours(snap: Snapshot, links: Links, version: Version) -> tuple[Link, ...]:
    versions = sorted(snap.versions())
    index = versions.index(version)
    around = []
    if index > 0:
        older = versions[index - 1]
        around.append(Link(links.to(urls.version_page(older)), f"Older: {older}"))
    if index + 1 < len(versions):
        newer = versions[index + 1]
        around.append(Link(links.to(urls.version_page(newer)), f"Newer: {newer}"))
    return tuple(around)
