"""What a rule sees of one submission: its folder, files parsed on first use, and the registry."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.loading.e2elog import E2ELog
from generator.loading.evidence import EvidenceIndex
from generator.loading.files import SubmissionFiles
from generator.loading.junit import JUnitReport
from generator.loading.submission import Entry
from generator.loading.vendors import VendorBook, VendorRecord
from generator.loading.yamlfile import YamlDocument
from generator.model.program import Program
from generator.model.registry import SubmissionKey
from generator.model.tests import RequirementList, Tally, tally
from generator.model.versions import Version


@dataclass(frozen=True)
class Environment:
    """What is the same for every submission of one run."""

    root: Path
    program: Program
    requirements: Mapping[Version, RequirementList]
    vendors: VendorBook
    review_date: dt.date
    certified: Mapping[SubmissionKey, dt.date]  # certification dates of merged submissions
    evidence: EvidenceIndex | None = None
    online: bool = False


class SubmissionContext:
    """A submission's folder and files, and the run's environment."""

    def __init__(self, files: SubmissionFiles, env: Environment) -> None:
        self.files = files
        self.folder = files.folder
        self.env = env

    @property
    def key(self) -> SubmissionKey | None:
        return self.folder.key

    @property
    def entries(self) -> dict[str, Entry]:
        return self.files.entries

    @property
    def product(self) -> YamlDocument | None:
        return self.files.product

    @property
    def readme(self) -> str | None:
        return self.files.readme

    @property
    def junit(self) -> JUnitReport | None:
        return self.files.junit

    @property
    def log(self) -> E2ELog | None:
        return self.files.log

    @property
    def merged(self) -> bool:
        return self.folder.key is not None and self.folder.key in self.env.certified

    @property
    def judged_on(self) -> dt.date:
        """A merged submission is judged as of its certification date, a new one as of review."""
        if self.folder.key is not None and self.folder.key in self.env.certified:
            return self.env.certified[self.folder.key]
        return self.env.review_date

    @functools.cached_property
    def vendor(self) -> VendorRecord | None:
        if self.folder.key is None:
            return None
        return self.env.vendors.get(self.folder.key.vendor)

    @functools.cached_property
    def tally(self) -> dict[str, Tally]:
        """Each test of junit_01.xml by identity, with its worst outcome (empty if unreadable)."""
        report = self.junit
        if report is None or report.problem is not None:
            return {}
        return tally(report.results)

    @functools.cached_property
    def requirement_list(self) -> RequirementList | None:
        if self.folder.key is None:
            return None
        return self.env.requirements.get(self.folder.key.version)
