"""Git blob ids of the registry's files, from the index, in one `git ls-files` call.

A tracked file whose working copy git finds unmodified has the content its blob id names, so the
id can stand for the content without reading the file. git compares file stats with the index
and, where they disagree, the content itself, so a modified file is never given its old id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.gitio.plain import GitError, run, work_tree

_REGULAR = ("100644", "100755")


@dataclass(frozen=True)
class IndexBlobs:
    """Blob ids of unmodified tracked regular files, by repository path; and every tracked
    path under the folders asked about, modified or not."""

    blobs: dict[str, str]
    tracked: frozenset[str]

    def tracked_under(self, folder: str) -> bool:
        prefix = folder.rstrip("/") + "/"
        return any(path.startswith(prefix) for path in self.tracked)


def index_blobs(root: Path, folders: tuple[str, ...]) -> IndexBlobs | None:
    """Blob ids under `folders` of the repository at `root`; None outside git or when git fails."""
    tree = work_tree(root)
    if tree is None:
        return None
    try:
        # -t tags each line: H for a cached file, C for one changed (or deleted) since.
        output = run(tree, "ls-files", "-z", "-t", "-s", "-m", "--", *folders)
    except GitError:
        return None
    listing = output.decode("utf-8", "surrogateescape")
    blobs: dict[str, str] = {}
    changed: set[str] = set()
    tracked: set[str] = set()
    for record in listing.split("\0"):
        meta, tab, path = record.partition("\t")
        parts = meta.split(" ")
        if not tab or len(parts) != 4:
            continue
        tag, mode, blob, stage = parts
        tracked.add(path)
        if tag == "C":
            changed.add(path)
        elif tag == "H" and mode in _REGULAR and stage == "0":
            blobs[path] = blob
    for path in changed:
        blobs.pop(path, None)
    return IndexBlobs(blobs, frozenset(tracked))
