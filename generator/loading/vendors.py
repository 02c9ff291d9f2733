"""Reading VENDOR.yaml, the maintainers' record of a participating vendor."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.loading.limits import FILE_LIMITS
from generator.loading.problems import ReadProblem
from generator.loading.schemas import schema_problems
from generator.loading.submission import VENDOR_FILE, VENDORS_DIR
from generator.loading.yamlfile import as_date, load_yaml_file
from generator.model.registry import Contact, Offering, Vendor


@dataclass
class VendorRecord:
    slug: str
    file: str
    vendor: Vendor | None = None
    problems: list[ReadProblem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


class VendorBook:
    """Loads each VENDOR.yaml once, on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @functools.cache  # noqa: B019 - one book per run; the cache dies with it
    def get(self, slug: str) -> VendorRecord:
        return load_vendor(self.root, slug)


def load_vendor(root: Path, slug: str) -> VendorRecord:
    rel = f"{VENDORS_DIR}/{slug}/{VENDOR_FILE}"
    record = VendorRecord(slug=slug, file=rel)
    path = root / rel
    if path.is_symlink() or not path.is_file():
        record.problems.append(
            ReadProblem(
                f"there is no {rel}: a maintainer adds it once the vendor's participation form "
                "is signed"
            )
        )
        return record
    doc = load_yaml_file(path, FILE_LIMITS["PRODUCT.yaml"])
    record.lines = doc.lines
    if not doc.ok:
        record.problems.extend(doc.problems)
        return record
    if not isinstance(doc.data, dict):
        record.problems.append(ReadProblem("must be a mapping of fields", 1))
        return record
    record.problems.extend(schema_problems("vendor", doc.data, doc.lines))
    if not record.problems:
        record.vendor = _vendor(slug, doc.data)
    return record


def _vendor(slug: str, data: dict[str, Any]) -> Vendor:
    return Vendor(
        slug=slug,
        name=data["name"],
        website_url=data["website_url"],
        form_signed=as_date(data.get("participation_form_signed")),
        membership=data["membership"],
        offerings=tuple(Offering(o["name"], o["website_url"]) for o in data["offerings"]),
        contacts=tuple(Contact(c["name"], c["email"]) for c in data["contacts"]),
        awaiting_review=data.get("status") == "awaiting-review",
    )
