"""The import plan: from a listing of the source to vendors, products, slugs and skips. Pure.

Vendors are grouped by their normalised name (names.vendor_key), products by their normalised
name within a vendor (names.product_key). A vendor's slug comes from its normalised name, a
product's from its most common spelling (or, without a name, from the upstream folder name).
When two groups would get the same slug, the one seen first keeps it and the others get `-2`,
`-3` ...; a group that matches a vendor or product already in the registry takes that one's
slug. When one product has two upstream folders for one release, the later approval is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from generator.importer.approvals import Approvals
from generator.importer.examine import Candidate, Carry, Skip, examine
from generator.importer.listing import ExistingRegistry, Ignored, Listing
from generator.importer.names import most_common, product_key, vendor_key
from generator.importer.records import VendorStub, vendor_stub
from generator.model.registry import SubmissionKey
from generator.model.slugs import SLUG_MAX, slugify


@dataclass(frozen=True)
class Notice:
    """Something the import changed or decided that a maintainer should know."""

    source: str
    message: str


@dataclass(frozen=True)
class PlannedSubmission:
    source: str  # the upstream folder, `v1.29/taikun (TKS)`
    key: SubmissionKey
    carries: tuple[Carry, ...]
    left_out: tuple[str, ...]
    approved: dt.date | None


@dataclass(frozen=True)
class PlannedVendor:
    slug: str
    name: str
    existing: bool  # the registry has it already: its VENDOR.yaml is kept
    products: tuple[str, ...]  # product slugs with submissions in this import
    stub: VendorStub


@dataclass(frozen=True)
class ImportPlan:
    submissions: tuple[PlannedSubmission, ...]
    vendors: tuple[PlannedVendor, ...]
    skipped: tuple[Skip, ...]
    notices: tuple[Notice, ...]
    ignored: tuple[Ignored, ...]
    approvals: Approvals

    @property
    def products(self) -> int:
        return sum(len(vendor.products) for vendor in self.vendors)


@dataclass
class _Group:
    """Candidates sharing a normalised name (a vendor's, or a product's within a vendor)."""

    key: str
    members: list[Candidate]
    slug: str = ""
    existing: bool = False


def make_plan(listing: Listing, approvals: Approvals, existing: ExistingRegistry) -> ImportPlan:
    skipped: list[Skip] = []
    notices: list[Notice] = []
    candidates: list[Candidate] = []
    for folder in listing.folders:
        outcome = examine(folder, approvals.dates.get(folder.rel))
        if isinstance(outcome, Skip):
            skipped.append(outcome)
        else:
            candidates.append(outcome)
    candidates.sort(key=lambda c: c.order)
    submissions: list[PlannedSubmission] = []
    vendors: list[PlannedVendor] = []
    for group in _vendor_groups(candidates, existing, notices):
        planned = _plan_vendor(group, existing, skipped, notices)
        if planned:
            submissions.extend(planned)
            products = sorted({s.key.product for s in planned})
            vendors.append(_vendor(group, tuple(products), planned))
    planned_sources = {s.source for s in submissions}
    for candidate in candidates:
        if candidate.source in planned_sources:
            notices.extend(_file_notices(candidate))
    return ImportPlan(
        submissions=tuple(sorted(submissions, key=lambda s: str(s.key))),
        vendors=tuple(sorted(vendors, key=lambda v: v.slug)),
        skipped=tuple(sorted(skipped, key=lambda s: _source_order(s.source))),
        notices=tuple(sorted(notices, key=lambda n: _source_order(n.source))),
        ignored=listing.ignored,
        approvals=approvals,
    )


def _source_order(source: str) -> tuple[object, ...]:
    version, _, name = source.partition("/")
    digits = version.lstrip("v").split(".")
    return (tuple(int(d) if d.isdigit() else 0 for d in digits), name)


def _groups(items: Iterable[Candidate], key: Callable[[Candidate], str]) -> list[_Group]:
    by_key: dict[str, _Group] = {}
    for item in items:  # oldest first, so the first group to claim a slug is the oldest
        by_key.setdefault(key(item), _Group(key(item), [])).members.append(item)
    return list(by_key.values())


def _vendor_groups(
    candidates: list[Candidate], existing: ExistingRegistry, notices: list[Notice]
) -> list[_Group]:
    groups = _groups(candidates, lambda c: vendor_key(c.vendor_name))
    taken: set[str] = set()
    for group in groups:
        base = slugify(group.key) or slugify(group.members[0].folder.name) or "vendor"
        _claim(group, base, existing.vendors, vendor_key, taken, "vendor", notices)
    return groups


def _plan_vendor(
    vendor: _Group, existing: ExistingRegistry, skipped: list[Skip], notices: list[Notice]
) -> list[PlannedSubmission]:
    products = _groups(vendor.members, lambda c: product_key(c.product_name))
    known = {p: n for (v, p), n in existing.products.items() if v == vendor.slug}
    taken: set[str] = set()
    planned: list[PlannedSubmission] = []
    for product in products:
        name = most_common(c.product_name for c in product.members)
        base = slugify(name) or slugify(product.members[0].folder.name) or "product"
        _claim(product, base, known, product_key, taken, "product", notices)
    notices.extend(_shared_folders(products))
    for product in products:
        for candidate in _one_per_release(product.members, skipped):
            key = SubmissionKey(vendor.slug, product.slug, candidate.folder.version)
            if str(key) in existing.submissions:
                skipped.append(Skip(candidate.source, f"{key.path} is in the registry already"))
                continue
            planned.append(
                PlannedSubmission(
                    candidate.source, key, candidate.carries, candidate.left_out, candidate.approved
                )
            )
    return planned


def _claim(
    group: _Group,
    base: str,
    known: Mapping[str, str | None],
    normalise: Callable[[str], str],
    taken: set[str],
    what: str,
    notices: list[Notice],
) -> None:
    """Give the group its slug: a registry entry of the same name's, else the first free one."""
    for slug, name in sorted(known.items()):
        if name is not None and normalise(name) == group.key and slug not in taken:
            group.slug, group.existing = slug, True
            taken.add(slug)
            return
    number = 1
    slug = base
    while slug in taken or slug in known:
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    group.slug = slug
    taken.add(slug)
    if slug != base:
        first = group.members[0]
        name = first.vendor_name if what == "vendor" else first.product_name
        owner = "a vendor" if what == "vendor" else "another product of this vendor"
        notices.append(
            Notice(
                first.source,
                f"the {what} {name!r} would be {base!r}, which {owner} already has: "
                f"it becomes {slug!r}",
            )
        )


def _shared_folders(products: list[_Group]) -> list[Notice]:
    """Folders of one name that hold differently named products: perhaps one renamed product."""
    by_folder: dict[str, dict[str, Candidate]] = {}
    for product in products:
        for member in product.members:
            by_folder.setdefault(member.folder.name.casefold(), {}).setdefault(product.slug, member)
    found = []
    for members in by_folder.values():
        if len(members) > 1:
            listed = sorted(members.values(), key=lambda c: c.order)
            names = ", ".join(f"{c.source} ({c.product_name!r})" for c in listed)
            found.append(
                Notice(
                    listed[-1].source,
                    f"folders of one name hold differently named products: {names}; they are "
                    "imported as separate products (if one was renamed, merge them by hand)",
                )
            )
    return found


def _one_per_release(members: list[Candidate], skipped: list[Skip]) -> list[Candidate]:
    """One folder per release: the later approval (then the later folder name) wins."""
    by_version: dict[object, list[Candidate]] = {}
    for member in members:
        by_version.setdefault(member.folder.version, []).append(member)
    kept = []
    for same in by_version.values():
        same.sort(key=lambda c: (c.approved or dt.date.min, c.folder.name))
        winner = same[-1]
        kept.append(winner)
        for other in same[:-1]:
            why = "approved later" if other.approved != winner.approved else "its name sorts later"
            skipped.append(
                Skip(
                    other.source,
                    f"the same product and release as {winner.source}, which is kept ({why})",
                )
            )
    return kept


def _vendor(
    group: _Group, products: tuple[str, ...], planned: list[PlannedSubmission]
) -> PlannedVendor:
    members = group.members
    name = most_common(c.vendor_name for c in members)
    by_source = {c.source: c for c in members}
    imported = [by_source[p.source] for p in planned]
    stub = vendor_stub(
        name, [c.vendor_name for c in members], [(c.product_name, c.product) for c in imported]
    )
    return PlannedVendor(group.slug, name, group.existing, products, stub)


def _file_notices(candidate: Candidate) -> list[Notice]:
    found = []
    for carry in candidate.carries:
        if carry.renamed:
            found.append(
                Notice(candidate.source, f"{carry.source} is carried over as {carry.target}")
            )
    if candidate.named_after_folder:
        found.append(Notice(candidate.source, "PRODUCT.yaml has no name: named after the folder"))
    return found
