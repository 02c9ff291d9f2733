"""Conformance tests: the requirement lists and the results a vendor submits."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple

from generator.model.versions import Version


def test_identity(name: str) -> str:
    """The name by which a result is matched to a requirement's `codename`.

    Ginkgo v2 reports prefix `[It] `; whitespace varies with YAML folding. Called for every
    testcase of every report, so it uses only str methods.
    """
    folded = " ".join(name.split())
    return folded[5:] if folded.startswith("[It] ") else folded


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


@dataclass(frozen=True)
class Tally:
    """Per test identity: the worst outcome reported, where, and whether reports disagreed."""

    outcome: Outcome
    line: int
    conflicting: bool


def tally(results: list[TestResult]) -> dict[str, Tally]:
    """Results by identity; a test listed more than once keeps its worst outcome."""
    found: dict[str, Tally] = {}
    for result in results:
        identity = test_identity(result.name)
        seen = found.get(identity)
        if seen is None:
            found[identity] = Tally(result.outcome, result.line, conflicting=False)
            continue
        conflicting = seen.conflicting or seen.outcome is not result.outcome
        if result.outcome.rank > seen.outcome.rank:
            found[identity] = Tally(result.outcome, result.line, conflicting)
        elif conflicting != seen.conflicting:
            found[identity] = Tally(seen.outcome, seen.line, conflicting)
    return found
