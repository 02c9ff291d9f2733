"""The published data: api/v1/registry.json and api/v1/certifications.csv (see docs/api.md)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import orjson

from generator.model.registry import Certification, Product
from generator.site import urls
from generator.site.snapshot import Snapshot
from generator.site.status import ProductStatus
from generator.site.text import clean_text, https_url

API_VERSION = 1
CSV_COLUMNS = (
    "product_id",
    "vendor",
    "vendor_name",
    "product_name",
    "type",
    "version",
    "product_version",
    "certified_on",
    "expires_on",
    "provisional",
    "state",
    "tests_passed",
    "tests_required",
    "revoked_on",
    "revocation_reason",
    "product_state",
    "certified_until",
    "source",
    "url",
)
# A spreadsheet runs a cell that starts with one of these as a formula: such a cell gets a
# leading apostrophe.
_FORMULA_START = frozenset("=+-@\t\r")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def registry_json(snap: Snapshot) -> str:
    program = snap.registry.program
    certifiable = snap.certifiable()
    document = {
        "api_version": API_VERSION,
        "as_of": snap.day.isoformat(),
        "program": {
            "name": clean_text(program.name),
            "releases": [
                {
                    "version": str(r.version),
                    "released": r.released.isoformat(),
                    "certifiable": r.version in certifiable,
                }
                for r in sorted(program.releases, key=lambda r: r.version, reverse=True)
            ],
        },
        "vendors": [_vendor(snap, slug) for slug in sorted(snap.vendor_slugs())],
        "products": [_product(snap, p) for p in sorted(snap.registry.products, key=lambda p: p.id)],
    }
    # The same text as json.dumps(document, ensure_ascii=False, indent=2), ten times sooner.
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def _vendor(snap: Snapshot, slug: str) -> dict[str, Any]:
    vendor = snap.vendor(slug)
    return {
        "id": slug,
        "name": snap.vendor_name(slug),
        "website_url": https_url(vendor.website_url) if vendor else None,
        "url": urls.vendor_page(slug),
    }


def _product(snap: Snapshot, product: Product) -> dict[str, Any]:
    status = snap.status(product)
    info = product.info
    return {
        "id": product.id,
        "vendor": product.vendor,
        "name": clean_text(info.name),
        "type": clean_text(info.type),
        "description": clean_text(info.description),
        "website_url": https_url(info.website_url),
        "documentation_url": https_url(info.documentation_url),
        "repo_url": https_url(info.repo_url),
        "logo_url": https_url(info.product_logo_url),
        "state": status.state.value,
        "certified_until": _iso(status.until),
        "provisional": status.provisional,
        "url": urls.product_page(product.vendor, product.slug),
        "badge_url": urls.badge_file(product.vendor, product.slug),
        "certifications": [_certification(status, c) for c in reversed(product.certifications)],
    }


def _certification(status: ProductStatus, cert: Certification) -> dict[str, Any]:
    revoked = cert.revocation if status.is_revoked(cert) else None
    return {
        "version": str(cert.key.version),
        "product_version": clean_text(cert.info.version),
        "certified_on": _iso(cert.certified_on),
        "expires_on": cert.expires_on.isoformat(),
        "provisional": cert.provisional,
        "state": status.state_of(cert).value,
        "tests_passed": cert.tests_passed,
        "tests_required": cert.tests_required,
        "source": cert.key.path,
        "revoked": (
            {"on": revoked.revoked.isoformat(), "reason": clean_text(revoked.reason)}
            if revoked is not None
            else None
        ),
    }


def certifications_csv(snap: Snapshot) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = []
    for product in sorted(snap.registry.products, key=lambda p: p.id):
        status = snap.status(product)
        for cert in reversed(product.certifications):
            cells = map(str, _row(snap, status, cert))
            rows.append([f"'{c}" if c[:1] in _FORMULA_START else c for c in cells])
    writer.writerows(rows)
    return buffer.getvalue()


def _row(snap: Snapshot, status: ProductStatus, cert: Certification) -> list[object]:
    product = status.product
    revoked = cert.revocation if status.is_revoked(cert) else None
    return [
        product.id,
        product.vendor,
        snap.vendor_name(product.vendor),
        clean_text(cert.info.name),
        clean_text(cert.info.type),
        str(cert.key.version),
        clean_text(cert.info.version),
        _iso(cert.certified_on) or "",
        cert.expires_on.isoformat(),
        "true" if cert.provisional else "false",
        status.state_of(cert).value,
        cert.tests_passed,
        cert.tests_required,
        _iso(revoked.revoked) if revoked else "",
        clean_text(revoked.reason) if revoked else "",
        status.state.value,
        _iso(status.until) or "",
        cert.key.path,
        snap.links.absolute(urls.product_page(product.vendor, product.slug)),
    ]
