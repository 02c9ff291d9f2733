"""Finding submission folders under data/vendors/ and listing what each holds.

Nothing here follows a symbolic link: entries are listed with lstat, so a link is seen as a
link, never as what it points to.
"""

from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.loading.listing import Listing
from generator.model.registry import SubmissionKey
from generator.model.slugs import is_slug
from generator.model.versions import Version

VENDORS_DIR = "data/vendors"
REQUIRED_FILES = ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")
VENDOR_FILE = "VENDOR.yaml"


class Entry(NamedTuple):
    """One thing inside a submission folder, as lstat saw it (a tuple: a registry has tens of
    thousands, listed on every run)."""

    name: str
    kind: str  # file, dir, symlink, fifo, socket, device, other
    size: int
    links: int

    @property
    def is_file(self) -> bool:
        return self.kind == "file"


@dataclass
class SubmissionFolder:
    """A folder to check: a submission, or a stray path that breaks the layout; `location` is
    its absolute path (a string: a registry has thousands, found on every run)."""

    location: str
    rel: str
    key: SubmissionKey | None
    layout_problems: list[str] = field(default_factory=list)
    stray: bool = False
    listed: list[Entry] | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def path(self) -> Path:
        return Path(self.location)

    def entries(self) -> list[Entry]:
        """What the folder holds (nothing when it is not a folder), as lstat saw it when the
        submissions were found, or now when this folder was made by hand."""
        if self.listed is None:
            self.listed = [] if self.stray else list_entries(Listing(), self.location)
        return self.listed

    def file(self, name: str) -> str:
        """The repository path of a file of this submission, for messages."""
        return f"{self.rel}/{name}" if not self.stray else self.rel


def list_entries(listing: Listing, folder: str) -> list[Entry]:
    items = listing.children(folder)
    if items is None:
        return []
    # 10,000s of entries: names bound locally, and tuples made without Entry's own __new__
    kinds, mask, new = _KINDS, stat.S_IFMT, tuple.__new__
    return [
        new(Entry, (name, kinds.get(mask(info.st_mode), "other"), info.st_size, info.st_nlink))
        for name, info in items
    ]


# What lstat's file type is called in an Entry.
_KINDS = {
    stat.S_IFLNK: "symlink",
    stat.S_IFDIR: "dir",
    stat.S_IFREG: "file",
    stat.S_IFIFO: "fifo",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "device",
    stat.S_IFBLK: "device",
}


def key_for(rel_parts: tuple[str, ...]) -> tuple[SubmissionKey | None, list[str]]:
    """Parse `vendor/product/vX.Y` below data/vendors; say what is wrong with it."""
    problems = []
    if len(rel_parts) != 3:
        return None, [f"a submission lives in {VENDORS_DIR}/<vendor>/<product>/vX.Y/"]
    vendor, product, version = rel_parts
    for what, slug in (("vendor", vendor), ("product", product)):
        if not is_slug(slug):
            problems.append(
                f"the {what} folder {slug!r} is not a valid slug: use lower-case letters, digits "
                "and single hyphens, at most 63 characters (for example 'acme-cloud')"
            )
    parsed = None
    if Version.is_folder_name(version):
        parsed = Version.parse(version)
    else:
        problems.append(f"the version folder {version!r} must be named vX.Y, for example v1.35")
    if problems or parsed is None:
        return None, problems
    return SubmissionKey(vendor, product, parsed), []


def discover(
    root: Path, paths: list[Path] | None = None, listing: Listing | None = None
) -> list[SubmissionFolder]:
    """Every submission folder (and stray path) at or below the given paths, sorted, each with
    what it holds; read from `listing` where it has already been taken."""
    root = Path(os.path.abspath(root))  # noqa: PTH100 - relative roots work; links stay links
    vendors = root / VENDORS_DIR
    targets = paths or [vendors]
    found: dict[str, SubmissionFolder] = {}
    look = listing if listing is not None else Listing()
    for target in targets:
        for folder in _discover_one(root, vendors, target, look):
            found.setdefault(folder.rel, folder)
    return [found[rel] for rel in sorted(found)]


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _discover_one(
    root: Path, vendors: Path, target: Path, listing: Listing
) -> list[SubmissionFolder]:
    # abspath folds `..` without following links; resolve() would follow them.
    absolute = Path(os.path.abspath(target))  # noqa: PTH100
    try:
        parts = absolute.relative_to(vendors).parts
    except ValueError:
        # Outside data/vendors: a vendor checking a folder of their own before moving it in.
        rel = _rel(root, absolute)
        return [
            SubmissionFolder(
                os.fspath(absolute),
                rel,
                None,
                [
                    f"{rel} is not inside {VENDORS_DIR}/: move it to "
                    f"{VENDORS_DIR}/<vendor>/<product>/vX.Y/"
                ],
            )
        ]
    if len(parts) > 3:
        absolute = vendors.joinpath(*parts[:3])
        parts = parts[:3]
    # A path given through a linked vendor or product folder would be read through the link.
    top = root.as_posix().rstrip("/") + "/"
    for depth in range(1, len(parts)):
        above = os.fspath(vendors.joinpath(*parts[:depth]))
        info = listing.lstat(above)
        if info is not None and stat.S_ISLNK(info.st_mode):
            return [_stray(top, above, parts[:depth], info)]
    path = os.fspath(absolute)
    return _walk(listing, top, path, parts, listing.lstat(path))


def _walk(
    listing: Listing, top: str, path: str, parts: tuple[str, ...], info: os.stat_result | None
) -> list[SubmissionFolder]:
    """The submission folders and strays at or below `path` (absolute; `parts` below
    data/vendors), as `listing` holds them; `top` is the registry's path with a slash."""
    rel = _rel_below(top, path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        return [SubmissionFolder(path, rel, None, [f"{rel} is a symbolic link"], stray=True)]
    if len(parts) == 3:
        key, problems = key_for(parts)
        listed = list_entries(listing, path) if info is not None else []
        return [SubmissionFolder(path, rel, key, problems, listed=listed)]
    if info is None or not stat.S_ISDIR(info.st_mode):
        return []
    results: list[SubmissionFolder] = []
    for name, item in listing.children(path) or []:
        child = f"{path}/{name}"
        child_parts = (*parts, name)
        if stat.S_ISDIR(item.st_mode):
            results.extend(_walk(listing, top, child, child_parts, item))
        elif len(child_parts) == 2 and name == VENDOR_FILE and not stat.S_ISLNK(item.st_mode):
            continue
        else:
            results.append(_stray(top, child, child_parts, item))
    return results


def _rel_below(top: str, path: str) -> str:
    return path[len(top) :] if path.startswith(top) else path


def _stray(top: str, path: str, parts: tuple[str, ...], info: os.stat_result) -> SubmissionFolder:
    rel = _rel_below(top, path)
    if stat.S_ISLNK(info.st_mode):
        why = f"{rel} is a symbolic link; links are not allowed anywhere under {VENDORS_DIR}/"
    elif len(parts) == 1:
        why = f"{rel} is a file directly in {VENDORS_DIR}/; only vendor folders belong there"
    elif len(parts) == 2:
        why = f"{rel} does not belong in a vendor folder (only {VENDOR_FILE} and product folders)"
    else:
        why = f"{rel} is outside a version folder: put result files in <product>/vX.Y/"
    return SubmissionFolder(path, rel, None, [why], stray=True)
