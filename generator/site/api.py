"""The published data: api/v1/registry.json and api/v1/certifications.csv (see docs/api.md)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

import orjson

from generator.loading.cache import Cache
from generator.loading.fingerprint import code_fingerprint
from generator.model.registry import Certification, Product
from generator.site import urls
from generator.site.pagecache import verify_cached
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
_CSV_HEAD = ",".join(CSV_COLUMNS) + "\r\n"
#: The products' parts of both files kept in the cache; bumped whenever what they hold changes.
KIND = "api"
API_FORMAT = 1
_ENTRY_INDENT = "    "  # an entry of "products" sits two levels down in registry.json


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def api_files(snap: Snapshot, cache: Cache | None = None) -> tuple[str, str]:
    """The text of registry.json and of certifications.csv. Each product's part of both is
    taken from `cache` when its certifications, its vendor's name and `Snapshot.scope` are
    those it was made from (see `_product_parts`)."""
    products = sorted(snap.registry.products, key=lambda p: p.id)
    parts = [_product_parts(snap, product, cache) for product in products]
    return _registry_json(snap, [part[0] for part in parts]), _csv(part[1] for part in parts)


def _product_parts(snap: Snapshot, product: Product, cache: Cache | None = None) -> tuple[str, str]:
    """The product's entry in registry.json, indented as it is there, and its rows in the CSV.
    Both are made from what `Snapshot.digest` names (its certifications, hence its status on
    the snapshot's day, and its vendor's name) and `Snapshot.scope` (the program, the day,
    the links): kept in `cache` under those, they are made again only when one changes."""
    key, kept = None, None
    if cache is not None and cache.enabled:
        named = f"{API_FORMAT}\0{code_fingerprint()}\0{snap.scope}\0{snap.digest(product)}"
        key = hashlib.sha256(named.encode("utf-8", "surrogateescape")).hexdigest()
        kept = _parts_from(cache.get_text(KIND, key))
        if kept is not None and not verify_cached():
            return kept
    entry = orjson.dumps(_product(snap, product), option=orjson.OPT_INDENT_2).decode()
    made = (entry.replace("\n", "\n" + _ENTRY_INDENT), _csv_rows(snap, product))
    if key is not None and cache is not None:
        if verify_cached() and kept is not None and kept != made:
            raise AssertionError(f"{product.id}: the cache holds API parts out of date")
        cache.put_text(KIND, key, f"{len(made[0])}\n{made[0]}{made[1]}")
    return made


def _parts_from(text: str | None) -> tuple[str, str] | None:
    """The two parts `_product_parts` keeps: the length of the first, a newline, then both."""
    if text is None:
        return None
    size, newline, rest = text.partition("\n")
    if not newline or not size.isdigit() or int(size) > len(rest):
        return None
    return rest[: int(size)], rest[int(size) :]


def _registry_json(snap: Snapshot, entries: list[str]) -> str:
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
        "products": [],
    }
    # The same text as json.dumps(document, ensure_ascii=False, indent=2), ten times sooner;
    # with the products' entries, made one by one, put in the place of the empty list.
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    if entries:
        listed = ",\n".join(_ENTRY_INDENT + entry for entry in entries)
        head, empty, tail = text.rpartition('"products": []')
        assert empty, "the document ends with its list of products"
        text = f'{head}"products": [\n{listed}\n  ]{tail}'
    return text + "\n"


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


def _csv(parts: Iterable[str]) -> str:
    return "".join([_CSV_HEAD, *parts])


def _csv_rows(snap: Snapshot, product: Product) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    status = snap.status(product)
    for cert in reversed(product.certifications):
        cells = map(str, _row(snap, status, cert))
        writer.writerow([f"'{c}" if c[:1] in _FORMULA_START else c for c in cells])
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
