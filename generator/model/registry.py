"""Vendors, products and their certifications, and the registry that answers questions of them."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from generator.model.program import Program
from generator.model.versions import Version


class State(enum.Enum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"

    @property
    def is_current(self) -> bool:
        return self in (State.ACTIVE, State.EXPIRING)


@dataclass(frozen=True)
class Offering:
    name: str
    website_url: str


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class Vendor:
    slug: str
    name: str
    website_url: str
    form_signed: date | None
    membership: str
    offerings: tuple[Offering, ...]
    contacts: tuple[Contact, ...]
    awaiting_review: bool = False

    def offers(self, product_name: str) -> bool:
        """Whether an offering has this name, ignoring case and runs of white space."""
        return _folded(product_name) in self._offered

    @functools.cached_property
    def _offered(self) -> frozenset[str]:
        # Asked for each of the vendor's submissions on every run: the names folded once.
        return frozenset(_folded(o.name) for o in self.offerings)


@dataclass(frozen=True)
class ProductInfo:
    """The fields of one PRODUCT.yaml, as the vendor wrote them (validated strings)."""

    vendor: str
    name: str
    version: str
    type: str
    description: str
    website_url: str
    documentation_url: str
    contact_email_address: str
    repo_url: str | None = None
    product_logo_url: str | None = None


@dataclass(frozen=True)
class SubmissionKey:
    vendor: str
    product: str
    version: Version

    def __str__(self) -> str:
        return f"{self.vendor}/{self.product}/{self.version}"

    @property
    def path(self) -> str:
        return f"data/vendors/{self.vendor}/{self.product}/{self.version}"

    @property
    def product_id(self) -> str:
        return f"{self.vendor}/{self.product}"


@dataclass(frozen=True)
class Revocation:
    key: SubmissionKey
    revoked: date
    reason: str


@dataclass(frozen=True)
class Certification:
    key: SubmissionKey
    info: ProductInfo
    certified_on: date | None
    expires_on: date
    provisional: bool
    tests_passed: int
    tests_required: int
    revocation: Revocation | None = None
    readme: str = ""
    warnings: tuple[str, ...] = ()

    def own_state(self, day: date, warning_days: int) -> State:
        """The state of this certification alone, before the product's chain rule."""
        if self.revocation is not None and self.revocation.revoked <= day:
            return State.REVOKED
        return state_for(self.expires_on, day, warning_days)


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def state_for(until: date, day: date, warning_days: int) -> State:
    if day > until:
        return State.EXPIRED
    if until - day <= timedelta(days=warning_days):
        return State.EXPIRING
    return State.ACTIVE


@dataclass(frozen=True)
class Product:
    vendor: str
    slug: str
    certifications: tuple[Certification, ...]  # oldest version first

    @property
    def id(self) -> str:
        return f"{self.vendor}/{self.slug}"

    @property
    def latest(self) -> Certification:
        return self.certifications[-1]

    @property
    def info(self) -> ProductInfo:
        return self.latest.info

    def standing(self, day: date) -> tuple[Certification, ...]:
        """Certifications not revoked on `day`."""
        return tuple(c for c in self.certifications if c.own_state(day, 0) is not State.REVOKED)

    def certified_until(self, day: date) -> date | None:
        """The latest expiry among standing certifications (the chain rule)."""
        standing = self.standing(day)
        return max(c.expires_on for c in standing) if standing else None

    def state(self, day: date, warning_days: int) -> State:
        until = self.certified_until(day)
        if until is None:
            return State.REVOKED
        return state_for(until, day, warning_days)

    def certification_state(self, cert: Certification, day: date, warning_days: int) -> State:
        """A certification stays valid while the product is certified (recertifying keeps it)."""
        if cert.own_state(day, warning_days) is State.REVOKED:
            return State.REVOKED
        return self.state(day, warning_days)

    def newest_standing(self, day: date) -> Certification | None:
        standing = self.standing(day)
        return standing[-1] if standing else None

    def known_on(self, day: date) -> Product | None:
        """The product as the registry stood on `day`: only certifications approved by then.

        A certification without a date (on the branch being built, not yet merged) counts as known.
        """
        known = tuple(
            c for c in self.certifications if c.certified_on is None or c.certified_on <= day
        )
        if len(known) == len(self.certifications):
            return self
        return Product(self.vendor, self.slug, known) if known else None


@dataclass(frozen=True)
class Registry:
    program: Program
    vendors: tuple[Vendor, ...]
    products: tuple[Product, ...]
    _by_vendor: dict[str, Vendor] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_vendor.update({v.slug: v for v in self.vendors})

    def vendor(self, slug: str) -> Vendor | None:
        return self._by_vendor.get(slug)

    def products_of(self, vendor: str) -> tuple[Product, ...]:
        return tuple(p for p in self.products if p.vendor == vendor)

    def products_for(self, version: Version) -> tuple[Product, ...]:
        return tuple(
            p for p in self.products if any(c.key.version == version for c in p.certifications)
        )

    def certifications(self) -> tuple[Certification, ...]:
        return tuple(c for p in self.products for c in p.certifications)

    def as_known_on(self, day: date) -> Registry:
        """The registry as it stood on `day` (see Product.known_on); vendors are kept."""
        known = (p.known_on(day) for p in self.products)
        return Registry(self.program, self.vendors, tuple(p for p in known if p is not None))
