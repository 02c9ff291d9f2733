"""What a rule sees of one submission: its folder, files read on first use, the digest of its
results, and the registry."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.loading.digest import (
    JUnitDigest,
    LogDigest,
    RequiredTests,
    ResultsDigest,
    Tallied,
)
from generator.loading.evidence import EvidenceIndex
from generator.loading.files import SubmissionFiles
from generator.loading.submission import Entry
from generator.loading.vendors import VendorBook, VendorRecord
from generator.loading.yamlfile import YamlDocument
from generator.model.program import Program
from generator.model.registry import SubmissionKey
from generator.model.tests import RequirementList
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
    _required: dict[Version, RequiredTests] = field(default_factory=dict, compare=False, repr=False)

    def required_tests(self, version: Version) -> RequiredTests:
        """The tests required for `version` (none without a list), worked out once per run
        rather than once per submission."""
        found = self._required.get(version)
        if found is None:
            found = RequiredTests.of(self.requirements.get(version))
            self._required[version] = found
        return found


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

    @functools.cached_property
    def results(self) -> ResultsDigest:
        """What the checks need of junit_01.xml and e2e.log."""
        return self.files.results(self.required_tests.extras)

    @property
    def junit(self) -> JUnitDigest | None:
        return self.results.junit

    @property
    def log(self) -> LogDigest | None:
        return self.results.log

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
        """The vendor's record. A cached verdict is reused while `policy.policy_inputs` is the
        same: a check that reads more of the record must add it there."""
        if self.folder.key is None:
            return None
        return self.env.vendors.get(self.folder.key.vendor)

    @property
    def tally(self) -> Mapping[str, Tallied]:
        """Each conformance test of junit_01.xml (and each required or named in e2e.log) by
        identity, with its worst outcome (empty if unreadable)."""
        report = self.junit
        if report is None or report.problem is not None:
            return {}
        return report.tests

    @functools.cached_property
    def required_tests(self) -> RequiredTests:
        """The tests required for this submission's version (none without a list)."""
        if self.folder.key is None:
            return RequiredTests.of(None)
        return self.env.required_tests(self.folder.key.version)

    @property
    def required_order(self) -> tuple[str, ...]:
        """The identities of the tests required for this submission's version, in order."""
        return self.required_tests.order

    @property
    def required(self) -> frozenset[str]:
        """The identities of the tests required for this submission's version."""
        return self.required_tests.identities

    @functools.cached_property
    def requirement_list(self) -> RequirementList | None:
        if self.folder.key is None:
            return None
        return self.env.requirements.get(self.folder.key.version)
