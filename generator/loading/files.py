"""The files of one submission, each read on first use and kept for the rest of the run."""

from __future__ import annotations

import functools
from pathlib import Path

from generator.loading.e2elog import E2ELog, read_e2e_log
from generator.loading.junit import JUnitReport, read_junit
from generator.loading.limits import FILE_LIMITS
from generator.loading.submission import Entry, SubmissionFolder
from generator.loading.yamlfile import YamlDocument, load_yaml_file, read_text


class SubmissionFiles:
    def __init__(self, folder: SubmissionFolder) -> None:
        self.folder = folder

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

    @functools.cached_property
    def junit(self) -> JUnitReport | None:
        return read_junit(self.path("junit_01.xml")) if self.usable("junit_01.xml") else None

    @functools.cached_property
    def log(self) -> E2ELog | None:
        return read_e2e_log(self.path("e2e.log")) if self.usable("e2e.log") else None
