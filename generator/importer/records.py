"""The text of what the import writes besides the carried files. Pure.

VENDOR.yaml stubs are guesses from the vendor's upstream PRODUCT.yaml files, marked
`status: awaiting-review` so that `vendor-policy` fails until a maintainer has checked them
against the signed participation form. The import map lists the new path of every upstream
folder (and of every file whose name changed), so that old links can be redirected.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.importer.names import most_common

_EMAIL = re.compile(r"[^@\s<>\"',;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_MAX_CONTACTS = 3
# Schema-valid but visibly not a real site, for a vendor none of whose files gives a web address.
NO_WEBSITE = "https://unknown.invalid/"
MEMBERSHIP_GUESS = "fee"

STUB_HEADER = """\
# Written by certreg import-upstream from this vendor's upstream PRODUCT.yaml files, and not yet
# checked by a maintainer. Compare every value with the signed participation form: the legal
# name, the website, the membership (a guess), the date the form was signed (unknown), the
# offerings and the contacts. Then delete the `status` line.
"""


@dataclass(frozen=True)
class VendorStub:
    """The fields of a VENDOR.yaml the import proposes for a vendor."""

    name: str
    website_url: str
    offerings: tuple[tuple[str, str], ...]  # (product name, https website)
    contacts: tuple[str, ...]  # e-mail addresses
    spellings: tuple[str, ...]  # every way upstream files spell the vendor

    def data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "website_url": self.website_url,
            "participation_form_signed": None,
            "membership": MEMBERSHIP_GUESS,
            "offerings": [{"name": n, "website_url": url} for n, url in self.offerings],
            "contacts": [{"name": self.name, "email": email} for email in self.contacts],
            "status": "awaiting-review",
        }

    def text(self) -> str:
        spelled = ", ".join(json.dumps(s) for s in self.spellings)
        header = STUB_HEADER + f"# Spelled upstream: {spelled}\n"
        body = yaml.safe_dump(self.data(), sort_keys=False, allow_unicode=True, width=200)
        return header + body


def https_url(value: object) -> str | None:
    """`value` as an https URL (http:// becomes https://); None when it is not a web address."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.lower().startswith("http://"):
        text = "https://" + text[len("http://") :]
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or not parts.hostname or "." not in parts.hostname:
        return None
    if any(ch.isspace() for ch in text):
        return None
    return text


def _site_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return f"https://{host}/"


def _offering_key(name: str) -> str:
    """As `Vendor.offers` compares names: case-folded, spaces collapsed."""
    return " ".join(name.casefold().split())


def vendor_stub(
    name: str, spellings: Iterable[str], products: Sequence[tuple[str, Mapping[str, Any]]]
) -> VendorStub:
    """A stub from the vendor's names and its imported submissions' (product name, PRODUCT.yaml),
    oldest first. The newest submission with a web address gives the website; each product name
    (compared as `Vendor.offers` compares them) is an offering, in its most common spelling."""
    newest_first = list(reversed(products))
    websites = [https_url(data.get("website_url")) for _, data in newest_first]
    site = next((_site_of(url) for url in websites if url), NO_WEBSITE)
    spelled: dict[str, list[str]] = {}
    linked: dict[str, str] = {}
    for (product, _), url in zip(products, reversed(websites), strict=True):
        spelled.setdefault(_offering_key(product), []).append(product)
        linked[_offering_key(product)] = url or linked.get(_offering_key(product)) or site
    offerings = {key: (most_common(names), linked[key]) for key, names in spelled.items()}
    contacts: list[str] = []
    for _, data in newest_first:
        email = data.get("contact_email_address")
        text = email.strip() if isinstance(email, str) else ""
        if _EMAIL.fullmatch(text) and text not in contacts and len(contacts) < _MAX_CONTACTS:
            contacts.append(text)
    return VendorStub(
        name=name,
        website_url=site,
        offerings=tuple(sorted(offerings.values(), key=lambda o: (_offering_key(o[0]), o[0]))),
        contacts=tuple(contacts),
        spellings=tuple(sorted(set(spellings))),
    )


HISTORY_HEADER = (
    "# Approval dates of submissions imported by certreg import-upstream: the date of the\n"
    "# upstream first-parent commit that added each folder.\n"
)


def history_lines(entries: Mapping[str, dt.date]) -> str:
    """`vendor/product/vX.Y: YYYY-MM-DD` lines, sorted, under a comment saying where from."""
    if not entries:
        return ""
    lines = "".join(f"{key}: {day.isoformat()}\n" for key, day in sorted(entries.items()))
    return HISTORY_HEADER + lines


MAP_HEADER = """\
# Where each upstream folder went: upstream path -> path in this registry, written by
# certreg import-upstream. Files that changed name are listed too (PRODUCT.yml -> PRODUCT.yaml).
# Redirect old links with it: match the longest upstream path that starts the old one.
"""


def map_text(entries: Mapping[str, str]) -> str:
    body = yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, width=1000)
    return MAP_HEADER + body
