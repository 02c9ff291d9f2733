"""Git blob ids of the registry's files, from the index, in one `git ls-files` call.

A tracked file whose working copy git finds unmodified has the content its blob id names, so the
id can stand for the content without reading the file. git compares file stats with the index
and, where they disagree, the content itself, so a modified file is never given its old id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from generator.gitio.plain import GitError, run, work_tree

_REGULAR = ("100644", "100755")
# `git ls-files -z -t -s` lines: TAG MODE BLOB STAGE<tab>PATH<nul>
_RECORD = re.compile(r"(\S+) ([0-7]+) ([0-9a-f]+) ([0-3])\t([^\0]*)\0")


@dataclass(frozen=True)
class IndexBlobs:
    """Blob ids of unmodified tracked regular files, by repository path; and every tracked
    path under the folders asked about, modified or not."""

    blobs: dict[str, str]
    tracked: frozenset[str]

    def tracked_under(self, folder: str) -> bool:
        prefix = folder.rstrip("/") + "/"
        # Asked of 10,000s of paths on every build: the loop runs in C.
        return any(map(str.startswith, self.tracked, repeat(prefix)))


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
    records = _RECORD.findall(listing)  # one pass in C: a registry's index has 10,000s of lines
    tracked = {path for _tag, _mode, _blob, _stage, path in records}
    changed = {path for tag, _mode, _blob, _stage, path in records if tag == "C"}
    blobs = {
        path: blob
        for tag, mode, blob, stage, path in records
        if tag == "H" and mode in _REGULAR and stage == "0" and path not in changed
    }
    return IndexBlobs(blobs, frozenset(tracked))
