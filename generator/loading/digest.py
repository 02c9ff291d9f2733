"""A submission's results, digested: what the checks and the site need from junit_01.xml and
e2e.log, and nothing more.

A JUnit report holds about 7,300 testcases, of which the checks look at the few hundred
conformance tests; the digest keeps those (with their worst outcome and line), the counts of
passed and failed specs, and what e2e.log says. It is computed from the files by
`digest_results`, and the parsed reports are dropped at once, so memory stays bounded by the
largest file rather than growing with the registry; a digest is small enough to cache on disk
(see `generator.loading.digestjson`).

Which tests are kept: every test whose name holds `[Conformance]`, every test e2e.log names, and
`extras`: the required tests of the submission's release whose names lack `[Conformance]`
(upstream has none, but a requirement list may).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.loading.e2elog import E2ELog, Summary, VersionLine, read_e2e_log
from generator.loading.junit import JUnitReport, read_junit
from generator.loading.problems import ReadProblem
from generator.model.tests import (
    Outcome,
    RequirementList,
    tally,
    test_identity,
)

CONFORMANCE = "[Conformance]"


class Tallied(NamedTuple):
    """One test's worst outcome, where, and whether reports disagreed (a tuple: light to make
    and to keep, as a digest holds hundreds)."""

    outcome: Outcome
    line: int
    conflicting: bool


@dataclass(frozen=True)
class JUnitDigest:
    """What the checks need of junit_01.xml; `problem` is set when it could not be read whole."""

    problem: ReadProblem | None = None
    tests: Mapping[str, Tallied] = field(default_factory=dict)  # conformance-relevant only
    spec_passed: int = 0  # testcases that passed, ginkgo's suite nodes left out
    spec_failed: int = 0  # ... that failed or errored

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class LogDigest:
    """What e2e.log says: versions, counts, the final summary and the tests it names."""

    problem: ReadProblem | None = None
    e2e_version: VersionLine | None = None
    apiserver_version: VersionLine | None = None
    ran: tuple[int, int, int] | None = None  # ran, of, line
    will_run: tuple[int, int, int] | None = None
    summary: Summary | None = None
    summaries: int = 0
    lines: int = 0
    passed_names: Mapping[str, int] = field(default_factory=dict)  # identity -> line
    failed_names: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def names_known(self) -> bool:
        """True when the log names its tests (verbose and ginkgo v1 logs), not succinct."""
        return bool(self.passed_names or self.failed_names)


@dataclass(frozen=True)
class ResultsDigest:
    """Both result files of a submission; None for a file that is missing or unusable."""

    junit: JUnitDigest | None
    log: LogDigest | None


class RequiredTests(NamedTuple):
    """The identities of the tests one requirement list requires."""

    order: tuple[str, ...]  # as the list orders them
    identities: frozenset[str]
    extras: frozenset[str]  # those whose names lack `[Conformance]`: a digest must keep them

    @classmethod
    def of(cls, listed: RequirementList | None) -> RequiredTests:
        order = tuple(r.identity for r in listed.required()) if listed is not None else ()
        extras = frozenset(i for i in order if CONFORMANCE not in i)
        return cls(order, frozenset(order), extras)


def digest_results(
    junit: Path | None, log: Path | None, extras: frozenset[str] = frozenset()
) -> ResultsDigest:
    """Read the files given (None: missing or unusable) and keep only their digest."""
    log_digest = digest_log(read_e2e_log(log)) if log is not None else None
    wanted = set(extras)
    if log_digest is not None:
        for names in (log_digest.passed_names, log_digest.failed_names):
            wanted.update(name for name in names if CONFORMANCE not in name)
    junit_digest = None
    if junit is not None:
        keep = _keeper(frozenset(wanted))
        junit_digest = digest_junit(read_junit(junit, keep=keep), keep)
    return ResultsDigest(junit_digest, log_digest)


def _keeper(wanted: frozenset[str]) -> Callable[[str], bool]:
    """Whether a digest keeps a testcase: a conformance test, or one `wanted`."""
    if not wanted:
        return lambda name: CONFORMANCE in name
    # "[Conformance]" has no whitespace, so it is in the identity iff it is in the name.
    return lambda name: CONFORMANCE in name or test_identity(name) in wanted


def digest_junit(report: JUnitReport, keep: Callable[[str], bool] | None = None) -> JUnitDigest:
    """The tests of a report that `keep` accepts (by default the conformance tests), tallied,
    and its spec counts. The report may list only those (see `read_junit`)."""
    if report.problem is not None:
        return JUnitDigest(problem=report.problem)
    keep = keep or _keeper(frozenset())
    kept = [result for result in report.results if keep(result.name)]
    tests = {
        name: Tallied(found.outcome, found.line, found.conflicting)
        for name, found in tally(kept).items()
    }
    return JUnitDigest(tests=tests, spec_passed=report.spec_passed, spec_failed=report.spec_failed)


def digest_log(log: E2ELog) -> LogDigest:
    return LogDigest(
        problem=log.problem,
        e2e_version=log.e2e_version,
        apiserver_version=log.apiserver_version,
        ran=log.ran,
        will_run=log.will_run,
        summary=log.summary,
        summaries=log.summaries,
        lines=log.lines,
        passed_names=dict(log.passed_names),
        failed_names=dict(log.failed_names),
    )
