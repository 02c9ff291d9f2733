"""The files of one submission, each read on first use and kept until `release`.

The result files are never kept parsed: what the checks and the site need of them is a
`ResultsDigest`, from the run's `ResultStore` (cache, then files) or, without one, straight from
the files. `release` drops everything read, so that a run over the whole registry holds one
submission's files at a time.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.loading.digest import ResultsDigest, digest_results
from generator.loading.evidence import blob_id
from generator.loading.limits import FILE_LIMITS
from generator.loading.store import DigestRequest, ResultStore
from generator.loading.submission import Entry, SubmissionFolder
from generator.loading.yamlfile import YamlDocument, load_yaml_file, read_text

JUNIT = "junit_01.xml"
LOG = "e2e.log"
_READ = ("entries", "product", "readme")


class SubmissionFiles:
    def __init__(self, folder: SubmissionFolder, store: ResultStore | None = None) -> None:
        self.folder = folder
        self.store = store
        self._results: tuple[frozenset[str], ResultsDigest] | None = None

    @functools.cached_property
    def entries(self) -> dict[str, Entry]:
        return {entry.name: entry for entry in self.folder.entries()}

    def usable(self, name: str) -> bool:
        """True when the file is a regular, unshared, non-empty file within its size limit."""
        entry = self.entries.get(name)
        limit = FILE_LIMITS.get(name, 0)
        return entry is not None and entry.is_file and entry.links == 1 and 0 < entry.size <= limit

    def path(self, name: str) -> Path:
        return self.folder.path / name

    def rel(self, name: str) -> str:
        return f"{self.folder.rel}/{name}"

    @functools.cached_property
    def product(self) -> YamlDocument | None:
        if not self.usable("PRODUCT.yaml"):
            return None
        return load_yaml_file(self.path("PRODUCT.yaml"), FILE_LIMITS["PRODUCT.yaml"])

    @functools.cached_property
    def readme(self) -> str | None:
        if not self.usable("README.md"):
            return None
        text, _problem = read_text(self.path("README.md"), FILE_LIMITS["README.md"])
        return text

    def request(self, extras: frozenset[str] = frozenset()) -> DigestRequest:
        """What to digest: the usable result files, and the extra tests to keep."""
        return DigestRequest(
            self.rel(JUNIT) if self.usable(JUNIT) else None,
            self.rel(LOG) if self.usable(LOG) else None,
            extras,
        )

    def results(self, extras: frozenset[str] = frozenset()) -> ResultsDigest:
        """The digest of junit_01.xml and e2e.log, keeping `extras` besides conformance tests."""
        if self._results is not None and self._results[0] == extras:
            return self._results[1]
        request = self.request(extras)
        if self.store is not None:
            digest = self.store.digest(request)
        else:
            digest = digest_results(
                self.path(JUNIT) if request.junit else None,
                self.path(LOG) if request.log else None,
                extras,
            )
        self.keep(digest, extras)
        return digest

    def keep(self, digest: ResultsDigest, extras: frozenset[str]) -> None:
        """Hold a digest read ahead of use (see `ResultStore.stream`)."""
        self._results = (extras, digest)

    def blob_id(self, name: str) -> str:
        """The git blob id of a file: from the index when git knows it, else by reading it."""
        known = self.store.keys.blob(self.rel(name)) if self.store is not None else None
        return known or blob_id(self.path(name))

    def holding(self) -> list[str]:
        """What is held in memory of this submission's files."""
        held = [name for name in _READ if name in self.__dict__]
        return [*held, "results"] if self._results is not None else held

    def release(self) -> None:
        """Forget everything read, keeping only the folder."""
        self._results = None
        for name in _READ:
            self.__dict__.pop(name, None)
