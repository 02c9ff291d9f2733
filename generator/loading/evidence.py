"""Which submissions hold the same junit_01.xml, byte for byte.

Results copied from another submission are a way to fake a certification. Identity is the git
blob id, so that inside a repository the index answers at once for thousands of submissions;
outside one, files are hashed the same way, up to a bound.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from generator.gitio.blobs import IndexBlobs, index_blobs
from generator.loading.submission import VENDORS_DIR

REPORT = "junit_01.xml"
#: Outside git, at most this many reports are hashed to look for copies.
HASH_LIMIT = 500


def blob_id(path: Path) -> str:
    """The git blob id of a file's content (sha1 of `blob <size>\\0<content>`)."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class EvidenceIndex:
    """Maps a report's blob id to the submission folders holding that same report."""

    def __init__(
        self, root: Path, folders: Iterable[str], listed: IndexBlobs | None = None
    ) -> None:
        """`listed`: what git's index holds under data/vendors (or a folder above it), when the
        run asked already; else git is asked on first use."""
        self.root = root
        self.folders = sorted(folders)
        self.listed = listed

    @functools.cached_property
    def _index(self) -> dict[str, list[str]] | None:
        listed = self.listed or index_blobs(self.root, (VENDORS_DIR,))
        if listed is not None:
            index: dict[str, list[str]] = {}
            prefix = VENDORS_DIR + "/"
            for repo_path, blob in listed.blobs.items():
                if repo_path.startswith(prefix) and repo_path.endswith("/" + REPORT):
                    index.setdefault(blob, []).append(repo_path.rsplit("/", 1)[0])
            return index
        if len(self.folders) > HASH_LIMIT:
            return None
        index = {}
        for rel in self.folders:
            path = self.root / rel / REPORT
            if path.is_file() and not path.is_symlink():
                index.setdefault(blob_id(path), []).append(rel)
        return index

    @property
    def available(self) -> bool:
        return self._index is not None

    def holders(self, blob: str) -> list[str]:
        return sorted(self._index.get(blob, [])) if self._index else []
