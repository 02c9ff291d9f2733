"""Reading VENDOR.yaml, the maintainers' record of a participating vendor.

A registry has hundreds of vendors and a build reads every record: what each file gave (the
vendor, or the problems, with the lines of its fields) is kept in the cache by the file's
content and the code that read it, so an unchanged record is neither parsed nor checked
against the schema again.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.loading.cache import Cache
from generator.loading.filekeys import FileKeys
from generator.loading.fingerprint import code_fingerprint
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
    """Loads each VENDOR.yaml once, on first use: through `cache` when given (with `keys`
    naming the file's content)."""

    def __init__(
        self, root: Path, cache: Cache | None = None, keys: FileKeys | None = None
    ) -> None:
        self.root = root
        usable = cache is not None and cache.enabled and keys is not None
        self.cache = cache if usable else None
        self.keys = keys

    @functools.cache  # noqa: B019 - one book per run; the cache dies with it
    def get(self, slug: str) -> VendorRecord:
        if self.cache is None or self.keys is None:
            return load_vendor(self.root, slug)
        rel = f"{VENDORS_DIR}/{slug}/{VENDOR_FILE}"
        path = self.root / rel
        try:
            # Where git's index names the file, it is a regular file as committed: no need to
            # look (a build reads every vendor's record).
            content = self.keys.known(rel)
            if content is None:
                if path.is_symlink() or not path.is_file():
                    return load_vendor(self.root, slug)
                content = self.keys.key(rel)
            key = f"{RECORD_FORMAT}/{code_fingerprint()}/{slug}/{content}"
        except OSError:
            return load_vendor(self.root, slug)
        found = _from_json(self.cache.get(KIND, key), slug, rel)
        if found is None:
            found = load_vendor(self.root, slug)
            self.cache.put(KIND, key, _to_json(found))
        return found


KIND = "vendors"
#: Bumped whenever what an entry holds changes.
RECORD_FORMAT = 1


def _to_json(record: VendorRecord) -> dict[str, Any]:
    vendor = record.vendor
    return {
        "problems": [[p.message, p.line] for p in record.problems],
        "lines": record.lines,
        "vendor": None
        if vendor is None
        else {
            "name": vendor.name,
            "website_url": vendor.website_url,
            "form_signed": vendor.form_signed.isoformat() if vendor.form_signed else None,
            "membership": vendor.membership,
            "offerings": [[o.name, o.website_url] for o in vendor.offerings],
            "contacts": [[c.name, c.email] for c in vendor.contacts],
            "awaiting_review": vendor.awaiting_review,
        },
    }


def _from_json(value: object, slug: str, rel: str) -> VendorRecord | None:
    """The record `_to_json` wrote; None for anything else (then the file is read again)."""
    try:
        if not isinstance(value, dict) or set(value) != {"problems", "lines", "vendor"}:
            return None
        problems = [ReadProblem(_text(m), _line(n)) for m, n in value["problems"]]
        lines = {_text(k): _count(n) for k, n in value["lines"].items()}
        data = value["vendor"]
        vendor = None
        if data is not None:
            signed = data["form_signed"]
            vendor = Vendor(
                slug=slug,
                name=_text(data["name"]),
                website_url=_text(data["website_url"]),
                form_signed=dt.date.fromisoformat(_text(signed)) if signed is not None else None,
                membership=_text(data["membership"]),
                offerings=tuple(Offering(_text(n), _text(u)) for n, u in data["offerings"]),
                contacts=tuple(Contact(_text(n), _text(e)) for n, e in data["contacts"]),
                awaiting_review=data["awaiting_review"] is True,
            )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return VendorRecord(slug=slug, file=rel, vendor=vendor, problems=problems, lines=lines)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise TypeError("a line number expected")
    return value


def _line(value: object) -> int | None:
    return None if value is None else _count(value)


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
