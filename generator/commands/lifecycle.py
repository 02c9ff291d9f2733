"""`certreg lifecycle`: what expires soon and what has expired, with whom to tell."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import click

from generator.commands.common import as_of_date, as_of_option, find_root
from generator.gitio.history import certification_dates
from generator.loading.registry import load_registry
from generator.model.registry import Product, Registry, State
from generator.site.status import ProductStatus
from generator.site.text import clean_text
from generator.site.urls import normal_base_url, product_page


@dataclass(frozen=True)
class Reminder:
    """One product whose certification ends soon or has ended."""

    product: str
    name: str
    vendor: str
    vendor_name: str
    newest_version: str
    certified_until: date
    days: int
    contacts: tuple[str, ...]
    url: str

    def as_json(self) -> dict[str, object]:
        return {
            "product": self.product,
            "name": self.name,
            "vendor": self.vendor,
            "vendor_name": self.vendor_name,
            "newest_version": self.newest_version,
            "certified_until": self.certified_until.isoformat(),
            "days": self.days,
            "contacts": list(self.contacts),
            "url": self.url,
        }


@dataclass(frozen=True)
class LifecycleReport:
    as_of: date
    within: int
    expiring: tuple[Reminder, ...]
    expired: tuple[Reminder, ...]


def lifecycle_report(registry: Registry, day: date, within: int) -> LifecycleReport:
    """Products certified until `within` days from `day`, and products whose certification ended.

    Revoked products are left out: a revocation is told to the vendor when it is decided.
    """
    known = registry.as_known_on(day)
    expiring, expired = [], []
    for product in known.products:
        status = ProductStatus.of(product, day, within)
        if status.until is None or status.state is State.REVOKED:
            continue
        if status.state is State.EXPIRED:
            expired.append(_reminder(known, product, status))
        elif status.state is State.EXPIRING:
            expiring.append(_reminder(known, product, status))
    return LifecycleReport(
        as_of=day,
        within=within,
        expiring=tuple(sorted(expiring, key=lambda r: (r.certified_until, r.product))),
        expired=tuple(sorted(expired, key=lambda r: (-r.certified_until.toordinal(), r.product))),
    )


def _reminder(registry: Registry, product: Product, status: ProductStatus) -> Reminder:
    assert status.until is not None
    vendor = registry.vendor(product.vendor)
    # Vendor text reaches a terminal or a mail tool: no control characters or overrides.
    emails = {clean_text(product.info.contact_email_address)}
    emails |= {clean_text(c.email) for c in vendor.contacts} if vendor else set()
    base = normal_base_url(registry.program.base_url)
    return Reminder(
        product=product.id,
        name=clean_text(product.info.name),
        vendor=product.vendor,
        vendor_name=clean_text(vendor.name if vendor else product.info.vendor),
        newest_version=str(status.newest.key.version),
        certified_until=status.until,
        days=(status.until - status.day).days,
        contacts=tuple(sorted(e for e in emails if e)),
        url=base + product_page(product.vendor, product.slug),
    )


def as_text(report: LifecycleReport) -> str:
    lines = [f"Expiring within {report.within} days of {report.as_of}: {len(report.expiring)}"]
    lines += [_line(r, f"in {r.days} days") for r in report.expiring]
    lines.append(f"Expired: {len(report.expired)}")
    lines += [_line(r, f"{-r.days} days ago") for r in report.expired]
    return "\n".join(lines) + "\n"


def _line(reminder: Reminder, when: str) -> str:
    return (
        f"  {reminder.product}  {reminder.newest_version}  certified until "
        f"{reminder.certified_until} ({when})  {', '.join(reminder.contacts) or 'no contact'}"
    )


def as_json(report: LifecycleReport) -> str:
    document = {
        "as_of": report.as_of.isoformat(),
        "within": report.within,
        "expiring": [r.as_json() for r in report.expiring],
        "expired": [r.as_json() for r in report.expired],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@click.command("lifecycle")
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    metavar="DAYS",
    help="How far ahead to look (default: the program's warning window).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@as_of_option
def command(within: int | None, fmt: str, as_of: str | None) -> None:
    """List certifications that expire soon or have expired, with contact addresses.

    Feed the JSON to whatever sends the maintainers' reminders.
    """
    root = find_root()
    day = as_of_date(as_of)
    registry = load_registry(root, git_dates=certification_dates(root)).registry()
    days = within if within is not None else registry.program.warning_days
    report = lifecycle_report(registry, day, days)
    click.echo(as_json(report) if fmt == "json" else as_text(report), nl=False)
