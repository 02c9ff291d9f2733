"""Names for the content of files: the git blob id where git knows it, else a sha256.

Inside a git repository the index already names every committed, unmodified file by content, so
nothing is read; a new or modified file, or any file outside git, is hashed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.gitio.blobs import IndexBlobs, index_blobs
from generator.loading.cache import CACHE_DIR

_BLOCK = 1 << 20


class FileKeys:
    def __init__(self, root: Path, index: IndexBlobs | None) -> None:
        self.root = root
        self.index = index

    @classmethod
    def of(cls, root: Path, folders: tuple[str, ...]) -> FileKeys:
        """Keys for files under `folders` (repository paths) and a look at the cache folder."""
        return cls(root, index_blobs(root, (*folders, CACHE_DIR.split("/")[0])))

    @property
    def cache_committed(self) -> bool:
        """True when files of the cache folder are committed: then they may be forged."""
        return self.index is not None and self.index.tracked_under(CACHE_DIR.split("/")[0])

    def blob(self, rel: str) -> str | None:
        """The git blob id of a committed, unmodified file; None when git cannot tell."""
        return self.index.blobs.get(rel) if self.index is not None else None

    def known(self, rel: str) -> str | None:
        """The key of a file when it costs nothing to tell, else None."""
        blob = self.blob(rel)
        return f"git:{blob}" if blob is not None else None

    def key(self, rel: str) -> str:
        return self.known(rel) or f"sha256:{sha256_of(self.root / rel)}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
