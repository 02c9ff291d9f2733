"""Reading the source checkout and the target registry into plain values.

These are the importer's only reads of the file system (besides the copy itself); everything they
return is plain data for the pure planner. Nothing here follows a symbolic link.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.loading.limits import FILE_LIMITS
from generator.loading.problems import ReadProblem
from generator.loading.submission import VENDOR_FILE
from generator.loading.yamlfile import load_yaml_file, read_text
from generator.model.versions import Version

#: Names of the product file as upstream folders have it, case-folded.
PRODUCT_FILE_NAMES = frozenset({"product.yaml", "product.yml"})


@dataclass(frozen=True)
class SourceFile:
    """A file somewhere inside an upstream submission folder."""

    path: str  # inside the folder, with `/`: "PRODUCT.yml", "results/junit_01.xml"
    kind: str  # file, symlink, other
    size: int

    @property
    def top(self) -> bool:
        return "/" not in self.path


@dataclass(frozen=True)
class SourceFolder:
    """One upstream submission folder `vX.Y/<name>/` and what it holds."""

    version: Version
    name: str
    files: tuple[SourceFile, ...]
    # Each top-level product file (any accepted spelling): its text, or why it cannot be read.
    product_texts: Mapping[str, str | ReadProblem] = field(default_factory=dict)

    @property
    def rel(self) -> str:
        return f"{self.version}/{self.name}"


@dataclass(frozen=True)
class Ignored:
    """Something in SRC that is not a submission folder, and why it is left alone."""

    path: str
    why: str


@dataclass(frozen=True)
class Listing:
    folders: tuple[SourceFolder, ...]
    ignored: tuple[Ignored, ...]

    @property
    def versions(self) -> tuple[Version, ...]:
        return tuple(sorted({folder.version for folder in self.folders}))


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as scan:
        return sorted(scan, key=lambda entry: entry.name)


def _kind(entry: os.DirEntry[str]) -> tuple[str, int]:
    info = entry.stat(follow_symlinks=False)
    if stat.S_ISLNK(info.st_mode):
        return "symlink", 0
    if stat.S_ISREG(info.st_mode):
        return "file", info.st_size
    if stat.S_ISDIR(info.st_mode):
        return "dir", 0
    return "other", 0


def read_source(src: Path) -> Listing:
    """Every `vX.Y/<folder>/` of an upstream checkout, and what at its top level is ignored."""
    folders: list[SourceFolder] = []
    ignored: list[Ignored] = []
    for entry in _scan(src):
        if entry.name.startswith("."):
            continue  # .git, .github: the upstream project's own machinery
        kind, _ = _kind(entry)
        if kind != "dir" or not Version.is_folder_name(entry.name):
            what = "a file" if kind == "file" else "not a vX.Y folder"
            ignored.append(Ignored(entry.name, f"{what} at the top of the checkout"))
            continue
        version = Version.parse(entry.name)
        for child in _scan(Path(entry.path)):
            child_kind, _ = _kind(child)
            rel = f"{entry.name}/{child.name}"
            if child_kind == "dir":
                folders.append(_read_folder(Path(child.path), version, child.name))
            elif child_kind == "symlink":
                ignored.append(Ignored(rel, "a symbolic link in a version folder"))
            else:
                ignored.append(Ignored(rel, "a file directly in a version folder"))
    return Listing(tuple(folders), tuple(ignored))


def _read_folder(path: Path, version: Version, name: str) -> SourceFolder:
    files: list[SourceFile] = []
    pending = [(path, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in _scan(folder):
            kind, size = _kind(entry)
            if kind == "dir":
                pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                files.append(SourceFile(f"{prefix}{entry.name}", kind, size))
    files.sort(key=lambda f: (f.path.count("/"), f.path))
    texts: dict[str, str | ReadProblem] = {}
    for item in files:
        if item.top and item.kind == "file" and item.path.casefold() in PRODUCT_FILE_NAMES:
            text, problem = read_text(path / item.path, FILE_LIMITS["PRODUCT.yaml"])
            texts[item.path] = text if text is not None else problem or ReadProblem("unreadable")
    return SourceFolder(version, name, tuple(files), texts)


@dataclass(frozen=True)
class ExistingRegistry:
    """What the target registry holds already, so that the import never overwrites it."""

    vendors: Mapping[str, str | None] = field(default_factory=dict)  # slug -> legal name
    products: Mapping[tuple[str, str], str | None] = field(default_factory=dict)  # -> name
    submissions: frozenset[str] = frozenset()  # vendor/product/vX.Y

    def vendor_taken(self, slug: str) -> bool:
        return slug in self.vendors

    def product_taken(self, vendor: str, slug: str) -> bool:
        return (vendor, slug) in self.products


def read_existing(data: Path) -> ExistingRegistry:
    """The vendors, products and submissions under `data/vendors/` (none when it is absent)."""
    vendors_dir = data / "vendors"
    if not vendors_dir.is_dir():
        return ExistingRegistry()
    vendors: dict[str, str | None] = {}
    products: dict[tuple[str, str], str | None] = {}
    submissions: set[str] = set()
    for vendor in _scan(vendors_dir):
        if _kind(vendor)[0] != "dir":
            continue
        vendors[vendor.name] = _field(Path(vendor.path) / VENDOR_FILE, "name")
        for product in _scan(Path(vendor.path)):
            if _kind(product)[0] != "dir":
                continue
            versions = [
                v.name
                for v in _scan(Path(product.path))
                if _kind(v)[0] == "dir" and Version.is_folder_name(v.name)
            ]
            submissions.update(f"{vendor.name}/{product.name}/{v}" for v in versions)
            newest = max(versions, key=Version.parse, default=None)
            name = None
            if newest is not None:
                name = _field(Path(product.path) / newest / "PRODUCT.yaml", "name")
            products[(vendor.name, product.name)] = name
    return ExistingRegistry(vendors, products, frozenset(submissions))


def _field(path: Path, key: str) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    doc = load_yaml_file(path, FILE_LIMITS["PRODUCT.yaml"])
    value = doc.data.get(key) if doc.ok and isinstance(doc.data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None
