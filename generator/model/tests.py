"""Conformance tests: the requirement lists and the results a vendor submits."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import NamedTuple

from generator.model.versions import Version

_IT_PREFIX = re.compile(r"^\[It\]\s+")
_SPACE = re.compile(r"\s+")


def test_identity(name: str) -> str:
    """The name by which a result is matched to a requirement's `codename`.

    Ginkgo v2 reports prefix `[It] `; whitespace varies with YAML folding.
    """
    return _SPACE.sub(" ", _IT_PREFIX.sub("", name.strip())).strip()


@dataclass(frozen=True)
class Requirement:
    testname: str
    codename: str
    releases: tuple[Version, ...]
    line: int | None = None

    @property
    def introduced(self) -> Version:
        return min(self.releases)

    @property
    def identity(self) -> str:
        return test_identity(self.codename)


@dataclass(frozen=True)
class RequirementList:
    """The official list for one release; holds every test ever added up to it."""

    version: Version
    file: str
    requirements: tuple[Requirement, ...]

    def required(self) -> tuple[Requirement, ...]:
        """Tests required for this version: one of their release versions is at or below it."""
        return tuple(r for r in self.requirements if r.introduced <= self.version)


class Outcome(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    ERRORED = "errored"
    SKIPPED = "skipped"

    @property
    def rank(self) -> int:
        return {"passed": 0, "skipped": 1, "failed": 2, "errored": 3}[self.value]


class TestResult(NamedTuple):
    """One testcase of a JUnit report (a tuple: reports hold thousands)."""

    name: str
    outcome: Outcome
    line: int

    @property
    def identity(self) -> str:
        return test_identity(self.name)
