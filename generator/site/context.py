"""The typed context of each page: everything a template shows, already sorted, worded and linked.

Templates receive one of the `*Page` objects below as `page` and only present it. The builders that
fill them live in `generator.site.pages`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.markdown import Readme
from generator.site.text import DateText

# Pages may load nothing from another origin. Vendor logos are remote images: loading them would let
# a vendor change what a reviewed page shows after approval and see who visits it, so pages link to
# logos instead of showing them, and `img-src 'self'` keeps it that way. Script and style come only
# from files under static/ (no inline script, no style attributes).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)


@dataclass(frozen=True)
class Link:
    """A link; `external` ones point at vendor or third-party pages (rel=nofollow noopener)."""

    href: str
    text: str
    external: bool = False


@dataclass(frozen=True)
class NavItem:
    href: str
    text: str
    current: bool


@dataclass(frozen=True)
class StatePill:
    """A state as shown: `value` names the CSS class and filter value, `label` is for people."""

    value: str
    label: str


@dataclass(frozen=True)
class Meta:
    """What every page shares: head, header, footer."""

    title: str
    heading: str
    description: str
    canonical: str
    csp: str
    program_name: str
    sample: bool
    home: str
    stylesheet: str
    icon: str
    theme_script: str
    script: str
    feed: str
    nav: tuple[NavItem, ...]
    footer_links: tuple[Link, ...]
    as_of: DateText
    indexable: bool


@dataclass(frozen=True)
class ProductRow:
    """One product in a listing (home page, vendor page)."""

    href: str
    name: str
    vendor: Link
    vendor_slug: str
    type: str
    state: StatePill
    versions: tuple[str, ...]
    until: DateText | None
    provisional: bool
    search: str

    @property
    def versions_data(self) -> str:
        return " ".join(self.versions)


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Filters:
    types: tuple[Option, ...]
    versions: tuple[Option, ...]
    vendors: tuple[Option, ...]
    states: tuple[Option, ...]


@dataclass(frozen=True)
class VersionLink:
    href: str
    version: str
    released: DateText | None
    certified: int
    certifiable: bool


@dataclass(frozen=True)
class ListingPage:
    meta: Meta
    intro: str
    summary: str
    rows: tuple[ProductRow, ...]
    filters: Filters
    versions: tuple[VersionLink, ...]
    vendors: tuple[Link, ...]
    downloads: tuple[Link, ...]


@dataclass(frozen=True)
class HistoryRow:
    """One certification in a product's history matrix."""

    version: Link
    certified_on: DateText | None
    expires_on: DateText
    provisional: bool
    state: StatePill
    tests_passed: int
    tests_required: int
    product_version: str
    evidence: tuple[Link, ...]
    revocation: str

    @property
    def tests_complete(self) -> bool:
        return self.tests_required > 0 and self.tests_passed >= self.tests_required


@dataclass(frozen=True)
class Badge:
    src: str
    alt: str
    markdown: str
    html: str


@dataclass(frozen=True)
class ProductPage:
    meta: Meta
    name: str
    vendor: Link
    type: str
    description: str
    state: StatePill
    standing: str
    until: DateText | None
    provisional_note: str
    links: tuple[Link, ...]
    history: tuple[HistoryRow, ...]
    readme: Readme
    readme_source: Link
    readme_version: str
    badge: Badge


@dataclass(frozen=True)
class VendorPage:
    meta: Meta
    name: str
    website: Link | None
    since: DateText | None
    summary: str
    rows: tuple[ProductRow, ...]


@dataclass(frozen=True)
class TypeCount:
    type: str
    certified: int
    valid: int


@dataclass(frozen=True)
class VersionRow:
    product: Link
    vendor: Link
    type: str
    certified_on: DateText | None
    product_version: str
    state: StatePill


@dataclass(frozen=True)
class VersionPage:
    meta: Meta
    version: str
    released: DateText | None
    expires: DateText | None
    provisional: bool
    expiry_note: str
    window_note: str
    type_counts: tuple[TypeCount, ...]
    rows: tuple[VersionRow, ...]
    neighbours: tuple[Link, ...]


@dataclass(frozen=True)
class NotFoundPage:
    meta: Meta
