"""The registry as of the build date, with each product's status worked out once."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from generator.loading.cache import distinct_text
from generator.model.registry import Certification, Product, Registry, State, Vendor
from generator.model.versions import Version
from generator.site.status import ProductStatus
from generator.site.text import clean_text
from generator.site.urls import Links


@dataclass(frozen=True)
class Snapshot:
    """What the site shows: the registry known on `day`, statuses, and links from the root."""

    registry: Registry
    day: date
    links: Links
    statuses: dict[str, ProductStatus] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, registry: Registry, day: date, base_url: str) -> Snapshot:
        known = registry.as_known_on(day)
        warning = known.program.warning_days
        statuses = {p.id: ProductStatus.of(p, day, warning) for p in known.products}
        links = Links(base_url, "", known.program.evidence_url)
        return cls(known, day, links, statuses)

    def status(self, product: Product) -> ProductStatus:
        return self.statuses[product.id]

    # The snapshot never changes, so what every page asks of it is worked out once (the
    # functools caches die with the snapshot, which holds them).

    @functools.cached_property
    def _products(self) -> tuple[Product, ...]:
        return tuple(
            sorted(
                self.registry.products,
                key=lambda p: (
                    clean_text(p.info.name).casefold(),
                    self.vendor_name(p.vendor),
                    p.id,
                ),
            )
        )

    def products(self) -> tuple[Product, ...]:
        """Every product, by name as people read it, then by vendor and id."""
        return self._products

    @functools.cached_property
    def _by_vendor(self) -> dict[str, tuple[Product, ...]]:
        found: dict[str, list[Product]] = {}
        for product in self._products:
            found.setdefault(product.vendor, []).append(product)
        return {slug: tuple(products) for slug, products in found.items()}

    def products_of(self, slug: str) -> tuple[Product, ...]:
        """The vendor's products, in the order of `products`."""
        return self._by_vendor.get(slug, ())

    @functools.cached_property
    def _vendor_slugs(self) -> tuple[str, ...]:
        slugs = {v.slug for v in self.registry.vendors} | {p.vendor for p in self.registry.products}
        return tuple(sorted(slugs, key=lambda s: (self.vendor_name(s).casefold(), s)))

    def vendor_slugs(self) -> tuple[str, ...]:
        """Every vendor with a record or a product, by name."""
        return self._vendor_slugs

    def vendor(self, slug: str) -> Vendor | None:
        return self.registry.vendor(slug)

    def vendor_name(self, slug: str) -> str:
        """The legal name from VENDOR.yaml, else what the vendor's products say, else the slug."""
        name = self._vendor_names.get(slug)
        if name is None:
            name = self._vendor_names[slug] = self._name_of(slug)
        return name

    @functools.cached_property
    def _vendor_names(self) -> dict[str, str]:
        return {}

    def _name_of(self, slug: str) -> str:
        vendor = self.registry.vendor(slug)
        if vendor is not None and clean_text(vendor.name):
            return clean_text(vendor.name)
        names = sorted(clean_text(p.info.vendor) for p in self.registry.products_of(slug))
        return next((n for n in names if n), slug)

    @functools.cached_property
    def _standing_for(self) -> dict[Version, tuple[Product, ...]]:
        return self._by_version(lambda p: self.status(p).standing)

    def standing_for(self, version: Version) -> tuple[Product, ...]:
        """Products holding a standing certification for `version`, in the order of
        `products`."""
        return self._standing_for.get(version, ())

    @functools.cached_property
    def _certified_in(self) -> dict[Version, tuple[Product, ...]]:
        return self._by_version(lambda p: p.certifications)

    def _by_version(
        self, certifications: Callable[[Product], tuple[Certification, ...]]
    ) -> dict[Version, tuple[Product, ...]]:
        """Version -> the products (in the order of `products`) with one of `certifications`
        for it."""
        found: dict[Version, list[Product]] = {}
        for product in self._products:
            for version in dict.fromkeys(c.key.version for c in certifications(product)):
                found.setdefault(version, []).append(product)
        return {version: tuple(products) for version, products in found.items()}

    def certified_in(self, version: Version) -> tuple[Product, ...]:
        """Products with a certification for `version`, revoked or not, in the order of
        `products`."""
        return self._certified_in.get(version, ())

    @functools.cached_property
    def scope(self) -> str:
        """What every page may show beyond its own products and vendors: the program, the
        date, the links, the versions."""
        return repr((self.registry.program, self.day, self.links, self._versions))

    @functools.cached_property
    def _summaries(self) -> dict[str, tuple[str, str]]:
        """Per product, its `digest` and its `outline`, from one pass over its certifications:
        the outline names every field but the READMEs, and the digest the outline and them."""
        bare = operator.attrgetter(
            *(f.name for f in dataclasses.fields(Certification) if f.name != "readme")
        )
        sha = hashlib.sha256
        found = {}
        for p in self.registry.products:
            certs = p.certifications
            text = distinct_text((p.vendor, p.slug, list(map(bare, certs)), self.vendor_name(p.vendor)))
            readmes = distinct_text([c.readme for c in certs])
            found[p.id] = (sha(text + b"\0" + readmes).hexdigest(), sha(text).hexdigest())
        return found

    def digest(self, product: Product) -> str:
        """A name for everything a page can show of `product`: its certifications (hence its
        status on the snapshot's day, under the program's rules) and its vendor's name."""
        return self._summaries[product.id][0]

    def outline(self, product: Product) -> str:
        """`digest` without the READMEs, which only the product's own page shows."""
        return self._summaries[product.id][1]

    @functools.cached_property
    def _versions(self) -> tuple[Version, ...]:
        named = {c.key.version for c in self.registry.certifications()}
        return tuple(sorted(set(self.registry.program.versions()) | named, reverse=True))

    def versions(self) -> tuple[Version, ...]:
        """Every version the program knows or a certification names, newest first."""
        return self._versions

    def certifiable(self) -> tuple[Version, ...]:
        return self.registry.program.certifiable_on(self.day)

    def counts(self) -> dict[State, int]:
        counts = dict.fromkeys(State, 0)
        for status in self.statuses.values():
            counts[status.state] += 1
        return counts

