"""Loading a whole registry: program, requirement lists, vendors, ledgers and submissions,
assembled into the model that the site and the API present."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.loading.files import SubmissionFiles
from generator.loading.ledgers import load_history, load_revocations
from generator.loading.program import load_program
from generator.loading.requirements import load_requirement_lists
from generator.loading.submission import SubmissionFolder, discover
from generator.loading.vendors import VendorBook
from generator.model.program import Program
from generator.model.registry import (
    Certification,
    Product,
    ProductInfo,
    Registry,
    Revocation,
    SubmissionKey,
    Vendor,
)
from generator.model.tests import Outcome, RequirementList
from generator.model.versions import Version

_INFO_FIELDS = (
    "vendor",
    "name",
    "version",
    "type",
    "description",
    "website_url",
    "documentation_url",
    "contact_email_address",
)


@dataclass
class LoadedRegistry:
    root: Path
    program: Program
    requirements: dict[Version, RequirementList]
    vendors: VendorBook
    history: dict[SubmissionKey, dt.date]
    revocations: dict[SubmissionKey, Revocation]
    submissions: list[SubmissionFiles]
    dates: dict[SubmissionKey, dt.date] = field(default_factory=dict)

    def files_of(self, folders: list[SubmissionFolder]) -> list[SubmissionFiles]:
        known = {files.folder.rel: files for files in self.submissions}
        return [known.get(folder.rel) or SubmissionFiles(folder) for folder in folders]

    def registry(self) -> Registry:
        return assemble(self)

    @property
    def undated(self) -> list[SubmissionKey]:
        return [
            f.folder.key
            for f in self.submissions
            if f.folder.key is not None and f.folder.key not in self.dates
        ]


def load_registry(
    root: Path,
    git_dates: Mapping[SubmissionKey, dt.date] | None = None,
    paths: list[Path] | None = None,
) -> LoadedRegistry:
    """Read everything; configuration problems raise ConfigError, submission problems do not.

    Certification dates come from git history where known, and data/history.yaml wins.
    """
    program = load_program(root)
    history = load_history(root)
    dates = dict(git_dates or {})
    dates.update(history)
    return LoadedRegistry(
        root=root,
        program=program,
        requirements=load_requirement_lists(root),
        vendors=VendorBook(root),
        history=history,
        revocations=load_revocations(root),
        submissions=[SubmissionFiles(folder) for folder in discover(root, paths)],
        dates=dates,
    )


def _text(data: Mapping[str, Any], name: str, fallback: str = "") -> str:
    value = data.get(name)
    if value is None:
        return fallback
    return str(value).strip() or fallback


def product_info(files: SubmissionFiles, vendor_name: str) -> ProductInfo:
    """What PRODUCT.yaml says, as text, with safe fallbacks where it is broken."""
    key = files.folder.key
    assert key is not None
    doc = files.product
    data: Mapping[str, Any] = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    texts = {name: _text(data, name) for name in _INFO_FIELDS}
    texts["vendor"] = texts["vendor"] or vendor_name
    texts["name"] = texts["name"] or key.product
    return ProductInfo(
        **texts,
        repo_url=_text(data, "repo_url") or None,
        product_logo_url=_text(data, "product_logo_url") or None,
    )


def passed_required(files: SubmissionFiles, listed: RequirementList | None) -> tuple[int, int]:
    """How many required tests passed, and how many are required."""
    report = files.junit
    if report is None or report.problem is not None:
        return 0, len(listed.required()) if listed else 0
    passed = {r.identity for r in report.results if r.outcome is Outcome.PASSED}
    failed = {r.identity for r in report.results if r.outcome is not Outcome.PASSED}
    if listed is None:
        conformance = {name for name in passed if "[Conformance]" in name}
        return len(conformance - failed), 0
    required = {r.identity for r in listed.required()}
    return len((required & passed) - failed), len(required)


def _vendor(loaded: LoadedRegistry, slug: str) -> Vendor:
    record = loaded.vendors.get(slug)
    if record.vendor is not None:
        return record.vendor
    return Vendor(
        slug=slug,
        name=slug,
        website_url="",
        form_signed=None,
        membership="",
        offerings=(),
        contacts=(),
        awaiting_review=True,
    )


def assemble(loaded: LoadedRegistry) -> Registry:
    """The model of everything on disk that can be published."""
    program = loaded.program
    by_product: dict[tuple[str, str], list[Certification]] = {}
    vendor_slugs: set[str] = set()
    for files in loaded.submissions:
        key = files.folder.key
        expiry = program.expiry_of(key.version) if key is not None else None
        if key is None or expiry is None:
            continue
        vendor = _vendor(loaded, key.vendor)
        vendor_slugs.add(key.vendor)
        passed, required = passed_required(files, loaded.requirements.get(key.version))
        certification = Certification(
            key=key,
            info=product_info(files, vendor.name),
            certified_on=loaded.dates.get(key),
            expires_on=expiry.on,
            provisional=expiry.provisional,
            tests_passed=passed,
            tests_required=required,
            revocation=loaded.revocations.get(key),
            readme=files.readme or "",
        )
        by_product.setdefault((key.vendor, key.product), []).append(certification)
    products = tuple(
        Product(
            vendor=vendor,
            slug=slug,
            certifications=tuple(sorted(certs, key=lambda c: c.key.version)),
        )
        for (vendor, slug), certs in sorted(by_product.items())
    )
    vendors = tuple(_vendor(loaded, slug) for slug in sorted(vendor_slugs))
    return Registry(program=program, vendors=vendors, products=products)
